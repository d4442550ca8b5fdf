// Every claim whose subject is entity $id, each with its object (a row statement): related_party_flows reads
// the claims of the edges in its answer this way, one read per entity at an end of two or more of them.
MATCH (s:Entity {id: $id})<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity)
RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}
