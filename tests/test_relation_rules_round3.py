"""Round 3 relation constructions, each on a family of sentences whose names are found nowhere else in the
project: token holders and buyers, facilities, group membership, role titles of any shape, "headed by"."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, holder, token", [
    ("Brellick Labs became one of the largest holders of ZVQ, a coin minted by Ostrel Holdings.", "Brellick Labs", "ZVQ"),
    ("Ostrel Holdings ranks among the biggest holders of QMRT.", "Ostrel Holdings", "QMRT"),
    ("According to the filing, Vantry Fund was the largest holder of WUXO, a coin issued by Ostrel Holdings.", "Vantry Fund", "WUXO"),
])
def test_a_holder_noun_names_the_token_holder(nlp, text, holder, token):
    assert (holder, "HOLDS_TOKEN", token) in relations(nlp, text)


@pytest.mark.parametrize("text, buyers, token", [
    ("Brellick Labs sold ZVQ tokens worth $60 million to investors including Kessinger Prime and Dalvik Tomas Trading.",
     ["Kessinger Prime", "Dalvik Tomas Trading"], "ZVQ"),
    ("Ostrel Holdings sold a further block of QMRT to Vantry Fund, a trading firm.", ["Vantry Fund"], "QMRT"),
])
def test_buyers_of_a_token_hold_it(nlp, text, buyers, token):
    rels = relations(nlp, text)
    for b in buyers:
        assert (b, "HOLDS_TOKEN", token) in rels, rels


@pytest.mark.parametrize("text, lender, borrower", [
    ("In 2021 Brellick Labs obtained a $300 million revolving facility from Kessinger Bank.", "Kessinger Bank", "Brellick Labs"),
    ("Ostrel Holdings secured a $45 million credit facility from Vantry Capital last spring.", "Vantry Capital", "Ostrel Holdings"),
])
def test_a_facility_received_from_a_lender_is_a_loan(nlp, text, lender, borrower):
    assert (lender, "LENT_TO", borrower) in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Dalvik Tomas Trading and Kessinger Prime both belong to Ostrel Holdings.",
    "Dalvik Tomas Trading and Kessinger Prime belong to Ostrel Holdings, registry filings show.",
])
def test_companies_that_belong_to_a_group_are_its_subsidiaries(nlp, text):
    rels = relations(nlp, text)
    assert ("Dalvik Tomas Trading", "SUBSIDIARY_OF", "Ostrel Holdings") in rels
    assert ("Kessinger Prime", "SUBSIDIARY_OF", "Ostrel Holdings") in rels


@pytest.mark.parametrize("text, person, org, founded", [
    ('"We are pleased," said Tamsin Vorle, co-founder and Chief Executive Officer of Brellick Labs.', "Tamsin Vorle", "Brellick Labs", True),
    ("Ostrel Holdings's chief executive, Mr Odell Frayne, resigned.", "Odell Frayne", "Ostrel Holdings", False),
    ("Odell Frayne, interim chief operating officer of Ostrel Holdings, declined to comment.", "Odell Frayne", "Ostrel Holdings", False),
    ("Fenwald Prime, the crypto prime broker headed by Odell Frayne, failed on Monday.", "Odell Frayne", "Fenwald Prime", False),
    ("Vantry Capital is chaired by Tamsin Vorle, who is also a director of Ostrel Holdings.", "Tamsin Vorle", "Vantry Capital", False),
])
def test_role_titles_of_any_shape_lead(nlp, text, person, org, founded):
    rels = relations(nlp, text)
    assert (person, "LEADS", org) in rels, rels
    assert ((person, "FOUNDED", org) in rels) == founded


@pytest.mark.parametrize("text, a, b, org", [
    ("Tamsin Vorle, who started Brellick Labs with Odell Frayne in 2012, left in 2020.", "Tamsin Vorle", "Odell Frayne", "Brellick Labs"),
    ("Brellick Labs was founded by Tamsin Vorle with Odell Frayne.", "Tamsin Vorle", "Odell Frayne", "Brellick Labs"),
    ("Co-founders Tamsin Vorle and Odell Frayne set up Brellick Labs in 2014.", "Tamsin Vorle", "Odell Frayne", "Brellick Labs"),
])
def test_founders_in_coordination_and_with(nlp, text, a, b, org):
    rels = relations(nlp, text)
    assert (a, "FOUNDED", org) in rels and (b, "FOUNDED", org) in rels, rels


@pytest.mark.parametrize("text, rel_type, target, partners", [
    ("Brellick Capital invested $30 million in Vantry Labs alongside Quenby Digital and Ostrel Ventures.",
     "INVESTED_IN", "Vantry Labs", ["Brellick Capital", "Quenby Digital", "Ostrel Ventures"]),
    ("Brellick Capital bought QMRT tokens in 2022 alongside Quenby Digital.", "HOLDS_TOKEN", "QMRT",
     ["Brellick Capital", "Quenby Digital"]),
])
def test_parties_alongside_the_subject_do_the_same(nlp, text, rel_type, target, partners):
    rels = relations(nlp, text)
    for p in partners:
        assert (p, rel_type, target) in rels, rels


def test_alongside_a_place_or_a_date_adds_nobody(nlp):
    rels = relations(nlp, "Brellick Capital invested $30 million in Vantry Labs alongside its 2021 round.")
    assert {r[0] for r in rels if r[1] == "INVESTED_IN"} <= {"Brellick Capital"}


TOPIC = ("Brellick Group is a British lender founded in 1990. Brellick grew fast and Brellick bought Quenby Savings "
         "in 2004. ")


@pytest.mark.parametrize("sentence, person", [
    ("Odell Frayne served as chairman from the founding until 2021.", "Odell Frayne"),
    ("Tamsin Vorle was managing director until her departure in 2009.", "Tamsin Vorle"),
    ("Day-to-day management was led from 2016 by chief executive Marisol Quabeck.", "Marisol Quabeck"),
])
def test_a_role_without_a_firm_is_at_the_articles_topic(nlp, sentence, person):
    assert (person, "LEADS", "Brellick Group") in relations(nlp, TOPIC + sentence)


def test_a_role_in_a_sentence_naming_another_firm_is_not_the_topics(nlp):
    rels = relations(nlp, TOPIC + "Odell Frayne, who later joined Vantry Capital, served as chairman there.")
    assert ("Odell Frayne", "LEADS", "Brellick Group") not in rels


def test_no_topic_when_two_firms_are_named_as_often(nlp):
    rels = relations(nlp, "Brellick Group and Quenby Savings merged. Brellick and Quenby agreed. "
                          "Odell Frayne served as chairman until 2021.")
    assert not any(r[1] == "LEADS" for r in rels)


@pytest.mark.parametrize("text, rel", [
    ("According to the police, the company Quenby Invest Ltda., of which Marisol Quabeck is the founder, promised "
     "returns.", ("Marisol Quabeck", "FOUNDED", "Quenby Invest Ltda")),
    ("Vantry Labs, of which Odell Frayne is the chief executive, denied the report.", ("Odell Frayne", "LEADS", "Vantry Labs")),
])
def test_of_which_stands_for_the_noun_the_clause_describes(nlp, text, rel):
    assert rel in relations(nlp, text)


def test_an_existing_shareholder_owns_the_topic_firm(nlp):
    rels = relations(nlp, TOPIC + "Brellick obtained a $35 million facility from Vantry Trust, an existing shareholder.")
    assert ("Vantry Trust", "OWNS", "Brellick Group") in rels and ("Vantry Trust", "LENT_TO", "Brellick Group") in rels


@pytest.mark.parametrize("text, buyer, target", [
    ("In 2018 Brellick was in talks to acquire Quenby Kreditbank, a German lender, but the discussions ended without "
     "an agreement.", "Brellick", "Quenby Kreditbank"),
    ("In March, Vantry Capital agreed to buy the troubled brokerage Ostrel Markets, only to abandon the deal nine days "
     "later.", "Vantry Capital", "Ostrel Markets"),
    ("Tessholm Bank had planned to acquire Quenby Digital. Later the plan was terminated by the regulator.",
     "Tessholm Bank", "Quenby Digital"),
    ("Brellick Group was in talks to acquire Ostrel Markets. Last week the bank stopped the negotiation.",
     "Brellick Group", "Ostrel Markets"),
    ("Vantry Capital had been in talks to acquire Ostrel Markets outright, but Vantry pulled out in May.",
     "Vantry Capital", "Ostrel Markets"),
])
def test_an_offer_ended_is_withdrawn(nlp, text, buyer, target):
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    offers = {(name[r.source], name[r.target]): r.status for r in g.relations if r.type == "OFFERED_TO_ACQUIRE"}
    assert offers.get((buyer, target)) == "withdrawn", offers


def test_talks_ending_elsewhere_leave_a_live_offer_planned(nlp):
    from kg.extract import extract

    g = extract("Brellick Group is in talks to acquire Ostrel Markets. Separately, Vantry Capital ended its "
                "partnership with Quenby Digital.", nlp=nlp)
    assert [r.status for r in g.relations if r.type == "OFFERED_TO_ACQUIRE"] == ["planned"]


@pytest.mark.parametrize("text, rel, amount", [
    ("In September, Vantry Capital won an auction for the assets of Ostrel Markets with a bid valued at about "
     "$1.4 billion.", ("Vantry Capital", "OFFERED_TO_ACQUIRE", "Ostrel Markets"), 1.4e9),
    ("Brellick Labs lent Quenby Digital, a struggling broker run by Odell Frayne, a total of $75 million.",
     ("Brellick Labs", "LENT_TO", "Quenby Digital"), 7.5e7),
])
def test_the_sentences_one_amount_belongs_to_its_money_edge(nlp, text, rel, amount):
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    got = {(name[r.source], r.type, name[r.target]): r.amount_usd for r in g.relations}
    assert got.get(rel) == pytest.approx(amount), got


def test_two_amounts_stay_with_their_own_clauses(nlp):
    from kg.extract import extract

    g = extract("Brellick Labs lent $5 million to Quenby Digital and sent $9 million to Ostrel Markets.", nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    got = {(name[r.source], name[r.target]): r.amount_usd for r in g.relations}
    assert got.get(("Brellick Labs", "Quenby Digital")) == pytest.approx(5e6)
    assert got.get(("Brellick Labs", "Ostrel Markets")) == pytest.approx(9e6)
