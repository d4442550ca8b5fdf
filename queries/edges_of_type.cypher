// The ends of every relation of type {{rel}}: related_party_flows reads the control and money edges of the
// whole graph this way, once per type, and joins them in kg.query.
MATCH (s:Entity)-[:{{rel}}]->(t:Entity)
RETURN s.id AS source, t.id AS target
