// Every relation between two entities, in either direction, with its evidence.
MATCH (s:Entity {id: $a})-[r:{{all}}]->(t:Entity {id: $b})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
UNION ALL
MATCH (s:Entity {id: $b})-[r:{{all}}]->(t:Entity {id: $a})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
