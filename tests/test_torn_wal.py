"""A writer killed while committing leaves the write-ahead log ending in a torn record. The store must still
open, for readers and writers, holding every transaction committed before the tear, each whole, and never
the torn one (it did not commit)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store.embedded import EmbeddedStore
from tests.conftest import ROOT
from tests.test_judgements import graphs

WRITE_AND_DIE = """
import os, sys
from kg.store.embedded import EmbeddedStore
from tests.test_judgements import graphs
store = EmbeddedStore(sys.argv[1])
for g in graphs():
    store.write_article(g)   # one transaction an article
os._exit(0)                  # no checkpoint: both commits stay in the write-ahead log
"""


@pytest.fixture(scope="module")
def unfinished(tmp_path_factory) -> Path:
    """A store whose two committed articles are still only in the write-ahead log."""
    folder = tmp_path_factory.mktemp("wal") / "store"
    subprocess.run([sys.executable, "-c", WRITE_AND_DIE, str(folder)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (folder / "graph.lbug.wal").stat().st_size > 0
    return folder


def stored(folder: Path, read_only: bool) -> list[str]:
    with EmbeddedStore(folder, read_only=read_only) as s:
        return sorted(a.path for a in s.articles())


def relations_of(folder: Path) -> set[tuple]:
    with EmbeddedStore(folder, read_only=True) as s:
        return {(r.source, r.type, r.target, c.article) for r in s.relations() for c in r.evidence}


@pytest.mark.parametrize("cut", [1, 3, 17, 100, 400, 2000])
@pytest.mark.parametrize("read_only", [True, False])
def test_a_torn_log_keeps_the_transactions_committed_before_the_tear(unfinished, tmp_path, cut, read_only):
    folder = tmp_path / "store"
    shutil.copytree(unfinished, folder)
    wal = folder / "graph.lbug.wal"
    with open(wal, "r+b") as f:
        f.truncate(max(0, wal.stat().st_size - cut))
    got = stored(folder, read_only)
    assert got in ([], ["one.txt"], ["one.txt", "two.txt"])  # a prefix, in commit order
    whole = {g.article.id: {(r.source, r.type, r.target, g.article.id) for r in g.relations} for g in graphs()}
    kept = relations_of(folder)
    for g in graphs():  # every stored article whole, nothing of an article that was not stored
        part = {x for x in kept if x[3] == g.article.id}
        assert part == (whole[g.article.id] if g.article.path in got else set())
    # the store takes writes again, and what the tear dropped can be written anew
    with EmbeddedStore(folder) as s:
        for g in graphs():
            if not s.has_article(g.article.sha256):
                s.write_article(g)
    assert stored(folder, True) == ["one.txt", "two.txt"]
    assert not (folder / "graph.lbug.wal").exists() or (folder / "graph.lbug.wal").stat().st_size == 0


def test_an_intact_log_replays_whole(unfinished, tmp_path):
    folder = tmp_path / "store"
    shutil.copytree(unfinished, folder)
    assert stored(folder, True) == ["one.txt", "two.txt"]
