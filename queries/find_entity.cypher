// Entities whose normalised name (kg.names.normalize) equals $norm; optionally only of type $type.
// ($type compared before "IS NULL": LadybugDB infers a null parameter's type from where it first appears.)
// Anchored on the `norm` property (an index on Neo4j; a column scan on LadybugDB).
MATCH (e:Entity)
WHERE e.norm = $norm AND (e.type = $type OR $type IS NULL)
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY e.id
