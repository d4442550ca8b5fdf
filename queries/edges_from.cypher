// Every relation out of entity $id, with its summary (a row statement): related_party_flows reads the
// details of the edges in its answer this way, one read per entity at an end of two or more of them.
MATCH (s:Entity {id: $id})-[r:{{all}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
