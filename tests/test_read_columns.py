"""Store.read_columns, run against every backend: a read's result as columns, optionally only the rows
whose key columns make one of the wanted tuples (kg.query's whole-graph reads)."""
from __future__ import annotations

import sys

import pytest

from kg.errors import QueryError
from kg.store.base import Store

ROWS = [{"a": "x\x1fy", "b": "z", "n": 1, "l": ["p", "q"]},  # "x\x1fy","z" and "x","y\x1fz" join alike on \x1f
        {"a": "x", "b": "y\x1fz", "n": 2, "l": []},
        {"a": "x", "b": "z", "n": None, "l": ["r"]},
        {"a": "x", "b": "z", "n": 4, "l": ["s"]}]
STATEMENT = "UNWIND $rows AS r RETURN r.a AS a, r.b AS b, r.n AS n, r.l AS l"


def by_rows(store, keep=None):
    rows = [[r[k] for k in ("a", "b", "n", "l")] for r in store.read(STATEMENT, {"rows": ROWS})]
    if keep is not None:
        rows = [r for r in rows if (r[0], r[1]) in keep]
    return {k: [r[i] for r in rows] for i, k in enumerate(("a", "b", "n", "l"))}


@pytest.fixture(params=["embedded-arrow", "embedded-rows", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def columns_store(request, monkeypatch):
    """Each backend, the embedded store both as Arrow (when pyarrow is installed) and row by row."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_store")
    if request.param == "embedded-arrow":
        pytest.importorskip("pyarrow")
    else:
        monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    return request.getfixturevalue("fresh_db")


def test_columns_hold_what_the_rows_hold_in_order(columns_store):
    assert columns_store.read_columns(STATEMENT, {"rows": ROWS}) == by_rows(columns_store)


@pytest.mark.parametrize("keep", [{("x", "z")}, {("x\x1fy", "z")}, {("x", "y\x1fz"), ("nobody", "z")}, set(),
                                  {("x", "y"), ("y", "z")}])
def test_keep_keeps_exactly_the_rows_whose_key_is_wanted(columns_store, keep):
    got = columns_store.read_columns(STATEMENT, {"rows": ROWS}, keep=(("a", "b"), keep))
    assert got == by_rows(columns_store, keep)


def test_keep_by_a_column_the_statement_does_not_return_is_refused(columns_store):
    with pytest.raises(QueryError, match="cannot keep rows by c"):
        columns_store.read_columns(STATEMENT, {"rows": ROWS}, keep=(("a", "c"), {("x", "z")}))


def test_the_default_read_columns_equals_each_backends_own(any_store):
    """The base class's version (rows from ``_read``) is the reference each backend's streaming one meets."""
    keep = (("a", "b"), {("x", "z"), ("x\x1fy", "z")})
    assert Store.read_columns(any_store, STATEMENT, {"rows": ROWS}, keep=keep) == any_store.read_columns(STATEMENT, {"rows": ROWS}, keep=keep)


def test_a_long_result_with_repeated_values_comes_back_whole(columns_store):
    """Long string columns travel compressed to one string per distinct value (LadybugDB as Arrow): the
    values, their order and the missing ones come back as the rows hold them."""
    rows = [{"a": f"entity:{i % 37}", "b": None if i % 11 == 0 else f"t{i % 5}", "n": i, "l": [f"s{i % 3}"]} for i in range(3000)]
    got = columns_store.read_columns(STATEMENT, {"rows": rows})
    assert got == {k: [r[k] for r in rows] for k in ("a", "b", "n", "l")}


@pytest.mark.parametrize("seed", range(3))
def test_edge_reader_codes_every_edge_as_the_rows_hold_it(any_store, seed):
    """Store.edge_reader (whole-graph edge reads, ends as codes): the default reader and each backend's own
    (LadybugDB: ends as Entity row numbers, coded through Arrow) give the same tables, codes sort as the ids
    do, and every row taken back is the stored edge with its summary and its ends' names."""
    from kg.query import load_query
    from tests.test_related_party import random_graph

    graph = random_graph(seed)
    any_store.write_article(graph)
    own, default = any_store.edge_reader(), Store.edge_reader(any_store)
    assert own.ids == default.ids == sorted(e.id for e in any_store.entities())
    names = {e.id: e.name for e in any_store.entities()}
    stored = {r.key: r for r in any_store.relations()}
    for query in ("control_edges", "money_edges"):
        statement = load_query(query, any_store.fragments)
        tables = [reader.read(statement) for reader in (own, default)]
        got = []
        for t in tables:
            rows = t.rows(list(range(len(t))))
            got.append(sorted((r["source"], r["type"], r["target"], r["source_name"], r["target_name"], r["claims"], r["amount_usd"])
                              for r in rows))
            assert [(t.ids[a], t.types[ty], t.ids[b]) for a, ty, b in zip(t.source.tolist(), t.type.tolist(), t.target.tolist())] == \
                   [(r["source"], r["type"], r["target"]) for r in rows]
            assert t.types == sorted(t.types)
        assert got[0] == got[1]
        keys = {k[:3] for k in got[0]}
        assert keys and keys <= set(stored)
        for source, ty, target, source_name, target_name, claims, amount in got[0]:
            r = stored[(source, ty, target)]
            assert (source_name, target_name, claims, amount) == (names[source], names[target], len(r.evidence), r.amount_usd)
