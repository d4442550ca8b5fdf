"""Round 8 relation constructions from the weakest new registers (timelines, explainers, podcast and call
transcripts, annual-report notes), each on a family of sentences whose names are found nowhere else in the
project, with the near misses that must not yield them."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model


# --- "X is a platform, started in 2019 by A": the participle describes the copula's subject -------------------
@pytest.mark.parametrize("text", [
    "Vantrelle Bank is a lending platform, started in 2019 by Oskar Mirrendal and Ines Quorsby.",
    "Vantrelle Bank is a lending platform set up by Oskar Mirrendal in Oslo.",
    "So Vantrelle Bank is a crypto lender, founded in 2011 by Oskar Mirrendal.",
])
def test_a_founding_participle_on_a_copula_complement(nlp, text):
    assert ("Oskar Mirrendal", "FOUNDED", "Vantrelle Bank") in relations(nlp, text)


def test_another_participle_on_a_copula_complement_founds_nothing(nlp):
    rels = relations(nlp, "Vantrelle Bank is a lending platform, praised in 2019 by Oskar Mirrendal.")
    assert not any(r[1] == "FOUNDED" for r in rels)


# --- verbless fragments: "Founders: A and B.", "An exchange, set up by A." -> the article's firm -----------------
@pytest.mark.parametrize("text", [
    "Vantrelle Bank froze withdrawals. Founders: Oskar Mirrendal and Ines Quorsby.",
    "March 2019: Vantrelle Bank opens in Oslo. Founders: Oskar Mirrendal, a former trader, and Ines Quorsby.",
    "Vantrelle Bank froze withdrawals. What is Vantrelle Bank? A lending platform, set up in 2019 by "
    "Oskar Mirrendal and Ines Quorsby in Oslo.",
])
def test_a_verbless_fragment_names_the_articles_firm(nlp, text):
    rels = relations(nlp, text)
    assert ("Oskar Mirrendal", "FOUNDED", "Vantrelle Bank") in rels
    assert ("Ines Quorsby", "FOUNDED", "Vantrelle Bank") in rels


@pytest.mark.parametrize("text", [
    "Vantrelle Bank froze withdrawals. Critics: Oskar Mirrendal and Ines Quorsby.",
    "Vantrelle Bank froze withdrawals. A lending platform, audited in 2019 by Oskar Mirrendal.",
    # the fragment names a firm of its own: not the article's
    "Vantrelle Bank froze withdrawals. Founders: Oskar Mirrendal of Pellworth Capital.",
])
def test_fragments_that_found_nothing_at_the_articles_firm(nlp, text):
    rels = relations(nlp, text)
    assert not any(r[1] == "FOUNDED" and r[2] == "Vantrelle Bank" for r in rels)


# --- the headline names the article's firm when two firms are named about as often ------------------------------
def test_the_headline_breaks_a_tie_for_the_articles_firm(nlp):
    text = ("Vantrelle Bank: the rise and fall\n\nVantrelle Bank lent money to Yarrowick Capital. Yarrowick Capital "
            "repaid Vantrelle Bank late. Yarrowick Capital then closed. Founders: Oskar Mirrendal and Ines Quorsby.")
    assert ("Oskar Mirrendal", "FOUNDED", "Vantrelle Bank") in relations(nlp, text)


def test_a_headline_naming_neither_firm_leaves_a_tie_open(nlp):
    text = ("The rise and fall\n\nVantrelle Bank lent money to Yarrowick Capital. Yarrowick Capital "
            "repaid Vantrelle Bank late. Founders: Oskar Mirrendal and Ines Quorsby.")
    assert not any(r[1] == "FOUNDED" for r in relations(nlp, text))


# --- "X failed to repay a loan from Y": who owes a loan is its borrower -------------------------------------------
@pytest.mark.parametrize("text", [
    "Yarrowick Capital failed to repay a $75 million loan from Vantrelle Bank.",
    "Yarrowick Capital repaid the loan from Vantrelle Bank in June.",
    "Yarrowick Capital could not service a $9 million facility from Vantrelle Bank.",
])
def test_the_debtor_of_a_loan_from_a_lender_borrowed_it(nlp, text):
    assert ("Vantrelle Bank", "LENT_TO", "Yarrowick Capital") in relations(nlp, text)


def test_criticising_a_loan_from_a_lender_borrows_nothing(nlp):
    rels = relations(nlp, "Yarrowick Capital criticised a $75 million loan from Vantrelle Bank to Pellworth Capital.")
    assert ("Vantrelle Bank", "LENT_TO", "Pellworth Capital") in rels
    assert ("Vantrelle Bank", "LENT_TO", "Yarrowick Capital") not in rels


# --- "X's founders, A and B, ...": names set off after a plural title, parsed as its coordinates ------------------
@pytest.mark.parametrize("text", [
    "Vantrelle Bank's founders, Oskar Mirrendal and Ines Quorsby, keep majority control between them.",
    "Regulators questioned Vantrelle Bank's founders, Oskar Mirrendal and Ines Quorsby, in May.",
])
def test_names_after_a_plural_title_hold_it(nlp, text):
    rels = relations(nlp, text)
    assert ("Oskar Mirrendal", "FOUNDED", "Vantrelle Bank") in rels
    assert ("Ines Quorsby", "FOUNDED", "Vantrelle Bank") in rels


def test_a_name_coordinated_with_a_plural_title_without_a_comma_holds_nothing(nlp):
    rels = relations(nlp, "Vantrelle Bank's founders and Oskar Mirrendal met in June.")
    assert not any(r[0] == "Oskar Mirrendal" and r[1] == "FOUNDED" for r in rels)


# --- "X takes the chief executive title": a title named as the role a person takes or holds ----------------------
@pytest.mark.parametrize("text", [
    "Oskar Mirrendal takes the chief executive title at Vantrelle Bank.",
    "Vantrelle Bank froze withdrawals. Oskar Mirrendal assumed the chairman role in May.",
    "Vantrelle Bank froze withdrawals. Oskar Mirrendal will keep the chief executive post.",
])
def test_taking_a_titled_role_leads(nlp, text):
    assert ("Oskar Mirrendal", "LEADS", "Vantrelle Bank") in relations(nlp, text)


@pytest.mark.parametrize("text", [
    "Vantrelle Bank froze withdrawals. Oskar Mirrendal criticised the chairman role.",
    "Vantrelle Bank froze withdrawals. Oskar Mirrendal wants the chief executive title abolished.",
])
def test_speaking_of_a_titled_role_leads_nothing(nlp, text):
    assert not any(r[1] == "LEADS" for r in relations(nlp, text))


# --- "X led the Series B": a round no party is named as owning is the article's firm's ---------------------------
_ABOUT_VANTRELLE = "Vantrelle Bank: a timeline\n\nVantrelle Bank froze withdrawals in May. Vantrelle Bank blamed a hack. "


@pytest.mark.parametrize("sentence", [
    "Pellworth Capital led the Series B in 2022.",
    "Pellworth Capital led the funding round, they put in $40 million.",
    "Last year Pellworth Capital also led the $12 million round.",
])
def test_an_unowned_round_is_the_articles_firms(nlp, sentence):
    assert ("Pellworth Capital", "INVESTED_IN", "Vantrelle Bank") in relations(nlp, _ABOUT_VANTRELLE + sentence)


@pytest.mark.parametrize("sentence", [
    "Pellworth Capital led the investigation in 2022.",
    "Pellworth Capital joined the protest.",
])
def test_leading_something_other_than_a_round_invests_nothing(nlp, sentence):
    assert not any(r[1] == "INVESTED_IN" for r in relations(nlp, _ABOUT_VANTRELLE + sentence))


def test_a_round_owned_by_another_firm_is_not_the_articles(nlp):
    rels = relations(nlp, _ABOUT_VANTRELLE + "Pellworth Capital led Yarrowick Capital's funding round.")
    assert ("Pellworth Capital", "INVESTED_IN", "Yarrowick Capital") in rels
    assert ("Pellworth Capital", "INVESTED_IN", "Vantrelle Bank") not in rels


def test_a_one_name_labelled_fragment_names_the_articles_firm(nlp):
    assert ("Oskar Mirrendal", "FOUNDED", "Vantrelle Bank") in relations(nlp, _ABOUT_VANTRELLE + "Founder: Oskar Mirrendal.")


# --- "VTX is the token Vantrelle issued": the object a relative clause without "that" leaves out ----------------
@pytest.mark.parametrize("text", [
    "VTX is the token Vantrelle Bank issued in 2021.",
    "VTX is the token Vantrelle Bank issued in 2021, marketed to users as a way to cut fees.",
    "Traders dumped VTX, a coin Vantrelle Bank launched in May.",
])
def test_a_token_a_gapped_relative_clause_says_was_issued(nlp, text):
    assert ("Vantrelle Bank", "ISSUED", "VTX") in relations(nlp, text)


def test_a_token_a_firm_bought_was_not_issued_by_it(nlp):
    rels = relations(nlp, "VTX is the token Vantrelle Bank bought in 2021.")
    assert not any(r[1] == "ISSUED" for r in rels)


# --- a description the mention layer resolved ("the Group's main subsidiary") is the firm it stands for ----------
def _with_mentions(nlp, text, mentions):
    """``text`` parsed, its mentions set by hand: (words, label, entity, kind) each; the relations then read."""
    from spacy.tokens import Span

    from kg.extract.relations import MENTIONS_KEY, _default_extractor, extract_relations

    doc = nlp(text)
    spans = []
    for words, label, entity, kind in mentions:
        n = len(words)
        start = next(i for i in range(len(doc)) if [t.text for t in doc[i:i + n]] == words)
        sp = Span(doc, start, start + n, label=label)
        sp._.kg_entity, sp._.kg_mention_kind = entity, kind
        spans.append(sp)
    doc.spans[MENTIONS_KEY] = spans
    return {(r.source, r.type, r.target) for r in extract_relations(doc, _default_extractor(doc.vocab))}


@pytest.mark.parametrize("text, description", [
    # the parser hangs the description as a clause's subject or a stray modifier, not as the name's apposition
    ("Amid doubts over the loans of Yarrowick Markets Limited, the Group's largest subsidiary, customer withdrawals "
     "rose sharply.", ["largest", "subsidiary"]),
    ("Following rumours about the solvency of Yarrowick Markets Limited (\"YML\"), the Group's main lending "
     "subsidiary, deposits fell.", ["main", "lending", "subsidiary"]),
])
def test_a_resolved_subsidiary_description_is_the_subsidiary(nlp, text, description):
    rels = _with_mentions(nlp, text, [
        (["Yarrowick", "Markets", "Limited"], "Organization", "org:yarrowick", "name"),
        (["Group"], "Organization", "org:vantrelle", "description"),
        (description, "Organization", "org:yarrowick", "description"),
    ])
    assert ("org:yarrowick", "SUBSIDIARY_OF", "org:vantrelle") in rels


def test_a_description_headed_by_another_noun_is_no_subsidiary(nlp):
    rels = _with_mentions(nlp, "After complaints about the Group's subsidiary lender, the regulator acted.", [
        (["Group"], "Organization", "org:vantrelle", "description"),
        (["subsidiary", "lender"], "Organization", "org:yarrowick", "description"),
    ])
    assert not any(r[1] == "SUBSIDIARY_OF" for r in rels)


# --- "Y, X's banking partner", "X's custodian, Y": X keeps its money or assets with Y -----------------------------
@pytest.mark.parametrize("text", [
    "Brantoft Bank, Vantrelle Bank's banking partner, froze the accounts.",
    "Vantrelle Bank's custodian, Yarrowick Capital, declined to comment.",
    "Regulators called Yarrowick Capital, Vantrelle Bank's custodian.",
])
def test_a_firms_bank_or_custodian_holds_its_money(nlp, text):
    rels = relations(nlp, text)
    assert any(r[0] == "Vantrelle Bank" and r[1] == "DEPOSITED_WITH" for r in rels)


def test_another_kind_of_partner_holds_nothing(nlp):
    rels = relations(nlp, "Yarrowick Capital, Vantrelle Bank's advertising partner, froze the accounts.")
    assert not any(r[1] == "DEPOSITED_WITH" for r in rels)


# --- spoken "A's still chief executive": the "'s" is "is" ---------------------------------------------------------
_TWICE_VANTRELLE = "Vantrelle Bank froze withdrawals. Vantrelle Bank blamed a hack. "


@pytest.mark.parametrize("sentence", [
    "Oskar Mirrendal's still chief executive.",
    "Oskar Mirrendal's now chairman, on paper anyway.",
])
def test_a_contracted_is_before_a_title_gives_its_holder(nlp, sentence):
    assert ("Oskar Mirrendal", "LEADS", "Vantrelle Bank") in relations(nlp, _TWICE_VANTRELLE + sentence)


@pytest.mark.parametrize("sentence", [
    "Oskar Mirrendal's former chief executive.",  # a possessor: the person's own former chief executive
    "Oskar Mirrendal's chief executive.",
])
def test_a_possessive_before_a_title_is_not_its_holder(nlp, sentence):
    assert not any(r[1] == "LEADS" for r in relations(nlp, _TWICE_VANTRELLE + sentence))
