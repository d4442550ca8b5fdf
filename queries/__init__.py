"""Named Cypher queries, one file per investigator question; shipped in the wheel as ``kg.queries``."""
