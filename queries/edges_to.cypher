// Every relation into entity $id, with its summary (a row statement, see edges_from.cypher).
MATCH (s:Entity)-[r:{{all}}]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
