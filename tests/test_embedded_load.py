"""The embedded store's batch writes: every written row statement as one LOAD FROM an Arrow table
(kg.store.embedded.loaded / _Tx.load), which must store exactly what the same statements row by row store."""
from __future__ import annotations

import json
import random

import pytest

from kg.export import to_dict
from kg.model import Article, ArticleGraph, Entity, Evidence, Relation
from kg.schema import RELATION_TYPES
from kg.store import embedded
from kg.store.embedded import EmbeddedStore, loaded

# --- the statement rewrite ---------------------------------------------------------------------------


@pytest.mark.parametrize("statement, columns, expected", [
    ("CREATE (:NameKey {norm: $norm})", ["norm"], "LOAD FROM $rows CREATE (:NameKey {norm: `norm`})"),
    ("MATCH (e:Entity {id: $id}) SET e.name = $name", ["id", "name"],
     "LOAD FROM $rows MATCH (e:Entity {id: `id`}) WITH e, `id`, `name` SET e.name = `name`"),
    ("MATCH (a:Article {id: $article}), (e:Entity {id: $entity}) CREATE (a)-[:MENTIONS]->(e)", ["article", "entity"],
     "LOAD FROM $rows MATCH (a:Article {id: `article`}) WITH a, `article`, `entity` "
     "MATCH (e:Entity {id: `entity`}) WITH a, e, `article`, `entity` CREATE (a)-[:MENTIONS]->(e)"),
    ("MATCH (s:Entity {id: $source})-[r:OWNS]->(t:Entity {id: $target}) SET r.claims = $claims", ["source", "target", "claims"],
     "LOAD FROM $rows MATCH (s:Entity {id: `source`}) WITH s, `source`, `target`, `claims` "
     "MATCH (s)-[r:OWNS]->(t:Entity {id: `target`}) SET r.claims = `claims`"),
])
def test_loaded_pipes_each_anchor_and_reads_parameters_as_columns(statement, columns, expected):
    assert loaded(statement, columns) == expected


def test_loaded_pipes_three_anchors_in_order():
    out = loaded(embedded.LINK_CLAIM, ["id", "subject", "object"])
    assert out.count(" MATCH (") == 3 and "$" not in out.replace("$rows", "")
    assert out.index("(c:Claim") < out.index("(s:Entity") < out.index("(t:Entity")
    assert "WITH c, s, t, `id`, `subject`, `object` CREATE (c)-[:SUBJECT]->(s)" in out


@pytest.mark.parametrize("statement, columns", [
    ("MATCH (s:Entity {id: $s}) SET s.name = $name", ["s", "name"]),  # a column named as a variable
    ("MATCH (e:Entity) WHERE e.id = $id SET e.name = $name", ["id", "name"]),  # not anchored on a key map
    ("MATCH (e:Entity {id: $id})", ["id"]),  # nothing after the anchor
])
def test_loaded_refuses_what_it_cannot_rewrite_faithfully(statement, columns):
    with pytest.raises(ValueError):
        loaded(statement, columns)


# --- batch writes against row-by-row writes ----------------------------------------------------------

NAMES = ["Virelda Holdings", "Ostrakon Pay", "Quessany Fund", "Marbleth & Co", "Tessaly \"Tess\" Orm",
         "Kyrrow Labs", "Pendaril`Trust", "Zanwick Bank", "Hollin\nGate", "Élodie Vantreux"]


def _graphs(seed: int, n_articles: int, per_article: int) -> list[ArticleGraph]:
    rng = random.Random(seed)
    ents = [Entity(f"organization:x{i}", n, "Person" if i % 4 == 0 else "Organization", [n] if i % 3 else [])
            for i, n in enumerate(NAMES)]
    out = []
    for a in range(n_articles):
        art = Article.from_text(f"article {seed} {a} with text", f"p{a}.txt")
        rels = []
        for k in range(per_article):
            s, t = rng.sample(ents, 2)
            status = rng.choice([None, "alleged", "denied", "withdrawn"])
            ev = Evidence(art.id, f"Sentence {k}: {s.name} and {t.name} 'quoted' `tick` \\ end.", k, k + 5, status)
            amount = rng.choice([None, 1.5e6, 4e7])
            rels.append(Relation(s.id, t.id, rng.choice(RELATION_TYPES), [ev], amount, "$40m" if amount else None, status,
                                 rng.choice([0.5, 0.9])))
        used = sorted({x for r in rels for x in (r.source, r.target)})
        out.append(ArticleGraph(art, [e for e in ents if e.id in used], rels))
    return out


def _export(folder, graphs, batch: int) -> str:
    with EmbeddedStore(folder) as store:
        for i in range(0, len(graphs), batch):
            store.write_articles(graphs[i : i + batch])
        doc = to_dict(store.export())
        stats = store.stats()
    for a in doc["articles"]:
        a.pop("ingested_at", None)
    return json.dumps({"doc": doc, "stats": stats}, sort_keys=True, default=str)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_loaded_batches_store_what_row_by_row_statements_store(tmp_path, monkeypatch, seed):
    """Same articles, same batches: once with every write one statement a row, once with every write a
    LOAD FROM (LOAD_MIN 1), and the stores export the same, updates of edges read earlier included."""
    graphs = _graphs(seed, n_articles=12, per_article=15)
    monkeypatch.setattr(embedded, "LOAD_MIN", 10**9)
    by_row = _export(tmp_path / "rows", graphs, batch=4)
    monkeypatch.setattr(embedded, "LOAD_MIN", 1)
    by_load = _export(tmp_path / "load", graphs, batch=4)
    assert by_load == by_row
    doc = json.loads(by_load)["doc"]
    assert len(doc["articles"]) == 12
    assert sum(len(r["evidence"]) for r in doc["relations"]) == 12 * 15  # every claim, none lost or doubled


def test_a_failed_loaded_batch_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "LOAD_MIN", 1)
    graphs = _graphs(9, n_articles=4, per_article=10)
    folder = tmp_path / "s"
    with EmbeddedStore(folder) as store:
        store.write_articles(graphs[:2])
        before = to_dict(store.export())
        real = embedded.arrow_rows
        calls = {"n": 0}

        def failing(rows, types):
            calls["n"] += 1
            if calls["n"] == 6:  # part way through the batch: entities, articles and some links written
                raise RuntimeError("disk went away")
            return real(rows, types)

        monkeypatch.setattr(embedded, "arrow_rows", failing)
        with pytest.raises(RuntimeError):
            store.write_articles(graphs[2:])
        monkeypatch.setattr(embedded, "arrow_rows", real)
        assert to_dict(store.export()) == before
        store.write_articles(graphs[2:])
        assert len(to_dict(store.export())["articles"]) == 4


def test_null_columns_keep_their_schema_type(tmp_path, monkeypatch):
    """A batch whose every amount is null still writes (the column is typed from the schema, not guessed)."""
    monkeypatch.setattr(embedded, "LOAD_MIN", 1)
    art = Article.from_text("Orrin Vale founded Dusklight Mint.", "n.txt")
    ev = Evidence(art.id, art.text, 0, len(art.text))
    ents = [Entity("person:orrin-vale", "Orrin Vale", "Person", []), Entity("organization:dusklight-mint", "Dusklight Mint", "Organization", [])]
    g = ArticleGraph(art, ents, [Relation(ents[0].id, ents[1].id, "FOUNDED", [ev])])
    with EmbeddedStore(tmp_path / "s") as store:
        assert store.write_articles([g]) == [(2, 1)]
        rel = to_dict(store.export())["relations"][0]
    assert rel["type"] == "FOUNDED" and rel.get("amount_usd") is None and rel["evidence"][0]["sentence"] == art.text
