// One step up a control chain: who directly controls entity $id (a row statement, see money_out.cypher).
// {{control_down}} edges point from controller to controlled; {{control_up}} edges (SUBSIDIARY_OF) point from
// the controlled to its controller. Both halves return the same columns in the same order (LadybugDB mixes up
// columns of a UNION whose halves return one expression under different names), so source_controls says which
// end is the controller. Each half: at most {{hop_limit}} edges, by the controller's id.
MATCH (s:Entity)-[r:{{control_down}}]->(t:Entity {id: $id})
RETURN true AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
ORDER BY s.id, type(r)
LIMIT {{hop_limit}}
UNION ALL
MATCH (s:Entity {id: $id})-[r:{{control_up}}]->(t:Entity)
RETURN false AS source_controls, s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
ORDER BY t.id, type(r)
LIMIT {{hop_limit}}
