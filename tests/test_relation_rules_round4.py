"""Round 4 relation constructions, each on a family of sentences whose names are found nowhere else in the
project, with the nearby sentences that must not yield them."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def relations(nlp, text: str) -> set[tuple[str, str, str]]:
    from kg.extract import extract

    g = extract(text, nlp=nlp)
    name = {e.id: e.name for e in g.entities}
    return {(name[r.source], r.type, name[r.target]) for r in g.relations}


@pytest.mark.parametrize("text", [
    "Brinmoor Labs was set up in 2020 by Orla Vintersby, a former telecoms engineer, and Teodor Marrack, who had run a bank.",
    "Brinmoor Labs was co-founded in 2019 by Orla Vintersby, its chief executive until the bankruptcy, and Teodor Marrack, "
    "its chief operating officer.",
    "Orla Vintersby, a former telecoms engineer, and Teodor Marrack founded Brinmoor Labs.",
])
def test_a_coordinate_hung_on_an_apposition_is_a_party_too(nlp, text):
    rels = relations(nlp, text)
    for founder in ("Orla Vintersby", "Teodor Marrack"):
        assert (founder, "FOUNDED", "Brinmoor Labs") in rels, rels


def test_a_name_inside_the_apposition_is_not_a_coordinate(nlp):
    rels = relations(nlp, "Brinmoor Labs was founded by Orla Vintersby, a former adviser to Quenby Trading, and later sold.")
    assert ("Orla Vintersby", "FOUNDED", "Brinmoor Labs") in rels
    assert not any(r[0] == "Quenby Trading" for r in rels), rels


def test_a_coordinate_of_another_clause_is_not_a_party(nlp):
    rels = relations(nlp, "Brinmoor Labs hired Orla Vintersby, a former engineer, and Teodor Marrack founded Quenby Trading.")
    assert ("Orla Vintersby", "FOUNDED", "Brinmoor Labs") not in rels
    assert ("Teodor Marrack", "FOUNDED", "Brinmoor Labs") not in rels
