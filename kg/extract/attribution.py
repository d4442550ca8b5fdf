"""Who a claim is attributed to, and when the event it states happened. Pure functions over the claim's
sentence, no model: run on each article's graph after extraction (``attribute``).

- ``source``: "..., reports The Wall Street Journal", "according to a court filing", "Reuters reported
  that ...", "..., prosecutors said", "a filing shows ...". None when the sentence speaks in the
  article's own voice (or only a pronoun is named: "he said" names nobody).
- ``date``: ISO, as precise as the text ("2018", "2022-11", "2022-11-08"): "in 2018", "in March 2021",
  "on Nov. 8" (the year from the article's date), "on November 8, 2022", "last week", "yesterday",
  "last month", "earlier this year", "on Tuesday". Relative dates need the article's date: its date line
  (``article_date``) or ``kg ingest --date``; without one they stay unresolved (None).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

from kg.extract.amounts import parse_amount
from kg.model import ArticleGraph, Claim

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# Names and descriptions a sentence attributes a statement to.
_NAME = r"(?:The\s+|the\s+)?[A-Z][\w&'.\-]*(?:\s+(?:of|for|and|&|de|the)?\s*[A-Z][\w&'.\-]*){0,6}"
_DOCUMENT = (r"(?:an?|the)\s+(?:court\s+|bankruptcy\s+|regulatory\s+|securities\s+)?(?:filing|complaint|indictment|lawsuit|"
             r"affidavit|report|statement|audit|memo|document|letter)s?|(?:court\s+)?(?:filings|documents|records|papers)")
_GROUP = (r"(?:prosecutors|regulators|investigators|officials|analysts|lawyers|people familiar with the matter|"
          r"a person familiar with the matter|sources|a spokesperson|a spokesman|a spokeswoman)")
_SAY = r"(?:said|says|say|reported|reports|report|alleged|alleges|allege|claimed|claims|told|wrote|writes|stated|states|testified|confirmed)"
_SHOW = r"(?:shows?|showed|says?|said|alleges?|alleged|states?|stated|claims?|claimed|revealed|reveals?)"
_AUX = r"(?:(?:has|have|had|has\s+also|had\s+also|also)\s+)?"
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this"}

_ATTRIBUTIONS = [
    # "according to a court filing", "according to The Wall Street Journal"
    re.compile(rf"\b(?i:according to) (?P<src>{_DOCUMENT}|{_GROUP}|{_NAME})"),
    # "..., reports The Wall Street Journal." / "..., said Jane Roe."
    re.compile(rf",\s*{_SAY}\s+(?P<src>{_NAME}|{_DOCUMENT}|{_GROUP})\s*[.!?]?\s*$"),
    # "..., prosecutors said." / "..., the SEC alleged."
    re.compile(rf",\s*(?P<src>{_GROUP}|{_DOCUMENT}|{_NAME})\s+{_SAY}(?:\s+[\w.]+){{0,3}}\s*[.!?]?\s*$"),
    # "a court filing shows ..." / "Filings show that ..."
    re.compile(rf"(?:^|,\s*)(?P<src>{_DOCUMENT})\s+{_SHOW}\b", re.I),
    # "Reuters reported that ...", "Prosecutors allege ..."
    # (a name keeps its capitals when the rest is matched without case; "has said", "had alleged")
    re.compile(rf"^(?P<src>(?-i:{_NAME})|{_GROUP})\s+{_AUX}{_SAY}\s+(?:that\s+|on\s+\w+\s+that\s+)?", re.I),
]


def attributed_source(sentence: str) -> str | None:
    """The party ``sentence`` attributes its statement to, as written; None for the article's own voice."""
    text = " ".join(sentence.split())
    for pat in _ATTRIBUTIONS:
        m = pat.search(text)
        if m:
            src = m.group("src").strip().rstrip(".,")
            if src.lower() in _PRONOUNS or not src:
                continue
            return src
    return None


# --- dates -----------------------------------------------------------------------------------------

def _month(name: str) -> int:
    k = name.lower().rstrip(".")
    return MONTHS.get(k) or MONTH_ABBR.get(k[:4] if k.startswith("sept") else k[:3], 0)


_FULL_DATE = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+{_YEAR}\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_DAY_MONTH = re.compile(rf"\bon\s+(?:\w+day,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*(?:19|20)\d{{2}})")
_MONTH_YEAR = re.compile(rf"\b(?:in|during|since|by|from|until|of|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?{_MONTH}\s+(?:of\s+)?{_YEAR}\b")
_YEAR_ONLY = re.compile(rf"\b(?:in|during|since|by|from|until|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?{_YEAR}\b(?!-)")
_RELATIVE = re.compile(r"\b(?P<rel>yesterday|last week|last month|last year|earlier this (?:year|month|week)|this (?:year|month)|"
                       r"on (?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b", re.I)


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d:
            return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}" if m else f"{y:04d}"


def event_date(sentence: str, article_date: _dt.date | None = None) -> str | None:
    """The event date ``sentence`` gives, ISO and as precise as the text; relative expressions resolved
    against ``article_date``. None when the sentence dates nothing (or only relatively, with no date)."""
    text = " ".join(sentence.split())
    for pat in (_FULL_DATE, _DAY_MONTH_YEAR):
        m = pat.search(text)
        if m and _month(m.group("month")):
            return _iso(int(m.group("year")), _month(m.group("month")), int(m.group("day")))
    m = _ISO.search(text)
    if m:
        return _iso(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    m = _DAY_MONTH.search(text)
    if m and article_date and _month(m.group("month")):
        month, day = _month(m.group("month")), int(m.group("day"))
        year = article_date.year - (1 if (month, day) > (article_date.month, article_date.day) else 0)  # news looks back
        return _iso(year, month, day)
    m = _MONTH_YEAR.search(text)
    if m and _month(m.group("month")):
        return _iso(int(m.group("year")), _month(m.group("month")))
    m = _YEAR_ONLY.search(text)
    if m:
        return m.group("year")
    m = _RELATIVE.search(text)
    if m and article_date:
        return _relative(m.group("rel").lower(), m.group("weekday"), article_date)
    return None


def _relative(rel: str, weekday: str | None, d: _dt.date) -> str | None:
    if weekday:
        back = (d.weekday() - WEEKDAYS.index(weekday.lower())) % 7 or 7
        return (d - _dt.timedelta(days=back)).isoformat()
    if rel == "yesterday":
        return (d - _dt.timedelta(days=1)).isoformat()
    if rel == "last week":
        return (d - _dt.timedelta(days=7)).isoformat()
    if rel == "last month":
        first = d.replace(day=1) - _dt.timedelta(days=1)
        return _iso(first.year, first.month)
    if rel == "last year":
        return _iso(d.year - 1)
    if rel in ("earlier this month", "this month", "earlier this week"):
        return _iso(d.year, d.month)
    return _iso(d.year)  # this year, earlier this year


_DATE_LINE_LINES = 6  # a date line sits near the top: title, byline, date


def article_date(text: str) -> _dt.date | None:
    """The article's own date from its date line (one of its first lines holding a full date)."""
    for line in text.splitlines()[:_DATE_LINE_LINES]:
        for pat in (_FULL_DATE, _DAY_MONTH_YEAR, _ISO):
            m = pat.search(line)
            if m:
                month = _month(m.group("month")) if not m.group("month").isdigit() else int(m.group("month"))
                try:
                    return _dt.date(int(m.group("year")), month, int(m.group("day")))
                except ValueError:
                    continue
    return None


def parse_date(value: str) -> _dt.date:
    """``kg ingest --date``: YYYY-MM-DD."""
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--date {value!r}: not a date (give YYYY-MM-DD)") from None


# --- the pass ----------------------------------------------------------------------------------------

def attribute_claim(c: Claim, when: _dt.date | None) -> Claim:
    """The claim with what its sentence says of its source, date and amount filled in where not set."""
    changes: dict = {}
    if c.source is None:
        src = attributed_source(c.sentence)
        if src:
            changes["source"] = src
    if c.date is None:
        d = event_date(c.sentence, when)
        if d:
            changes["date"] = d
    if c.amount_text and (c.amount_value is None or c.currency is None):
        a = parse_amount(c.amount_text)
        if a is not None:
            changes.setdefault("amount_value", getattr(a, "value", None) if c.amount_value is None else c.amount_value)
            changes.setdefault("currency", getattr(a, "currency", None) if c.currency is None else c.currency)
    return replace(c, **changes) if changes else c


def attribute(graph: ArticleGraph, default_date: _dt.date | None = None) -> ArticleGraph:
    """Each relation's claims with their sources, event dates and currencies, dates resolved against
    ``default_date`` (``kg ingest --date``) or else the article's date line."""
    when = default_date or article_date(graph.article.text)
    rels = [replace(r, evidence=[attribute_claim(c, when) for c in r.claims]) for r in graph.relations]
    return replace(graph, relations=rels)


__all__ = ["attributed_source", "event_date", "article_date", "attribute", "attribute_claim", "parse_date"]
