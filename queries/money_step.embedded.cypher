// LadybugDB variant of money_step.cypher: the relation type is label(r) (Neo4j: type(r)).
MATCH (s:Entity)-[r:{{money}}]->(t:Entity)
WHERE s.id IN $ids
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, label(r) AS type, r.amount_usd AS amount_usd
