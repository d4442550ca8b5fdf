// One step up a control chain: who directly controls entity $id (a row statement, see money_out.cypher).
// {{control_down}} edges point from controller to controlled; {{control_up}} edges (SUBSIDIARY_OF) point from
// the controlled to its controller. Both halves return the same columns in the same order (LadybugDB mixes up
// columns of a UNION whose halves return one expression under different names), so source_controls says which
// end is the controller. Each half: at most {{hop_limit}} edges, by the controller's id.
MATCH (s:Entity)-[r:{{control_down}}]->(t:Entity {id: $id})
RETURN true AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
ORDER BY s.id, {{rel_type}}
LIMIT {{hop_limit}}
UNION ALL
MATCH (s:Entity {id: $id})-[r:{{control_up}}]->(t:Entity)
RETURN false AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
ORDER BY t.id, {{rel_type}}
LIMIT {{hop_limit}}
