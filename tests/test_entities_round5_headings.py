"""Round 5 entities: a heading's capitals on a phrase the article also writes in lower case is no name; a name
the article never writes in lower case stays one. Names found nowhere else in the project."""
from __future__ import annotations

import pytest
import spacy

from kg.extract import entities as E


def _cand(text, phrase, source="ner"):
    doc = spacy.blank("en")(text)
    start = text.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    return doc, E._Cand(span.start, span.end, span.text, source=source)


@pytest.mark.parametrize("text,phrase", [
    ("Cautionary Notes\n\nThis release contains cautionary notes about the merger.", "Cautionary Notes"),
    ("Summary of Revised Petition: Belvane v. Ostrelling\n\nThe revised petition was filed in May.", "Revised Petition"),
    ("Risk Factors\n\nThe risk factors below describe Wendmoor Ltd.", "Risk Factors"),
    ("Forward-Looking Remarks\n\nIt contains forward-looking remarks.", "Forward-Looking Remarks"),
])
def test_a_capitalised_phrase_the_article_writes_in_lower_case_is_no_name(text, phrase):
    doc, c = _cand(text, phrase)
    assert E._common_phrase(doc, c)


@pytest.mark.parametrize("text,phrase,source", [
    # the same heading shape, but the article never lowers it: a name
    ("Ostrelling Belvane\n\nOstrelling Belvane said the petition was revised.", "Ostrelling Belvane", "ner"),
    # a legal form keeps a name even when its words are common ones
    ("Summit Holdings Ltd said summit holdings ltd would pay.", "Summit Holdings Ltd", "ner"),
    # lower case only as part of a longer word does not count
    ("Wend Moor said the wend moorland was sold.", "Wend Moor", "ner"),
    # a single word ("Harvest") may be a name and a common word at once
    ("Harvest said the harvest was late.", "Harvest", "ner"),
    # the lexicon's names are kept whatever the text does
    ("Cautionary Notes\n\nThis release contains cautionary notes.", "Cautionary Notes", "lexicon"),
])
def test_names_not_written_in_lower_case_stay_names(text, phrase, source):
    doc, c = _cand(text, phrase, source)
    assert not E._common_phrase(doc, c)


# -- a place qualifying a kind of firm ------------------------------------------------------------------

def _parsed(words, pos, tags):
    from spacy.tokens import Doc
    return Doc(spacy.blank("en").vocab, words=words, pos=pos, tags=tags)


def _qualifier(text_words, k, extra_words=()):
    """The candidate at word ``k`` of "Quaymoor Vault , a X custodian ..." and the word after it."""
    words = list(text_words) + list(extra_words)
    pos = ["NOUN" if w.islower() and w.isalpha() else "PROPN" if w[:1].isupper() else "PUNCT" for w in words]
    tags = ["NN" if p == "NOUN" else "NNP" if p == "PROPN" else "," for p in pos]
    doc = _parsed(words, pos, tags)
    c = E._Cand(k, k + 1, words[k], source="ner")
    rt = doc[k + 1]
    return doc, c, rt, rt.text.lower()


@pytest.mark.parametrize("kind", ["custodian", "bank", "lender"])
def test_one_word_between_an_indefinite_article_and_a_kind_of_firm_is_where_it_is(kind):
    assert E._place_of_a_kind(*_qualifier(["Wendmoor", "Vault", ",", "a", "Andorvia", kind, "."], 4))


@pytest.mark.parametrize("words,k,extra", [
    (["Wendmoor", "Vault", ",", "a", "Andorvia", "subsidiary", "."], 4, ()),  # an owned kind names its owner
    (["Wendmoor", "Vault", ",", "a", "Andorvia", "fund", "."], 4, ()),
    (["Wendmoor", "Vault", ",", "the", "Andorvia", "custodian", "."], 4, ()),  # the definite: the firm's own name
    (["Wendmoor", "Vault", ",", "a", "Andorvia", "custodian", "."], 4, ("Andorvia", "lent", "it", "money", ".")),  # met again: a party
    (["an", "Andorvia", "director", "."], 1, ()),  # not a kind of firm ("an Enron managing director")
])
def test_an_owner_a_named_firm_or_a_role_is_no_place(words, k, extra):
    assert not E._place_of_a_kind(*_qualifier(words, k, extra))
