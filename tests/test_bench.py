"""The benchmark's synthetic inputs are valid and its script starts: no timing assertions here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import paragraph_pool, synthetic_texts, word_count  # noqa: E402
from bench.graphs import degree_stats, synthetic_graph  # noqa: E402


def test_synthetic_texts_are_distinct_deterministic_and_made_of_corpus_paragraphs():
    texts = synthetic_texts(50, seed=3)
    assert len(texts) == 50 and len(set(texts)) == 50
    assert texts == synthetic_texts(50, seed=3)
    assert texts != synthetic_texts(50, seed=4)
    pool = paragraph_pool()
    for t in texts[:10]:
        title, *body = t.strip().split("\n\n")
        assert title in pool.titles
        assert body and all(p in pool.paragraphs for p in body)
    assert word_count(texts) > 50 * 50


def test_synthetic_graph_has_the_requested_size_valid_types_and_evidence():
    from kg.schema import ENTITY_TYPES, RELATION_TYPES

    sg = synthetic_graph(3000, seed=1)
    g = sg.graph
    assert len(g.relations) == 3000
    assert len({r.key for r in g.relations}) == 3000
    ids = {e.id for e in g.entities}
    assert len(ids) == len(g.entities)
    assert {e.type for e in g.entities} <= set(ENTITY_TYPES)
    arts = {a.id for a in g.articles}
    for r in g.relations:
        assert r.type in RELATION_TYPES and r.source in ids and r.target in ids and r.source != r.target
        assert r.evidence and all(ev.article in arts and ev.end - ev.start == len(ev.sentence) for ev in r.evidence)
    assert sg.groups and sg.chain_bottoms and sg.owners
    shape = degree_stats(g)
    assert shape["max_degree"] > 10 * shape["median_degree"]  # hubs
    assert [r.key for r in synthetic_graph(3000, seed=1).graph.relations] == [r.key for r in g.relations]


@pytest.mark.slow
def test_bulk_load_matches_write_graph(tmp_path):
    """The bulk loader leaves the same graph as the per-article writer."""
    from kg.store.bulk import bulk_load
    from kg.store.embedded import EmbeddedStore

    g = synthetic_graph(300, seed=2).graph
    a, b = EmbeddedStore(tmp_path / "bulk"), EmbeddedStore(tmp_path / "write")
    try:
        assert bulk_load(a, g) == (len(g.entities), 300)
        b.write_graph(g)
        ea, eb = a.export(), b.export()
        assert [e.to_dict() for e in ea.entities] == [e.to_dict() for e in eb.entities]
        key = lambda r: (r.key, r.amount_usd, r.status, [e.to_dict() for e in r.evidence])  # noqa: E731
        assert sorted(map(key, ea.relations)) == sorted(map(key, eb.relations))
        assert a.stats() == b.stats()
    finally:
        a.close()
        b.close()


@pytest.mark.slow
def test_fund_paths_run_on_a_bulk_loaded_graph(tmp_path):
    from kg import query as Q
    from kg.store.bulk import bulk_load
    from kg.store.embedded import EmbeddedStore

    sg = synthetic_graph(1000, seed=2)
    store = EmbeddedStore(tmp_path / "s")
    try:
        bulk_load(store, sg.graph)
        assert any(Q.fund_paths(store, name) for name in sg.groups[:5])
    finally:
        store.close()


@pytest.mark.parametrize("script", [["bench/run.py"], ["-m", "bench.queries"], ["-m", "bench.profiles"]])
def test_bench_scripts_have_help(script):
    r = subprocess.run([sys.executable, *script, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "usage" in r.stdout.lower()
