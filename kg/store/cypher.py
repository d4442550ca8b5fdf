"""The Cypher kg writes and reads for storage, in one place, with one placeholder syntax.

Values always travel as ``$parameters``. ``{{name}}`` placeholders are filled by ``fill`` before a
statement runs, and only with text kg makes itself: a relation type or entity label checked against the
schema (neither can be a parameter in Cypher), property lists derived from the schema's
``claim_properties``/``edge_properties``, and the small dialect fragments a backend supplies
(``Store.fragments``). ``kg.query`` fills ``queries/*.cypher`` the same way.
"""
from __future__ import annotations

import re
from typing import Callable

from kg.schema import ENTITY_TYPES, RELATION_TYPES, Property, load_schema

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def fill(template: str, values: dict[str, str], what: str = "statement") -> str:
    def one(m: re.Match) -> str:
        if m.group(1) not in values:
            raise ValueError(f"{what}: nothing to fill {{{{{m.group(1)}}}}} with")
        return values[m.group(1)]

    return _PLACEHOLDER.sub(one, template)


def relation(rel_type: str) -> str:
    if rel_type not in RELATION_TYPES:
        raise ValueError(f"unknown relation type {rel_type!r}")
    return rel_type


def label(name: str) -> str:
    if name not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {name!r}")
    return name


# --- property lists derived from the schema ---------------------------------------------------------

def claim_properties() -> tuple[Property, ...]:
    return load_schema().claim_properties


def edge_properties() -> tuple[Property, ...]:
    return load_schema().edge_properties


def returns(var: str, props: tuple[Property, ...]) -> str:
    """``r.claims AS claims, r.articles AS articles, ...``"""
    return ", ".join(f"{var}.{p.name} AS {p.name}" for p in props)


def sets(var: str, props: tuple[Property, ...], param: Callable[[Property], str]) -> str:
    """``r.claims = $claims, ...``, each value as the backend's ``param`` spells it."""
    return ", ".join(f"{var}.{p.name} = {param(p)}" for p in props)


def judgement_properties() -> tuple[Property, ...]:
    return load_schema().judgement_properties


def props_map(props: tuple[Property, ...], param: Callable[[Property], str]) -> str:
    """``claims: $claims, ...``: a property map, each value as the backend's ``param`` spells it."""
    return ", ".join(f"{p.name}: {param(p)}" for p in props)


def common_values() -> dict[str, str]:
    """What every statement may use: the schema's RETURN lists."""
    return {"edge_props": returns("r", edge_properties()), "claim_props": returns("c", claim_properties()),
            "judgement_props": returns("j", judgement_properties())}


# --- statements (row statements: one row's values as $parameters; see Store.run_rows) ----------------

ARTICLE_EXISTS = "MATCH (a:Article {id: $id}) WHERE a.sha256 = $sha256 RETURN a.id AS id, a.sha256 AS sha256"
FETCH_ENTITY = "MATCH (e:Entity {id: $id}) RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases"
ALL_ENTITIES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases ORDER BY e.id"
# every entity as the backend refers to it in a statement's result ({{entity_ref}}: see Store.read_edges)
ENTITY_REFS = "MATCH (e:Entity) RETURN {{entity_ref}} AS ref, e.id AS id, e.name AS name"
ALL_ARTICLES = (
    "MATCH (a:Article) RETURN a.id AS id, a.sha256 AS sha256, a.path AS path, a.title AS title, "
    "a.ingested_at AS ingested_at ORDER BY a.ingested_at, a.id"
)
UPSERT_ENTITY = "MERGE (e:Entity {id: $id}) SET e.name = $name, e.type = $type, e.aliases = $aliases, e.norm = $norm"
# An entity the transaction has read as stored (the embedded store runs it as one UNWIND batch).
UPDATE_ENTITY = "MATCH (e:Entity {id: $id}) SET e.name = $name, e.type = $type, e.aliases = $aliases, e.norm = $norm"
CREATE_ARTICLE = (
    "MERGE (a:Article {id: $id}) SET a.sha256 = $sha256, a.path = $path, a.title = $title, a.ingested_at = $ingested_at"
)
# The article is new in this transaction, so its mentions cannot exist yet: CREATE, not MERGE.
CREATE_MENTION = "MATCH (a:Article {id: $article}), (e:Entity {id: $entity}) CREATE (a)-[:MENTIONS]->(e)"
COUNT_ENTITIES_BY_TYPE = "MATCH (e:Entity) RETURN e.type AS type, count(e) AS n"
COUNT_ENTITIES = "MATCH (e:Entity) RETURN count(e) AS n"
COUNT_ARTICLES = "MATCH (a:Article) RETURN count(a) AS n"
COUNT_RELATIONS = "MATCH ()-[r:{{rel}}]->() RETURN count(r) AS n"

# Claims: written once, when their article is; never updated.
CREATE_CLAIM = (
    "MATCH (s:Entity {id: $subject}), (t:Entity {id: $object}) "
    "CREATE (c:Claim {id: $id}) SET {{claim_sets}} "
    "CREATE (c)-[:SUBJECT]->(s) CREATE (c)-[:OBJECT]->(t)"
)
# Every claim with the ends its SUBJECT/OBJECT links point to now (``edge_source``/``edge_target``).
ALL_CLAIMS = (
    "MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity) "
    "RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}"
)
# The claims touching one entity, either end (a row statement: rederive_edges runs it per entity).
CLAIMS_OF_ENTITY = (
    "MATCH (s:Entity {id: $id})<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity) "
    "RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}} "
    "UNION ALL "
    "MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity {id: $id}) "
    "RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}"
)
COUNT_CLAIMS = "MATCH (c:Claim) RETURN count(c) AS n"

# Edges: the summary of their claims.
FETCH_EDGE = "MATCH (s:Entity {id: $source})-[r:{{rel}}]->(t:Entity {id: $target}) RETURN s.id AS source, t.id AS target, {{edge_props}}"
ALL_EDGES = (
    "MATCH (s:Entity)-[r:{{rel}}]->(t:Entity) RETURN s.id AS source, t.id AS target, s.name AS source_name, "
    "t.name AS target_name, {{edge_props}} ORDER BY s.id, t.id"
)
# A relation the transaction has just read as absent is created ({{create_edge}}: CREATE on LadybugDB,
# where a relationship MERGE scans its table; MERGE on Neo4j, so that two writers cannot make it twice;
# Neo4j's write_articles creates a batch's new edges with its own _CREATE_EDGES, kg/store/neo4j.py).
NEW_EDGE = "MATCH (s:Entity {id: $source}), (t:Entity {id: $target}) {{create_edge}} (s)-[r:{{rel}}]->(t) SET {{edge_sets}}"
# LadybugDB compiles a CREATE with a property map in half the time of CREATE ... SET (kg/store/embedded.py)
CREATE_EDGE = "MATCH (s:Entity {id: $source}), (t:Entity {id: $target}) CREATE (s)-[r:{{rel}} {{{edge_map}}}]->(t)"
UPDATE_EDGE = "MATCH (s:Entity {id: $source})-[r:{{rel}}]->(t:Entity {id: $target}) SET {{edge_sets}}"
DELETE_EDGES_OUT = "MATCH (s:Entity {id: $id})-[r:{{rel}}]->(:Entity) DELETE r"
DELETE_EDGES_IN = "MATCH (:Entity)-[r:{{rel}}]->(t:Entity {id: $id}) DELETE r"

# Judgements (kg merge / unmerge / distinct): written by the investigator, replayed on rebuild.
CREATE_JUDGEMENT = "CREATE (j:Judgement {id: $id}) SET {{judgement_sets}}"
ALL_JUDGEMENTS = "MATCH (j:Judgement) RETURN {{judgement_props}} ORDER BY j.at, j.id"
DELETE_JUDGEMENT = "MATCH (j:Judgement {id: $id}) DELETE j"
UPDATE_JUDGEMENT = "MATCH (j:Judgement {id: $id}) SET j.undone_at = $undone_at, j.snapshot = $snapshot"
CLAIMS_WITH_SUBJECT = "MATCH (c:Claim)-[:SUBJECT]->(e:Entity {id: $id}) RETURN c.id AS id ORDER BY c.id"
CLAIMS_WITH_OBJECT = "MATCH (c:Claim)-[:OBJECT]->(e:Entity {id: $id}) RETURN c.id AS id ORDER BY c.id"
# Re-point one claim's end from entity $old to entity $new (a merge, an unmerge).
UNLINK_SUBJECT = "MATCH (c:Claim {id: $claim})-[l:SUBJECT]->(e:Entity {id: $old}) DELETE l"
LINK_SUBJECT = "MATCH (c:Claim {id: $claim}), (e:Entity {id: $new}) CREATE (c)-[:SUBJECT]->(e)"
UNLINK_OBJECT = "MATCH (c:Claim {id: $claim})-[l:OBJECT]->(e:Entity {id: $old}) DELETE l"
LINK_OBJECT = "MATCH (c:Claim {id: $claim}), (e:Entity {id: $new}) CREATE (c)-[:OBJECT]->(e)"
ARTICLES_MENTIONING = "MATCH (a:Article)-[:MENTIONS]->(e:Entity {id: $id}) RETURN a.id AS id ORDER BY a.id"
DELETE_MENTION = "MATCH (a:Article {id: $article})-[m:MENTIONS]->(e:Entity {id: $entity}) DELETE m"
DELETE_ENTITY = "MATCH (e:Entity {id: $id}) DETACH DELETE e"

_ROW_PARAM = re.compile(r"\$([a-z_][a-z_0-9]*)")


def batched(row_statement: str) -> str:
    """The row statement over a list: ``UNWIND $rows AS row`` with each ``$x`` read as ``row.x``."""
    return "UNWIND $rows AS row " + _ROW_PARAM.sub(r"row.\1", row_statement)


def as_columns(row_statement: str) -> str:
    """The row statement over a table's rows (LadybugDB's ``LOAD FROM``): each ``$x`` read as the column ``x``."""
    return _ROW_PARAM.sub(r"`\1`", row_statement)


def each_row(row_statement: str) -> str:
    """A read row statement over a list (Neo4j): each row of ``$rows`` runs it in a subquery, its results
    tagged with the row's position ``_row`` (so ``ORDER BY ... LIMIT`` inside applies per row)."""
    inner = _ROW_PARAM.sub(r"row.\1", row_statement)
    return "UNWIND range(0, size($rows) - 1) AS _row WITH _row, $rows[_row] AS row CALL (row) { " + inner + " } RETURN *"
