// One step out from $ids along any relation of the schema, either direction.
MATCH (a:Entity)-[:{{all}}]-(n:Entity)
WHERE a.id IN $ids
RETURN DISTINCT n.id AS id
