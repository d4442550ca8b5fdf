"""Two parties never become one through what an article defined for itself (pure, no model). Found by the
corpus FtM round trip: "Osterley Trust (OT)" in one article joined "Osric Thamesby ("OT")" of another, and
the firm Helena Quenby leads became a person she leads. An initialism ("OT", "K.V.", "TQM") is an article's
own abbreviation and links nothing across articles; and a person-or-firm correction never makes a stated
relation break the schema. Names are invented."""
import itertools

import pytest

from kg.model import Article, ArticleGraph, Entity, Relation
from kg.resolve import Resolver, entity_id, full_names
from kg.schema import load_schema


def E(type, name, *aliases):
    return Entity(entity_id(type, name), name, type, [name, *aliases])


def R(source, rel_type, target):
    return Relation(source.id, target.id, rel_type, [], None, None, None, 0.9)


def article(entities, relations=(), text="x"):
    return ArticleGraph(Article.from_text(text, f"{text}.txt"), list(entities), list(relations), [])


def linked_id(resolver, ent):
    [only] = resolver.link(article([ent])).entities
    return only.id


# the same initials, spelled as articles define them, for a person and a firm of different names
PAIRS = [
    (("Person", "Osric Thamesby"), ("Organization", "Osterley Trust"), "OT"),
    (("Person", "Kaspar Vellino"), ("Organization", "Kerrow Ventures"), "KV"),
    (("Organization", "Tamsford Quay Markets"), ("Organization", "Tollis Quarry Mining"), "TQM"),
    (("Person", "Idris Bellamane"), ("Person", "Ilse Brandt"), "IB"),
    (("Organization", "Nevrin Capital"), ("Person", "Noor Calloway"), "N.C."),
]


@pytest.mark.parametrize("first, second, abbr", PAIRS)
@pytest.mark.parametrize("order", [0, 1])
def test_two_parties_sharing_initials_stay_two(first, second, abbr, order):
    a, b = (first, second) if order == 0 else (second, first)
    known = E(a[0], a[1], abbr)
    r = Resolver([known])
    new = E(b[0], b[1], abbr)
    assert linked_id(r, new) == new.id


@pytest.mark.parametrize("first, second, abbr", PAIRS)
def test_an_initialism_is_no_full_name_but_the_full_name_still_links(first, second, abbr):
    known = E(first[0], first[1], abbr)
    assert abbr not in full_names(known) and first[1] in full_names(known)
    r = Resolver([known])
    again = E(first[0], first[1], abbr)
    assert linked_id(r, again) == known.id


def test_a_name_that_is_no_initialism_still_links_on_its_own():
    exchange = E("Organization", "Zelcor", "Zelcor Exchange")  # one capitalised word, not the initials
    r = Resolver([exchange])
    assert linked_id(r, E("Organization", "Zelcor")) == exchange.id
    brand = E("Organization", "KVX")  # capitals naming a firm, and nothing else it is called
    r = Resolver([brand])
    assert linked_id(r, E("Organization", "KVX")) == brand.id


# -- a correction of person or firm must keep every stated relation within the schema ---------------------

SCHEMA = load_schema()


def _fits(rel_type, source_type, target_type):
    return SCHEMA.allows(rel_type, source_type, target_type)


def _other_end(rel_type, is_source, article_type):
    """A type the relation's other end may take when the article's entity is an ``article_type``."""
    return next((t for t in SCHEMA.entity_types
                 if (_fits(rel_type, article_type, t) if is_source else _fits(rel_type, t, article_type))), None)


# every relation type, either end, a person read as a firm or a firm read as a person, wherever the schema
# lets the article's reading stand
CORRECTIONS = [(t, side, a, k) for t in SCHEMA.relation_types for side in (True, False)
               for a, k in itertools.permutations(["Person", "Organization"]) if _other_end(t, side, a)]


@pytest.mark.parametrize("rel_type, is_source, article_type, known_type", CORRECTIONS)
def test_a_person_firm_correction_never_breaks_a_stated_relation(rel_type, is_source, article_type, known_type):
    """The known entity has the same name, typed the other way. The article states one relation of it with a
    party whose type fits the article's reading. Linked only if the relation fits the known type too."""
    name = "Harrowmere Lisle"
    other_type = _other_end(rel_type, is_source, article_type)
    other = E(other_type, "Brennock Vale" if other_type != "Token" else "BRNK")
    known = E(known_type, name)
    r = Resolver([known])
    ent = E(article_type, name)
    rel = R(ent, rel_type, other) if is_source else R(other, rel_type, ent)
    out = r.link(article([ent, other], [rel]))
    by_id = {e.id: e for e in out.entities}
    [lr] = out.relations
    assert _fits(lr.type, by_id[lr.source].type, by_id[lr.target].type)
    still_fits = _fits(rel_type, known_type, other.type) if is_source else _fits(rel_type, other.type, known_type)
    assert (by_id[ent.id if ent.id in by_id else known.id].id == known.id) == still_fits
