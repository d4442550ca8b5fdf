"""Eval scoring on a tiny hand-made gold (pure: no model, no store)."""
import json

import pytest

from kg.evaluate import annotated_articles, format_eval, score_article, summarize
from kg.model import Entity, Evidence, Relation

GOLD = {
    "article": "tiny",
    "entities": [
        {"name": "Varnholt Capital", "type": "Organization", "aliases": ["Varnholt"]},
        {"name": "Osmira Ltd", "type": "Organization", "aliases": ["Osmira"]},
        {"name": "Ilse Marrow", "type": "Person", "aliases": ["Marrow"]},
        {"name": "Trell Labs", "type": "Organization", "aliases": []},
    ],
    "relations": [
        {"source": "Varnholt", "types": ["LENT_TO", "TRANSFERRED_TO"], "target": "Osmira", "amount_usd": 4.5e7, "evidence": "..."},
        {"source": "Ilse Marrow", "types": ["CONTROLS", "OWNS"], "target": "Varnholt Capital", "status": "alleged", "evidence": "..."},
        {"source": "Ilse Marrow", "types": ["FOUNDED"], "target": "Trell Labs", "evidence": "..."},
    ],
}


def rel(s, t, typ, **kw):
    return Relation(source=s, target=t, type=typ, evidence=[Evidence("a", "x", 0, 1)], **kw)


def entities():
    return [
        Entity("e1", "Varnholt Capital LLC", "Organization", ["Varnholt"]),  # matched by alias
        Entity("e2", "Osmira", "Organization", []),
        Entity("e3", "Ilse Marrow", "Person", ["Marrow"]),
        Entity("e4", "Harwick Daily", "Organization", []),  # not in gold
    ]


def test_score_counts_hits_misses_and_wrong_direction():
    rels = [
        rel("e1", "e2", "LENT_TO", amount_usd=4.5e7),          # right
        rel("e1", "e2", "TRANSFERRED_TO"),                       # same gold fact, other accepted type: not counted twice
        rel("e3", "e1", "OWNS", status="alleged"),              # right, status agrees
        rel("e2", "e1", "LENT_TO"),                              # wrong direction
        rel("e4", "e2", "REPORTED_ON"),                          # unknown entity
    ]
    s = score_article("tiny", GOLD, entities(), rels)
    assert (s.relations.tp, s.relations.fp, s.relations.fn) == (2, 2, 1)
    assert s.missed_relations == ["Ilse Marrow -FOUNDED-> Trell Labs"]
    assert "Osmira -LENT_TO-> Varnholt Capital LLC" in s.wrong_relations
    assert (s.entities.tp, s.entities.fp, s.entities.fn) == (3, 1, 1)
    assert s.missed_entities == ["Trell Labs"] and s.wrong_entities == ["Harwick Daily"]
    assert (s.status_agree, s.status_total) == (2, 2)
    assert (s.amount_agree, s.amount_total) == (1, 1)


def test_micro_average_and_table():
    s1 = score_article("one", GOLD, entities(), [rel("e1", "e2", "LENT_TO")])
    s2 = score_article("two", GOLD, entities(), [rel("e2", "e1", "LENT_TO")])
    report = summarize([s1, s2])
    micro = report["micro"]["relations"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (1, 1, 5)
    assert micro["precision"] == pytest.approx(0.5) and micro["recall"] == pytest.approx(1 / 6, abs=1e-3)
    table = format_eval(report)
    assert "micro" in table and "one" in table and "missed relations" in table


def test_empty_prediction_scores_zero_not_error():
    s = score_article("none", GOLD, [], [])
    assert s.relations.scores()["f1"] == 0.0 and s.relations.fn == 3


def test_annotated_articles_need_a_gold_sibling(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("text")
    (tmp_path / "sub" / "a.gold.json").write_text(json.dumps(GOLD))
    (tmp_path / "b.txt").write_text("no gold")
    found = annotated_articles([str(tmp_path)])
    assert [p.name for p, _ in found] == ["a.txt"]


@pytest.mark.model
@pytest.mark.slow
def test_run_eval_end_to_end_on_an_invented_article(tmp_path, nlp):
    from kg.evaluate import run_eval

    (tmp_path / "x.txt").write_text(
        "Brisk Lending Halts Withdrawals\n\nBrisk Lending, a crypto lender, is controlled by Odile Farrant. "
        "Brisk Lending lent $30 million to Calloway Trading in May.\n")
    (tmp_path / "x.gold.json").write_text(json.dumps({
        "article": "x",
        "entities": [{"name": "Brisk Lending", "type": "Organization", "aliases": []},
                     {"name": "Odile Farrant", "type": "Person", "aliases": []},
                     {"name": "Calloway Trading", "type": "Organization", "aliases": []}],
        "relations": [{"source": "Odile Farrant", "types": ["CONTROLS"], "target": "Brisk Lending", "evidence": "."},
                      {"source": "Brisk Lending", "types": ["LENT_TO"], "target": "Calloway Trading", "evidence": "."}],
    }))
    report = run_eval([str(tmp_path)], nlp)
    assert [a["article"] for a in report["articles"]] == ["x"]
    assert report["micro"]["relations"]["recall"] == 1.0
