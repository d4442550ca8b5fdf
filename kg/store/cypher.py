"""All the Cypher kg writes and reads for storage, in one place.

Values always travel as parameters. The only text substituted into a statement is a relation type or
an entity label, and only after checking it against the schema (labels cannot be parameters in Cypher).
"""
from __future__ import annotations

import re

from kg.schema import ENTITY_TYPES, RELATION_TYPES

# Row statements: written for one row, with its values as $parameters. Neo4j runs a whole list of rows
# at once through ``batched`` (UNWIND $rows); LadybugDB runs them row by row, because there an UNWIND-fed
# MATCH scans the table instead of using the primary key (measured: 4.6 ms against 0.04 ms a row at 100k
# entities, and relation MERGEs through UNWIND exhausted the buffer pool).
ARTICLE_EXISTS = "MATCH (a:Article {id: $id}) WHERE a.sha256 = $sha256 RETURN a.id AS id"

FETCH_ENTITY = "MATCH (e:Entity {id: $id}) RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases"

ALL_ENTITIES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases ORDER BY e.id"

ALL_ARTICLES = (
    "MATCH (a:Article) RETURN a.id AS id, a.sha256 AS sha256, a.path AS path, a.title AS title, "
    "a.ingested_at AS ingested_at ORDER BY a.ingested_at, a.id"
)

UPSERT_ENTITY = "MERGE (e:Entity {id: $id}) SET e.name = $name, e.type = $type, e.aliases = $aliases, e.norm = $norm"

# LadybugDB only (no secondary index there): NameKey {norm} -[:NAMED]-> Entity, so that an exact-name
# lookup is a primary-key read instead of a scan of every entity's norm. Written row by row, anchored.
UNNAME_ENTITY = "MATCH (:NameKey)-[n:NAMED]->(e:Entity {id: $id}) DELETE n"
MERGE_NAME_KEY = "MERGE (k:NameKey {norm: $norm})"
NAME_ENTITY = "MATCH (k:NameKey {norm: $norm}), (e:Entity {id: $id}) CREATE (k)-[:NAMED]->(e)"
# once, for a store written before NameKey existed (COPY: one transaction of MERGEs overflows the buffer pool at 1M)
BACKFILL_NAME_KEYS = ("COPY NameKey FROM (MATCH (e:Entity) WHERE e.norm IS NOT NULL RETURN DISTINCT e.norm)",
                      "COPY NAMED FROM (MATCH (e:Entity) WHERE e.norm IS NOT NULL RETURN e.norm, e.id)")

CREATE_ARTICLE = (
    "MERGE (a:Article {id: $id}) SET a.sha256 = $sha256, a.path = $path, a.title = $title, a.ingested_at = $ingested_at"
)

# The article is new in this transaction, so its mentions cannot exist yet: CREATE, not MERGE.
CREATE_MENTION = "MATCH (a:Article {id: $article}), (e:Entity {id: $entity}) CREATE (a)-[:MENTIONS]->(e)"

REL_PROPS = (
    "r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence, "
    "r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start, "
    "r.evidence_end AS evidence_end, r.evidence_status AS evidence_status"
)

_FETCH_RELATION = (
    "MATCH (s:Entity {id: $source})-[r:$REL]->(t:Entity {id: $target}) RETURN s.id AS source, t.id AS target, " + REL_PROPS
)

_ALL_RELATIONS = (
    "MATCH (s:Entity)-[r:$REL]->(t:Entity) RETURN s.id AS source, t.id AS target, s.name AS source_name, "
    "t.name AS target_name, " + REL_PROPS + " ORDER BY s.id, t.id"
)

# LadybugDB infers a parameter's type from its value: a null arrives as STRING, hence the cast there.
_DOUBLE = {"neo4j": "{}", "embedded": "CAST({} AS DOUBLE)"}

_SET_RELATION = (
    "SET r.amount_usd = $AMOUNT, r.amount_text = $amount_text, r.status = $status, "
    "r.confidence = $confidence, r.evidence = $evidence, r.evidence_article = $evidence_article, "
    "r.evidence_start = $evidence_start, r.evidence_end = $evidence_end, r.evidence_status = $evidence_status"
)
# A relation the transaction has just read as absent is created; one it read is updated in place. On
# LadybugDB a relationship MERGE scans the relationship table (3 ms a row at 20k relations, growing);
# on Neo4j MERGE stays, so that two concurrent writers cannot create the same edge twice.
_NEW_RELATION = {
    "embedded": "MATCH (s:Entity {id: $source}), (t:Entity {id: $target}) CREATE (s)-[r:$REL]->(t) " + _SET_RELATION,
    "neo4j": "MATCH (s:Entity {id: $source}), (t:Entity {id: $target}) MERGE (s)-[r:$REL]->(t) " + _SET_RELATION,
}
_UPDATE_RELATION = "MATCH (s:Entity {id: $source})-[r:$REL]->(t:Entity {id: $target}) " + _SET_RELATION

_COUNT_RELATIONS = "MATCH ()-[r:$REL]->() RETURN count(r) AS n"

_ROW_PARAM = re.compile(r"\$([a-z_][a-z_0-9]*)")


def batched(row_statement: str) -> str:
    """The row statement over a list: ``UNWIND $rows AS row`` with each ``$x`` read as ``row.x``."""
    return "UNWIND $rows AS row " + _ROW_PARAM.sub(r"row.\1", row_statement)


def each_row(row_statement: str) -> str:
    """A read row statement over a list (Neo4j): each row of ``$rows`` runs it in a subquery, its results
    tagged with the row's position ``_row`` (so ``ORDER BY ... LIMIT`` inside applies per row)."""
    inner = _ROW_PARAM.sub(r"row.\1", row_statement)
    return "UNWIND range(0, size($rows) - 1) AS _row WITH _row, $rows[_row] AS row CALL (row) { " + inner + " } RETURN *"


COUNT_ENTITIES_BY_TYPE = "MATCH (e:Entity) RETURN e.type AS type, count(e) AS n"
COUNT_ARTICLES = "MATCH (a:Article) RETURN count(a) AS n"


def for_relation(template: str, rel_type: str) -> str:
    if rel_type not in RELATION_TYPES:
        raise ValueError(f"unknown relation type {rel_type!r}")
    return template.replace("$REL", rel_type)


def for_label(template: str, label: str) -> str:
    if label not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {label!r}")
    return template.replace("$LABEL", label)


def fetch_relation(rel_type: str) -> str:
    return for_relation(_FETCH_RELATION, rel_type)


def all_relations(rel_type: str) -> str:
    return for_relation(_ALL_RELATIONS, rel_type)


def new_relation(rel_type: str, dialect: str) -> str:
    return for_relation(_NEW_RELATION[dialect], rel_type).replace("$AMOUNT", _DOUBLE[dialect].format("$amount_usd"))


def update_relation(rel_type: str, dialect: str) -> str:
    return for_relation(_UPDATE_RELATION, rel_type).replace("$AMOUNT", _DOUBLE[dialect].format("$amount_usd"))


def count_relations(rel_type: str) -> str:
    return for_relation(_COUNT_RELATIONS, rel_type)
