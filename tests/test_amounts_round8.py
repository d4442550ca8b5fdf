"""Round 8 amounts: figures written out in words ("forty-one million pounds", "a hundred and twenty million
dollars") and in thousands ("US$41,750 thousand"), beside near misses that are no money amounts."""
from __future__ import annotations

import pytest

from kg.extract.amounts import find_amounts


@pytest.mark.parametrize("text, usd, value, currency", [
    ("The bid was at two hundred and ten million dollars, she said.", 210e6, 210e6, "USD"),
    ("They lent him eighteen million dollars to buy a flat.", 18e6, 18e6, "USD"),
    ("a hundred and twenty million dollars went missing", 120e6, 120e6, "USD"),
    ("We are taking a provision of forty-one million pounds.", None, 41e6, "GBP"),
    ("The fund paid nine hundred thousand dollars in fees.", 9e5, 9e5, "USD"),
    ("an offer of US$41,750 thousand for the shares", 41.75e6, 41.75e6, "USD"),
])
def test_an_amount_in_words_or_thousands_is_read_whole(text, usd, value, currency):
    (a,) = find_amounts(text)
    assert (a.usd, a.value, a.currency) == (usd, value, currency)
    assert a.text in text and text[a.start:a.end].strip() == a.text


@pytest.mark.parametrize("text", [
    "Two hundred people lost a million hours of work.",  # no currency word
    "one of the million dollars raised",  # no number word before the scale
    "forty-one million shares changed hands",  # no currency word after the scale
])
def test_number_words_without_scale_and_currency_are_no_amount(text):
    assert find_amounts(text) == []


def test_word_and_figure_amounts_come_in_text_order():
    found = find_amounts("First $5m, then eighteen million dollars, then €2 million.")
    assert [a.text for a in found] == ["$5m", "eighteen million dollars", "€2 million"]
