"""Reviewable, reversible entity resolution on every backend: merge then unmerge restores the export byte for
byte, distinct judgements hold at ingest, judgements replay onto a rebuilt store."""
from __future__ import annotations

import json

import pytest

from kg.errors import JudgementError
from kg.export import to_json
from kg.model import Article, ArticleGraph, Claim, Entity, Judgement, Relation
from kg.resolve import Resolver

VANTOR, VANTOR_LTD = "organization:vantor-digital", "organization:vantor-digital-ltd"
PELL, OKAFOR, HARBOR = "person:mira-pell", "person:mira-okafor-pell", "organization:harbor-fund"


def article_graph(text: str, path: str, entities: list[Entity], relations: list[tuple]) -> ArticleGraph:
    a = Article.from_text(text, path)
    rels = []
    for src, rel_type, tgt, amount, status, source in relations:
        c = Claim(a.id, text, 0, len(text), status=status, source=source, amount_usd=amount,
                  amount_text=f"${amount / 1e6:.0f} million" if amount else None)
        rels.append(Relation(src, tgt, rel_type, [c], amount, c.amount_text, status, 0.8))
    return ArticleGraph(a, entities, rels)


def graphs() -> list[ArticleGraph]:
    vantor = Entity(VANTOR, "Vantor Digital", "Organization", ["Vantor Digital", "the exchange"])
    vantor_ltd = Entity(VANTOR_LTD, "Vantor Digital Ltd.", "Organization", ["Vantor Digital Ltd."])
    pell = Entity(PELL, "Mira Pell", "Person", ["Mira Pell", "Pell"])
    okafor = Entity(OKAFOR, "Mira Okafor-Pell", "Person", ["Mira Okafor-Pell"])
    harbor = Entity(HARBOR, "Harbor Fund", "Organization", ["Harbor Fund"])
    return [
        article_graph("Vantor Digital lent $40 million to Harbor Fund, run by Mira Pell.", "one.txt", [vantor, harbor, pell],
                      [(VANTOR, "LENT_TO", HARBOR, 4e7, None, None), (PELL, "LEADS", HARBOR, None, None, None)]),
        article_graph("Vantor Digital Ltd. lent $55 million to Harbor Fund, a filing says; Mira Okafor-Pell founded Vantor Digital Ltd.",
                      "two.txt", [vantor_ltd, harbor, okafor],
                      [(VANTOR_LTD, "LENT_TO", HARBOR, 5.5e7, "alleged", "a court filing"), (OKAFOR, "FOUNDED", VANTOR_LTD, None, None, None),
                       (VANTOR_LTD, "TRANSFERRED_TO", VANTOR, 1e6, None, None)]),
    ]


def loaded(store):
    for g in graphs():
        store.write_article(g)
    return store


def test_merge_repoints_claims_and_unmerge_restores_the_export_byte_for_byte(any_store):
    store = loaded(any_store)
    before = to_json(store.export())
    j = store.merge_entities(VANTOR, VANTOR_LTD, reason="same exchange, legal name", who="tester")
    merged = json.loads(to_json(store.export()))
    ids = {e["id"] for e in merged["entities"]}
    assert VANTOR_LTD not in ids
    vantor = next(e for e in merged["entities"] if e["id"] == VANTOR)
    assert {"Vantor Digital", "Vantor Digital Ltd."} <= set(vantor["aliases"]) and vantor["merged_from"] == [VANTOR_LTD]
    lent = [r for r in merged["relations"] if r["type"] == "LENT_TO"]
    assert len(lent) == 1 and lent[0]["source"] == VANTOR  # two claims, one edge now
    assert lent[0]["claims"] and len(lent[0]["claims"]) == 2
    assert lent[0]["summary"]["amount_conflict"] is True
    founded = next(r for r in merged["relations"] if r["type"] == "FOUNDED")
    assert founded["target"] == VANTOR
    # the transfer between the two halves is kept as a claim but draws no loop
    assert not [r for r in merged["relations"] if r["source"] == r["target"]]
    assert [x.kind for x in store.judgements()] == ["same"] and store.judgements()[0].who == "tester"
    store.unmerge(VANTOR_LTD)
    assert to_json(store.export()) == before
    assert store.judgements()[0].undone_at and store.judgements()[0].id == j.id
    # and again, by the kept entity's id this time
    store.merge_entities(VANTOR, VANTOR_LTD)
    store.unmerge(VANTOR)
    assert to_json(store.export()) == before


def test_chained_merges_undo_in_any_order(any_store):
    store = loaded(any_store)
    before = to_json(store.export())
    store.merge_entities(PELL, OKAFOR)
    store.merge_entities(VANTOR, VANTOR_LTD)
    store.unmerge(OKAFOR)
    store.unmerge(VANTOR_LTD)
    assert to_json(store.export()) == before


def test_refusals_name_the_entities(any_store):
    store = loaded(any_store)
    with pytest.raises(JudgementError, match="itself"):
        store.merge_entities(VANTOR, VANTOR)
    with pytest.raises(JudgementError, match="no merge to undo"):
        store.unmerge(VANTOR)
    store.record_judgement(Judgement("different", VANTOR, VANTOR_LTD, reason="two exchanges"))
    with pytest.raises(JudgementError, match="judged different"):
        store.merge_entities(VANTOR, VANTOR_LTD)
    with pytest.raises(JudgementError, match="cannot be one party"):
        token = Entity("token:vnt", "VNT", "Token", ["VNT"])
        store.write_article(article_graph("Vantor Digital issued VNT.", "three.txt", [token, Entity(VANTOR, "Vantor Digital", "Organization", ["Vantor Digital"])],
                                          [(VANTOR, "ISSUED", "token:vnt", None, None, None)]))
        store.merge_entities(VANTOR, "token:vnt")


def test_distinct_judgement_holds_when_later_articles_would_merge(any_store):
    store = loaded(any_store)
    # "Vantor Digital Ltd." would link to the stored Vantor Digital on a fresh resolution...
    variant = ArticleGraph(Article.from_text("x", "x.txt"), [Entity(VANTOR_LTD, "Vantor Digital Ltd.", "Organization", ["Vantor Digital Ltd."])])
    assert Resolver([e for e in store.entities() if e.id != VANTOR_LTD]).link(variant).entities[0].id == VANTOR
    # ...but not once an investigator said they differ
    store.record_judgement(Judgement("different", VANTOR, VANTOR_LTD))
    resolver = Resolver([e for e in store.entities() if e.id != VANTOR_LTD], distinct=store.distinct_pairs())
    assert resolver.link(variant).entities[0].id == VANTOR_LTD


def test_export_import_replays_onto_a_rebuilt_store(any_store, tmp_path):
    from kg.store.embedded import EmbeddedStore

    store = loaded(any_store)
    store.merge_entities(VANTOR, VANTOR_LTD, reason="legal name", who="a")
    store.record_judgement(Judgement("unsure", PELL, OKAFOR, reason="maybe married name", who="b"))
    exported = [j.to_dict() for j in store.judgements() if j.active]
    wanted = to_json(store.export())
    # rebuild: the same articles into a new store, then the judgements
    rebuilt = EmbeddedStore(tmp_path / "rebuilt")
    try:
        for g in graphs():
            rebuilt.write_article(g)
        assert rebuilt.import_judgements([Judgement.from_dict(d) for d in exported]) == (2, 0, 0)
        assert to_json(rebuilt.export()) == wanted
        assert rebuilt.import_judgements([Judgement.from_dict(d) for d in exported]) == (0, 0, 2)  # idempotent
    finally:
        rebuilt.close()
    # judgements first, articles after: pending, then applied once the entities arrive
    early = EmbeddedStore(tmp_path / "early")
    try:
        assert early.import_judgements([Judgement.from_dict(d) for d in exported]) == (0, 2, 0)
        for g in graphs():
            early.write_article(g)
        assert early.apply_pending_judgements() == 1
        doc = json.loads(to_json(early.export()))
        assert VANTOR_LTD not in {e["id"] for e in doc["entities"]}
        assert doc["relations"] == json.loads(wanted)["relations"]
    finally:
        early.close()


@pytest.mark.parametrize("bad, why", [
    ({"kind": "maybe", "a": "x", "b": "y"}, "kind"),
    ({"kind": "same", "a": "x"}, "'b'"),
    ({"kind": "same", "a": "x", "b": "x"}, "same entity"),
    ({"kind": "different", "a": "x", "b": "y", "reason": 3}, "'reason'"),
    (["same", "x", "y"], "JSON object"),
])
def test_bad_judgements_are_refused_with_the_reason(bad, why):
    with pytest.raises(ValueError, match=why):
        Judgement.from_dict(bad)
