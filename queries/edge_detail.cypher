// One relation of type {{rel}} by its ends, with amounts and evidence (a row statement, see money_out.cypher).
MATCH (s:Entity {id: $source})-[r:{{rel}}]->(t:Entity {id: $target})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, '{{rel}}' AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
