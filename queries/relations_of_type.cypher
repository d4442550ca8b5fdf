// Every relation of type {{rel}} with amounts and evidence: kg.query reads a whole type at once when it needs
// the details of more of its relations than one read each would fetch faster.
MATCH (s:Entity)-[r:{{rel}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, '{{rel}}' AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
