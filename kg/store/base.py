"""The Store interface both backends implement, and the backend-independent write logic.

A backend provides its primitives — ``_read`` (one read statement), ``_transaction`` (a context whose
``run`` executes statements atomically, rolled back on any exception), its dialect (``fragments``,
``param``) and its bulk path (``_bulk_write``). Everything else — merging aliases, writing claims once and
deriving each edge's summary from them, counting what was added, exporting — lives here, once.
"""
from __future__ import annotations

import datetime as _dt
import json as _json
from dataclasses import dataclass
from dataclasses import fields as _fields
from dataclasses import replace as _dc_replace
from abc import ABC, abstractmethod
from collections import defaultdict
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Callable, Protocol

from kg.model import Article, ArticleGraph, Claim, EdgeSummary, claim_id, Entity, Graph, Judgement, Relation, display_name, merge_entity
from kg.errors import JudgementError, NotFound, QueryError, StoreError
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
                                 # how a whole-graph read names an entity (Store.read_edges)
                                 "entity_ref": "e.id", "source_ref": "s.id", "target_ref": "t.id",
                                 "entity_by_norm": "MATCH (e:Entity {norm: $norm})",
                                 # the claims between two entities, read from whichever end has fewer (a
                                 # degree is a count Neo4j keeps): one plan would start at one end for every
                                 # edge, and an end that is a hub holds thousands of claims
                                 "claims_between": (
                                     "MATCH (s:Entity {id: $source}) MATCH (t:Entity {id: $target}) "
                                     "CALL (s, t) { "
                                     "WITH s, t WHERE COUNT { (s)<-[:SUBJECT]-() } <= COUNT { (t)<-[:OBJECT]-() } "
                                     "MATCH (s)<-[:SUBJECT]-(c:Claim) WHERE (c)-[:OBJECT]->(t) RETURN c "
                                     "UNION ALL "
                                     "WITH s, t WHERE COUNT { (s)<-[:SUBJECT]-() } > COUNT { (t)<-[:OBJECT]-() } "
                                     "MATCH (t)<-[:OBJECT]-(c:Claim) WHERE (c)-[:SUBJECT]->(s) RETURN c } "
                                     "WITH s, c, t"),
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
                      "claim_map": Q.props_map(Q.claim_properties(), self.param),
                      "claim_sets": Q.sets("c", tuple(p for p in Q.claim_properties() if p.name != "id"), self.param),
                      "judgement_sets": Q.sets("j", tuple(p for p in Q.judgement_properties() if p.name != "id"), self.param)}
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

    # --- columnar reads (whole-graph questions) ---------------------------------------------------
    def read_columns(self, statement: str, params: dict[str, Any] | None = None, *,
                     keep: Keep | None = None) -> dict[str, list[Any]]:
        """One of kg's read statements, its result as columns: each returned name -> its values, in row
        order, no dict per row. With ``keep`` = (column names, set of value tuples), only the rows whose
        values in those columns make one of the tuples. For reads of a whole graph (kg.query's related
        parties): each backend streams its result its own fastest way (``columns_of``). Columns of an
        empty result may be missing."""
        rows = self._read(statement, params or {})
        names = list(rows[0]) if rows else []
        return columns_of(names, ([r[n] for n in names] for r in rows), keep)

    def edge_reader(self) -> "EdgeReader":
        """For whole-graph edge reads (``EdgeReader.read``): the entities coded once, each read's ends
        then codes into one sorted list of entity ids (code order is id order). Here from
        ``read_columns``; the embedded store reads Arrow."""
        ents = self.read_columns(self.statement(Q.ENTITY_REFS))
        order = sorted(range(len(ents.get("id", ()))), key=ents.get("id", []).__getitem__)
        names = [ents["name"][i] for i in order]
        return _ListEdgeReader(self, [ents["id"][i] for i in order], {ents["ref"][i]: c for c, i in enumerate(order)},
                               lambda codes: [names[c] for c in codes])

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
        return Graph(entities=self.entities(), relations=self.relations(), articles=self.articles(),
                     merged_from=self.merged_from())

    def neighbour_ids(self) -> dict[str, set[str]]:
        """Entity id -> the ids it shares an edge with, either way (no claims read)."""
        out: dict[str, set[str]] = defaultdict(set)
        for rel_type in RELATION_TYPES:
            for r in self._read(self.statement(Q.ALL_EDGES, rel_type), {}):
                out[r["source"]].add(r["target"])
                out[r["target"]].add(r["source"])
        return dict(out)

    def merged_from(self) -> dict[str, list[str]]:
        """Entity id -> the ids merged into it by the investigator (transitively: a merge into an entity
        that was itself merged on counts for the survivor)."""
        into = {j.b: j.a for j in self.judgements() if j.active and j.kind == "same" and j.snapshot}
        out: dict[str, list[str]] = defaultdict(list)
        for b in into:
            a = into[b]
            seen = {b}
            while a in into and a not in seen:
                seen.add(a)
                a = into[a]
            out[a].append(b)
        return {k: sorted(v) for k, v in out.items()}

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
            seen = {r["sha256"] for r in self._read_rows(
                tx, Q.ARTICLE_EXISTS, [{"id": g.article.id, "sha256": g.article.sha256} for g in graphs])}
            for g in graphs:
                if g.article.sha256 in seen:
                    results.append(None)
                    continue
                seen.add(g.article.sha256)
                fresh.append(g)
                results.append((0, 0))
            if not fresh:
                return results
            entities_added, created = self._write_entities(tx, fresh)
            self._write_articles_and_mentions(tx, fresh)
            relations_added = self._write_claims_and_edges(tx, fresh, created)
            counts = iter(zip(entities_added, relations_added))
            return [None if r is None else next(counts) for r in results]

    def _write_entities(self, tx: Tx, graphs: list[ArticleGraph]) -> tuple[list[int], set[str]]:
        """Upsert the batch's entities; returns the entities each article added, and the ids this batch created."""
        ids = sorted({e.id for g in graphs for e in g.entities})
        old = {r["id"]: entity_from_row(r) for r in self._read_rows(tx, Q.FETCH_ENTITY, [{"id": i} for i in ids])}
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
            self._upsert_entities(tx, rows, old)
            self._label_entities(tx, all_entities)
            self._index_names(tx, rows, old)
        return added, set(ids) - set(old)

    def _write_articles_and_mentions(self, tx: Tx, graphs: list[ArticleGraph]) -> None:
        now = _dt.datetime.now(_dt.timezone.utc).isoformat()
        self._create_articles(tx, [
            {"id": g.article.id, "sha256": g.article.sha256, "path": g.article.path, "title": g.article.title,
             "ingested_at": g.article.ingested_at or now} for g in graphs])
        self._create_mentions(tx, [{"article": g.article.id, "entity": i} for g in graphs for i in sorted({e.id for e in g.entities})])

    def _write_claims_and_edges(self, tx: Tx, graphs: list[ArticleGraph], created: set[str]) -> list[int]:
        """Create the batch's claims; create or update the edges they belong to. An edge with an end this
        batch created (``created``) cannot be stored yet: it is new without a read."""
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
        stored = self._read_edges(tx, {rel_type: [{"source": k[0], "target": k[2]} for k in keys
                                                  if k[0] not in created and k[2] not in created]
                                       for rel_type, keys in sorted(by_type.items())})
        new_rows: dict[str, list[dict[str, Any]]] = {}
        updated_rows: dict[str, list[dict[str, Any]]] = {}
        for rel_type, keys in sorted(by_type.items()):
            for key in keys:
                if key in stored:
                    updated_rows.setdefault(rel_type, []).append(edge_row(key, stored[key].combine(batch[key])))
                else:
                    new_rows.setdefault(rel_type, []).append(edge_row(key, batch[key]))
                    added[first_seen[key]] += 1
        self._write_edges(tx, new_rows, updated_rows)
        return added

    def rederive_edges(self, entity_ids: list[str]) -> int:
        """Re-derive, from the claims, every edge touching ``entity_ids`` (after their claims' SUBJECT or
        OBJECT links were re-pointed, e.g. by a merge): edges without claims go, the others get their
        summary recomputed. One transaction. Returns the number of edges written."""
        with self._transaction() as tx:
            return self._rederive(tx, entity_ids)

    def _rederive(self, tx: Tx, entity_ids: list[str]) -> int:
        ids = sorted(set(entity_ids))
        rows = [r for i in ids for r in tx.run(self.statement(Q.CLAIMS_OF_ENTITY), {"id": i})]
        by_edge = group_claims({r["id"]: r for r in rows}.values())
        for rel_type in RELATION_TYPES:
            tx.run_rows(self.statement(Q.DELETE_EDGES_OUT, rel_type), [{"id": i} for i in ids])
            tx.run_rows(self.statement(Q.DELETE_EDGES_IN, rel_type), [{"id": i} for i in ids])
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key, claims in by_edge.items():
            if key[0] != key[2]:  # a claim between two parties later judged one is kept, but draws no loop
                by_type[key[1]].append(edge_row(key, EdgeSummary.of_claims(claims)))
        for rel_type, edge_rows_ in sorted(by_type.items()):
            self._create_edges(tx, rel_type, edge_rows_)
        return sum(len(v) for v in by_type.values())

    # --- judgements: the investigator's corrections, kept beside the data and replayable ----------
    def judgements(self) -> list[Judgement]:
        """Every judgement, oldest first, undone ones included (``undone_at`` set)."""
        return [judgement_from_row(r) for r in self._read(self.statement(Q.ALL_JUDGEMENTS), {})]

    def judged_pairs(self) -> set[frozenset[str]]:
        """Pairs an active judgement speaks of (``kg dedupe`` does not propose them again)."""
        return {j.pair for j in self.judgements() if j.active}

    def distinct_pairs(self) -> set[frozenset[str]]:
        """Pairs judged different: ingest's resolution never links one onto the other."""
        return {j.pair for j in self.judgements() if j.active and j.kind == "different"}

    def record_judgement(self, j: Judgement) -> Judgement:
        """Store a ``different`` or ``unsure`` judgement (a ``same`` one goes through ``merge_entities``)."""
        if j.kind == "same":
            raise ValueError("a same-judgement is recorded by merge_entities")
        if not j.at:
            j = _dc_replace(j, at=_now(), id="")  # dated when recorded; the id follows the date
        with self._transaction() as tx:
            self._check_judgeable(tx, j.a, j.b, j.kind)
            tx.run(self.statement(Q.CREATE_JUDGEMENT), judgement_row(j))
        return j

    def _fetch_entity(self, tx: Tx, entity_id: str) -> Entity:
        rows = tx.run(Q.FETCH_ENTITY, {"id": entity_id})
        if not rows:
            raise NotFound(f"{self.location}: no entity {entity_id}")
        return entity_from_row(rows[0])

    def _check_judgeable(self, tx: Tx, a: str, b: str, kind: str) -> tuple[Entity, Entity]:
        if a == b:
            raise JudgementError(f"{a}: an entity cannot be judged against itself")
        ea = self._fetch_entity(tx, a)
        if kind != "same" and not tx.run(Q.FETCH_ENTITY, {"id": b}):
            # a name the resolver folded into ``a`` ("not this one"): kept apart from the next resolution on
            return ea, Entity(b, b, ea.type, [])
        eb = self._fetch_entity(tx, b)
        if kind == "same":
            if ea.type != eb.type and frozenset({ea.type, eb.type}) not in MERGEABLE_TYPES:
                raise JudgementError(f"{ea.name} ({ea.type}) and {eb.name} ({eb.type}): a {ea.type} and a {eb.type} cannot be one party")
            for j in self._judgements_tx(tx):
                if j.active and j.kind == "different" and j.pair == frozenset({a, b}):
                    raise JudgementError(f"{ea.name} and {eb.name} were judged different ({j.at}, {j.who}): "
                                         "that judgement stands; merge refused")
        return ea, eb

    def _judgements_tx(self, tx: Tx) -> list[Judgement]:
        return [judgement_from_row(r) for r in tx.run(self.statement(Q.ALL_JUDGEMENTS), {})]

    def merge_entities(self, keep: str, absorb: str, *, reason: str = "", who: str = "", at: str = "") -> Judgement:
        """One entity from now on: ``absorb``'s names become ``keep``'s aliases and every claim and mention
        of it is re-pointed to ``keep``; edges are re-derived. One transaction; the judgement records what
        changed so that ``unmerge`` restores exactly the graph as it was."""
        with self._transaction() as tx:
            return self._merge(tx, keep, absorb, reason=reason, who=who, at=at or _now())

    def _merge(self, tx: Tx, keep: str, absorb: str, *, reason: str, who: str, at: str, replaces: str | None = None) -> Judgement:
        if replaces:
            tx.run(Q.DELETE_JUDGEMENT, {"id": replaces})  # the pending record gives way to the applied one
        ea, eb = self._check_judgeable(tx, keep, absorb, "same")
        snapshot = {
            "a": ea.to_dict(), "b": eb.to_dict(),
            "subject_claims": [r["id"] for r in tx.run(Q.CLAIMS_WITH_SUBJECT, {"id": absorb})],
            "object_claims": [r["id"] for r in tx.run(Q.CLAIMS_WITH_OBJECT, {"id": absorb})],
            "a_mentions": [r["id"] for r in tx.run(Q.ARTICLES_MENTIONING, {"id": keep})],
            "b_mentions": [r["id"] for r in tx.run(Q.ARTICLES_MENTIONING, {"id": absorb})],
        }
        self._repoint(tx, snapshot["subject_claims"], snapshot["object_claims"], absorb, keep)
        tx.run_rows(Q.DELETE_MENTION, [{"article": x, "entity": absorb} for x in snapshot["b_mentions"]])
        tx.run_rows(Q.CREATE_MENTION, [{"article": x, "entity": keep} for x in snapshot["b_mentions"]
                                       if x not in set(snapshot["a_mentions"])])
        for rel_type in RELATION_TYPES:  # the absorbed entity's edges go with it; keep's are re-derived
            tx.run_rows(self.statement(Q.DELETE_EDGES_OUT, rel_type), [{"id": absorb}])
            tx.run_rows(self.statement(Q.DELETE_EDGES_IN, rel_type), [{"id": absorb}])
        tx.run(Q.DELETE_ENTITY, {"id": absorb})
        merged = merge_entity(ea, eb)
        self._put_entity(tx, Entity(keep, merged.name, ea.type, merged.aliases), old=ea)
        self._rederive(tx, [keep])
        j = Judgement("same", keep, absorb, ea.name, eb.name, reason, who, at,
                      snapshot=_json.dumps(snapshot, sort_keys=True, ensure_ascii=False, allow_nan=False))
        tx.run(self.statement(Q.CREATE_JUDGEMENT), judgement_row(j))
        return j

    def unmerge(self, entity_id: str, *, at: str = "") -> Judgement:
        """Undo the latest merge that absorbed ``entity_id`` (or, given the kept entity, the latest merge into
        it): the absorbed entity comes back with its names, claims and mentions, edges are re-derived, and
        the judgement is marked undone. Articles ingested since the merge keep what they said of the merged
        entity."""
        at = at or _now()
        with self._transaction() as tx:
            merges = [j for j in self._judgements_tx(tx) if j.active and j.kind == "same" and j.snapshot]
            target = next((j for j in reversed(merges) if j.b == entity_id), None) or \
                next((j for j in reversed(merges) if j.a == entity_id), None)
            if target is None:
                raise JudgementError(f"{entity_id}: no merge to undo (kg judgements lists them)")
            snap = _json.loads(target.snapshot)
            before_a, before_b = Entity(**{k: snap["a"][k] for k in ("id", "name", "type", "aliases")}), \
                Entity(**{k: snap["b"][k] for k in ("id", "name", "type", "aliases")})
            now_a = self._fetch_entity(tx, target.a)
            if tx.run(Q.FETCH_ENTITY, {"id": target.b}):
                raise JudgementError(f"{target.b}: exists again (a later article re-created it); merge it first")
            self._put_entity(tx, before_b, old=None)
            # names the absorbed entity brought go back with it; names learnt since stay
            brought = set(before_b.aliases) - set(before_a.aliases)
            aliases = sorted(set(now_a.aliases) - brought)
            name = before_a.name if aliases == sorted(before_a.aliases) else display_name(aliases, now_a.type, now_a.name)
            self._put_entity(tx, Entity(target.a, name, now_a.type, aliases), old=now_a)
            still_subject = {r["id"] for r in tx.run(Q.CLAIMS_WITH_SUBJECT, {"id": target.a})}
            still_object = {r["id"] for r in tx.run(Q.CLAIMS_WITH_OBJECT, {"id": target.a})}
            self._repoint(tx, [c for c in snap["subject_claims"] if c in still_subject],
                          [c for c in snap["object_claims"] if c in still_object], target.a, target.b)
            tx.run_rows(Q.CREATE_MENTION, [{"article": x, "entity": target.b} for x in snap["b_mentions"]])
            tx.run_rows(Q.DELETE_MENTION, [{"article": x, "entity": target.a} for x in snap["b_mentions"]
                                           if x not in set(snap["a_mentions"])])
            self._rederive(tx, [target.a, target.b])
            target.undone_at = at
            tx.run(Q.UPDATE_JUDGEMENT, {"id": target.id, "undone_at": at, "snapshot": target.snapshot})
        return target

    def _repoint(self, tx: Tx, subject_claims: list[str], object_claims: list[str], old: str, new: str) -> None:
        tx.run_rows(Q.UNLINK_SUBJECT, [{"claim": c, "old": old} for c in subject_claims])
        tx.run_rows(Q.LINK_SUBJECT, [{"claim": c, "new": new} for c in subject_claims])
        tx.run_rows(Q.UNLINK_OBJECT, [{"claim": c, "old": old} for c in object_claims])
        tx.run_rows(Q.LINK_OBJECT, [{"claim": c, "new": new} for c in object_claims])

    def _put_entity(self, tx: Tx, e: Entity, old: Entity | None) -> None:
        rows = [entity_row(e)]
        tx.run_rows(Q.UPSERT_ENTITY, rows)
        self._label_entities(tx, [e])
        self._index_names(tx, rows, {old.id: old} if old else {})

    def import_judgements(self, judgements: list[Judgement]) -> tuple[int, int, int]:
        """Replay judgements exported from another store (or the same one, rebuilt): each is applied if both
        its entities are here, kept pending otherwise (applied by ``apply_pending_judgements`` after later
        ingests), skipped if this store already holds it. Returns (applied, pending, skipped)."""
        applied = pending = skipped = 0
        have = {(j.kind, j.a, j.b) for j in self.judgements() if j.active}
        for j in judgements:
            if (j.kind, j.a, j.b) in have:
                skipped += 1
                continue
            have.add((j.kind, j.a, j.b))
            if self._apply(j):
                applied += 1
            else:
                pending += 1
                with self._transaction() as tx:
                    tx.run(self.statement(Q.CREATE_JUDGEMENT), judgement_row(Judgement(
                        j.kind, j.a, j.b, j.a_name, j.b_name, j.reason, j.who, j.at, snapshot=None, id=j.id)))
        return applied, pending, skipped

    def apply_pending_judgements(self) -> int:
        """Apply the imported judgements whose entities have arrived since (ingest calls this)."""
        done = 0
        for j in self.judgements():
            if j.active and j.kind == "same" and not j.snapshot and self._known_ids([j.a, j.b]) == {j.a, j.b}:
                with self._transaction() as tx:
                    self._merge(tx, j.a, j.b, reason=j.reason, who=j.who, at=j.at, replaces=j.id)
                done += 1
        return done

    def _apply(self, j: Judgement) -> bool:
        known = self._known_ids([j.a, j.b])
        if known != {j.a, j.b}:
            return False
        if j.kind == "same":
            self.merge_entities(j.a, j.b, reason=j.reason, who=j.who, at=j.at)
        else:
            self.record_judgement(j)
        return True

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

    # --- write hooks: each step of write_articles, as a backend writes it fastest (here the row statements,
    # which Neo4j runs as UNWIND batches; the embedded store copies new rows in, kg/store/embedded.py) ------
    def _read_rows(self, tx: Tx, row_statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """A read row statement over ``rows`` inside the write transaction: every row's results."""
        return tx.run_rows(row_statement, rows)

    def _upsert_entities(self, tx: Tx, rows: list[dict[str, Any]], old: dict[str, Entity]) -> None:
        """Write entity rows; ``old`` holds those stored before (the others are new)."""
        tx.run_rows(Q.UPSERT_ENTITY, rows)

    def _create_articles(self, tx: Tx, rows: list[dict[str, Any]]) -> None:
        tx.run_rows(Q.CREATE_ARTICLE, rows)

    def _create_mentions(self, tx: Tx, rows: list[dict[str, Any]]) -> None:
        tx.run_rows(Q.CREATE_MENTION, rows)

    def _read_edges(self, tx: Tx, wanted: dict[str, list[dict[str, Any]]]) -> dict[tuple[str, str, str], EdgeSummary]:
        """The stored summaries of the edges ``wanted`` names (relation type -> rows of source and target);
        those absent are left out. Here one read per relation type."""
        return {(r["source"], rel_type, r["target"]): EdgeSummary.from_row(r)
                for rel_type, rows in wanted.items() if rows
                for r in self._read_rows(tx, self.statement(Q.FETCH_EDGE, rel_type), rows)}

    def _write_edges(self, tx: Tx, new: dict[str, list[dict[str, Any]]], updated: dict[str, list[dict[str, Any]]]) -> None:
        """Create the edges ``new`` holds and rewrite the summaries of those ``updated`` holds (relation type ->
        edge rows, ``edge_row``). Here per relation type, ``_create_edges`` and ``_update_edges``."""
        for rel_type in sorted(set(new) | set(updated)):
            self._create_edges(tx, rel_type, new.get(rel_type, []))
            self._update_edges(tx, rel_type, updated.get(rel_type, []))

    def _update_edges(self, tx: Tx, rel_type: str, rows: list[dict[str, Any]]) -> None:
        """Rewrite the summaries of edges the transaction has read as stored."""
        tx.run_rows(self.statement(Q.UPDATE_EDGE, rel_type), rows)

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
# Types one party can be stored under by an extractor's mistake, and so may be merged.
MERGEABLE_TYPES = {frozenset({"Person", "Organization"})}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")  # two merges in one second differ


class EdgeReader(ABC):
    """Whole-graph reads of edges (``Store.edge_reader``): ``ids`` holds every entity id, sorted."""

    ids: list[str]

    @abstractmethod
    def read(self, statement: str, params: dict[str, Any] | None = None) -> "EdgeTable":
        """A statement returning ``edge_source``/``edge_target`` as the backend's ``{{source_ref}}``/
        ``{{target_ref}}``, a ``type`` and any other columns, as an ``EdgeTable``."""


class _ListEdgeReader(EdgeReader):
    def __init__(self, store: "Store", ids: list[str], code: dict[Any, int], names: Callable[[list[int]], list[str]]):
        self._store, self.ids, self._code, self._names = store, ids, code, names

    def read(self, statement: str, params: dict[str, Any] | None = None) -> "EdgeTable":
        import numpy as np

        cols = self._store.read_columns(statement, params or {})
        types = sorted(set(cols.get("type", ())))
        tcode = {t: i for i, t in enumerate(types)}
        ends = [np.array([self._code[r] for r in cols.get(k, ())], dtype=np.int64) for k in ("edge_source", "edge_target")]
        rest = {k: v for k, v in cols.items() if k not in ("edge_source", "edge_target", "type")}
        return EdgeTable(self.ids, ends[0], ends[1], types, np.array([tcode[t] for t in cols.get("type", ())], dtype=np.int64),
                         lambda rows: {k: [v[i] for i in rows] for k, v in rest.items()}, self._names)


@dataclass
class EdgeTable:
    """Edges read whole (``EdgeReader.read``): their ends as codes into ``ids`` (sorted, shared by the
    tables of one reader), their types as codes into ``types`` (sorted), the rest of their columns taken
    by row number only for the rows wanted."""

    ids: list[str]
    source: Any  # numpy int64, a code into ids per row
    target: Any
    types: list[str]
    type: Any  # numpy int64, a code into types per row
    _take: Callable[[list[int]], dict[str, list[Any]]]  # row numbers -> the other columns of those rows
    _names: Callable[[list[int]], list[str]]  # codes -> the entities' names

    def __len__(self) -> int:
        return len(self.source)

    def columns(self, rows: list[int]) -> tuple[list[int], list[int], dict[str, list[Any]]]:
        """The rows ``rows`` (row numbers) as their ends' codes and their other columns."""
        return self.source[rows].tolist(), self.target[rows].tolist(), self._take(rows)

    def rows(self, rows: list[int], ends: tuple[str, str] = ("source", "target"), names: bool = True) -> list[dict[str, Any]]:
        """The rows ``rows`` (row numbers), each as a dict of every column, ``type`` and the ends as entity
        ids under the names ``ends``, with (``names``) the entities' names as ``{end}_name``."""
        cols = self._take(rows)
        keys = list(cols)
        src, tgt, typ = self.source[rows].tolist(), self.target[rows].tolist(), self.type[rows].tolist()
        ids, types = self.ids, self.types
        a, b = ends
        out = []
        for values, x, y, t in zip(zip(*cols.values()) if keys else ([()] * len(rows)), src, tgt, typ):
            row = dict(zip(keys, values))
            row[a], row[b], row["type"] = ids[x], ids[y], types[t]
            out.append(row)
        if names:
            for row, na, nb in zip(out, self._names(src), self._names(tgt)):
                row[f"{a}_name"], row[f"{b}_name"] = na, nb
        return out


Keep = tuple[tuple[str, ...], "set[tuple[Any, ...]] | frozenset[tuple[Any, ...]]"]  # Store.read_columns' row filter


def columns_of(names: list[str], rows, keep: Keep | None = None) -> dict[str, list[Any]]:
    """Rows (sequences of values in ``names`` order) as columns, only those ``keep`` keeps
    (Store.read_columns)."""
    cols: list[list[Any]] = [[] for _ in names]
    if keep is None:
        for row in rows:
            for col, v in zip(cols, row):
                col.append(v)
        return dict(zip(names, cols))
    key_names, wanted = keep
    missing = [k for k in key_names if k not in names]
    if missing and names:
        raise QueryError(f"cannot keep rows by {', '.join(missing)}: the statement returns {', '.join(names)}")
    at = [names.index(k) for k in key_names] if names else []
    for row in rows:
        if tuple(row[i] for i in at) in wanted:
            for col, v in zip(cols, row):
                col.append(v)
    return dict(zip(names, cols))


# --- pure row building (unit-tested without a database) -----------------------------------

def judgement_row(j: Judgement) -> dict[str, Any]:
    return {p.name: getattr(j, p.field) for p in Q.judgement_properties()}


def judgement_from_row(r: dict[str, Any]) -> Judgement:
    return Judgement(**{p.field: r.get(p.name) for p in Q.judgement_properties()})


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
    return grouped_claims(((r["edge_source"], r["type"], r["edge_target"]), claim_from_row(r)) for r in rows)


def grouped_claims(pairs) -> dict[tuple[str, str, str], list[Claim]]:
    """(edge key, claim) pairs as each edge's claims, in the order answers show them."""
    out: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for key, c in pairs:
        out[key].append(c)
    for claims in out.values():
        claims.sort(key=lambda c: (c.article, c.start, c.end))
    return dict(out)


def claims_of_columns(cols: dict[str, list[Any]]) -> list[Claim]:
    """claim_from_row over columns of stored claim properties (no dict per row)."""
    props = [p for p in Q.claim_properties() if p.field in _CLAIM_FIELDS]
    n = len(next(iter(cols.values()), []))
    fields = [p.field for p in props]
    return [Claim(**dict(zip(fields, values))) for values in zip(*(cols.get(p.name) or [None] * n for p in props))]


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
