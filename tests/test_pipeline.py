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
