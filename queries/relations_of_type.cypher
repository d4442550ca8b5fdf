// Every relation of type {{rel}} with its summary: related_party_flows reads the details of its answer's
// edges this way, one columnar read per type (Store.read_columns, keeping only the answer's edges).
MATCH (s:Entity)-[r:{{rel}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, '{{rel}}' AS type,
       {{edge_props}}
