"""Views without a browser: view data from hand-made graphs, the HTML page (offline, escaped), `kg view`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KgError
from kg.model import Article, ArticleGraph, Entity, Evidence, Graph, Relation
from kg.schema import load_schema
from kg.viz import render_html, view_data, write_view
from kg.viz import view as V
from kg.viz.render import script_json, vis_network_js
from kg.viz.samples import ftx_like_graph, synthetic_graph

SCHEMA = load_schema()
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "</script><script>alert(3)</script>",
    "<!--<script>alert(4)//",
    "{{DATA}} \u2028 & \"quoted\" 'single'",
]


def ev(sentence: str = "A sentence.", article: str = "art1", status: str | None = None) -> Evidence:
    return Evidence(article, sentence, 0, len(sentence), status)


def small_graph() -> Graph:
    ents = [Entity(f"{t.lower()}:x", f"{t} X", t, [f"{t} X", f"the {t.lower()}"]) for t in SCHEMA.entity_types]
    ents.append(Entity("organization:y", "Org Y", "Organization", ["Org Y"]))
    rels = [
        Relation("organization:y", "organization:x", "LENT_TO", [ev()], 1e9, "$1 billion", None, 0.9),
        Relation("organization:y", "organization:x", "OFFERED_TO_ACQUIRE", [ev(status="withdrawn")], None, None, "withdrawn"),
        Relation("person:x", "organization:x", "CONTROLS", [ev()]),
        Relation("person:x", "organization:y", "TRANSFERRED_TO", [ev(status="alleged")], 5e6, "$5m", "alleged"),
        Relation("organization:x", "token:x", "ISSUED", [ev(status="planned")], status="planned"),
        Relation("group:x", "organization:x", "DEPOSITED_WITH", [ev(status="denied")], 2e8, status="denied"),
    ]
    arts = [Article(id="art1", sha256="0" * 64, path="corpus/a.txt", title="A")]
    return Graph(ents, rels, arts)


def by_id(items):
    return {i["id"]: i for i in items}


# --- view data ---------------------------------------------------------------------------------

def test_node_colour_and_shape_come_from_the_schema():
    v = view_data(small_graph())
    nodes = by_id(v.nodes)
    for name, et in SCHEMA.entity_types.items():
        n = nodes[f"{name.lower()}:x"]
        assert n["color"]["background"] == et.color
        assert n["shape"] == et.shape
        assert n["kg"]["type_label"] == et.label
    assert [(e["type"], e["color"], e["shape"]) for e in v.legend["entities"]] == [
        (n, t.color, t.shape) for n, t in SCHEMA.entity_types.items()
    ]


def test_node_tooltip_data_carries_aliases_and_type():
    n = by_id(view_data(small_graph()).nodes)["person:x"]
    assert n["label"] == "Person X"
    assert n["kg"]["aliases"] == ["the person"]  # the display name is not repeated as an alias
    assert n["kg"]["type"] == "Person"


def test_edge_labels_and_colours_come_from_the_schema_flags():
    edges = {e["kg"]["type"]: e for e in view_data(small_graph()).edges}
    assert edges["LENT_TO"]["label"].startswith(SCHEMA.relation_types["LENT_TO"].label)
    assert edges["CONTROLS"]["label"] == SCHEMA.relation_types["CONTROLS"].label
    for rel_type, rt in SCHEMA.relation_types.items():
        expected = V.MONEY_COLOR if rt.money else V.CONTROL_COLOR if rt.control else V.OTHER_COLOR
        assert V.edge_style(rel_type, None, SCHEMA)["color"] == expected
    legend_relations = {label for k in view_data(small_graph()).legend["edges"] for label in k["relations"]}
    assert legend_relations == {rt.label for rt in SCHEMA.relation_types.values()}


def test_edge_width_grows_with_the_amount_on_a_log_scale():
    amounts = [None, 0, 5e3, 1e4, 2e4, 1e5, 1e6, 5e7, 1e9, 8e9, 1e10, 1e11, 1e14]
    widths = [V.edge_width(a) for a in amounts]
    assert widths == sorted(widths)
    assert V.edge_width(None) == V.edge_width(0) == V.WIDTH_BASE
    assert V.edge_width(1e6) < V.edge_width(1e9) < V.edge_width(1e11)
    # log scale: each tenfold step adds the same width
    assert V.edge_width(1e8) - V.edge_width(1e7) == pytest.approx(V.edge_width(1e7) - V.edge_width(1e6), abs=0.02)
    assert max(widths) <= V.WIDTH_MAX
    edges = {e["kg"]["type"]: e for e in view_data(small_graph()).edges}
    assert edges["LENT_TO"]["width"] > edges["TRANSFERRED_TO"]["width"] > edges["CONTROLS"]["width"]


def test_status_is_drawn_a_withdrawn_offer_does_not_look_like_a_completed_loan():
    edges = {e["kg"]["type"]: e for e in view_data(small_graph()).edges}
    loan, offer = edges["LENT_TO"], edges["OFFERED_TO_ACQUIRE"]
    assert loan["dashes"] is False and loan["color"]["color"] == V.MONEY_COLOR
    assert offer["dashes"] and offer["color"]["color"] == V.VOID_COLOR
    assert "(withdrawn)" in offer["label"] and "(" not in loan["label"]
    denied = edges["DEPOSITED_WITH"]
    assert denied["dashes"] and denied["color"]["color"] == V.VOID_COLOR
    alleged = edges["TRANSFERRED_TO"]
    assert alleged["dashes"] and alleged["color"]["color"] == V.MONEY_COLOR  # dashed but still coloured
    planned = edges["ISSUED"]
    assert planned["dashes"][0] < alleged["dashes"][0]  # dotted: short dashes
    assert {e["kg"]["status"] for e in edges.values()} == {None, "withdrawn", "alleged", "planned", "denied"}
    # every status in the schema has a row in the legend
    assert {s for row in V.status_legend(SCHEMA) for s in row["statuses"]} == {None, *SCHEMA.statuses}


def test_dash_gaps_widen_with_the_line_so_thick_alleged_edges_still_look_dashed():
    thin, thick = V.dashes_for_width([10, 6], 1.5), V.dashes_for_width([10, 6], 8)
    assert thick[1] - thin[1] == pytest.approx(6.5)
    assert V.dashes_for_width(False, 8) is False


def test_node_size_grows_with_centrality():
    nodes = by_id(view_data(small_graph()).nodes)
    # organization:x takes part in five relations, token:x in one
    assert nodes["organization:x"]["size"] > nodes["person:x"]["size"] > nodes["token:x"]["size"]


def test_edge_evidence_names_the_article_path_and_title():
    e = {e["kg"]["type"]: e for e in view_data(small_graph()).edges}["LENT_TO"]
    assert e["kg"]["evidence"] == [{"article": "art1", "path": "corpus/a.txt", "title": "A", "sentence": "A sentence.", "status": None,
                                    "amount": "$1 billion"}]
    assert e["kg"]["amount"] == "$1 billion" and e["kg"]["amount_usd"] == 1e9


def test_edges_list_their_claims_mark_conflicts_and_carry_both_widths():
    from kg.model import Claim

    claims = [Claim("a1", "Y lent $8bn to X, reports The Ledger.", 0, 10, None, "The Ledger", "2021", 8e9, amount_text="$8bn"),
              Claim("a2", "Y lent $10bn to X, a filing says.", 0, 10, "alleged", "a filing", None, 1e10, amount_text="$10bn"),
              Claim("a3", "Y lent $10bn to X.", 0, 10, None, None, None, 1e10, amount_text="$10bn")]
    ents = [Entity("organization:x", "X", "Organization", ["X"]), Entity("organization:y", "Y", "Organization", ["Y"])]
    agreed = Relation("organization:x", "organization:y", "LENT_TO", [Claim("a1", "X lent $5m to Y.", 0, 9, amount_usd=5e6)])
    disputed = Relation("organization:y", "organization:x", "LENT_TO", claims, 1e10, "$10bn")
    edges = {e["from"]: e for e in view_data(Graph(ents, [disputed, agreed], [])).edges}
    e = edges["organization:y"]
    assert "conflict" in e["label"] and e["kg"]["summary"]["amount_conflict"] is True
    assert "conflict" not in edges["organization:x"]["label"]
    assert [c.get("source") for c in e["kg"]["evidence"]] == ["The Ledger", "a filing", None]  # dated first, then by article
    assert e["kg"]["evidence"][0]["date"] == "2021"
    assert e["kg"]["widths"]["sources"] > edges["organization:x"]["kg"]["widths"]["sources"]  # 3 sources against 1
    assert e["kg"]["widths"]["amount"] == e["width"] == V.edge_width(1e10)
    assert [V.corroboration_width(n) for n in (1, 2, 4, 1000)] == sorted(V.corroboration_width(n) for n in (1, 2, 4, 1000))
    assert V.corroboration_width(1000) == V.WIDTH_MAX


def test_highlight_draws_the_answer_bold_over_dimmed_context():
    g = small_graph()
    key = ("organization:y", "LENT_TO", "organization:x")
    v = view_data(g, highlight_edges={key})
    assert v.highlighted and "highlight" in v.legend
    nodes, edges = by_id(v.nodes), by_id(v.edges)
    hl = edges["organization:y|LENT_TO|organization:x"]
    assert hl["color"]["color"] == V.HIGHLIGHT_COLOR and hl["kg"]["highlighted"]
    assert hl["width"] > V.edge_width(1e9)
    others = [e for k, e in edges.items() if k != hl["id"]]
    assert all(e["color"]["color"] == V.DIM_EDGE_COLOR for e in others)
    assert nodes["organization:y"]["borderWidth"] > nodes["person:x"]["borderWidth"]  # endpoints are highlighted
    assert nodes["person:x"]["color"]["background"] == V.dim(SCHEMA.entity_types["Person"].color)
    plain = view_data(g)
    assert not plain.highlighted and all(e["color"]["color"] != V.DIM_EDGE_COLOR for e in plain.edges)


def test_parallel_relations_fan_out():
    edges = by_id(view_data(small_graph()).edges)
    a, b = edges["organization:y|LENT_TO|organization:x"], edges["organization:y|OFFERED_TO_ACQUIRE|organization:x"]
    assert "smooth" not in a and b["smooth"]["enabled"]


def test_relation_to_an_entity_missing_from_the_graph_is_still_drawn():
    g = Graph([Entity("a", "A", "Person")], [Relation("a", "b", "CONTROLS", [ev()])], [])
    assert {n["id"] for n in view_data(g).nodes} == {"a", "b"}


def test_a_big_graph_gets_a_bounded_cheap_layout():
    g = synthetic_graph(2000, seed=3)
    v = view_data(g)
    assert len(v.nodes) == 2000
    assert v.options["layout"]["improvedLayout"] is False
    assert v.options["physics"]["stabilization"]["iterations"] <= 300
    assert all("label" not in e for e in v.edges)  # tooltips instead of thousands of labels
    small = view_data(small_graph())
    assert small.options["layout"]["improvedLayout"] is True and all("label" in e for e in small.edges)


# --- the HTML page -----------------------------------------------------------------------------

def hostile_graph() -> Graph:
    arts = [Article(id="art<1>", sha256="1" * 64, path="<img src=x onerror=alert(5)>.txt", title=HOSTILE[0])]
    ents = [
        Entity("person:evil", HOSTILE[0], "Person", HOSTILE[1:]),
        Entity("organization:evil", HOSTILE[2], "Organization", [HOSTILE[3]]),
    ]
    rels = [Relation("person:evil", "organization:evil", "LENT_TO", [Evidence("art<1>", s, 0, 1) for s in HOSTILE], 1e6, HOSTILE[1])]
    return Graph(ents, rels, arts)


def page_without_library(page: str) -> str:
    lib = vis_network_js()
    assert page.count(lib) == 1
    return page.replace(lib, "")


def data_of(page: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_hostile_article_text_cannot_become_markup(tmp_path):
    page = write_view(hostile_graph(), tmp_path / "v.html", title=HOSTILE[0]).read_text(encoding="utf-8")
    rest = page_without_library(page)
    # (the text "onerror=alert" is still there, inside a JSON string: without a "<" it is not markup)
    for needle in ("<script>alert", "<img", "<!--", "</script><script>alert"):
        assert needle not in rest
    # only our own three script elements: the data, vis-network, the page script
    assert page.lower().count("</script") == 3
    assert len(re.findall(r"<script\b", rest)) == 3
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    # the data still says exactly what the articles said, once parsed
    data = data_of(page)
    node = by_id(data["nodes"])["person:evil"]
    assert node["label"] == HOSTILE[0] and node["kg"]["aliases"] == sorted(HOSTILE[1:])
    assert [e["sentence"] for e in data["edges"][0]["kg"]["evidence"]] == HOSTILE
    assert data["edges"][0]["kg"]["evidence"][0]["path"] == "<img src=x onerror=alert(5)>.txt"
    assert data["title"] == HOSTILE[0]


def test_script_json_cannot_close_its_element():
    s = script_json({"a": "</script><!-- <script> & \u2028"})
    assert "<" not in s and ">" not in s and "&" not in s and "\u2028" not in s
    assert json.loads(s) == {"a": "</script><!-- <script> & \u2028"}


def test_the_page_script_builds_text_with_textcontent_only():
    js = (Path(__file__).resolve().parent.parent / "kg" / "viz" / "view.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


def test_the_page_is_self_contained_and_asks_for_nothing_over_the_network(tmp_path):
    g, path = ftx_like_graph()
    page = write_view(g, tmp_path / "v.html", highlight_edges=path).read_text(encoding="utf-8")
    assert not re.search(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"<(?:link|iframe|object|embed|img|base)\b", page_without_library(page), re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page_without_library(page), re.I)
    assert "sourceMappingURL" not in page
    assert "default-src 'none'" in page  # the browser itself refuses any fetch
    assert "vis-network" in page and "@version 9.1.2" in page


def test_render_is_deterministic():
    g, path = ftx_like_graph()
    assert render_html(view_data(g, highlight_edges=path)) == render_html(view_data(g, highlight_edges=path))


def test_write_view_reports_an_unwritable_file_in_one_line(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(KgError, match=r"taken: is a folder"):
        write_view(small_graph(), tmp_path / "taken")


# --- kg view on a real embedded store --------------------------------------------------------------

runner = CliRunner()


def stored(tmp_path) -> Path:
    from kg.store.embedded import EmbeddedStore

    folder = tmp_path / "store"
    text = "Quillon Exchange lent $40 million to Brask Capital, the firm run by Odile Marchetti. <script>alert(1)</script>"
    a = Article.from_text(text, "one.txt")
    e = Evidence(a.id, text, 0, len(text))
    g = ArticleGraph(
        a,
        [
            Entity("organization:quillon-exchange", "Quillon Exchange", "Organization", ["Quillon Exchange", "Quillon"]),
            Entity("organization:brask-capital", "Brask Capital", "Organization", ["Brask Capital"]),
            Entity("person:odile-marchetti", "Odile Marchetti", "Person", ["Odile Marchetti"]),
            Entity("organization:far-away", "Far Away Ltd", "Organization", ["Far Away Ltd"]),
        ],
        [
            Relation("organization:quillon-exchange", "organization:brask-capital", "LENT_TO", [e], 4e7, "$40 million", None, 0.9),
            Relation("person:odile-marchetti", "organization:brask-capital", "LEADS", [e], confidence=0.7),
            Relation("organization:far-away", "person:odile-marchetti", "REPORTED_ON", [e], confidence=0.5),
        ],
    )
    store = EmbeddedStore(folder)
    try:
        store.write_article(g)
    finally:
        store.close()
    return folder


def test_kg_view_writes_the_whole_graph(tmp_path, monkeypatch):
    store = stored(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["--store", str(store), "view"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    out = (tmp_path / "kg-view.html").resolve()
    assert str(out) in r.stdout
    data = data_of(out.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"Quillon Exchange", "Brask Capital", "Odile Marchetti", "Far Away Ltd"}
    assert len(data["edges"]) == 3


def test_kg_view_of_a_neighbourhood(tmp_path):
    store = stored(tmp_path)
    out = tmp_path / "views" / "quillon.html"
    r = runner.invoke(app, ["--store", str(store), "view", "Quillon", "--depth", "1", "--out", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert str(out.resolve()) in r.stdout
    data = data_of(out.read_text(encoding="utf-8"))
    assert {n["label"] for n in data["nodes"]} == {"Quillon Exchange", "Brask Capital"}
    assert by_id(data["nodes"])["organization:quillon-exchange"]["kg"].get("focus") is True
    r = runner.invoke(app, ["--store", str(store), "view", "Quillon", "--depth", "2", "--out", str(out)], catch_exceptions=False)
    assert r.exit_code == 0
    assert {n["label"] for n in data_of(out.read_text(encoding="utf-8"))["nodes"]} == {"Quillon Exchange", "Brask Capital", "Odile Marchetti"}


def test_kg_view_of_an_unknown_name_fails_in_one_line(tmp_path):
    store = stored(tmp_path)
    out = tmp_path / "nobody.html"
    r = runner.invoke(app, ["--store", str(store), "view", "Nobody At All", "--out", str(out)], catch_exceptions=False)
    assert r.exit_code != 0
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Nobody At All" in lines[0] and "Traceback" not in r.output
    assert not out.exists()
