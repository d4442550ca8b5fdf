// A hub's money-moving edges out: as money_out.cypher, but the largest amounts first, at most {{hop_limit}}
// (kg.query reads this only for an entity whose money_out read came back full).
MATCH (s:Entity {id: $id})-[r:{{money}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
ORDER BY coalesce(r.amount_usd, -1.0) DESC, t.id, {{rel_type}}
LIMIT {{hop_limit}}
