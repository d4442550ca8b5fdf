"""The Store interface both backends implement, and the backend-independent write logic.

A backend provides its primitives — ``_read`` (one read statement), ``_transaction`` (a context whose
``run`` executes statements atomically, rolled back on any exception), its dialect (``fragments``,
``param``) and its bulk path (``_bulk_write``). Everything else — merging aliases, writing claims once and
deriving each edge's summary from them, counting what was added, exporting — lives here, once.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import fields as _fields
from abc import ABC, abstractmethod
from collections import defaultdict
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from kg.model import Article, ArticleGraph, Claim, EdgeSummary, claim_id, Entity, Graph, Relation, display_name, merge_entity
from kg.errors import StoreError
from kg.names import normalize
from kg.schema import RELATION_TYPES, Property
from kg.store import cypher as Q

if TYPE_CHECKING:
    from kg.store.bulk import BulkTables


class Tx(Protocol):
    def run(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def run_rows(self, row_statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Run a row statement (``cypher.py``) once per row, or batched; returns every row's results."""
        ...


class Store(ABC):
    backend: str = "?"
    location: str = "?"  # shown to users; never holds a password
    # The dialect pieces filled into ``{{placeholders}}`` of kg's statements and queries (kg.store.cypher).
    fragments: dict[str, str] = {"rel_type": "type(r)", "create_edge": "MERGE",
                                 "entity_by_norm": "MATCH (e:Entity {norm: $norm})",
                                 "alias_contains_w": "any(a IN e.aliases WHERE toLower(a) CONTAINS w)"}

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

    @abstractmethod
    def _bulk_write(self, tables: "BulkTables") -> None:
        """Write whole new tables into an empty store, the backend's fastest way (kg.store.bulk)."""

    def param(self, prop: Property) -> str:
        """How a written property's value is spelled in a statement."""
        return f"${prop.name}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- statements ------------------------------------------------------------------------
    def statement(self, template: str, rel: str | None = None) -> str:
        """A kg statement with its ``{{placeholders}}`` filled: the schema's property lists, this backend's
        dialect fragments and, given ``rel``, the relation type (checked against the schema)."""
        key = (template, rel)
        cache = self.__dict__.setdefault("_statements", {})
        if key not in cache:
            values = {**Q.common_values(), **self.fragments,
                      "edge_sets": Q.sets("r", Q.edge_properties(), self.param),
                      "edge_map": Q.props_map(Q.edge_properties(), self.param),
                      "claim_sets": Q.sets("c", tuple(p for p in Q.claim_properties() if p.name != "id"), self.param)}
            if rel is not None:
                values["rel"] = Q.relation(rel)
            cache[key] = Q.fill(template, values)
        return cache[key]

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

    def claims(self) -> dict[tuple[str, str, str], list[Claim]]:
        """Every claim, by the edge (source, type, target) it now belongs to."""
        return group_claims(self._read(self.statement(Q.ALL_CLAIMS), {}))

    def relations(self) -> list[Relation]:
        claims = self.claims()
        out: list[Relation] = []
        for rel_type in RELATION_TYPES:
            for r in self._read(self.statement(Q.ALL_EDGES, rel_type), {}):
                out.append(relation_from_row(rel_type, r, claims.get((r["source"], rel_type, r["target"]), [])))
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
            n = int(self._read(self.statement(Q.COUNT_RELATIONS, rel_type), {})[0]["n"])
            if n:
                relations[rel_type] = n
        articles = int(self._read(Q.COUNT_ARTICLES, {})[0]["n"])
        return {"articles": articles, "entities": dict(sorted(entities.items())), "relations": relations}

    # --- writing ---------------------------------------------------------------------------
    def write_article(self, graph: ArticleGraph) -> tuple[int, int] | None:
        """Store one article's graph in one transaction. Returns (entities added, relations added),
        or None when the article (same SHA-256) is already stored."""
        return self.write_articles([graph])[0]

    def write_articles(self, graphs: list[ArticleGraph]) -> list[tuple[int, int] | None]:
        """Store several articles' graphs in one transaction (all or none): their claims are created, and
        each edge they touch is read once and written once with its summary combined with theirs. For each
        article, (entities added, relations added), or None when it was stored already (or earlier in the
        batch)."""
        for g in graphs:
            for r in g.relations:
                Q.relation(r.type)  # refuse an unknown type before anything is written
        with self._transaction() as tx:
            results: list[tuple[int, int] | None] = []
            fresh: list[ArticleGraph] = []
            seen: set[str] = set()
            for g in graphs:
                if g.article.sha256 in seen or tx.run(Q.ARTICLE_EXISTS, {"id": g.article.id, "sha256": g.article.sha256}):
                    results.append(None)
                    continue
                seen.add(g.article.sha256)
                fresh.append(g)
                results.append((0, 0))
            if not fresh:
                return results
            entities_added = self._write_entities(tx, fresh)
            self._write_articles_and_mentions(tx, fresh)
            relations_added = self._write_claims_and_edges(tx, fresh)
            counts = iter(zip(entities_added, relations_added))
            return [None if r is None else next(counts) for r in results]

    def _write_entities(self, tx: Tx, graphs: list[ArticleGraph]) -> list[int]:
        ids = sorted({e.id for g in graphs for e in g.entities})
        old = {r["id"]: entity_from_row(r) for r in tx.run_rows(Q.FETCH_ENTITY, [{"id": i} for i in ids])}
        merged = dict(old)
        added = []
        all_entities: list[Entity] = []
        for g in graphs:
            rows, n = entity_rows(g.entities, merged)
            merged.update({r["id"]: entity_from_row(r) for r in rows})
            all_entities.extend(g.entities)
            added.append(n)
        rows = [entity_row(merged[i]) for i in ids if i in merged]
        if rows:
            tx.run_rows(Q.UPSERT_ENTITY, rows)
            self._label_entities(tx, all_entities)
            self._index_names(tx, rows, old)
        return added

    def _write_articles_and_mentions(self, tx: Tx, graphs: list[ArticleGraph]) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).isoformat()
        tx.run_rows(Q.CREATE_ARTICLE, [
            {"id": g.article.id, "sha256": g.article.sha256, "path": g.article.path, "title": g.article.title,
             "ingested_at": g.article.ingested_at or now} for g in graphs])
        self._create_mentions(tx, [{"article": g.article.id, "entity": i} for g in graphs for i in sorted({e.id for e in g.entities})])

    def _write_claims_and_edges(self, tx: Tx, graphs: list[ArticleGraph]) -> list[int]:
        claim_rows_: list[dict[str, Any]] = []
        batch: dict[tuple[str, str, str], EdgeSummary] = {}
        first_seen: dict[tuple[str, str, str], int] = {}
        for i, g in enumerate(graphs):
            for key, claims in article_claims(g).items():
                claim_rows_.extend(claim_row(key, c) for c in claims)
                s = EdgeSummary.of_claims(claims)
                batch[key] = batch[key].combine(s) if key in batch else s
                first_seen.setdefault(key, i)
        self._create_claims(tx, claim_rows_)
        added = [0] * len(graphs)
        by_type: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for key in batch:
            by_type[key[1]].append(key)
        for rel_type, keys in sorted(by_type.items()):
            stored = {(r["source"], rel_type, r["target"]): EdgeSummary.from_row(r)
                      for r in tx.run_rows(self.statement(Q.FETCH_EDGE, rel_type), [{"source": k[0], "target": k[2]} for k in keys])}
            new_rows, updated_rows = [], []
            for key in keys:
                if key in stored:
                    updated_rows.append(edge_row(key, stored[key].combine(batch[key])))
                else:
                    new_rows.append(edge_row(key, batch[key]))
                    added[first_seen[key]] += 1
            self._create_edges(tx, rel_type, new_rows)
            tx.run_rows(self.statement(Q.UPDATE_EDGE, rel_type), updated_rows)
        return added

    def rederive_edges(self, entity_ids: list[str]) -> int:
        """Re-derive, from the claims, every edge touching ``entity_ids`` (after their claims' SUBJECT or
        OBJECT links were re-pointed, e.g. by a merge): edges without claims go, the others get their
        summary recomputed. One transaction. Returns the number of edges written."""
        ids = sorted(set(entity_ids))
        with self._transaction() as tx:
            rows = [r for i in ids for r in tx.run(self.statement(Q.CLAIMS_OF_ENTITY), {"id": i})]
            by_edge = group_claims({r["id"]: r for r in rows}.values())
            for rel_type in RELATION_TYPES:
                tx.run_rows(self.statement(Q.DELETE_EDGES_OUT, rel_type), [{"id": i} for i in ids])
                tx.run_rows(self.statement(Q.DELETE_EDGES_IN, rel_type), [{"id": i} for i in ids])
            by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for key, claims in by_edge.items():
                by_type[key[1]].append(edge_row(key, EdgeSummary.of_claims(claims)))
            for rel_type, edge_rows_ in sorted(by_type.items()):
                self._create_edges(tx, rel_type, edge_rows_)
        return sum(len(v) for v in by_type.values())

    def write_graph(self, graph: Graph) -> tuple[int, int]:
        """Copy a whole exported graph in (used by ``kg push``): its articles in batches, each claim
        written with the article it comes from."""
        by_article: dict[str, list[Relation]] = defaultdict(list)
        for rel in graph.relations:
            for c in rel.claims:
                by_article[c.article].append(Relation(rel.source, rel.target, rel.type, [c], confidence=rel.confidence))
        ents = {e.id: e for e in graph.entities}
        added_e = added_r = 0
        graphs = []
        for art in graph.articles:
            rels = by_article.get(art.id, [])
            ids = {r.source for r in rels} | {r.target for r in rels}
            graphs.append(ArticleGraph(article=art, entities=[ents[i] for i in sorted(ids) if i in ents], relations=rels))
        for i in range(0, len(graphs), WRITE_BATCH):
            for result in self.write_articles(graphs[i : i + WRITE_BATCH]):
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

    def bulk_load(self, graph: Graph) -> tuple[int, int]:
        """Load ``graph`` into this empty store in a few large steps (benchmarks, big imports); the same
        nodes, claims and edges as ``write_graph`` would leave. Returns (entities, relations) written."""
        from kg.store.bulk import bulk_tables

        if self._read(Q.COUNT_ARTICLES, {})[0]["n"] or self._read(Q.COUNT_ENTITIES, {})[0]["n"]:
            raise StoreError(f"{self.location}: bulk loading needs an empty store (use write_graph to add to one)")
        tables = bulk_tables(graph)
        self._bulk_write(tables)
        return len(tables.entities["id"]), sum(len(t["from"]) for t in tables.edges.values())

    def _create_mentions(self, tx: Tx, rows: list[dict[str, Any]]) -> None:
        tx.run_rows(Q.CREATE_MENTION, rows)

    def _create_claims(self, tx: Tx, rows: list[dict[str, Any]]) -> None:
        """Create new claims with their SUBJECT/OBJECT links, inside the transaction (the backend's fastest
        safe way; here the row statement, which Neo4j runs as UNWIND batches)."""
        tx.run_rows(self.statement(Q.CREATE_CLAIM), rows)

    def _create_edges(self, tx: Tx, rel_type: str, rows: list[dict[str, Any]]) -> None:
        """Create edges the transaction has read as absent (see ``_create_claims``)."""
        tx.run_rows(self.statement(Q.NEW_EDGE, rel_type), rows)

    def _label_entities(self, tx: Tx, entities: list[Entity]) -> None:
        """Backend hook inside the article's transaction (Neo4j adds the type as a label)."""

    def _index_names(self, tx: Tx, rows: list[dict[str, Any]], old: dict[str, Entity]) -> None:
        """Backend hook inside the article's transaction, after the entity upserts: keep a lookup from
        normalised name to entity (LadybugDB has no secondary index; Neo4j indexes Entity.norm)."""

    def _known_ids(self, ids: list[str]) -> set[str]:
        with self._transaction() as tx:
            return {r["id"] for r in tx.run_rows(Q.FETCH_ENTITY, [{"id": i} for i in ids])}


WRITE_BATCH = 32  # articles per transaction in write_graph


# --- pure row building (unit-tested without a database) -----------------------------------

def entity_from_row(r: dict[str, Any]) -> Entity:
    return Entity(id=r["id"], name=r["name"], type=r["type"], aliases=list(r.get("aliases") or []))


def entity_row(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type, "aliases": sorted(set(e.aliases)), "norm": normalize(e.name)}


_CLAIM_FIELDS = {f.name for f in _fields(Claim)}


def claim_row(key: tuple[str, str, str], c: Claim) -> dict[str, Any]:
    """A claim's stored properties (schema ``claim_properties``), keyed by property name."""
    ids = {"id": claim_id(key, c), "type": key[1], "subject": key[0], "object": key[2]}
    row = {}
    for p in Q.claim_properties():
        v = ids[p.name] if p.name in ids else getattr(c, p.field)
        row[p.name] = _typed(p, v)
    return row


def claim_from_row(r: dict[str, Any]) -> Claim:
    return Claim(**{p.field: r.get(p.name) for p in Q.claim_properties() if p.field in _CLAIM_FIELDS})


def group_claims(rows) -> dict[tuple[str, str, str], list[Claim]]:
    out: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for r in rows:
        out[(r["edge_source"], r["type"], r["edge_target"])].append(claim_from_row(r))
    for claims in out.values():
        claims.sort(key=lambda c: (c.article, c.start, c.end))
    return dict(out)


def edge_row(key: tuple[str, str, str], s: EdgeSummary) -> dict[str, Any]:
    """An edge's stored properties (schema ``edge_properties``), derived from its summary."""
    return {"source": key[0], "target": key[2], **{p.name: _typed(p, s.value(p.field)) for p in Q.edge_properties()}}


def _typed(p: Property, v: Any) -> Any:
    if v is None:
        return None
    if p.type == "DOUBLE":
        return float(v)
    if p.type == "INT64":
        return int(v)
    if p.type == "BOOL":
        return bool(v)
    return v


def relation_from_row(rel_type: str, r: dict[str, Any], claims: list[Claim] | None = None) -> Relation:
    return Relation.from_summary(r["source"], r["target"], rel_type, EdgeSummary.from_row(r), claims,
                                 r.get("source_name"), r.get("target_name"))


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
    return [entity_row(e) for e in merged.values()], added


def article_claims(graph: ArticleGraph) -> dict[tuple[str, str, str], list[Claim]]:
    """An article's claims by edge: each relation's claims as stated (``Relation.claims``), the same place
    stated twice kept once."""
    out: dict[tuple[str, str, str], dict[tuple[str, int, int], Claim]] = defaultdict(dict)
    for r in graph.relations:
        for c in r.claims:
            out[r.key].setdefault((c.article, int(c.start), int(c.end)), c)
    return {k: list(v.values()) for k, v in out.items() if v}
