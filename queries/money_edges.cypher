// Every money-moving edge ({{money}}) with its summary, its ends as the backend refers to entities (see
// control_edges.cypher).
MATCH (s:Entity)-[r:{{money}}]->(t:Entity)
RETURN {{source_ref}} AS edge_source, {{rel_type}} AS type, {{target_ref}} AS edge_target, {{edge_props}}
