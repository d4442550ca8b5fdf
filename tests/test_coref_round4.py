"""Round 4 coreference: "it" among several organisations (the subject of the clause reporting it, else the
organisation the previous sentence was about). Names found nowhere else in the project."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def relations(nlp, text):
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], r.type, name[r.target]) for r in g.relations}


@pytest.mark.parametrize("text, rel", [
    ("The Ostral Markets Authority said that Halden Bancorp, which announced in March that it intended to acquire "
     "Pellow Digital Bank, has withdrawn its proposal.", ("Halden Bancorp", "OFFERED_TO_ACQUIRE", "Pellow Digital Bank")),
    ("According to Vintry Gazette, Halden Bancorp said on Monday that it had lent $40 million to Pellow Digital Bank.",
     ("Halden Bancorp", "LENT_TO", "Pellow Digital Bank")),
])
def test_it_in_a_reported_clause_is_the_reporting_organisation(nlp, text, rel):
    assert rel in relations(nlp, text)


@pytest.mark.parametrize("text, rel", [
    ("Corlane Holdings is a British financial group. The group listed on the Vellany Stock Exchange in 2007. In 2012 it "
     "bought the fund manager Thistlebay Asset Management.", ("Corlane Holdings", "ACQUIRED", "Thistlebay Asset Management")),
    ("Corlane Holdings borrowed from Vellany Trust in 2019. In 2021 it bought the broker Thistlebay Securities.",
     ("Corlane Holdings", "ACQUIRED", "Thistlebay Securities")),
])
def test_it_opening_a_sentence_is_the_organisation_the_last_one_was_about(nlp, text, rel):
    assert rel in relations(nlp, text)


def test_it_after_another_organisation_in_its_own_sentence_is_left_alone(nlp):
    rels = relations(nlp, "Corlane Holdings borrowed from Vellany Trust in 2019. When Pellow Digital failed, it bought "
                          "the broker Thistlebay Securities.")
    assert ("Corlane Holdings", "ACQUIRED", "Thistlebay Securities") not in rels, rels


def test_it_is_not_an_organisation_that_was_only_an_object_before(nlp):
    rels = relations(nlp, "Corlane Holdings lent $5 million to Vellany Trust and Pellow Digital. In 2021 it bought the "
                          "broker Thistlebay Securities.")
    assert ("Vellany Trust", "ACQUIRED", "Thistlebay Securities") not in rels
    assert ("Pellow Digital", "ACQUIRED", "Thistlebay Securities") not in rels


@pytest.mark.parametrize("text, rel", [
    ("Sandmere Asset Management is a fund manager in London. Sandmere then lent $260 million to Korlin Trust.",
     ("Sandmere Asset Management", "LENT_TO", "Korlin Trust")),
    ("Greyholt Bridge Holdings Ltd was set up in 2019. Greyholt in turn paid $14.5 million to Corran Vishby.",
     ("Greyholt Bridge Holdings Ltd", "TRANSFERRED_TO", "Corran Vishby")),
])
def test_the_first_word_of_a_firms_name_met_again_is_the_firm(nlp, text, rel):
    assert rel in relations(nlp, text)


def test_a_first_word_two_firms_share_is_neither(nlp):
    rels = relations(nlp, "Sandmere Asset Management and Sandmere Credit Ltd both lent money. Sandmere then lent "
                          "$260 million to Korlin Trust.")
    assert not any(r[1] == "LENT_TO" and r[2] == "Korlin Trust" for r in rels), rels


@pytest.mark.parametrize("text, rel", [
    ('Ostmark Digital Pte. Ltd. ("Ostmark" or "the Company") said it will acquire Pellow Rails Limited ("Pellow"), the '
     'settlement platform. The Company issues QVRD, a stablecoin.', ("Ostmark Digital Pte", "ISSUED", "QVRD")),
    ('Halden Finance SA ("the Group") said Pellow Rails had repaid its loan. Korlin Trust, the Group\'s largest '
     'shareholder, agreed to invest $75 million in the Group.', ("Korlin Trust", "INVESTED_IN", "Halden Finance SA")),
])
def test_a_defined_term_in_a_parenthesis_stands_for_its_party(nlp, text, rel):
    assert rel in relations(nlp, text)


def test_without_a_definition_the_company_is_not_the_first_party_by_default(nlp):
    rels = relations(nlp, "Ostmark Digital said it will acquire Pellow Rails Limited (\"Pellow\"), the settlement "
                          "platform. Pellow is a young company.")
    assert not any(r[1] == "ISSUED" for r in rels)


@pytest.mark.parametrize("text", [
    "Pellow Trust sued Ostmark Labs and its chief executive Halvard Nettleby.",
    "Regulators fined Pellow Trust, Ostmark Labs and its chairman Halvard Nettleby in May.",
])
def test_its_in_a_coordinate_is_the_organisation_coordinated_with(nlp, text):
    rels = relations(nlp, text)
    assert ("Halvard Nettleby", "LEADS", "Ostmark Labs") in rels, rels
    assert ("Halvard Nettleby", "LEADS", "Pellow Trust") not in rels
