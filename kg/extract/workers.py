"""Extraction in child processes, so that the ingesting process is free to resolve and write while spaCy
parses: ``n_process`` forked children (one at ``-j 1``) each run the whole pipeline, kg's components and
graph building included, over batches of pieces (``kg.extract.Piece``: a short article is one piece, a
long one is cut at paragraph boundaries, so that the children share a 20 MB article between them) and
send back plain ``ArticleGraph`` values (no Doc, no article text); the parent puts each article's pieces
back together, and the articles come out in input order.

kg's own components (``kg.extract.FINISHING``) run on whichever side has time to spare, batch by batch
(``_Balance``): while the parent waits for the children, a child parses only (the trained pipeline) and
sends the Doc's bytes, which the parent finishes into a graph; while results wait for the parent, the
children finish their graphs themselves. Either way a piece gives the same graph. At ``-j 1`` this puts
spaCy's parse on one core and kg's components, resolution and writes on the other; with as many children
as cores, the children run kg's components (no core is free for the parent to take them on).

Children are forked, so they start with the caller's loaded pipeline and no model is loaded twice; they
never touch the store (a child leaves through ``os._exit``, running no clean-up of the parent's objects).
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import signal
from dataclasses import replace
from typing import Callable, Iterable, Iterator, TypeVar

from kg.errors import KgError
import kg.extract
from kg.extract import Piece, article_pieces, assemble, failure_reason
from kg.model import Article, ArticleGraph

BATCH_ARTICLES = 16
BATCH_CHARS = 100_000
# A task sent to a child is at most TASK_PIECES pieces: the last task's work is done after every child has
# finished, so small tasks keep that tail short (spaCy parses 4 short articles at a time about as fast as 16)
TASK_PIECES = 4
AHEAD = 4  # tasks queued per child: one being parsed, the others waiting, so a child never idles
POLL_S = 0.5
MAX_DEFAULT_PROCESSES = 4
# where kg's own components run on a batch: in the child (it sends graphs) or in the parent (the child sends Docs)
IN_CHILD, IN_PARENT = "child", "parent"


T = TypeVar("T")  # anything with a ``text``: an Article, or a kg.extract.Piece


def task_batches(items: Iterable[T], max_chars: int, max_items: int) -> Iterator[list[T]]:
    """Consecutive runs of articles (or pieces), each at most ``max_items`` long and about ``max_chars``
    characters of ``text`` (one longer than that is a batch of its own); together they are the input, in order."""
    batch: list[T] = []
    chars = 0
    for item in items:
        if batch and (len(batch) >= max_items or chars + len(item.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item.text)
    if batch:
        yield batch


# What parsing one batch of pieces gives, piece by piece: its graph without the article's text, or why it failed
PieceResult = tuple[ArticleGraph | None, BaseException | None]


def parse_pieces(pieces: list[Piece], nlp, batch_size: int = BATCH_ARTICLES) -> list[PieceResult]:
    """Run where the parsing happens (a forked child, a Dask worker): each piece's graph, without the text
    (the sender still has it), or its failure as an exception that pickles; one piece fails alone."""
    return [(None, _portable(g)) if isinstance(g, Exception) else (without_text([g])[0], None)
            for _, g in kg.extract.extract_pieces(pieces, nlp, batch_size=batch_size, catch=True)]  # looked up here: tests stand in for it


def parse_to_docs(pieces: list[Piece], nlp, batch_size: int = BATCH_ARTICLES) -> list[tuple[bytes | None, BaseException | None]]:
    """Run in a child: each piece's Doc from the trained pipeline as bytes (``kg.extract.parse_docs``), or
    its failure as an exception that pickles."""
    return [(None, _portable(d)) if isinstance(d, Exception) else (d, None)
            for _, d in kg.extract.parse_docs(pieces, nlp, batch_size=batch_size)]


def finish(batch: list[Piece], docs: list[tuple[bytes | None, BaseException | None]], nlp) -> list[PieceResult]:
    """Run in the parent on what ``parse_to_docs`` sent: each piece's graph, or its failure (a piece whose
    finishing raises fails alone, as in the child)."""
    out: list[PieceResult] = []
    for piece, (data, e) in zip(batch, docs):
        if e is None:
            try:
                out.append((kg.extract.finish_piece(piece, data, nlp), None))
                continue
            except Exception as err:  # noqa: BLE001 - reported with its article
                e = err
        out.append((None, e))
    return out


class _Balance:
    """Which side runs kg's components on the next batch sent: the parent, when it found no result waiting
    the last time it looked (the children are the slower side); the children, when a result was already
    waiting (the parent is behind). ``fixed`` pins one side (tests, comparisons)."""

    def __init__(self, splittable: bool, fixed: str | None = None):
        if fixed not in (None, IN_CHILD, IN_PARENT):
            raise ValueError(f"components_in={fixed!r}: expected {IN_CHILD!r}, {IN_PARENT!r} or None")
        self.fixed = fixed if splittable else IN_CHILD  # a pipeline without kg's finishing components runs whole
        self.parent_waited = True  # at the start the parent has nothing to do

    def side(self) -> str:
        if self.fixed is not None:
            return self.fixed
        return IN_PARENT if self.parent_waited else IN_CHILD


def textless(batch: list[Piece]) -> list[Piece]:
    """The pieces to send: the receiver needs the article's id and path, not its whole text again."""
    return [replace(p, article=replace(p.article, text="")) for p in batch]


def rejoin(batch: list[Piece], results: list[PieceResult]) -> Iterator[tuple[Piece, ArticleGraph | BaseException]]:
    """A batch's results with the sender's own pieces (whose articles kept their text), for ``assemble``."""
    for piece, (graph, e) in zip(batch, results):
        yield piece, e if e is not None else replace(graph, article=piece.article)


def reporter(on_error: Callable[[Article, str], None] | None) -> Callable[[Article, BaseException], None]:
    """``assemble``'s ``on_error`` for a caller that takes (article, reason): the reason is the one line an
    article whose extraction failed is reported with; without ``on_error`` a KgError naming the article."""
    def failed(article: Article, e: BaseException) -> None:
        if on_error is None:
            raise KgError(f"{article.path}: {failure_reason(e)}")
        on_error(article, failure_reason(e))

    return failed


def without_text(graphs: Iterable[ArticleGraph]) -> list[ArticleGraph]:
    """Graphs to send back: the receiver still holds the articles, so their text need not travel again."""
    return [replace(g, article=replace(g.article, text="")) for g in graphs]


def usable_cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def default_processes() -> int:
    """How many children a local ingest parses with unless told: one a core this process may use, at most
    MAX_DEFAULT_PROCESSES (each child holds a parse of up to CHUNK_CHARS characters: up to 3 GB at its peak)."""
    return max(1, min(usable_cores(), MAX_DEFAULT_PROCESSES))


def _child(nlp, batch_size: int, tasks, results, parent: int) -> None:
    _die_with_parent()
    while True:
        try:
            item = tasks.get(timeout=POLL_S)
        except queue.Empty:
            if os.getppid() != parent:  # the ingest was killed: nobody will read what this child makes
                return
            continue
        if item is None:
            return
        seq, side, batch = item
        try:
            parse = parse_to_docs if side == IN_PARENT else parse_pieces
            results.put((seq, parse(batch, nlp, batch_size), None))
        except BaseException as e:  # handed to the parent, raised there
            results.put((seq, None, _portable(e)))


def _die_with_parent() -> None:
    """On Linux the kernel kills this child as soon as its parent dies (the polling above is the fallback)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _portable(e: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:
        return RuntimeError(f"{type(e).__name__}: {e}")


def extract_in_children(articles: Iterable[Article], nlp, *, n_process: int = 1, batch_size: int = BATCH_ARTICLES,
                        on_error: Callable[[Article, str], None] | None = None,
                        components_in: str | None = None) -> Iterator[ArticleGraph]:
    """The graphs of ``articles`` in input order, extracted by ``n_process`` forked children. An article
    whose extraction raised is handed to ``on_error`` with the reason and left out (without ``on_error``
    the error is raised); every other article still comes through. kg's components run where there is
    time to spare (``_Balance``), or always in ``components_in`` (IN_CHILD or IN_PARENT) when given."""
    # the parent can take kg's components only from children that leave it a core: with as many children as
    # cores, both sides share the cores and moving work between them only adds the Doc's transfer
    splittable = kg.extract.can_finish_elsewhere(nlp) and (components_in is not None or n_process < usable_cores())
    balance = _Balance(splittable, components_in)  # can_finish_elsewhere looked up here: tests stand in for it
    ctx = multiprocessing.get_context("fork")
    tasks, results = ctx.Queue(), ctx.Queue()
    children = [ctx.Process(target=_child, args=(nlp, batch_size, tasks, results, os.getpid()), name=f"kg-extract-{i}", daemon=True)
                for i in range(n_process)]
    for c in children:
        c.start()
    # the parent keeps each piece's article (and its text); a child gets the piece without the article's text
    batches = task_batches(article_pieces(articles), BATCH_CHARS, min(batch_size, TASK_PIECES))
    sent: dict[int, tuple[list[Piece], str]] = {}
    done: dict[int, list] = {}
    next_out = submitted = 0
    more = True

    def parsed():
        nonlocal more, next_out, submitted
        while more or sent:
            while more and len(sent) < AHEAD * n_process:
                batch = next(batches, None)
                if batch is None:
                    more = False
                    break
                side = balance.side()
                sent[submitted] = batch, side
                tasks.put((submitted, side, textless(batch)))
                submitted += 1
            if not sent:
                break
            (seq, graphs, error), balance.parent_waited = _next_result(results, children)
            if error is not None:
                raise error
            done[seq] = graphs
            while next_out in done:
                graphs, (batch, side) = done.pop(next_out), sent.pop(next_out)
                next_out += 1
                yield from rejoin(batch, finish(batch, graphs, nlp) if side == IN_PARENT else graphs)

    try:
        yield from assemble(parsed(), reporter(on_error))
    finally:
        _stop(children, tasks)


def _next_result(results, children):
    """The next result from any child, and whether the parent had to wait for it."""
    try:
        return results.get_nowait(), False
    except queue.Empty:
        pass
    while True:
        try:
            return results.get(timeout=POLL_S), True
        except queue.Empty:
            dead = [c for c in children if not c.is_alive()]
            if dead:
                raise KgError(f"a spaCy process died while extracting (exit code {dead[0].exitcode}; out of memory?)")


def _stop(children, tasks) -> None:
    for _ in children:
        tasks.put(None)
    for c in children:
        c.join(timeout=5)
        if c.is_alive():
            c.kill()
            c.join()
    tasks.close()
