"""The read-only guard for ``kg cypher``: a lexical check shared by both backends.

Each backend adds its own engine-level guard behind it (a read-only database on the embedded store,
the query plan's type on Neo4j), so a write that slips past the words is still refused.
"""
from __future__ import annotations

import re

from kg.errors import ReadOnlyViolation

_WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY", "INSTALL",
                "LOAD", "IMPORT", "EXPORT", "ATTACH", "DETACH", "CHECKPOINT", "GRANT", "REVOKE", "DENY", "RENAME",
                "FOREACH", "BEGIN", "COMMIT", "ROLLBACK", "TERMINATE", "TRUNCATE")
_READ_PROCEDURES = ("db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.indexes",
                    "db.constraints", "show_tables", "table_info", "show_connection", "db.schema.nodetypeproperties",
                    "db.schema.reltypeproperties", "dbms.components")
# Strings, quoted names and comments in one left-to-right scan: whichever opens first wins, so a '//' or
# '/*' inside a string does not hide the code after it, nor a quote inside a comment.
_LITERALS = re.compile(
    r"(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`]|``)*`)|(?P<comment>//[^\n]*|/\*.*?(?:\*/|$))", re.S
)


def strip_literals(statement: str) -> str:
    """The statement with comments, string literals and quoted names blanked out."""
    return _LITERALS.sub(lambda m: "''" if m.group("str") else " ", statement)


def check_read_only(statement: str) -> None:
    code = strip_literals(statement)
    for word in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", code):
        if word.upper() in _WRITE_WORDS:
            raise ReadOnlyViolation(f"refused: kg cypher is read-only and the query contains {word.upper()}")
    for call in re.findall(r"\bCALL\s+([A-Za-z_][\w.]*)", code, flags=re.I):
        if call.lower() not in _READ_PROCEDURES:
            raise ReadOnlyViolation(f"refused: kg cypher is read-only and does not run the procedure {call}")
    if ";" in code.strip().rstrip(";"):
        raise ReadOnlyViolation("refused: kg cypher runs one statement at a time")
