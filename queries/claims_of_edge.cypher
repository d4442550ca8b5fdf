// The claims of one edge ($source -[$type]-> $target), each with what its sentence says (a row statement:
// kg.query reads the claims of only the edges in an answer). Join an edge to its claims this way in Neo4j
// Browser too: (s)<-[:SUBJECT]-(c:Claim {type: 'LENT_TO'})-[:OBJECT]->(t).
// {{claims_between}} binds s, c, t: on LadybugDB the pattern itself; on Neo4j the same pattern walked from the
// end with fewer claims (a plan fixed in advance would start every edge at one end, a hub's thousands).
{{claims_between}}
WHERE c.type = $type
RETURN s.id AS edge_source, t.id AS edge_target, {{claim_props}}
