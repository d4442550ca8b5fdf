// LadybugDB variant of fund_paths.cypher: path lists via properties(nodes(p)/rels(p), key), the relation
// type as the `_label` property, is_acyclic(p) for "no entity twice" (the ACYCLIC keyword still lets a path
// return to its start), list_max for the top amount, and no WITH (a path does not pass through one).
MATCH (s:Entity) WHERE s.id IN $ids
MATCH p = (s)-[:{{money}}*1..{{depth}}]->(:Entity)
WHERE is_acyclic(p)
RETURN properties(nodes(p), 'id') AS ids, properties(nodes(p), 'name') AS names,
       properties(rels(p), '_label') AS types,
       properties(rels(p), 'amount_usd') AS amount_usd, properties(rels(p), 'amount_text') AS amount_text,
       properties(rels(p), 'status') AS status, properties(rels(p), 'confidence') AS confidence,
       properties(rels(p), 'evidence') AS evidence, properties(rels(p), 'evidence_article') AS evidence_article,
       properties(rels(p), 'evidence_start') AS evidence_start, properties(rels(p), 'evidence_end') AS evidence_end,
       properties(rels(p), 'evidence_status') AS evidence_status,
       coalesce(list_max(properties(rels(p), 'amount_usd')), 0.0) AS top
ORDER BY top DESC, length(p) DESC
LIMIT $cap
