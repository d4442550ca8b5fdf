// One entity's money-moving edges out ({{money}}: the schema's `money: true` relations), with their summaries.
// A row statement (kg.query runs it once per entity with Store.read_each, anchored on the primary key).
// At most {{hop_limit}}, in no order (one more than kg.query.HOP_CAP: a full answer means a hub, which
// kg.query reads again with money_out_top.cypher; sorting costs LadybugDB more than the read itself).
MATCH (s:Entity {id: $id})-[r:{{money}}]->(t:Entity)
RETURN s.id AS source, s.name AS source_name, t.id AS target, t.name AS target_name, {{rel_type}} AS type,
       {{edge_props}}
LIMIT {{hop_limit}}
