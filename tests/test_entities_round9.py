"""Round 9c entity mentions that relation endpoints need: a publication named after a capitalised description
word at a sentence start ("Newspaper X reported ..."), on names found nowhere else in the project."""
from __future__ import annotations

import pytest

from kg.extract import extract
from tests.conftest import relation_names

pytestmark = pytest.mark.model


def _entities(nlp, text: str) -> dict:
    return {e.name: e.type for e in extract(text, nlp=nlp).entities}


@pytest.mark.parametrize("text, name", [
    ("Newspaper Jornal do Brulach reported on Monday that Tamsker Bank owed money.", "Jornal do Brulach"),
    ("Newsletter Skelgate Weekly wrote that Tamsker Bank had frozen withdrawals.", "Skelgate Weekly"),
    ("Magazine Maravelle Review said Tamsker Bank lent money to Dellbrook Markets.", "Maravelle Review"),
])
def test_a_leading_description_word_is_no_part_of_the_name(nlp, text, name):
    ents = _entities(nlp, text)
    assert ents.get(name) == "Organization"
    assert not any(n.split()[0] in ("Newspaper", "Newsletter", "Magazine") for n in ents)


def test_a_leading_word_that_is_no_description_stays_in_the_name(nlp):
    ents = _entities(nlp, "Fennimere Brulach Bank lent money to Tamsker Bank.")
    assert "Fennimere Brulach Bank" in ents


# --- defined terms: 'X (the "Company")', 'X ("the Manager")', '... and its subsidiaries (together, the "Group")' ---
def _described_as(nlp, text: str, surface: str) -> set:
    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {name.get(m.entity) for m in g.mentions if m.text == surface}


@pytest.mark.parametrize("text", [
    'The accounts of Fennimere Holdings plc (the "Company") are audited. Brulach Bank lent $5 million to the Company.',
    'The accounts of Fennimere Holdings plc ("the Company") are audited. Brulach Bank lent $5 million to the Company.',
    'Fennimere Holdings plc (the \u201cCompany\u201d) is audited. Brulach Bank lent $5 million to the Company.',
])
def test_a_defined_term_with_the_article_inside_or_outside_the_quotes(nlp, text):
    assert _described_as(nlp, text, "the Company") == {"Fennimere Holdings plc"}


def test_the_group_defined_after_its_subsidiaries_names_the_company(nlp):
    text = ('Fennimere Holdings plc (the "Company") and its subsidiaries (together, the "Group") trade widely. '
            'Brulach Bank lent $5 million to the Group.')
    assert _described_as(nlp, text, "the Group") == {"Fennimere Holdings plc"}


@pytest.mark.parametrize("term", ["Manager", "Adviser", "Sponsor"])
def test_a_defined_term_whose_head_no_lexicon_holds(nlp, term):
    text = (f'The fund was run by Skelgate Partners Ltd ("the {term}"). In 2022 Maravelle Capital offered to '
            f'acquire the {term} for $9 million.')
    assert _described_as(nlp, text, f"the {term}") == {"Skelgate Partners Ltd"}
    assert ("Maravelle Capital", "OFFERED_TO_ACQUIRE", "Skelgate Partners Ltd") in relation_names(nlp, text)


def test_an_undefined_capitalised_manager_is_no_mention(nlp):
    text = "Skelgate Partners Ltd hired staff. In 2022 the Manager of the year award went to Maravelle Capital."
    assert not _described_as(nlp, text, "the Manager") - {None}


# --- "the Post" after "the Skerrydown Post": a publication's last name word, alone after "the" ---------------------
@pytest.mark.parametrize("text, short", [
    ("The story ran in the Brulach Post on Monday. The Post reported that Tamsker Bank lent money to Dellbrook "
     "Markets.", "Post"),
    ("Fennimere Gazette covered the collapse. Later the Gazette wrote that Tamsker Bank had hidden losses.", "Gazette"),
    ("The Maravelle Tidings broke the news. On Friday the Tidings said Tamsker Bank owed Dellbrook Markets money.",
     "Tidings"),
])
def test_a_publications_last_name_word_after_the_is_the_publication(nlp, text, short):
    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    hosts = {name.get(m.entity) for m in g.mentions if m.text == short}
    assert len(hosts) == 1 and next(iter(hosts)).endswith(short) and next(iter(hosts)) != short


def test_two_publications_ending_alike_leave_the_short_form_alone(nlp):
    text = ("The Brulach Post and the Fennimere Post both covered it. The Post reported that Tamsker Bank lent "
            "money to Dellbrook Markets.")
    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    assert not {name.get(m.entity) for m in g.mentions if m.text == "Post"} & {"Brulach Post", "Fennimere Post"}


def test_a_short_form_reports_on_what_its_publication_reported(nlp):
    text = "The story ran in the Brulach Post. The Post reported that Tamsker Bank had moved client money abroad."
    assert ("Brulach Post", "REPORTED_ON", "Tamsker Bank") in relation_names(nlp, text)
