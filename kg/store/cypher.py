"""All the Cypher kg writes and reads for storage, in one place.

Values always travel as parameters. The only text substituted into a statement is a relation type or
an entity label, and only after checking it against the schema (labels cannot be parameters in Cypher).
"""
from __future__ import annotations

from kg.schema import ENTITY_TYPES, RELATION_TYPES

ARTICLE_EXISTS = "MATCH (a:Article {sha256: $sha256}) RETURN a.id AS id"

FETCH_ENTITIES = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases"
)

ALL_ENTITIES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases ORDER BY e.id"

ALL_ARTICLES = (
    "MATCH (a:Article) RETURN a.id AS id, a.sha256 AS sha256, a.path AS path, a.title AS title, "
    "a.ingested_at AS ingested_at ORDER BY a.ingested_at, a.id"
)

UPSERT_ENTITIES = (
    "UNWIND $rows AS r MERGE (e:Entity {id: r.id}) "
    "SET e.name = r.name, e.type = r.type, e.aliases = r.aliases, e.norm = r.norm"
)

CREATE_ARTICLE = (
    "MERGE (a:Article {id: $id}) SET a.sha256 = $sha256, a.path = $path, a.title = $title, a.ingested_at = $ingested_at"
)

CREATE_MENTIONS = "UNWIND $ids AS eid MATCH (a:Article {id: $article}), (e:Entity {id: eid}) MERGE (a)-[:MENTIONS]->(e)"

REL_PROPS = (
    "r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence, "
    "r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start, "
    "r.evidence_end AS evidence_end, r.evidence_status AS evidence_status"
)

_FETCH_RELATIONS = (
    "UNWIND $keys AS k MATCH (s:Entity {id: k.source})-[r:$REL]->(t:Entity {id: k.target}) "
    "RETURN s.id AS source, t.id AS target, " + REL_PROPS
)

_ALL_RELATIONS = (
    "MATCH (s:Entity)-[r:$REL]->(t:Entity) RETURN s.id AS source, t.id AS target, s.name AS source_name, "
    "t.name AS target_name, " + REL_PROPS + " ORDER BY s.id, t.id"
)

# LadybugDB infers a parameter's type from its values: a column of nulls arrives as STRING, hence the casts.
_DOUBLE = {"neo4j": "{}", "embedded": "CAST({} AS DOUBLE)"}

_UPSERT_RELATIONS = (
    "UNWIND $rows AS row MATCH (s:Entity {id: row.source}), (t:Entity {id: row.target}) "
    "MERGE (s)-[r:$REL]->(t) "
    "SET r.amount_usd = $AMOUNT, r.amount_text = row.amount_text, r.status = row.status, "
    "r.confidence = row.confidence, r.evidence = row.evidence, r.evidence_article = row.evidence_article, "
    "r.evidence_start = row.evidence_start, r.evidence_end = row.evidence_end, r.evidence_status = row.evidence_status"
)

_COUNT_RELATIONS = "MATCH ()-[r:$REL]->() RETURN count(r) AS n"

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


def fetch_relations(rel_type: str) -> str:
    return for_relation(_FETCH_RELATIONS, rel_type)


def all_relations(rel_type: str) -> str:
    return for_relation(_ALL_RELATIONS, rel_type)


def upsert_relations(rel_type: str, dialect: str) -> str:
    return for_relation(_UPSERT_RELATIONS, rel_type).replace("$AMOUNT", _DOUBLE[dialect].format("row.amount_usd"))


def count_relations(rel_type: str) -> str:
    return for_relation(_COUNT_RELATIONS, rel_type)
