// Money-moving edges ({{money}}) at least one of whose ends has a controller: the only edges that can
// run between parties under common control. Ids only; kg.query works out the shared controllers.
MATCH (a:Entity)-[r:{{money}}]->(b:Entity)
WHERE EXISTS { MATCH (a)<-[:{{control_down}}]-(:Entity) } OR EXISTS { MATCH (a)-[:{{control_up}}]->(:Entity) }
   OR EXISTS { MATCH (b)<-[:{{control_down}}]-(:Entity) } OR EXISTS { MATCH (b)-[:{{control_up}}]->(:Entity) }
RETURN a.id AS source, b.id AS target, type(r) AS type
