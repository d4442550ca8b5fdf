"""Round 8 entities: the new registers' constructions (a trade word opening a sentence, an imperative, a party's
role label in a parenthesis, a person "of" a firm, a heading's full name, speaker labels and time zones), on
sentences whose names are found nowhere else in the project, each beside a near miss that keeps its entity."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def extracted(nlp, text: str):
    from kg.extract import extract

    return extract(text, nlp=nlp).entities


def entities(nlp, text: str) -> dict[str, str]:
    """name -> type of the entities kg finds in ``text``."""
    return {e.name: e.type for e in extracted(nlp, text)}


# --- a sentence-opening trade word before a kind of firm ---------------------------------------------------------
@pytest.mark.parametrize("text, word, name", [
    ("Custody provider Vessmark completed its purchase of a rival on Tuesday.", "Custody", "Vessmark"),
    ("Hedge fund Pardoe Partners told its investors it holds a large stake.", "Hedge", "Pardoe Partners"),
    ("Savings app Thornlaw closed a funding round last week.", "Savings", "Thornlaw"),
])
def test_a_trade_word_opening_a_sentence_is_no_name(nlp, text, word, name):
    found = entities(nlp, text)
    assert word not in found
    assert found.get(name) == "Organization"


def test_a_firm_the_text_names_again_keeps_its_name_before_a_kind_word(nlp):
    found = entities(nlp, "Askari unit Drummelin Ltd failed in May. Askari said it would repay depositors.")
    assert "Askari" in found and "Drummelin Ltd" in found


# --- an imperative opening a sentence ----------------------------------------------------------------------------
def test_an_imperative_opening_a_sentence_is_no_name(nlp):
    found = entities(nlp, "Suppose, for a moment, that Wendry Bank had lent half its deposits to Lisk Trading. "
                          "Suppose it had then moved the rest offshore.")
    assert "Suppose" not in found
    assert "Wendry Bank" in found


# --- a party's role label in a parenthesis -----------------------------------------------------------------------
def test_a_parenthesised_role_label_is_that_party_where_it_recurs(nlp):
    ents = extracted(nlp, "The claim is brought by Ms Yevgenia Tamsel (Claimant) against Pelham Cradock Ltd (Defendant).\n\n"
                          "The Claimant says the Defendant owes her money. The Defendant denies it.")
    by_name = {e.name: e for e in ents}
    assert "Claimant" in by_name["Yevgenia Tamsel"].aliases
    assert by_name["Yevgenia Tamsel"].type == "Person"
    assert "Defendant" in by_name["Pelham Cradock Ltd"].aliases
    assert "Claimant" not in by_name and "Defendant" not in by_name
    assert "Pelham Cradock Ltd (Defendant" not in by_name


def test_a_label_in_a_parenthesis_after_no_name_joins_nobody(nlp):
    ents = extracted(nlp, "The filing (Respondent) was late. Ingrith Solvane said the Respondent had paid Mereth Havrin.")
    assert not any("Respondent" in e.aliases and e.name != "Respondent" for e in ents)


# --- a person "of" a firm ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, person, firm", [
    ("The liquidators, Toller Ambry and Severin Ravik of Ottery Advisory, were appointed in June.", "Severin Ravik", "Ottery Advisory"),
    ("Mereth Havrin of Solvane Capital said the fund was solvent.", "Mereth Havrin", "Solvane Capital"),
])
def test_a_person_of_a_firm_is_two_names(nlp, text, person, firm):
    found = entities(nlp, text)
    assert found.get(person) == "Person"
    assert found.get(firm) == "Organization"


def test_an_institution_of_a_place_stays_one_name(nlp):
    found = entities(nlp, "The Ministry of Finance fined Ravik Trading in June.")
    assert "Ministry of Finance" in found


# --- a heading's full name for a person the text calls by surname -------------------------------------------------
def test_a_heading_full_name_is_the_surname_s_person(nlp):
    ents = extracted(nlp, "Between the Joint Liquidators of Ambry Yield Fund (Petitioners) and Ingrith Toller (Respondent)\n\n"
                          "SUMMARY OF JUDGMENT\n\nThis summary is provided to assist the public.\n\n"
                          "2. The Respondent denies this. The manager paid Toller $4 million.")
    by_name = {e.name: e for e in ents}
    assert by_name["Ingrith Toller"].type == "Person"
    assert {"Toller", "Respondent"} <= set(by_name["Ingrith Toller"].aliases)


def test_a_heading_name_whose_surname_names_a_firm_stays_out(nlp):
    ents = extracted(nlp, "Why Investors Fear Severin Lisk And His Funds Now\n\nLisk Capital lost $5 million in June. "
                          "Lisk Capital said it would recover.")
    assert not any(e.name == "Severin Lisk" for e in ents)


# --- labels and time zones ---------------------------------------------------------------------------------------
def test_time_zones_and_speaker_labels_are_no_names(nlp):
    found = entities(nlp, "LIVE: Vessmark halts withdrawals\n\nTimes are GMT.\n\n07:58 GMT - Vessmark stopped withdrawals. "
                          "Guest: Toller Ambry, of Ottery Advisory.")
    assert not {"GMT", "LIVE", "Guest"} & set(found)
    assert "Vessmark" in found
