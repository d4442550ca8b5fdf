"""Round 11, translated company text (German, Dutch, Italian, Indian English): a legal form used as the
company's description ("the GmbH", "the AG", "the LLC"), the full stop of an abbreviation that ends no sentence
("EUR 8 Mio. in the GmbH", "approx. 55 percent"), a legal form that ends a sentence ("... to the GmbH."), a
legal form written with a small letter ("mbH"), and figures written the European or Indian way ("EUR 12,5
Mio.", "USD 1,2 Mrd.", "Rs 40 crore"). Names found nowhere else in the project."""
from __future__ import annotations

import pytest

from kg.extract import extract, load_nlp
from kg.extract.amounts import find_amounts
from tests.conftest import relation_names as relations


def _sentences(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents]


# --- a legal form as the company's description ---------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("firm, form", [
    ("Quellbrand Speicher GmbH", "GmbH"),
    ("Kaltrand Anlagen AG", "AG"),
    ("Maplestrand Holdings LLC", "LLC"),
    ("Ribbesford Vaults plc", "plc"),
])
def test_the_legal_form_stands_for_the_one_firm_of_that_form(nlp, firm, form):
    text = (f"{firm} is a custody company in Bremen. The {form} was founded in 2017 by Rainulf Achterdiek. "
            f"Ottervane Partners lent the {form} $20 million in 2023.")
    rels = relations(nlp, text)
    short = firm.rstrip(".")
    assert ("Rainulf Achterdiek", "FOUNDED", short) in rels
    assert ("Ottervane Partners", "LENT_TO", short) in rels


@pytest.mark.model
def test_a_legal_form_no_firm_bears_stands_for_nobody(nlp):
    text = ("Quellbrand Speicher GmbH is a custody company in Bremen. The AG was founded in 2017 by Rainulf "
            "Achterdiek.")
    assert not any(typ == "FOUNDED" for _, typ, _ in relations(nlp, text))


@pytest.mark.model
def test_of_two_firms_of_one_form_the_clause_subject_is_not_its_own_description(nlp):
    text = ("Quellbrand Speicher GmbH is a custody company in Bremen, founded by Rainulf Achterdiek. "
            "Sternholm Ventures GmbH invested $8 million in the GmbH in 2021.")
    rels = relations(nlp, text)
    assert ("Sternholm Ventures GmbH", "INVESTED_IN", "Quellbrand Speicher GmbH") in rels
    assert ("Sternholm Ventures GmbH", "INVESTED_IN", "Sternholm Ventures GmbH") not in rels


# --- an abbreviation's full stop ends no sentence ------------------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Sternholm Ventures GmbH had in 2021 invested EUR 8 Mio. in the company.",
    "The holding itself holds approx. 55 percent of all tokens in circulation.",
    "The loan of EUR 12,5 Mio. (approx. USD 13,4 Mio.), which the company granted to its parent, was not repaid.",
    "The fund lent ca. 40 per cent of its assets to Pellwick Handel BV.",
    "Deposits of Rs 40 crore resp. 12 per cent of the book were moved.",
])
def test_an_abbreviation_inside_a_sentence_does_not_end_it(nlp, sentence):
    assert _sentences(nlp, sentence) == [sentence]


@pytest.mark.model
@pytest.mark.parametrize("text, n", [
    ("He moved the money to the U.S. He then resigned.", 2),
    ("The fund was wound up in 2024. 2025 was quieter.", 2),
    ("Savers lost EUR 8 Mio.\n\nin the end the regulator stepped in.", 2),  # a blank line still ends it
])
def test_a_full_stop_before_a_capital_or_a_new_paragraph_still_ends_the_sentence(nlp, text, n):
    assert len(_sentences(nlp, text)) == n


@pytest.mark.model
@pytest.mark.parametrize("form", ["GmbH", "AG", "KGaA", "LLC", "SpA"])
def test_a_legal_form_ending_a_sentence_gives_back_the_full_stop(form):
    doc = load_nlp().make_doc(f"The money went to Pellwick Handel {form}. The bank said so.")
    assert form in [t.text for t in doc] and f"{form}." not in [t.text for t in doc]


@pytest.mark.model
def test_a_legal_form_with_a_small_first_letter_ends_the_name(nlp):
    text = ("Customer money went to the Vrolijk Beteiligungsgesellschaft mbH, a private company of the managing "
            "director, prosecutors said.")
    names = {e.name: e.type for e in extract(text, nlp=nlp).entities}
    assert names.get("Vrolijk Beteiligungsgesellschaft mbH") == "Organization"


# --- figures written the European or Indian way --------------------------------------------------------------
@pytest.mark.parametrize("text, value, usd", [
    ("EUR 12,5 Mio.", 12.5e6, None),
    ("USD 13,4 Mio.", 13.4e6, 13.4e6),
    ("EUR 1,2 Mrd.", 1.2e9, None),
    ("USD 45 Mio.", 45e6, 45e6),
    ("Rs 40 crore", 4e8, None),
    ("Rs. 3 lakh", 3e5, None),
    ("$1,500 million", 1.5e9, 1.5e9),  # three digits after the comma: thousands, as before
    ("$1,234,567", 1234567.0, 1234567.0),
])
def test_european_and_indian_figures(text, value, usd):
    (a,) = find_amounts(text)
    assert a.value == pytest.approx(value) and (a.usd == pytest.approx(usd) if usd else a.usd is None)


@pytest.mark.parametrize("text", ["Mrs 40 million people", "the Mrs. 3 lakh scheme", "5,6 and 7"])
def test_a_word_ending_in_rs_or_a_bare_list_is_no_rupee_amount(text):
    assert all(a.currency != "INR" for a in find_amounts(text))


# --- a bracketed gloss is no party; a compound noun names a body ---------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("text, gloss", [
    ("Prosecutors opened a case of breach of trust (Untreue) against Rainulf Achterdiek, the founder of "
     "Quellbrand Speicher GmbH.", "Untreue"),
    ("Quellbrand Speicher GmbH granted a shareholder loan (Gesellschafterdarlehen) to Kaltrand Anlagen AG.",
     "Gesellschafterdarlehen"),
    ("The regulator ordered a special audit (Sonderprüfung) at Quellbrand Speicher GmbH.", "Sonderprüfung"),
])
def test_a_bracketed_original_term_after_a_common_noun_is_no_party(nlp, text, gloss):
    names = {e.name for e in extract(text, nlp=nlp).entities}
    assert gloss not in names and "Quellbrand Speicher GmbH" in names


@pytest.mark.model
@pytest.mark.parametrize("text, name", [
    ("The supervisory authority (BaFin) fined Quellbrand Speicher GmbH.", "BaFin"),  # an acronym
    ("The shares are held by its parent (Kaltrand), run by Rainulf Achterdiek. Kaltrand denied any wrongdoing.",
     "Kaltrand"),  # met again: a name
])
def test_a_bracketed_acronym_or_a_name_met_again_stays(nlp, text, name):
    assert name in {e.name for e in extract(text, nlp=nlp).entities}


@pytest.mark.model
@pytest.mark.parametrize("name", ["Staatsanwaltschaft Bremen", "Bankhaus Sternholm", "Bremer Finanzpost",
                                  "Kaltrander Handelsgesellschaft"])
def test_a_compound_noun_naming_a_body_is_an_organisation(nlp, name):
    text = f"On Tuesday {name} said it had examined the accounts of Quellbrand Speicher GmbH."
    types = {e.name: e.type for e in extract(text, nlp=nlp).entities}
    assert types.get(name) == "Organization"


# --- a byline names its writer and paper, whatever its length --------------------------------------------------
@pytest.mark.model
@pytest.mark.parametrize("byline, writer, paper", [
    ("By Ilsa Pellingford | Wrenlow Monthly, December issue", "Ilsa Pellingford", "Wrenlow Monthly"),
    ("By Tobin Harrowdean-Okafor, Caskwell Gazzetta", "Tobin Harrowdean-Okafor", "Caskwell Gazzetta"),
    ("By Ilsa Pellingford", "Ilsa Pellingford", None),
])
def test_a_byline_names_a_person_and_a_paper(nlp, byline, writer, paper):
    text = (f"Lender Halts All Customer Withdrawals\n\n{byline}\n\nSternholm Ventures GmbH lent $5 million to Quellbrand "
            "Speicher GmbH, a firm run by Rainulf Achterdiek.")
    types = {e.name: e.type for e in extract(text, nlp=nlp).entities}
    assert types.get(writer) == "Person"
    assert paper is None or types.get(paper) == "Organization"
    assert not any(n.startswith("Lender") for n in types)


@pytest.mark.model
@pytest.mark.parametrize("title", ["The Quiet Maximalist", "Lender Halts Withdrawals", "Harbour Lights"])
def test_a_short_title_line_invents_no_party(nlp, title):
    text = f"{title}\n\nSternholm Ventures GmbH lent $5 million to Quellbrand Speicher GmbH, a firm run by Rainulf Achterdiek."
    names = {e.name for e in extract(text, nlp=nlp).entities}
    assert not any(w in n for n in names for w in title.split()[1:]), names
    assert {"Sternholm Ventures GmbH", "Quellbrand Speicher GmbH", "Rainulf Achterdiek"} <= names


@pytest.mark.model
def test_a_party_named_in_a_short_title_and_again_below_stays(nlp):
    text = "Ilsa Pellingford\n\nPellingford founded Quellbrand Speicher GmbH in 2009 and ran it until 2020."
    types = {e.name: e.type for e in extract(text, nlp=nlp).entities}
    assert types.get("Ilsa Pellingford") == "Person"


# --- a notice's issuing office is no party of the story; "the exchange known as X" names the exchange ---------
@pytest.mark.model
@pytest.mark.parametrize("issuer", ["Office of Foreign Assets Control", "Ministry of Economic Affairs",
                                    "Commission for Financial Services"])
@pytest.mark.parametrize("tail", ["the exchange known as Drummelow.io", "the exchange known as Drummelow"])
def test_an_exchange_known_as_a_name_is_not_the_notices_issuer(nlp, issuer, tail):
    text = (f"Today the {issuer} designated two individuals and five entities.\n\n"
            f"Drummelow Ltd runs {tail}. It was founded in 2019 by Farrandine Yellowlees.")
    ents = {e.name: set(e.aliases) for e in extract(text, nlp=nlp).entities}
    assert not any(a.startswith("Drummelow") for a in ents[issuer])
    assert "Drummelow Ltd" in ents


@pytest.mark.model
@pytest.mark.parametrize("text, alias", [
    ("Drummelow Capital, commonly known as DCX, lent $5 million to Sternholm Ventures.", "DCX"),
    ("Drummelow Capital (also known as Drummelow) lent $5 million to Sternholm Ventures.", "Drummelow"),
])
def test_an_alias_right_after_a_name_still_joins_it(nlp, text, alias):
    ents = {e.name: set(e.aliases) for e in extract(text, nlp=nlp).entities}
    assert alias in ents["Drummelow Capital"]


@pytest.mark.model
@pytest.mark.parametrize("title", ["Chief Executive Officer", "Managing Director", "General Counsel",
                                   "Chief Compliance Officer"])
def test_a_capitalised_job_title_is_no_name(nlp, title):
    text = (f"1. LANTHORNE, Ilsa; DOB 14 Mar 1984; {title}, Quivenbury Markets Ltd.\n\n"
            "Ilsa Lanthorne ran Quivenbury Markets Ltd from Cyprus.")
    names = {e.name for e in extract(text, nlp=nlp).entities}
    assert title not in names and "DOB" not in names
    assert "Quivenbury Markets Ltd" in names


@pytest.mark.model
def test_a_firm_named_with_a_role_word_stays(nlp):
    text = "Quivenbury Partners lent $5 million to Officer Holdings Ltd, a lender in Jersey."
    names = {e.name for e in extract(text, nlp=nlp).entities}
    assert {"Quivenbury Partners", "Officer Holdings Ltd"} <= names
