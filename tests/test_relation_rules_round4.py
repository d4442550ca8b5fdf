"""Round 4 relation constructions, each on a family of sentences whose names are found nowhere else in the
project, with the nearby sentences that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text", [
    "Brinmoor Labs was set up in 2020 by Orla Vintersby, a former telecoms engineer, and Teodor Marrack, who had run a bank.",
    "Brinmoor Labs was co-founded in 2019 by Orla Vintersby, its chief executive until the bankruptcy, and Teodor Marrack, "
    "its chief operating officer.",
    "Orla Vintersby, a former telecoms engineer, and Teodor Marrack founded Brinmoor Labs.",
])
def test_a_coordinate_hung_on_an_apposition_is_a_party_too(nlp, text):
    rels = relations(nlp, text)
    for founder in ("Orla Vintersby", "Teodor Marrack"):
        assert (founder, "FOUNDED", "Brinmoor Labs") in rels, rels


def test_a_name_inside_the_apposition_is_not_a_coordinate(nlp):
    rels = relations(nlp, "Brinmoor Labs was founded by Orla Vintersby, a former adviser to Quenby Trading, and later sold.")
    assert ("Orla Vintersby", "FOUNDED", "Brinmoor Labs") in rels
    assert not any(r[0] == "Quenby Trading" for r in rels), rels


def test_a_coordinate_of_another_clause_is_not_a_party(nlp):
    rels = relations(nlp, "Brinmoor Labs hired Orla Vintersby, a former engineer, and Teodor Marrack founded Quenby Trading.")
    assert ("Orla Vintersby", "FOUNDED", "Brinmoor Labs") not in rels
    assert ("Teodor Marrack", "FOUNDED", "Brinmoor Labs") not in rels


@pytest.mark.parametrize("text, issuer, token", [
    ("QVRT is a token created and distributed by Ostmark Labs.", "Ostmark Labs", "QVRT"),
    ("Pelvane Coin is a stablecoin issued and managed by Ostmark Labs.", "Ostmark Labs", "Pelvane Coin"),
    ("The digital token QVRT, emitted by the fintech Ostmark Labs, fell by half.", "Ostmark Labs", "QVRT"),
])
def test_the_agent_of_coordinated_participles_issued_the_token(nlp, text, issuer, token):
    assert (issuer, "ISSUED", token) in relations(nlp, text)


def test_a_token_traded_by_a_party_is_not_issued_by_it(nlp):
    rels = relations(nlp, "QVRT is a token created by Ostmark Labs and traded by Korlin Opportunity Fund.")
    assert ("Korlin Opportunity Fund", "ISSUED", "QVRT") not in rels


@pytest.mark.parametrize("text, holder, token", [
    ("Korlin Opportunity Fund had parked 40,000 ether at Tidewick Prime as collateral.", "Korlin Opportunity Fund", "ether"),
    ("Ostmark Labs deposited 3,200 bitcoin with Tidewick Prime last year.", "Ostmark Labs", "bitcoin"),
    ("Halvard Nettleby pledged his QVRT tokens to Tidewick Prime for a loan.", "Halvard Nettleby", "QVRT"),
])
def test_who_parks_or_pledges_a_token_holds_it(nlp, text, holder, token):
    rels = relations(nlp, text)
    assert any(r[0] == holder and r[1] == "HOLDS_TOKEN" and r[2].lower() == token.lower() for r in rels), rels


def test_parking_money_is_not_holding_a_token(nlp):
    rels = relations(nlp, "Korlin Opportunity Fund parked $40 million at Tidewick Prime.")
    assert not any(r[1] == "HOLDS_TOKEN" for r in rels), rels


@pytest.mark.parametrize("text, buyers", [
    ("Ostmark Labs sold QVRT tokens worth about $26 million to investors in Serrat, including the fund Korlin "
     "Opportunity Fund and the businessman Edric Nashby.", ["Korlin Opportunity Fund", "Edric Nashby"]),
    ("Ostmark Labs sold QVRT tokens to a group of buyers including Halden Trust and Pellow Ventures.",
     ["Halden Trust", "Pellow Ventures"]),
])
def test_the_named_members_of_the_buyers_hold_the_token(nlp, text, buyers):
    rels = relations(nlp, text)
    for b in buyers:
        assert (b, "HOLDS_TOKEN", "QVRT") in rels, rels


def test_a_name_after_the_buyers_phrase_that_is_not_included_holds_nothing(nlp):
    rels = relations(nlp, "Ostmark Labs sold QVRT tokens to investors in Serrat, a town where Korlin Opportunity Fund is based.")
    assert ("Korlin Opportunity Fund", "HOLDS_TOKEN", "QVRT") not in rels


def test_a_bare_token_noun_is_the_token_its_sentence_names(nlp):
    rels = relations(nlp, "Pellmark Foundation, the entity that minted QVRT in 2019, has sold tokens worth $45 million "
                          "to a group of investors including Halden Trust and Pellow Ventures.")
    for b in ("Halden Trust", "Pellow Ventures"):
        assert (b, "HOLDS_TOKEN", "QVRT") in rels, rels
        assert ("Pellmark Foundation", "TRANSFERRED_TO", b) not in rels  # selling a token moves no money to the buyer


def test_a_bare_token_noun_is_no_token_when_its_sentence_names_two(nlp):
    rels = relations(nlp, "Pellmark Foundation issued QVRT, a stablecoin, and ZELK, a governance token, and sold tokens "
                          "to Halden Trust.")
    assert not any(r[0] == "Halden Trust" and r[1] == "HOLDS_TOKEN" for r in rels), rels
    assert ("Pellmark Foundation", "TRANSFERRED_TO", "Halden Trust") not in rels


def test_selling_a_company_still_moves_it(nlp):
    rels = relations(nlp, "Ostmark Labs sold its payments unit to Halden Trust for $45 million.")
    assert not any(r[1] == "HOLDS_TOKEN" for r in rels), rels


@pytest.mark.parametrize("text", [
    "Chidmara Okoyen-Vance is the chief executive of Lagoon Quay Exchange, the Lagos-based digital asset platform she "
    "co-founded in 2017 with her former colleague Bartosz Essiemann.",
    "Chidmara Okoyen-Vance runs Lagoon Quay Exchange, the fast-growing Accra-registered crypto lending platform she "
    "co-founded in 2017 with Bartosz Essiemann.",
])
def test_a_long_description_after_a_name_stands_for_it(nlp, text):
    rels = relations(nlp, text)
    for founder in ("Chidmara Okoyen-Vance", "Bartosz Essiemann"):
        assert (founder, "FOUNDED", "Lagoon Quay Exchange") in rels, rels


def test_a_description_opening_its_own_clause_is_not_the_name_before_it(nlp):
    rels = relations(nlp, "After Chidmara Okoyen-Vance left Lagoon Quay Exchange, the platform Bartosz Essiemann "
                          "co-founded with her in 2017 collapsed.")
    assert ("Chidmara Okoyen-Vance", "LEADS", "Lagoon Quay Exchange") not in rels, rels


@pytest.mark.parametrize("text, child, parent", [
    ("Halden Holdings, the Mauritius-registered parent of Halden Pay, kept half of the supply.", "Halden Pay", "Halden Holdings"),
    ("Quenby Wealth's parent company is Quenby Holdings Group, which is controlled by Zhou Baili.", "Quenby Wealth",
     "Quenby Holdings Group"),
    ("Ostmark Labs is the holding company of Pellow Digital.", "Pellow Digital", "Ostmark Labs"),
])
def test_the_parent_of_a_firm_is_what_it_belongs_to(nlp, text, child, parent):
    rels = relations(nlp, text)
    assert (child, "SUBSIDIARY_OF", parent) in rels, rels
    assert (child, "SUBSIDIARY_OF", child) not in rels


def test_a_parent_of_people_is_no_parent_company(nlp):
    rels = relations(nlp, "Halden Holdings is the parent of three children, said Tobiasz Marrek.")
    assert not any(r[1] == "SUBSIDIARY_OF" for r in rels), rels


def rel_status(nlp, text: str) -> dict:
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], r.type, name[r.target]): r.status for r in g.relations}


@pytest.mark.parametrize("text, bidder", [
    ("We are in talks with two other parties, Miskatonel Capital and Harbour Quay Group, each of which has expressed "
     "interest in acquiring Brinmoor Labs.", ["Miskatonel Capital", "Harbour Quay Group"]),
    ("Halden Bank, the regional bank, manifested in January its interest to acquire Brinmoor Labs for around 90 million "
     "euros.", ["Halden Bank"]),
    ("Halden Bank was in negotiations to take over Brinmoor Labs.", ["Halden Bank"]),
])
def test_an_interest_or_talks_to_acquire_is_an_offer(nlp, text, bidder):
    st = rel_status(nlp, text)
    for b in bidder:
        assert (b, "OFFERED_TO_ACQUIRE", "Brinmoor Labs") in st, st
        assert (b, "ACQUIRED", "Brinmoor Labs") not in st


@pytest.mark.parametrize("text", [
    "Halden Bank expressed no interest in Brinmoor Labs.",
    "Halden Bank has an interest in buying assets, said Brinmoor Labs.",
])
def test_an_interest_without_an_acquisition_of_the_party_is_no_offer(nlp, text):
    assert not any(k[1] == "OFFERED_TO_ACQUIRE" for k in rel_status(nlp, text))


@pytest.mark.parametrize("text", [
    "Brinmoor Labs runs a payments app. Halden Bank had been in talks to acquire the company outright, but the bank "
    "pulled out in May.",
    "Brinmoor Labs runs a payments app. Halden Bank was in the negotiation for taking over Brinmoor since August, but "
    "the bank stopped the negotiation last week.",
])
def test_the_bidder_named_by_a_description_withdraws_its_own_offer(nlp, text):
    st = rel_status(nlp, text)
    assert st.get(("Halden Bank", "OFFERED_TO_ACQUIRE", "Brinmoor Labs")) == "withdrawn", st


@pytest.mark.parametrize("text, rel", [
    ("What we saw was that Crestmoor had lent a large part of client money to a trading company called Baobel Ridge "
     "Capital.", ("Crestmoor", "LENT_TO", "Baobel Ridge Capital")),
    ("Ostmark Labs has obtained a $200 million term loan from a syndicate led by Kowlin Meridian Bank.",
     ("Kowlin Meridian Bank", "LENT_TO", "Ostmark Labs")),
    ("Ostmark Labs wired $3 million to a shell firm named Pellow Quay Holdings.", ("Ostmark Labs", "TRANSFERRED_TO",
                                                                                  "Pellow Quay Holdings")),
])
def test_a_noun_given_a_name_or_led_by_a_party_is_that_party(nlp, text, rel):
    assert rel in relations(nlp, text)


def test_a_party_that_names_a_thing_is_not_the_thing(nlp):
    rels = relations(nlp, "Ostmark Labs lent $5 million to a company that Kowlin Meridian Bank called a front.")
    assert ("Ostmark Labs", "LENT_TO", "Kowlin Meridian Bank") not in rels
