"""Round 11a structure relations (founding, owning, leading, control, acquisition) on constructions the parser
mis-hangs, each on a family of sentences whose names are found nowhere else in the project, with the near misses
that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


# --- "In 2014 A and B founded X": with no comma the year swallows the subject into the "In" phrase -------------
@pytest.mark.parametrize("text, founders, firm", [
    ("In 2013 Tilsby Ferrick and the engineer Orwenna Crayle founded Tovrell Digital, a payments firm.",
     {"Tilsby Ferrick", "Orwenna Crayle"}, "Tovrell Digital"),
    ("In 2014 Tilsby Ferrick together with his classmate Orwenna Crayle established Tovrell Digital.",
     {"Tilsby Ferrick", "Orwenna Crayle"}, "Tovrell Digital"),
    ("In 2016 Tilsby Ferrick and Orwenna Crayle started Tovrell Markets as a brokerage.",
     {"Tilsby Ferrick", "Orwenna Crayle"}, "Tovrell Markets"),
    ("In 2011 Tilsby Ferrick founded Gelmoor Pellquist Ltd in a flat above a bakery.",
     {"Tilsby Ferrick"}, "Gelmoor Pellquist Ltd"),
])
def test_a_subject_after_a_fronted_year_founded_the_firm(nlp, text, founders, firm):
    found = {s for s, typ, t in relations(nlp, text) if typ == "FOUNDED" and t == firm}
    assert found == founders


@pytest.mark.parametrize("text", [
    # the year's phrase names a place or time, not a party: nothing founded by it
    "In 2014 London regulators said Tovrell Digital had been set up without a licence.",
    "In 2019 Tovrell Digital was founded by a group of engineers.",
])
def test_a_fronted_year_phrase_is_no_founder_when_the_verb_has_its_own_subject(nlp, text):
    rels = relations(nlp, text)
    assert not any(typ == "FOUNDED" and s in ("London", "2014", "2019") for s, typ, _ in rels)


# --- "owned by X's co-founder, NAME": the tokenizer split "co-founder", the possessor sits on "co" ------------
@pytest.mark.parametrize("text, owner, firm", [
    ("Auditors confirmed that Gelmoor is owned by Tovrell's co-founder, Orwenna Crayle, who left the board in "
     "January.", "Orwenna Crayle", "Gelmoor"),
    ("Gelmoor Trading Ltd is owned by Tovrell's co-founder, Orwenna Crayle.", "Orwenna Crayle", "Gelmoor Trading Ltd"),
    ("Gelmoor Trading Ltd is controlled by Tovrell's co-owner, Tilsby Ferrick.", "Tilsby Ferrick", "Gelmoor Trading Ltd"),
])
def test_a_party_named_beside_a_split_title_owns_the_firm(nlp, text, owner, firm):
    rels = relations(nlp, text)
    assert any(s == owner and typ in ("OWNS", "CONTROLS") and t == firm for s, typ, t in rels)
    # never the firm whose title it is
    assert not any(s == "Tovrell" and typ in ("OWNS", "CONTROLS") and t == firm for s, typ, t in rels)


# --- "Y, a company 60% held by X": the participle hangs on the percentage, the percentage on the noun ---------
@pytest.mark.parametrize("text, owner, firm", [
    ("Gelmoor Industrial Ltd, a company 60% held by Tilsby Ferrick, received loans from the platform.",
     "Tilsby Ferrick", "Gelmoor Industrial Ltd"),
    ("Among them, Gelmoor Industrial Co., Ltd., a company 100% held by Tilsby Ferrick, received loans.",
     "Tilsby Ferrick", "Gelmoor Industrial Co., Ltd"),
    ("Gelmoor Industrial Ltd, a company 100% owned by Tilsby Ferrick, received loans from the platform.",
     "Tilsby Ferrick", "Gelmoor Industrial Ltd"),
])
def test_a_firm_a_percentage_held_by_a_party_is_owned_by_it(nlp, text, owner, firm):
    assert (owner, "OWNS", firm) in relations(nlp, text)


@pytest.mark.parametrize("text", [
    # the percentage is of tokens or of a fund's money, not of the firm
    "Gelmoor Industrial Ltd held tokens, 60% held by Tilsby Ferrick in cold wallets.",
    "Tilsby Ferrick said 60% of the coins were held by Gelmoor Industrial Ltd.",
])
def test_a_percentage_of_something_else_is_no_ownership_of_the_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Tilsby Ferrick", "OWNS", "Gelmoor Industrial Ltd") not in rels


# --- "by A and his sister-in-law, the lawyer B": a described name after a kin noun and its comma ----------------
@pytest.mark.parametrize("text", [
    "Tovrell Finance was founded in Vaduz in 1994 by the banker Tilsby Ferrick and his sister-in-law, the lawyer "
    "Orwenna Crayle, as a small asset manager.",
    "Tovrell Finance was founded in 1994 by Tilsby Ferrick and his wife, the lawyer Orwenna Crayle, as a small lender.",
    "Tovrell Finance was founded in 1994 by Tilsby Ferrick and his brother-in-law, Orwenna Crayle, as a small lender.",
])
def test_a_relative_described_by_a_profession_is_a_cofounder(nlp, text):
    found = {s for s, typ, t in relations(nlp, text) if typ == "FOUNDED" and t == "Tovrell Finance"}
    assert found == {"Tilsby Ferrick", "Orwenna Crayle"}


def test_a_relatives_profession_is_not_read_past_a_new_clause(nlp):
    text = "Tovrell Finance was founded in 1994 by Tilsby Ferrick and his wife, and lawyers for Orwenna Crayle objected."
    assert ("Orwenna Crayle", "FOUNDED", "Tovrell Finance") not in relations(nlp, text)


# --- "Y, an insurer X acquired in 2021": the gapped relative clause, however the parser hangs it ---------------
@pytest.mark.parametrize("text, rel", [
    ("The loan is secured against Gelmoor Seguros, a small insurer Tovrell acquired in 2021, the filing said.",
     ("Tovrell", "ACQUIRED", "Gelmoor Seguros")),
    ("Pellquist Labs, a studio Tilsby Ferrick founded in 2015, closed.",
     ("Tilsby Ferrick", "FOUNDED", "Pellquist Labs")),
])
def test_a_gapped_relative_clause_after_a_firms_description(nlp, text, rel):
    assert rel in relations(nlp, text)


@pytest.mark.parametrize("text", [
    # the noun's clause has an object of its own: the firm before it is not what was bought
    "The loan is secured against Gelmoor Seguros, a small insurer Tovrell acquired Pellquist Labs from, the filing said.",
    "The loan is secured against Gelmoor Seguros, and a rival Tovrell acquired Pellquist Labs in 2021.",
])
def test_a_gapped_clause_with_its_own_object_keeps_it(nlp, text):
    assert ("Tovrell", "ACQUIRED", "Gelmoor Seguros") not in relations(nlp, text)


# --- "owned by none other than X": the pronoun only points at the name after its "than" ------------------------
@pytest.mark.parametrize("text, rel", [
    ("And Pellquist Trading, according to the paper, is owned by none other than Tilsby Ferrick.",
     ("Tilsby Ferrick", "OWNS", "Pellquist Trading")),
    ("Pellquist Trading Ltd is controlled by none other than Tovrell Markets.",
     ("Tovrell Markets", "CONTROLS", "Pellquist Trading Ltd")),
])
def test_none_other_than_names_the_party(nlp, text, rel):
    assert rel in relations(nlp, text)


def test_none_of_a_group_names_no_owner(nlp):
    text = "Pellquist Trading Ltd is owned by none of the partners, said Tilsby Ferrick."
    assert not any(typ == "OWNS" for _, typ, _ in relations(nlp, text))
