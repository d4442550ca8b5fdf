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


# --- a sentence-opening trade word before a kind of firm; an imperative opening a sentence -------------------
def _first_word(nlp, text: str):
    from kg.extract.entities import _Cand

    doc = nlp.make_doc(text)
    for _name, proc in nlp.pipeline:
        if _name == "kg_entities":
            break
        doc = proc(doc)
    return doc, _Cand(0, 1, doc[0].text, source="ner")


@pytest.mark.parametrize("text", [
    "Custody provider Vessmark completed its purchase of a rival on Tuesday.",
    "Hedge fund Pardoe Partners told its investors it holds a large stake.",
    "Savings app Thornlaw closed a funding round last week.",
])
def test_a_trade_word_opening_a_sentence_before_a_kind_of_firm_is_no_name(nlp, text):
    from kg.extract.entities import _sector_modifier

    assert _sector_modifier(*_first_word(nlp, text))


@pytest.mark.parametrize("text", [
    "Askari unit Drummelin Ltd failed in May. Askari said it would repay depositors.",  # named again
    "Askari analyst Drummelin Ostby said the fund was solvent.",  # a role, no kind of firm
])
def test_a_first_word_named_again_or_before_a_role_keeps_its_name(nlp, text):
    from kg.extract.entities import _sector_modifier

    assert not _sector_modifier(*_first_word(nlp, text))


def test_an_imperative_opening_a_sentence_is_no_name(nlp):
    from kg.extract.entities import _imperative_opening

    assert _imperative_opening(*_first_word(nlp, "Suppose, for a moment, that Wendry Bank had lent half its deposits."))
    assert not _imperative_opening(*_first_word(nlp, "Lisk lent half its deposits to Wendry Bank."))


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


# --- a person "of" a firm; a firm's type from its last word; a shared role ------------------------------------
@pytest.mark.parametrize("text, person, firm", [
    ("The liquidators, Toller Ambry and Severin Ravik of Ottery Advisory, were appointed in June.", "Severin Ravik", "Ottery Advisory"),
    ("The administrators named Mereth Havrin of Solvane Restructuring as their lead.", "Mereth Havrin", "Solvane Restructuring"),
])
def test_a_person_of_a_firm_is_two_names(nlp, text, person, firm):
    from kg.extract.entities import _person_of_firm

    doc = nlp(text)
    words = person.split() + ["of"] + firm.split()
    s = next(t.i for t in doc if t.text == words[0])
    e = s + len(words)
    assert [doc[a:b].text for a, b in _person_of_firm(doc, s, e)] == [person, firm]
    found = entities(nlp, text)
    assert found.get(firm) == "Organization" and found.get(person) == "Person"


def test_an_institution_of_a_place_stays_one_name(nlp):
    from kg.extract.entities import _person_of_firm

    doc = nlp("The Ministry of Finance fined Ravik Trading in June.")
    assert _person_of_firm(doc, 1, 4) == [(1, 4)]


def test_a_firm_described_as_a_specialist_stays_a_firm(nlp):
    found = entities(nlp, "Vessmark completed its acquisition of Thornlaw Vault, a Zurich storage specialist, on Tuesday.")
    assert found.get("Thornlaw Vault") == "Organization"


def test_a_person_described_as_a_specialist_stays_a_person(nlp):
    found = entities(nlp, "Vessmark hired Ingrith Solvane, a storage specialist, in June. She starts on Tuesday.")
    assert found.get("Ingrith Solvane") == "Person"


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


# --- a parent's registered name beside its subsidiary's -----------------------------------------------------------
def test_a_parent_and_its_subsidiary_stay_two_firms(nlp):
    ents = extracted(nlp, "Tamsel Group plc reported results on Monday. Clients keep their cash with Tamsel Markets Ltd, "
                          "which is ring-fenced. Tamsel Markets placed $18 million with Lisk Trading. "
                          "The Tamsel Group board approved it.")
    by_name = {e.name: e for e in ents}
    assert "Tamsel Group plc" in by_name and "Tamsel Markets Ltd" in by_name
    assert "Tamsel Markets" in by_name["Tamsel Markets Ltd"].aliases
    assert "Tamsel Group" in by_name["Tamsel Group plc"].aliases


def test_a_short_form_of_one_registered_firm_still_joins_it(nlp):
    ents = extracted(nlp, "Ambry Capital Ltd lent $5 million to Lisk Trading. Ambry Capital said the loan was secured.")
    assert [e.name for e in ents if "Ambry Capital" in e.aliases] == ["Ambry Capital Ltd"]


# --- a speaker label opening a line ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, label, words", [
    ("Intro.\n\n[00:12:03] TOLLER AMBRY: We lent Lisk Trading $5 million.", "TOLLER AMBRY:", "We lent Lisk Trading $5 million."),
    ("Intro.\n\nCEO: We have ended our deal with Lisk Trading.", "CEO:", "We have ended our deal with Lisk Trading."),
    ("Intro.\n\nOperator: Our next question comes from Severin Ravik.", "Operator:", "Our next question comes from Severin Ravik."),
])
def test_a_speaker_label_is_no_part_of_the_sentence(nlp, text, label, words):
    sents = [s.text.strip() for s in nlp(text).sents]
    assert words in sents and any(s.endswith(label) for s in sents)


def test_a_colon_inside_a_sentence_opens_no_turn(nlp):
    sents = [s.text.strip() for s in nlp("Intro.\n\nThe fund said three things: Lisk Trading owed it money.").sents]
    assert "The fund said three things: Lisk Trading owed it money." in sents


# --- an initial and a surname ------------------------------------------------------------------------------------
def test_an_initial_and_surname_join_the_namesake_it_abbreviates(nlp):
    ents = extracted(nlp, "Toller Holdings is owned by Mr Bram Velland, the brother of Mr K Velland. "
                          "Mr Kessandra Velland founded Lisk Trading. Mr K Velland resigned in May.")
    by_name = {e.name: e for e in ents}
    assert "K Velland" in by_name["Kessandra Velland"].aliases
    assert "K Velland" not in by_name["Bram Velland"].aliases


def test_a_capital_a_after_a_title_is_an_initial(nlp):
    ents = extracted(nlp, "Toller Holdings is owned by Mr Bram Velland, the brother of Mr A Velland. "
                          "Mr Ansgar Velland founded Lisk Trading.")
    by_name = {e.name: e for e in ents}
    assert "A Velland" in by_name["Ansgar Velland"].aliases
    assert not any(a.endswith("Velland") and a != "Bram Velland" for a in by_name["Bram Velland"].aliases)


def test_an_article_a_before_a_name_is_still_dropped(nlp):
    found = entities(nlp, "A Velland Capital fund lent $5 million to Lisk Trading.")
    assert not any(name.startswith("A ") for name in found)


def test_a_plural_party_label_is_no_entity_of_its_own(nlp):
    found = entities(nlp, "The Claimants, Toller Ambry and Severin Ravik, say Lisk Trading owes them $4 million. "
                          "The Claimants seek repayment.")
    assert "Claimants" not in found
    assert "Toller Ambry" in found and "Severin Ravik" in found


# --- a firm's name the model cut to a place ----------------------------------------------------------------------
def test_a_place_followed_by_an_industry_word_is_a_firm(nlp):
    from kg.extract.entities import _firm_past_place
    from spacy.tokens import Span

    doc = nlp("There was a piece in Velland Wire this week about Lisk Trading.")
    k = next(t.i for t in doc if t.text == "Velland")
    assert _firm_past_place(doc, Span(doc, k, k + 1, label="GPE")) == k + 2
    assert _firm_past_place(doc, Span(doc, k, k + 1, label="PERSON")) is None  # only a place the model named


def test_a_place_before_a_common_name_stays_a_place(nlp):
    from kg.extract.entities import _firm_past_place
    from spacy.tokens import Span

    doc = nlp("She moved to Velland Street in May.")
    k = next(t.i for t in doc if t.text == "Velland")
    assert _firm_past_place(doc, Span(doc, k, k + 1, label="GPE")) is None
