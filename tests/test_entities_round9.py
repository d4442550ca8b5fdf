"""Round 9c entity mentions that relation endpoints need: a publication named after a capitalised description
word at a sentence start ("Newspaper X reported ..."), on names found nowhere else in the project."""
from __future__ import annotations

import pytest

from kg.extract import extract

pytestmark = pytest.mark.model


def _entities(nlp, text: str) -> dict:
    return {e.name: e.type for e in extract(text, nlp=nlp).entities}


@pytest.mark.parametrize("text, name", [
    ("Newspaper Jornal do Brulach reported on Monday that Tamsker Bank owed money.", "Jornal do Brulach"),
    ("Newsletter Skelgate Weekly wrote that Tamsker Bank had frozen withdrawals.", "Skelgate Weekly"),
    ("Magazine Maravelle Review said Tamsker Bank lent money to Dellbrook Markets.", "Maravelle Review"),
])
def test_a_leading_description_word_is_no_part_of_the_name(nlp, text, name):
    ents = _entities(nlp, text)
    assert ents.get(name) == "Organization"
    assert not any(n.split()[0] in ("Newspaper", "Newsletter", "Magazine") for n in ents)


def test_a_leading_word_that_is_no_description_stays_in_the_name(nlp):
    ents = _entities(nlp, "Fennimere Brulach Bank lent money to Tamsker Bank.")
    assert "Fennimere Brulach Bank" in ents
