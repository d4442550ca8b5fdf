"""The typed values and their merging rules (pure)."""
from __future__ import annotations

import spacy

from kg.model import Entity, Evidence, Relation, display_name, merge_entity, merge_relation, merge_status


def test_display_name_prefers_a_real_name_over_legal_suffixes_web_addresses_and_descriptions():
    assert display_name(["FTX", "FTX Trading Ltd", "FTX.com", "the exchange"], "Organization") == "FTX"
    assert display_name(["Alameda", "Alameda Research"], "Organization") == "Alameda Research"
    assert display_name(["Brask", "Brask Capital LLC", "Brask Capital"], "Organization") == "Brask Capital"
    assert display_name(["Mr. Okafor", "Okafor", "Chidi Okafor", "CO"], "Person") == "Chidi Okafor"
    assert display_name(["QMK", "QMK token", "the token"], "Token") == "QMK"
    assert display_name(["Veltro customers", "customers"], "Group", "Veltro customers") == "Veltro customers"
    assert display_name(["the firm"], "Organization", "the firm") == "the firm"


def test_merge_entity_keeps_every_alias_and_the_id():
    a = Entity("organization:ftx-trading-ltd", "FTX Trading Ltd", "Organization", ["FTX Trading Ltd"])
    b = Entity("organization:ftx", "FTX", "Organization", ["FTX", "the exchange"])
    m = merge_entity(a, b)
    assert m.id == a.id and m.name == "FTX"
    assert m.aliases == ["FTX", "FTX Trading Ltd", "the exchange"]


def test_merge_relation_accumulates_evidence_once_and_keeps_the_strongest_status():
    e1 = Evidence("a1", "A lent $5m to B.", 0, 16)
    e2 = Evidence("a2", "A allegedly lent $7m to B.", 10, 36, "alleged")
    old = Relation("a", "b", "LENT_TO", [e1], 5e6, "$5m", None, 0.6)
    new = Relation("a", "b", "LENT_TO", [e2, e1], 7e6, "$7m", "alleged", 0.8)
    m = merge_relation(old, new)
    assert [e.article for e in m.evidence] == ["a1", "a2"]
    assert (m.amount_usd, m.amount_text, m.confidence) == (7e6, "$7m", 0.8)
    assert m.status is None  # stated plainly once: more than an allegation
    withdrawn = Relation("a", "b", "LENT_TO", [Evidence("a3", "A withdrew.", 0, 11, "withdrawn")])
    assert merge_relation(m, withdrawn).status == "withdrawn"


def test_merge_status_precedence():
    assert merge_status(["alleged", "planned"]) == "planned"
    assert merge_status(["alleged", None, "denied"]) == "denied"
    assert merge_status(["alleged", "alleged"]) == "alleged"
    assert merge_status([]) is None


def test_blank_lines_end_sentences_before_the_parser():
    from kg.extract.paragraphs import paragraph_boundaries

    nlp = spacy.blank("en")
    doc = nlp("Veltro lends to Brask\n\nVeltro lent $5m to Brask. It said so.")
    doc = paragraph_boundaries(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:2] == ["Veltro", "Veltro"]


def _claims(spec):
    """(article, amount, status, source, date) -> Claims."""
    from kg.model import Claim

    return [Claim(a, f"s{i}", i, i + 1, st, src, d, amt, amt, "USD" if amt else None, f"${amt:,.0f} ({a})" if amt else None, 0.5)
            for i, (a, amt, st, src, d) in enumerate(spec)]


FAMILIES = [
    [("a1", 8e9, None, "The Wall Street Journal", "2021"), ("a2", 1e10, "alleged", "a court filing", None)],
    [("a1", 1e8, None, None, None), ("a1", 9.5e7, "alleged", None, "2022-11"), ("a2", None, "denied", "Brask", "2022-11-08")],
    [("a3", None, None, None, None)],
    [("a2", 1e10, None, None, None), ("a1", 1e10, None, "X", None), ("a3", 1e10, "alleged", None, None)],  # a tie: texts differ
    [("a1", 5e6, "planned", "Reuters", "2020"), ("a2", 5e6, "planned", "Reuters", "2019"), ("a3", 4e6, "withdrawn", None, None)],
]


def test_edge_summary_folds_article_by_article_to_the_same_answer_as_all_at_once():
    from itertools import permutations

    from kg.model import EdgeSummary

    for spec in FAMILIES:
        claims = _claims(spec)
        whole = EdgeSummary.of_claims(claims)
        arts = sorted({c.article for c in claims})
        for order in permutations(arts):
            folded = EdgeSummary()
            for a in order:
                folded = folded.combine(EdgeSummary.of_claims([c for c in claims if c.article == a]))
            assert folded == whole, (spec, order)
        assert EdgeSummary.from_row({p: whole.value(p) for p in ("claims", "articles", "own_voice", "source_names", "amount_min",
                                     "amount_max", "amount_text", "status_summary", "first_date", "last_date", "confidence")}) == whole
        assert whole.claims == len(claims) and whole.articles == len(arts)


def test_edge_summary_counts_sources_statuses_conflicts_and_dates():
    from kg.model import EdgeSummary

    wsj_vs_filing, own_voice, single, tie, planned = (EdgeSummary.of_claims(_claims(s)) for s in FAMILIES)
    assert tie.amount_text == "$10,000,000,000 (a1)" and not tie.amount_conflict
    assert wsj_vs_filing.amount_conflict and wsj_vs_filing.sources == 2 and wsj_vs_filing.status is None
    assert not own_voice.amount_conflict  # $95m against $100m: within 10%
    assert own_voice.sources == 2 and own_voice.source_names == ("Brask",)  # a1 in its own voice, Brask
    assert own_voice.status == "denied" and own_voice.status_summary == "alleged 1, denied 1, stated 1"
    assert (own_voice.first_date, own_voice.last_date) == ("2022-11", "2022-11-08")
    assert single.amount_min is None and not single.amount_conflict and single.sources == 1
    assert planned.status == "withdrawn" and planned.status_summary == "planned 2, withdrawn 1"
    assert planned.sources == 2 and planned.amount_conflict  # $4m against $5m
    assert (planned.first_date, planned.last_date) == ("2019", "2020")


def test_relation_claims_take_the_relations_amount_and_status_only_when_no_claim_says_its_own():
    e1 = Evidence("a1", "A lent $5m to B.", 0, 16)
    r = Relation("a", "b", "LENT_TO", [e1], 5e6, "$5m", "alleged", 0.6)
    (c,) = r.claims
    assert (c.amount_usd, c.amount_text, c.status, c.confidence) == (5e6, "$5m", "alleged", 0.6)
    own = Evidence("a2", "A lent $7m to B.", 0, 16, amount_usd=7e6, amount_text="$7m")
    r2 = Relation("a", "b", "LENT_TO", [e1, own], 7e6, "$7m")
    assert [c.amount_usd for c in r2.claims] == [None, 7e6]
