"""The Store contract, run against every backend: the embedded store always, Neo4j when configured."""
from __future__ import annotations

import pytest

from kg.export import to_dict
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation


def article(text: str, path: str = "a.txt") -> Article:
    return Article.from_text(text, path)


def graph_one() -> ArticleGraph:
    a = article("Quillon Exchange lent $40 million to Brask Capital, the firm run by Odile Marchetti.", "one.txt")
    ev = Evidence(a.id, a.text, 0, len(a.text))
    return ArticleGraph(
        a,
        [
            Entity("organization:quillon-exchange", "Quillon Exchange", "Organization", ["Quillon Exchange"]),
            Entity("organization:brask-capital", "Brask Capital", "Organization", ["Brask Capital", "the firm"]),
            Entity("person:odile-marchetti", "Odile Marchetti", "Person", ["Odile Marchetti"]),
        ],
        [
            Relation("organization:quillon-exchange", "organization:brask-capital", "LENT_TO", [ev], 4e7, "$40 million", None, 0.9),
            Relation("person:odile-marchetti", "organization:brask-capital", "LEADS", [ev], confidence=0.7),
        ],
    )


def graph_two() -> ArticleGraph:
    a = article("Brask, the trading firm, allegedly borrowed $55m from Quillon. Marchetti's Brask denied it.", "two.txt")
    ev = Evidence(a.id, "Brask, the trading firm, allegedly borrowed $55m from Quillon.", 0, 63, "alleged")
    return ArticleGraph(
        a,
        [
            Entity("organization:quillon-exchange", "Quillon", "Organization", ["Quillon"]),
            Entity("organization:brask-capital", "Brask", "Organization", ["Brask", "Brask's"]),
        ],
        [Relation("organization:quillon-exchange", "organization:brask-capital", "LENT_TO", [ev], 5.5e7, "$55m", "alleged", 0.6)],
    )


def test_write_then_export_round_trips_entities_relations_and_evidence(any_store):
    g = graph_one()
    assert any_store.write_article(g) == (3, 2)
    doc = to_dict(any_store.export())
    assert sorted(e["name"] for e in doc["entities"]) == ["Brask Capital", "Odile Marchetti", "Quillon Exchange"]
    assert [e["id"] for e in doc["entities"]] == sorted(e["id"] for e in doc["entities"])
    lent = next(r for r in doc["relations"] if r["type"] == "LENT_TO")
    assert lent["source_name"] == "Quillon Exchange" and lent["target_name"] == "Brask Capital"
    assert lent["amount_usd"] == 4e7 and lent["confidence"] == 0.9
    assert lent["evidence"] == [{"article": g.article.id, "sentence": g.article.text, "start": 0, "end": len(g.article.text)}]
    assert doc["articles"] == [{"id": g.article.id, "path": "one.txt", "sha256": g.article.sha256, "title": g.article.title}]


def test_same_article_twice_changes_nothing(any_store):
    any_store.write_article(graph_one())
    before = to_dict(any_store.export())
    assert any_store.write_article(graph_one()) is None
    assert to_dict(any_store.export()) == before
    assert any_store.stats() == {"articles": 1, "entities": {"Organization": 2, "Person": 1}, "relations": {"LEADS": 1, "LENT_TO": 1}}


def test_second_article_merges_aliases_and_adds_evidence_to_the_same_edge(any_store):
    any_store.write_article(graph_one())
    assert any_store.write_article(graph_two()) == (0, 0)
    doc = to_dict(any_store.export())
    brask = next(e for e in doc["entities"] if e["id"] == "organization:brask-capital")
    assert brask["name"] == "Brask Capital"
    assert {"Brask", "Brask Capital", "the firm"} <= set(brask["aliases"])
    lent = [r for r in doc["relations"] if r["type"] == "LENT_TO"]
    assert len(lent) == 1
    assert len(lent[0]["evidence"]) == 2
    assert lent[0]["amount_usd"] == 5.5e7  # the larger amount stated
    assert "status" not in lent[0]  # a plainly stated fact outranks an allegation


def test_a_failed_write_leaves_the_store_as_it_was(any_store):
    any_store.write_article(graph_one())
    before = to_dict(any_store.export())
    bad = graph_two()
    bad.relations.append(Relation("organization:quillon-exchange", "organization:brask-capital", "NOT_A_TYPE"))
    with pytest.raises(ValueError):
        any_store.write_article(bad)
    assert to_dict(any_store.export()) == before
    assert not any_store.has_article(bad.article.sha256)


def test_values_with_quotes_and_cypher_travel_as_data(any_store):
    a = article("Evil' }) DETACH DELETE n // \"x\" `y` <script>alert(1)</script>", "evil.txt")
    name = "O'Brien\" }) MATCH (n) DETACH DELETE n //"
    ev = Evidence(a.id, a.text, 0, len(a.text))
    g = ArticleGraph(
        a,
        [Entity("person:obrien", name, "Person", [name, "`x`"]), Entity("organization:y", "<b>Y</b>", "Organization", ["<b>Y</b>"])],
        [Relation("person:obrien", "organization:y", "CONTROLS", [ev])],
    )
    any_store.write_article(g)
    doc = to_dict(any_store.export())
    assert {e["name"] for e in doc["entities"]} == {name, "<b>Y</b>"}
    assert doc["relations"][0]["evidence"][0]["sentence"] == a.text


def test_user_cypher_reads_and_every_write_is_refused(any_store):
    from kg.errors import ReadOnlyViolation

    any_store.write_article(graph_one())
    rows = any_store.run_read_only("MATCH (e:Entity) WHERE e.name STARTS WITH $p RETURN e.name AS name ORDER BY name", {"p": "Q"})
    assert rows == [{"name": "Quillon Exchange"}]
    for q in (
        "CREATE (e:Entity {id: 'x'})",
        "MATCH (e:Entity) SET e.name = 'x'",
        "MATCH (e:Entity) DETACH DELETE e",
        "MERGE (e:Entity {id: 'x'})",
        "MATCH (e:Entity) REMOVE e.name",
        "match (e:Entity) delete e",
        "MATCH (e) WITH e LIMIT 1 CALL db.createLabel('X') RETURN 1",
    ):
        with pytest.raises(ReadOnlyViolation):
            any_store.run_read_only(q)
    assert any_store.stats()["entities"] == {"Organization": 2, "Person": 1}
