"""Status cues read from a dependency tree. Trees are built by hand (no trained model)."""
import spacy
from spacy.tokens import Doc

from kg.extract.status import is_negated, load_status_cues, status_of

VOCAB = spacy.blank("en").vocab


def tree(words, heads, deps, lemmas=None, pos=None):
    return Doc(VOCAB, words=words, heads=heads, deps=deps, lemmas=lemmas or [w.lower() for w in words],
               pos=pos or ["X"] * len(words))


def test_cues_are_loaded_from_data():
    cues = load_status_cues()
    assert cues.modifier["allegedly"] == "alleged"
    assert cues.governor["withdraw"] == "withdrawn"
    assert "prosecutor" in cues.speaker


def test_plain_statement_has_no_status():
    doc = tree(["Ebbwick", "lent", "money", "to", "Osmira"], [1, 1, 1, 1, 3], ["nsubj", "ROOT", "dobj", "prep", "pobj"],
               lemmas=["Ebbwick", "lend", "money", "to", "Osmira"])
    assert status_of(doc[1], "LENT_TO") is None
    assert not is_negated(doc[1])


def test_allegedly_modifier():
    doc = tree(["Ebbwick", "allegedly", "lent", "money"], [2, 2, 2, 2], ["nsubj", "advmod", "ROOT", "dobj"],
               lemmas=["Ebbwick", "allegedly", "lend", "money"])
    assert status_of(doc[2], "LENT_TO") == "alleged"


def test_denied_governs_the_reported_clause():
    # Marrow denied that Ebbwick lent money
    doc = tree(["Marrow", "denied", "that", "Ebbwick", "lent", "money"], [1, 1, 4, 4, 1, 4],
               ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj"],
               lemmas=["Marrow", "deny", "that", "Ebbwick", "lend", "money"])
    assert status_of(doc[4], "LENT_TO") == "denied"


def test_prosecutors_say_makes_an_allegation():
    # Ebbwick lent money, prosecutors say
    doc = tree(["Ebbwick", "lent", "money", ",", "prosecutors", "say"], [1, 5, 1, 5, 5, 5],
               ["nsubj", "ccomp", "dobj", "punct", "nsubj", "ROOT"],
               lemmas=["Ebbwick", "lend", "money", ",", "prosecutor", "say"])
    assert status_of(doc[1], "LENT_TO") == "alleged"


def test_withdrawn_outranks_planned():
    # Trell withdrew its offer to buy Osmira
    doc = tree(["Trell", "withdrew", "its", "offer", "to", "buy", "Osmira"], [1, 1, 3, 1, 5, 3, 5],
               ["nsubj", "ROOT", "poss", "dobj", "aux", "acl", "dobj"],
               lemmas=["Trell", "withdraw", "its", "offer", "to", "buy", "Osmira"])
    assert status_of(doc[5], "OFFERED_TO_ACQUIRE") == "withdrawn"


def test_plans_to_buy_is_planned_but_not_for_lending_modals():
    doc = tree(["Trell", "plans", "to", "buy", "Osmira"], [1, 1, 3, 1, 3], ["nsubj", "ROOT", "aux", "xcomp", "dobj"],
               lemmas=["Trell", "plan", "to", "buy", "Osmira"])
    assert status_of(doc[3], "OFFERED_TO_ACQUIRE") == "planned"
    doc = tree(["Trell", "would", "lend", "money"], [2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj"],
               lemmas=["Trell", "would", "lend", "money"])
    assert status_of(doc[2], "LENT_TO") is None  # "would" is narrative, not a plan, outside acquisitions


def test_negation():
    doc = tree(["Trell", "did", "not", "lend", "money"], [3, 3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT", "dobj"],
               lemmas=["Trell", "do", "not", "lend", "money"])
    assert is_negated(doc[3])
