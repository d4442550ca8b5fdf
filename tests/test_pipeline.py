"""Pipeline assembly: model choice, chunking of long articles, offsets that survive chunking."""
from __future__ import annotations

import pytest

from kg.errors import ModelError
from kg.extract import chunks, extract, load_nlp


def test_chunks_tile_the_text_exactly_and_cut_at_paragraphs():
    text = "".join(f"Paragraph {i} says that Firm{i} lent money to Firm{i + 1}.\n\n" for i in range(3000))
    parts = chunks(text, size=10_000)
    assert "".join(p for _, p in parts) == text
    assert all(text[o : o + len(p)] == p for o, p in parts)
    assert all(len(p) <= 10_000 for _, p in parts)
    assert all(p.endswith("\n\n") for _, p in parts[:-1])


def test_chunks_fall_back_to_spaces_then_hard_cuts():
    one_sentence = "word " * 5000
    parts = chunks(one_sentence, size=1000)
    assert "".join(p for _, p in parts) == one_sentence and all(len(p) <= 1000 for _, p in parts)
    no_spaces = "x" * 2500
    assert [len(p) for _, p in chunks(no_spaces, size=1000)] == [1000, 1000, 500]


def test_an_unknown_model_is_one_clear_error(monkeypatch):
    with pytest.raises(ModelError, match="no_such_pipeline_xyz"):
        load_nlp("no_such_pipeline_xyz")


@pytest.mark.model
def test_evidence_offsets_survive_chunking(nlp, monkeypatch):
    import kg.extract as ex

    para = "Halcrest Partners lent $3 million to Vormund Shipping, the carrier founded by Petra Lindqvist.\n\n"
    text = para * 40
    monkeypatch.setattr(ex, "CHUNK_CHARS", 1000)
    pieces = []
    real_chunks = ex.chunks
    monkeypatch.setattr(ex, "chunks", lambda t, size=None: pieces.extend(real_chunks(t, size)) or real_chunks(t, size))
    g = extract(text, nlp=nlp)
    assert len(pieces) >= 4
    lent = [r for r in g.relations if r.type == "LENT_TO"]
    assert len(lent) == 1 and len(lent[0].evidence) == 40
    for ev in lent[0].evidence:
        assert text[ev.start : ev.end] == ev.sentence
    assert len({ev.start for ev in lent[0].evidence}) == 40


def test_a_status_the_relation_type_cannot_carry_is_dropped():
    import spacy

    from kg.extract import graph_from_doc
    from kg.extract.graphdata import graph_data  # noqa: F401  (registers doc._.kg_graph)
    from kg.model import Article

    doc = spacy.blank("en")("Orla Venn withdrew from Tesk. Tesk withdrew its offer for Brill.")
    ev = {"article": "", "sentence": "Orla Venn withdrew from Tesk.", "start": 0, "end": 29, "status": "withdrawn"}
    offer_ev = {**ev, "sentence": "Tesk withdrew its offer for Brill.", "start": 30, "end": 64}
    rel = {"source": "p", "target": "o", "type": "CONTROLS", "amount_usd": None, "amount_text": None, "status": "withdrawn", "confidence": 0.6}
    offer = {**rel, "source": "o", "target": "b", "type": "OFFERED_TO_ACQUIRE"}
    doc._.kg_graph = {"entities": [], "mentions": [], "relations": [{**rel, "evidence": [ev]}, {**offer, "evidence": [offer_ev]}]}
    g = graph_from_doc(doc, Article.from_text(doc.text, "x.txt"))
    control, bid = g.relations
    assert control.status is None and control.evidence[0].status is None
    assert bid.status == "withdrawn" and bid.evidence[0].status == "withdrawn"
    assert control.evidence[0].article == g.article.id
