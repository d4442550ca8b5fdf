"""Round 9b relation constructions for money and tokens (issue 13): money named as the subject of a passive verb
("X's cash was held with Y", "$30m of X's reserves was moved to Y"), an infinitive of buying hung on an offer noun
("a proposal from X to acquire Y", "signed a term sheet to buy Y"), and the members of a class a token was sold to
("sold T worth $26m to investors, including A and B"). Each on a family of sentences whose names are found nowhere
else in the project, with the near misses that must not yield them."""
from __future__ import annotations

import pytest

from kg.extract import extract
from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


def _edge(nlp, text: str, source: str, rel_type: str, target: str):
    """The extracted relation (source, type, target) by entity names, or None."""
    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    for r in g.relations:
        if (name[r.source], r.type, name[r.target]) == (source, rel_type, target):
            return r
    return None


# --- "X's cash was held with Y": a passive verb of keeping whose subject is X's money -------------------------------
@pytest.mark.parametrize("text", [
    "The Carravel Fund's cash was held with Ostergate Trust Bank.",
    "Client savings of the Carravel Fund are held in segregated accounts at Ostergate Trust Bank.",
    "The reserves of the Carravel Fund were kept at Ostergate Trust Bank until March.",
    "The Carravel Fund's money was deposited with Ostergate Trust Bank, the filing says.",
])
def test_money_of_a_party_kept_at_a_bank_is_deposited_there(nlp, text):
    assert ("Carravel Fund", "DEPOSITED_WITH", "Ostergate Trust Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "The Carravel Fund's annual meeting was held at Ostergate Trust Bank.",  # not money
    "The Carravel Fund's shares were held with Ostergate Trust Bank.",  # shares, not money
    "The Carravel Fund held a dinner at Ostergate Trust Bank.",  # active, no money
])
def test_no_deposit_without_money_as_the_passive_subject(nlp, text):
    assert not any(r[1] == "DEPOSITED_WITH" for r in relations(nlp, text))


# --- "$30m of X's reserves had been moved to Y": the money's owner paid it -------------------------------------------
@pytest.mark.parametrize("text, amount", [
    ("Some $30 million of Carravel Capital's reserves had been moved to Kellavon Holdings.", 30_000_000),
    ("About $12 million of Carravel Capital's funds were diverted to Kellavon Holdings.", 12_000_000),
    ("Carravel Capital's money was sent to Kellavon Holdings in 2021.", None),
])
def test_money_of_a_party_moved_to_another_was_transferred_by_it(nlp, text, amount):
    rel = _edge(nlp, text, "Carravel Capital", "TRANSFERRED_TO", "Kellavon Holdings")
    assert rel is not None
    assert rel.amount_usd == amount


@pytest.mark.parametrize("text", [
    "Carravel Capital's staff were moved to Kellavon Holdings.",
    "Carravel Capital's headquarters was moved to Kellavon Holdings' old building.",
])
def test_moving_what_is_not_money_transfers_nothing(nlp, text):
    assert not any(r[1] == "TRANSFERRED_TO" for r in relations(nlp, text))


# --- "a proposal from X to acquire Y", "X signed a term sheet to buy Y" ----------------------------------------------
@pytest.mark.parametrize("text", [
    "Dallowmere Partners considered a proposal from Skelwith Bank to acquire Ferngate Custody.",
    "A bid from Skelwith Bank to take over Ferngate Custody was rejected.",
    "Skelwith Bank signed a term sheet to acquire Ferngate Custody for $40 million.",
])
def test_an_infinitive_of_buying_on_an_offer_noun_is_the_offerers(nlp, text):
    rels = relations(nlp, text)
    assert ("Skelwith Bank", "OFFERED_TO_ACQUIRE", "Ferngate Custody") in rels
    assert not any(r[0] == "Dallowmere Partners" and r[1] == "OFFERED_TO_ACQUIRE" for r in rels)
    assert not any(r[1] == "ACQUIRED" for r in rels)


def test_a_term_sheet_to_buy_is_a_planned_offer_with_its_price(nlp):
    rel = _edge(nlp, "Holvane Capital signed a term sheet to acquire Brintor Labs for $40 million.",
                "Holvane Capital", "OFFERED_TO_ACQUIRE", "Brintor Labs")
    assert rel is not None
    assert rel.status == "planned"
    assert rel.amount_usd == 40_000_000


@pytest.mark.parametrize("text", [
    "Dallowmere Partners considered a proposal from Skelwith Bank to cut fees at Ferngate Custody.",
    "Skelwith Bank signed a term sheet to lend Ferngate Custody $5 million.",
])
def test_an_offer_noun_with_another_infinitive_offers_no_acquisition(nlp, text):
    assert not any(r[1] == "OFFERED_TO_ACQUIRE" for r in relations(nlp, text))


# --- "sold T worth $26m to investors, including A and B": the named members hold T ----------------------------------
@pytest.mark.parametrize("text", [
    "Tarrowby Labs sold TORQ tokens worth about $26 million to investors, including Pellory Partners and Morrick Capital.",
    "Tarrowby Labs has sold TORQ tokens worth $45 million to a group of long-term investors including Pellory "
    "Partners and Morrick Capital.",
    "Last year Tarrowby Labs sold TORQ tokens to private buyers, including Pellory Partners and Morrick Capital.",
])
def test_members_of_the_class_a_token_was_sold_to_hold_it(nlp, text):
    rels = relations(nlp, text)
    assert ("Pellory Partners", "HOLDS_TOKEN", "TORQ") in rels
    assert ("Morrick Capital", "HOLDS_TOKEN", "TORQ") in rels


def test_members_of_another_clause_hold_nothing(nlp):
    rels = relations(nlp, "Tarrowby Labs sold TORQ tokens to investors; critics, including Pellory Partners, objected.")
    assert ("Pellory Partners", "HOLDS_TOKEN", "TORQ") not in rels


# --- money as the subject of a verb of going: "$19m left X for Y", "X client money ended up at Y" --------------------
@pytest.mark.parametrize("text", [
    "The filing claims that $19 million left Carravel Capital in 2023 for Kellavon Holdings.",
    "Roughly $4 million left Carravel Capital in May for Kellavon Holdings.",
])
def test_money_leaving_a_party_for_another_was_transferred(nlp, text):
    assert ("Carravel Capital", "TRANSFERRED_TO", "Kellavon Holdings") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "A report claimed Carravel Capital client money ended up at Kellavon Holdings.",
    "Some $7 million of Carravel Capital's reserves went to Kellavon Holdings.",
    "Carravel Capital's money eventually ended up with Kellavon Holdings.",
])
def test_a_partys_money_ending_up_at_another_was_transferred(nlp, text):
    assert ("Carravel Capital", "TRANSFERRED_TO", "Kellavon Holdings") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Osric Vellam left Carravel Capital in 2023 for Kellavon Holdings.",  # a person changing jobs
    "Carravel Capital's chief economist went to Kellavon Holdings.",  # not money
    "Carravel Capital's staff ended up at Kellavon Holdings.",
])
def test_a_person_or_staff_going_moves_no_money(nlp, text):
    assert not any(r[1] == "TRANSFERRED_TO" for r in relations(nlp, text))


# --- "X is sitting on a large block of T" ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Brintor Labs issued the TORQ token in 2021. Polwick Markets is also understood to be sitting on a large block of TORQ.",
    "Polwick Markets sits on 40 million TORQ tokens.",
    "Brintor Labs issued the TORQ token in 2021. Traders say Polwick Markets is sitting on a pile of TORQ.",
])
def test_sitting_on_a_token_holds_it(nlp, text):
    assert ("Polwick Markets", "HOLDS_TOKEN", "TORQ") in relations(nlp, text)


def test_sitting_on_a_board_holds_no_token(nlp):
    rels = relations(nlp, "Osric Vellam sat on the board of Carravel Capital, which issued the TORQ token.")
    assert not any(r[1] == "HOLDS_TOKEN" for r in rels)


# --- "A invested $55m in X, and B put in a further $12m": the gapped second investor's firm ------------------------
@pytest.mark.parametrize("text", [
    "Pellory Growth Fund II, a Stockholm venture vehicle, invested $55 million in Brintor Labs in its 2021 funding "
    "round, and a smaller backer, Polwick Partners, put in a further $12 million.",
    "Pellory Partners invested $5 million in Brintor Labs, and Polwick Partners added $2 million.",
    "Pellory Partners put $5 million into Brintor Labs in 2020 and Polwick Partners contributed another $2 million.",
])
def test_a_gapped_second_investment_is_in_the_earlier_verbs_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Pellory Partners" if "Pellory Partners" in text else "Pellory Growth Fund II", "INVESTED_IN", "Brintor Labs") in rels
    assert ("Polwick Partners", "INVESTED_IN", "Brintor Labs") in rels


@pytest.mark.parametrize("text", [
    "Pellory Partners invested $5 million in Brintor Labs, and Polwick Partners put $2 million aside for legal costs.",
    "Pellory Partners invested $5 million in Brintor Labs, and Polwick Partners put $2 million toward the legal costs.",
    "Pellory Partners invested $5 million in Brintor Labs; Polwick Partners put $2 million into Kellavon Holdings.",
    "Pellory Partners invested $5 million in Brintor Labs, and Polwick Partners added a new director.",  # no amount
])
def test_money_put_elsewhere_or_no_money_is_no_gapped_investment(nlp, text):
    assert ("Polwick Partners", "INVESTED_IN", "Brintor Labs") not in relations(nlp, text)


# --- "X subscribed for shares in Y", "investors subscribed $300m to the fund" ---------------------------------------
@pytest.mark.parametrize("text", [
    "Kellavon Holdings in turn used $40 million of the loan proceeds to subscribe for shares in Carravel Capital.",
    "Kellavon Holdings subscribed $20 million to Carravel Capital in March.",
    "In 2022 Kellavon Holdings subscribed for new shares of Carravel Capital worth $8 million.",
])
def test_subscribing_for_a_firms_shares_invests_in_it(nlp, text):
    assert ("Kellavon Holdings", "INVESTED_IN", "Carravel Capital") in relations(nlp, text)


def test_subscribing_to_a_newsletter_invests_nothing(nlp):
    rels = relations(nlp, "Kellavon Holdings subscribed to a newsletter published by Carravel Capital.")
    assert ("Kellavon Holdings", "INVESTED_IN", "Carravel Capital") not in rels


# --- "Y received 3,200 bitcoin of X to keep in custody": both hold the coins ---------------------------------------
@pytest.mark.parametrize("text", [
    "The Uruguayan firm Ostergate Custodia S.A. received 3,200 bitcoin of Carravel Capital to keep in custody.",
    "Ostergate Custodia S.A. later got about 900 bitcoin of Carravel Capital for safekeeping.",
])
def test_coins_received_of_a_party_are_held_by_both(nlp, text):
    rels = relations(nlp, text)
    assert ("Ostergate Custodia S.A", "HOLDS_TOKEN", "Bitcoin") in rels
    assert ("Carravel Capital", "HOLDS_TOKEN", "Bitcoin") in rels


def test_receiving_money_holds_no_token(nlp):
    rels = relations(nlp, "Ostergate Custodia S.A. received $3 million of Carravel Capital's cash.")
    assert not any(r[1] == "HOLDS_TOKEN" for r in rels)


# --- "X invested $5m in Y alongside A", "X, together with A, put $9m into Y": co-investors --------------------------
@pytest.mark.parametrize("text", [
    "Kellavon Holdings invested $5 million in Brintor Labs alongside Pellory Partners.",
    "Kellavon Holdings, together with Pellory Partners, put $9 million into Brintor Labs.",
    "Alongside Pellory Partners, Kellavon Holdings backed Brintor Labs in 2020.",
])
def test_a_party_investing_alongside_the_subject_invests_in_the_same_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Kellavon Holdings", "INVESTED_IN", "Brintor Labs") in rels
    assert ("Pellory Partners", "INVESTED_IN", "Brintor Labs") in rels


def test_co_investors_in_a_token_bought_hold_it(nlp):
    rels = relations(nlp, "Brintor Labs issued the TORQ token in 2021. Kellavon Holdings first bought TORQ in a "
                          "private round, investing $30 million alongside Pellory Partners and Morrick Capital.")
    assert ("Pellory Partners", "HOLDS_TOKEN", "TORQ") in rels
    assert ("Morrick Capital", "HOLDS_TOKEN", "TORQ") in rels


@pytest.mark.parametrize("text", [
    "Kellavon Holdings invested $5 million in Brintor Labs and sat alongside Pellory Partners on its board.",
    "Kellavon Holdings invested $5 million in Brintor Labs; Pellory Partners worked alongside it as adviser.",
])
def test_alongside_in_another_clause_invests_nothing(nlp, text):
    assert ("Pellory Partners", "INVESTED_IN", "Brintor Labs") not in relations(nlp, text)


# --- "assets deposited by clients with X were moved to Y": the keeper of the money moved it -------------------------
@pytest.mark.parametrize("text", [
    "Assets deposited by custody clients with Ostergate Custody were regularly moved to omnibus wallets controlled "
    "by Kellavon Markets.",
    "Coins deposited with Ostergate Custody were quietly transferred to Kellavon Markets in 2022.",
])
def test_money_kept_with_a_party_and_moved_was_transferred_by_it(nlp, text):
    assert ("Ostergate Custody", "TRANSFERRED_TO", "Kellavon Markets") in relations(nlp, text)


def test_money_kept_with_a_party_and_audited_moves_nothing(nlp):
    rels = relations(nlp, "Assets deposited by clients with Ostergate Custody were audited by Kellavon Markets.")
    assert not any(r[1] == "TRANSFERRED_TO" for r in rels)


# --- "accounts held at Y in the name of X", "held by Y in an account in X's name": X's deposit with Y --------------
@pytest.mark.parametrize("text", [
    "The government seeks forfeiture of the balance of accounts held at Ostergate Trust Bank in the name of "
    "Carravel Capital.",
    "A further $11 million is held by Ostergate Trust Bank, a private bank, in an account in Carravel Capital's name.",
    "Ostergate Trust Bank keeps two accounts in the name of Carravel Capital.",
])
def test_money_kept_in_a_partys_name_is_its_deposit_with_the_keeper(nlp, text):
    assert ("Carravel Capital", "DEPOSITED_WITH", "Ostergate Trust Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Ostergate Trust Bank keeps two accounts in London for Carravel Capital's staff.",
    "Ostergate Trust Bank held a reception in honour of Carravel Capital.",
])
def test_no_name_no_deposit(nlp, text):
    assert ("Carravel Capital", "DEPOSITED_WITH", "Ostergate Trust Bank") not in relations(nlp, text)
