// Claims by primary key, every stored property (their ends come from claim_ends_of_types.cypher). LadybugDB
// answers the list in one pass over the Claim table, so the ids of a whole answer go in one read.
UNWIND $ids AS cid
MATCH (c:Claim {id: cid})
RETURN {{claim_props}}
