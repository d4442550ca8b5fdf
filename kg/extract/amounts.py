"""Money amounts as written in news text -> (US dollars, text). Pure functions, no model.

"$10 billion" -> 1e10, "$580m" -> 5.8e8, "1.2 billion dollars" -> 1.2e9, "US$3.66bn" -> 3.66e9,
"about $650 million" -> 6.5e8. Amounts in other currencies ("€500 million") keep their text but get no
dollar value: converting them would need a rate and a date the article does not give.

A figure outside the sane range (above MAX_AMOUNT, or not a finite number: "$1" and 400 zeros, "$1e400")
is not an amount: ``find_amounts`` leaves it out and ``implausible_amounts`` names it, for a warning.
Scientific notation is read whole ("$5.5e9" is 5.5e9, never "$5.5").
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from kg.schema import data_path

# A quadrillion dollars: above world GDP many times over; a larger figure is a typo, a joke or an attack.
MAX_AMOUNT = 1e15

SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9,
    "t": 1e12, "tn": 1e12, "trillion": 1e12,
    "mio": 1e6, "mrd": 1e9, "mds": 1e9,  # translated figures: "EUR 12,5 Mio.", "USD 1,2 Mrd."
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7,
}
DOLLAR_PREFIXES = {"$", "us$", "usd", "u.s.$"}
OTHER_PREFIXES = {"€", "£", "¥", "₹", "eur", "gbp", "chf", "jpy", "inr", "rs", "a$", "c$", "hk$", "s$"}
DOLLAR_SUFFIXES = {"dollars", "dollar", "usd", "us dollars", "u.s. dollars"}
OTHER_SUFFIXES = {"euros", "euro", "eur", "pounds", "sterling", "gbp", "yen", "francs", "chf"}

_CURRENCY = {"€": "EUR", "euros": "EUR", "euro": "EUR", "eur": "EUR", "£": "GBP", "pounds": "GBP", "sterling": "GBP",
             "gbp": "GBP", "¥": "JPY", "yen": "JPY", "jpy": "JPY", "chf": "CHF", "francs": "CHF", "a$": "AUD", "c$": "CAD",
             "hk$": "HKD", "s$": "SGD", "₹": "INR", "inr": "INR", "rs": "INR"}
# a decimal comma ("12,5 Mio.", "41,8"): one or two digits after it, never a thousands separator
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?)(?:[eE][+-]?\d+)?"
_SCALE = r"(?:thousand|millions?|billions?|trillion|crores?|lakhs?|mln|bln|mil|mio|mrd|mds|mn|bn|tn|k|m|b|t)"
_PREFIX = r"(?:US\$|U\.S\.\$|A\$|C\$|HK\$|S\$|\$|€|£|¥|₹|USD|EUR|GBP|CHF|JPY|INR|(?<!\w)Rs\.?(?=\s?\d))"
_SUFFIX = r"(?:U\.S\. dollars|US dollars|dollars?|USD|euros?|EUR|pounds|sterling|GBP|yen|francs|CHF)"
AMOUNT_RE = re.compile(
    rf"(?P<prefix>{_PREFIX})\s?(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?(?:\s(?P<suffix>{_SUFFIX})\b)?"
    rf"|(?<![\w$€£¥])(?P<num2>{_NUM})(?:\s?(?P<scale2>{_SCALE}))?\s(?P<suffix2>{_SUFFIX})\b",
    re.IGNORECASE,
)

_WORDS = json.loads(data_path("amount_words.json").read_text(encoding="utf-8"))
_UNITS, _TENS, _HUNDRED = _WORDS["units"], _WORDS["tens"], _WORDS["hundred"]
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN = "|".join(sorted(_TENS, key=len, reverse=True))
_BELOW_100 = rf"(?:(?:{_TEN})(?:[- ](?:{_UNIT}))?|(?:{_UNIT}))"
# "forty-one million pounds", "a hundred and twenty million dollars", "eighteen million dollars"
WORD_AMOUNT_RE = re.compile(
    rf"(?<![\w-])(?P<words>{_BELOW_100}(?:\s+{_HUNDRED}(?:\s+and\s+{_BELOW_100})?)?)\s+"
    rf"(?P<scale>thousand|million|billion|trillion)\s+(?P<suffix>{_SUFFIX})\b",
    re.IGNORECASE,
)


def _words_value(words: str) -> float:
    """'two hundred and ten' -> 210, 'forty-one' -> 41, 'a hundred' -> 100."""
    total, part = 0, 0
    for w in re.split(r"[\s-]+", words.lower()):
        if w in _UNITS or w in _TENS:
            part += _UNITS.get(w) or _TENS[w]
        elif w == _HUNDRED:
            total += (part or 1) * 100
            part = 0
    return float(total + part)


@dataclass(frozen=True)
class Amount:
    text: str
    usd: float | None  # None when the currency is not the US dollar
    start: int  # character offsets within the text searched
    end: int
    value: float | None = None  # in its own currency
    currency: str | None = None  # ISO code when known ("USD", "EUR", ...), else the symbol or word as written


def _scan(text: str) -> list[tuple[Amount, float]]:
    """Every money-like figure in ``text`` with its value in its own currency, sane or not."""
    out: list[tuple[Amount, float]] = []
    for m in AMOUNT_RE.finditer(text):
        prefix = (m.group("prefix") or "").lower().rstrip(".")
        num = m.group("num") or m.group("num2")
        scale = (m.group("scale") or m.group("scale2") or "").lower()
        suffix = (m.group("suffix") or m.group("suffix2") or "").lower()
        try:
            digits = num.replace(",", ".") if _DECIMAL_COMMA.fullmatch(num) else num.replace(",", "")
            value = float(digits) * SCALES.get(scale, 1.0)
        except OverflowError:
            value = math.inf
        is_dollar = (prefix in DOLLAR_PREFIXES and suffix not in OTHER_SUFFIXES) or (
            not prefix and suffix in DOLLAR_SUFFIXES
        )
        currency = "USD" if is_dollar else _CURRENCY.get(prefix or suffix, (prefix or suffix).upper() or None)
        amount = Amount(text=m.group(0).strip(), usd=value if is_dollar else None, start=m.start(), end=m.end(),
                        value=value, currency=currency)
        out.append((amount, value))
    for m in WORD_AMOUNT_RE.finditer(text):
        value = _words_value(m.group("words")) * SCALES[m.group("scale").lower()]
        suffix = m.group("suffix").lower()
        is_dollar = suffix in DOLLAR_SUFFIXES
        currency = "USD" if is_dollar else _CURRENCY.get(suffix, suffix.upper())
        out.append((Amount(text=m.group(0).strip(), usd=value if is_dollar else None, start=m.start(), end=m.end(),
                           value=value, currency=currency), value))
    out.sort(key=lambda av: av[0].start)
    return out


def _plausible(value: float) -> bool:
    return math.isfinite(value) and 0 <= value <= MAX_AMOUNT


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text``, in order; implausible figures are left out."""
    return [a for a, value in _scan(text) if _plausible(value)]


def implausible_amounts(text: str) -> list[str]:
    """The money-like figures in ``text`` that are too large (or not finite) to be amounts, as written."""
    return [a.text for a, value in _scan(text) if not _plausible(value)]


def parse_amount(text: str) -> Amount | None:
    """The first money amount in ``text``, or None when there is none."""
    found = find_amounts(text)
    return found[0] if found else None
