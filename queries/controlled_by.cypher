// One step down a control chain: what entity $id directly controls (see controllers_of.cypher).
MATCH (s:Entity {id: $id})-[r:{{control_down}}]->(t:Entity)
RETURN true AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
ORDER BY t.id, {{rel_type}}
LIMIT {{hop_limit}}
UNION ALL
MATCH (s:Entity)-[r:{{control_up}}]->(t:Entity {id: $id})
RETURN false AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
ORDER BY s.id, {{rel_type}}
LIMIT {{hop_limit}}
