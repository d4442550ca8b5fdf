// Every control edge ({{control_down}} point from controller to controlled, {{control_up}} the other way) with
// its summary, its ends as the backend refers to entities ({{source_ref}}, {{target_ref}}: Store.edge_reader
// turns them into codes): related_party_flows reads the whole graph's control in this one pass and joins it
// with the money edges in kg.query, then takes the answer's edges by row.
MATCH (s:Entity)-[r:{{control_down}}|{{control_up}}]->(t:Entity)
RETURN {{source_ref}} AS edge_source, {{rel_type}} AS type, {{target_ref}} AS edge_target, {{edge_props}}
