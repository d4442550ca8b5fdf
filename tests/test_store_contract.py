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


# --- claims: every statement a record, every edge a summary of them -----------------------------------

QUILLON, BRASK = "organization:quillon-exchange", "organization:brask-capital"
ENDS = [Entity(QUILLON, "Quillon Exchange", "Organization", ["Quillon Exchange"]),
        Entity(BRASK, "Brask Capital", "Organization", ["Brask Capital"])]


def loan_article(sentence: str, path: str, **claim) -> ArticleGraph:
    a = article(sentence, path)
    ev = Evidence(a.id, sentence, 0, len(sentence), **claim)
    return ArticleGraph(a, list(ENDS), [Relation(QUILLON, BRASK, "LENT_TO", [ev], confidence=0.8)])


def two_sourced_loans() -> list[ArticleGraph]:
    return [
        loan_article("Quillon Exchange lent $8 billion to Brask Capital in 2021, reports The Wall Street Journal.", "wsj.txt",
                     amount_usd=8e9, amount_value=8e9, currency="USD", amount_text="$8 billion", source="The Wall Street Journal",
                     date="2021"),
        loan_article("Quillon Exchange allegedly lent $10 billion to Brask Capital, according to a court filing.", "filing.txt",
                     amount_usd=1e10, amount_value=1e10, currency="USD", amount_text="$10 billion", source="a court filing",
                     status="alleged"),
    ]


def test_two_sources_disagreeing_make_one_edge_with_two_claims_and_a_conflict(any_store):
    for g in two_sourced_loans():
        any_store.write_article(g)
    doc = to_dict(any_store.export())
    (lent,) = [r for r in doc["relations"] if r["type"] == "LENT_TO"]
    assert [c["article"] for c in lent["claims"]] == sorted(g.article.id for g in two_sourced_loans())
    by_source = {c["source"]: c for c in lent["claims"]}
    assert set(by_source) == {"The Wall Street Journal", "a court filing"}
    assert by_source["The Wall Street Journal"]["date"] == "2021" and "date" not in by_source["a court filing"]
    assert by_source["a court filing"]["status"] == "alleged" and by_source["a court filing"]["amount_usd"] == 1e10
    s = lent["summary"]
    assert (s["claims"], s["articles"], s["sources"]) == (2, 2, 2)
    assert s["amount_conflict"] is True and (s["amount_min"], s["amount_max"]) == (8e9, 1e10)
    assert s["first_date"] == s["last_date"] == "2021"
    assert s["status_summary"] == "alleged 1, stated 1"
    assert lent["amount_usd"] == 1e10 and "status" not in lent  # the headline, as contract v1 had it


def test_amounts_within_ten_percent_are_no_conflict_and_one_voice_is_one_source(any_store):
    a1 = loan_article("Quillon Exchange lent $100 million to Brask Capital.", "x1.txt", amount_usd=1e8, amount_text="$100 million")
    a2 = loan_article("Quillon Exchange lent about $95 million to Brask Capital.", "x2.txt", amount_usd=9.5e7, amount_text="$95 million")
    any_store.write_articles([a1, a2])
    (lent,) = any_store.relations()
    s = lent.summary
    assert not s.amount_conflict and s.sources == 2 and s.source_names == ()  # each article its own voice
    assert {c.article: c.amount_usd for c in lent.evidence} == {a1.article.id: 1e8, a2.article.id: 9.5e7}


def test_a_batch_of_articles_equals_the_same_articles_one_by_one(any_store, tmp_path):
    from kg.store.embedded import EmbeddedStore

    graphs = two_sourced_loans() + [graph_one(), graph_two()]
    assert any_store.write_articles(graphs + [graphs[0]]) == [(2, 1), (0, 0), (1, 1), (0, 0), None]
    with EmbeddedStore(tmp_path / "one-by-one") as other:
        for g in graphs:
            other.write_article(g)
        assert to_dict(other.export()) == to_dict(any_store.export())
    assert any_store.write_articles(graphs) == [None] * 4


def test_edges_rederive_from_their_claims(any_store):
    for g in two_sourced_loans():
        any_store.write_article(g)
    any_store.write_article(graph_one())
    before = to_dict(any_store.export())
    assert any_store.rederive_edges([BRASK]) == 2  # LENT_TO and LEADS touch Brask
    assert to_dict(any_store.export()) == before
    assert any_store.rederive_edges([]) == 0


def test_claims_are_written_once_and_never_rewritten(any_store):
    g1, g2 = two_sourced_loans()
    any_store.write_article(g1)
    first = any_store.claims()
    any_store.write_article(g2)
    assert any_store.write_article(g1) is None
    after = any_store.claims()
    key = (QUILLON, "LENT_TO", BRASK)
    assert first[key][0] in after[key] and len(after[key]) == 2
    rows = any_store.run_read_only("MATCH (c:Claim) RETURN c.id AS id, c.subject AS subject, c.object AS object")
    assert len({r["id"] for r in rows}) == 2 and {(r["subject"], r["object"]) for r in rows} == {(QUILLON, BRASK)}


def test_bulk_load_leaves_what_write_graph_leaves(any_store, tmp_path):
    from kg.store.embedded import EmbeddedStore

    with EmbeddedStore(tmp_path / "written") as written:
        for g in two_sourced_loans() + [graph_one(), graph_two()]:
            written.write_article(g)
        graph = written.export()
        expected = to_dict(graph)
    assert any_store.bulk_load(graph) == (len(graph.entities), len(graph.relations))
    assert to_dict(any_store.export()) == expected
    from kg.errors import StoreError

    with pytest.raises(StoreError):
        any_store.bulk_load(graph)  # only into an empty store


def test_a_store_from_before_claims_is_refused_with_one_clear_line(tmp_path):
    import ladybug

    from kg.errors import StoreError
    from kg.store.embedded import DB_FILE, EmbeddedStore

    (tmp_path / "old").mkdir()
    db = ladybug.Database(str(tmp_path / "old" / DB_FILE))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Entity(id STRING, PRIMARY KEY(id))")
    conn.execute("CREATE REL TABLE CONTROLS(FROM Entity TO Entity, evidence STRING[])")
    conn.close()
    db.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="older kg"):
            EmbeddedStore(tmp_path / "old", read_only=read_only)


def chain_article(i: int, text: str, *, alias: str = "", omit_source: bool = False) -> ArticleGraph:
    """Org i lent to Org i+1, said in its own article; ``alias`` adds a name; ``omit_source`` leaves the
    lender out of the article's entities (it is stored already)."""
    a = article(f"{text} Org {i} lent to Org {i + 1}.", f"chain-{text}-{i}.txt")
    ents = [Entity(f"organization:org-{j}", f"Org {j}", "Organization", [f"Org {j}"] + ([f"Org {j} {alias}"] if alias else []))
            for j in (i, i + 1)]
    ev = Evidence(a.id, a.text, 0, len(a.text))
    return ArticleGraph(a, ents[1:] if omit_source else ents,
                        [Relation(ents[0].id, ents[1].id, "LENT_TO", [ev], float(1000 + i), f"${1000 + i}", None, 0.8)])


def test_large_batches_over_a_stored_graph_equal_the_articles_one_by_one(any_store, tmp_path):
    # batches large enough for every set-at-a-time path (stored articles, entities, edges read and updated
    # in one statement each), mixing stored and new entities and edges, against small one-by-one writes
    from kg.store.embedded import EmbeddedStore

    first = [chain_article(i, "first") for i in range(40)]
    second = ([chain_article(i, "again", alias="Ltd") for i in range(40)]
              + [chain_article(i, "new") for i in range(40, 45)]
              + [chain_article(0, "lender stored, not listed", omit_source=True), first[3]])
    assert any_store.write_articles(first) == [(2, 1)] + [(1, 1)] * 39
    result = any_store.write_articles(second)
    assert result == [(0, 0)] * 40 + [(1, 1)] * 5 + [(0, 0), None]
    with EmbeddedStore(tmp_path / "one-by-one") as other:
        for g in first + second:
            other.write_article(g)
        assert to_dict(other.export()) == to_dict(any_store.export())
    doc = to_dict(any_store.export())
    lent = {(r["source"], r["target"]): r for r in doc["relations"]}
    assert len(lent) == 45 and len(lent[("organization:org-0", "organization:org-1")]["evidence"]) == 3
    names = {e["id"]: e["aliases"] for e in doc["entities"]}
    assert "Org 7 Ltd" in names["organization:org-7"] and "Org 45 Ltd" not in names["organization:org-45"]
