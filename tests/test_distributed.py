"""kg ingest on a Dask cluster: the pieces by hand (scheduler strings, task batches, ordered collection,
retrying and isolating an article that kills workers), then a real loopback cluster of `dask scheduler`
and two `dask worker` processes, one of them killed mid-run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.distributed import ClusterExtractor, Scheduler, parse_scheduler
from kg.extract.workers import task_batches
from kg.errors import ClusterError, KgError
from kg.model import Article, ArticleGraph, Entity

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def articles(n: int, size: int = 50) -> list[Article]:
    return [Article.from_text(f"Article {i}. " + "x" * (size + i), f"a/{i:03d}.txt") for i in range(n)]


def graph_of(a: Article) -> ArticleGraph:
    """What a worker returns: the article without its text, and one entity named after it."""
    return ArticleGraph(article=replace(a, text=""), entities=[Entity(id=f"organization:{a.id}", name=a.path, type="Organization")])


# --- scheduler strings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("local:1", Scheduler(workers=1)),
    ("local:12", Scheduler(workers=12)),
    ("LOCAL:3", Scheduler(workers=3)),
    ("tcp://10.0.0.5:8786", Scheduler(address="tcp://10.0.0.5:8786")),
    ("127.0.0.1:8786", Scheduler(address="127.0.0.1:8786")),
    ("tls://sched.example:8786", Scheduler(address="tls://sched.example:8786")),
])
def test_scheduler_strings(text, expected):
    assert parse_scheduler(text) == expected


@pytest.mark.parametrize("text", ["local:0", "local:", "local:two", "local:-1", "", "tcp://a b:1"])
def test_bad_scheduler_strings_are_one_clear_error(text):
    with pytest.raises(ClusterError, match="--scheduler"):
        parse_scheduler(text)


def test_a_scheduler_file_must_exist(tmp_path):
    f = tmp_path / "scheduler.json"
    with pytest.raises(ClusterError, match="no such scheduler file"):
        parse_scheduler(str(f))
    f.write_text("{}")
    assert parse_scheduler(str(f)) == Scheduler(scheduler_file=str(f))


# --- task batches --------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 500), max_size=40), max_chars=st.integers(1, 1000), max_articles=st.integers(1, 6))
def test_task_batches_tile_the_input_in_order_within_bounds(sizes, max_chars, max_articles):
    arts = [Article.from_text("y" * n + str(i), f"p{i}") for i, n in enumerate(sizes)]
    batches = list(task_batches(iter(arts), max_chars, max_articles))
    assert [a for b in batches for a in b] == arts
    for b in batches:
        assert 1 <= len(b) <= max_articles
        assert len(b) == 1 or sum(len(a.text) for a in b) <= max_chars


# --- ordered collection, retries and isolation, with a client made by hand ------------------------------

class HandFuture:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def result(self, timeout=None):
        return self.fn(*self.args)


class HandClient:
    """submit/result/nthreads, as the extractor uses them; results computed when asked for."""

    def __init__(self, workers: int = 2):
        self.workers = workers
        self.submitted: list[list[str]] = []

    def submit(self, fn, batch, model, pure=False):
        assert all(not p.article.text for p in batch)  # pieces travel without their article's text
        self.submitted.append([p.article.path for p in batch])
        return HandFuture(fn, (batch, model))

    def nthreads(self):
        return {f"tcp://w{i}": 1 for i in range(self.workers)}

    def close(self):
        pass


def poisoned(*paths: str):
    from distributed import KilledWorker

    def task(batch, model):
        for p in batch:
            if p.article.path in paths:
                raise KilledWorker(task="extract", last_worker=None, allowed_failures=3)
        return [(graph_of(p.article), None) for p in batch]

    return task


@pytest.mark.parametrize("n, task_articles, window", [(0, 3, 1), (1, 1, 1), (7, 3, 1), (20, 4, 2), (25, 1, 3)])
def test_graphs_come_back_in_input_order_with_a_bounded_lead(n, task_articles, window):
    arts = articles(n)
    read = []

    def source():
        for a in arts:
            read.append(a)
            yield a

    client = HandClient(workers=2)
    ex = ClusterExtractor("local:2", client=client, task=poisoned(), window=window, preload=False, task_articles=task_articles)
    out = []
    for g in ex(source()):
        out.append(g)
        assert len(read) - len(out) <= (window * 2 + 1) * task_articles  # never reads the whole archive ahead
    assert [g.article for g in out] == arts  # the client's own Article, text and all, is put back
    assert all(g.article.text for g in out)


@pytest.mark.parametrize("poison", [{"a/000.txt"}, {"a/004.txt"}, {"a/002.txt", "a/003.txt"}, {"a/009.txt"}])
def test_an_article_that_kills_workers_is_tried_alone_and_reported_the_others_land(poison):
    arts = articles(10)
    client = HandClient()
    failed = []
    ex = ClusterExtractor("local:2", client=client, task=poisoned(*poison), preload=False, task_articles=4)
    out = [g.article.path for g in ex(arts, lambda a, why: failed.append((a.path, why)))]
    assert out == [a.path for a in arts if a.path not in poison]
    assert sorted(p for p, _ in failed) == sorted(poison)
    assert all("died" in why for _, why in failed)
    assert all([p] in client.submitted for p in poison)  # each tried alone before being given up


def long_and_short(monkeypatch) -> list[Article]:
    """A short article, one cut into ten pieces (CHUNK_CHARS made small), and another short one."""
    import kg.extract

    monkeypatch.setattr(kg.extract, "CHUNK_CHARS", 200)
    long = Article.from_text("\n\n".join(f"Paragraph {i}. " + "y" * 120 for i in range(10)), "a/long.txt")
    return [articles(1)[0], long, articles(3)[2]]


def piece_graphs(poison_offsets=()):
    """A task that names each piece's offset in its entity, and kills its worker on the poisoned pieces."""
    from distributed import KilledWorker

    def task(batch, model):
        if any(p.article.path == "a/long.txt" and p.offset in poison_offsets for p in batch):
            raise KilledWorker(task="extract", last_worker=None, allowed_failures=3)
        return [(ArticleGraph(article=replace(p.article, text=""),
                              entities=[Entity(id=f"organization:{p.article.id}:{p.offset}", name=p.article.path, type="Organization")]), None)
                for p in batch]

    return task


def test_a_long_article_is_shared_out_in_pieces_and_put_back_together(monkeypatch):
    arts = long_and_short(monkeypatch)
    client = HandClient()
    ex = ClusterExtractor("local:2", client=client, task=piece_graphs(), preload=False, task_articles=3)
    out = list(ex(arts))
    assert [g.article for g in out] == arts
    offsets = sorted(int(e.id.rsplit(":", 1)[1]) for e in out[1].entities)
    assert len(offsets) == 10 and offsets[0] == 0  # every piece's graph, in one graph of the article
    assert sum("a/long.txt" in s for s in client.submitted) >= 3  # in several tasks, for several workers


def test_a_piece_that_kills_workers_fails_its_article_alone(monkeypatch):
    arts = long_and_short(monkeypatch)
    from kg.extract import article_pieces

    poisoned_at = [p.offset for p in article_pieces([arts[1]])][4]
    failed = []
    ex = ClusterExtractor("local:2", client=HandClient(), task=piece_graphs({poisoned_at}), preload=False, task_articles=3)
    out = [g.article.path for g in ex(arts, lambda a, why: failed.append((a.path, why)))]
    assert out == [arts[0].path, arts[2].path]
    assert failed == [("a/long.txt", "every Dask worker that extracted it died (out of memory?); not ingested")]


def test_without_a_failure_callback_a_killing_article_stops_the_run_by_name():
    ex = ClusterExtractor("local:1", client=HandClient(1), task=poisoned("a/001.txt"), preload=False, task_articles=1)
    with pytest.raises(KgError, match=r"a/001\.txt: every Dask worker"):
        list(ex(articles(3)))


def test_other_task_errors_are_not_swallowed():
    def broken(batch, model):
        raise ValueError("a bug in extraction")

    ex = ClusterExtractor("local:1", client=HandClient(1), task=broken, preload=False)
    with pytest.raises(ValueError, match="a bug"):
        list(ex(articles(2), lambda a, why: None))


def test_ingest_reports_a_failed_article_and_stores_the_rest(fresh_db):
    from kg.ingest import ingest_articles

    arts = articles(5)
    ex = ClusterExtractor("local:1", client=HandClient(1), task=poisoned("a/002.txt"), preload=False, task_articles=2)
    progress = []
    report = ingest_articles(fresh_db, arts, extractor=ex, on_article=progress.append)
    assert report.failures == [("a/002.txt", "every Dask worker that extracted it died (out of memory?); not ingested")]
    assert report.articles_added == 4
    assert sorted(progress) == sorted(a.path for a in arts)
    assert {a.path for a in fresh_db.articles()} == {a.path for a in arts} - {"a/002.txt"}


# --- a real Dask client, in this process (threads), with a task that needs no model -----------------------

def slow_in_reverse(batch, model):
    """Later articles finish first: the extractor must still hand them back in input order."""
    time.sleep(0.02 * (10 - int(batch[0].article.path[2:5]) % 10))
    return [(graph_of(p.article), None) for p in batch]


def test_a_real_dask_client_keeps_input_order():
    from distributed import Client

    with Client(processes=False, n_workers=2, threads_per_worker=2, dashboard_address=None) as client:
        ex = ClusterExtractor("local:2", client=client, task=slow_in_reverse, preload=False, task_articles=1)
        arts = articles(12)
        assert [g.article for g in ex(arts)] == arts


# --- the CLI ---------------------------------------------------------------------------------------------

def kg_cli(*args):
    from kg.cli import app

    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "local:0"], "expected local:N"),
    (["--scheduler", "local:2", "-j", "2"], "-j is for a local ingest"),
    (["--scheduler", "missing-scheduler.json"], "no such scheduler file"),
])
def test_cli_scheduler_mistakes_are_one_line_and_exit_11(tmp_path, args, message):
    res = kg_cli("--store", str(tmp_path / "s"), "ingest", *args, str(CORPUS))
    assert res.exit_code == 13, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in res.output


def test_cli_an_unreachable_scheduler_is_exit_11(tmp_path, monkeypatch):
    import socket

    import kg.distributed

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setattr(kg.distributed, "CONNECT_TIMEOUT_S", 1)
    res = kg_cli("--store", str(tmp_path / "s"), "ingest", "--scheduler", f"tcp://127.0.0.1:{port}", str(CORPUS))
    assert res.exit_code == 13, res.output
    assert f"Dask scheduler tcp://127.0.0.1:{port}" in res.output


# --- a real cluster on loopback: `dask scheduler` and two `dask worker` processes ----------------------------

DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT_S = 120


class LoopbackCluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.scheduler_file = folder / "scheduler.json"
        self.procs: dict[str, subprocess.Popen] = {}

    def spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "w")
        p = subprocess.Popen([DASK, *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=self.folder)
        self.procs[name] = p
        return p

    def start(self) -> "LoopbackCluster":
        # bounded in time whatever happens to this test process: the scheduler stops when idle, the workers
        # when their scheduler is gone
        self.spawn("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                   "--scheduler-file", str(self.scheduler_file), "--idle-timeout", "600s")
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.scheduler_file.exists():
            if time.monotonic() > deadline or self.procs["scheduler"].poll() is not None:
                raise RuntimeError("dask scheduler did not start: " + (self.folder / "scheduler.log").read_text()[-2000:])
            time.sleep(0.2)
        for i in (1, 2):  # no nanny: killing the worker process is the worker dying, nothing restarts it
            self.spawn(f"worker{i}", "worker", "--scheduler-file", str(self.scheduler_file), "--host", "127.0.0.1",
                       "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", f"worker{i}", "--death-timeout", "60s")
        return self

    @property
    def address(self) -> str:
        return json.loads(self.scheduler_file.read_text())["address"]

    def stop(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs.values():
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=15)


@pytest.fixture(scope="module")
def loopback_cluster(tmp_path_factory):
    if not Path(DASK).exists() and not shutil.which("dask"):
        pytest.fail("the dask command (from the distributed package) is not installed")
    cluster = LoopbackCluster(tmp_path_factory.mktemp("dask-cluster"))
    try:
        yield cluster.start()
    finally:
        cluster.stop()


def export_of(store_dir: Path) -> str:
    res = kg_cli("--store", str(store_dir), "export")
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture(scope="module")
def local_export(tmp_path_factory, nlp):
    from kg.ingest import ingest_paths
    from kg.store.embedded import EmbeddedStore

    folder = tmp_path_factory.mktemp("local-ingest")
    store = EmbeddedStore(folder / "store")
    try:
        report = ingest_paths(store, [str(CORPUS)], nlp)
    finally:
        store.close()
    assert report.articles_added == len(list(CORPUS.rglob("*.txt"))) and not report.failures
    return export_of(folder / "store")


@pytest.mark.slow
@pytest.mark.model
def test_a_worker_killed_mid_run_changes_nothing_in_the_export(loopback_cluster, local_export, tmp_path):
    from kg.ingest import ingest_paths
    from kg.store.embedded import EmbeddedStore

    killed: dict = {}
    store = EmbeddedStore(tmp_path / "store")
    with ClusterExtractor(str(loopback_cluster.scheduler_file), task_articles=1, result_timeout=START_TIMEOUT_S) as ex:
        ex.client.wait_for_workers(2, timeout=START_TIMEOUT_S)

        def kill_a_busy_worker(path: str) -> None:
            try:
                if killed:
                    return
                busy = {addr: keys for addr, keys in ex.client.processing().items() if keys}
                if not busy:
                    return  # nothing in flight right now: try again after the next article
                addr = sorted(busy)[0]
                pid = ex.client.run(os.getpid, workers=[addr])[addr]
                killed.update(addr=addr, pid=pid, tasks=len(busy[addr]), after=path)
                os.kill(pid, signal.SIGKILL)
            except Exception as e:  # an exception here would end the writer thread: record it instead
                killed.setdefault("error", repr(e))

        try:
            report = ingest_paths(store, [str(CORPUS)], on_article=kill_a_busy_worker, extractor=ex)
        finally:
            store.close()
        assert killed and "error" not in killed, killed or "no worker was busy while the articles were written"
        assert killed["addr"] not in ex.client.nthreads()  # the scheduler saw it die
    name = next(n for n, p in loopback_cluster.procs.items() if p.pid == killed["pid"])
    assert loopback_cluster.procs[name].wait(timeout=30) == -signal.SIGKILL
    assert not report.failures and report.articles_added == len(list(CORPUS.rglob("*.txt")))
    assert export_of(tmp_path / "store") == local_export


@pytest.mark.slow
@pytest.mark.model
def test_cli_through_the_cluster_reports_bad_inputs_and_lands_the_rest(loopback_cluster, tmp_path, monkeypatch):
    import kg.distributed

    monkeypatch.setattr(kg.distributed, "RESULT_TIMEOUT_S", START_TIMEOUT_S)
    docs = tmp_path / "docs"
    docs.mkdir()
    good = [Path(shutil.copy(f, docs / f.name)) for f in sorted(CORPUS.glob("*.txt"))[:3]]
    (docs / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    (docs / "empty.txt").write_text("  \n")
    store = tmp_path / "store"
    res = kg_cli("--store", str(store), "ingest", "--scheduler", loopback_cluster.address, str(docs))
    assert res.exit_code == 2, res.output
    errors = [ln for ln in res.output.splitlines() if ln.startswith("kg: ")]
    assert sorted(errors) == sorted([f"kg: {docs / 'empty.txt'}: empty, no text to ingest", f"kg: {docs / 'scan.txt'}: a PDF, not a text article"])
    assert "3 articles ingested" in res.output
    again = kg_cli("--store", str(store), "ingest", "--scheduler", loopback_cluster.address, str(good[0]))
    assert again.exit_code == 0 and "0 articles ingested, 1 already stored" in again.output, again.output
