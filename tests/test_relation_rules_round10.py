"""Round 10b relation constructions of the new registers (translated text, due-diligence memos, reporters'
threads), each on a family of sentences whose names are found nowhere else in the project, with the near misses
that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


# --- translated company law: a firm "is constituted by" its founders, and is "the society" ---------------------
@pytest.mark.parametrize("text, founders", [
    ("The society Quillmere Trading S.L. was constituted in 2018 by Edric Brisby and by his sister, Mina Wenlocke.",
     {"Edric Brisby", "Mina Wenlocke"}),
    ("Quillmere Trading S.L. was constituted by Edric Brisby in Seville in 2018.", {"Edric Brisby"}),
    ("Regulators raided Quillmere Trading S.L. on Monday. The society was constituted in 2018 by Edric Brisby, a "
     "former banker.", {"Edric Brisby"}),
])
def test_a_firm_constituted_by_a_person_was_founded_by_them(nlp, text, founders):
    rels = relations(nlp, text)
    found = {s for s, typ, t in rels if typ == "FOUNDED" and t == "Quillmere Trading S.L"}
    assert found == founders


def test_the_society_stands_for_the_company_just_named(nlp):
    text = ("Police searched the offices of Quillmere Trading S.L. in June. Prosecutors say the society moved "
            "9 million euros to Kelmorrow Markets Ltd.")
    assert ("Quillmere Trading S.L", "TRANSFERRED_TO", "Kelmorrow Markets Ltd") in relations(nlp, text)


@pytest.mark.parametrize("text, person, firm", [
    ("Edric Brisby, administrator sole of Quillmere Trading S.L., declined to comment.",
     "Edric Brisby", "Quillmere Trading S.L"),
    ("Edric Brisby is the sole administrator of Quillmere Trading S.L. since 2019.",
     "Edric Brisby", "Quillmere Trading S.L"),
    ("Mina Wenlocke serves as sole director of Ostrevane Capital.", "Mina Wenlocke", "Ostrevane Capital"),
])
def test_a_sole_administrator_leads_the_firm(nlp, text, person, firm):
    assert (person, "LEADS", firm) in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "The joint administrators of Quillmere Trading S.L., Corin Faldrith and Mina Wenlocke, sold its assets.",
    "Corin Faldrith was appointed administrator of Quillmere Trading S.L. in March.",
])
def test_an_insolvency_administrator_does_not_lead_the_firm(nlp, text):
    assert not any(typ == "LEADS" for _, typ, _ in relations(nlp, text))


# --- a memo's ownership lines: "X is 62% owned by A. The remaining 38% is held by B." --------------------------
@pytest.mark.parametrize("text, owner", [
    ("Brantley Capital owns 60% of Plimworth Exchange. The remaining 40% is held by Gardale Holdings SA.",
     "Gardale Holdings SA"),
    ("Plimworth Exchange is 70% owned by Edric Brisby. The other 30% is owned by Gardale Holdings SA.",
     "Gardale Holdings SA"),
    ("Plimworth Exchange is 55% owned by Brantley Capital. The rest is held by Gardale Holdings SA.",
     "Gardale Holdings SA"),
])
def test_the_remainder_of_a_firms_shares_is_owned_by_its_holder(nlp, text, owner):
    rels = relations(nlp, text)
    assert (owner, "OWNS", "Plimworth Exchange") in rels
    # the first owner keeps its own edge
    assert sum(1 for _, typ, t in rels if typ == "OWNS" and t == "Plimworth Exchange") == 2


@pytest.mark.parametrize("text", [
    # a share of a named firm is that firm's, not the one the sentence before is about
    "Brantley Capital owns 60% of Plimworth Exchange. About 20% of Dervalle Bank is held by Gardale Holdings SA.",
    "Brantley Capital owns 60% of Plimworth Exchange. The remaining 40% of Dervalle Bank is held by Gardale "
    "Holdings SA.",
    # no ownership stated before: a bare remainder is of nothing known
    "Plimworth Exchange lent money to Brantley Capital. The remaining 40% is held by Gardale Holdings SA.",
])
def test_a_share_that_is_not_the_rest_of_an_owned_firm_gives_it_no_owner(nlp, text):
    assert ("Gardale Holdings SA", "OWNS", "Plimworth Exchange") not in relations(nlp, text)


# --- a thread's abbreviations: "a sub of X" ---------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The app is operated by Kelmorrow Ltd, a sub of Ostrevane Capital registered in Malta.",
    "Kelmorrow Ltd, a sub of Ostrevane Capital, holds the licence.",
    "Kelmorrow Ltd is a sub of Ostrevane Capital.",
])
def test_a_sub_of_a_firm_is_its_subsidiary(nlp, text):
    assert ("Kelmorrow Ltd", "SUBSIDIARY_OF", "Ostrevane Capital") in relations(nlp, text)


def test_a_sub_that_is_not_a_firm_is_no_subsidiary(nlp):
    text = "Edric Brisby ordered a sub from Kelmorrow Ltd for lunch."
    assert not any(typ == "SUBSIDIARY_OF" for _, typ, _ in relations(nlp, text))


# --- "the pair" / "the duo" / "the two": the two people the text last named together ----------------------------
@pytest.mark.parametrize("text", [
    "Edric Brisby and Mina Wenlocke met at university. In 2017 the pair founded Plimworth Exchange in a garage.",
    "Edric Brisby and Mina Wenlocke grew up in Leeds; the duo later set up Plimworth Exchange with money from "
    "Brantley Capital.",
    "Edric Brisby and Mina Wenlocke met at school. Brisby studied law in York; Wenlocke trained as a coder. In 2016 "
    "the pair founded Plimworth Exchange.",
])
def test_the_pair_stands_for_the_two_people_named_together(nlp, text):
    rels = relations(nlp, text)
    assert {s for s, typ, t in rels if typ == "FOUNDED" and t == "Plimworth Exchange"} == {"Edric Brisby",
                                                                                         "Mina Wenlocke"}


@pytest.mark.parametrize("text", [
    # "the pair of" is a thing, not the people
    "Edric Brisby and Mina Wenlocke sold their flat. The pair of shoes was bought by Plimworth Exchange.",
    # three people named together are no pair
    "Edric Brisby, Mina Wenlocke and Corin Faldrith met in Leeds. The pair founded Plimworth Exchange.",
])
def test_a_pair_that_is_not_two_people_named_together_founds_nothing(nlp, text):
    assert not any(typ == "FOUNDED" for _, typ, _ in relations(nlp, text))


# --- a firm founded "with $N from Y": Y invested in it -------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "In 2017 Edric Brisby founded Plimworth Exchange with €2 million from Brantley Capital.",
    "Edric Brisby set up Plimworth Exchange in 2017 with $3 million of seed money from Brantley Capital.",
])
def test_money_a_firm_was_founded_with_is_an_investment_by_its_giver(nlp, text):
    rels = relations(nlp, text)
    assert ("Brantley Capital", "INVESTED_IN", "Plimworth Exchange") in rels
    assert ("Edric Brisby", "FOUNDED", "Plimworth Exchange") in rels


@pytest.mark.parametrize("text", [
    "Edric Brisby founded Plimworth Exchange with help from Brantley Capital.",
    "Edric Brisby started Plimworth Exchange with $500,000 from his savings after leaving Brantley Capital.",
])
def test_a_founding_without_money_from_a_named_giver_is_no_investment(nlp, text):
    assert not any(typ == "INVESTED_IN" for _, typ, _ in relations(nlp, text))


# --- a fronted participle with its own "by": "Founded in 2015 by A, X serves ..." ----------------------------------
@pytest.mark.parametrize("text, rel", [
    ("Founded in 2015 by Mina Wenlocke, Plimworth Exchange serves 400 clients.",
     ("Mina Wenlocke", "FOUNDED", "Plimworth Exchange")),
    ("Established by Mina Wenlocke in 2015, Plimworth Exchange grew quickly.",
     ("Mina Wenlocke", "FOUNDED", "Plimworth Exchange")),
    ("Owned by Brantley Capital since 2019, Plimworth Exchange expanded into Spain.",
     ("Brantley Capital", "OWNS", "Plimworth Exchange")),
    ("Led by Mina Wenlocke, Plimworth Exchange grew quickly.", ("Mina Wenlocke", "LEADS", "Plimworth Exchange")),
])
def test_a_fronted_participle_is_said_of_the_main_clauses_subject(nlp, text, rel):
    assert rel in relations(nlp, text)


@pytest.mark.parametrize("text", [
    # the participle's doer is not the main verb's object's founder
    "Backed by Brantley Capital, Mina Wenlocke founded Plimworth Exchange.",
    # a participle of a verb no rule reads
    "Questioned by Brantley Capital, Mina Wenlocke resigned.",
])
def test_a_fronted_participle_of_another_verb_gives_its_doer_no_role(nlp, text):
    rels = relations(nlp, text)
    assert not any(s == "Brantley Capital" and typ in ("FOUNDED", "OWNS", "LEADS") for s, typ, _ in rels)


# --- "Y provided X with a credit line": Y lent to X ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Kelmorrow Bank, a small lender which provided Plimworth Exchange with a $40 million credit line in 2022, has "
    "failed.",
    "Kelmorrow Bank provided Plimworth Exchange with a loan of $5 million.",
    "In 2021 Kelmorrow Bank supplied Plimworth Exchange with a revolving facility.",
])
def test_a_lender_providing_a_borrower_with_a_loan_lent_to_it(nlp, text):
    assert ("Kelmorrow Bank", "LENT_TO", "Plimworth Exchange") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Kelmorrow Bank provided Plimworth Exchange with office space.",
    "Kelmorrow Bank compared Plimworth Exchange with a credit line from a rival.",
])
def test_providing_something_other_than_a_loan_is_no_lending(nlp, text):
    assert not any(typ == "LENT_TO" for _, typ, _ in relations(nlp, text))


# --- a director "at" a firm leads it, as one "of" it does ----------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Edric Brisby was a managing director at Kelmorrow Bank.",
    "Edric Brisby is a director at Kelmorrow Bank.",
    "Edric Brisby was managing director at Kelmorrow Bank until 2012.",
])
def test_a_director_at_a_firm_leads_it(nlp, text):
    assert ("Edric Brisby", "LEADS", "Kelmorrow Bank") in relations(nlp, text)


def test_a_director_at_a_department_leads_no_firm(nlp):
    text = "Edric Brisby was a director at the marketing department before joining Kelmorrow Bank."
    assert ("Edric Brisby", "LEADS", "Kelmorrow Bank") not in relations(nlp, text)


# --- gapped second conjuncts: "A served as chairman of X, and B as chief executive"; "A owned 80% of X and B the rest" --
@pytest.mark.parametrize("text", [
    "Edric Brisby served as chairman of Plimworth Exchange, and Mina Wenlocke as chief executive.",
    "In 2019 Edric Brisby founded Plimworth Exchange with Mina Wenlocke. He served as chairman, and Wenlocke as "
    "chief executive.",
])
def test_the_gapped_conjunct_holds_its_title_at_the_same_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Mina Wenlocke", "LEADS", "Plimworth Exchange") in rels
    assert ("Edric Brisby", "LEADS", "Plimworth Exchange") in rels


def test_a_gapped_conjunct_with_no_title_leads_nothing(nlp):
    text = "Edric Brisby served as chairman of Plimworth Exchange, and Mina Wenlocke as his driver."
    assert ("Mina Wenlocke", "LEADS", "Plimworth Exchange") not in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Edric Brisby owned 80 percent of Plimworth Exchange and Mina Wenlocke the rest.",
    "Company filings show that Edric Brisby owned 70 percent of Plimworth Exchange and Mina Wenlocke the rest.",
    "Records show Edric Brisby held 65% of Plimworth Exchange and Mina Wenlocke the remainder.",
])
def test_the_gapped_owner_of_the_rest_owns_the_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Mina Wenlocke", "OWNS", "Plimworth Exchange") in rels
    assert ("Edric Brisby", "OWNS", "Plimworth Exchange") in rels


def test_two_firms_owned_without_a_rest_give_the_second_no_owner_of_the_first(nlp):
    text = "Edric Brisby owned 80 percent of Plimworth Exchange and Kelmorrow Bank."
    assert ("Kelmorrow Bank", "OWNS", "Plimworth Exchange") not in relations(nlp, text)
