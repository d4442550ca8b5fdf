"""Coreference on unseen names: descriptions ("the broker", "the fund", "the lender"), "it", short forms and
a misspelt surname join the entity named before them; none becomes a second entity."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def graph(nlp, text):
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return g, {(name[r.source], r.type, name[r.target]) for r in g.relations}


@pytest.mark.parametrize("text, rel", [
    ("Tolland Quantitative, a hedge fund based in Connecticut, borrowed heavily in 2021. Kessinger Bank lent the fund "
     "$200 million.", ("Kessinger Bank", "LENT_TO", "Tolland Quantitative")),
    ("Brannoch Securities, a broker in Leeds, took client money. Months later, the broker lent $30 million to Quilby "
     "Finance.", ("Brannoch Securities", "LENT_TO", "Quilby Finance")),
    ("Quilby Finance is a crypto lender. In March the lender sent $12 million to Ostrel Holdings.",
     ("Quilby Finance", "TRANSFERRED_TO", "Ostrel Holdings")),
    ("Vantry Capital was set up in 2016. It later invested $8 million in Ostrel Holdings.",
     ("Vantry Capital", "INVESTED_IN", "Ostrel Holdings")),
])
def test_a_description_or_pronoun_stands_for_the_party_named_before(nlp, text, rel):
    _, rels = graph(nlp, text)
    assert rel in rels, rels


@pytest.mark.parametrize("text, full, variants", [
    ("Tolland Quantitative borrowed heavily. Tolland later defaulted. Analysts said Tolland Quantative hid losses.",
     "Tolland Quantitative", ["Tolland", "Tolland Quantative"]),
    ("Marisol Quabeck founded Ostrel Holdings in 2010. Quabek sold her stake in 2019.", "Marisol Quabeck", ["Quabek"]),
    ("Odell Frayne runs Vantry Capital. Frayne said Vantry would grow.", "Vantry Capital", ["Vantry"]),
])
def test_short_forms_and_misspellings_join_their_entity(nlp, text, full, variants):
    g, _ = graph(nlp, text)
    names = {e.name: e for e in g.entities}
    assert full in names, names
    for v in variants:
        assert v not in names, f"{v} became its own entity"
        assert v in names[full].aliases


@pytest.mark.parametrize("text, parent", [
    ("Quenby Holdings plc is a British lender. In 2015 it created Quenby Pay Ltd, a payments subsidiary. "
     "In 2018 Quenby acquired Vantry Savings.", "Quenby Holdings plc"),
    ("Ostrel Global Ltd runs an exchange. Ostrel Earn is its lending arm. Ostrel bought Brellick Markets in 2021.",
     "Ostrel Global Ltd"),
])
def test_a_firms_first_word_stands_for_the_firm_introduced_first(nlp, text, parent):
    _, rels = graph(nlp, text)
    buyer = {r[0] for r in rels if r[1] == "ACQUIRED"}
    assert buyer == {parent}, rels
