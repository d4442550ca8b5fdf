"""Round 10a entity precision on new registers: words the layout marks as labels (speaker labels, lines of
capitals, day names, degrees), common words in capitals (an acronym spelled out in lower case, a capitalised
plural class, a record or internal body) and places read off the parse (a place modifying a kind of firm, a
bracketed seat after a legal name, "a company of X", a later conjunct after "in"). Names found nowhere else in
the project."""
from __future__ import annotations

import pytest

from kg.extract import extract

pytestmark = pytest.mark.model


def _entities(nlp, text: str) -> dict:
    return {e.name: e.type for e in extract(text, nlp=nlp).entities}


# --- layout: speaker labels, a line of capitals ---
@pytest.mark.parametrize("label", ["HOST", "PRESENTER", "CALLER", "NEWSDESK"])
def test_a_capitalised_speaker_label_before_a_colon_is_no_name(nlp, label):
    text = (f"{label}: Tonight, savers at Tarvelle Bank want answers.\n"
            f"{label}: Who lent the money?\n"
            "Pellacott Wexbury: Quellmark Capital lent Tarvelle Bank forty million.\n")
    ents = _entities(nlp, text)
    assert label not in ents
    assert "Tarvelle Bank" in ents and "Quellmark Capital" in ents


def test_a_name_in_capitals_inside_a_sentence_stays(nlp):
    ents = _entities(nlp, "On Monday KESTROW said it had lent $5 million to Tarvelle Bank.")
    assert "KESTROW" in ents


@pytest.mark.parametrize("line", ["CONFIDENTIAL - DRAFT", "PRIVILEGED AND CONFIDENTIAL", "INTERNAL / SENSITIVE"])
def test_one_word_of_a_line_of_capitals_is_a_label(nlp, line):
    ents = _entities(nlp, f"{line}\nSubject: Brenthaven Markets Ltd\nBrenthaven Markets Ltd borrowed $3 million from Quellmark Capital.")
    assert not any(w in ents for w in line.replace("-", " ").replace("/", " ").split())
    assert "Brenthaven Markets Ltd" in ents


# --- day names and degrees ---
@pytest.mark.parametrize("day", ["Tues", "Thurs", "Fri", "Wednesday"])
def test_a_lone_day_name_is_no_name(nlp, day):
    ents = _entities(nlp, f"Sennick Harlowmere has not said a word about Varrowgate Finance since {day}.")
    assert day not in ents
    assert "Varrowgate Finance" in ents


@pytest.mark.parametrize("day", ["Friday", "Monday"])
def test_a_day_name_opening_a_run_is_no_part_of_the_name(nlp, day):
    ents = _entities(nlp, f"Talks dragged on. On the {day} Quellmark Capital walked away from Tarvelle Bank.")
    assert "Quellmark Capital" in ents
    assert not any(n.startswith(day) for n in ents)


@pytest.mark.parametrize("degree", ["MBA", "PhD", "MSc"])
def test_a_degree_is_no_party(nlp, degree):
    ents = _entities(nlp, f"Sennick Harlowmere earned a {degree} in 2004 and later founded Varrowgate Finance.")
    assert degree not in ents
    assert "Varrowgate Finance" in ents


# --- common words in capitals ---
@pytest.mark.parametrize("phrase, acronym", [
    ("chief liquidity officer", "CLO"),
    ("independent review panel", "IRP"),
    ("debtor-in-possession", "DIP"),
])
def test_an_acronym_the_article_spells_out_in_lower_case_is_no_name(nlp, phrase, acronym):
    text = (f"Brenthaven Markets Ltd named Pellacott Wexbury its {phrase} in May. "
            f"The {acronym} said Brenthaven Markets Ltd owed $9 million to Quellmark Capital.")
    ents = _entities(nlp, text)
    assert acronym not in ents
    assert "Quellmark Capital" in ents


def test_an_acronym_of_capitalised_words_stays(nlp):
    text = "Tuskvale Ambrell Holdings (TOH) owns Brenthaven Markets Ltd. TOH lent it $2 million."
    ents = _entities(nlp, text)
    assert "Tuskvale Ambrell Holdings" in ents


def test_a_capitalised_plural_defining_a_lower_case_class_is_no_name(nlp):
    text = ('Brenthaven Markets Ltd and its four affiliated borrowers (together, the "Borrowers") owe '
            "$12 million to Quellmark Capital. The Borrowers have no cash.")
    ents = _entities(nlp, text)
    assert "Borrowers" not in ents
    assert "Quellmark Capital" in ents


@pytest.mark.parametrize("body", ["Credit Committee", "Land Registry", "Share Register"])
def test_a_capitalised_record_or_internal_body_is_no_party(nlp, body):
    ents = _entities(nlp, f"The {body} of Tarvelle Bank noted that Kestrow Holdings owns Varrowgate Finance.")
    assert body not in ents
    assert "Varrowgate Finance" in ents


# --- places read off the parse ---
@pytest.mark.parametrize("text, place, firm", [
    ("It sent $4 million to Pellacott Yachting, a Tuskvale charter business, in March.", "Tuskvale", "Pellacott Yachting"),
    ("The Orrindale firm Quellmark Capital, which owns Tarvelle Bank, said nothing.", "Orrindale", "Quellmark Capital"),
])
def test_a_one_word_place_modifying_a_kind_of_firm_is_no_party(nlp, text, place, firm):
    ents = _entities(nlp, text)
    assert place not in ents
    assert firm in ents


def test_an_owner_modifying_an_owned_kind_stays(nlp):
    ents = _entities(nlp, "It sent $4 million to Pellacott Custody Ltd, a Kestrow subsidiary, in March.")
    assert "Kestrow" in ents


@pytest.mark.parametrize("suffix", ["UAB", "Ltd", "GmbH"])
def test_a_bracketed_word_after_a_legal_name_is_its_seat(nlp, suffix):
    text = f"Group companies:\n- Varrowgate Europe {suffix} (Orrindale) - wholly owned by Kestrow Holdings.\n"
    ents = _entities(nlp, text)
    assert "Orrindale" not in ents
    assert f"Varrowgate Europe {suffix}" in ents


@pytest.mark.parametrize("text, place", [
    ("Money was sent from Tarvelle Bank to a company of Tuskvale, Pellacott Markets Ltd., in June.", "Tuskvale"),
    ("The newspaper Dallenmoor Tidings, of Wexbury, first reported that Tarvelle Bank owed money.", "Wexbury"),
    ("The society was constituted in Calverholt in 2019 by Sennick Harlowmere.", "Calverholt"),
    ("Sennick Harlowmere founded Varrowgate Finance; he lives in Orrindale and Calverholt.", "Calverholt"),
])
def test_places_after_of_constituted_in_and_a_later_conjunct(nlp, text, place):
    assert place not in _entities(nlp, text)


# --- the layout the pipeline reads: a speaker's turn is never a wrapped line ---
def test_a_speaker_turn_keeps_its_line_break_while_wrapped_prose_is_joined():
    from kg.extract.paragraphs import prose_text

    text = ("HOST: Tonight savers at Tarvelle Bank want to know where their money went and\n"
            "who lent it to the bank before the freeze last week, says our reporter.\n"
            "HOST: Who lent the money?\n")
    out = prose_text(text)
    assert len(out) == len(text)
    assert out.split("\n")[0].endswith("who lent it to the bank before the freeze last week, says our reporter.")
    assert out.split("\n")[1] == "HOST: Who lent the money?"


def test_the_person_a_speaker_addresses_is_no_party(nlp):
    text = ("HOST: Good evening.\n\nREPORTER: Ysoldine, it has been a long day. Quellmark Capital lent Tarvelle Bank "
            "forty million dollars.\n")
    ents = _entities(nlp, text)
    assert "Ysoldine" not in ents
    assert "Quellmark Capital" in ents


def test_a_name_described_at_a_turn_start_stays(nlp):
    text = "HOST: Good evening.\n\nREPORTER: Quellmark, the lender, said it lent Tarvelle Bank forty million dollars.\n"
    assert "Quellmark" in _entities(nlp, text)


# --- a legal form closes one firm's name, when the model reads it as two abutting names ---
@pytest.mark.parametrize("first, second, joined", [
    ("Grupo Calverholt", "Tuskvale S.L.", True),
    ("Sociedad Inversora", "Wexbury S.A.", True),
    ("Ambrell Orrindale", "Beheer GmbH", True),
    ("Sennick Harlowmere", "Wexbury Capital", False),  # no legal form: two names stay two
    ("Kestrow Ltd", "Tuskvale S.L.", False),  # the first already closed by its legal form
])
def test_a_name_ending_in_a_legal_form_joins_the_name_it_abuts(nlp, first, second, joined):
    from spacy.tokens import Span

    from kg.extract.entities import _legal_names_joined

    doc = nlp.make_doc(f"The rest belongs to {first} {second} now.")
    words = [t.text for t in doc]
    a = words.index(first.split()[0])
    b = a + len(first.split())
    e = b + len(nlp.make_doc(second))
    doc.ents = [Span(doc, a, b, label="ORG"), Span(doc, b, e, label="PERSON")]
    spans = [(s.start, s.end) for s in _legal_names_joined(doc)]
    assert spans == ([(a, e)] if joined else [(a, b), (b, e)])


def _line_by_walking(doc, k):
    """The line of token k found by walking from k: the reference the per-Doc bounds must agree with."""
    s = k
    while s > 0 and "\n" not in doc[s - 1].whitespace_ and "\n" not in doc[s - 1].text:
        s -= 1
    e = k + 1
    while e < len(doc) and "\n" not in doc[e - 1].whitespace_ and "\n" not in doc[e].text:
        e += 1
    return s, e


@pytest.mark.parametrize("text", [
    "ANCHOR: Good evening.\nREPORTER: Thank you, Ilse.\n",
    "one line only",
    "\n\nleading blank lines\nand a last line",
    "trailing newline\n",
    "a\n\n\nb  c\n \n d",
    "1/ first post\n2/ second post\n\n3/ third",
])
def test_line_bounds_agree_with_walking_the_line(text):
    import spacy
    from kg.extract import entities as E

    doc = spacy.blank("en")(text)
    assert [E._line_of(doc, k) for k in range(len(doc))] == [_line_by_walking(doc, k) for k in range(len(doc))]
