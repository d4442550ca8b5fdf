// Where did the money go? Every path of up to {{depth}} money-moving hops ({{money}}: the schema's
// `money: true` relations) starting at one of $ids, without revisiting an entity.
// Ranked by the largest amount on any hop, then by length (longest first, so a path precedes its prefixes).
MATCH (s:Entity) WHERE s.id IN $ids
MATCH p = (s)-[:{{money}}*1..{{depth}}]->(:Entity)
WHERE all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
WITH p, reduce(top = 0.0, r IN relationships(p) | CASE WHEN coalesce(r.amount_usd, 0.0) > top THEN r.amount_usd ELSE top END) AS top
RETURN [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names,
       [r IN relationships(p) | type(r)] AS types,
       [r IN relationships(p) | r.amount_usd] AS amount_usd, [r IN relationships(p) | r.amount_text] AS amount_text,
       [r IN relationships(p) | r.status] AS status, [r IN relationships(p) | r.confidence] AS confidence,
       [r IN relationships(p) | r.evidence] AS evidence, [r IN relationships(p) | r.evidence_article] AS evidence_article,
       [r IN relationships(p) | r.evidence_start] AS evidence_start, [r IN relationships(p) | r.evidence_end] AS evidence_end,
       [r IN relationships(p) | r.evidence_status] AS evidence_status,
       top
ORDER BY top DESC, size(ids) DESC
LIMIT $cap
