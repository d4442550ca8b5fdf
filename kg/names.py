"""Name normalisation and matching, shared by extraction (within an article), resolution (across
articles) and the query layer's forgiving name lookup. Pure functions."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

# Corporate suffixes that do not distinguish one party from another.
CORPORATE_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ag", "sa", "nv", "bv", "pte", "pty", "holdings", "holding", "group", "trading", "com", "sdn", "bhd",
}
# Words that are part of a name but are generic enough to drop for a short form ("Alameda Research" -> "Alameda").
GENERIC_NAME_WORDS = {
    "research", "capital", "partners", "ventures", "labs", "lab", "foundation", "fund", "management",
    "technologies", "technology", "global", "international", "exchange", "markets", "digital", "financial",
    "investments", "investment", "asset", "assets", "bank", "network", "protocol", "services", "systems",
    "payments", "pay", "finance", "properties", "lending", "mutual", "crypto", "development", "logistics",
    "pictures", "films", "entertainment", "studios", "media", "productions",
}
# Generic words that may all be dropped together for a short form ("Sablewick Capital Partners" -> "Sablewick").
DROPPABLE_WORDS = {
    "research", "capital", "partners", "ventures", "labs", "lab", "foundation", "fund", "management", "holdings",
    "group", "technologies", "investments", "investment", "payments", "lending", "finance", "properties", "advisors",
    "advisers", "development", "co",
}
MEDIA_WORDS = {"gazette", "journal", "times", "post", "herald", "tribune", "telegraph", "guardian", "chronicle", "courier"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Surface form tidied for display: quotes unified, possessive and outer punctuation dropped."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    t = _CONTROL.sub(" ", t).strip()  # the one place names are made: no escape sequence survives into one
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"(?:'s|')$", "", t)
    t = re.sub(r"^(?:the|The)\s+(?=[A-Z])", "", t)
    return t.strip(" ,.;:\"'()[]")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """A matching key: lower case, accents, punctuation and spacing folded ("FTX.US" == "FTX US")."""
    t = clean(text)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.lower()
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


@lru_cache(maxsize=65536)
def core(text: str) -> str:
    """The normalised name without corporate suffixes ("FTX Trading Ltd" -> "ftx")."""
    words = normalize(text).split()
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


def without_legal_form(name: str) -> str:
    """The name as written without its trailing corporate suffixes ("Pomfrey Markets Limited" -> "Pomfrey
    Markets"); ``core`` is the same in matching form."""
    words = name.split()
    while len(words) > 1 and normalize(words[-1]) in CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


_ROMAN = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def _roman(word: str) -> int | None:
    """The value of a roman numeral made of i, v and x (Fund I, Fund II, Vector III), else None."""
    if not word or not _ROMAN.fullmatch(word):
        return None
    total = 0
    for a, b in zip(word, word[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


@lru_cache(maxsize=65536)
def numbers(text: str) -> tuple[int, ...]:
    """The numbers a name holds, digits and roman numerals alike, in order ("Harbor Fund II" -> (2,),
    "Firm12 Capital" -> (12,)). Names whose numbers differ are different parties, however alike."""
    out: list[int] = []
    for k, word in enumerate(normalize(text).split()):
        out.extend(int(d) for d in re.findall(r"\d+", word))
        r = _roman(word) if k > 0 else None  # a first word ("Xi", "Vi") is a name, not a numeral
        if r is not None:
            out.append(r)
    return tuple(out)


def same_numbers(a: str, b: str) -> bool:
    return numbers(a) == numbers(b)


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    parts = re.split(r"[\s\-]+", clean(text))
    return "".join(p[0] for p in parts if p and p[0].isalpha()).lower()


def surname(text: str) -> str:
    words = strip_generational(normalize(text)).split()
    return words[-1] if words else ""


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, normalize(a), normalize(b)).ratio()


@lru_cache(maxsize=65536)
def is_misspelling(a: str, b: str) -> bool:
    """Close enough to be a typo of one another ("Benkman-Fried" ~ "Bankman-Fried"), but not short words."""
    na, nb = normalize(a), normalize(b)
    if na == nb or min(len(na), len(nb)) < 6 or not same_numbers(na, nb):
        return False
    if na[0] != nb[0] and na[-1] != nb[-1]:
        return False
    # ratio = 2*matches/(len a + len b) >= 0.88 needs the shorter to be >= 0.786 of the longer
    if min(len(na), len(nb)) < 0.78 * max(len(na), len(nb)):
        return False
    m = SequenceMatcher(None, na, nb)
    return m.quick_ratio() >= 0.88 and m.ratio() >= 0.88


GENERATIONAL = {"jr", "sr", "ii", "iii", "iv"}


@lru_cache(maxsize=65536)
def strip_generational(norm: str) -> str:
    """'john j ray iii' -> 'john j ray' (a normalised name)."""
    words = norm.split()
    while len(words) > 1 and words[-1] in GENERATIONAL:
        words.pop()
    return " ".join(words)


def _generations_agree(a: str, b: str) -> bool:
    """'John Ray III' is not 'John Ray II'; a name without a generation ('Ray') may still stand for either."""
    ga, gb = a[len(strip_generational(a)):].split(), b[len(strip_generational(b)):].split()
    return not ga or not gb or ga == gb


@lru_cache(maxsize=65536)
def person_matches(short: str, full: str) -> bool:
    """Does ``short`` name the same person as ``full``? Surname, initials, full name, or a typo of either."""
    ns, nf = strip_generational(normalize(short)), strip_generational(normalize(full))
    if not ns or not nf or not _generations_agree(normalize(short), normalize(full)):
        return False
    if ns == nf:
        return True
    full_words = nf.split()
    short_words = ns.split()
    if len(full_words) >= 2:
        if ns == full_words[-1] or ns == " ".join(full_words[1:]):
            return True
        if len(short_words) == 1 and len(ns) >= 2 and ns in (initials(full), initials(nf)) and short.isupper():
            return True
        if is_misspelling(ns, full_words[-1]) or is_misspelling(ns, " ".join(full_words[1:])):
            return True
        if (len(short_words) >= 2 and short_words[-1] == full_words[-1] and short_words[0][0] == full_words[0][0]
                and same_numbers(ns, nf)):
            return True
    return is_misspelling(ns, nf)


@lru_cache(maxsize=65536)
def org_matches(short: str, full: str) -> bool:
    """Does ``short`` name the same organisation as ``full``? Suffix-free core, leading words, acronym.
    Punctuation variants match ("FTX.US" ~ "FTX US"); a different distinguishing word does not ("FTX" vs "FTX.US")."""
    cs, cf = core(short), core(full)
    if not cs or not cf or not same_numbers(cs, cf):
        return False
    if cs == cf:
        return True
    ws, wf = cs.split(), cf.split()
    if len(ws) < len(wf) and wf[: len(ws)] == ws:
        tail = wf[len(ws):]
        # one generic word may go ("Voyager Digital"); more only if all plainly generic ("Sablewick Capital Partners")
        if len(tail) == 1 and (tail[0] in GENERIC_NAME_WORDS or tail[0] in CORPORATE_SUFFIXES):
            return True
        if all(w in DROPPABLE_WORDS or w in CORPORATE_SUFFIXES for w in tail):
            return True
    if len(ws) == 1 and len(wf) >= 2 and ws[0] == wf[-1] and ws[0] in MEDIA_WORDS:
        return True  # "the Gazette" ~ "The Eastmoor Gazette"
    if len(ws) == len(wf) >= 2 and ws[0] == wf[0] and all(f.startswith(w) and len(w) >= 3 for w, f in zip(ws[1:], wf[1:])):
        return True  # "Kestrova Pay" ~ "Kestrova Payments"
    if len(ws) == 1 and len(wf) >= 2 and short.isupper() and len(short) >= 2 and ws[0] == initials(" ".join(wf)):
        return True
    return is_misspelling(cs, cf) and len(ws) == len(wf)


_ACRONYM_SKIP = {"of", "and", "the", "for", "&", "de", "du", "la", "le", "des", "in", "on"}


@lru_cache(maxsize=65536)
def acronym(text: str) -> str:
    """Initials of the significant words ("Securities and Exchange Commission" -> "sec")."""
    words = [w for w in re.split(r"[\s\-]+", clean(text)) if w and w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).lower()


@lru_cache(maxsize=65536)
def acronym_matches(short: str, full: str) -> bool:
    """``short`` is an upper-case acronym of the multi-word ``full`` ("SEC" ~ "Securities and Exchange Commission")."""
    s = clean(short).replace(".", "")
    if len(s) < 2 or not s.isupper() or " " in s or len(clean(full).split()) < 2 or not same_numbers(short, full):
        return False
    words = clean(full).split()
    rest = " ".join(words[1:]) if words and words[0].replace(".", "").upper() in ("US", "UK", "EU", "THE") else None
    return s.lower() in (acronym(full), initials(full)) or (rest is not None and s.lower() == acronym(rest))
