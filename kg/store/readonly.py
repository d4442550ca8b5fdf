"""The read-only guard for ``kg cypher``, shared by both backends. It fails closed.

The engines' read-only modes do not stop file access (LadybugDB's ``LOAD FROM``, ``COPY … TO``,
``EXPORT DATABASE``, ``LOAD EXTENSION`` all run on a read-only database), so this lexical check is the wall:

- ``tokens`` lexes the statement the way both engines do, and refuses whatever the two could read
  differently instead of guessing: a block comment holding a ``*`` (LadybugDB ends a block comment only
  at a ``*/`` not preceded by another ``*``), a string escape outside the common set, adjacent quotes,
  characters outside printable ASCII anywhere but inside a string or a quoted name, a lone CR.
- ``check_read_only`` then takes only the shape of one read: it starts with a reading clause, holds no
  writing, file, extension, transaction or administration keyword anywhere, calls only the procedures
  on the allow-list (by a bare name, never a quoted one), and is one statement.

Behind it each backend asks its engine for the plan (LadybugDB's ``EXPLAIN``: every operator must be on
``READ_OPERATORS``; Neo4j's plan type must be ``r``), a second check, not a replacement.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import ReadOnlyViolation

# Clauses a read may start with.
READ_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL", "SHOW"})
# Keywords of either engine that write, touch files, load code or manage transactions, wherever they stand
# as a bare word (a property name after '.' is the one place they may appear). Statement-level commands
# (CREATE USER, SHOW DATABASES, ATTACH, …) are already kept out by READ_STARTS; they are listed too so
# that no trick of splitting or hiding a statement can bring one in mid-query.
FORBIDDEN_WORDS = frozenset({
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "DROP", "ALTER", "COPY", "INSTALL",
    "UNINSTALL", "UPDATE", "LOAD", "IMPORT", "EXPORT", "ATTACH", "USE", "CHECKPOINT", "BEGIN", "COMMIT",
    "ROLLBACK", "TRANSACTIONS", "FOREACH", "GRANT", "REVOKE", "DENY", "RENAME", "TERMINATE", "TRUNCATE",
    "ANALYZE", "COMMENT", "MACRO", "FORCE", "EXTENSION", "PROFILE", "EXPLAIN", "INSERT", "FINISH",
})
# Procedures that only read the schema (LadybugDB table functions, Neo4j db.* procedures).
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization", "db.indexes",
    "db.constraints", "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "dbms.components",
    "show_tables", "table_info", "show_connection",
})
# LadybugDB plan operators that only read (from its EXPLAIN output); anything else is refused.
READ_OPERATORS = frozenset({
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "CROSS_PRODUCT", "EMPTY_RESULT", "FILTER", "FLATTEN",
    "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INDEX_LOOKUP", "INTERSECT", "INTERSECT_BUILD", "LIMIT",
    "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN", "PATH_PROPERTY_PROBE",
    "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION", "RECURSIVE_EXTEND", "RECURSIVE_JOIN", "RESULT_COLLECTOR",
    "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TOP_K", "TOP_K_SCAN", "UNION_ALL_SCAN", "UNWIND",
    "TABLE_FUNCTION_CALL", "COUNT_REL_TABLE", "OFFSET_SCAN_NODE_TABLE", "DUMMY_SINK",
})
# Table functions a read plan may call: the engine's own scan of an intermediate table, and the schema.
READ_TABLE_FUNCTIONS = frozenset({"READ_FTABLE", "SHOW_TABLES", "TABLE_INFO", "SHOW_CONNECTION"})

_STRING_ESCAPES = frozenset("\\'\"bfnrt")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE]-?[0-9]+)?")
_PARAM = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)")


@dataclass(frozen=True)
class Token:
    kind: str  # word, name (`quoted`), string, param, number, punct
    text: str
    start: int


def _refuse(reason: str) -> ReadOnlyViolation:
    return ReadOnlyViolation(f"refused: kg cypher is read-only and {reason}")


def _plain(ch: str) -> bool:
    """A character both engines read the same way outside strings and quoted names."""
    return " " <= ch <= "~" or ch in "\t\n"


def _string_end(s: str, i: int) -> int:
    """Index just past the string literal opening at ``s[i]``."""
    quote, j = s[i], i + 1
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            nxt = s[j + 1 : j + 2]
            if nxt in _STRING_ESCAPES and nxt:
                j += 2
            elif nxt == "u" and _HEX4.fullmatch(s[j + 2 : j + 6]):
                j += 6
            else:
                raise _refuse(f"the string at offset {i} holds an escape the engines read differently (\\{nxt})")
        elif ch == quote:
            if s[j + 1 : j + 2] == quote:
                raise _refuse(f"the string at offset {i} is followed by another quote (read differently by the engines)")
            return j + 1
        else:
            j += 1
    raise _refuse(f"the string at offset {i} is not closed")


def _quoted_name_end(s: str, i: int) -> int:
    j = i
    while s[j : j + 1] == "`":
        close = s.find("`", j + 1)
        if close < 0:
            raise _refuse(f"the quoted name at offset {i} is not closed")
        j = close + 1  # a doubled backtick continues the name
    return j


def _comment_end(s: str, i: int) -> int:
    if s.startswith("//", i):
        end = s.find("\n", i)
        end = len(s) if end < 0 else end
        body = s[i + 2 : end]
    else:
        end = s.find("*/", i + 2)
        if end < 0:
            raise _refuse(f"the comment at offset {i} is not closed")
        body = s[i + 2 : end]
        end += 2
        if "*" in body:  # where such a comment ends is exactly where the two lexers disagree
            raise _refuse(f"the comment at offset {i} holds a '*', so where it ends is ambiguous")
    if not all(_plain(c) for c in body):
        raise _refuse(f"the comment at offset {i} holds characters outside printable ASCII")
    return end


def tokens(statement: str) -> list[Token]:
    """The statement's tokens, comments and whitespace dropped; refuses whatever could lex two ways."""
    s, i, out = statement, 0, []
    if "\r" in s.replace("\r\n", ""):
        raise _refuse("the query holds a carriage return outside a CR LF line end")
    s = s.replace("\r\n", "\n ")  # same length, same meaning: CR LF ends a line in both engines
    if any(ord(c) < 32 and c not in "\t\n" for c in s):
        raise _refuse("the query holds control characters")
    while i < len(s):
        ch = s[i]
        if ch in " \t\n":
            i += 1
        elif s.startswith("//", i) or s.startswith("/*", i):
            i = _comment_end(s, i)
        elif ch in "'\"":
            j = _string_end(s, i)
            out.append(Token("string", s[i:j], i))
            i = j
        elif ch == "`":
            j = _quoted_name_end(s, i)
            out.append(Token("name", s[i:j], i))
            i = j
        elif ch == "$":
            m = _PARAM.match(s, i)
            if not m:
                raise _refuse(f"the '$' at offset {i} does not start a parameter name")
            out.append(Token("param", m.group(0), i))
            i = m.end()
        elif _WORD.match(s, i):
            m = _WORD.match(s, i)
            if s[m.end() : m.end() + 1] == "$":  # LadybugDB reads a currency sign as part of a name
                raise _refuse(f"the name at offset {i} runs into a '$'")
            out.append(Token("word", m.group(0), i))
            i = m.end()
        elif "0" <= ch <= "9":
            m = _NUMBER.match(s, i)
            out.append(Token("number", m.group(0), i))
            i = m.end()
        elif _plain(ch):
            out.append(Token("punct", ch, i))
            i += 1
        else:
            raise _refuse(f"the query holds {ch!r} (offset {i}) outside a string or a quoted name")
    return out


def _call_target(toks: list[Token], at: int) -> tuple[str, int]:
    """The dotted, bare procedure name after CALL at ``toks[at]`` and the index after it."""
    parts, j = [], at + 1
    while j < len(toks) and toks[j].kind == "word":
        parts.append(toks[j].text)
        if j + 1 < len(toks) and toks[j + 1].text == ".":
            j += 2
            continue
        j += 1
        break
    if not parts:
        nxt = toks[j].text if j < len(toks) else "nothing"
        raise _refuse(f"CALL is followed by {nxt!r}: only the read procedures {', '.join(sorted(READ_PROCEDURES))} may be called, by their bare names")
    return ".".join(parts), j


def check_read_only(statement: str) -> None:
    """Refuse (ReadOnlyViolation) anything but one read-only statement."""
    toks = tokens(statement)
    if toks and toks[-1].text == ";":
        toks = toks[:-1]
    if not toks:
        raise _refuse("the query is empty")
    if any(t.text == ";" for t in toks):
        raise ReadOnlyViolation("refused: kg cypher runs one statement at a time")
    first = toks[0]
    if first.kind != "word" or first.text.upper() not in READ_STARTS:
        raise _refuse(f"the query starts with {first.text!r}, not a reading clause ({', '.join(sorted(READ_STARTS))})")
    for k, t in enumerate(toks):
        if t.kind != "word":
            continue
        after_dot = k > 0 and toks[k - 1].text == "." and toks[k - 1].kind == "punct"
        word = t.text.upper()
        if word in FORBIDDEN_WORDS and not after_dot:
            raise _refuse(f"the query contains {word}")
        if word == "CALL" and not after_dot:
            name, j = _call_target(toks, k)
            if name.lower() not in READ_PROCEDURES:
                raise _refuse(f"does not run the procedure {name}")
            if j < len(toks) and toks[j].text not in ("(", ")", "}") and toks[j].text.upper() not in ("YIELD", "RETURN", "WITH", "WHERE"):
                raise _refuse(f"CALL {name} is followed by {toks[j].text!r}")
        if word == "SHOW" and k == 0 and (len(toks) < 2 or toks[1].text.upper() not in _SHOWABLE):
            raise _refuse("SHOW is allowed only for indexes, constraints, procedures and functions")


_SHOWABLE = frozenset({"INDEX", "INDEXES", "CONSTRAINT", "CONSTRAINTS", "PROCEDURE", "PROCEDURES", "FUNCTION",
                       "FUNCTIONS", "ALL", "BUILT", "USER", "RANGE", "TEXT", "POINT", "LOOKUP", "FULLTEXT", "VECTOR",
                       "UNIQUE", "EXISTENCE", "KEY", "NODE", "RELATIONSHIP", "REL", "PROPERTY"})
_PLAN_OPERATOR = re.compile(r"([A-Z][A-Z_ ]*[A-Z])\[\d+\]")
_PLAN_FUNCTION = re.compile(r"Function: ([A-Za-z_]+)")


def embedded_plan_violation(plan: str) -> str | None:
    """What in LadybugDB's EXPLAIN text is not a read (an operator or table function off the allow-lists)."""
    operators = _PLAN_OPERATOR.findall(plan)
    if not operators:
        return "the engine returned no plan"
    for op in operators:
        if op not in READ_OPERATORS:
            return f"the plan would run {op}"
    for fn in _PLAN_FUNCTION.findall(plan):
        if fn.upper() not in READ_TABLE_FUNCTIONS:
            return f"the plan would call {fn}"
    return None


def strip_literals(statement: str) -> str:
    """The statement with comments, strings and quoted names blanked (for messages and callers that scan words)."""
    return " ".join("''" if t.kind in ("string", "name") else t.text for t in tokens(statement))


def unique_columns(columns: list[str]) -> list[str]:
    """Result column names made distinct ("i", "i" -> "i", "i_2"), so that no column is lost in a row dict."""
    out: list[str] = []
    for c in columns:
        name, n = c, 1
        while name in out:
            n += 1
            name = f"{c}_{n}"
        out.append(name)
    return out


def _shape(value) -> object:
    """A value's kind as LadybugDB types it: lists hold one kind, maps a fixed set of keys."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "BOOL"
    if isinstance(value, (int, float)):
        return "NUMBER"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, list):
        kinds = {_shape(v) for v in value} - {None}
        return ("LIST", kinds.pop() if len(kinds) == 1 else None)
    if isinstance(value, dict):
        return ("MAP", tuple(sorted((k, _shape(v)) for k, v in value.items())))
    return type(value).__name__


def embedded_param_problem(value) -> str | None:
    """Why LadybugDB cannot take ``value`` as a parameter faithfully (it would garble or crash), or None:
    a list mixing kinds, maps with different keys in one list, a null inside a map."""
    if isinstance(value, list):
        kinds = {repr(_shape(v)) for v in value if v is not None}
        if len(kinds) > 1:
            return "a list whose items are of different kinds (the embedded store types a list by one kind)"
        return next((p for p in map(embedded_param_problem, value) if p), None)
    if isinstance(value, dict):
        if any(not isinstance(k, str) or not k for k in value):
            return "a map with an empty or non-text key"
        if any(v is None for v in value.values()):
            return "a map holding a null (the embedded store cannot type it)"
        return next((p for p in map(embedded_param_problem, value.values()) if p), None)
    return None
