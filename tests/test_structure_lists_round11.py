"""Round 11: each item of a list is a sentence of its own: bullets ("- ", "\u2022 "), numbered findings ("1. ",
"2) ") and a thread's numbered posts ("3/"), whatever the line before them ended with ("Key takeaways",
"Findings:", an item with no full stop). Names found nowhere else in the project."""
from __future__ import annotations

import pytest

from tests.conftest import relation_names as relations

pytestmark = pytest.mark.model

_ITEMS = ["Quivenbury Markets lent $150 million to Drummelow Trading",
          "Farrandine Yellowlees owns Drummelow Trading",
          "Sternholm Ventures invested $20 million in Quivenbury Markets"]
_EXPECTED = {("Quivenbury Markets", "LENT_TO", "Drummelow Trading"),
             ("Farrandine Yellowlees", "OWNS", "Drummelow Trading"),
             ("Sternholm Ventures", "INVESTED_IN", "Quivenbury Markets")}


_BULLET_LIMIT = pytest.mark.xfail(strict=True, reason="en_core_web_sm 3.8's parser overrides the not-a-start mark "
                                  "on the word after the last '\u2022' bullet of items without full stops")
_MARKS = [["-"] * 3, ["\u2022"] * 3, ["*"] * 3, ["1.", "2.", "3."], ["1)", "2)", "3)"], ["1/", "2/", "3/"]]


@pytest.mark.parametrize("marks, stop", [
    pytest.param(m, stop, marks=_BULLET_LIMIT if m[0] == "\u2022" and not stop else ())
    for m in _MARKS for stop in ("", ".")])
@pytest.mark.parametrize("heading", ["Key takeaways", "Findings:", "WHAT WE KNOW"])
def test_each_list_item_is_a_sentence(nlp, marks, heading, stop):
    text = heading + "\n" + "\n".join(f"{m} {item}{stop}" for m, item in zip(marks, _ITEMS)) + "\n"
    sents = [s.text.strip() for s in nlp(text).sents]
    for m, item in zip(marks, _ITEMS):
        assert f"{m} {item}{stop}" in sents, sents
    if stop:  # (without its full stop "A owns B" alone is parsed as a noun phrase: a limit of the model)
        assert _EXPECTED <= relations(nlp, text)


def test_a_hyphen_inside_a_line_starts_nothing(nlp):
    text = "Quivenbury Markets - a lender in Jersey - lent $150 million to Drummelow Trading.\n"
    assert len(list(nlp(text).sents)) == 1
