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
@pytest.mark.parametrize("components_in", [None, "child", "parent"])
def test_children_extract_exactly_what_the_process_itself_does(nlp, components_in):
    from kg.extract import extract_articles

    arts = [Article.from_text(p.read_text(encoding="utf-8"), str(p)) for p in sorted(CORPUS.glob("*.txt"))]
    assert list(extract_in_children(arts, nlp, n_process=2, batch_size=3, components_in=components_in)) == list(extract_articles(arts, nlp))


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
@pytest.mark.parametrize("components_in", ["child", "parent"])
def test_children_extract_a_long_article_exactly_as_the_process_itself_does(nlp, monkeypatch, components_in):
    from kg.extract import extract_articles

    monkeypatch.setattr(kg.extract, "CHUNK_CHARS", 6_000)  # pieces of 6,000 characters, as if 100,000
    paragraphs = [p for f in sorted(CORPUS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
    text, i = "", 0
    while len(text) < 4.5 * 6_000:
        text += paragraphs[i % len(paragraphs)] + "\n\n"
        i += 7
    arts = [Article.from_text(text, "long.txt"), Article.from_text(paragraphs[0], "short.txt")]
    assert len(list(kg.extract.article_pieces(arts[:1]))) >= 4
    assert list(extract_in_children(arts, nlp, n_process=2, batch_size=2, components_in=components_in)) == list(extract_articles(arts, nlp))


def fake_docs(pieces, nlp, batch_size=16):
    """Stands in for ``kg.extract.parse_docs``: each piece's "Doc" names the process that parsed it."""
    return [(p, f"{os.getpid()}:{p.offset}".encode()) for p in pieces]


def fake_finish(bad=()):
    def finish(piece, data, nlp):
        """Stands in for ``kg.extract.finish_piece``: the graph names the parsing and the finishing process."""
        if piece.article.path in bad:
            raise ValueError(f"cannot finish {piece.article.path}")
        parsed_by, offset = data.decode().split(":")
        return ArticleGraph(article=piece.article, entities=[Entity(id=f"x:{piece.article.id}:{offset}", name=f"{parsed_by}>{os.getpid()}", type="Organization")])
    return finish


@pytest.mark.parametrize("n, n_process", [(1, 1), (13, 1), (23, 2), (31, 3)])
def test_components_in_the_parent_finish_what_the_children_parse_in_input_order(monkeypatch, n, n_process):
    monkeypatch.setattr(kg.extract, "can_finish_elsewhere", lambda nlp: True)
    monkeypatch.setattr(kg.extract, "parse_docs", fake_docs)
    monkeypatch.setattr(kg.extract, "finish_piece", fake_finish())
    monkeypatch.setattr(kg.extract, "extract_pieces", fake_extract)
    arts = articles(n)
    graphs = list(extract_in_children(arts, nlp=None, n_process=n_process, batch_size=2, components_in="parent"))
    assert [g.article for g in graphs] == arts
    parsers = {g.entities[0].name.split(">")[0] for g in graphs}
    assert {g.entities[0].name.split(">")[1] for g in graphs} == {str(os.getpid())}  # finished here
    assert str(os.getpid()) not in parsers and len(parsers) <= n_process  # parsed in the children


def test_a_piece_whose_finishing_fails_in_the_parent_fails_alone(monkeypatch):
    bad = ["s/002.txt", "s/007.txt"]
    monkeypatch.setattr(kg.extract, "can_finish_elsewhere", lambda nlp: True)
    monkeypatch.setattr(kg.extract, "parse_docs", fake_docs)
    monkeypatch.setattr(kg.extract, "finish_piece", fake_finish(bad))
    failed = []
    got = list(extract_in_children(articles(10), nlp=None, batch_size=3, components_in="parent",
                                   on_error=lambda a, why: failed.append((a.path, why))))
    assert [g.article.path for g in got] == [a.path for a in articles(10) if a.path not in bad]
    assert [p for p, _ in failed] == bad and all("ValueError: cannot finish" in why for _, why in failed)


def test_the_side_that_runs_kgs_components_follows_who_waits():
    from kg.extract.workers import IN_CHILD, IN_PARENT, _Balance

    b = _Balance(True)
    assert b.side() == IN_PARENT  # at the start the parent has nothing else to do
    b.parent_waited = False  # a result was waiting: the parent is behind
    assert b.side() == IN_CHILD
    b.parent_waited = True
    assert b.side() == IN_PARENT
    pinned = _Balance(True, IN_CHILD)
    assert pinned.side() == IN_CHILD
    assert _Balance(False, IN_PARENT).side() == IN_CHILD  # a pipeline without kg's components at its end runs whole
    with pytest.raises(ValueError, match="components_in"):
        _Balance(True, "elsewhere")


@pytest.mark.model
def test_a_doc_sent_as_bytes_and_finished_elsewhere_gives_the_same_graph(nlp):
    """What parse_docs sends carries everything kg's components read: finishing it gives the graph the
    whole pipeline gives, on every article of the corpus (plain text, Markdown, transcripts, unseen forms)."""
    from kg.extract import article_pieces, can_finish_elsewhere, extract_pieces, finish_piece, parse_docs

    assert can_finish_elsewhere(nlp)
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".markdown"))
    pieces = list(article_pieces([Article.from_text(p.read_text(encoding="utf-8"), str(p)) for p in paths]))
    whole = [g for _, g in extract_pieces(pieces, nlp)]
    sent = parse_docs(pieces, nlp)
    assert [p for p, _ in sent] == pieces and all(isinstance(d, bytes) for _, d in sent)
    assert [finish_piece(p, d, nlp) for p, d in sent] == whole
    assert nlp.pipe_names[-3:] == ["kg_entities", "kg_relations", "kg_graph"]  # parse_docs left them on


@pytest.mark.parametrize("cores, n_process, finished_here", [(2, 1, True), (4, 3, True), (2, 2, False), (1, 1, False), (2, 3, False)])
def test_the_parent_takes_kgs_components_only_when_the_children_leave_it_a_core(monkeypatch, cores, n_process, finished_here):
    import kg.extract.workers as workers

    monkeypatch.setattr(workers, "usable_cores", lambda: cores)
    monkeypatch.setattr(kg.extract, "can_finish_elsewhere", lambda nlp: True)
    monkeypatch.setattr(kg.extract, "parse_docs", fake_docs)
    monkeypatch.setattr(kg.extract, "finish_piece", fake_finish())
    monkeypatch.setattr(kg.extract, "extract_pieces", fake_extract)
    graphs = list(extract_in_children(articles(6), nlp=None, n_process=n_process, batch_size=2))
    assert [g.article for g in graphs] == articles(6)
    finished_by = {g.entities[0].name.split(">")[-1] for g in graphs}
    assert (str(os.getpid()) in finished_by) == finished_here  # the first task goes to the parent when it may take any
