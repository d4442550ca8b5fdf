"""Money amounts as written -> dollars (pure, no model)."""
import pytest

from kg.extract.amounts import find_amounts, parse_amount


@pytest.mark.parametrize(
    "text, usd, written",
    [
        ("$10 billion", 1e10, "$10 billion"),
        ("$580m", 5.8e8, "$580m"),
        ("1.2 billion dollars", 1.2e9, "1.2 billion dollars"),
        ("$3.66bn", 3.66e9, "$3.66bn"),
        ("about $650 million", 6.5e8, "$650 million"),
        ("US$1,200,000", 1.2e6, "US$1,200,000"),
        ("40 million dollars", 4e7, "40 million dollars"),
        ("$12m back", 1.2e7, "$12m"),
    ],
)
def test_dollar_amounts_convert(text, usd, written):
    a = parse_amount(text)
    assert a is not None
    assert a.usd == pytest.approx(usd)
    assert a.text == written


@pytest.mark.parametrize("text", ["€500 million", "500 million euros", "£3bn", "CHF 20 million"])
def test_other_currencies_keep_text_but_no_dollars(text):
    a = parse_amount(text)
    assert a is not None and a.usd is None and a.text


@pytest.mark.parametrize("text", ["in 2017 the firm", "62 percent of the supply", "900,000 users"])
def test_numbers_that_are_not_money(text):
    assert parse_amount(text) is None


def test_offsets_point_into_the_text():
    text = "Varnholt lent $45 million to Ebbwick and €3m to Trell."
    found = find_amounts(text)
    assert [text[a.start:a.end] for a in found] == ["$45 million", "€3m"]
    assert [a.usd for a in found] == [pytest.approx(4.5e7), None]
