// Every relation of type {{rel}} with its summary: kg.query reads a whole type at once when it needs
// the details of more of its relations than one read each would fetch faster.
MATCH (s:Entity)-[r:{{rel}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, '{{rel}}' AS type,
       {{edge_props}}
