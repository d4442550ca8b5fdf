// LadybugDB variant of name_candidates.cypher: aliases are searched as one lower-cased string
// (list_to_string) because a quantifier over a property list with a parameter inside fails there.
MATCH (e:Entity)
WHERE (e.type = $type OR $type IS NULL)
  AND (any(w IN $words WHERE e.norm CONTAINS w OR lower(list_to_string(' ', e.aliases)) CONTAINS w)
       OR (size(e.norm) >= $min_len AND size(e.norm) <= $max_len AND (e.norm STARTS WITH $first OR e.norm ENDS WITH $last)))
RETURN e.id AS id, e.name AS name, e.type AS type, e.aliases AS aliases
LIMIT $cap
