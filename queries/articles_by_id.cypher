// Articles by primary key (the evidence of an answer, for views).
UNWIND $ids AS aid
MATCH (a:Article {id: aid})
RETURN a.id AS id, a.sha256 AS sha256, a.path AS path, a.title AS title, a.ingested_at AS ingested_at
