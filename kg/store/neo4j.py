"""Neo4j as a backend: the same Store interface, constraints and indexes created on first connect,
each article written in one transaction with UNWIND batches."""
from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import Any, Iterator
from urllib.parse import urlsplit, urlunsplit

from kg.errors import Neo4jUnavailable, QueryError, ReadOnlyViolation, StoreError
from kg.schema import ENTITY_TYPES
from kg.store import cypher as Q
from kg.model import EdgeSummary
from kg.store.base import Store, columns_of
from kg.store.readonly import check_read_only

SCHEMA_STATEMENTS = (
    "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT kg_article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT kg_article_sha256 IF NOT EXISTS FOR (a:Article) REQUIRE a.sha256 IS UNIQUE",
    "CREATE INDEX kg_entity_norm IF NOT EXISTS FOR (e:Entity) ON (e.norm)",
    "CREATE INDEX kg_entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
    "CREATE INDEX kg_entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
    "CREATE CONSTRAINT kg_claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT kg_judgement_id IF NOT EXISTS FOR (j:Judgement) REQUIRE j.id IS UNIQUE",
    "CREATE INDEX kg_claim_article IF NOT EXISTS FOR (c:Claim) ON (c.article)",
)
# Entities also carry their type as a second label, for Neo4j Browser's colours and `MATCH (p:Person)`:
# one statement for every type ($labels: a list of the schema's entity types; a dynamic label, Neo4j 5.26).
_SET_LABELS = "MATCH (e:Entity {id: $id}) SET e:$($labels)"
_BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
BATCH_ROWS = 5000
# Claims, with their property map in the CREATE (a CREATE ... SET made the planner add an Eager: every row
# matched before any is created).
_CREATE_CLAIM = (
    "MATCH (s:Entity {id: $subject}) MATCH (t:Entity {id: $object}) "
    "CREATE (s)<-[:SUBJECT]-(c:Claim {{{claim_map}}})-[:OBJECT]->(t)"
)
# Edges of any relation type ($type, one of the schema's, checked): read, created, rewritten. Both ends are
# entities this transaction has just written, so it holds their locks and an edge read as absent is created
# (no MERGE). Not safe for an edge whose ends the batch counted as its own new entities while another writer
# was creating them too: that edge is created unread and can exist twice (tests/test_neo4j_concurrent_writers.py,
# a strict xfail). The edges between two
# found ends are matched in a subquery given both (an Expand(Into), walked from the end with fewer
# relationships; one MATCH of the whole pattern was planned as every edge of one end, filtered: a hub's all).
_BETWEEN = "MATCH (s:Entity {id: $source}) MATCH (t:Entity {id: $target}) CALL (s, t) { MATCH (s)-[r]->(t) RETURN r } "
_FETCH_EDGES = (
    _BETWEEN + "WITH * WHERE type(r) = $type RETURN s.id AS source, type(r) AS type, t.id AS target, {{edge_props}}"
)
_CREATE_EDGES = (
    "MATCH (s:Entity {id: $source}) MATCH (t:Entity {id: $target}) CREATE (s)-[r:$($type) {{{edge_map}}}]->(t)"
)
_UPDATE_EDGES = _BETWEEN + "WITH * WHERE type(r) = $type SET {{edge_sets}}"
_WIPE = "MATCH (n) WHERE n:Entity OR n:Article OR n:Claim OR n:Judgement DETACH DELETE n"
# Bulk: batched UNWIND $rows, one transaction per batch.
_N_ENTITIES = "UNWIND $rows AS r CREATE (e:Entity:{{label}} {id: r.id, name: r.name, type: r.type, aliases: r.aliases, norm: r.norm})"
_N_ARTICLES = ("UNWIND $rows AS r CREATE (:Article {id: r.id, sha256: r.sha256, path: r.path, title: r.title, "
               "ingested_at: r.ingested_at})")
_N_LINK = "UNWIND $rows AS r MATCH (a:{{from}} {id: r.from}) MATCH (e:Entity {id: r.to}) CREATE (a)-[:{{link}}]->(e)"
_N_CLAIMS = "UNWIND $rows AS r CREATE (c:Claim) SET c = r"
_N_EDGES = "UNWIND $rows AS r MATCH (s:Entity {id: r.from}) MATCH (t:Entity {id: r.to}) CREATE (s)-[x:{{rel}}]->(t) SET {{props}}"


# The driver logs connection errors itself; kg reports them once, as one line naming the URI.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def safe_uri(uri: str) -> str:
    """The URI without any user:password@ part, for messages."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return re.sub(r"//[^@/]*@", "//", uri)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return uri


def _errors():
    from neo4j import exceptions as ex

    return ex


def _rows(result) -> list[dict[str, Any]]:
    """The records of one of kg's own statements as dicts. Those return named plain values (never a node, a
    relationship or a path), so a record is its keys zipped with its values: ``Record.data()`` walks every
    value looking for graph types to convert, which took a third of a fund-paths call's client time."""
    keys = result.keys()
    return [dict(zip(keys, r)) for r in result]


class _Tx:
    def __init__(self, tx):
        self._tx = tx

    def run(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return _rows(self._tx.run(statement, params or {}))

    def run_rows(self, row_statement: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # one round trip per batch of rows
        out: list[dict[str, Any]] = []
        for i in range(0, len(rows), BATCH_ROWS):
            out.extend(self.run(Q.batched(row_statement), {"rows": rows[i : i + BATCH_ROWS]}))
        return out


class Neo4jStore(Store):
    backend = "neo4j"

    def __init__(self, uri: str, *, user: str = "neo4j", password: str = "", database: str | None = None, timeout: float = 10.0):
        import neo4j

        self.location = safe_uri(uri)
        self.database = database
        parts = urlsplit(uri) if "@" in uri and _scheme(uri) else None
        if parts is not None and (parts.username or parts.password):  # credentials given in the URI itself
            user, password = parts.username or user, parts.password if parts.password is not None else password
            uri = self.location
        ex = _errors()
        if _scheme(uri) not in _BOLT_SCHEMES:  # http:// would reach the driver's preview HTTP API
            raise Neo4jUnavailable(f"{self.location}: not a usable Neo4j URI (use bolt:// or neo4j://)")
        try:
            urlsplit(uri).port  # the driver would wrap an out-of-range port (99999 -> 34463) silently
        except ValueError as e:
            raise Neo4jUnavailable(f"{self.location}: not a usable Neo4j URI ({e})") from None
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=timeout,
                max_transaction_retry_time=timeout,
                notifications_min_severity="OFF",  # "type does not exist yet" warnings on a fresh graph are noise
            )
        except (ValueError, ex.ConfigurationError) as e:
            raise Neo4jUnavailable(f"{self.location}: not a usable Neo4j URI ({_first_line(e)})") from None
        try:
            self._driver.verify_connectivity()
            with self._driver.session(database=self.database) as s:
                for stmt in SCHEMA_STATEMENTS:
                    s.run(stmt).consume()
        except ex.AuthError:
            self._driver.close()
            raise Neo4jUnavailable(
                f"{self.location}: Neo4j refused the credentials of user '{user}'; check NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except (ex.ServiceUnavailable, ex.SessionExpired, OSError) as e:
            self._driver.close()
            raise Neo4jUnavailable(
                f"{self.location}: cannot reach Neo4j ({_first_line(e)}); start it with 'docker compose up -d' or 'scripts/neo4j-dev start'"
            ) from None
        except ex.Neo4jError as e:
            self._driver.close()
            raise StoreError(f"{self.location}: {_first_line(e)}") from None

    def close(self) -> None:
        drv = getattr(self, "_driver", None)
        self._driver = None
        if drv is not None:
            drv.close()

    def _session(self, read: bool = False):
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _lost(self, e: Exception) -> Neo4jUnavailable:
        return Neo4jUnavailable(
            f"{self.location}: lost the connection to Neo4j ({_first_line(e)}); the unfinished article was rolled back, rerun the command to finish"
        )

    def _read(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        ex = _errors()
        try:
            with self._session(read=True) as s:
                return s.execute_read(lambda tx: _rows(tx.run(statement, params or {})))
        except (ex.ServiceUnavailable, ex.SessionExpired) as e:
            raise self._lost(e) from None
        except ex.Neo4jError as e:
            raise QueryError(f"{self.location}: {_first_line(e)}") from None

    def read_each(self, row_statement: str, rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        # one round trip per batch of rows; the index on Entity.id anchors each row's subquery
        out: list[list[dict[str, Any]]] = [[] for _ in rows]
        for i in range(0, len(rows), BATCH_ROWS):
            for r in self._read(Q.each_row(row_statement), {"rows": rows[i : i + BATCH_ROWS]}):
                at = i + r.pop("_row")
                r.pop("row", None)
                out[at].append(r)
        return out

    # --- columnar reads ---------------------------------------------------------------------------
    def read_columns(self, statement: str, params: dict[str, Any] | None = None, *, keep=None) -> dict[str, list[Any]]:
        """Streamed record by record into the columns (``Store.read_columns``), ``keep`` applied as the
        records arrive: no list of every row in between."""
        ex = _errors()

        def work(tx):
            result = tx.run(statement, params or {})
            return columns_of(list(result.keys()), (r.values() for r in result), keep)

        try:
            with self._session(read=True) as s:
                return s.execute_read(work)
        except (ex.ServiceUnavailable, ex.SessionExpired) as e:
            raise self._lost(e) from None
        except ex.Neo4jError as e:
            raise QueryError(f"{self.location}: {_first_line(e)}") from None

    @contextmanager
    def _transaction(self) -> Iterator[_Tx]:
        ex = _errors()
        try:
            with self._session() as s:
                tx = s.begin_transaction()
                try:
                    yield _Tx(tx)
                    tx.commit()
                except BaseException:
                    if not tx.closed():
                        tx.rollback()
                    raise
        except (ex.ServiceUnavailable, ex.SessionExpired) as e:
            raise self._lost(e) from None
        except ex.Neo4jError as e:
            raise StoreError(f"{self.location}: {_first_line(e)}") from None

    def _label_entities(self, tx, entities) -> None:
        labels: dict[str, set[str]] = {}
        for e in entities:
            if e.type in ENTITY_TYPES:
                labels.setdefault(e.id, set()).add(Q.label(e.type))
        tx.run_rows(_SET_LABELS, [{"id": i, "labels": sorted(ls)} for i, ls in labels.items()])

    # --- write_articles' steps (kg/store/base.py): each one UNWIND statement over the whole batch, every
    # relation type in one (a dynamic type, `$(row.type)`, Neo4j 5.26), so that a batch is about ten
    # statements whatever it holds.
    def _create_claims(self, tx, rows) -> None:
        tx.run_rows(self.statement(_CREATE_CLAIM), rows)

    def _read_edges(self, tx, wanted):
        rows = [{**r, "type": Q.relation(rel_type)} for rel_type, rs in wanted.items() for r in rs]
        return {(r["source"], r["type"], r["target"]): EdgeSummary.from_row(r)
                for r in tx.run_rows(self.statement(_FETCH_EDGES), rows)}

    def _write_edges(self, tx, new, updated) -> None:
        for statement, by_type in ((_CREATE_EDGES, new), (_UPDATE_EDGES, updated)):
            tx.run_rows(self.statement(statement),
                        [{**r, "type": Q.relation(rel_type)} for rel_type, rs in sorted(by_type.items()) for r in rs])

    def run_read_only(self, statement: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        check_read_only(statement)
        ex = _errors()
        try:
            with self._session(read=True) as s:
                summary = s.run("EXPLAIN " + statement, params or {}).consume()
                if summary.query_type != "r":
                    raise ReadOnlyViolation(f"{self.location}: refused, kg cypher is read-only (the plan would write: {summary.query_type})")
                return s.execute_read(lambda tx: [r.data() for r in tx.run(statement, params or {})])
        except ReadOnlyViolation:
            raise
        except (ex.ServiceUnavailable, ex.SessionExpired) as e:
            raise self._lost(e) from None
        except ex.Neo4jError as e:
            if "access mode" in str(e).lower() or "read" in (e.code or "").lower() and "write" in str(e).lower():
                raise ReadOnlyViolation(f"{self.location}: refused, kg cypher is read-only ({_first_line(e)})") from None
            raise QueryError(f"{self.location}: {_first_line(e)}") from None

    def _bulk_write(self, tables, batch_size: int = 10_000) -> None:
        from kg.store.bulk import rows

        work: list[tuple[str, list[dict[str, Any]]]] = []
        for label, items in tables.entity_labels().items():
            work.append((Q.fill(_N_ENTITIES, {"label": Q.label(label)}), items))
        work.append((_N_ARTICLES, list(rows(tables.articles))))
        work.append((Q.fill(_N_LINK, {"from": "Article", "link": "MENTIONS"}), list(rows(tables.mentions))))
        work.append((_N_CLAIMS, list(rows(tables.claims))))
        work.append((Q.fill(_N_LINK, {"from": "Claim", "link": "SUBJECT"}), list(rows(tables.subject))))
        work.append((Q.fill(_N_LINK, {"from": "Claim", "link": "OBJECT"}), list(rows(tables.object))))
        props = ", ".join(f"x.{p.name} = r.{p.name}" for p in Q.edge_properties())
        for rel_type, cols in sorted(tables.edges.items()):
            work.append((Q.fill(_N_EDGES, {"rel": Q.relation(rel_type), "props": props}), list(rows(cols))))
        for statement, items in work:
            for i in range(0, len(items), batch_size):
                with self._transaction() as tx:
                    tx.run(statement, {"rows": items[i : i + batch_size]})

    def wipe(self) -> None:
        """Delete every kg node and relationship (tests and benchmarks only)."""
        with self._session() as s:
            s.run(_WIPE).consume()


def _scheme(uri: str) -> str:
    try:
        return urlsplit(uri).scheme.lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""


def _first_line(e: Exception) -> str:
    """The first line of a driver error, with any user:password@ part of a URI taken out."""
    msg = getattr(e, "message", None) or str(e) or type(e).__name__
    return re.sub(r"//[^/@\s'\"]*@", "//", msg.strip().splitlines()[0])
