// One step down a control chain: what any of $ids directly controls (see control_up_step.cypher).
MATCH (s:Entity)-[r:{{control_down}}]->(t:Entity)
WHERE s.id IN $ids
RETURN true AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
UNION ALL
MATCH (s:Entity)-[r:{{control_up}}]->(t:Entity)
WHERE t.id IN $ids
RETURN false AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
