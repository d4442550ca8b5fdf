"""The query commands end to end on a real embedded store folder (no model needed)."""
from __future__ import annotations

import csv
import io
import json

import click
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store.embedded import EmbeddedStore

from test_query import ALAMEDA, CUSTOMERS, FTX, FTXUS, SBF, ftx_graph, quillon_graph

runner = CliRunner()
QUERY_COMMANDS = [("trace", "funds"), ("trace", "control"), ("exposure",), ("related-party",), ("explain",)]


@pytest.fixture
def ftx_store(tmp_path):
    folder = tmp_path / "ftx-store"
    with EmbeddedStore(folder) as s:
        s.write_article(ftx_graph())
    return folder


@pytest.fixture
def quillon_store(tmp_path):
    folder = tmp_path / "quillon-store"
    with EmbeddedStore(folder) as s:
        s.write_article(quillon_graph())
    return folder


def kg(store, *args):
    return runner.invoke(app, ["--store", str(store), *args], catch_exceptions=False)


def one_error_line(r, code: int, *needles: str) -> str:
    assert r.exit_code == code, r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: "), r.stderr
    for n in needles:
        assert n in lines[0]
    assert "Traceback" not in r.output
    return lines[0]


def test_every_query_command_and_option_has_help():
    cli = typer_main()
    for path in QUERY_COMMANDS:
        cmd = cli
        for part in path:
            cmd = cmd.commands[part]
        assert (cmd.help or "").strip(), path
        for p in cmd.params:
            if isinstance(p, click.Option) and p.name != "help":
                assert (p.help or "").strip(), (path, p.name)
            if isinstance(p, click.Argument):
                assert getattr(p, "help", None), (path, p.name)
        assert "--format" in runner.invoke(app, [*path, "--help"]).output


def typer_main() -> click.Group:
    import typer.main

    return typer.main.get_command(app)


# --- trace funds ---------------------------------------------------------------------------------

def test_trace_funds_table_shows_each_path_with_amounts_status_and_evidence(ftx_store):
    r = kg(ftx_store, "trace", "funds")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == (
        "Path 1: FTX customers -[DEPOSITED_WITH $8,000,000,000]-> FTX -[LENT_TO $10,000,000,000 alleged]-> "
        "Alameda Research -[INVESTED_IN $1,150,000,000]-> Genesis Digital"
    )
    art = ftx_graph().article.id
    assert lines[2] == "Evidence:"
    assert "    FTX LENT_TO Alameda Research: claims 1, articles 1, sources 1, alleged 1" in lines
    assert f'      "FTX allegedly lent $10 billion of customer funds to Alameda Research." [{art}] (alleged, $10 billion, article\'s own voice)' in lines
    assert sum(line.startswith("Path ") for line in lines) == 2
    # both paths go FTX customers -> FTX -> Alameda: that hop's evidence is listed once, not under each path
    assert sum(line.startswith("    FTX customers DEPOSITED_WITH FTX:") for line in lines) == 1


def test_trace_funds_json_and_csv_carry_the_same_hops(ftx_store):
    doc = json.loads(kg(ftx_store, "trace", "funds", "--format", "json").stdout)
    assert [[(h["source"], h["type"], h["target"]) for h in p["hops"]] for p in doc][1] == [
        (CUSTOMERS, "DEPOSITED_WITH", FTX), (FTX, "LENT_TO", ALAMEDA), (ALAMEDA, "LENT_TO", SBF),
    ]
    assert doc[0]["top_amount_usd"] == 1e10
    assert doc[0]["hops"][1]["status"] == "alleged"
    assert doc[0]["hops"][1]["evidence"][0]["article"] == ftx_graph().article.id
    rows = list(csv.DictReader(io.StringIO(kg(ftx_store, "trace", "funds", "-f", "csv").stdout)))
    assert len(rows) == 6
    assert [(r["path"], r["hop"], r["source"], r["target"]) for r in rows[:3]] == [
        ("1", "1", "FTX customers", "FTX"), ("1", "2", "FTX", "Alameda Research"), ("1", "3", "Alameda Research", "Genesis Digital"),
    ]
    assert rows[1]["amount_usd"] == "10000000000.0" and rows[1]["status"] == "alleged"


def test_trace_funds_from_a_misspelt_name_and_nothing_found(ftx_store):
    r = kg(ftx_store, "trace", "funds", "--from", "ftx us", "--depth", "1")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "Path 1: FTX.US -[TRANSFERRED_TO $50,000,000]-> Alameda Research"
    r = kg(ftx_store, "trace", "funds", "--from", "benkman-fried")
    assert r.exit_code == 0
    assert r.stdout.strip() == "no fund paths from 'benkman-fried'"
    assert json.loads(kg(ftx_store, "trace", "funds", "--from", "SBF", "-f", "json").stdout) == []


def test_trace_funds_unknown_name_and_bad_depth_are_errors(ftx_store):
    one_error_line(kg(ftx_store, "trace", "funds", "--from", "Zorblax Partners"), 8, "Zorblax Partners")
    r = kg(ftx_store, "trace", "funds", "--depth", "9")
    assert r.exit_code == 2 and "Traceback" not in r.output


# --- trace control -------------------------------------------------------------------------------

def test_trace_control_up_finds_the_ultimate_controller_through_a_subsidiary(ftx_store):
    r = kg(ftx_store, "trace", "control", "ftx us", "--up")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "Controlled by (FTX.US):"
    assert "Path 1: Sam Bankman-Fried -[CONTROLS]-> FTX <-[SUBSIDIARY_OF]- FTX.US" in lines
    assert '      "FTX.US is a subsidiary of FTX."' in "\n".join(lines)
    assert "Controls" not in r.stdout


def test_trace_control_down_json_and_csv(ftx_store):
    doc = json.loads(kg(ftx_store, "trace", "control", "Bankman-Fried", "--down", "-f", "json").stdout)
    assert doc[0]["entity"]["id"] == SBF and doc[0]["up"] == []
    assert sorted({p["controlled"]["id"] for p in doc[0]["down"]}) == [ALAMEDA, FTXUS]
    rows = list(csv.DictReader(io.StringIO(kg(ftx_store, "trace", "control", "FTX", "-f", "csv").stdout)))
    assert {(r["direction"], r["source"], r["type"], r["target"]) for r in rows} == {
        ("up", "Sam Bankman-Fried", "CONTROLS", "FTX"), ("up", "Sam Bankman-Fried", "FOUNDED", "FTX"),
        ("down", "FTX.US", "SUBSIDIARY_OF", "FTX"),
    }


def test_trace_control_nothing_found_ambiguous_and_conflicting_flags(quillon_store):
    r = kg(quillon_store, "trace", "control", "Tarn Ltd")
    assert r.exit_code == 0
    assert r.stdout.splitlines() == ["Tarn Ltd: no controllers found", "Tarn Ltd: no controlled entities found"]
    line = one_error_line(kg(quillon_store, "trace", "control", "Marchetti"), 9, "'Marchetti' is ambiguous")
    assert "Odile Marchetti (Person, person:odile-marchetti)" in line and "Paolo Marchetti" in line
    one_error_line(kg(quillon_store, "trace", "control", "Quillon", "--up", "--down"), 7, "--up")


# --- exposure, related-party, explain ------------------------------------------------------------

def test_exposure_lists_issuer_holders_and_their_controllers(ftx_store):
    r = kg(ftx_store, "exposure", "ftt")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.splitlines()[0] == "Token FTT (token:ftt)"
    assert "Issuer: FTX -[ISSUED]-> FTT" in out
    assert out.index("Holder: Alameda Research -[HOLDS_TOKEN $5,800,000,000]-> FTT") < out.index("Holder: Binance -[HOLDS_TOKEN $529,000,000]-> FTT")
    assert "    controlled via: Changpeng Zhao -[CONTROLS]-> Binance" in out
    rows = list(csv.DictReader(io.StringIO(kg(ftx_store, "exposure", "FTT", "-f", "csv").stdout)))
    assert [(r["role"], r["source"], json.loads(r["controllers"])) for r in rows] == [
        ("issuer", "FTX", ["Sam Bankman-Fried"]), ("holder", "Alameda Research", ["Sam Bankman-Fried"]), ("holder", "Binance", ["Changpeng Zhao"]),
    ]
    one_error_line(kg(ftx_store, "exposure", "Binance"), 8, "not a token")


def test_related_party_names_the_common_controller(ftx_store, quillon_store):
    r = kg(ftx_store, "related-party")
    assert r.exit_code == 0, r.output
    first = r.stdout.splitlines()[0]
    assert first == "Flow 1: FTX -[LENT_TO $10,000,000,000 alleged]-> Alameda Research  (common controller: Sam Bankman-Fried)"
    doc = json.loads(kg(quillon_store, "related-party", "-f", "json").stdout)
    assert [(d["flow"]["source"], d["controller"]["name"]) for d in doc] == [("organization:quillon-exchange", "Odile Marchetti")]
    empty = kg(quillon_store, "related-party", "--depth", "1")
    assert empty.exit_code == 0 and empty.stdout.startswith("no related-party flows found")


def test_explain_shows_both_directions_and_says_when_there_is_nothing(ftx_store):
    r = kg(ftx_store, "explain", "Alameda", "sam bankman-fried")
    assert r.exit_code == 0, r.output
    heads = [line for line in r.stdout.splitlines() if not line.startswith("    ")]
    assert heads == [
        "Alameda Research -[LENT_TO $1,000,000,000]-> Sam Bankman-Fried",
        "Sam Bankman-Fried -[CONTROLS]-> Alameda Research",
        "Sam Bankman-Fried -[OWNS]-> Alameda Research",
    ]
    none = kg(ftx_store, "explain", "Binance", "Alameda")
    assert none.exit_code == 0 and none.stdout.strip() == "no relation found between 'Binance' and 'Alameda'"
    one_error_line(kg(ftx_store, "explain", "Binance", "Nobody Atall"), 8, "Nobody Atall")


def test_a_missing_store_is_one_line_and_non_zero(tmp_path):
    one_error_line(kg(tmp_path / "nowhere", "trace", "funds"), 3, str(tmp_path / "nowhere"))


# --- HTML views (run once kg.viz.write_view exists) ----------------------------------------------

def _views_available() -> bool:
    try:
        import kg.viz
    except ImportError:
        return False
    return hasattr(kg.viz, "write_view")


@pytest.mark.skipif(not _views_available(), reason="kg.viz.write_view is not there yet")
@pytest.mark.parametrize(
    "args, present",
    [
        (("trace", "funds"), ["Alameda Research", "Genesis Digital", "FTX customers", "FTT"]),  # FTT: context only
        (("trace", "control", "FTX.US", "--up"), ["Sam Bankman-Fried", "FTX.US", "Binance"]),
        (("related-party",), ["Sam Bankman-Fried", "Alameda Research"]),
    ],
)
def test_html_writes_a_view_of_the_answer_in_its_context(ftx_store, tmp_path, args, present):
    out = tmp_path / "views" / "answer.html"
    r = kg(ftx_store, *args, "--html", str(out))
    assert r.exit_code == 0, r.output
    assert f"wrote {out.resolve()}" in r.stderr
    page = out.read_text(encoding="utf-8")
    for name in present:
        assert name in page
    assert r.stdout.startswith(("Path 1", "Controlled by", "Flow 1"))  # the answer is still printed


def test_trace_says_when_a_hub_was_capped(tmp_path, monkeypatch):
    from kg import query as Q
    from test_query import hub_graph

    folder = tmp_path / "hub-store"
    with EmbeddedStore(folder) as s:
        s.write_article(hub_graph(8))
    monkeypatch.setattr(Q, "HOP_CAP", 5)
    funds = kg(folder, "trace", "funds", "--from", "Hub Fund")
    assert funds.exit_code == 0 and "(truncated: past 5 money edges of one entity" in funds.stdout
    assert json.loads(kg(folder, "trace", "funds", "--from", "Hub Fund", "--format", "json").stdout)[0]["truncated"] is True
    control = kg(folder, "trace", "control", "Hub Founder", "--down")
    assert "(truncated: past 5 control edges of one entity" in control.stdout
    monkeypatch.setattr(Q, "HOP_CAP", 100)
    assert "truncated" not in kg(folder, "trace", "funds", "--from", "Hub Fund").stdout


# --- claims on the command line, on both backends -----------------------------------------------

def _cli_args(store, request) -> list[str]:
    return ["--neo4j", request.getfixturevalue("neo4j_uri")] if store.backend == "neo4j" else ["--store", str(store.folder)]


def test_two_sourced_loan_end_to_end_export_and_trace_on_both_backends(any_store, request):
    """issue 14, Done when: two articles, different amounts, a newspaper and a court filing, one dated."""
    from test_store_contract import two_sourced_loans

    for g in two_sourced_loans():
        any_store.write_article(g)
    args = _cli_args(any_store, request)
    any_store.close()
    doc = json.loads(runner.invoke(app, [*args, "export", "--format", "json"]).stdout)
    assert doc["version"] == 2
    (lent,) = doc["relations"]
    assert len(lent["claims"]) == 2 and lent["summary"]["amount_conflict"] is True
    assert {c["source"] for c in lent["claims"]} == {"The Wall Street Journal", "a court filing"}
    assert [c.get("date") for c in lent["claims"] if c["source"] == "The Wall Street Journal"] == ["2021"]
    r = runner.invoke(app, [*args, "trace", "funds", "--from", "Quillon Exchange", "--format", "json"])
    assert r.exit_code == 0, r.output
    (hop,) = json.loads(r.stdout)[0]["hops"]
    assert (hop["summary"]["amount_min"], hop["summary"]["amount_max"]) == (8e9, 1e10)
    assert hop["summary"]["source_names"] == ["The Wall Street Journal", "a court filing"]
    table = runner.invoke(app, [*args, "trace", "funds", "--from", "Quillon Exchange"]).stdout
    assert "conflict" in table.splitlines()[0] and "(The Wall Street Journal; a court filing)" in table
    r = runner.invoke(app, [*args, "claims", "Quillon Exchange", "Brask Capital", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["date"], x["attributed_to"], x["status"]) for x in rows] == [
        ("2021", "The Wall Street Journal", "stated"), ("", "a court filing", "alleged")]
    assert runner.invoke(app, [*args, "trace", "funds", "--from", "Quillon Exchange", "--min-sources", "3"]).stdout.startswith("no fund paths")


def test_claims_command_table_and_bad_filters(ftx_store):
    r = kg(ftx_store, "claims", "FTX", "Alameda")
    assert r.exit_code == 0, r.output
    assert "FTX allegedly lent $10 billion" in r.stdout and "alleged" in r.stdout
    assert kg(ftx_store, "claims", "FTX", "Genesis Digital").stdout.strip() == "no claim found between 'FTX' and 'Genesis Digital'"
    one_error_line(kg(ftx_store, "trace", "funds", "--status", "rumoured"), 7, "rumoured")
    one_error_line(kg(ftx_store, "trace", "control", "FTX", "--since", "yesterday"), 7, "yesterday")
