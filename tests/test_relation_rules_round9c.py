"""Round 9c: REPORTED_ON read around the publication (kg/extract/reporting.py) in the wordings unseen text
uses, each on a family of sentences whose names are found nowhere else in the project, with the near misses
that must not yield it."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


def _reported(rels) -> set:
    return {(s, t) for s, typ, t in rels if typ == "REPORTED_ON"}


# --- a report noun placed in or written by the publication: "a report in P that Y ...", "a piece in P claiming" -----
@pytest.mark.parametrize("text", [
    "Irvane Colquist rejected a report in the Harnwick Gazette that $12 million of Tamsker Bank's reserves had "
    "been lent out.",
    "There was an article in the Harnwick Gazette last week claiming Tamsker Bank client money had vanished.",
    "A story by the Harnwick Gazette alleged that Tamsker Bank had hidden its losses.",
    "Depositors fled after articles in the Harnwick Gazette which questioned the lending book of Tamsker Bank.",
])
def test_a_report_noun_of_the_publication_reports_on_its_subject(nlp, text):
    assert ("Harnwick Gazette", "Tamsker Bank") in _reported(relations(nlp, text))


def test_articles_published_by_a_newsletter_concerning_a_party(nlp):
    text = ("Tamsker Bank responded to articles published on Monday by the financial newsletter Ostrelle Tagblatt "
            "concerning its subsidiary Dellbrook Markets.")
    assert ("Ostrelle Tagblatt", "Dellbrook Markets") in _reported(relations(nlp, text))


# --- the publication's relative clause: "P, which first reported the problems of Y" ----------------------------
@pytest.mark.parametrize("text", [
    "According to the news site Harnwick Gazette, which first reported the troubles of Tamsker Bank in May, "
    "Irvane Colquist moved the money abroad.",
    "Tamsker Bank is aware of an item published by the newsletter Ostrelle Tagblatt, which claims that Tamsker "
    "Bank lent client assets to a trading firm.",
])
def test_a_publications_relative_clause_says_what_it_reported_on(nlp, text):
    reported = _reported(relations(nlp, text))
    assert any(s in ("Harnwick Gazette", "Ostrelle Tagblatt") and t == "Tamsker Bank" for s, t in reported)
    # the clause the source is cited for is not what the relative clause says the publication covered
    assert not any(t == "Irvane Colquist" for _, t in reported)


def test_a_series_of_news_about_a_party(nlp):
    text = ("Tamsker Bank lent money to Dellbrook Markets. This was first published by the newspaper Ostrelle "
            "Tagblatt, which made a series of news about Dellbrook Markets since March.")
    assert ("Ostrelle Tagblatt", "Dellbrook Markets") in _reported(relations(nlp, text))


# --- the publication as the apposed or described subject: "the newspaper P reported on the links between A and B" ---
@pytest.mark.parametrize("text", [
    "In March the Danish newspaper Ostrelle Tagblatt reported on the ties between Tamsker Bank and Dellbrook Markets.",
    "The newspaper Ostrelle Tagblatt wrote about the dealings between Tamsker Bank and Dellbrook Markets.",
])
def test_a_topic_between_two_parties_is_reported_on_both(nlp, text):
    reported = _reported(relations(nlp, text))
    assert {("Ostrelle Tagblatt", "Tamsker Bank"), ("Ostrelle Tagblatt", "Dellbrook Markets")} <= reported


# --- "according to researchers at P, Y ...": a research firm's finding is about the clause's subject ---------------
@pytest.mark.parametrize("text", [
    "Tamsker Bank quietly bought 40 million tokens, according to blockchain researchers at Vorsanne Analytics.",
    "According to the research firm Vorsanne Analytics, Tamsker Bank holds most of the supply.",
])
def test_a_research_firm_cited_as_source_reports_on_the_subject(nlp, text):
    assert ("Vorsanne Analytics", "Tamsker Bank") in _reported(relations(nlp, text))


# --- near misses ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    # a firm that is no publication, cited as a source
    "Tamsker Bank lent money to a trading firm, according to Dellbrook Markets.",
    # a phrasal verb is another verb
    "Dellbrook Markets has also written down its stake in Tamsker Bank.",
    # a weak verb said by a firm that is no publication
    "Dellbrook Markets claims that Tamsker Bank owes it money.",
    # a negated report
    "The Harnwick Gazette did not report that Tamsker Bank had lost money.",
])
def test_no_report_without_a_publication_reporting(nlp, text):
    assert not _reported(relations(nlp, text))


# --- coreference that lost relations ---------------------------------------------------------------------------
def _stands_for(nlp, text: str, surface: str) -> set:
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {name.get(m.entity) for m in g.mentions if m.text == surface}


@pytest.mark.parametrize("text", [
    "Tamsker Bank opened in 2015. In 2018 the venture firm Skelgate Partners led a $5 million round in the company.",
    "Tamsker Bank opened in 2015. In 2018 the investment fund Skelgate Partners bought a stake in the company.",
])
def test_a_description_is_never_the_subject_named_in_apposition(nlp, text):
    assert _stands_for(nlp, text, "the company") == {"Tamsker Bank"}


def test_the_investor_apposed_to_a_subject_invests_in_the_company(nlp):
    text = "Tamsker Bank opened in 2015. In 2018 the venture firm Skelgate Partners led a $5 million round in the company."
    assert ("Skelgate Partners", "INVESTED_IN", "Tamsker Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Dellbrook Markets chief executive Irvane Colquist on the deal.\n\nA: Tamsker Bank had clients we lacked. Its "
    "founder, Ansel Quarrow, came to us in May.",
    "Dellbrook Markets chief executive Irvane Colquist on the deal.\n\nA: We wanted Tamsker Bank for its licence. "
    "Its founder, Ansel Quarrow, called us in May.",
])
def test_its_never_points_back_to_we(nlp, text):
    assert ("Ansel Quarrow", "FOUNDED", "Tamsker Bank") in relations(nlp, text)


@pytest.mark.parametrize("text, surface", [
    ("Tamsker Bank lent money to shell firms. Among them, Skelgate Holdings, a company owned by Irvane Colquist, "
     "received $5 million from the bank. This company then bought land.", "This company"),
    ("Tamsker Bank lent money to shell firms. One was Skelgate Holdings, which received $5 million from the bank. "
     "That firm then bought land.", "That firm"),
])
def test_a_demonstrative_points_to_the_party_just_named_not_the_topic(nlp, text, surface):
    text = "Tamsker Bank collapsed. Tamsker Bank had 9,000 clients. " + text
    assert _stands_for(nlp, text, surface) == {"Skelgate Holdings"}


def test_us_in_us_dollars_is_no_first_person_pronoun(nlp):
    text = ("Dear clients,\n\nTamsker Bank owes you an account. We lent 5 million US dollars to Dellbrook Markets "
            "last year.")
    assert not _stands_for(nlp, text, "US") - {None}
