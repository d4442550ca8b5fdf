// Entities whose normalised name (kg.names.normalize) equals $norm; optionally only of type $type.
// ($type compared before "IS NULL": LadybugDB infers a null parameter's type from where it first appears.)
// {{entity_by_norm}}: Neo4j reads its index on Entity.norm; LadybugDB, which has no secondary index, the
// NameKey {norm} -[:NAMED]-> Entity lookup its store keeps (a primary-key read).
{{entity_by_norm}}
WHERE e.type = $type OR $type IS NULL
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY e.id
