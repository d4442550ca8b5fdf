// The ends of every control edge ({{control_down}} point from controller to controlled, {{control_up}} the
// other way), no summaries or claims: related_party_flows reads the whole graph's control this way, in one
// columnar read (Store.read_columns), and joins it with the money edges in kg.query.
MATCH (s:Entity)-[r:{{control_down}}|{{control_up}}]->(t:Entity)
RETURN s.id AS source, {{rel_type}} AS type, t.id AS target
