"""Property-based fuzzing of extraction, resolution and names with arbitrary Unicode: never an exception,
entity ids always non-empty and safe, evidence always the article text between its offsets."""
from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import names
from kg.model import Article, ArticleGraph, Entity, Evidence, Mention, Relation
from kg.resolve import Resolver, entity_id, find

SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$")
ENTITY_TYPES = ["Person", "Organization", "Token", "Group"]
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "60"))  # raise it for a longer hunt
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces of news prose, so that generated text reaches the relation patterns and not only the tokenizer.
WORDS = [
    "Torvane Holdings", "Pellucid Labs", "Ines Okonjo", "Okonjo", "FTX", "FTX.US", "Alameda Research", "SBF",
    "Sam Bankman-Fried", "Benkman-Fried", "customers", "the exchange", "its founder", "she", "it", "lent", "lends",
    "transferred", "deposited with", "invested in", "owns", "controls", "founded", "acquired", "offered to buy",
    "issued", "holds", "FTT", "allegedly", "denied", "withdrew", "plans to", "$12 million", "$1.5bn", "€40m",
    "10 billion dollars", "to", "from", "and", "by", "of", "the", "was", "said", ",", ".", ";", "\n", "\n\n", "—",
    "\u201c", "\u201d", "'s", "(", ")", "Inc.", "Ltd", "Mr.", "Dr.", "U.S.", "e.g.", "...", "<p>", "`", '"', "'",
]
prose = st.lists(st.sampled_from(WORDS) | st.text(min_size=1, max_size=12), min_size=1, max_size=60).map(" ".join)
unicode_text = st.text(min_size=0, max_size=400)
article_text = st.one_of(unicode_text, prose, st.tuples(prose, unicode_text, prose).map("".join))


def check_graph(text: str, graph: ArticleGraph) -> None:
    ids = {e.id for e in graph.entities}
    for e in graph.entities:
        assert e.id and SAFE_ID.match(e.id), e.id
        assert e.type in ENTITY_TYPES and e.name, e
    for r in graph.relations:
        assert r.source in ids and r.target in ids, r
        assert r.evidence, r
        assert 0.0 <= r.confidence <= 1.0
        for ev in r.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
            assert text[ev.start : ev.end] == ev.sentence, (ev, text[ev.start : ev.end])
            assert ev.article == graph.article.id
    for m in graph.mentions:
        assert 0 <= m.start <= m.end <= len(text)


@pytest.mark.model
@FUZZ
@given(text=article_text)
def test_extraction_never_fails_and_evidence_slices_the_text(nlp, text):
    from kg.extract import extract

    graph = extract(text, nlp=nlp)
    check_graph(text, graph)


@pytest.mark.model
@settings(max_examples=max(1, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(prose, min_size=2, max_size=6), size=st.integers(min_value=40, max_value=400))
def test_chunked_extraction_keeps_offsets_in_the_whole_article(nlp, paragraphs, size):
    """Articles longer than a chunk are cut and the evidence shifted back; small chunks make it happen here."""
    import functools

    from kg import extract as ex

    text = "\n\n".join(paragraphs)
    original = ex.chunks
    ex.chunks = functools.partial(original, size=size)
    try:
        assert len(ex.chunks(text)) > 1 or len(text) <= size
        graph = ex.extract(text, nlp=nlp)
    finally:
        ex.chunks = original
    check_graph(text, graph)


@FUZZ
@given(text=st.text(max_size=2000), size=st.integers(min_value=1, max_value=300))
def test_chunks_tile_the_text_exactly(text, size):
    from kg.extract import chunks

    pieces = chunks(text, size)
    assert "".join(p for _, p in pieces) == text
    offset = 0
    for o, p in pieces:
        assert o == offset and len(p) <= size
        offset += len(p)


names_text = st.text(max_size=60) | st.sampled_from(WORDS) | st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z.\-']{0,8}){0,3}", fullmatch=True)


@FUZZ
@given(type=st.sampled_from(ENTITY_TYPES) | st.text(max_size=12), name=names_text)
def test_entity_ids_are_non_empty_safe_and_stable(type, name):
    eid = entity_id(type, name)
    assert SAFE_ID.match(eid), eid
    assert eid == entity_id(type, name)
    assert len(eid) <= 100


@FUZZ
@given(a=names_text, b=names_text)
def test_name_functions_never_fail(a, b):
    for fn in (names.clean, names.normalize, names.core, names.initials, names.surname, names.acronym, names.strip_generational):
        assert isinstance(fn(a), str)
    assert 0.0 <= names.similar(a, b) <= 1.0
    for fn in (names.is_misspelling, names.person_matches, names.org_matches, names.acronym_matches):
        assert fn(a, b) in (True, False)
    assert names.normalize(a) == names.normalize(a).strip()
    assert names.person_matches(a, a) in (True, False)


entities = st.builds(
    lambda t, n, extra: Entity(entity_id(t, n), n, t, sorted({n, *extra})),
    st.sampled_from(ENTITY_TYPES),
    names_text.filter(lambda s: s.strip()),
    st.lists(names_text, max_size=3),
)


@pytest.mark.slow
@FUZZ
@given(known=st.lists(entities, max_size=12), new=st.lists(entities, min_size=1, max_size=8), query=names_text, data=st.data())
def test_resolver_links_any_names_without_failing(known, new, query, data):
    resolver = Resolver(known)
    art = Article.from_text("fuzz", "fuzz.txt")
    by_id = {e.id: e for e in new}
    ids = sorted(by_id)
    rels = []
    for _ in range(data.draw(st.integers(0, 6))):
        s, t = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
        rels.append(Relation(s, t, "LENT_TO", [Evidence(art.id, "fuzz", 0, 4)], confidence=0.5))
    mentions = [Mention(e.name, 0, 4, e.type, e.id) for e in by_id.values()]
    linked = resolver.link(ArticleGraph(article=art, entities=list(by_id.values()), relations=rels, mentions=mentions))
    linked_ids = {e.id for e in linked.entities}
    assert all(SAFE_ID.match(i) for i in linked_ids)
    for r in linked.relations:
        assert r.source in linked_ids and r.target in linked_ids and r.source != r.target
    for m in linked.mentions:
        assert m.entity in linked_ids
    resolver.add(linked.entities)
    everyone = list({e.id: e for e in known + linked.entities}.values())
    for got in find(query, everyone):
        assert got.id in {e.id for e in everyone}
    for e in linked.entities:  # every linked entity can be found again by its own name
        assert e.id in {x.id for x in find(e.name, list(resolver.by_id.values()))} or not names.normalize(e.name)
