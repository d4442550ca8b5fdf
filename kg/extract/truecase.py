"""Lines in capitals read as prose: a line of five or more words in capitals ("07:34 *ZELLVANE LENT $310M TO
CORSBECK TRADING"), and the title-case headlines of a feed of headlines ("Quillmarsh Group Says It Will Buy
Zellvane for $75 Million"; a lone title-case headline among prose lines is read as written), is given the
case a sentence would have before the pipeline reads it, since the trained tagger, parser and NER read
case: names keep their capitals, the other words are put in lower case. Same length and offsets, so that
evidence and mentions are still quoted from the article as written (``kg.extract._as_written``).

A word keeps its capitals when the article writes it so in its ordinary lines, when it is no English word
(an invented firm, a ticker, a surname), or when it ends a name with an organisation's word ("Vantorre
Bank", "Gibraltar Financial Services Commission"); an English word is put in lower case. English words are
the base forms of the English model's lemmatizer tables, shipped as data (``schema/english_words.tsv.gz``),
with their regular inflections.
"""
from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import lru_cache

from kg.extract.lexicon import Lexicon
from kg.schema import data_path

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_lex = Lexicon("entity_lexicon.json")
NAME_END_WORDS = _lex.words("org_suffix_words") | _lex.words("publication_name_words")
INITIALISMS = _lex.words("capital_initialisms")
LEGAL_FORMS = _lex.words("capital_legal_forms")
NAME_END_WORDS |= LEGAL_FORMS
CAPS_SHARE = 0.85  # of a line's letters, for a line in capitals
CAPS_WORDS = 5  # and at least so many words
TITLE_SHARE = 0.8  # of a line's longer words, capitalised, for a title-case line
FEED_SHARE = 0.3  # of a text's lines, headlines (in title case or capitals), for its title-case lines to be rewritten
FEED_LINES = 5  # and at least so many of them


@lru_cache(maxsize=1)
def english_words() -> dict[str, str]:
    """Base form -> its parts of speech ("n", "v", "a", "r"), and the function words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    raw = gzip.decompress(data_path("english_words.tsv.gz").read_bytes()).decode("utf-8")
    words = dict(line.split("\t") for line in raw.splitlines() if line)
    for w in STOP_WORDS:  # ("at", "in" and "a" are nouns too in the tables)
        words[w] = "f"
    return words


def _base(w: str) -> str | None:
    """The English base form of the lower-case word ``w`` ("says" -> "say", "founded" -> "found"), or None."""
    words = english_words()
    if w in words:
        return w
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ied", "y"), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e"), ("'s", ""), ("’s", ""), ("s'", ""), ("er", ""), ("est", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            stem = w[: len(w) - len(suffix)] + repl
            if stem in words:
                return stem
    stem = w[:-4] if w.endswith("ing") and len(w) > 5 and w[-4] == w[-5] else \
        w[:-3] if w.endswith("ed") and len(w) > 4 and w[-3] == w[-4] else None  # "planning", "stopped"
    if stem is not None and stem in words:
        return stem
    return None


def in_capitals(line: str) -> bool:
    """A line in capitals: most of its letters (at least four) upper case."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= CAPS_SHARE * len(letters)


def _kind(line: str) -> str | None:
    """"caps" for a line in capitals, "title" for a title-case line, else None (an ordinary line)."""
    words = _WORD.findall(line)
    if len(words) < 3 or sum(c.isalpha() for c in line) < 12:
        return None
    if in_capitals(line):
        # (a short label in capitals, "FOR IMMEDIATE RELEASE", "TARNOWE DIGITAL PLC", is read as it stands)
        return "caps" if len(words) >= CAPS_WORDS else None
    long = [w for w in words if len(w) >= 4]
    if len(long) < 4 or sum(w[0].isupper() for w in long) < TITLE_SHARE * len(long):
        return None
    # a sentence crowded with names is no title: capitalised English words, other than a name's last word,
    # must carry it ("Quillmarsh Group Says It Will Buy ...")
    common = [w for w in long if w[0].isupper() and w.lower() not in NAME_END_WORDS and _base(w.lower()) is not None]
    return "title" if len(common) >= 2 else None


def _known_forms(lines: list[str], kinds: list[str | None]) -> dict[str, str]:
    """How the article writes each word in its ordinary lines, past a sentence's first word: lower case
    wins when it occurs at all ("bank" there), else the commonest written form ("Zellvane", "ZLVN")."""
    forms: dict[str, Counter] = {}
    for line, kind in zip(lines, kinds):
        if kind is not None:
            continue
        for m in _WORD.finditer(line):
            before = line[: m.start()].rstrip()
            if not before or before[-1] in ".!?:;\"'“‘(*-—•":
                continue  # a sentence's or a line's first word is capitalised whatever it is
            forms.setdefault(m.group().lower(), Counter())[m.group()] += 1
    out = {}
    for low, c in forms.items():
        out[low] = low if low in c else c.most_common(1)[0][0]
    return out


def _name_part(low: str, known: dict[str, str]) -> bool:
    """Can the word be part of a firm's name before its last word: no function word, no word the article
    writes in lower case, and a noun, an adjective or no English word at all."""
    if low in known:
        return known[low] != low
    base = _base(low)
    if base is None:
        return True
    pos = english_words()[base]
    return pos != "f" and ("n" in pos or "a" in pos)


def _decide(words: list[str], kind: str, known: dict[str, str], hyphened: list[bool], joined: list[bool]) -> list[str]:
    """The case of each word of a line in capitals or in title case (``hyphened``: the word follows a hyphen;
    ``joined``: only spaces or a hyphen stand between it and the word before)."""
    lows = [w.lower() for w in words]
    keep = [False] * len(words)
    for k, (w, low) in enumerate(zip(words, lows)):
        if kind == "title" and not w[0].isupper():
            continue
        keep[k] = known[low] != low if low in known else _base(low) is None or low in INITIALISMS
    # a name ending in an organisation's word: the nouns and adjectives before it, up to three
    for k, low in enumerate(lows):
        if low not in NAME_END_WORDS or k == 0 or low in known:
            continue
        run = []
        for j in range(k - 1, max(-1, k - 4), -1):
            base = _base(lows[j])
            if not joined[j + 1] or not (_name_part(lows[j], known) or low in LEGAL_FORMS and base is not None
                                         and english_words()[base] != "f"):
                break  # (a legal form ends a name whatever its words but function words: "Zellvane Earn Ltd")
            run.append(j)
        if run and (kind == "title" or any(keep[j] for j in run)):
            for j in [k, *run]:
                keep[j] = True
    out = []
    for k, (w, low, kept) in enumerate(zip(words, lows, keep)):
        if kind == "caps" and hyphened[k] and k > 0 and keep[k - 1]:
            kept = True  # "HANRAHY-VOS": the part after a hyphen goes with the part before
        if not kept:
            new = low
        elif low in known and known[low] != low:
            new = known[low]
        elif kind == "caps" and (low in INITIALISMS or len(w) <= 4 and _base(low) is None and not hyphened[k]):
            new = w.upper()  # "CEO", a ticker ("ZLVN")
        elif kind == "caps":
            new = "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))
        else:
            new = w
        out.append(new if len(new) == len(w) else w)
    return out


def _names_only(line: str, spans: list[tuple[int, int]], known: dict[str, str]) -> bool:
    """A line in capitals with fewer than two words outside brackets that would be put in lower case."""
    depth, outside = 0, []
    pos = 0
    for s, e in spans:
        depth += line.count("(", pos, s) - line.count(")", pos, s)
        pos = s
        if depth <= 0:
            outside.append(line[s:e])
    cased = _decide(outside, "caps", known, [False] * len(outside), [True] * len(outside))
    return sum(c.islower() for c in cased) < 2


def truecase(text: str) -> str:
    """``text`` with its lines in capitals and its title-case lines in a sentence's case (same length)."""
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    if not any(kinds):
        return text
    filled = [k for line, k in zip(lines, kinds) if line.strip()]
    titles = sum(k is not None for k in filled)
    if titles < FEED_LINES or titles < FEED_SHARE * len(filled):
        # a headline or a caption in title case reads well enough among prose lines; only a feed of them
        # (every line a headline) is rewritten
        kinds = [k if k == "caps" else None for k in kinds]
    known = _known_forms(lines, kinds)
    out = []
    for line, kind in zip(lines, kinds):
        if kind is None:
            out.append(line)
            continue
        spans = [(m.start(), m.end()) for m in _WORD.finditer(line)]
        if kind == "caps" and _names_only(line, spans, known):
            out.append(line)  # a name as a heading ("TARRENMOOR LENDING LIMITED (IN LIQUIDATION)") stays as written
            continue
        joined = [k > 0 and not line[spans[k - 1][1]:s].strip(" -") for k, (s, _) in enumerate(spans)]
        words = _decide([line[s:e] for s, e in spans], kind, known, [s > 0 and line[s - 1] == "-" for s, _ in spans], joined)
        chars = list(line)
        for (s, e), w in zip(spans, words):
            chars[s:e] = w
        if spans:  # the line's first word opens a sentence
            s, e = spans[0]
            chars[s] = chars[s].upper() if len(chars[s].upper()) == 1 else chars[s]
        out.append("".join(chars))
    return "\n".join(out)
