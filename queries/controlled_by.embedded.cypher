// LadybugDB variant of controlled_by.cypher: the relation type is label(r) (Neo4j: type(r)).
MATCH (s:Entity {id: $id})-[r:{{control_down}}]->(t:Entity)
RETURN true AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, label(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
ORDER BY t.id, label(r)
LIMIT {{hop_limit}}
UNION ALL
MATCH (s:Entity)-[r:{{control_up}}]->(t:Entity {id: $id})
RETURN false AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, label(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
ORDER BY s.id, label(r)
LIMIT {{hop_limit}}
