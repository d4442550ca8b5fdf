"""Round 6 relation constructions (issue 13) from the development articles' weakest registers (liquidators'
reports, translated prose), each on a family of sentences whose names are found nowhere else in the project,
with the nearby sentences that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


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


# --- a firm held by a party is owned by it; held shares, cash and tokens are not the firm ---------------------
@pytest.mark.parametrize("text, owner", [
    ("Pellin Markets is held by Kestly Family Holdings, which Mr Kestly controls.", "Kestly Family Holdings"),
    ("Pellin Markets, a broker held by Tavin Mollard, failed.", "Tavin Mollard"),
])
def test_a_firm_held_by_a_party_is_owned_by_it(nlp, text, owner):
    assert (owner, "OWNS", "Pellin Markets") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Orsk Bank's reserves are held by Kestly Bank.",
    "Orsk Bank's customer cash was held by Kestly Bank.",
    "The meeting with Orsk Bank was held by Kestly Bank in May.",
])
def test_what_a_firm_has_held_by_another_is_not_ownership_of_the_firm(nlp, text):
    assert ("Kestly Bank", "OWNS", "Orsk Bank") not in relations(nlp, text)


def test_a_token_held_by_a_firm_is_not_owned_as_a_firm(nlp):
    rels = relations(nlp, "About 40 percent of PLQ is held by Kestly Family Holdings.")
    assert not any(r[1] == "OWNS" for r in rels)


# --- a person's private / personal / own company is owned by them --------------------------------------------
@pytest.mark.parametrize("text, firm", [
    ("Pellin Arbitrage is Tavin Mollard's private company.", "Pellin Arbitrage"),
    ("Tavin Mollard's personal investment vehicle, Pellin Holdings, bought the shares.", "Pellin Holdings"),
])
def test_a_persons_private_company_is_owned_by_them(nlp, text, firm):
    assert ("Tavin Mollard", "OWNS", firm) in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Pellin Arbitrage is Tavin Mollard's former company.",
    "Pellin Arbitrage is Tavin Mollard's company.",
])
def test_a_company_merely_associated_with_a_person_is_not_owned(nlp, text):
    assert ("Tavin Mollard", "OWNS", "Pellin Arbitrage") not in relations(nlp, text)


# --- a token followed by ", emitted/issued by <description> <issuer>" -----------------------------------------
@pytest.mark.parametrize("text", [
    "Also worries the exposure of the entity to the digital euro token EURQ, emitted by the Valencian fintech Pagomerr.",
    "The exposure to the token EURQ, issued by Pagomerr, worried analysts.",
])
def test_a_participle_after_a_token_names_its_issuer(nlp, text):
    assert ("Pagomerr", "ISSUED", "EURQ") in relations(nlp, text)


def test_a_participle_after_a_firm_is_no_token_issue(nlp):
    rels = relations(nlp, "The fund bought shares of Orsk Bank, issued by Pagomerr Securities in 2020.")
    assert not any(r[1] == "ISSUED" for r in rels)


# --- whoever a token is given to holds it ----------------------------------------------------------------------
@pytest.mark.parametrize("text, holder", [
    ("Pellin Exchange issued the token KORQ in 2021. Pellin gave KORQ to the customers as a bonus.", "Pellin customers"),
    ("Pellin Exchange issued the token KORQ in 2021. The KORQ was given to Kestly Holding as a fee.", "Kestly Holding"),
])
def test_a_token_given_to_a_party_is_held_by_it(nlp, text, holder):
    assert (holder, "HOLDS_TOKEN", "KORQ") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Pellin Exchange issued the token KORQ in 2021. Pellin Exchange gave Kestly Holding a loan of $5 million.",
    "Pellin Exchange issued the token KORQ in 2021. Kestly Holding gave KORQ a boost.",
])
def test_giving_something_else_is_no_token_holding(nlp, text):
    rels = relations(nlp, text)
    assert not any(r[1] == "HOLDS_TOKEN" for r in rels)


# --- selling a stake: the buyer invests in (or owns) the company; no money moves from the seller to the buyer --
def test_the_buyer_of_a_sold_stake_invests_in_the_company(nlp):
    rels = relations(nlp, "In 2008 Tavin Mollard sold a 45 percent stake in Orsk Bank to Kestly Holdings for $210 million.")
    assert ("Kestly Holdings", "INVESTED_IN", "Orsk Bank") in rels
    assert ("Tavin Mollard", "TRANSFERRED_TO", "Kestly Holdings") not in rels


def test_the_buyer_of_a_sold_majority_stake_owns_the_company(nlp):
    rels = relations(nlp, "In 2008 Tavin Mollard sold a majority stake in Orsk Bank to Kestly Holdings.")
    assert ("Kestly Holdings", "OWNS", "Orsk Bank") in rels


def test_a_stake_sold_without_its_company_moves_no_money(nlp):
    rels = relations(nlp, "In 2008 Tavin Mollard sold a 45 percent stake to the investment company Kestly Holdings.")
    assert ("Tavin Mollard", "TRANSFERRED_TO", "Kestly Holdings") not in rels


def test_selling_assets_to_a_party_is_still_a_transfer(nlp):
    rels = relations(nlp, "In 2008 Orsk Bank sold $40 million of loans to Kestly Holdings.")
    assert ("Orsk Bank", "TRANSFERRED_TO", "Kestly Holdings") in rels
    assert not any(r[1] in ("INVESTED_IN", "OWNS") for r in rels)


# --- a share of a token is a token holding, not ownership or an investment in a firm ----------------------------
def test_a_share_of_a_token_is_holding_it(nlp):
    rels = relations(nlp, "Orsk Digital issued the token PLQ in 2021. Kestly Bank holds 30 percent of PLQ.")
    assert ("Kestly Bank", "HOLDS_TOKEN", "PLQ") in rels
    assert ("Kestly Bank", "OWNS", "PLQ") not in rels
    assert ("Kestly Bank", "INVESTED_IN", "PLQ") not in rels


def test_a_share_of_a_firm_is_still_ownership(nlp):
    rels = relations(nlp, "Kestly Bank holds 30 percent of Orsk Digital.")
    assert ("Kestly Bank", "OWNS", "Orsk Digital") in rels


# --- "by X's co-founder, Y": the hyphen-split title is one noun, its possessor is not the agent ---------------
@pytest.mark.parametrize("text", [
    "Pellin Quant Ltd is owned by Orsk Bank's co-founder, Tavin Mollard, who left the board in January.",
    "Pellin Quant Ltd is owned by Orsk Bank's co-founder, Tavin Mollard.",
])
def test_the_possessor_of_a_split_title_is_not_the_agent(nlp, text):
    assert ("Orsk Bank", "OWNS", "Pellin Quant Ltd") not in relations(nlp, text)


def test_the_name_after_a_split_title_is_the_agent(nlp):
    rels = relations(nlp, "Pellin Quant Ltd was set up by Orsk Bank's co-founder Tavin Mollard.")
    assert ("Tavin Mollard", "FOUNDED", "Pellin Quant Ltd") in rels
    assert ("Orsk Bank", "FOUNDED", "Pellin Quant Ltd") not in rels


def test_a_plain_agent_is_kept(nlp):
    assert ("Orsk Bank", "OWNS", "Pellin Quant Ltd") in relations(nlp, "Pellin Quant Ltd is owned by Orsk Bank.")
