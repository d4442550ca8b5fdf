"""The Store interface both backends implement, and the backend-independent write logic.

A backend provides three primitives: ``_read`` (one read statement), ``_transaction`` (a context whose
``run`` executes statements atomically, rolled back on any exception) and ``_init_schema``. Everything
else — merging aliases and evidence, counting what was added, exporting — lives here, once.
"""
from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from collections import defaultdict
from contextlib import AbstractContextManager
from typing import Any, Protocol

from kg.model import Article, ArticleGraph, Entity, Evidence, Graph, Relation, display_name, merge_entity, merge_relation
from kg.names import normalize
from kg.schema import RELATION_TYPES
from kg.store import cypher as Q


class Tx(Protocol):
    def run(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def run_rows(self, row_statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Run a row statement (``cypher.py``) once per row, or batched; returns every row's results."""
        ...


class Store(ABC):
    backend: str = "?"
    dialect: str = "neo4j"  # which variant of a statement to use where the Cypher dialects differ
    location: str = "?"  # shown to users; never holds a password

    # --- backend primitives -------------------------------------------------------------
    @abstractmethod
    def _read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Tx]: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def run_read_only(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a user's Cypher; refuse (ReadOnlyViolation) anything that would write."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- reading ---------------------------------------------------------------------------
    def read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one of kg's own read statements."""
        return self._read(statement, params or {})

    def read_each(self, row_statement: str, rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        """Run a row statement (anchored on its row's ``$parameters``) once per row: the results of each row,
        in order. Here row by row, each read anchored on a primary key (LadybugDB scans a table for a
        list-fed MATCH); Neo4j batches the rows (see ``Neo4jStore.read_each``)."""
        return [self._read(row_statement, row) for row in rows]

    def has_article(self, sha256: str) -> bool:
        return bool(self._read(Q.ARTICLE_EXISTS, {"id": sha256[:16], "sha256": sha256}))

    def entities(self) -> list[Entity]:
        return [entity_from_row(r) for r in self._read(Q.ALL_ENTITIES, {})]

    def relations(self) -> list[Relation]:
        out: list[Relation] = []
        for rel_type in RELATION_TYPES:
            out.extend(relation_from_row(rel_type, r) for r in self._read(Q.all_relations(rel_type), {}))
        return out

    def articles(self) -> list[Article]:
        return [
            Article(id=r["id"], sha256=r["sha256"], path=r["path"], title=r["title"], ingested_at=r["ingested_at"])
            for r in self._read(Q.ALL_ARTICLES, {})
        ]

    def export(self) -> Graph:
        return Graph(entities=self.entities(), relations=self.relations(), articles=self.articles())

    def stats(self) -> dict[str, Any]:
        entities = {r["type"]: int(r["n"]) for r in self._read(Q.COUNT_ENTITIES_BY_TYPE, {})}
        relations = {}
        for rel_type in RELATION_TYPES:
            n = int(self._read(Q.count_relations(rel_type), {})[0]["n"])
            if n:
                relations[rel_type] = n
        articles = int(self._read(Q.COUNT_ARTICLES, {})[0]["n"])
        return {"articles": articles, "entities": dict(sorted(entities.items())), "relations": relations}

    # --- writing ---------------------------------------------------------------------------
    def write_article(self, graph: ArticleGraph) -> tuple[int, int] | None:
        """Store one article's graph in one transaction. Returns (entities added, relations added),
        or None when the article (same SHA-256) is already stored."""
        with self._transaction() as tx:
            if tx.run(Q.ARTICLE_EXISTS, {"id": graph.article.id, "sha256": graph.article.sha256}):
                return None
            ids = sorted({e.id for e in graph.entities})
            old_entities = {r["id"]: entity_from_row(r) for r in tx.run_rows(Q.FETCH_ENTITY, [{"id": i} for i in ids])}
            rows, entities_added = entity_rows(graph.entities, old_entities)
            if rows:
                tx.run_rows(Q.UPSERT_ENTITY, rows)
                self._label_entities(tx, graph.entities)
                self._index_names(tx, rows, old_entities)
            article = graph.article
            tx.run(
                Q.CREATE_ARTICLE,
                {
                    "id": article.id,
                    "sha256": article.sha256,
                    "path": article.path,
                    "title": article.title,
                    "ingested_at": article.ingested_at or _dt.datetime.now(_dt.timezone.utc).isoformat(),
                },
            )
            tx.run_rows(Q.CREATE_MENTION, [{"article": article.id, "entity": i} for i in ids])
            relations_added = 0
            for rel_type, rels in group_relations(graph.relations).items():
                keys = [{"source": r.source, "target": r.target} for r in rels]
                old = {
                    (row["source"], rel_type, row["target"]): relation_from_row(rel_type, row)
                    for row in tx.run_rows(Q.fetch_relation(rel_type), keys)
                }
                new_rows, updated_rows = relation_rows(rels, old)
                relations_added += len(new_rows)
                tx.run_rows(Q.new_relation(rel_type, self.dialect), new_rows)
                tx.run_rows(Q.update_relation(rel_type, self.dialect), updated_rows)
            return entities_added, relations_added

    def write_graph(self, graph: Graph) -> tuple[int, int]:
        """Copy a whole exported graph in (used by ``kg push``): one transaction per article."""
        by_article: dict[str, list[Relation]] = defaultdict(list)
        for rel in graph.relations:
            for ev in rel.evidence:
                by_article[ev.article].append(
                    Relation(rel.source, rel.target, rel.type, [ev], rel.amount_usd, rel.amount_text, ev.status or rel.status, rel.confidence)
                )
        ents = {e.id: e for e in graph.entities}
        added_e = added_r = 0
        for art in graph.articles:
            rels = by_article.get(art.id, [])
            ids = {r.source for r in rels} | {r.target for r in rels}
            mentioned = [ents[i] for i in sorted(ids) if i in ents]
            result = self.write_article(ArticleGraph(article=art, entities=mentioned, relations=rels))
            if result:
                added_e += result[0]
                added_r += result[1]
        # entities no relation mentions still travel
        known = self._known_ids([e.id for e in graph.entities])
        rest = [e for e in graph.entities if e.id not in known]
        if rest:
            with self._transaction() as tx:
                rows, n = entity_rows(rest, {})
                tx.run_rows(Q.UPSERT_ENTITY, rows)
                self._label_entities(tx, rest)
                self._index_names(tx, rows, {})
                added_e += n
        return added_e, added_r

    def _label_entities(self, tx: Tx, entities: list[Entity]) -> None:
        """Backend hook inside the article's transaction (Neo4j adds the type as a label)."""

    def _index_names(self, tx: Tx, rows: list[dict[str, Any]], old: dict[str, Entity]) -> None:
        """Backend hook inside the article's transaction, after the entity upserts: keep a lookup from
        normalised name to entity (LadybugDB has no secondary index; Neo4j indexes Entity.norm)."""

    def _known_ids(self, ids: list[str]) -> set[str]:
        with self._transaction() as tx:
            return {r["id"] for r in tx.run_rows(Q.FETCH_ENTITY, [{"id": i} for i in ids])}


# --- pure row building (unit-tested without a database) -----------------------------------

def entity_from_row(r: dict[str, Any]) -> Entity:
    return Entity(id=r["id"], name=r["name"], type=r["type"], aliases=list(r.get("aliases") or []))


def relation_from_row(rel_type: str, r: dict[str, Any]) -> Relation:
    sentences = r.get("evidence") or []
    arts = r.get("evidence_article") or []
    starts = r.get("evidence_start") or []
    ends = r.get("evidence_end") or []
    statuses = r.get("evidence_status") or []
    evidence = [
        Evidence(article=a, sentence=s, start=int(b), end=int(e), status=(st or None))
        for s, a, b, e, st in zip(sentences, arts, starts, ends, list(statuses) + [None] * (len(sentences) - len(statuses)))
    ]
    rel = Relation(
        source=r["source"],
        target=r["target"],
        type=rel_type,
        evidence=evidence,
        amount_usd=r.get("amount_usd"),
        amount_text=r.get("amount_text"),
        status=r.get("status"),
        confidence=float(r.get("confidence") or 0.0),
    )
    rel.source_name = r.get("source_name")  # type: ignore[attr-defined]
    rel.target_name = r.get("target_name")  # type: ignore[attr-defined]
    return rel


def entity_rows(entities: list[Entity], existing: dict[str, Entity]) -> tuple[list[dict[str, Any]], int]:
    merged: dict[str, Entity] = {}
    added = 0
    for e in entities:
        base = merged.get(e.id) or existing.get(e.id)
        if base is None:
            added += 1
            names = sorted(set(e.all_names()))
            merged[e.id] = Entity(id=e.id, name=display_name(names, e.type, e.name), type=e.type, aliases=names)
        else:
            merged[e.id] = merge_entity(base, e)
    rows = [
        {"id": e.id, "name": e.name, "type": e.type, "aliases": sorted(set(e.aliases)), "norm": normalize(e.name)}
        for e in merged.values()
    ]
    return rows, added


def group_relations(relations: list[Relation]) -> dict[str, list[Relation]]:
    groups: dict[str, dict[tuple[str, str, str], Relation]] = defaultdict(dict)
    for r in relations:
        bucket = groups[r.type]
        bucket[r.key] = merge_relation(bucket[r.key], r) if r.key in bucket else r
    return {t: list(b.values()) for t, b in groups.items()}


def relation_rows(
    relations: list[Relation], existing: dict[tuple[str, str, str], Relation]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for the relations not stored yet, and rows for those stored (merged with what is there)."""
    new_rows: list[dict[str, Any]] = []
    updated_rows: list[dict[str, Any]] = []
    for r in relations:
        old = existing.get(r.key)
        if old is None:
            m = merge_relation(Relation(r.source, r.target, r.type, [], None, None, None, 0.0), r)
        else:
            m = merge_relation(old, r)
        (new_rows if old is None else updated_rows).append(
            {
                "source": m.source,
                "target": m.target,
                "amount_usd": float(m.amount_usd) if m.amount_usd is not None else None,
                "amount_text": m.amount_text,
                "status": m.status,
                "confidence": float(m.confidence),
                "evidence": [e.sentence for e in m.evidence],
                "evidence_article": [e.article for e in m.evidence],
                "evidence_start": [int(e.start) for e in m.evidence],
                "evidence_end": [int(e.end) for e in m.evidence],
                "evidence_status": [e.status or "" for e in m.evidence],
            }
        )
    return new_rows, updated_rows
