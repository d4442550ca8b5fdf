"""kg end to end against a real Neo4j: same answers as the embedded store, idempotent, and failures that
name the URI (never the password), exit non-zero and leave no half-written article."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import CORPUS

pytestmark = [pytest.mark.neo4j]
runner = CliRunner()


def kg(*args, env=None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def export_without_article_paths(text: str) -> dict:
    return json.loads(text)


@pytest.fixture(scope="module")
def embedded_corpus_export(tmp_path_factory):
    store = tmp_path_factory.mktemp("emb") / "store"
    r = kg("--store", str(store), "ingest", str(CORPUS))
    assert r.exit_code == 0, r.output
    return kg("--store", str(store), "export").stdout, str(store)


@pytest.mark.model
@pytest.mark.slow
def test_corpus_twice_into_neo4j_matches_the_embedded_store(neo4j_store, neo4j_uri, embedded_corpus_export):
    r = kg("--neo4j", neo4j_uri, "ingest", str(CORPUS))
    assert r.exit_code == 0, r.output
    stats_once = kg("--neo4j", neo4j_uri, "stats", "--format", "json").stdout
    r = kg("--neo4j", neo4j_uri, "ingest", str(CORPUS))
    assert r.exit_code == 0 and r.stdout.startswith("0 articles ingested")
    assert kg("--neo4j", neo4j_uri, "stats", "--format", "json").stdout == stats_once
    assert json.loads(stats_once)["articles"] == len(list(CORPUS.rglob("*.txt")))
    assert kg("--neo4j", neo4j_uri, "export").stdout == embedded_corpus_export[0]


@pytest.mark.model
@pytest.mark.slow
def test_push_copies_the_embedded_store(neo4j_store, neo4j_uri, embedded_corpus_export):
    exported, folder = embedded_corpus_export
    r = kg("--store", folder, "push", "--to", neo4j_uri)
    assert r.exit_code == 0, r.output
    assert kg("--neo4j", neo4j_uri, "export").stdout == exported
    r = kg("--store", folder, "push", "--to", neo4j_uri)  # again: nothing new
    assert "0 entities and 0 relations added" in r.stdout
    assert kg("--neo4j", neo4j_uri, "export").stdout == exported


def test_constraints_and_name_index_exist(neo4j_store):
    rows = neo4j_store.run_read_only("SHOW INDEXES YIELD name, labelsOrTypes, properties RETURN name, properties")
    by_name = {r["name"]: r["properties"] for r in rows}
    assert by_name["kg_entity_norm"] == ["norm"] and by_name["kg_entity_id"] == ["id"]
    plan = neo4j_store._read("EXPLAIN MATCH (e:Entity {norm: $n}) RETURN e", {"n": "ftx"})  # noqa: SLF001
    assert plan == []


def test_every_entity_carries_its_types_as_labels(neo4j_store):
    # one labelling statement for a whole batch (a dynamic label): each entity gets the label of every type
    # it was written as, and only those
    from kg.model import Article, ArticleGraph, Entity, Evidence, Relation

    a = Article.from_text("Ostavine Quendrel founded Pabrisk Holdings.", "labels-one.txt")
    b = Article.from_text("Pabrisk, the Quendrel family's vehicle, minted PBK.", "labels-two.txt")
    quendrel = Entity("person:ostavine-quendrel", "Ostavine Quendrel", "Person", ["Ostavine Quendrel"])
    pabrisk = Entity("organization:pabrisk-holdings", "Pabrisk Holdings", "Organization", ["Pabrisk Holdings"])
    as_group = Entity("organization:pabrisk-holdings", "Pabrisk", "Group", ["Pabrisk"])
    token = Entity("token:pbk", "PBK", "Token", ["PBK"])
    neo4j_store.write_articles([
        ArticleGraph(a, [quendrel, pabrisk], [Relation(quendrel.id, pabrisk.id, "FOUNDED", [Evidence(a.id, a.text, 0, len(a.text))])]),
        ArticleGraph(b, [as_group, token], [Relation(pabrisk.id, token.id, "ISSUED", [Evidence(b.id, b.text, 0, len(b.text))])]),
    ])
    rows = neo4j_store.read("MATCH (e:Entity) RETURN e.id AS id, labels(e) AS labels")
    assert {r["id"]: sorted(r["labels"]) for r in rows} == {
        quendrel.id: ["Entity", "Person"], pabrisk.id: ["Entity", "Group", "Organization"], token.id: ["Entity", "Token"]}
    assert [r["id"] for r in neo4j_store.read("MATCH (p:Person) RETURN p.id AS id")] == [quendrel.id]


def test_wrong_password_names_the_uri_but_never_the_password(neo4j_uri):
    secret = "not-the-password-Zq81"
    r = kg("--neo4j", neo4j_uri, "stats", env={"NEO4J_PASSWORD": secret})
    assert r.exit_code == 5
    assert neo4j_uri in r.stderr and "credentials" in r.stderr
    assert secret not in r.output and "Traceback" not in r.output


def test_password_in_the_uri_is_never_printed(neo4j_uri):
    parts = urlsplit(neo4j_uri)
    secret = "Uri-Secret-991"
    uri = f"{parts.scheme}://neo4j:{secret}@{parts.hostname}:{parts.port}"
    r = kg("--neo4j", uri, "stats", env={"NEO4J_PASSWORD": "wrong-one-Zq"})
    assert r.exit_code == 5 and secret not in r.output


def test_neo4j_down_is_one_clear_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    r = kg("--neo4j", f"bolt://127.0.0.1:{port}", "stats")
    assert r.exit_code == 5
    assert f"bolt://127.0.0.1:{port}" in r.stderr and "cannot reach Neo4j" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


class CuttableProxy:
    """A slow TCP proxy to Neo4j whose connections can all be cut at once, as a lost network would."""

    def __init__(self, target_port: int, delay: float = 0.02):
        self.target_port = target_port
        self.delay = delay
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.socks: list[socket.socket] = []
        self.lock = threading.Lock()
        self.cut_done = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.cut_done.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:  # a connection accepted while cut() runs is cut too, never left open past it
                self.socks += [client, upstream]
                if self.cut_done.is_set():
                    self._close_all()
                    return
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, a, b):
        try:
            while (data := a.recv(65536)) and not self.cut_done.is_set():
                time.sleep(self.delay)  # a slow link, so that the cut lands between two articles' writes
                if self.cut_done.is_set():  # nothing crosses the link once it is cut
                    break
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.cut_done.set()
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes an accept() blocked in another thread (close alone may not)
        except OSError:
            pass
        self.server.close()
        with self.lock:
            self._close_all()

    def _close_all(self):
        for s in self.socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


@pytest.mark.model
@pytest.mark.slow
def test_connection_lost_mid_ingest_leaves_whole_articles_and_a_rerun_finishes(
    neo4j_store, neo4j_uri, embedded_corpus_export, tmp_path
):
    proxy = CuttableProxy(urlsplit(neo4j_uri).port)
    # one article a transaction, so that the cut falls between commits (by default a batch holds the whole corpus)
    env = {**os.environ, "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", ""), "KG_STORE": "", "KG_WRITE_BATCH": "1"}
    env.pop("NEO4J_URI", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "--neo4j", f"bolt://127.0.0.1:{proxy.port}", "ingest", str(CORPUS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    def stored_articles() -> int:
        return neo4j_store.read("MATCH (a:Article) RETURN count(a) AS n")[0]["n"]

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and stored_articles() < 2:
        time.sleep(0.02)
    seen = stored_articles()
    proxy.cut()
    out, err = proc.communicate(timeout=120)
    stored = neo4j_store.stats()["articles"]
    assert proc.returncode != 0, (seen, out)
    assert 2 <= stored < len(list(CORPUS.rglob("*.txt")))
    assert f"bolt://127.0.0.1:{proxy.port}" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    r = kg("--neo4j", neo4j_uri, "ingest", str(CORPUS))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"{len(list(CORPUS.rglob('*.txt'))) - stored} articles ingested, {stored} already stored")
    # whole articles only: had one been half-written, the rerun would have skipped it and the graphs would differ
    assert kg("--neo4j", neo4j_uri, "export").stdout == embedded_corpus_export[0]
