"""Round 6 relation constructions (issue 13) from the development articles' weakest registers (liquidators'
reports, translated prose), each on a family of sentences whose names are found nowhere else in the project,
with the nearby sentences that must not yield them."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def relations(nlp, text: str) -> set[tuple[str, str, str]]:
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], r.type, name[r.target]) for r in g.relations}


# --- a passive conjunct without a subject of its own shares the first conjunct's ---------------------------
@pytest.mark.parametrize("text, rel", [
    ("Orsk Bank, which was founded and is wholly owned by Tavin Mollard, failed.", "OWNS"),
    ("Orsk Bank was founded by Wenna Keys and is now owned by Tavin Mollard.", "OWNS"),
    ("Orsk Bank was set up in 2001 and is now controlled by Tavin Mollard.", "CONTROLS"),
])
def test_a_passive_conjunct_is_about_the_first_conjuncts_subject(nlp, text, rel):
    assert ("Tavin Mollard", rel, "Orsk Bank") in relations(nlp, text)


def test_an_active_conjunct_keeps_its_own_object(nlp):
    rels = relations(nlp, "Orsk Bank was founded by Wenna Keys and later acquired Pellin Trust.")
    assert ("Orsk Bank", "ACQUIRED", "Pellin Trust") in rels
    assert not any(r[2] == "Orsk Bank" and r[0] == "Pellin Trust" for r in rels)


def test_a_passive_conjunct_with_its_own_subject_keeps_it(nlp):
    rels = relations(nlp, "Orsk Bank was founded in 2001 and Pellin Trust was later bought by Tavin Mollard.")
    assert ("Tavin Mollard", "ACQUIRED", "Pellin Trust") in rels
    assert ("Tavin Mollard", "ACQUIRED", "Orsk Bank") not in rels


# --- a credit with an amount, taken from a lender, is a loan to the taker -----------------------------------
@pytest.mark.parametrize("verb", ["has taken", "obtained", "received"])
def test_a_credit_taken_from_a_bank_is_a_loan(nlp, verb):
    rels = relations(nlp, f"In 2022 Kestly Holding {verb} a credit of 45 million dollars from Ostrava Meridian Bank.")
    assert ("Ostrava Meridian Bank", "LENT_TO", "Kestly Holding") in rels
    assert ("Kestly Holding", "LENT_TO", "Ostrava Meridian Bank") not in rels


def test_taking_credit_without_an_amount_is_not_a_loan(nlp):
    rels = relations(nlp, "Kestly Holding took credit from Ostrava Meridian Bank for the design.")
    assert not any(r[1] == "LENT_TO" for r in rels)
