// Who is exposed to a token: who issued it, and who holds it or invested in it (with amounts).
MATCH (s:Entity)-[r:ISSUED]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, 'ISSUED' AS type,
       {{edge_props}}
UNION ALL
MATCH (s:Entity)-[r:HOLDS_TOKEN]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, 'HOLDS_TOKEN' AS type,
       {{edge_props}}
UNION ALL
MATCH (s:Entity)-[r:INVESTED_IN]->(t:Entity {id: $id})
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, 'INVESTED_IN' AS type,
       {{edge_props}}
