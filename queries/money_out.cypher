// One entity's money-moving edges out ({{money}}: the schema's `money: true` relations), with evidence.
// A row statement (kg.query runs it once per entity with Store.read_each, anchored on the primary key).
// At most {{hop_limit}}, in no order (one more than kg.query.HOP_CAP: a full answer means a hub, which
// kg.query reads again with money_out_top.cypher; sorting costs LadybugDB more than the read itself).
MATCH (s:Entity {id: $id})-[r:{{money}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type,
       r.amount_usd AS amount_usd, r.amount_text AS amount_text, r.status AS status, r.confidence AS confidence,
       r.evidence AS evidence, r.evidence_article AS evidence_article, r.evidence_start AS evidence_start,
       r.evidence_end AS evidence_end, r.evidence_status AS evidence_status
LIMIT {{hop_limit}}
