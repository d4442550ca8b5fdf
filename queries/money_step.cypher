// One step along money-moving edges ({{money}}: the schema's `money: true` relations) out of $ids.
// kg.query.fund_paths walks these level by level (bounded breadth, no entity twice), then fetches the
// evidence of the hops it keeps with edge_details.cypher.
MATCH (s:Entity)-[r:{{money}}]->(t:Entity)
WHERE s.id IN $ids
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, type(r) AS type, r.amount_usd AS amount_usd
