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
