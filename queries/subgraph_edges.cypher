// The relations among a set of entities (both ends in $ids), for neighbourhoods and views.
MATCH (s:Entity)-[r:{{all}}]->(t:Entity)
WHERE s.id IN $ids AND t.id IN $ids
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
