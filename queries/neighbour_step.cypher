// One step out from $ids along any relation of the schema, either direction.
UNWIND $ids AS eid
MATCH (:Entity {id: eid})-[:{{all}}]-(n:Entity)
RETURN DISTINCT n.id AS id
