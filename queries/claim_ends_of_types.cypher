// The ends (as their SUBJECT/OBJECT links point now) and ids of every claim of the relation types $types, no
// other properties: related_party_flows reads these in one columnar read (Store.read_columns, keeping the
// claims of its answer's edges), then only those claims in full (claims_by_id.cypher).
MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity)
WHERE c.type IN $types
RETURN s.id AS edge_source, c.type AS type, t.id AS edge_target, c.id AS id
