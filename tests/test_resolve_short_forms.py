"""Cross-article linking of short forms (pure, no model): an alias that shortens a full name ("Quillemont" of
"Quillemont Markets Ltd", "Pemberline" of "Auberon Pemberline", the given name "Auberon") named its entity in
its own article; in another article it joins only when exactly one known entity fits, and a given name alone
never joins. Names are invented."""
import itertools

import pytest

from kg.model import Article, ArticleGraph, Entity
from kg.resolve import Resolver, entity_id, find, full_names


def E(type, name, *aliases):
    return Entity(entity_id(type, name), name, type, [name, *aliases])


def article(*entities, text="x"):
    return ArticleGraph(Article.from_text(text, f"{text}.txt"), list(entities), [], [])


def ingest(resolver, *graphs):
    """Link and add article by article, as ingest does; the linked entities of each article."""
    out = []
    for g in graphs:
        linked = resolver.link(g)
        resolver.add(linked.entities)
        out.append(linked.entities)
    return out


def linked_id(resolver, ent):
    [only] = resolver.link(article(ent)).entities
    return only.id


SHARERS = ["Quillemont Markets Ltd", "Quillemont Capital", "Quillemont Holdings plc"]


# -- organisations: a short form several firms share ----------------------------------------------------

@pytest.mark.parametrize("n", [2, 3])
def test_short_alias_shared_by_several_firms_stays_apart(n):
    # the first firm was called "Quillemont" in its own article; others sharing the word are known too
    known = [E("Organization", SHARERS[0], "Quillemont")] + [E("Organization", s) for s in SHARERS[1:n]]
    r = Resolver(known)
    new = E("Organization", "Quillemont")
    assert linked_id(r, new) == new.id
    assert {e.id for e in find("Quillemont", r.by_id.values())} >= {k.id for k in known[:2]}  # ambiguous: several


def test_short_alias_of_the_one_firm_sharing_it_joins():
    firm = E("Organization", SHARERS[0], "Quillemont")
    r = Resolver([firm, E("Organization", "Thessaly Korvane Capital")])
    assert linked_id(r, E("Organization", "Quillemont")) == firm.id


def test_short_form_joins_the_one_firm_it_leads_even_without_an_alias():
    firm = E("Organization", "Pemberline Capital Partners")
    r = Resolver([firm, E("Organization", "Isolde Trust")])
    assert linked_id(r, E("Organization", "Pemberline")) == firm.id


def test_first_word_alias_not_derivable_by_rule_still_joins_when_alone_and_splits_when_shared():
    # "Quillemont" for "Quillemont Vashti Trading": no generic tail, the alias alone says they are one
    firm = E("Organization", "Quillemont Vashti Trading", "Quillemont")
    assert linked_id(Resolver([firm]), E("Organization", "Quillemont")) == firm.id
    r = Resolver([firm, E("Organization", "Quillemont Capital")])
    new = E("Organization", "Quillemont")
    assert linked_id(r, new) == new.id


def test_full_name_of_a_firm_still_links_when_its_short_form_is_ambiguous():
    known = [E("Organization", SHARERS[0], "Quillemont"), E("Organization", SHARERS[1])]
    r = Resolver(known)
    again = E("Organization", SHARERS[0], "Quillemont")  # the same firm, in a new article, with its short form
    assert linked_id(r, again) == known[0].id


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_distinct_firms_sharing_a_first_word_never_merge_whatever_the_order(order):
    # a bare "Quillemont" article first, then the three firms in every order: at most one of them takes it
    firms = [E("Organization", s) for s in SHARERS]
    r = Resolver()
    ingest(r, article(E("Organization", "Quillemont"), text="bare"),
           *[article(firms[i], text=f"a{i}") for i in order])
    for a, b in itertools.combinations(SHARERS, 2):
        ida = {e.id for e in find(a, r.by_id.values())}
        idb = {e.id for e in find(b, r.by_id.values())}
        assert len(ida) == len(idb) == 1 and ida != idb, (a, b)
    assert len(r.by_id) in (3, 4)  # the bare one joined the first full firm, or stayed apart; never two firms joined


def test_a_known_short_firm_that_grew_a_full_name_no_longer_fits_another_full_name():
    r = Resolver()
    ingest(r, article(E("Organization", "Quillemont"), text="a"), article(E("Organization", "Quillemont Markets Ltd"), text="b"))
    assert len(r.by_id) == 1  # one Quillemont firm known: the short form joined it
    new = E("Organization", "Quillemont Capital")
    assert linked_id(r, new) == new.id


# -- persons: surnames and given names -----------------------------------------------------------------

def test_given_name_alias_never_links_a_person_of_another_article():
    person = E("Person", "Auberon Pemberline", "Auberon", "Pemberline")
    r = Resolver([person])
    new = E("Person", "Auberon")
    assert linked_id(r, new) == new.id
    assert find("Auberon", r.by_id.values()) == []


def test_same_person_with_his_given_name_in_another_article_still_links_by_full_name():
    person = E("Person", "Auberon Pemberline", "Auberon")
    r = Resolver([person])
    assert linked_id(r, E("Person", "Auberon Pemberline", "Auberon")) == person.id
    assert linked_id(r, E("Person", "Pemberline")) == person.id  # the surname of the one Pemberline


def test_surname_alias_shared_by_two_known_persons_stays_apart():
    known = [E("Person", "Auberon Pemberline", "Pemberline"), E("Person", "Isolde Pemberline")]
    r = Resolver(known)
    new = E("Person", "Pemberline")
    assert linked_id(r, new) == new.id


def test_a_surname_person_that_grew_a_full_name_does_not_take_a_namesake():
    r = Resolver()
    ingest(r, article(E("Person", "Pemberline"), text="a"), article(E("Person", "Isolde Pemberline"), text="b"))
    assert len(r.by_id) == 1
    new = E("Person", "Auberon Pemberline")
    assert linked_id(r, new) == new.id


def test_a_persons_surname_does_not_join_a_firm_of_that_name_by_its_alias():
    firm = E("Organization", "Pemberline Capital", "Pemberline")
    person = E("Person", "Auberon Pemberline", "Pemberline")
    r = Resolver([firm, person])
    new = E("Person", "Pemberline")
    assert linked_id(r, new) == person.id  # the one person; the firm is another type


def test_full_names_drop_short_forms_and_keep_equals():
    assert set(full_names(E("Person", "Auberon Pemberline", "Auberon", "Pemberline", "A. Pemberline"))) == {
        "Auberon Pemberline", "A. Pemberline"}
    assert set(full_names(E("Organization", "Quillemont Markets Ltd", "Quillemont", "Quillemont Markets"))) == {
        "Quillemont Markets Ltd", "Quillemont Markets"}
    assert set(full_names(E("Organization", "Isolde Trust", "IT"))) == {"Isolde Trust"}


@pytest.mark.parametrize("new,known,joins", [
    ("Quillemont Holdings plc", "Quillemont Markets Ltd", False),  # namesakes going on differently
    ("Quillemont Group", "Quillemont Capital", False),
    ("Quillemont Holdings plc", "Quillemont Holdings", True),  # a legal form only
    ("Quillemont Holdings plc", "Quillemont", True),  # the one short firm
    ("Quillemont Markets", "Quillemont Markets Ltd", True),
])
def test_firms_sharing_a_first_word_join_only_when_one_name_extends_the_other(new, known, joins):
    k = E("Organization", known)
    n = E("Organization", new)
    assert (linked_id(Resolver([k]), n) == k.id) is joins
