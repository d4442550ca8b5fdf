"""Generated views in a real headless Chromium (Playwright driving the system's Chromium, no downloads):
the layout settles, the labels are there, nothing is fetched over the network, no console error, hostile
text stays text, a click on an edge shows its evidence in the side panel.
Skips without Chromium; KG_REQUIRE_BROWSER=1 turns the skip into a failure. Screenshots go to pytest's
tmp dir and, when KG_SCREENSHOT_DIR is set, to that folder too."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.model import Article, Entity, Evidence, Graph, Relation
from kg.viz import write_view
from kg.viz.browser import open_page
from kg.viz.samples import ftx_like_graph, synthetic_graph

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n"


def keep_screenshot(report, tmp_path: Path, name: str) -> Path:
    assert report.screenshot and report.screenshot.startswith(PNG)
    out = tmp_path / f"{name}.png"
    out.write_bytes(report.screenshot)
    folder = os.environ.get("KG_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.png").write_bytes(report.screenshot)
    return out


def assert_offline_and_clean(report) -> None:
    assert report.settled, "the layout never settled"
    assert report.requests == [report.url], f"the page asked for more than itself: {report.foreign_requests}"
    assert report.console_errors == []
    assert report.dialogs == []


def test_ftx_answer_view_settles_offline_with_its_labels(browser, tmp_path):
    graph, path = ftx_like_graph()
    page = write_view(graph, tmp_path / "ftx.html", highlight_edges=path, title="Where did FTX customer funds go?")
    report = open_page(page, browser=browser, timeout=60)
    keep_screenshot(report, tmp_path, "ftx-funds")
    assert_offline_and_clean(report)
    assert {"Sam Bankman-Fried", "Alameda Research", "FTX customers", "Binance", "FTT"} <= set(report.node_labels)
    assert len(report.node_labels) == len(graph.entities)
    assert report.settle_seconds < 30


def edge_card_lines(relation: Relation, names: dict[str, str]) -> list[str]:
    """What the side panel must show for a clicked relation: its header and every evidence sentence."""
    from kg.schema import load_schema

    label = load_schema().relation_types[relation.type].label
    return [f"{names[relation.source]} \u2192 {label} \u2192 {names[relation.target]}", *(ev.sentence for ev in relation.evidence)]


def test_clicking_an_edge_shows_its_evidence_in_the_side_panel(browser, tmp_path):
    graph, path = ftx_like_graph()
    graph.relations[0].evidence.append(Evidence(graph.articles[1].id, "A second sentence, from another article, says so too.", 5, 58))
    page = write_view(graph, tmp_path / "ftx.html", highlight_edges=path, title="Where did FTX customer funds go?")
    # one edge of each relation type, and every edge of the highlighted answer (drawn thicker, on top)
    clicked = list({r.type: r for r in reversed(graph.relations)}.values())
    clicked += [r for r in graph.relations if (r.source, r.type, r.target) in path and r not in clicked]
    assert len({r.type for r in clicked}) >= 8 and graph.relations[0] in clicked
    edge_ids = [f"{r.source}|{r.type}|{r.target}" for r in clicked]
    report = open_page(page, browser=browser, timeout=60, click_edges=edge_ids)
    keep_screenshot(report, tmp_path, "ftx-edge-clicked")
    assert_offline_and_clean(report)
    names = {e.id: e.name for e in graph.entities}
    assert set(report.edge_details) == set(edge_ids)
    for relation, edge_id in zip(clicked, edge_ids):
        panel = report.edge_details[edge_id]
        for line in edge_card_lines(relation, names):
            assert line in panel, f"clicked {edge_id}: the side panel lacks {line!r}:\n{panel}"
        own = {ev.sentence for ev in relation.evidence}
        foreign = [ev.sentence for r in graph.relations for ev in r.evidence if ev.sentence not in own and ev.sentence in panel]
        assert foreign == [], f"clicked {edge_id}: the side panel shows another relation's evidence"


def hostile_graph() -> Graph:
    pwn_img = '<img src=x onerror="window.kgPwned=1">'
    pwn_script = "</script><script>window.kgPwned=2</script>"
    art = Article(id="a1", sha256="2" * 64, path='<img src=y onerror="window.kgPwned=3">.txt', title=pwn_script)
    return Graph(
        [
            Entity("person:evil", pwn_script, "Person", [pwn_img, "<!--<script>window.kgPwned=4//"]),
            Entity("organization:evil", pwn_img, "Organization", []),
        ],
        [Relation("person:evil", "organization:evil", "LENT_TO", [Evidence("a1", pwn_img + " " + pwn_script, 0, 9)], 1e6, pwn_img)],
        [art],
    )


def test_hostile_article_text_shows_as_text_and_never_runs(browser, tmp_path):
    page = write_view(hostile_graph(), tmp_path / "hostile.html", title='<img src=z onerror="window.kgPwned=5">')
    click_node = (
        "kgNetwork.body.emitter.emit('click', {nodes: ['person:evil'], edges: []});"
        "document.querySelector('#kg-details h3').textContent"
    )
    click_edge = (
        "kgNetwork.body.emitter.emit('click', {nodes: [], edges: ['person:evil|LENT_TO|organization:evil']});"
        "document.querySelector('#kg-details q').textContent"
    )
    tooltip = "kgNetwork.body.nodes['organization:evil'].options.title.textContent"
    report = open_page(
        page,
        browser=browser,
        timeout=60,
        evaluate=[
            "typeof window.kgPwned",
            click_node,
            click_edge,
            tooltip,
            "document.querySelectorAll('img').length",
            "document.querySelectorAll('script').length",
            "document.title",
        ],
    )
    keep_screenshot(report, tmp_path, "hostile")
    assert_offline_and_clean(report)  # an <img src=x> that ran would also show up as a request for file:///.../x
    pwned, node_h3, edge_q, tip, imgs, scripts, title = report.results
    assert pwned == "undefined"
    assert node_h3 == "</script><script>window.kgPwned=2</script>"
    assert edge_q == '<img src=x onerror="window.kgPwned=1"> </script><script>window.kgPwned=2</script>'
    assert '<img src=x onerror="window.kgPwned=1">' in tip
    assert imgs == 0 and scripts == 3
    assert title == '<img src=z onerror="window.kgPwned=5">'
    assert "</script><script>window.kgPwned=2</script>" in report.node_labels


def test_kg_view_page_of_a_real_store_opens(browser, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.store.embedded import EmbeddedStore

    graph, _ = ftx_like_graph()
    store = EmbeddedStore(tmp_path / "store")
    try:
        store.write_graph(graph)
    finally:
        store.close()
    out = tmp_path / "sbf.html"
    r = CliRunner().invoke(app, ["--store", str(tmp_path / "store"), "view", "SBF", "--depth", "1", "--out", str(out)])
    assert r.exit_code == 0, r.output
    report = open_page(out, browser=browser, timeout=60)
    keep_screenshot(report, tmp_path, "kg-view-sbf")
    assert_offline_and_clean(report)
    assert "Sam Bankman-Fried" in report.node_labels and "Alameda Research" in report.node_labels


@pytest.mark.slow
def test_two_thousand_entities_open_and_settle(browser, tmp_path, record_property):
    graph = synthetic_graph(2000, seed=1)
    page = write_view(graph, tmp_path / "big.html", title="2,000 entities")
    report = open_page(page, browser=browser, timeout=180)
    keep_screenshot(report, tmp_path, "synthetic-2000")
    assert_offline_and_clean(report)
    assert len(report.node_labels) == 2000
    record_property("settle_seconds_2000", report.settle_seconds)
    print(json.dumps({"entities": 2000, "relations": len(graph.relations), "settle_seconds": report.settle_seconds}))
