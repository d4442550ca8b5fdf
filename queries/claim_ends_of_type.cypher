// The ends (as their SUBJECT/OBJECT links point now) and ids of every claim of relation type $type, no other
// properties: related_party_flows reads these one columnar read per type (Store.read_columns, keeping the
// claims of its answer's edges; per type, so that each result fits a small LadybugDB page cache), then only
// the kept claims in full (claims_by_id.cypher).
MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity)
WHERE c.type = $type
RETURN s.id AS edge_source, t.id AS edge_target, c.id AS id
