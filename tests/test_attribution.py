"""Sources and event dates read from a claim's sentence (pure, no model)."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.attribution import article_date, attribute, attributed_source, event_date
from kg.model import Article, ArticleGraph, Evidence, Relation

SOURCES = [
    ("Quillon lent $8 billion to Brask in 2021, reports The Wall Street Journal.", "The Wall Street Journal"),
    ("Quillon lent $8 billion to Brask, reported Reuters.", "Reuters"),
    ("Quillon allegedly lent $10 billion to Brask, according to a court filing.", "a court filing"),
    ("According to The Financial Times, Veltro moved $3m to Tarn.", "The Financial Times"),
    ("According to people familiar with the matter, Veltro moved $3m to Tarn.", "people familiar with the matter"),
    ("Veltro moved $3m to Tarn, prosecutors said.", "prosecutors"),
    ("Veltro moved $3m to Tarn, the SEC alleged.", "the SEC"),
    ("Veltro moved $3m to Tarn, Odile Marchetti told investors.", "Odile Marchetti"),
    ("A bankruptcy filing shows that Veltro owed Tarn $3m.", "A bankruptcy filing"),
    ("Court documents say Veltro owed Tarn $3m.", "Court documents"),
    ("Bloomberg reported that Veltro lent $3m to Tarn.", "Bloomberg"),
    ("Prosecutors allege that Veltro lent $3m to Tarn.", "Prosecutors"),
    # an auxiliary or "also" between the source and its verb is not part of the source's name
    ("The Maritime Conduct Authority has said Veltro lent $3m to Tarn.", "The Maritime Conduct Authority"),
    ("Regulators have alleged that Veltro lent $3m to Tarn.", "Regulators"),
    ("The Osterby Ledger had reported that Veltro lent $3m to Tarn.", "The Osterby Ledger"),
    ("Ines Halvorsen also said Veltro lent $3m to Tarn.", "Ines Halvorsen"),
    ("Ines Halvorsen has also claimed that Veltro lent $3m to Tarn.", "Ines Halvorsen"),
]
OWN_VOICE = [
    "Quillon lent $8 billion to Brask Capital.",
    "Veltro moved $3m to Tarn, he said.",
    "Veltro, which Odile Marchetti founded, lent $3m to Tarn.",
    "The exchange lent $40 million to the fund in March.",
]


@pytest.mark.parametrize("sentence,source", SOURCES)
def test_attributed_sources_are_read_as_written(sentence, source):
    assert attributed_source(sentence) == source


@pytest.mark.parametrize("sentence", OWN_VOICE)
def test_the_articles_own_voice_has_no_source(sentence):
    assert attributed_source(sentence) is None


ON = dt.date(2022, 11, 14)  # a Monday
DATES = [
    ("Veltro lent $3m to Tarn in 2018.", None, "2018"),
    ("Veltro lent $3m to Tarn in early 2019.", None, "2019"),
    ("Veltro lent $3m to Tarn in March 2021.", None, "2021-03"),
    ("Veltro lent $3m to Tarn on November 8, 2022.", None, "2022-11-08"),
    ("Veltro lent $3m to Tarn on 8 November 2022.", None, "2022-11-08"),
    ("Veltro lent $3m to Tarn on Nov. 8.", ON, "2022-11-08"),
    ("Veltro lent $3m to Tarn on Dec. 20.", ON, "2021-12-20"),  # after the article's date: last year's
    ("Veltro lent $3m to Tarn last week.", ON, "2022-11-07"),
    ("Veltro lent $3m to Tarn yesterday.", ON, "2022-11-13"),
    ("Veltro lent $3m to Tarn last month.", ON, "2022-10"),
    ("Veltro lent $3m to Tarn earlier this year.", ON, "2022"),
    ("Veltro lent $3m to Tarn last year.", ON, "2021"),
    ("Veltro lent $3m to Tarn on Tuesday.", ON, "2022-11-08"),
    ("Veltro lent $3m to Tarn on Nov. 8.", None, None),  # no year to put it in
    ("Veltro lent $3m to Tarn last week.", None, None),
    ("Veltro lent $3m to Tarn, owner of 2018 Holdings.", None, None),
    ("Veltro lent $3m to Tarn.", ON, None),
]


@pytest.mark.parametrize("sentence,on,date", DATES)
def test_event_dates_as_precise_as_the_text(sentence, on, date):
    assert event_date(sentence, on) == date


def test_the_date_line_dates_the_article():
    assert article_date("Quillon's loan\nBy A. Writer\nNovember 14, 2022\n\nQuillon lent ...") == dt.date(2022, 11, 14)
    assert article_date("Title\n2022-11-14\nText") == dt.date(2022, 11, 14)
    assert article_date("Title\n\nQuillon lent $3m in 2019.") is None


def test_attribute_fills_source_date_and_currency_and_keeps_what_is_set():
    text = "Brask deal\nNovember 14, 2022\n\nVeltro lent €3 million to Tarn last week, reports Le Monde."
    art = Article.from_text(text, "a.txt")
    sent = text.split("\n")[-1]
    given = Evidence(art.id, sent, 10, 20, source="a court filing")
    rel = Relation("organization:veltro", "organization:tarn", "LENT_TO",
                   [Evidence(art.id, sent, 30, 30 + len(sent)), given], None, "€3 million")
    (out,) = attribute(ArticleGraph(art, [], [rel])).relations
    read, kept = out.evidence
    assert (read.source, read.date, read.currency, read.amount_value, read.amount_usd) == ("Le Monde", "2022-11-07", "EUR", 3e6, None)
    assert kept.source == "a court filing" and kept.date == "2022-11-07"
    (later,) = attribute(ArticleGraph(art, [], [rel]), dt.date(2023, 1, 10)).relations
    assert later.evidence[0].date == "2023-01-03"  # --date wins over the date line
