"""Output files (kg/outfile.py) and every command that writes one: kg view --out, kg export --output and the
query commands' --html. Regular files are replaced whole through a random exclusive temporary file; FIFOs
and character devices are written in place, never replaced; folders and missing parents get one line."""
from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import OutputError
from kg.outfile import write_output
from kg.store.embedded import EmbeddedStore

runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    from tests.test_store_contract import graph_one

    folder = tmp_path / "store"
    with EmbeddedStore(folder) as s:
        s.write_article(graph_one())
    return folder


# Every command that writes a file, as (arguments before the path).
WRITERS = [
    ("view", "--out"),
    ("view", "Quillon", "--out"),
    ("export", "--output"),
    ("export", "--format", "graphml", "--output"),
    ("export", "--format", "csv", "--output"),
    ("trace", "funds", "--from", "Quillon", "--html"),
    ("trace", "control", "Brask", "--html"),
    ("related-party", "--html"),
]


def run(store, *args):
    return runner.invoke(app, ["--store", str(store), *map(str, args)], catch_exceptions=False)


def one_line(r) -> str:
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: "), r.stderr
    return lines[0]


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: " ".join(w))
def test_a_planted_symlink_is_never_followed_and_the_file_lands_whole(store, tmp_path, writer):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out.file"
    for planted in (out.with_name(out.name + ".tmp"), tmp_path / ".out.file.tmp"):
        planted.symlink_to(victim)
    r = run(store, *writer, out)
    assert r.exit_code == 0, r.output
    assert victim.read_text() == "precious"
    assert out.is_file() and not out.is_symlink() and out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()) == []


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: " ".join(w))
def test_a_folder_or_a_parent_that_cannot_be_made_gets_one_line_and_exit_11(store, tmp_path, writer):
    (tmp_path / "plain.txt").write_text("x")
    for target, needle in ((tmp_path, "is a folder"), (tmp_path / "plain.txt" / "sub" / "x.out", "plain.txt is not a folder")):
        r = run(store, *writer, target)
        assert r.exit_code == 11, r.output
        assert needle in one_line(r)
    r = run(store, *writer, tmp_path / "new" / "deeper" / "x.out")  # a missing parent is made
    assert r.exit_code == 0 and (tmp_path / "new" / "deeper" / "x.out").stat().st_size > 0, r.output


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: " ".join(w))
def test_dev_null_is_written_in_place_and_stays_a_device(store, writer):
    before = os.stat("/dev/null")
    r = run(store, *writer, "/dev/null")
    assert r.exit_code == 0, r.output
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


@pytest.mark.parametrize("writer", WRITERS[:3], ids=lambda w: " ".join(w))
def test_a_fifo_is_written_in_place_and_stays_a_fifo(store, tmp_path, writer):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(Path(fifo).read_bytes()))
    reader.start()
    r = run(store, *writer, fifo)
    reader.join(timeout=30)
    assert r.exit_code == 0, r.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and len(got[0]) > 100


def test_a_symlink_to_a_file_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    write_output(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


@settings(max_examples=60, deadline=None)
@given(
    name=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"], exclude_characters="/\\"), min_size=1, max_size=30)
    .filter(lambda n: n not in (".", "..") and len(n.encode()) < 200),
    text=st.text(max_size=200),
    existed=st.booleans(),
)
def test_regular_files_of_any_name_are_replaced_whole_and_nothing_is_left_beside(tmp_path_factory, name, text, existed):
    folder = tmp_path_factory.mktemp("out")
    target = folder / name
    if existed:
        target.write_text("previous contents")
        os.chmod(target, 0o640)
    write_output(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    assert [p.name for p in folder.iterdir()] == [name]
    if existed:
        assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_socket_is_refused(tmp_path):
    import socket

    path = tmp_path / "s.sock"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    try:
        with pytest.raises(OutputError, match="not a regular file"):
            write_output(path, "x")
    finally:
        s.close()
