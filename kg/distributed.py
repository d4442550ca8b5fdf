"""Extraction on a Dask distributed cluster, behind ``kg ingest --scheduler ADDRESS``.

Workers parse: each loads the spaCy pipeline once (``PipelinePlugin``, then the per-process cache of
``kg.extract.load_nlp``) and turns small batches of pieces (``kg.extract.Piece``: a short article is one
piece, a long one is cut at paragraph boundaries, so that the workers share a 20 MB article between them)
into plain ``ArticleGraph`` values, as the local path's children do (``kg.extract.workers``). The client
puts each article's pieces back together and stays the single writer: ``ClusterExtractor`` hands the graphs
back in input order to ``kg.ingest``, which resolves and writes them exactly as for a local ingest, so both
give the same store.

A worker that dies takes its tasks with it; the scheduler runs them again on another worker. A piece that
keeps killing workers (Dask's ``allowed-failures``, 3 by default) is tried alone and, if it still does, its
article is reported as a failed input while every other article lands.
"""
from __future__ import annotations

import logging
import os
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import ClusterError, KgError
from kg.extract import Piece, article_pieces, assemble, failure_reason
from kg.extract.workers import PieceResult, parse_pieces, rejoin, task_batches, textless
from kg.model import Article, ArticleGraph

LOCAL = "local:"
# A task is a few pieces (articles): small enough to spread over the workers and to lose little when one dies,
# large enough that Dask's per-task cost (a few ms) stays small against parsing (~0.2 s per 1,000 words).
TASK_CHARS = 30_000
TASK_ARTICLES = 8
CONNECT_TIMEOUT_S = 30
RESULT_TIMEOUT_S: float | None = None  # how long to wait for one task; None: as long as it takes

Failed = Callable[[Article, str], None]


@dataclass(frozen=True)
class Scheduler:
    """Where to run: a local cluster of ``workers`` processes, a scheduler address, or a scheduler file."""

    address: str | None = None
    scheduler_file: str | None = None
    workers: int | None = None

    @property
    def is_local(self) -> bool:
        return self.workers is not None


def parse_scheduler(text: str) -> Scheduler:
    """``local:N``, ``tcp://host:port`` (any Dask address), or the path of a ``--scheduler-file`` JSON."""
    text = text.strip()
    if text.lower().startswith(LOCAL):
        n = text[len(LOCAL):]
        if not n.isdigit() or int(n) < 1:
            raise ClusterError(f"--scheduler {text!r}: expected local:N with N worker processes, N >= 1")
        return Scheduler(workers=int(n))
    if text.endswith(".json"):
        if not Path(text).is_file():
            raise ClusterError(f"--scheduler {text}: no such scheduler file")
        return Scheduler(scheduler_file=text)
    if not text or any(c.isspace() for c in text):
        raise ClusterError(f"--scheduler {text!r}: expected local:N, a scheduler address (tcp://host:8786) or a scheduler file (*.json)")
    return Scheduler(address=text)


# --- on the workers -----------------------------------------------------------------------------------

_PIPELINE_LOCK = threading.Lock()  # one parse at a time per process: a worker's threads share one pipeline


def extract_task(pieces: list[Piece], model: str | None) -> list[PieceResult]:
    """Run on a worker: for each piece, in order, its graph without the text (the client has it), or the
    exception its extraction raised: it fails alone."""
    from kg.extract import load_nlp

    with _PIPELINE_LOCK:
        return parse_pieces(pieces, load_nlp(model))


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        """Loads kg's pipeline when a worker starts (also on workers that join later), so the first task
        does not pay for it and a worker without the model says so at once."""

        name = "kg-pipeline"

        def __init__(self, model: str | None):
            self.model = model

        def setup(self, worker) -> None:
            from kg.extract import load_nlp

            load_nlp(self.model)

    return PipelinePlugin


# --- on the client ------------------------------------------------------------------------------------

class ClusterExtractor:
    """Extraction on a Dask cluster; a context manager that connects (or starts ``local:N``) and closes.

    Calling it with articles yields their graphs in input order while keeping a bounded number of tasks in
    flight (``window`` per worker thread), so a large archive is never read into memory at once."""

    def __init__(self, scheduler: str | Scheduler, *, model: str | None = None, task=extract_task,
                 window: int = 3, client=None, preload: bool = True, task_articles: int = TASK_ARTICLES,
                 result_timeout: float | None = None):
        result_timeout = result_timeout if result_timeout is not None else RESULT_TIMEOUT_S
        self.scheduler = parse_scheduler(scheduler) if isinstance(scheduler, str) else scheduler
        self.model = model if model is not None else os.environ.get("KG_SPACY_MODEL") or None
        self.task = task
        self.window = window
        self.client = client
        self._cluster = None
        self._own_client = client is None
        self.preload = preload
        self.task_articles = task_articles
        self.result_timeout = result_timeout

    def __enter__(self) -> "ClusterExtractor":
        if self.client is None:
            self.client = self._connect()
        if self.preload:
            try:
                self.client.register_plugin(_plugin_class()(self.model))
            except Exception:
                self.close()
                raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _connect(self):
        try:
            from distributed import Client, LocalCluster
        except ImportError as e:
            raise ClusterError(f"--scheduler needs the Dask 'distributed' package: pip install 'kg[distributed]' ({e})") from e
        s = self.scheduler
        try:
            if s.is_local:
                self._cluster = LocalCluster(n_workers=s.workers, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
                return Client(self._cluster)
            if s.scheduler_file:
                return Client(scheduler_file=s.scheduler_file, timeout=CONNECT_TIMEOUT_S)
            return Client(s.address, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as e:
            where = s.address or s.scheduler_file or f"local:{s.workers}"
            raise ClusterError(f"Dask scheduler {where}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from e

    def close(self) -> None:
        if self.client is not None and self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
        self.client = self._cluster = None

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def __call__(self, articles: Iterable[Article], failed: Failed | None = None) -> Iterator[ArticleGraph]:
        def reason(article: Article, e: BaseException) -> None:
            why = str(e) if isinstance(e, WorkersDied) else failure_reason(e)
            if failed is None:
                raise KgError(f"{article.path}: {why}") from e
            failed(article, why)

        yield from assemble(self._parsed(article_pieces(articles)), reason)

    def _parsed(self, pieces: Iterable[Piece]) -> Iterator[tuple[Piece, ArticleGraph | BaseException]]:
        pending: deque = deque()
        for batch in task_batches(pieces, TASK_CHARS, self.task_articles):
            pending.append((self._submit(batch), batch))
            while len(pending) >= self.window * self.threads():
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, batch: list[Piece]):
        return self.client.submit(self.task, textless(batch), self.model, pure=False)

    def _collect(self, future, batch: list[Piece]) -> Iterator[tuple[Piece, ArticleGraph | BaseException]]:
        try:
            results = future.result(timeout=self.result_timeout)
        except Exception as e:
            if not _killed_workers(e):
                raise
            if len(batch) > 1:  # find the piece that kills workers; the others still land
                singles = [(self._submit([p]), [p]) for p in batch]
                for f, one in singles:
                    yield from self._collect(f, one)
                return
            yield batch[0], WorkersDied(_killed_reason())
            return
        yield from rejoin(batch, results)


class WorkersDied(KgError):
    """Every worker that took a piece died: its article is reported, the others land."""


def _killed_workers(e: BaseException) -> bool:
    from distributed import KilledWorker

    return isinstance(e, KilledWorker)


def _killed_reason() -> str:
    return "every Dask worker that extracted it died (out of memory?); not ingested"
