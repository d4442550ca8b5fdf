// Entities a misspelt or partial name may stand for: a superset that kg.resolve.find then narrows with its
// name rules. Any name or alias containing one of $words (the query's distinctive words: surnames, leading
// words, acronyms), or a name of about the same length ($min_len..$max_len) sharing its first or last
// character (typos). Bounded by $cap. ($type compared before "IS NULL", see find_entity.cypher.)
// {{alias_contains_w}}: a quantifier over the aliases on Neo4j; on LadybugDB, where a quantifier over a
// property list with a parameter inside fails, the aliases searched as one lower-cased string.
MATCH (e:Entity)
WHERE (e.type = $type OR $type IS NULL)
  AND (any(w IN $words WHERE e.norm CONTAINS w OR {{alias_contains_w}})
       OR (size(e.norm) >= $min_len AND size(e.norm) <= $max_len AND (e.norm STARTS WITH $first OR e.norm ENDS WITH $last)))
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
LIMIT $cap
