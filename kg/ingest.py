"""text -> extract -> resolve -> store, for many articles. The library behind ``kg ingest``."""
from __future__ import annotations

import queue
import threading
from typing import Callable, Iterable, Iterator

from kg.inputs import Source, collect, read_all
from kg.model import Article, ArticleGraph, IngestReport
from kg.resolve import Resolver
from kg.store.base import Store

Progress = Callable[[str], None]
# articles -> their graphs in input order; the second argument reports an article that cannot be extracted
Extractor = Callable[[Iterable[Article], Callable[[Article, str], None]], Iterator[ArticleGraph]]


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
) -> IngestReport:
    """Extract and store each article not stored yet; each article is written in its own transaction.
    ``extractor`` runs extraction elsewhere (``kg.distributed.ClusterExtractor``); resolution and writes
    stay here either way.

    Writes run in a second thread, so that the store works while spaCy parses the next articles; linking
    stays in this thread, in article order, so the result is the same as writing one by one. A failed
    write stops the run and is raised here; articles already committed stay, the failed one is rolled back.
    """
    from kg.extract import load_nlp
    from kg.extract.workers import extract_in_children

    report = report or IngestReport()
    resolver = Resolver(store.entities())
    seen: set[str] = set()
    writer = _Writer(store, report, on_article)

    def fresh() -> Iterator[Article]:
        for a in articles:
            writer.check()
            if a.sha256 in seen or store_has(a):
                report.articles_skipped += 1
                if on_article:
                    on_article(a.path)
                continue
            seen.add(a.sha256)
            yield a

    def store_has(a: Article) -> bool:
        with writer.lock:
            return store.has_article(a.sha256)

    def failed(a: Article, reason: str) -> None:
        report.failures.append((a.path, reason))
        if on_article:
            on_article(a.path)

    def local(arts: Iterable[Article], _failed) -> Iterator[ArticleGraph]:
        # spaCy parses in child processes (one at -j 1) while this process resolves and writes
        return extract_in_children(arts, nlp or load_nlp(), batch_size=batch_size, n_process=n_process)

    try:
        for graph in (extractor or local)(fresh(), failed):
            linked = resolver.link(graph)
            resolver.add(linked.entities)
            writer.put(linked)
    finally:
        writer.close()
    return report


class _Writer:
    """One thread writing linked article graphs to the store in order; at most a few waiting."""

    def __init__(self, store: Store, report: IngestReport, on_article: Progress | None):
        self.store, self.report, self.on_article = store, report, on_article
        self.queue: queue.Queue = queue.Queue(maxsize=8)
        self.lock = threading.Lock()  # the store's connection is used by one thread at a time
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            graph = self.queue.get()
            if graph is None:
                return
            if self.error is not None:
                continue  # drain: nothing more is written after a failure
            try:
                with self.lock:
                    result = self.store.write_article(graph)
            except BaseException as e:  # handed to the main thread by check()
                self.error = e
                continue
            if result is None:
                self.report.articles_skipped += 1
            else:
                self.report.articles_added += 1
                self.report.entities_added += result[0]
                self.report.relations_added += result[1]
            if self.on_article:
                self.on_article(graph.article.path)

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


def ingest_paths(
    store: Store,
    paths: list[str],
    nlp=None,
    *,
    on_article: Progress | None = None,
    on_count: Callable[[int], None] | None = None,
    n_process: int = 1,
    extractor: Extractor | None = None,
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
                        extractor=extractor)
    return report
