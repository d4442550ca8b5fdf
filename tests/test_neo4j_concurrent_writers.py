"""Two kg processes writing into one Neo4j at the same time (a team's shared server): batches that both
introduce the same new parties and the same relation must leave one edge carrying both batches' claims."""
from __future__ import annotations

import os
import threading

import pytest

from kg.export import to_dict
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation

pytestmark = pytest.mark.neo4j


def _batch(tag: str, rel_type: str) -> list[ArticleGraph]:
    art = Article.from_text(f"Quorvane Capital and Mistrel Bank, article {tag}.", f"{tag}.txt")
    ev = Evidence(art.id, art.text, 0, len(art.text))
    ents = [Entity("organization:quorvane-capital", "Quorvane Capital", "Organization", [f"Quorvane {tag}"]),
            Entity("organization:mistrel-bank", "Mistrel Bank", "Organization", [])]
    return [ArticleGraph(art, ents, [Relation(ents[0].id, ents[1].id, rel_type, [ev], 1e6, "$1m", None, 0.8)])]


def _open(uri):
    from kg.store.neo4j import Neo4jStore

    return Neo4jStore(uri, user=os.environ.get("NEO4J_USER", "neo4j"), password=os.environ.get("NEO4J_PASSWORD", ""))


@pytest.mark.xfail(strict=True, reason=(
    "known race, not fixed: the second writer counts the parties as created by its own batch (it read them "
    "as absent before its MERGE waited on the first writer's locks) and so creates the edge without reading "
    "it; reading every edge instead fixed it, but the read planned on an empty store made a first 10k-relation "
    "ingest 8-17x slower (68-82 s against 4-8 s)"))
@pytest.mark.parametrize("rel_type", ["LENT_TO", "OWNS"])
def test_two_writers_creating_the_same_parties_and_edge_leave_one_edge(neo4j_store, neo4j_uri, rel_type, monkeypatch):
    """Both transactions read the parties as absent before either writes them (a barrier holds each at its
    entity upsert until both have read); the second then waits on the first's locks. However it comes out,
    the edge is one, with both claims."""
    from kg.store import neo4j as backend

    barrier = threading.Barrier(2, timeout=30)
    real = backend.Neo4jStore._upsert_entities

    def upsert_after_both_read(self, tx, rows, old):
        barrier.wait()
        return real(self, tx, rows, old)

    monkeypatch.setattr(backend.Neo4jStore, "_upsert_entities", upsert_after_both_read)
    stores = [_open(neo4j_uri), _open(neo4j_uri)]
    errors: list[BaseException] = []

    def write(store, tag):
        try:
            store.write_articles(_batch(tag, rel_type))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(s, t)) for s, t in zip(stores, ("first", "second"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.close()
    assert not errors, errors
    doc = to_dict(neo4j_store.export())
    edges = [r for r in doc["relations"] if r["type"] == rel_type]
    assert len(edges) == 1, edges
    assert len(edges[0]["evidence"]) == 2 and len(edges[0]["claims"]) == 2
    assert len(doc["entities"]) == 2 and len(doc["articles"]) == 2
