"""Bulk loading a whole new graph (benchmarks, big imports): the tables ``Store.write_graph`` would leave,
built here as columns (pure), then written by the backend's own ``_bulk_write`` (LadybugDB: ``COPY`` from
Parquet or from ``UNWIND $rows``; Neo4j: batched ``UNWIND $rows``). See ``Store.bulk_load``.
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterator

from kg.errors import StoreError
from kg.model import EdgeSummary, Graph
from kg.names import normalize
from kg.schema import RELATION_TYPES
from kg.store.base import claim_row, edge_row


@dataclass
class BulkTables:
    """One dict of equal-length column lists per table; link tables have ``from`` and ``to``."""

    entities: dict[str, list]
    articles: dict[str, list]
    mentions: dict[str, list]
    claims: dict[str, list]
    subject: dict[str, list]
    object: dict[str, list]
    edges: dict[str, dict[str, list]] = field(default_factory=dict)  # per relation type

    def entity_labels(self) -> dict[str, list[dict[str, Any]]]:
        """Entity rows by their type (Neo4j labels)."""
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows(self.entities):
            out[row["type"]].append(row)
        return out


def bulk_tables(graph: Graph) -> BulkTables:
    claims, subject, obj, edges = claim_and_edge_tables(graph)
    return BulkTables(entity_table(graph), article_table(graph), mention_table(graph), claims, subject, obj, edges)


def entity_table(graph: Graph) -> dict[str, list]:
    seen: set[str] = set()
    cols: dict[str, list] = {"id": [], "name": [], "type": [], "aliases": [], "norm": []}
    for e in graph.entities:
        if e.id in seen:
            raise StoreError(f"entity {e.id} appears twice in the graph to load")
        seen.add(e.id)
        cols["id"].append(e.id)
        cols["name"].append(e.name)
        cols["type"].append(e.type)
        cols["aliases"].append(sorted(set(e.all_names())))
        cols["norm"].append(normalize(e.name))
    return cols


def article_table(graph: Graph) -> dict[str, list]:
    now = _dt.datetime.now(_dt.timezone.utc).isoformat()
    return {
        "id": [a.id for a in graph.articles],
        "sha256": [a.sha256 for a in graph.articles],
        "path": [a.path for a in graph.articles],
        "title": [a.title for a in graph.articles],
        "ingested_at": [a.ingested_at or now for a in graph.articles],
    }


def mention_table(graph: Graph) -> dict[str, list]:
    """Article -> entity for both ends of every relation whose claims come from that article."""
    known = {a.id for a in graph.articles}
    pairs: set[tuple[str, str]] = set()
    for r in graph.relations:
        for ev in r.evidence:
            if ev.article in known:
                pairs.add((ev.article, r.source))
                pairs.add((ev.article, r.target))
    ordered = sorted(pairs)
    return {"from": [a for a, _ in ordered], "to": [e for _, e in ordered]}


def name_key_tables(entities: dict[str, list]) -> list[tuple[str, dict[str, list]]]:
    """LadybugDB's name lookup (kg/store/embedded.py): NameKey per normalised name, NAMED to each entity."""
    pairs = sorted(zip(entities["norm"], entities["id"]))
    return [("NameKey", {"norm": sorted({n for n, _ in pairs})}), ("NAMED", {"from": [n for n, _ in pairs], "to": [i for _, i in pairs]})]


def claim_and_edge_tables(graph: Graph):
    """The claims (one row each, schema ``claim_properties``), their SUBJECT/OBJECT links, and per relation
    type the edges (``from``, ``to`` and the schema's ``edge_properties``) summarising them."""
    ids = {e.id for e in graph.entities}
    by_edge: dict[tuple[str, str, str], dict[tuple[str, int, int], Any]] = defaultdict(dict)
    for r in graph.relations:
        if r.type not in RELATION_TYPES:
            raise StoreError(f"unknown relation type {r.type!r}")
        if r.source not in ids or r.target not in ids:
            raise StoreError(f"relation {r.source} {r.type} {r.target}: an end is not among the graph's entities")
        for c in r.claims:
            by_edge[r.key].setdefault((c.article, int(c.start), int(c.end)), c)
    claims: dict[str, list] = defaultdict(list)
    subject: dict[str, list] = {"from": [], "to": []}
    obj: dict[str, list] = {"from": [], "to": []}
    edges: dict[str, dict[str, list]] = {}
    for key in sorted(by_edge):
        cs = list(by_edge[key].values())
        for c in cs:
            row = claim_row(key, c)
            for k, v in row.items():
                claims[k].append(v)
            subject["from"].append(row["id"])
            subject["to"].append(key[0])
            obj["from"].append(row["id"])
            obj["to"].append(key[2])
        erow = edge_row(key, EdgeSummary.of_claims(cs))
        cols = edges.setdefault(key[1], defaultdict(list))
        cols["from"].append(erow.pop("source"))
        cols["to"].append(erow.pop("target"))
        for k, v in erow.items():
            cols[k].append(v)
    return dict(claims), subject, obj, {t: dict(c) for t, c in edges.items()}


def rows(cols: dict[str, list]) -> Iterator[dict[str, Any]]:
    keys = list(cols)
    for values in zip(*(cols[k] for k in keys)):
        yield dict(zip(keys, values))


def bulk_load(store, graph: Graph, **_ignored) -> tuple[int, int]:
    """``store.bulk_load(graph)`` (kept for the benchmarks' callers)."""
    return store.bulk_load(graph)
