"""Input that used to be lost silently (issue 11 section 7): symlinked folders (with loops), FIFOs and
other non-regular files, Markdown, hard-wrapped text, closed stdin."""
from __future__ import annotations

import os
import re
import textwrap
import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.paragraphs import prose_text
from kg.inputs import Source, collect, read

ARTICLE = "Quorra Holdings lent $5 million to Vexel Capital.\n"


def make_tree(root, depth: int, links: list[tuple[str, str]]):
    """Folders a/b/c... each with one article, plus symlinks (name, target relative to root)."""
    here = root
    for d in range(depth):
        here = here / f"d{d}"
        here.mkdir()
        (here / f"art{d}.txt").write_text(ARTICLE.replace("5", str(d + 1)))
    for name, target in links:
        os.symlink(root / target, root / name)


@pytest.mark.parametrize("depth", [1, 3])
@pytest.mark.parametrize("link_to", ["outside", "ancestor", "self", "sibling"])
def test_symlinked_folders_are_followed_once_and_loops_get_one_line(tmp_path, depth, link_to):
    root = tmp_path / "in"
    root.mkdir()
    make_tree(root, depth, [])
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "linked.md").write_text(ARTICLE)
    inner = root.joinpath(*[f"d{d}" for d in range(depth)])
    target = {"outside": outside, "ancestor": root, "self": inner, "sibling": root / "d0"}[link_to]
    os.symlink(target, inner / "link")
    got = collect([str(root)])
    names = sorted(os.path.basename(s.path) for s in got.sources)
    expected = sorted([f"art{d}.txt" for d in range(depth)] + (["linked.md"] if link_to == "outside" else []))
    assert names == expected
    if link_to == "outside":
        assert got.failures == []
    else:
        assert len(got.failures) == 1 and "loop" in got.failures[0][1]


@pytest.mark.parametrize("where", ["folder", "argument"])
def test_a_fifo_never_blocks_and_gets_one_line(tmp_path, where):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE)
    fifo = folder / "trap.txt"
    os.mkfifo(fifo)
    done = []
    t = threading.Thread(target=lambda: done.append(collect([str(folder)] if where == "folder" else [str(fifo), str(folder / "good.txt")])))
    t.start()
    t.join(timeout=10)
    assert done, "collect blocked on a FIFO"
    got = done[0]
    assert [os.path.basename(s.path) for s in got.sources] == ["good.txt"]
    assert [(os.path.basename(p), "FIFO" in why) for p, why in got.failures] == [("trap.txt", True)]


def test_a_file_swapped_for_a_fifo_after_collection_is_refused_without_blocking(tmp_path):
    from kg.errors import InputError

    f = tmp_path / "a.txt"
    os.mkfifo(f)
    start = time.monotonic()
    with pytest.raises(InputError, match="FIFO"):
        read(Source(str(f)))
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("closed", ["none", "closed file"])
def test_closed_stdin_is_one_line_not_a_crash(monkeypatch, closed):
    import io
    import sys

    from kg.inputs import read_all

    stream = None
    if closed == "closed file":
        stream = io.TextIOWrapper(io.BytesIO(b"x"))
        stream.close()
    monkeypatch.setattr(sys, "stdin", stream)
    got = collect(["-"])
    ((_, article, _, reason),) = list(read_all(got.sources))
    assert article is None and "closed" in reason


# -- the text the pipeline reads ------------------------------------------------------------------

MD_PIECES = st.sampled_from([
    "[Bolt Trading](https://example.com/bolt)", "**$5 million**", "*Vexel Capital*", "`code`", "&amp;", "<https://x.y>",
    "![logo](https://img/x.png)", "[ref][1]", "\n", "\n\n", "# ", "- ", "> ", "plain words ", ", ", ". ", "\\*", "_x_",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(MD_PIECES, max_size=25).map("".join))
def test_markdown_prose_keeps_length_and_every_kept_character_in_place(text):
    out = prose_text(text, markdown=True)
    assert len(out) == len(text)
    assert all(o == t or o == " " or (t == "\n" and o == " ") for o, t in zip(out, text))
    assert "](" not in out and "https://example.com" not in out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh ", min_size=3, max_size=12).map(str.strip).filter(bool), min_size=8, max_size=60),
       st.integers(20, 70))
def test_a_hard_wrapped_paragraph_reads_as_the_unwrapped_one(words, width):
    para = " ".join(words) + "."
    wrapped = textwrap.fill(para, width)
    out = prose_text("Headline\n\n" + wrapped)
    assert len(out) == len("Headline\n\n" + wrapped)
    assert re.sub(r"\s+", " ", out[10:]) == re.sub(r"\s+", " ", para)
    assert "\n" not in out[10:] and out.startswith("Headline\n\n")


@pytest.mark.model
@pytest.mark.parametrize("width", [30, 40, 60])
@pytest.mark.slow
def test_wrapped_corpus_articles_give_the_same_relations(nlp, width):
    from kg.extract import extract_articles
    from kg.model import Article
    from tests.conftest import CORPUS

    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        text = path.read_text()
        wrapped = "\n\n".join(textwrap.fill(p, width) for p in text.split("\n\n"))
        plain, wrap = (next(extract_articles([Article.from_text(t, str(path))], nlp)) for t in (text, wrapped))
        assert {r.key for r in wrap.relations} == {r.key for r in plain.relations}, path.name
        for r in wrap.relations:
            assert all(wrapped[e.start : e.end] == e.sentence for e in r.evidence)


@pytest.mark.model
@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_markdown_links_and_emphasis_give_clean_names_and_relations(nlp, suffix, tmp_path, fresh_db):
    from kg.ingest import ingest_paths

    f = tmp_path / f"a{suffix}"
    f.write_text("# Deal\n\n[Bolt Trading](https://example.com/bolt) lent **$5 million** to *Vexel Capital*.\n"
                 "[Quorra Holdings](https://q.example) owns [Bolt\nTrading](https://example.com/bolt).\n")
    ingest_paths(fresh_db, [str(f)], nlp)
    names = sorted(e.name for e in fresh_db.entities())
    assert names == ["Bolt Trading", "Quorra Holdings", "Vexel Capital"]
    rels = {(r.source, r.type, r.target) for r in fresh_db.relations()}
    assert ("organization:bolt-trading", "LENT_TO", "organization:vexel-capital") in rels
    assert ("organization:quorra-holdings", "OWNS", "organization:bolt-trading") in rels
    text = f.read_text()
    assert all(text[e.start : e.end] == e.sentence for r in fresh_db.relations() for e in r.evidence)
