"""Cross-article linking and forgiving lookup (pure, no model)."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.model import Article, ArticleGraph, Entity, Mention, Relation
from kg.resolve import Resolver, entity_id, find


def E(type, name, *aliases):
    return Entity(entity_id(type, name), name, type, [name, *aliases])


def graph(entities, relations=(), mentions=()):
    return ArticleGraph(Article.from_text("x", "a.txt"), list(entities), list(relations), list(mentions))


def test_entity_id_is_a_stable_safe_slug():
    assert entity_id("Organization", "Alameda Research") == "organization:alameda-research"
    assert entity_id("Person", "Zoë Brandtner") == "person:zoe-brandtner"
    assert entity_id("Organization", "FTX.US") != entity_id("Organization", "FTX")


@given(st.text(max_size=30))
def test_entity_id_never_empty_and_safe(name):
    eid = entity_id("Token", name)
    assert re.fullmatch(r"token:[a-z0-9-]+", eid)
    assert eid == entity_id("Token", name)


def test_link_maps_surname_onto_known_person_and_rewrites_relations():
    known = E("Person", "Marguerite Oxley-Brandt")
    fund = E("Organization", "Pellucid Capital")
    r = Resolver([known, fund])
    short = E("Person", "Oxley-Brandt")
    firm = E("Organization", "Pellucid")
    rel = Relation(short.id, firm.id, "LEADS")
    out = r.link(graph([short, firm], [rel], [Mention("Pellucid", 0, 8, "Organization", firm.id)]))
    ids = {e.id for e in out.entities}
    assert ids == {known.id, fund.id}
    assert out.relations[0].source == known.id and out.relations[0].target == fund.id
    assert out.mentions[0].entity == fund.id
    merged = next(e for e in out.entities if e.id == known.id)
    assert "Oxley-Brandt" in merged.aliases and merged.name == "Marguerite Oxley-Brandt"


def test_link_keeps_distinct_parties_apart():
    r = Resolver([E("Organization", "FTX"), E("Token", "FTT"), E("Person", "Gary Wang")])
    new = [E("Organization", "FTX.US"), E("Token", "FTX Token", "FTT"), E("Person", "Lin Wang")]
    out = r.link(graph(new))
    ids = {a: e.id for e in out.entities for a in e.aliases}
    assert ids["FTX.US"] == "organization:ftx-us"
    assert ids["Lin Wang"] == "person:lin-wang"
    assert ids["FTX Token"] == "token:ftt"  # alias FTT names the known token, not the exchange


def test_link_merges_misspelling_and_suffix_variant():
    r = Resolver([E("Person", "Teodor Halvane"), E("Organization", "Orrin Vale Holdings Ltd")])
    out = r.link(graph([E("Person", "Teodor Halvanne"), E("Organization", "Orrin Vale")]))
    assert {e.id for e in out.entities} == {"person:teodor-halvane", "organization:orrin-vale-holdings-ltd"}


def test_link_corrects_person_org_confusion():
    r = Resolver([E("Person", "Ilse Marrow")])
    out = r.link(graph([E("Organization", "Ilse Marrow")]))
    assert out.entities[0].id == "person:ilse-marrow" and out.entities[0].type == "Person"


def test_add_learns_new_entities():
    r = Resolver([])
    out = r.link(graph([E("Organization", "Brindle Labs")]))
    assert out.entities[0].id == "organization:brindle-labs"
    r.add(out.entities)
    again = r.link(graph([E("Organization", "Brindle")]))
    assert again.entities[0].id == "organization:brindle-labs"


def test_find_exact_rules_typos_and_ambiguity():
    ents = [E("Person", "Gary Wang"), E("Person", "Lin Wang"), E("Organization", "FTX"), E("Organization", "FTX.US"),
            E("Organization", "Alameda Research", "Alameda")]
    assert [e.name for e in find("ftx us", ents)] == ["FTX.US"]
    assert [e.name for e in find("FTX", ents)] == ["FTX"]
    assert {e.name for e in find("Wang", ents)} == {"Gary Wang", "Lin Wang"}
    assert [e.name for e in find("alameda", ents)] == ["Alameda Research"]
    assert [e.name for e in find("Alameda Reserch", ents)] == ["Alameda Research"]
    assert find("Nobody Known", ents) == []


@pytest.mark.slow
def test_resolver_scales_to_many_known_entities():
    import time

    known = [E("Person", f"Person{i:05d} Surname{i:05d}") for i in range(20000)]
    known += [E("Organization", f"Company{i:05d} Holdings") for i in range(20000)]
    r = Resolver(known)
    t = time.perf_counter()
    for i in range(0, 20000, 100):
        assert r.candidates(f"Surname{i:05d}")[0].name == f"Person{i:05d} Surname{i:05d}"
        assert r.candidates(f"Company{i:05d}")[0].name == f"Company{i:05d} Holdings"
    assert time.perf_counter() - t < 5


def test_bare_group_never_links_to_another_articles_owned_group():
    r = Resolver([E("Group", "Marrowind customers", "customers", "depositors", "Marrowind depositors")])
    out = r.link(graph([E("Group", "customers", "depositors")]))
    assert out.entities[0].id != "group:marrowind-customers"
    assert out.entities[0].name == "customers"


def test_bare_groups_of_two_articles_stay_apart():
    r = Resolver([])
    first = r.link(ArticleGraph(Article.from_text("one", "a.txt"), [E("Group", "depositors")]))
    r.add(first.entities)
    second = r.link(ArticleGraph(Article.from_text("two", "b.txt"), [E("Group", "depositors")]))
    assert first.entities[0].id != second.entities[0].id


def test_owned_groups_link_only_to_the_same_owner():
    r = Resolver([E("Group", "Vellum Pay customers", "customers", "customers of Vellum Pay"),
                  E("Group", "Vellum Pay.EU customers", "customers")])
    out = r.link(graph([E("Group", "Vellum Pay customers", "customers", "users")]))
    assert out.entities[0].id == "group:vellum-pay-customers"
    other = r.link(graph([E("Group", "Ostrey customers", "customers")]))
    assert other.entities[0].id == "group:ostrey-customers"
    typo = r.link(graph([E("Group", "Vellum Pay EUx customers")]))
    assert typo.entities[0].id == "group:vellum-pay-eux-customers"
