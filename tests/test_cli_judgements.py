"""kg dedupe / merge / unmerge / distinct / judgements through the CLI, on a real embedded store."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export import to_json
from kg.model import Article, ArticleGraph, Claim, Entity, Relation
from kg.store.embedded import EmbeddedStore

runner = CliRunner()


def _graph(text, path, entities, rels):
    a = Article.from_text(text, path)
    return ArticleGraph(a, entities, [Relation(s, t, ty, [Claim(a.id, text, 0, len(text))], confidence=0.8) for s, ty, t in rels])


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store"
    s = EmbeddedStore(path)
    s.write_article(_graph("Tessaly Capital lent money to Brunmoor Labs.", "1.txt",
                           [Entity("organization:tessaly-capital", "Tessaly Capital", "Organization", ["Tessaly Capital"]),
                            Entity("organization:brunmoor-labs", "Brunmoor Labs", "Organization", ["Brunmoor Labs"])],
                           [("organization:tessaly-capital", "LENT_TO", "organization:brunmoor-labs")]))
    s.write_article(_graph("Tesasly Capital Ltd invested in Brunmoor Labs; Ilse Varga runs Brunmoor Labs.", "2.txt",
                           [Entity("organization:tesasly-capital-ltd", "Tesasly Capital Ltd", "Organization", ["Tesasly Capital Ltd"]),
                            Entity("organization:brunmoor-labs", "Brunmoor Labs", "Organization", ["Brunmoor Labs"]),
                            Entity("person:ilse-varga", "Ilse Varga", "Person", ["Ilse Varga"])],
                           [("organization:tesasly-capital-ltd", "INVESTED_IN", "organization:brunmoor-labs"),
                            ("person:ilse-varga", "LEADS", "organization:brunmoor-labs")]))
    s.close()
    return str(path)


def kg(store_path, *args, input=None):
    return runner.invoke(app, ["--store", store_path, *args], input=input)


def export(store_path) -> str:
    s = EmbeddedStore(store_path, read_only=True)
    try:
        return to_json(s.export())
    finally:
        s.close()


def test_dedupe_lists_the_misspelt_pair_then_merge_and_unmerge_by_name(store_path):
    r = kg(store_path, "dedupe", "--format", "json")
    assert r.exit_code == 0, r.output
    pairs = json.loads(r.output)
    assert [(p["a_name"], p["b_name"]) for p in pairs] == [("Tesasly Capital Ltd", "Tessaly Capital")]
    before = export(store_path)
    r = kg(store_path, "merge", "Tessaly Capital", "Tesasly Capital Ltd", "--reason", "typo in article 2")
    assert r.exit_code == 0 and "merged 'Tesasly Capital Ltd'" in r.output
    assert kg(store_path, "dedupe", "--format", "json").output.strip() == "[]"  # judged pairs are not proposed again
    doc = json.loads(export(store_path))
    assert {r["type"] for r in doc["relations"] if r["source"] == "organization:tessaly-capital"} == {"LENT_TO", "INVESTED_IN"}
    rows = json.loads(kg(store_path, "judgements", "--format", "json").output)
    assert rows[0]["kind"] == "same" and rows[0]["reason"] == "typo in article 2" and rows[0]["state"] == "active"
    r = kg(store_path, "unmerge", "Tesasly Capital Ltd")
    assert r.exit_code == 0, r.output
    assert export(store_path) == before


def test_merge_of_unknown_or_refused_names_is_one_line_and_an_exit_code(store_path):
    r = kg(store_path, "merge", "Nobody Ever Heard Of", "Brunmoor Labs")
    assert r.exit_code == 8 and r.output.count("\n") == 1 and "Nobody Ever Heard Of" in r.output
    assert kg(store_path, "distinct", "Tessaly Capital", "Tesasly Capital Ltd", "--reason", "two firms").exit_code == 0
    r = kg(store_path, "merge", "Tessaly Capital", "Tesasly Capital Ltd")
    assert r.exit_code == 12 and "judged different" in r.output
    r = kg(store_path, "merge", "Ilse Varga", "Ilse Varga")
    assert r.exit_code == 12 and "itself" in r.output
    assert kg(store_path, "unmerge", "Brunmoor Labs").exit_code == 12


def test_review_saves_each_answer_at_once(store_path):
    r = kg(store_path, "dedupe", "--review", input="d\n")
    assert r.exit_code == 0, r.output
    assert "recorded: different" in r.output
    rows = json.loads(kg(store_path, "judgements", "--format", "json").output)
    assert [x["kind"] for x in rows] == ["different"] and rows[0]["reason"].startswith("kg dedupe --review")
    r = kg(store_path, "dedupe", "--review", input="q\n")
    assert r.exit_code == 0 and "no candidate" not in r.output  # nothing left to ask about
    assert "[1/" not in r.output


def test_judgements_export_import_moves_them_and_bad_lines_are_named(store_path, tmp_path):
    kg(store_path, "merge", "Tessaly Capital", "Tesasly Capital Ltd")
    kg(store_path, "distinct", "Ilse Varga", "Brunmoor Labs", "--unsure")
    out = tmp_path / "judgements.jsonl"
    assert kg(store_path, "judgements", "export", "--output", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["kind"] for x in lines] == ["same", "unsure"]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(lines[0] + "\n{not json\n" + json.dumps({"kind": "nope", "a": "x", "b": "y"}) + "\n" + lines[1] + "\n", encoding="utf-8")
    other = tmp_path / "other"
    # the same articles into a second store, then the judgements with two bad lines among them
    src = EmbeddedStore(store_path, read_only=True)
    graph = src.export()
    src.close()
    dst = EmbeddedStore(other)
    dst.close()
    r = runner.invoke(app, ["--store", str(other), "judgements", "import", str(mixed)])
    assert r.exit_code == 2
    assert f"{mixed}:2: not a judgement" in r.output and f"{mixed}:3: not a judgement" in r.output
    assert "0 judgements applied, 2 pending" in r.output  # the entities are not in the empty store yet


@pytest.mark.model
def test_parties_merged_by_ingest_stay_apart_on_a_rebuild_after_kg_distinct(tmp_path):
    """The resolver folds 'Vantor Digital Ltd.' into 'Vantor Digital'; the investigator says they differ;
    a store rebuilt from the same articles and the exported judgements holds two entities."""
    one = tmp_path / "one.txt"
    one.write_text("Vantor Digital lent $40 million to Harbor Fund, a lender run by Mira Pell.\n", encoding="utf-8")
    two = tmp_path / "two.txt"
    two.write_text("Vantor Digital Ltd. transferred $5 million to Harbor Fund last week, according to a filing.\n", encoding="utf-8")
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    assert runner.invoke(app, ["--store", first, "ingest", str(one), str(two)]).exit_code == 0

    def vantors(path):
        s = EmbeddedStore(path, read_only=True)
        try:
            return sorted(e.name for e in s.entities() if e.name.startswith("Vantor"))
        finally:
            s.close()

    assert vantors(first) == ["Vantor Digital"]
    r = kg(first, "distinct", "Vantor Digital", "Vantor Digital Ltd.", "--reason", "the Ltd is a different firm")
    assert r.exit_code == 0, r.output
    out = tmp_path / "j.jsonl"
    assert kg(first, "judgements", "export", "-o", str(out)).exit_code == 0
    assert runner.invoke(app, ["--store", second, "judgements", "import", str(out)]).exit_code == 0
    assert runner.invoke(app, ["--store", second, "ingest", str(one), str(two)]).exit_code == 0
    names = vantors(second)
    assert len(names) == 2 and names[0] == "Vantor Digital" and names[1].startswith("Vantor Digital Ltd")
