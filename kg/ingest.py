"""text -> extract -> resolve -> store, for many articles. The library behind ``kg ingest``."""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from kg.inputs import Source, collect, read_all
from kg.model import Article, IngestReport
from kg.resolve import Resolver
from kg.store.base import Store

Progress = Callable[[str], None]


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    nlp=None,
    *,
    report: IngestReport | None = None,
    on_article: Progress | None = None,
    batch_size: int = 16,
    n_process: int = 1,
) -> IngestReport:
    """Extract and store each article not stored yet; each article is written in its own transaction."""
    from kg.extract import extract_articles

    report = report or IngestReport()
    resolver = Resolver(store.entities())
    seen: set[str] = set()

    def fresh() -> Iterator[Article]:
        for a in articles:
            if a.sha256 in seen or store.has_article(a.sha256):
                report.articles_skipped += 1
                if on_article:
                    on_article(a.path)
                continue
            seen.add(a.sha256)
            yield a

    for graph in extract_articles(fresh(), nlp, batch_size=batch_size, n_process=n_process):
        linked = resolver.link(graph)
        result = store.write_article(linked)
        if result is None:
            report.articles_skipped += 1
        else:
            report.articles_added += 1
            report.entities_added += result[0]
            report.relations_added += result[1]
            resolver.add(linked.entities)
        if on_article:
            on_article(graph.article.path)
    return report


def ingest_paths(
    store: Store,
    paths: list[str],
    nlp=None,
    *,
    on_article: Progress | None = None,
    on_count: Callable[[int], None] | None = None,
    n_process: int = 1,
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
        ingest_articles(store, readable(collected.sources), nlp, report=report, on_article=on_article, n_process=n_process)
    return report
