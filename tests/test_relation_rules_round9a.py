"""Round 9a relation constructions for the structure types (LEADS, OWNS, FOUNDED, CONTROLS, SUBSIDIARY_OF,
ACQUIRED), each on a family of sentences whose names are found nowhere else in the project, with the near misses
that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


# --- an "as" phrase of a verb that names or classes its object is said of that object --------------------------
@pytest.mark.parametrize("text", [
    "The board appointed Helen Castellane as chief executive of Quorvale Bank.",
    "Last year the shareholders named Helen Castellane as chairman of Quorvale Bank.",
    "Quorvale Bank's owners hired Helen Castellane in 2020 as chief financial officer of Quorvale Bank.",
])
def test_an_appointee_holds_the_title_her_appointment_names(nlp, text):
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "The court identified Ombrell Assurance as a subsidiary of Pellaston Freight.",
    "The filing describes Ombrell Assurance as a unit of Pellaston Freight.",
])
def test_a_firm_classed_as_a_subsidiary_belongs_to_its_parent(nlp, text):
    assert ("Ombrell Assurance", "SUBSIDIARY_OF", "Pellaston Freight") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    # the verb's own subject holds the post ("joined", "served"), even with an object
    "Helen Castellane joined Quorvale Bank as chief financial officer in 2019.",
    "Helen Castellane served Quorvale Bank as chairman for a decade.",
    # in the passive the subject is the one named
    "Helen Castellane was appointed as chief executive of Quorvale Bank by the founders.",
])
def test_other_as_phrases_are_still_said_of_the_subject(nlp, text):
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") in relations(nlp, text)


def test_the_appointing_party_holds_no_title(nlp):
    rels = relations(nlp, "Pellaston Freight appointed Helen Castellane as chief executive of Quorvale Bank.")
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") in rels
    assert not any(r[0] == "Pellaston Freight" and r[1] == "LEADS" for r in rels)


# --- leaving a board says one had a seat on it ------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Helen Castellane resigned from the board of Quorvale Bank in June.",
    "Helen Castellane left the Quorvale Bank board in January.",
    "Ms Helen Castellane quit Quorvale Bank's board after the audit.",
    "Helen Castellane stepped down from the board of Quorvale Bank last year.",
])
def test_leaving_a_firms_board(nlp, text):
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Quorvale Bank grew fast. In 2020 Helen Castellane quit the board.",
    "Quorvale Bank froze withdrawals. Quorvale Bank then sued. - March 2021: Helen Castellane resigns from the board.",
])
def test_leaving_the_board_in_an_article_about_one_firm(nlp, text):
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Helen Castellane left Quorvale Bank in June.",  # leaving the firm is no board seat
    "Helen Castellane resigned from the advisory board of Quorvale Bank.",
    "Helen Castellane stepped onto the board of Pellaston Freight and away from Quorvale Bank.",
    "Quorvale Bank grew fast. In 2020 Helen Castellane left the building.",
])
def test_leaving_something_else_leads_nothing_at_the_firm(nlp, text):
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") not in relations(nlp, text)


def test_leaving_a_bare_board_in_a_sentence_naming_another_firm_is_not_the_topic_firms(nlp):
    text = "Quorvale Bank grew fast. Quorvale Bank hired staff. Helen Castellane quit the board to join Pellaston Freight."
    assert ("Helen Castellane", "LEADS", "Quorvale Bank") not in relations(nlp, text)


# --- a firm that manages another (general partner, investment/interim manager) controls it ------------------------
@pytest.mark.parametrize("text", [
    "Tarrowind Partners, the general partner of Bergamot Fund, sued Pellaston Freight.",
    "Bergamot Fund's investment manager, Tarrowind Partners, declined to comment.",
    "The regulator appointed Tarrowind Partners as interim manager of Bergamot Fund.",
    "Tarrowind Partners is the manager of Bergamot Fund.",
])
def test_a_managing_firm_controls_the_fund(nlp, text):
    assert ("Tarrowind Partners", "CONTROLS", "Bergamot Fund") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    # a person who manages is read by the titles, not this rule
    "Ms Helen Castellane, the manager of Bergamot Fund, declined to comment.",
    "Tarrowind Partners, an asset manager, sued Bergamot Fund.",  # a manager of nothing named
])
def test_a_manager_that_is_no_firm_or_of_no_firm_controls_nothing(nlp, text):
    rels = relations(nlp, text)
    assert not any(r[1] == "CONTROLS" and r[2] == "Bergamot Fund" for r in rels)


# --- taking a firm in whole: "swallowed", and a gapped relative clause ---------------------------------------------
@pytest.mark.parametrize("text", [
    "Pellaston Freight, which swallowed a payments app called Ombrell in 2021, lent Quorvale Bank $20 million.",
    "In 2019 Pellaston Freight swallowed its smaller rival Ombrell Assurance.",
])
def test_swallowing_a_firm_acquires_it(nlp, text):
    rels = relations(nlp, text)
    assert any(r[0] == "Pellaston Freight" and r[1] == "ACQUIRED" and r[2].startswith("Ombrell") for r in rels)


@pytest.mark.parametrize("text", [
    "The loan is secured against Ombrell Assurance, a small insurer Pellaston Freight acquired in 2021.",
    "Ombrell Assurance, an insurer Pellaston Freight bought in 2021, failed.",
    "Ombrell Assurance, the insurer that Pellaston Freight bought in 2021, failed.",
])
def test_the_noun_of_a_gapped_relative_clause_is_what_its_subject_bought(nlp, text):
    assert ("Pellaston Freight", "ACQUIRED", "Ombrell Assurance") in relations(nlp, text)


@pytest.mark.parametrize("text, rel", [
    ("Pellaston Freight lent money to Ombrell Assurance, a small fund Helen Castellane started in 2015.", "FOUNDED"),
    ("Pellaston Freight lent money to Ombrell Assurance, a holding company Helen Castellane owns.", "OWNS"),
    # (parsed as the noun's apposition "Jessamy Wexley" and a verb of the main clause)
    ("Pellaston Freight lent money to Ombrell Assurance, a holding company Jessamy Wexley owns.", "OWNS"),
])
def test_the_gapped_relative_clause_for_founding_and_owning(nlp, text, rel):
    rels = relations(nlp, text)
    assert any(r[1] == rel and r[2] == "Ombrell Assurance" and r[0] in ("Helen Castellane", "Jessamy Wexley") for r in rels)


def test_a_gapped_relative_clause_with_another_verb_states_nothing(nlp):
    rels = relations(nlp, "Pellaston Freight lent money to Ombrell Assurance, a holding company Helen Castellane praised.")
    assert not any(r[0] == "Helen Castellane" for r in rels)


# --- phrasal triggers split by their object: "set it up", "took the bank over" -----------------------------------
@pytest.mark.parametrize("text, rel", [
    ("Vireo Ventures is run by Jessamy Wexley, who set it up in 2019.", "FOUNDED"),
    ("Vireo Ventures was struggling. Jessamy Wexley took the firm over in 2015.", "ACQUIRED"),
])
def test_a_phrasal_trigger_split_by_its_object(nlp, text, rel):
    # (a person can found or take over a firm; the verb alone, "set" or "took", is no trigger)
    assert ("Jessamy Wexley", rel, "Vireo Ventures") in relations(nlp, text)


def test_the_verb_of_a_phrasal_trigger_with_another_particle_states_nothing(nlp):
    rels = relations(nlp, "Vireo Ventures is run by Jessamy Wexley, who set it back in 2019.")
    assert ("Jessamy Wexley", "FOUNDED", "Vireo Ventures") not in rels


# --- a coordinated second "by": "created by A and by his wife, B" --------------------------------------------------
@pytest.mark.parametrize("text, rel", [
    ("Quorvale Bank was created in 2019 by Helen Castellane and by her husband, David Monkhurst, in Lyon.", "FOUNDED"),
    ("Quorvale Bank is owned by Pellaston Freight and by David Monkhurst.", "OWNS"),
])
def test_each_coordinated_agent_is_a_party(nlp, text, rel):
    assert ("David Monkhurst", rel, "Quorvale Bank") in relations(nlp, text)


# --- a participle the tagger called a noun: "a firm run by A" ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Pellaston Freight sued Quorvale Bank, a firm run by her brother, David Monkhurst.",
    "Pellaston Freight lent $9 million to Quorvale Bank, a trading firm run by David Monkhurst.",
])
def test_a_firm_run_by_a_person(nlp, text):
    assert ("David Monkhurst", "LEADS", "Quorvale Bank") in relations(nlp, text)


def test_a_run_on_a_firm_is_no_running_of_it(nlp):
    rels = relations(nlp, "The run by Quorvale Bank customers hurt Pellaston Freight.")
    assert not any(r[1] in ("LEADS", "CONTROLS") for r in rels)


# --- "X and its chief executive Y": the "its" of a coordinated noun is the first coordinate's -----------------
@pytest.mark.parametrize("text", [
    "Bergamot Fund, managed by Tarrowind Partners and its managing partner Jessamy Wexley, sold its position.",
    "Bergamot Fund is run by Tarrowind Partners and its chief executive, Jessamy Wexley.",
])
def test_its_on_a_coordinated_title_is_the_coordinated_firms(nlp, text):
    assert ("Jessamy Wexley", "LEADS", "Tarrowind Partners") in relations(nlp, text)


def test_its_after_a_coordinated_person_is_still_the_subjects(nlp):
    # a person is no "it": the firm the clause is about
    rels = relations(nlp, "Bergamot Fund is run by Ms Helen Castellane and its chief executive, Jessamy Wexley.")
    assert ("Jessamy Wexley", "LEADS", "Bergamot Fund") in rels
    assert not any(r[0] == "Jessamy Wexley" and r[2] == "Helen Castellane" for r in rels)


# --- officers whose title names a function --------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Ms Jessamy Wexley, the Group Finance Director of Quorvale Bank, resigned.",
    "Jessamy Wexley, general counsel at Quorvale Bank, declined to comment.",
    "Quorvale Bank's chief legal officer, Jessamy Wexley, left in May.",
])
def test_a_functional_officer_leads_the_firm(nlp, text):
    assert ("Jessamy Wexley", "LEADS", "Quorvale Bank") in relations(nlp, text)


def test_the_counsel_of_a_department_leads_no_firm(nlp):
    rels = relations(nlp, "Jessamy Wexley, general counsel of the litigation unit, sued Quorvale Bank.")
    assert ("Jessamy Wexley", "LEADS", "Quorvale Bank") not in rels


# --- "appointed X to take control of Y": the object of a verb that puts someone in place does the infinitive ------
@pytest.mark.parametrize("text, doer, rel", [
    ("The regulator has appointed Tarrowind Partners to take control of Quorvale Bank's day-to-day operations.",
     "Tarrowind Partners", "CONTROLS"),
    ("The court appointed Tarrowind Partners to take control of Quorvale Bank.", "Tarrowind Partners", "CONTROLS"),
    ("Pellaston Freight hired Jessamy Wexley to run Quorvale Bank.", "Jessamy Wexley", "LEADS"),
])
def test_the_appointee_does_what_it_was_appointed_to_do(nlp, text, doer, rel):
    rels = relations(nlp, text)
    assert (doer, rel, "Quorvale Bank") in rels
    assert ("Pellaston Freight", rel, "Quorvale Bank") not in rels


def test_a_party_asked_to_do_something_has_not_done_it(nlp):
    # a request: the court need not unwind (or make) any transfer
    rels = relations(nlp, "Ms Helen Castellane asks the Vireo Court to unwind the transfers to Quorvale Bank.")
    assert not any(r[0] == "Vireo Court" for r in rels)


def test_the_subject_of_a_verb_that_controls_its_own_infinitive_still_does_it(nlp):
    assert ("Pellaston Freight", "CONTROLS", "Quorvale Bank") in relations(
        nlp, "In 2020 Pellaston Freight moved to take control of Quorvale Bank.")
