// A hub's money-moving edges out: as money_out.cypher, but the largest amounts first, at most {{hop_limit}}
// (kg.query reads this only for an entity whose money_out read came back full).
MATCH (s:Entity {id: $id})-[r:{{money}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
ORDER BY coalesce(r.amount_usd, -1.0) DESC, t.id, type(r)
LIMIT {{hop_limit}}
