// Entities by primary key.
UNWIND $ids AS eid
MATCH (e:Entity {id: eid})
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
