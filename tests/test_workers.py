"""Extraction in forked child processes (kg ingest's local path): input order whatever finishes first,
errors and dead children surfaced in the parent, children gone when the caller stops early."""
from __future__ import annotations

import os
import time

import pytest

import kg.extract
from kg.extract.workers import extract_in_children
from kg.errors import KgError
from kg.model import Article, ArticleGraph, Entity

from tests.conftest import CORPUS


def articles(n: int) -> list[Article]:
    return [Article.from_text(f"Story {i}. " + "word " * (i % 7 + 1), f"s/{i:03d}.txt") for i in range(n)]


def fake_extract(batch, nlp, batch_size=16, catch=False):
    """Stands in for the pipeline (``kg.extract.extract_pieces``): later batches finish first, and each
    piece's graph names its process."""
    time.sleep(0.01 * (5 - int(batch[0].article.path[2:5]) % 5))
    return [(p, ArticleGraph(article=p.article, entities=[Entity(id=f"x:{p.article.id}:{p.offset}", name=str(os.getpid()), type="Organization")]))
            for p in batch]


@pytest.mark.parametrize("n, n_process, batch_size", [(0, 1, 4), (1, 1, 4), (9, 1, 2), (23, 2, 3), (40, 3, 1)])
def test_graphs_come_back_in_input_order(monkeypatch, n, n_process, batch_size):
    monkeypatch.setattr(kg.extract, "extract_pieces", fake_extract)
    arts = articles(n)
    graphs = list(extract_in_children(arts, nlp=None, n_process=n_process, batch_size=batch_size))
    assert [g.article for g in graphs] == arts  # the caller's own articles, text and all
    pids = {g.entities[0].name for g in graphs}
    assert str(os.getpid()) not in pids and len(pids) <= n_process  # extracted elsewhere


def test_an_error_in_a_child_is_raised_in_the_parent(monkeypatch):
    def broken(batch, nlp, batch_size=16, catch=False):
        if any(p.article.path == "s/005.txt" for p in batch):
            raise ValueError("cannot parse s/005.txt")
        return fake_extract(batch, nlp)

    monkeypatch.setattr(kg.extract, "extract_pieces", broken)
    with pytest.raises(ValueError, match="s/005.txt"):
        list(extract_in_children(articles(12), nlp=None, batch_size=2))


@pytest.mark.parametrize("bad", [["s/000.txt"], ["s/005.txt"], ["s/004.txt", "s/005.txt", "s/011.txt"]])
def test_an_article_whose_extraction_fails_fails_alone(monkeypatch, bad):
    """extract_pieces hands back a failing piece with its exception; the parent reports its article by
    name and leaves it out, and every other article still comes through, in order."""
    def some_fail(batch, nlp, batch_size=16, catch=False):
        assert catch
        return [(p, ValueError(f"cannot parse {p.article.path}")) if p.article.path in bad else fake_extract([p], nlp)[0] for p in batch]

    monkeypatch.setattr(kg.extract, "extract_pieces", some_fail)
    failed = []
    got = list(extract_in_children(articles(12), nlp=None, batch_size=3, n_process=2, on_error=lambda a, why: failed.append((a.path, why))))
    assert [g.article.path for g in got] == [a.path for a in articles(12) if a.path not in bad]
    assert [p for p, _ in failed] == bad and all("ValueError: cannot parse" in why for _, why in failed)
    with pytest.raises(KgError, match=bad[0]):
        list(extract_in_children(articles(12), nlp=None, batch_size=3))


def test_a_child_that_dies_is_an_error_not_a_hang(monkeypatch):
    def dies(batch, nlp, batch_size=16, catch=False):
        os._exit(9)

    monkeypatch.setattr(kg.extract, "extract_pieces", dies)
    with pytest.raises(KgError, match="died while extracting"):
        list(extract_in_children(articles(3), nlp=None))


def test_stopping_early_stops_the_children(monkeypatch):
    import multiprocessing

    monkeypatch.setattr(kg.extract, "extract_pieces", fake_extract)
    gen = extract_in_children(articles(50), nlp=None, n_process=2, batch_size=1)
    next(gen)
    assert len(multiprocessing.active_children()) == 2
    gen.close()
    assert multiprocessing.active_children() == []


@pytest.mark.slow
@pytest.mark.model
def test_children_extract_exactly_what_the_process_itself_does(nlp):
    from kg.extract import extract_articles

    arts = [Article.from_text(p.read_text(encoding="utf-8"), str(p)) for p in sorted(CORPUS.glob("*.txt"))]
    assert list(extract_in_children(arts, nlp, n_process=2, batch_size=3)) == list(extract_articles(arts, nlp))


def test_the_pieces_of_one_long_article_are_shared_among_the_children_and_put_back_in_order(monkeypatch):
    from kg.extract import CHUNK_CHARS

    monkeypatch.setattr(kg.extract, "extract_pieces", fake_extract)
    paragraph = "s/000 " + "word " * 2000 + "\n\n"
    long = Article.from_text(paragraph * (3 * CHUNK_CHARS // len(paragraph) + 1), "s/000.txt")
    arts = [long, *articles(5)[1:]]
    graphs = list(extract_in_children(arts, nlp=None, n_process=2, batch_size=1))
    assert [g.article for g in graphs] == arts
    offsets = [int(e.id.rsplit(":", 1)[1]) for e in graphs[0].entities]
    assert len(offsets) >= 4 and offsets == sorted(offsets) and offsets[0] == 0  # every piece, in order
    assert len({e.name for e in graphs[0].entities}) == 2  # parsed by both children


@pytest.mark.slow
@pytest.mark.model
def test_children_extract_a_long_article_exactly_as_the_process_itself_does(nlp, monkeypatch):
    from kg.extract import extract_articles

    monkeypatch.setattr(kg.extract, "CHUNK_CHARS", 6_000)  # pieces of 6,000 characters, as if 100,000
    paragraphs = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    text, i = "", 0
    while len(text) < 4.5 * 6_000:
        text += paragraphs[i % len(paragraphs)] + "\n\n"
        i += 7
    arts = [Article.from_text(text, "long.txt"), Article.from_text(paragraphs[0], "short.txt")]
    assert len(list(kg.extract.article_pieces(arts[:1]))) >= 4
    assert list(extract_in_children(arts, nlp, n_process=2, batch_size=2)) == list(extract_articles(arts, nlp))
