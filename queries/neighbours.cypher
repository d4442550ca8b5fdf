// One step out from entity $id along any relation of the schema, either direction (a row statement).
MATCH (:Entity {id: $id})-[:{{all}}]-(n:Entity)
RETURN DISTINCT n.id AS id
