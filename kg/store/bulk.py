"""Bulk loading a whole new graph (benchmarks, big imports): the same nodes, properties and relationships
as ``Store.write_graph`` would leave, written in a few large steps instead of one transaction per article.

- Embedded (LadybugDB): ``COPY <table> FROM`` Parquet files written to a temporary folder (needs pyarrow,
  about ten times faster), else ``COPY <table> FROM (UNWIND $rows ...)`` with the rows as a parameter.
- Neo4j: batched ``UNWIND $rows`` statements, one transaction per batch.

The store must hold no kg entity or article yet: rows are created, not merged with existing ones.
"""
from __future__ import annotations

import datetime as _dt
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from kg.errors import StoreError
from kg.model import Graph, Relation, merge_relation
from kg.names import normalize
from kg.schema import ENTITY_TYPES, RELATION_TYPES
from kg.store import cypher as Q
from kg.store.base import Store

NEO4J_BATCH = 10_000

_REL_COLUMNS = ("amount_usd", "amount_text", "status", "confidence", "evidence", "evidence_article",
                "evidence_start", "evidence_end", "evidence_status")


def bulk_load(store: Store, graph: Graph, *, batch_size: int = NEO4J_BATCH) -> tuple[int, int]:
    """Load ``graph`` into an empty ``store``. Returns (entities, relations) written.
    Relations with the same (source, type, target) are merged first, as ``write_graph`` would."""
    if store._read(Q.COUNT_ARTICLES, {})[0]["n"] or store._read("MATCH (e:Entity) RETURN count(e) AS n", {})[0]["n"]:
        raise StoreError(f"{store.location}: bulk loading needs an empty store (use write_graph to add to one)")
    entities = entity_table(graph)
    relations = relation_tables(graph)
    articles = article_table(graph)
    mentions = mention_table(graph)
    if store.backend == "embedded":
        _load_embedded(store, entities, articles, mentions, relations)
    elif store.backend == "neo4j":
        _load_neo4j(store, entities, articles, mentions, relations, batch_size)
    else:
        raise StoreError(f"{store.location}: no bulk loader for backend {store.backend!r}")
    return len(entities["id"]), sum(len(t["from"]) for t in relations.values())


# --- pure column building (one dict of equal-length lists per table) ---------------------------------

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
    """Article -> entity for both ends of every relation whose evidence comes from that article."""
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
    """LadybugDB's name lookup (see NAME_ENTITY in kg/store/cypher.py): NameKey per normalised name, NAMED to each entity."""
    pairs = sorted(zip(entities["norm"], entities["id"]))
    return [("NameKey", {"norm": sorted({n for n, _ in pairs})}), ("NAMED", {"from": [n for n, _ in pairs], "to": [i for _, i in pairs]})]


def relation_tables(graph: Graph) -> dict[str, dict[str, list]]:
    """Per relation type, the columns ``from``, ``to`` and the stored relationship properties."""
    merged: dict[str, dict[tuple[str, str, str], Relation]] = defaultdict(dict)
    ids = {e.id for e in graph.entities}
    for r in graph.relations:
        if r.type not in RELATION_TYPES:
            raise StoreError(f"unknown relation type {r.type!r}")
        if r.source not in ids or r.target not in ids:
            raise StoreError(f"relation {r.source} {r.type} {r.target}: an end is not among the graph's entities")
        bucket = merged[r.type]
        bucket[r.key] = merge_relation(bucket[r.key], r) if r.key in bucket else r
    out: dict[str, dict[str, list]] = {}
    for rel_type, bucket in merged.items():
        cols: dict[str, list] = {"from": [], "to": [], **{c: [] for c in _REL_COLUMNS}}
        for r in bucket.values():
            cols["from"].append(r.source)
            cols["to"].append(r.target)
            cols["amount_usd"].append(float(r.amount_usd) if r.amount_usd is not None else None)
            cols["amount_text"].append(r.amount_text)
            cols["status"].append(r.status)
            cols["confidence"].append(float(r.confidence))
            cols["evidence"].append([e.sentence for e in r.evidence])
            cols["evidence_article"].append([e.article for e in r.evidence])
            cols["evidence_start"].append([int(e.start) for e in r.evidence])
            cols["evidence_end"].append([int(e.end) for e in r.evidence])
            cols["evidence_status"].append([e.status or "" for e in r.evidence])
        out[rel_type] = cols
    return out


def rows(cols: dict[str, list]) -> Iterator[dict[str, Any]]:
    keys = list(cols)
    for values in zip(*(cols[k] for k in keys)):
        yield dict(zip(keys, values))


# --- embedded ----------------------------------------------------------------------------------------

def _load_embedded(store, entities, articles, mentions, relations) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        pyarrow = None
    tables = [("Entity", entities), ("Article", articles), ("MENTIONS", mentions), *name_key_tables(entities),
              *((t, relations[t]) for t in RELATION_TYPES if t in relations)]
    if pyarrow is not None:
        with tempfile.TemporaryDirectory(prefix="kg-bulk-") as tmp:
            for name, cols in tables:
                if cols and len(next(iter(cols.values()))):
                    path = _write_parquet(Path(tmp) / f"{name}.parquet", name, cols)
                    # COPY takes neither its table nor its file as a parameter: a schema name and our own temp file
                    _copy(store, f"COPY {name} FROM '{path.as_posix()}'")
        return
    for name, cols in tables:
        if cols and len(next(iter(cols.values()))):
            returns = ", ".join(_cast(name, k) for k in cols)
            _copy(store, f"COPY {name} FROM (UNWIND $rows AS r RETURN {returns})", {"rows": list(rows(cols))})


def _cast(table: str, key: str) -> str:
    # LadybugDB infers a parameter's type from its values: a column of nulls would arrive as STRING
    return f"CAST(r.{key} AS DOUBLE)" if key in ("amount_usd", "confidence") and table in RELATION_TYPES else f"r.`{key}`"


def _copy(store, statement: str, params: dict | None = None) -> None:
    try:
        store._conn.execute(statement, params or {})
    except RuntimeError as e:
        raise StoreError(f"{store.location}: bulk load failed: {str(e).splitlines()[0]}") from None


def _write_parquet(path: Path, name: str, cols: dict[str, list]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {
        "amount_usd": pa.float64(), "confidence": pa.float64(),
        "evidence_start": pa.list_(pa.int64()), "evidence_end": pa.list_(pa.int64()),
        "aliases": pa.list_(pa.string()), "evidence": pa.list_(pa.string()),
        "evidence_article": pa.list_(pa.string()), "evidence_status": pa.list_(pa.string()),
    }
    arrays = {k: pa.array(v, type=types.get(k, pa.string())) for k, v in cols.items()}
    pq.write_table(pa.table(arrays), path)
    return path


# --- Neo4j -------------------------------------------------------------------------------------------

_N_ENTITIES = "UNWIND $rows AS r CREATE (e:Entity:$LABEL {id: r.id, name: r.name, type: r.type, aliases: r.aliases, norm: r.norm})"
_N_ARTICLES = ("UNWIND $rows AS r CREATE (:Article {id: r.id, sha256: r.sha256, path: r.path, title: r.title, "
               "ingested_at: r.ingested_at})")
_N_MENTIONS = "UNWIND $rows AS r MATCH (a:Article {id: r.from}) MATCH (e:Entity {id: r.to}) CREATE (a)-[:MENTIONS]->(e)"
_N_RELATIONS = (
    "UNWIND $rows AS r MATCH (s:Entity {id: r.from}) MATCH (t:Entity {id: r.to}) CREATE (s)-[x:$REL]->(t) "
    "SET x.amount_usd = r.amount_usd, x.amount_text = r.amount_text, x.status = r.status, x.confidence = r.confidence, "
    "x.evidence = r.evidence, x.evidence_article = r.evidence_article, x.evidence_start = r.evidence_start, "
    "x.evidence_end = r.evidence_end, x.evidence_status = r.evidence_status"
)


def _batches(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _load_neo4j(store, entities, articles, mentions, relations, batch_size: int) -> None:
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows(entities):
        by_label[row["type"]].append(row)
    work: list[tuple[str, list[dict[str, Any]]]] = []
    for label, items in by_label.items():
        if label not in ENTITY_TYPES:
            raise StoreError(f"unknown entity type {label!r}")
        work.append((Q.for_label(_N_ENTITIES, label), items))
    work.append((_N_ARTICLES, list(rows(articles))))
    work.append((_N_MENTIONS, list(rows(mentions))))
    for rel_type in RELATION_TYPES:
        if rel_type in relations:
            work.append((Q.for_relation(_N_RELATIONS, rel_type), list(rows(relations[rel_type]))))
    for statement, items in work:
        for batch in _batches(items, batch_size):
            with store._transaction() as tx:
                tx.run(statement, {"rows": batch})
