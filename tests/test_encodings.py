"""Every output encoding stays well-formed whatever the article held (issue 11 sections 5 and 6): strict
JSON, CSV cells a spreadsheet will not run, GraphML that parses, terminal text without control characters,
and entity names without them from the start. Generated families of hostile text, on both stores."""
from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.encode import FORMULA_STARTS, csv_cell, strict_json, terminal_text, xml_text
from kg.export import to_csv, to_graphml, to_json
from kg.model import Article, ArticleGraph, Entity, Evidence, Graph, Relation
from kg.names import clean

runner = CliRunner()
HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(list("=+-@\t\r\n\x00\x07\x0b\x0c\x1b\x7f\x9b\u202e\ufffe") + ["\x1b]0;pwn\x07", "\x1b[31m"]),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    min_size=1,
    max_size=30,
).map("".join)
STRICT = {"parse_constant": lambda c: (_ for _ in ()).throw(ValueError(f"non-standard JSON constant {c}"))}


def hostile_graph(name: str, sentence: str, amount: float | None = 1e6) -> ArticleGraph:
    text = f"{sentence} {name} lent money to Brask Capital."
    a = Article.from_text(text, "hostile.txt")
    ev = Evidence(a.id, text, 0, len(text))
    return ArticleGraph(
        a,
        [Entity("organization:hostile", name, "Organization", [name]),
         Entity("organization:brask-capital", "Brask Capital", "Organization", ["Brask Capital"])],
        [Relation("organization:hostile", "organization:brask-capital", "LENT_TO", [ev], amount, "$1", None, 0.8)],
    )


def as_graph(g: ArticleGraph) -> Graph:
    return Graph(entities=g.entities, relations=g.relations, articles=[g.article])


@settings(max_examples=150, deadline=None)
@given(HOSTILE, HOSTILE)
def test_graphml_always_parses_with_networkx(name, sentence):
    doc = to_graphml(as_graph(hostile_graph(name, sentence)))
    g = nx.read_graphml(io.BytesIO(doc.encode("utf-8")))
    assert g.nodes["organization:hostile"]["name"] == xml_text(name)
    (edge,) = g.edges(data=True)
    assert xml_text(sentence) in edge[2]["evidence"]


def _formula_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row if c.startswith(FORMULA_STARTS)]


@settings(max_examples=150, deadline=None)
@given(HOSTILE, HOSTILE)
def test_no_csv_cell_starts_like_a_formula(name, sentence):
    text = to_csv(as_graph(hostile_graph(name, sentence)))
    assert _formula_cells(text) == []
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["source_name"] == csv_cell(name)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([math.inf, -math.inf, math.nan, 1e308 * 10, None, 5.0]))
def test_json_export_is_strict_whatever_the_amount(amount):
    doc = json.loads(to_json(as_graph(hostile_graph("Vexel Fund", "Quietly,", amount))), **STRICT)
    value = doc["relations"][0].get("amount_usd")
    assert value is None or math.isfinite(value)


@given(st.recursive(st.floats() | st.integers() | st.text() | st.none(), lambda c: st.lists(c) | st.dictionaries(st.text(), c)))
@pytest.mark.slow
def test_strict_json_never_writes_a_non_standard_constant(value):
    json.loads(strict_json(value), **STRICT)


@given(HOSTILE)
def test_terminal_text_and_names_hold_no_control_characters(text):
    for out in (terminal_text(text, keep_newlines=False), clean(text)):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E for c in out), repr(out)
    assert "\n" not in clean(text)


@given(HOSTILE)
def test_csv_cell_neutralises_exactly_the_formula_starts(text):
    cell = csv_cell(text)
    lf = terminal_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert cell == ("'" + lf if lf.startswith(FORMULA_STARTS) else lf)
    assert csv_cell(-5.0) == -5.0


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.slow
def test_commands_print_hostile_names_safely_on_both_stores(any_store, request, fmt):
    names = ["=HYPERLINK(\"http://x\",\"y\")", "\x1b]0;pwned\x07Evil Corp", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3"]
    for i, n in enumerate(names):
        g = hostile_graph(n, f"Report {i}:")
        g.entities[0] = Entity(f"organization:hostile-{i}", n, "Organization", [n])
        g.relations[0].source = f"organization:hostile-{i}"
        any_store.write_article(ArticleGraph(Article.from_text(g.article.text + str(i), f"h{i}.txt"), g.entities, g.relations))
    from kg.cli import app

    if any_store.backend == "neo4j":
        args = ["--neo4j", request.getfixturevalue("neo4j_uri")]
    else:
        any_store.close()
        args = ["--store", str(any_store.folder)]
    for command in (["entities"], ["cypher", "MATCH (e:Entity) RETURN e.name AS name, e.aliases AS aliases"], ["stats"]):
        r = runner.invoke(app, [*args, *command, "--format", fmt], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout
        if fmt == "csv":
            assert _formula_cells(r.stdout) == []
        if fmt == "json":
            json.loads(r.stdout, **STRICT)
    r = runner.invoke(app, [*args, "export", "--format", "csv"], catch_exceptions=False)
    assert _formula_cells(r.stdout) == []
    r = runner.invoke(app, [*args, "export", "--format", "graphml"], catch_exceptions=False)
    nx.read_graphml(io.BytesIO(r.stdout.encode("utf-8")))


@pytest.mark.parametrize("amount", [math.inf, -math.inf, math.nan])
def test_a_view_of_a_graph_holding_a_non_finite_amount_is_drawn(tmp_path, amount):
    from kg.viz import write_view

    out = write_view(as_graph(hostile_graph("Vexel Fund", "Quietly,", amount)), tmp_path / "v.html")
    page = out.read_text(encoding="utf-8")
    assert "Vexel Fund" in page
    assert not any(bad in page for bad in (":Infinity", ":-Infinity", ":NaN", "$inf", "$nan", "$-inf"))
