// The claims of one edge ($source -[$type]-> $target), each with what its sentence says (a row statement:
// kg.query reads the claims of only the edges in an answer). Join an edge to its claims this way in Neo4j
// Browser too: (s)<-[:SUBJECT]-(c:Claim {type: 'LENT_TO'})-[:OBJECT]->(t).
MATCH (s:Entity {id: $source})<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity {id: $target})
WHERE c.type = $type
RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}
