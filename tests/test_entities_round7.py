"""Round 7 entities (issue 13): places, headings and names given in passing are no parties; on sentences whose
names are found nowhere else in the project, each beside a near miss that must keep its entity."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def entities(nlp, text: str) -> dict[str, str]:
    """name -> type of the entities kg finds in ``text``."""
    from kg.extract import extract

    return {e.name: e.type for e in extract(text, nlp=nlp).entities}


# --- a place the small model calls an organisation ------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Varnel Trust, a non-profit in Malvik whose board was chaired by Elowen Gorran, closed in May.",
    "Ferrin Bank in Malvik lent money to Caddoc Capital.",
    "Tolvern Pay moved $5 million to Tolvern Reserve Ltd, its Malvik subsidiary, in March.",
    "Tolvern Pay issues TLVD, a Malvik dollar stablecoin backed by cash.",
])
def test_a_place_qualifying_a_party_is_no_entity(nlp, text):
    assert "Malvik" not in entities(nlp, text)


@pytest.mark.parametrize("text, name, kind", [
    ("Elowen Gorran invested in Malvik Capital.", "Malvik Capital", "Organization"),
    ("Tolvern Pay moved $5 million to Tolvern Reserve Ltd, a Malvik Holdings subsidiary, in March.", "Malvik Holdings", "Organization"),
    ("Tolvern Pay issues the TLVD euro stablecoin.", "TLVD", "Token"),
])
def test_a_party_in_the_same_places_stays(nlp, text, name, kind):
    assert entities(nlp, text).get(name) == kind


# --- a heading word alone on its line -----------------------------------------------------------------------
@pytest.mark.parametrize("heading", ["Background", "4. SANCTION", "Funding", "2.1 Chronology"])
def test_a_lone_heading_word_is_no_entity(nlp, heading):
    text = f"Varnel Trust shipped coal for a decade.\n\n{heading}\n\nVarnel Trust was founded in 2001 by Elowen Gorran."
    found = entities(nlp, text)
    assert heading.split()[-1] not in found
    assert found.get("Varnel Trust") == "Organization"


def test_a_one_word_name_on_its_own_line_and_again_in_the_text_stays(nlp):
    text = "Caddoc\n\nCaddoc is a Malvik broker. Elowen Gorran founded Caddoc in 2001 and still runs the firm."
    assert "Caddoc" in entities(nlp, text)


# --- names given in passing ----------------------------------------------------------------------------------
def test_a_byline_names_no_party(nlp):
    found = entities(nlp, "Varnel Trust froze withdrawals on Monday, its chief executive Elowen Gorran said.\n\n"
                          "(Reporting by Rowenna Maddren; editing by Ebril Oskarine)")
    assert "Rowenna Maddren" not in found and "Ebril Oskarine" not in found
    assert found.get("Elowen Gorran") == "Person"


def test_relatives_known_by_one_first_name_are_no_parties(nlp):
    found = entities(nlp, "Elowen Gorran died in May. His wife, Yrsa, died in 2019. "
                          "He is survived by two sons, Jorund and Haskel, and a daughter.")
    assert set(found) == {"Elowen Gorran"}


def test_a_relative_with_a_full_name_stays(nlp):
    found = entities(nlp, "Elowen Gorran died in May. He is survived by his son, Jorund Gorran, who runs Caddoc Capital.")
    assert found.get("Jorund Gorran") == "Person"


def test_a_person_known_only_by_surname_is_anonymous(nlp):
    found = entities(nlp, "One investor surnamed Brund, a retired teacher, said she lost her savings at Varnel Trust.")
    assert "Brund" not in found
    found = entities(nlp, "One investor, Askel Brund, a retired teacher, said she lost her savings at Varnel Trust.")
    assert "Askel Brund" in found


# --- a firm's one-word name used before a longer name beginning with it is its own party ---------------------
def test_a_one_word_name_met_first_is_not_the_later_longer_names_short_form(nlp):
    found = entities(nlp, "Elowen Gorran co-founded the cryptocurrency exchange Varnelcourt in 2017. Varnelcourt grew "
                          "fast. In 2020 Varnelcourt launched a token, which was issued by Varnelcourt Foundation, a Swiss "
                          "foundation controlled by Gorran.")
    assert found.get("Varnelcourt") == "Organization" and found.get("Varnelcourt Foundation") == "Organization"


@pytest.mark.parametrize("text, full", [
    ("Varnelcourt Holdings plc owns a bank. Varnelcourt grew fast.", "Varnelcourt Holdings plc"),  # after: a short form
    ("Elowen Gorran founded Varnelcourt in 2017. Varnelcourt Ltd was listed in 2019.", "Varnelcourt Ltd"),  # a legal form
    ("Varnelcourt\n\nVarnelcourt Capital is a broker. Varnelcourt Capital lent money to Elowen Gorran.", "Varnelcourt Capital"),
])
def test_a_short_form_after_its_name_or_before_its_legal_form_joins_it(nlp, text, full):
    found = entities(nlp, text)
    assert full in found and "Varnelcourt" not in found


# --- a legal name opening a title line is a name, whatever the title's capitals --------------------------------
def test_a_legal_name_opening_a_title_is_kept(nlp):
    text = ("Tolvern Opportunities Fund SPC (in Official Liquidation): Summary of the Second Report\n\n"
            "The Fund was launched in 2020. The Fund lent $84 million to Caddoc Trading Ltd.")
    assert entities(nlp, text).get("Tolvern Opportunities Fund SPC") == "Organization"


def test_a_title_capitalised_phrase_is_still_no_name(nlp):
    text = "Caddoc Trading Ltd Buys Oslo Custodian Varnel Custody AS\n\nCaddoc Trading Ltd agreed to buy Varnel Custody AS."
    found = entities(nlp, text)
    assert "Oslo Custodian Varnel Custody AS" not in found and "Varnel Custody AS" in found


# --- a group's kind as written is one of its names -------------------------------------------------------------
def group_aliases(nlp, text: str) -> set[str]:
    from kg.extract import extract

    return {a for e in extract(text, nlp=nlp).entities if e.type == "Group" for a in e.aliases}


@pytest.mark.parametrize("text, kind", [
    ("Varnel Trust offered an interest-bearing account to retail clients. The clients lost $40 million.", "retail clients"),
    ("Caddoc Capital marketed itself to retirement savers. The savers were repaid.", "retirement savers"),
    ("Varnel Trust moved assets deposited by custody clients to its own wallets.", "custody clients"),
])
def test_a_group_is_also_named_by_its_kind(nlp, text, kind):
    assert kind in group_aliases(nlp, text)


def test_a_quantifier_is_no_kind_of_group(nlp):
    aliases = group_aliases(nlp, "Varnel Trust told many clients and other investors that their money was safe.")
    assert "many clients" not in aliases and "other investors" not in aliases


# --- a ticker is a token by what is said of it ------------------------------------------------------------------
@pytest.mark.parametrize("text, ticker", [
    ("ORLX, the token Tolvern Finance issued back in 2022, is down 83% in four days. Caddoc Capital holds ORLX.", "ORLX"),
    ("The exchange has also its own token, named the ZKRN. The ZKRN was issued by Tolvern Finance in 2021.", "ZKRN"),
    ("Caddoc Capital held about 30 percent of the ORLX supply.", "ORLX"),
])
def test_a_ticker_said_to_be_issued_or_a_token_is_a_token(nlp, text, ticker):
    assert entities(nlp, text).get(ticker) == "Token"


def test_the_issuer_in_a_relative_clause_on_token_is_no_token(nlp):
    found = entities(nlp, "ORLX, the token Tolvern Finance issued back in 2022, is down 83% in four days.")
    assert found.get("Tolvern Finance") == "Organization"


def test_a_ticker_shaped_firm_acquired_is_no_token(nlp):
    assert entities(nlp, "ORLX was acquired by Varnel Trust in 2021.").get("ORLX") == "Organization"


def test_an_apposition_with_a_capitalised_modifier_keeps_its_head(nlp):
    # "the company's Lithuanian subsidiary": "subsidiary" describes the firm, so "the unit" finds it
    from tests.conftest import relation_names

    text = ("Tolvern Finance froze withdrawals. Investigators examined Tolvern Lending Europe UAB, the company's "
            "Lithuanian subsidiary. Tolvern Finance allegedly moved $9m to the unit in May.")
    assert ("Tolvern Finance", "TRANSFERRED_TO", "Tolvern Lending Europe UAB") in relation_names(nlp, text)


def test_a_relative_named_closely_who_acts_stays(nlp):
    found = entities(nlp, "Away from the bank, Elowen Gorran and his brother Jorund ran Caddoc Shipping, the family company.")
    assert "Jorund" in found


# --- a committee's name goes on past "on" -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Senate Banking Subcommittee on Digital Assets", "Tolvern Assembly Committee on Financial Services"])
def test_a_committee_name_goes_on_past_on(nlp, name):
    found = entities(nlp, f"Tessa Varnel appeared before the {name} alongside the company's counsel.")
    assert found.get(name) == "Organization"


def test_a_firm_name_stops_before_on(nlp):
    found = entities(nlp, "Varnel Trust lent money to Caddoc Bank on Monday.")
    assert "Caddoc Bank" in found and not any(n.startswith("Caddoc Bank on") for n in found)


# --- a description the model took into a name ---------------------------------------------------------------
def _tagged(words, pos):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, pos=pos)


@pytest.mark.parametrize("words, pos, start", [
    (["the", "Korean", "exchange", "Tolvern", "Market"], ["DET", "ADJ", "NOUN", "PROPN", "PROPN"], 3),
    (["Swiss", "lender", "Caddoc", "Bank", "AG"], ["ADJ", "NOUN", "PROPN", "PROPN", "PROPN"], 2),
    (["Bank", "of", "Tolvern"], ["PROPN", "ADP", "PROPN"], 0),  # a lower-case word inside a name stays
    (["Caddoc", "Bank"], ["PROPN", "PROPN"], 0),
])
def test_a_leading_description_is_no_part_of_the_name(words, pos, start):
    from kg.extract.entities import _past_descriptor

    assert _past_descriptor(_tagged(words, pos), 0, len(words)) == start


def test_a_lower_case_word_inside_a_name_stays(nlp):
    assert "Bank of Tolvern" in entities(nlp, "The Bank of Tolvern lent money to Varnel Trust in 2020.")
