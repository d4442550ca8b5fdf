"""text -> extract -> resolve -> store, for many articles. The library behind ``kg ingest``."""
from __future__ import annotations

import datetime as _dt
import os
import queue
import threading
import time
from typing import Callable, Iterable, Iterator

from kg.extract.amounts import implausible_amounts
from kg.inputs import Source, collect, read_all
from kg.model import Article, ArticleGraph, IngestReport
from kg.resolve import Resolver
from kg.store.base import Store

Progress = Callable[[str], None]
# articles -> their graphs in input order; the second argument reports an article that cannot be extracted
Extractor = Callable[[Iterable[Article], Callable[[Article, str], None]], Iterator[ArticleGraph]]

# A write transaction holds several articles (far fewer round trips, each edge they share written once),
# bounded so that a crash loses little: at most BATCH_ARTICLES articles, BATCH_CLAIMS claims, or what
# arrived within BATCH_SECONDS of the batch's first article. The open batch is lost whole, never half an
# article, and a rerun ingests it again (stored articles are skipped).
BATCH_ARTICLES = 64  # KG_WRITE_BATCH overrides it (1: one article a transaction)
BATCH_CLAIMS = 20_000
BATCH_SECONDS = 2.0


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    nlp=None,
    *,
    report: IngestReport | None = None,
    on_article: Progress | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    extractor: Extractor | None = None,
    date: _dt.date | None = None,
    write_batch: int | None = None,
) -> IngestReport:
    """Extract and store each article not stored yet, several articles per write transaction (see
    BATCH_ARTICLES). Claims get their sources and event dates (kg.extract.attribution), relative dates
    resolved against ``date`` or else each article's date line. ``extractor`` runs extraction elsewhere
    (``kg.distributed.ClusterExtractor``); resolution and writes stay here either way.

    Writes run in a second thread, so that the store works while spaCy parses the next articles; linking
    stays in this thread, in article order, so the result is the same as writing one by one. A failed
    write stops the run and is raised here; batches already committed stay, the failed one is rolled back.
    """
    from kg.extract import load_nlp
    from kg.extract.attribution import attribute
    from kg.extract.workers import extract_in_children

    report = report or IngestReport()
    resolver = Resolver(store.entities(), distinct=store.distinct_pairs())
    seen: set[str] = set()
    writer = _Writer(store, report, on_article, write_batch or batch_from_env())

    def fresh() -> Iterator[Article]:
        for a in articles:
            writer.check()
            if a.sha256 in seen or store_has(a):
                report.articles_skipped += 1
                if on_article:
                    on_article(a.path)
                continue
            seen.add(a.sha256)
            for figure in implausible_amounts(a.text):
                shown = figure if len(figure) <= 40 else figure[:37] + "..."
                report.warnings.append((a.path, f"{shown} is not a plausible amount (not a number, or over $1e15); it was left out"))
            yield a

    def store_has(a: Article) -> bool:
        with writer.lock:
            return store.has_article(a.sha256)

    def failed(a: Article, reason: str) -> None:
        # one article's extraction failing costs that article alone; the run goes on and exits non-zero
        report.failures.append((a.path, reason))
        if on_article:
            on_article(a.path)

    def local(arts: Iterable[Article], failed_) -> Iterator[ArticleGraph]:
        # spaCy parses in child processes (one at -j 1) while this process resolves and writes; an article
        # whose extraction fails is reported alone and the others come through
        return extract_in_children(arts, nlp or load_nlp(), batch_size=batch_size, n_process=n_process,
                                   on_error=failed_)

    try:
        for graph in (extractor or local)(fresh(), failed):
            linked = resolver.link(graph)
            resolver.add(linked.entities)
            writer.put(attribute(linked, date))
    finally:
        writer.close()
    store.apply_pending_judgements()  # imported merges whose entities these articles brought
    return report


class _Writer:
    """One thread writing linked article graphs to the store in order, in batches (``_batch``)."""

    def __init__(self, store: Store, report: IngestReport, on_article: Progress | None, batch: int = BATCH_ARTICLES):
        self.store, self.report, self.on_article = store, report, on_article
        self.batch = max(1, batch)
        self.queue: queue.Queue = queue.Queue(maxsize=max(8, 2 * self.batch))
        self.lock = threading.Lock()  # the store's connection is used by one thread at a time
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self.thread.start()

    def _batch(self) -> tuple[list, bool]:
        """The next batch: what arrives until it is full (articles or claims) or BATCH_SECONDS after its
        first article; and whether the end of input was reached."""
        first = self.queue.get()
        if first is None:
            return [], True
        batch, claims = [first], _claims(first)
        deadline = time.monotonic() + BATCH_SECONDS
        while len(batch) < self.batch and claims < BATCH_CLAIMS:
            try:
                graph = self.queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if graph is None:
                return batch, True
            batch.append(graph)
            claims += _claims(graph)
        return batch, False

    def _run(self) -> None:
        done = False
        while not done:
            batch, done = self._batch()
            if not batch or self.error is not None:
                continue  # drain: nothing more is written after a failure
            try:
                with self.lock:
                    results = self.store.write_articles(batch)
                for graph, result in zip(batch, results):
                    if result is None:
                        self.report.articles_skipped += 1
                    else:
                        self.report.articles_added += 1
                        self.report.entities_added += result[0]
                        self.report.relations_added += result[1]
                    if self.on_article:  # a progress callback that raises stops the run, never hangs it
                        self.on_article(graph.article.path)
            except BaseException as e:  # handed to the main thread by check()
                self.error = e

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def put(self, graph) -> None:
        self.check()
        self.queue.put(graph)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        self.check()


def batch_from_env() -> int:
    from kg.errors import InputError

    raw = os.environ.get("KG_WRITE_BATCH") or str(BATCH_ARTICLES)
    try:
        n = int(raw)
    except ValueError:
        n = 0
    if n < 1:
        raise InputError(f"KG_WRITE_BATCH={raw!r}: not a whole number of articles (1 or more)")
    return n


def _claims(graph) -> int:
    return sum(len(r.evidence) for r in graph.relations)


def ingest_paths(
    store: Store,
    paths: list[str],
    nlp=None,
    *,
    on_article: Progress | None = None,
    on_count: Callable[[int], None] | None = None,
    n_process: int = 1,
    extractor: Extractor | None = None,
    date: _dt.date | None = None,
) -> IngestReport:
    """Ingest files, folders and ``-`` (stdin). Unreadable inputs become failures; the rest still land."""
    collected = collect(paths)
    report = IngestReport(failures=list(collected.failures))
    if on_count:
        on_count(len(collected.sources))

    def readable(sources: list[Source]) -> Iterator[Article]:
        for source, article, warnings, error in read_all(sources):
            report.warnings.extend((source.path, w) for w in warnings)
            if error:
                report.failures.append((source.path, error))
                if on_article:
                    on_article(source.path)
            else:
                yield article

    if collected.sources:
        ingest_articles(store, readable(collected.sources), nlp, report=report, on_article=on_article, n_process=n_process,
                        extractor=extractor, date=date)
    return report
