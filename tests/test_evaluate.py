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


@pytest.mark.parametrize("typed, agree", [
    ({"e1": "Organization", "e2": "Organization", "e3": "Person"}, 3),
    ({"e1": "Person", "e2": "Organization", "e3": "Person"}, 2),
    ({"e1": "Person", "e2": "Token", "e3": "Organization"}, 0),
])
def test_entity_type_accuracy_counts_matched_entities_typed_as_the_gold(typed, agree):
    ents = [Entity(e.id, e.name, typed.get(e.id, e.type), e.aliases) for e in entities()]
    s = score_article("tiny", GOLD, ents, [])
    assert (s.type_agree, s.type_total) == (agree, 3)  # the unmatched Harwick Daily is not counted
    assert len(s.wrong_types) == 3 - agree
    report = summarize([s, score_article("two", GOLD, entities(), [])])
    assert report["micro"]["type_accuracy"] == pytest.approx((agree + 3) / 6, abs=1e-4)
    assert "entity type right on" in format_eval(report)


def test_status_and_amount_agreement_on_matched_relations():
    wrong = [rel("e1", "e2", "LENT_TO", amount_usd=9e7), rel("e3", "e1", "OWNS", status="denied")]
    s = score_article("tiny", GOLD, entities(), wrong)
    assert (s.amount_agree, s.amount_total) == (0, 1) and (s.status_agree, s.status_total) == (1, 2)
    assert s.wrong_amounts == ["Varnholt Capital LLC -LENT_TO-> Osmira: no amount, gold 45,000,000"]
    assert s.wrong_statuses == ["Ilse Marrow -OWNS-> Varnholt Capital LLC [denied]: gold alleged"]
    right = [rel("e1", "e2", "LENT_TO", amount_usd=4.52e7), rel("e3", "e1", "OWNS", status="alleged")]
    s = score_article("tiny", GOLD, entities(), right)
    assert (s.amount_agree, s.amount_total) == (1, 1) and (s.status_agree, s.status_total) == (2, 2)


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


def test_each_folder_gets_its_own_micro_average():
    good = score_article("one", GOLD, entities(), [rel("e1", "e2", "LENT_TO")])
    bad = score_article("two", GOLD, entities(), [rel("e2", "e1", "LENT_TO")])
    report = summarize([good, bad, good], ["corpus/press", "corpus/wire", "corpus/press"])
    assert report["folders"]["corpus/press"]["relations"]["tp"] == 2
    assert report["folders"]["corpus/wire"]["relations"]["tp"] == 0
    assert "corpus/wire" in format_eval(report)
    assert "folders" not in summarize([good], ["corpus"])


@pytest.mark.parametrize("aliases", [
    ["Brenvask", "Brenvask Group", "Brenvask Group Ltd"],
    ["Brenvask Group Ltd", "Brenvask"],
    ["Brenvask", "Brenvask Group Ltd", "the group"],
])
def test_a_prediction_called_by_a_gold_entitys_own_name_is_that_entity_not_a_sharer_of_a_short_form(aliases):
    """The parent called "Brenvask" once besides its full name: it is the gold parent, not the exchange whose
    gold alias is also "Brenvask", whatever the alias order."""
    gold = {"article": "t", "entities": [
        {"name": "Brenvask Exchange", "type": "Organization", "aliases": ["Brenvask"]},
        {"name": "Brenvask Group Ltd", "type": "Organization", "aliases": ["the Group"]},
    ], "relations": [{"source": "Brenvask Group Ltd", "types": ["OWNS"], "target": "Brenvask Exchange", "evidence": "."}]}
    predicted = [Entity("p", "Brenvask Group", "Organization", aliases), Entity("x", "Brenvask Exchange", "Organization", [])]
    s = score_article("t", gold, predicted, [rel("p", "x", "OWNS")])
    assert s.missed_entities == [] and (s.relations.tp, s.relations.fp) == (1, 0)
