// One relation of type {{rel}} by its ends, with its summary (a row statement, see money_out.cypher).
MATCH (s:Entity {id: $source})-[r:{{rel}}]->(t:Entity {id: $target})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, '{{rel}}' AS type,
       {{edge_props}}
