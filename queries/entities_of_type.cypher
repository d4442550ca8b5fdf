// Every entity of one type (name lookups fall back to these; fund paths start from every Group).
// ($type compared before "IS NULL": LadybugDB infers a null parameter's type from where it first appears.)
MATCH (e:Entity)
WHERE e.type = $type OR $type IS NULL
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
ORDER BY e.id
