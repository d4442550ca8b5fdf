// Every claim of relation type $type, with the ends its SUBJECT/OBJECT links point to now: related_party_flows
// reads the claims of its answer's edges this way, one columnar read per type (Store.read_columns, keeping
// only the rows of the answer's edges), instead of one anchored read per edge.
MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity)
WHERE c.type = $type
RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}
