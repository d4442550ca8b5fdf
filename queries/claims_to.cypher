// Every claim whose object is entity $id, each with its subject (a row statement, see claims_from.cypher).
MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity {id: $id})
RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}
