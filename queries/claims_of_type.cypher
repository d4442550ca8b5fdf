// Every claim of relation type $type in full, with the ends of its edge as its SUBJECT/OBJECT links point now,
// as the backend refers to entities ({{source_ref}}, {{target_ref}}: Store.edge_reader): related_party_flows
// reads these one pass per type of its answer and keeps the claims of its answer's edges (per type, so that
// each result fits a small LadybugDB page cache; no lookup by the Claim key).
MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(t:Entity)
WHERE c.type = $type
RETURN {{source_ref}} AS edge_source, {{target_ref}} AS edge_target, {{claim_props}}
