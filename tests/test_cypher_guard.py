"""kg cypher's read-only guard (kg/store/readonly.py): every payload of issue 11 section 1 refused on both
stores with nothing written or read, the lexer's refusals over generated families, and a differential
fuzzer: whatever the guard accepts, the engine itself runs as one read with no file access."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError, ReadOnlyViolation
from kg.store.readonly import FORBIDDEN_WORDS, check_read_only, embedded_plan_violation, tokens

MARKER = "kg-canary-7f3a"


def issue_payloads(canary: Path) -> list[str]:
    """Section 1 of issue 11, verbatim in shape, pointed at a canary folder."""
    c = str(canary)
    hidden = [
        f"LOAD FROM '{c}/secret.csv' (file_format='csv') RETURN *",
        f"COPY (MATCH (n) RETURN n.name) TO '{c}/copied.csv'",
        f"EXPORT DATABASE '{c}/exported'",
        f"LOAD EXTENSION '{c}/evil.so'",
        "MATCH (n:Entity) SET n.name = 'pwned' RETURN n",
        "UNINSTALL json",
    ]
    out = [f"/* **/ ' */ {h} //'" for h in hidden]
    out += [f"/* ***/ \" */ {h} //\"" for h in hidden]
    out += [f"MATCH (n) /* **/ RETURN n.name AS x /* */ {h}" for h in hidden]
    out += hidden
    out += [
        "CALL `show_tables`() RETURN *",
        "CALL `table_info`('Entity') RETURN *",
        "CALL `db.labels`()",
        "CALL `threads`=1",
        "CALL threads=1",
        "CALL `show_connection`('LENT_TO') RETURN *",
        "CALL `current_setting`('threads') RETURN *",
        "UNINSTALL httpfs",
        "uninstall json",
        "RETURN 1; RETURN 2",
        f"MATCH (n) RETURN n.name; COPY (MATCH (n) RETURN n.name) TO '{c}/copied.csv'",
        "RETURN 1 ;; ",
        f"RETURN 'a'' ; COPY (MATCH (n) RETURN n.name) TO ''{c}/copied.csv'",
        f"RETURN '\\z' ; EXPORT DATABASE '{c}/exported' //'",
        f"RETURN 1 //\r EXPORT DATABASE '{c}/exported'",
        f"RETURN 1 //\u2028 EXPORT DATABASE '{c}/exported'",
        f"RETURN 1\u00a0UNION\u00a0RETURN 2",
        "RETURN$x",
    ]
    return out


def canary_folder(tmp_path: Path) -> Path:
    c = tmp_path / "canary"
    c.mkdir()
    (c / "secret.csv").write_text(f"{MARKER}\n{MARKER}\n")
    return c


def canary_state(c: Path) -> list[str]:
    return sorted(str(p.relative_to(c)) for p in c.rglob("*"))


@pytest.fixture
def populated(any_store):
    from tests.test_store_contract import graph_one

    any_store.write_article(graph_one())
    return any_store


def test_every_payload_of_the_issue_is_refused_and_touches_nothing(populated, tmp_path):
    canary = canary_folder(tmp_path)
    before, files = populated.export(), canary_state(canary)
    accepted = []
    for q in issue_payloads(canary):
        with pytest.raises(ReadOnlyViolation):
            populated.run_read_only(q, {})
        try:
            check_read_only(q)
            accepted.append(q)
        except ReadOnlyViolation:
            pass
    assert accepted == []  # refused by the lexical wall itself, not only by the engine behind it
    assert canary_state(canary) == files
    assert populated.export() == before


def test_reads_the_guard_must_still_run(populated):
    reads = [
        "MATCH (n:Entity) RETURN n.name AS name ORDER BY name",
        "MATCH (n:Entity) WHERE n.name = 'a /* b */ c' RETURN count(n) AS c",
        "MATCH (n:Entity) /* plain comment */ RETURN count(n) AS c",
        "MATCH (n:Entity) // line comment\nRETURN count(n) AS c",
        "MATCH (n:Entity) WHERE n.name <> 'it\\'s' AND n.name <> \"say \\\"x\\\"\" RETURN count(n) AS c",
        "MATCH (n:`Entity`) RETURN count(n) AS c",
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.name, b.name",
        "UNWIND [1, 2] AS x RETURN x",
        "MATCH (n:Entity) WITH n ORDER BY n.name LIMIT 2 RETURN collect(n.name) AS names",
        "MATCH (n:Entity) OPTIONAL MATCH (n)-[]->(m) RETURN n.name, m.name",
        "MATCH (n:Entity) RETURN n.name AS x UNION MATCH (m:Entity) RETURN m.name AS x",
        "MATCH (n:Entity) RETURN n.name, count(*) AS c\r\n",
    ]
    for q in reads:
        populated.run_read_only(q, {})


def test_duplicate_column_names_keep_every_column(populated):
    if populated.backend == "neo4j":
        with pytest.raises(QueryError):  # Neo4j refuses the query itself
            populated.run_read_only("UNWIND [1] AS i RETURN i, i", {})
        return
    assert populated.run_read_only("UNWIND [1] AS i RETURN i, i", {}) == [{"i": 1, "i_2": 1}]


# -- the lexer, over generated families (no engine) ---------------------------------------------------

READS = st.sampled_from(["MATCH (n) RETURN n", "RETURN 1", "UNWIND [1] AS x RETURN x", "MATCH (n:Entity) WITH n RETURN n.name"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


@given(READS, TEXT.filter(lambda a: "*/" not in a), TEXT.filter(lambda b: not b.startswith("/")))
def test_a_block_comment_holding_a_star_is_refused(read, a, b):
    # the comment's first '*/' comes after the '*' placed in it, so the star is inside the comment
    with pytest.raises(ReadOnlyViolation):
        check_read_only(f"{read} /*{a}*{b}*/")


@given(READS)
def test_an_empty_block_comment_reads_the_same_in_both_lexers(read):
    check_read_only(f"{read} /**/")  # '/*' then '*/': nothing inside, nothing to disagree on


@given(READS, st.sampled_from(sorted(FORBIDDEN_WORDS)), st.sampled_from(["", " ", "\n", "\t"]), st.booleans())
def test_every_forbidden_word_is_refused_whatever_its_case(read, word, space, lower):
    w = word.lower() if lower else word
    with pytest.raises(ReadOnlyViolation):
        check_read_only(f"{read}{space} {w} x")


@given(READS, st.characters(codec="utf-8", exclude_categories=["Cs"]).filter(lambda c: not (" " <= c <= "~" or c in "\t\n")))
def test_a_character_outside_printable_ascii_is_refused_outside_strings(read, ch):
    with pytest.raises(ReadOnlyViolation):
        check_read_only(f"{read}{ch}")
    if ch not in "\r\x00" and ord(ch) >= 32:
        check_read_only(f"{read} + '{ch}'" if read.startswith("RETURN") else "RETURN '" + ch + "'")


@given(READS, st.characters(codec="ascii").filter(lambda c: c not in "\\'\"bfnrtu\r\n" and c >= " "))
def test_a_string_escape_outside_the_common_set_is_refused(read, ch):
    with pytest.raises(ReadOnlyViolation):
        check_read_only(f"RETURN 'a\\{ch}'")


@given(st.text(alphabet="ab'\"`\\/* \n;", max_size=30))
def test_the_lexer_either_refuses_or_covers_the_whole_statement(text):
    """Tokens never overlap and never skip a character that is not whitespace or comment."""
    try:
        toks = tokens(text)
    except ReadOnlyViolation:
        return
    last = 0
    for t in toks:
        assert t.start >= last and text[t.start : t.start + len(t.text)] == t.text
        last = t.start + len(t.text)


def test_the_plan_check_knows_writes_and_file_functions():
    assert embedded_plan_violation("│ COPY_TO[2] │") == "the plan would run COPY_TO"
    assert embedded_plan_violation("│ TABLE_FUNCTION_CALL[0] │ Function: READ_CSV_PARALLEL") == "the plan would call READ_CSV_PARALLEL"
    assert embedded_plan_violation("│ PROJECTION[1] │ SCAN_NODE_TABLE[0]") is None
    assert embedded_plan_violation("") is not None


# -- the differential fuzzer -----------------------------------------------------------------------

FRAGMENTS = [
    "MATCH (n:Entity)", "RETURN n.name", "RETURN 1", "RETURN *", "UNWIND [1, 2] AS x", "WITH 1 AS x", " WHERE ",
    "n.name = ", "CALL show_tables()", "CALL table_info('Entity')", "OPTIONAL MATCH (n)-[r]->(m)",
    "COPY (MATCH (n) RETURN n.name) TO '{c}/copied.csv'", "LOAD FROM '{c}/secret.csv' (file_format='csv') RETURN *",
    "EXPORT DATABASE '{c}/exported'", "LOAD EXTENSION '{c}/evil.so'", "UNINSTALL json", "INSTALL json",
    "CREATE (m:Entity {id: 'pwn', name: 'pwn'})", "SET n.name = 'pwn'", "DETACH DELETE n", "CALL threads=1",
    "CALL `show_tables`()", "CALL `table_info`('Entity')", "CALL current_setting('threads')", "CHECKPOINT",
    "/*", "*/", "**/", "/* **/", "/* * */", "//", "\n", " ", "\t", "\r\n", "\r", "\u00a0", "\u2028", "\x0b", "\x00",
    "'", '"', "`", "\\'", '\\"', "\\\\", "''", "\\z", "\\u0041", "\\x41", "$p", "$", ";", "; RETURN 2",
    "SET", "COPY", "LOAD", "EXPORT", "MATCH", "RETURN", "CALL", "UNION", "`SET`", "x", "n", "(", ")", "{", "}", ",",
]


@st.composite
def statements(draw):
    """Reads with hostile fragments woven in: as code, inside strings, inside comments, or across them."""
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10))
    shape = draw(st.integers(0, 3))
    body = " ".join(parts) if draw(st.booleans()) else "".join(parts)
    if shape == 0:
        return body
    if shape == 1:
        return f"MATCH (n:Entity) WHERE n.name = '{body}' RETURN n.name"
    if shape == 2:
        return f"RETURN 1 /* {body} */"
    return f"RETURN 1 // {body}"


def _engine_oracle(conn, statement: str, canary: Path) -> None:
    """The engine's own reading of an accepted statement: one statement, a read-only plan, and when it
    runs, no file written or read and the data unchanged."""
    try:
        plan = conn.execute("EXPLAIN " + statement, {"p": 1})
    except RuntimeError:
        return  # the engine does not parse it: nothing runs
    assert not isinstance(plan, list), f"accepted but the engine reads several statements: {statement!r}"
    text = str(plan.get_next()[0])
    plan.close()
    assert embedded_plan_violation(text) is None, f"accepted a non-read: {statement!r}"
    before = canary_state(canary)
    try:
        result = conn.execute(statement, {"p": 1})
    except RuntimeError:
        return
    assert not isinstance(result, list), statement
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    result.close()
    assert MARKER not in repr(rows), f"accepted a file read: {statement!r}"
    assert canary_state(canary) == before, f"accepted a file write: {statement!r}"
    counted = conn.execute("MATCH (n:Entity) RETURN count(n)")
    count = counted.get_next()[0]
    counted.close()
    assert count == 3, f"accepted a write: {statement!r}"


FUZZ_COUNT = int(os.environ.get("KG_FUZZ_STATEMENTS", "10000"))


@pytest.mark.slow
def test_differential_fuzzer_finds_no_accepted_statement_that_writes_reads_files_or_runs_two(tmp_path):
    import ladybug

    from tests.test_store_contract import graph_one
    from kg.store.embedded import EmbeddedStore

    canary = canary_folder(tmp_path)
    store = EmbeddedStore(tmp_path / "store")
    store.write_article(graph_one())
    store.close()
    engine: dict = {}

    def connection():
        # reopened now and then: LadybugDB's buffer pool fills over thousands of statements on one connection
        if engine.get("uses", 200) >= 200:
            if engine:
                engine["conn"].close()
                engine["db"].close()
            engine["db"] = ladybug.Database(str(tmp_path / "store" / "graph.lbug"), read_only=True, buffer_pool_size=256 * 1024 * 1024)
            engine["conn"] = ladybug.Connection(engine["db"])
            engine["uses"] = 0
        engine["uses"] += 1
        return engine["conn"]

    tally = {"generated": 0, "accepted": 0}

    @settings(max_examples=FUZZ_COUNT, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(statements())
    def run(s):
        s = s.replace("{c}", str(canary))
        tally["generated"] += 1
        try:
            check_read_only(s)
        except ReadOnlyViolation:
            return
        tally["accepted"] += 1
        _engine_oracle(connection(), s, canary)

    run()
    if engine:
        engine["conn"].close()
        engine["db"].close()
    print(f"differential fuzzer: {tally['generated']} statements generated, {tally['accepted']} accepted by the guard")
    assert tally["generated"] >= FUZZ_COUNT
    assert tally["accepted"] > FUZZ_COUNT // 50  # the fuzzer must also exercise what the guard lets through


@pytest.mark.slow
@pytest.mark.neo4j
def test_fuzzed_statements_accepted_by_the_guard_are_reads_on_neo4j(neo4j_store, tmp_path):
    canary = canary_folder(tmp_path)
    seen = {"accepted": 0}

    @settings(max_examples=1000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(statements())
    def run(s):
        s = s.replace("{c}", str(canary))
        try:
            check_read_only(s)
        except ReadOnlyViolation:
            return
        seen["accepted"] += 1
        with neo4j_store._driver.session() as session:
            try:
                summary = session.run("EXPLAIN " + s, {"p": 1}).consume()
            except Exception:  # the engine does not parse it: nothing runs
                return
            assert summary.query_type == "r", s

    run()
    assert seen["accepted"] > 0
