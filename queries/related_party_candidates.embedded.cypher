// LadybugDB variant of related_party_candidates.cypher: the relation type is label(r) (Neo4j: type(r)).
MATCH (a:Entity)-[r:{{money}}]->(b:Entity)
WHERE EXISTS { MATCH (a)<-[:{{control_down}}]-(:Entity) } OR EXISTS { MATCH (a)-[:{{control_up}}]->(:Entity) }
   OR EXISTS { MATCH (b)<-[:{{control_down}}]-(:Entity) } OR EXISTS { MATCH (b)-[:{{control_up}}]->(:Entity) }
RETURN a.id AS source, b.id AS target, label(r) AS type
