"""Issue 11 section 8: each of the smaller crashes is one clear line and a documented exit code."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def kg(*args, env=None, input=None):
    return runner.invoke(app, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


def one_line(r, code: int, needle: str) -> None:
    assert r.exit_code == code, r.output
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: ") and needle in lines[0], r.stderr
    assert "Traceback" not in r.output


@pytest.fixture
def store(tmp_path):
    from kg.store.embedded import EmbeddedStore
    from tests.test_store_contract import graph_one

    folder = tmp_path / "store"
    with EmbeddedStore(folder) as s:
        s.write_article(graph_one())
    return folder


@pytest.mark.parametrize("to", ["", "   "])
def test_push_to_nothing_is_refused(store, to):
    one_line(kg("--store", store, "push", "--to", to), 2, "--to: empty")


@pytest.mark.parametrize("to", ["kg-data", str("/tmp"), "http://localhost:7474", "bolt://127.0.0.1:99999", "bolt://[::1"])
def test_push_to_something_not_a_neo4j_uri_is_one_line(store, to):
    one_line(kg("--store", store, "push", "--to", to), 5, "not a usable Neo4j URI")


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "1000000"])
def test_an_out_of_range_port_is_named_not_wrapped(store, port):
    one_line(kg("--neo4j", f"bolt://127.0.0.1:{port}", "stats"), 5, "not a usable Neo4j URI")


@pytest.mark.parametrize("mb", ["99999999", "4000000000"])
def test_a_buffer_pool_too_large_to_reserve_is_one_line(store, mb):
    one_line(kg("--store", store, "stats", env={"KG_BUFFER_POOL_MB": mb}), 3, "lower KG_BUFFER_POOL_MB")


@pytest.mark.parametrize("command", [["stats"], ["entities"], ["export"], ["ingest", "-"]])
def test_a_zero_length_database_file_is_refused_never_started_over(tmp_path, command):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "graph.lbug").write_bytes(b"")
    one_line(kg("--store", folder, *command, input="Vexel Capital lent $5 million to Brask Holdings.\n"), 3, "empty (0 bytes)")
    assert (folder / "graph.lbug").stat().st_size == 0


@pytest.mark.slow
def test_ingest_from_a_closed_stdin_is_one_line(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kg", "--store", str(tmp_path / "s"), "ingest", "-"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=300, close_fds=True)
    p = subprocess.run(f"{sys.executable} -m kg --store {tmp_path / 's2'} ingest - <&-", shell=True, capture_output=True, text=True, timeout=300)
    for out in (r, p):
        assert out.returncode == 2, out.stderr
        assert "Traceback" not in out.stderr and "<stdin>" in out.stderr


GOLD_PROBLEMS = [
    ({"entities": [{"name": None, "type": "Person"}], "relations": []}, "'name' must be a non-empty string"),
    ({"entities": [{"name": "", "type": "Person"}], "relations": []}, "'name' must be a non-empty string"),
    ({"entities": [{"name": "X", "type": "Planet"}], "relations": []}, "type 'Planet'"),
    ({"entities": [{"name": "X", "aliases": [None]}], "relations": []}, "'aliases'"),
    ({"entities": [], "relations": [{"source": "A", "target": "B", "types": ["MARRIED_TO"]}]}, "not a relation type of the schema"),
    ({"entities": [], "relations": [{"source": "A", "target": "B", "types": []}]}, "'types'"),
    ({"entities": [], "relations": [{"source": None, "target": "B", "types": ["LENT_TO"]}]}, "'source' and 'target'"),
    ({"entities": [], "relations": [{"source": "A", "target": "B", "types": ["LENT_TO"], "amount_usd": "lots"}]}, "'amount_usd'"),
    ({"entities": {}, "relations": []}, "must be lists"),
]


@pytest.mark.parametrize("gold, needle", GOLD_PROBLEMS)
def test_a_malformed_gold_file_is_one_line_naming_it(tmp_path, gold, needle):
    (tmp_path / "a.txt").write_text("Vexel Capital lent $5 million to Brask Holdings.\n")
    (tmp_path / "a.gold.json").write_text(json.dumps(gold))
    r = kg("eval", tmp_path)
    one_line(r, 2, needle)
    assert "a.gold.json" in r.stderr


@pytest.mark.parametrize("value, expected", [('{"a": 1}', {"a": 1}), ("[1, 2]", [1, 2]), ('{"k": [1, 2], "m": {"z": "q"}}', {"k": [1, 2], "m": {"z": "q"}}),
                                             ("plain", "plain"), ("12", 12)])
def test_param_json_values_arrive_as_json_on_both_stores(any_store, request, value, expected):
    if any_store.backend == "neo4j":
        args = ["--neo4j", request.getfixturevalue("neo4j_uri")]
    else:
        from tests.test_store_contract import graph_one

        any_store.write_article(graph_one())
        any_store.close()
        args = ["--store", any_store.folder]
    r = kg(*args, "cypher", "RETURN $v AS v", "-p", f"v={value}", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"v": expected}]


@pytest.mark.parametrize("value", ['[1, "x"]', '[{"a": 1}, {"b": 2}]', '{"a": null}', '[true, 1]', '{"k": [1, {"z": 1}]}'])
def test_a_parameter_the_embedded_store_would_garble_is_one_line(store, value):
    one_line(kg("--store", store, "cypher", "RETURN $v AS v", "-p", f"v={value}"), 7, "parameter $v is")
