"""Round 7 relation constructions (issue 13) from the development articles' weakest registers (encyclopedic and
translated prose, hearings, regulators' notices, a corpus case of money traced through funds), each on a family
of sentences whose names are found nowhere else in the project, with the near misses that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


# --- "The head of X, Y": the holder's name hung by the parser on the firm the title is of ----------------------
@pytest.mark.parametrize("text, rel", [
    ("The head of Varnok Bank, Ottar Dravo, declined to comment.", "LEADS"),
    ("The chief executive of rival lender Varnok Bank, Ottar Dravo, resigned on Friday.", "LEADS"),
    ("The boss of competing platform Varnok Bank, Ottar Dravo, said nothing.", "LEADS"),
    ("Regulators questioned the founder of Varnok Bank, Ottar Dravo, in May.", "FOUNDED"),
])
def test_a_title_holder_named_after_its_firm(nlp, text, rel):
    assert ("Ottar Dravo", rel, "Varnok Bank") in relations(nlp, text)


def test_a_firm_apposed_to_the_titles_firm_holds_no_title(nlp):
    rels = relations(nlp, "The head of Varnok Bank, a small lender in Pellor, said nothing.")
    assert not any(r[1] == "LEADS" for r in rels)


# --- "founded by A's stepson, B": the relative, never the possessor --------------------------------------------
@pytest.mark.parametrize("text", [
    "The money went to Halmer Pictures, a studio founded by Dravo's stepson, Pim Oakhart.",
    "Prosecutors say the funds were sent to Halmer Pictures, a studio co-founded by Ottar Dravo's stepson, "
    "Pim Oakhart, and used to finance films.",
    "Halmer Pictures was set up by Ottar Dravo's nephew, Pim Oakhart.",
])
def test_a_relative_named_beside_a_kin_noun_is_the_founder(nlp, text):
    rels = relations(nlp, text)
    assert ("Pim Oakhart", "FOUNDED", "Halmer Pictures") in rels
    assert not any(r[1] == "FOUNDED" and "Dravo" in r[0] for r in rels)


def test_a_kin_noun_without_a_name_is_not_its_possessor(nlp):
    rels = relations(nlp, "Halmer Pictures was set up by Ottar Dravo's wife.")
    assert not any(r[1] == "FOUNDED" and "Dravo" in r[0] for r in rels)


# --- money earned from a party, money given back to one -------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Quell Holdings earned roughly $600 million in fees from Varnok Fund.",
    "Quell Holdings collected $12 million from Varnok Fund in 2019.",
    "In two years Quell Holdings pocketed $3 million from Varnok Fund.",
])
def test_money_earned_from_a_party_was_paid_by_it(nlp, text):
    assert ("Varnok Fund", "TRANSFERRED_TO", "Quell Holdings") in relations(nlp, text)


def test_earning_something_other_than_money_is_no_transfer(nlp):
    rels = relations(nlp, "Quell Holdings earned praise from Varnok Fund.")
    assert not any(r[1] == "TRANSFERRED_TO" for r in rels)


@pytest.mark.parametrize("text", [
    "The Ostrian Agency has since returned more than $1 billion in recovered assets to Varnok Fund.",
    "Quell Holdings repaid $40 million to Varnok Fund in June.",
    "Quell Holdings refunded $2 million to Varnok Fund after the audit.",
])
def test_money_returned_to_a_party(nlp, text):
    rels = relations(nlp, text)
    assert any(r[1] == "TRANSFERRED_TO" and r[2] == "Varnok Fund" for r in rels)


@pytest.mark.parametrize("text", [
    "Selk Ardwick returned to Varnok Fund as chief executive.",
    "Quell Holdings returned the documents to Varnok Fund.",
    "The Ostrian Agency appointed Ardwick Advisory as manager to return available funds to Varnok Fund.",
])
def test_returning_no_money_or_only_meaning_to_is_no_transfer(nlp, text):
    assert not any(r[1] == "TRANSFERRED_TO" for r in relations(nlp, text))


# --- "sent $X of the money intended for Z to Y": the "to" hung on the participle inside the amount -----------
@pytest.mark.parametrize("text", [
    "The agency alleges that Varnok Fund wired about $700 million of the money intended for the venture to "
    "Quell Star Limited.",
    "Varnok Fund sent $20 million of the cash raised from investors to Quell Star Limited.",
])
def test_a_recipient_hung_on_a_participle_inside_the_amount(nlp, text):
    assert ("Varnok Fund", "TRANSFERRED_TO", "Quell Star Limited") in relations(nlp, text)


def test_the_money_meant_for_a_party_was_not_sent_to_it(nlp):
    rels = relations(nlp, "Varnok Fund wired $20 million of the money intended for Quell Star Limited.")
    assert ("Varnok Fund", "TRANSFERRED_TO", "Quell Star Limited") not in rels


# --- "Y received 3,200 bitcoin of X": whose coins or money were received ------------------------------------------
@pytest.mark.parametrize("text", [
    "The Uruguayan firm Talvera Custodia S.A. received 3,200 bitcoin of Dravik Lumen to keep in custody.",
    "Talvera Custodia received $4 million of Dravik Lumen to invest in farms.",
])
def test_coins_or_money_received_of_a_party(nlp, text):
    rels = relations(nlp, text)
    assert any(r[0] == "Dravik Lumen" and r[1] == "TRANSFERRED_TO" and r[2].startswith("Talvera Custodia")
               for r in rels)


@pytest.mark.parametrize("text", [
    "Talvera Custodia received 30% of Dravik Lumen in the settlement.",
    "Talvera Custodia received a letter of Dravik Lumen.",
])
def test_a_stake_or_a_letter_of_a_party_is_no_transfer(nlp, text):
    assert not any(r[1] == "TRANSFERRED_TO" for r in relations(nlp, text))


# --- "X has a subsidiary in Malta, Y" -------------------------------------------------------------------------
@pytest.mark.parametrize("text, unit, parent", [
    ("Pellor Exchange has also a subsidiary in Malta, the Pellor Europe Ltd.", "Pellor Europe Ltd", "Pellor Exchange"),
    ("Pellor Exchange set up a trading arm, Tamsk Markets, in 2020.", "Tamsk Markets", "Pellor Exchange"),
    ("In 2019 Iskra Holdings created a digital asset subsidiary, Tamsk Digital AG, which offered custody.",
     "Tamsk Digital AG", "Iskra Holdings"),
])
def test_a_unit_named_beside_the_parents_subsidiary(nlp, text, unit, parent):
    assert (unit, "SUBSIDIARY_OF", parent) in relations(nlp, text)


def test_a_subsidiary_sold_is_not_made_the_sellers(nlp):
    rels = relations(nlp, "Pellor Exchange sold a subsidiary, Tamsk Markets, in 2020.")
    assert ("Tamsk Markets", "SUBSIDIARY_OF", "Pellor Exchange") not in rels


# --- "holders of its token, RUSD": the possessor issued the token; telling holders holds nothing ---------------
@pytest.mark.parametrize("text, issuer", [
    ("Helvor Reserve had told holders of its token, HRUSD, that every coin was backed by cash.", "Helvor Reserve"),
    ("Investors bought Helvor's stablecoin, the HRUSD, in 2021.", "Helvor"),
    ("Helvor Reserve paid its staff in its new coin, HRUSD, last year.", "Helvor Reserve"),
    ("Traders dumped Helvor Reserve's coin, HRUSD, in June.", "Helvor Reserve"),
])
def test_a_token_named_beside_a_possessed_token_noun_was_issued_by_the_possessor(nlp, text, issuer):
    rels = relations(nlp, text)
    assert (issuer, "ISSUED", "HRUSD") in rels
    assert (issuer, "HOLDS_TOKEN", "HRUSD") not in rels


def test_a_holding_named_beside_a_modified_token_noun_is_not_an_issue(nlp):
    rels = relations(nlp, "Quell Holdings told holders of Helvor's HRUSD to wait.")
    assert not any(r[1] == "ISSUED" for r in rels)
    assert ("Quell Holdings", "HOLDS_TOKEN", "HRUSD") not in rels


# --- "controlled by a cousin of X, Y": the relative named after the kin noun's "of" -----------------------------
@pytest.mark.parametrize("text", [
    "Pendrel Bank lent $2.6 million to Tamsk Logistics, a trucking company controlled by a cousin of Hask, "
    "Wenzel Marisk-Rae.",
    "It alleges that Pendrel Bank lent $2.6 million to Tamsk Logistics, a trucking company controlled by a cousin "
    "of Hask, Wenzel Marisk-Rae, and that the loan was never repaid.",
])
def test_a_relative_named_after_the_kin_nouns_of(nlp, text):
    rels = relations(nlp, text)
    assert ("Wenzel Marisk-Rae", "CONTROLS", "Tamsk Logistics") in rels
    assert not any(r[1] == "CONTROLS" and r[0] == "Hask" for r in rels)


def test_a_relative_left_unnamed_controls_nothing(nlp):
    rels = relations(nlp, "Tamsk Logistics is controlled by a cousin of Petronel Hask.")
    assert not any(r[1] == "CONTROLS" for r in rels)


# --- "X, a larger rival, offered to buy Y": the main verb the parser hung on its subject ---------------------
@pytest.mark.parametrize("text, rel", [
    ("Veltane Exchange, a larger rival, offered to buy Pendrel Lend for $90 million on February 11.",
     "OFFERED_TO_ACQUIRE"),
    ("Veltane Exchange, the Oslo lender, agreed to acquire Pendrel Lend in May.", "OFFERED_TO_ACQUIRE"),
])
def test_a_main_verb_hung_on_its_subject(nlp, text, rel):
    assert ("Veltane Exchange", rel, "Pendrel Lend") in relations(nlp, text)


def test_a_participle_with_its_own_agent_is_not_the_main_verb(nlp):
    rels = relations(nlp, "Veltane Exchange, a broker acquired by Pendrel Lend in 2019.")
    assert ("Veltane Exchange", "ACQUIRED", "Pendrel Lend") not in rels


# --- a board seat taken --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Its partner Wenzel Marisk joined Pendrel Lend's board.",
    "Wenzel Marisk was appointed to Pendrel Lend's board in 2020.",
    "In 2020 Wenzel Marisk joined the board of Pendrel Lend.",
])
def test_joining_a_firms_board_leads_it(nlp, text):
    assert ("Wenzel Marisk", "LEADS", "Pendrel Lend") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Wenzel Marisk also joined Pendrel Lend's advisory board.",
    "Wenzel Marisk joined Pendrel Lend in 2020.",
])
def test_an_advisory_board_or_the_firm_itself_is_no_board_seat(nlp, text):
    assert ("Wenzel Marisk", "LEADS", "Pendrel Lend") not in relations(nlp, text)


# --- "led X's $18 million Series A": a round named by its letter ------------------------------------------------
@pytest.mark.parametrize("text", [
    "Halmer Ventures, which led Pendrel Bank's $18 million Series A, has gone quiet.",
    "Halmer Ventures led the Series B of Pendrel Bank in 2021.",
])
def test_a_series_round_led_is_an_investment(nlp, text):
    assert ("Halmer Ventures", "INVESTED_IN", "Pendrel Bank") in relations(nlp, text)


def test_leading_a_series_of_other_things_is_no_investment(nlp):
    rels = relations(nlp, "Halmer Ventures led a series of raids on Pendrel Bank.")
    assert not any(r[1] == "INVESTED_IN" for r in rels)


# --- "sank $75 million into X" ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, target", [
    ("Halmer Fund sank $75 million into Tamsk Labs in 2021.", "Tamsk Labs"),
    ("Halmer Fund sank $75 million into TMK, the Tamsk coin.", "TMK"),
])
def test_money_sunk_into_a_party_is_invested_in_it(nlp, text, target):
    assert ("Halmer Fund", "INVESTED_IN", target) in relations(nlp, text)


def test_a_price_that_sank_invests_nothing(nlp):
    rels = relations(nlp, "Shares of Halmer Fund sank 40% in May, hurting Tamsk Labs.")
    assert not any(r[1] == "INVESTED_IN" for r in rels)


# --- "shares in X, a fund managed by Y": a description misattached right after the firm's name ------------------
@pytest.mark.parametrize("text", [
    "They held shares in the Tamsk Bitcoin Trust, a fund managed by Tamsk Investments.",
    "It was among the largest holders of shares in the Tamsk Bitcoin Trust, a fund managed by Tamsk Investments, "
    "another Halmer company, that holds bitcoin.",
])
def test_a_description_after_a_firms_name_describes_it(nlp, text):
    assert ("Tamsk Investments", "CONTROLS", "Tamsk Bitcoin Trust") in relations(nlp, text)


def test_a_description_after_a_person_does_not_describe_a_firm(nlp):
    rels = relations(nlp, "They met Wenzel Marisk, a fund manager hired by Tamsk Investments.")
    assert not any(r[1] == "CONTROLS" and r[0] == "Tamsk Investments" for r in rels)


# --- "it had $95 million invested in X": the money a party has there -----------------------------------------------
@pytest.mark.parametrize("text, rel, target", [
    ("The Pendrel Pension Plan said it had about $95 million invested in Tamsk Labs, a small fraction of its assets.",
     "INVESTED_IN", "Tamsk Labs"),
    ("The Pendrel Pension Plan has $4 million deposited with Tamsk Bank.", "DEPOSITED_WITH", "Tamsk Bank"),
])
def test_money_a_party_has_invested_or_deposited(nlp, text, rel, target):
    assert ("Pendrel Pension Plan", rel, target) in relations(nlp, text)


# --- "X's director" ----------------------------------------------------------------------------------------------
def test_a_firms_director_leads_it(nlp):
    assert ("Wenzel Marisk", "LEADS", "Pendrel Vale") in relations(
        nlp, "Pendrel Vale's only listed director is Wenzel Marisk, Oriel's brother-in-law.")


def test_a_firms_director_of_a_department_does_not_lead_it(nlp):
    rels = relations(nlp, "Wenzel Marisk, Pendrel Vale's director of communications, resigned.")
    assert ("Wenzel Marisk", "LEADS", "Pendrel Vale") not in rels


# --- presided by, property of, participating in a firm's capital --------------------------------------------------
@pytest.mark.parametrize("text", [
    "The credit cooperative Caja Tamsk, presided by Mr. Oriel Gaspard since 2009, is under investigation.",
    "Mr. Oriel Gaspard has presided over Caja Tamsk since 2009.",
    "Since 2009 Mr. Oriel Gaspard has presided over the board of Caja Tamsk.",
])
def test_a_firm_presided_by_a_person_is_led_by_them(nlp, text):
    assert ("Oriel Gaspard", "LEADS", "Caja Tamsk") in relations(nlp, text)


def test_a_firm_that_is_a_partys_property_is_owned_by_it(nlp):
    rels = relations(nlp, "The entity lent 18 million euros to the company Inmobiliaria Tamsk S.L., property of "
                          "Mr. Oriel Gaspard, son of the president.")
    assert ("Oriel Gaspard", "OWNS", "Inmobiliaria Tamsk S.L") in rels


def test_a_villa_that_is_a_partys_property_is_no_firm_owned(nlp):
    rels = relations(nlp, "The villa, property of Mr. Oriel Gaspard, was sold to Caja Tamsk.")
    assert not any(r[1] == "OWNS" for r in rels)


@pytest.mark.parametrize("text", [
    "Caja Tamsk participates in the capital of Pendrel Fintech with a 15 percent since 2021.",
    "Caja Tamsk took part in the equity of Pendrel Fintech in 2021.",
])
def test_participating_in_a_firms_capital_is_investing_in_it(nlp, text):
    assert ("Caja Tamsk", "INVESTED_IN", "Pendrel Fintech") in relations(nlp, text)


def test_participating_in_a_firms_scheme_is_no_investment(nlp):
    rels = relations(nlp, "Mr. Oriel Gaspard participated in the scheme of Pendrel Fintech.")
    assert not any(r[1] == "INVESTED_IN" for r in rels)


# --- "owned by X's chief executive, Mr Y": the person, never the firm possessing the title -----------------------
@pytest.mark.parametrize("text, rel", [
    ("The review found that Tamsk Bank transferred $72 million of customer funds to Halmer Trading Ltd, an entity "
     "beneficially owned by Tamsk Bank's chief executive, Mr Gaspard Oriel.", "OWNS"),
    ("Halmer Trading Ltd is owned by Tamsk Bank's founder, Mr Gaspard Oriel.", "OWNS"),
])
def test_a_possessed_title_stands_for_the_person_named_beside_it(nlp, text, rel):
    rels = relations(nlp, text)
    assert ("Gaspard Oriel", rel, "Halmer Trading Ltd") in rels
    assert ("Tamsk Bank", rel, "Halmer Trading Ltd") not in rels


def test_a_possessed_title_without_a_name_is_not_the_firm(nlp):
    rels = relations(nlp, "Halmer Trading Ltd is owned by Tamsk Bank's founder.")
    assert ("Tamsk Bank", "OWNS", "Halmer Trading Ltd") not in rels


# --- "launched in 2013 with seed capital from Y"; "the firm's first vehicle, X" ---------------------------------------
@pytest.mark.parametrize("text, target", [
    ("Tamsk Capital's first vehicle, Tamsk Credit Fund I, launched in 2013 with seed capital from the Halmer Family "
     "Office, which invested $150 million.", "Tamsk Credit Fund I"),
    ("Tamsk Lend Ltd started in 2019 with funding from Halmer Ventures.", "Tamsk Lend Ltd"),
    ("Tamsk Lend Ltd was launched in 2019 with backing from Halmer Ventures.", "Tamsk Lend Ltd"),
])
def test_a_firm_launched_with_a_backers_money(nlp, text, target):
    rels = relations(nlp, text)
    assert any(r[1] == "INVESTED_IN" and r[0].startswith("Halmer") and r[2] == target for r in rels)


def test_paying_with_capital_from_a_party_is_no_investment(nlp):
    rels = relations(nlp, "Tamsk Lend Ltd paid the debt with capital from Halmer Ventures.")
    assert not any(r[1] == "INVESTED_IN" for r in rels)


def test_a_firms_vehicle_named_beside_it_is_controlled_by_it(nlp):
    rels = relations(nlp, "Tamsk Capital's first vehicle, Tamsk Credit Fund I, launched in 2013.")
    assert ("Tamsk Capital", "CONTROLS", "Tamsk Credit Fund I") in rels


# --- "while Lisset was managing director": a two-word title the parser reads as a progressive verb and object ----------
@pytest.mark.parametrize("text", [
    "Tamsk Holdings plc was a British lender. Tamsk Holdings plc was set up in 1998 by Oriel Gaspard and Delwyn "
    "Lisset. Tamsk Holdings plc grew fast. Gaspard served as chairman from the founding until 2021, while Lisset was "
    "managing director until her departure in 2016.",
    "Delwyn Lisset was managing director of Tamsk Holdings plc until 2016.",
])
def test_a_title_misparsed_as_verb_and_object(nlp, text):
    assert ("Delwyn Lisset", "LEADS", "Tamsk Holdings plc") in relations(nlp, text)


def test_a_verb_phrase_trigger_keeps_its_verb(nlp):
    rels = relations(nlp, "Pendrel Bank extended credit to Tamsk Holdings plc in 2019.")
    assert ("Pendrel Bank", "LENT_TO", "Tamsk Holdings plc") in rels
