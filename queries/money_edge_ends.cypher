// The ends of every money-moving edge ({{money}}), no summaries or claims (see control_edge_ends.cypher).
MATCH (s:Entity)-[r:{{money}}]->(t:Entity)
RETURN s.id AS source, {{rel_type}} AS type, t.id AS target
