// LadybugDB variant of find_entity.cypher: LadybugDB has no secondary index, so the stores keep a NameKey node
// per normalised name with a NAMED edge to each entity of that name (kg/store/cypher.py); a primary-key read.
MATCH (k:NameKey {norm: $norm})-[:NAMED]->(e:Entity)
WHERE e.type = $type OR $type IS NULL
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY e.id
