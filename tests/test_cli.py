"""The kg command line end to end on a real embedded store (the trained model runs where marked)."""
from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import CORPUS, ROOT

runner = CliRunner()

GOOD = (
    "Torvane Holdings lends $12 million to Pellucid Labs\n\n"
    "Torvane Holdings lent $12 million to Pellucid Labs, the start-up founded by Ines Okonjo, in March. "
    "Okonjo also controls Torvane Holdings, according to filings seen by the Harbour Ledger newspaper.\n"
)


def kg(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = []
    for cmd in app.registered_commands:
        names.append(cmd.name or cmd.callback.__name__)
        assert (cmd.help or cmd.callback.__doc__ or "").strip(), f"command {names[-1]} has no help"
    for group in app.registered_groups:
        for cmd in group.typer_instance.registered_commands:
            names.append(f"{group.name} {cmd.name or cmd.callback.__name__}")
            assert (cmd.help or cmd.callback.__doc__ or "").strip()
    assert {"ingest", "export", "stats", "eval", "cypher", "entities", "push"} <= set(names)
    for name in names:
        assert re.search(rf"`kg {re.escape(name)}\b", readme), f"`kg {name}` is not documented in README.md"


@pytest.mark.slow
@pytest.mark.model
def test_bad_inputs_get_one_line_each_and_good_ones_still_land(tmp_path):
    store = tmp_path / "store"
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    pdf = tmp_path / "scan.txt"
    pdf.write_bytes(b"%PDF-1.4\n\x00\x01binary")
    nothing = tmp_path / "no-articles"
    nothing.mkdir()
    (nothing / "data.json").write_text("{}")
    r = kg("--store", str(store), "ingest", str(good), str(empty), str(pdf), str(tmp_path / "missing.txt"), str(nothing))
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    # problems found while collecting come first, then those found while reading, in argument order
    assert lines == [
        f"kg: {tmp_path / 'missing.txt'}: no such file or folder",
        f"kg: {nothing}: folder holds no *.txt or *.md articles",
        f"kg: {empty}: empty, no text to ingest",
        f"kg: {pdf}: a PDF, not a text article",
    ]
    assert "1 articles ingested" in r.stdout and "4 input(s) failed" in r.stdout
    doc = json.loads(kg("--store", str(store), "export").stdout)
    assert [a["path"] for a in doc["articles"]] == [str(good)]


@pytest.mark.model
def test_ingest_export_and_idempotency(tmp_path):
    store = tmp_path / "store"
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    r = kg("--store", str(store), "ingest", str(f))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("1 articles ingested, 0 already stored")
    doc = json.loads(kg("--store", str(store), "export", "--format", "json").stdout)
    assert set(doc) == {"version", "entities", "relations", "articles"} and doc["version"] == 2
    names = {e["name"] for e in doc["entities"]}
    assert {"Torvane Holdings", "Pellucid Labs", "Ines Okonjo"} <= names
    assert all(e["type"] in {"Person", "Organization", "Token", "Group"} for e in doc["entities"])
    lent = [r for r in doc["relations"] if r["type"] == "LENT_TO"]
    assert lent and lent[0]["source_name"] == "Torvane Holdings" and lent[0]["target_name"] == "Pellucid Labs"
    assert lent[0]["amount_usd"] == 12_000_000
    for rel in doc["relations"]:
        assert rel["evidence"], rel
        for ev in rel["evidence"]:
            assert GOOD[ev["start"] : ev["end"]] == ev["sentence"]
    stats_before = kg("--store", str(store), "stats", "--format", "json").stdout
    r = kg("--store", str(store), "ingest", str(f))
    assert r.exit_code == 0 and r.stdout.startswith("0 articles ingested, 1 already stored")
    assert kg("--store", str(store), "stats", "--format", "json").stdout == stats_before


@pytest.mark.model
def test_stdin_is_an_article(tmp_path):
    store = tmp_path / "store"
    r = kg("--store", str(store), "ingest", "-", input=GOOD)
    assert r.exit_code == 0, r.output
    doc = json.loads(kg("--store", str(store), "export").stdout)
    assert doc["articles"][0]["path"] == "<stdin>"


@pytest.mark.model
def test_export_graphml_and_csv_and_output_file(tmp_path):
    store = tmp_path / "store"
    f = tmp_path / "a.txt"
    f.write_text(GOOD, encoding="utf-8")
    kg("--store", str(store), "ingest", str(f))
    out = tmp_path / "g.graphml"
    r = kg("--store", str(store), "export", "--format", "graphml", "--output", str(out))
    assert r.exit_code == 0
    g = nx.read_graphml(out)
    doc = json.loads(kg("--store", str(store), "export").stdout)
    assert g.number_of_nodes() == len(doc["entities"]) and g.number_of_edges() == len(doc["relations"])
    csv_text = kg("--store", str(store), "export", "--format", "csv").stdout
    header, *rows = list(csv.reader(io.StringIO(csv_text)))
    assert header[:7] == ["source", "source_name", "type", "target", "target_name", "amount_usd", "status"]
    assert len(rows) == sum(len(r["evidence"]) for r in doc["relations"])
    assert {row[9] for row in rows} == {e["sentence"] for r in doc["relations"] for e in r["evidence"]}
    assert kg("--store", str(store), "export", "--format", "xml").exit_code != 0


def test_reading_commands_on_a_missing_store_say_so(tmp_path):
    r = kg("--store", str(tmp_path / "nowhere"), "stats")
    assert r.exit_code != 0
    assert "no kg store here yet" in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "nowhere").exists()


def test_cypher_is_read_only(tmp_path, fresh_db):
    from tests.test_store_contract import graph_one

    fresh_db.write_article(graph_one())
    folder = str(fresh_db.folder)
    fresh_db.close()
    r = kg("--store", folder, "cypher", "MATCH (e:Entity) WHERE e.type = $t RETURN e.name AS name", "--param", "t=Person", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"name": "Odile Marchetti"}]
    r = kg("--store", folder, "cypher", "MATCH (e:Entity) DETACH DELETE e")
    assert r.exit_code == 6 and "read-only" in r.stderr
    r = kg("--store", folder, "stats", "--format", "json")
    assert json.loads(r.stdout)["entities"] == {"Organization": 2, "Person": 1}


@pytest.mark.model
@pytest.mark.slow
def test_corpus_names_the_ftx_parties_and_reingest_changes_nothing(tmp_path):
    store = str(tmp_path / "store")
    r = kg("--store", store, "ingest", str(CORPUS))
    assert r.exit_code == 0, r.output
    names = {e["name"] for e in json.loads(kg("--store", store, "entities", "--format", "json").stdout)}
    assert {"FTX", "Alameda Research", "Sam Bankman-Fried"} <= names
    before = kg("--store", store, "export").stdout
    r = kg("--store", store, "ingest", str(CORPUS))
    assert r.exit_code == 0 and r.stdout.startswith("0 articles ingested")
    assert kg("--store", store, "export").stdout == before
