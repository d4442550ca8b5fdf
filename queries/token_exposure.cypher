// Who is exposed to a token: who issued it, and who holds it or invested in it (with amounts).
MATCH (s:Entity)-[r:ISSUED]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, 'ISSUED' AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
UNION ALL
MATCH (s:Entity)-[r:HOLDS_TOKEN]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, 'HOLDS_TOKEN' AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
UNION ALL
MATCH (s:Entity)-[r:INVESTED_IN]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, 'INVESTED_IN' AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
