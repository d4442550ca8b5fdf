"""kg_entities: mentions of people, organisations, tokens and customer groups, typed from context and
clustered into per-article entities, with definite descriptions and pronouns linked to them.

Sets ``doc.spans["kg_mentions"]`` (label = entity type, ``span._.kg_entity`` = entity key,
``span._.kg_mention_kind`` = name | description | pronoun) and ``doc._.kg_entities`` (key -> Entity).

How: candidates come from the trained NER, a small lexicon (``schema/entity_patterns.jsonl``) and runs of
capitalised tokens; each candidate collects type votes from its context (titles, appositions, head nouns,
corporate suffixes, tickers, "worth of X", "X token"); candidates are clustered by name rules
(:mod:`kg.names`) longest first, each cluster typed by its summed votes; then a left-to-right pass links
pronouns ("he", "its") to the recent compatible entity and organisation descriptions ("the embattled
exchange", "the group's American arm") to a party of a compatible kind, the same sentence's first, then the
article's topic (:mod:`kg.extract.coref`, head nouns in ``schema/description_heads.json``). Word lists
(institution heads, demonym endings, industry words) are in ``schema/entity_words.json``.
"""
from __future__ import annotations

import re

import json
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from kg.extract import coref
from kg.model import Entity, Mention
from kg.names import acronym_matches, clean, core, normalize, org_matches, person_matches, without_legal_form
from kg.resolve import entity_id
from kg.schema import data_path
from kg.extract.lexicon import Lexicon
from kg.extract.paragraphs import CLOCK_TIME

SPAN_KEY = "kg_mentions"
PERSON, ORG, TOKEN, GROUP = "Person", "Organization", "Token", "Group"

_lex = Lexicon("entity_lexicon.json")
# "Y hired X as managing director": the verbs whose object an "as" phrase describes (one list, the relation rules' too)
OBJECT_PREDICATE_VERBS = Lexicon("relation_lexicon.json").words("object_predicate_verbs")
# Head nouns that say what kind of party a phrase describes.
ORG_HEADS = _lex.words("org_heads")
OWNER_QUALIFIED_HEADS = _lex.words("owner_qualified_heads")  # "a Kestrova subsidiary": its owner, not its place
# Heads that may stand for an organisation as a definite description ("the exchange").
DESC_ORG_HEADS = _lex.words("desc_org_heads")
GENERIC_ORG_HEADS = _lex.words("generic_org_heads")
ROLE_WORDS = _lex.words("role_words")
# Roles only people hold (the ambiguous ones above, e.g. "partner", "regulator", stay out of descriptions).
DESC_PERSON_ROLES = _lex.words("desc_person_roles")
ROLE_ALIASES = _lex.mapping("role_aliases")
TITLES = _lex.words("titles")
# a capitalised description word the model took into a name at a sentence start ("Newspaper X reported")
LEADING_DESCRIPTORS = _lex.words("leading_descriptors")
# the last word of a publication's name, which alone after "the" stands for it ("the Post", "the Gazette")
PUBLICATION_NAME_WORDS = _lex.words("publication_name_words")
DEFINITE_HEAD_WORDS = _lex.words("definite_head_words")  # "the Foundation" after "Skerrow Foundation"
FEMALE_TITLES = _lex.words("female_titles")
TOKEN_HEADS = _lex.words("token_heads")
DESC_TOKEN_HEADS = _lex.words("desc_token_heads")
GROUP_HEADS = _lex.mapping("group_heads")
# Group nouns of one family name one party ("FTX customers" = "depositors" = "users" of FTX).
GROUP_FAMILY = _lex.mapping("group_family")
# phrase lengths of GROUP_HEADS' keys, longest first (so "account holders" wins over "holders")
GROUP_HEAD_SIZES = sorted({len(k.split()) for k in GROUP_HEADS}, reverse=True)
GROUP_HEAD_FIRST = {k.split()[0] for k in GROUP_HEADS}
INVESTOR_KINDS = _lex.words("investor_kinds")
# Group nouns that stand for the article's main organisation's customers even without an owner named.
BARE_GROUP_HEADS = _lex.words("bare_group_heads")
MONEY_GIVER_VERBS = _lex.words("money_giver_verbs")
# an infobox's fields that relations read ("Owner: X (64%); Y (19%)"): lists of names, no headline
RELATION_FIELD_LABELS = set(Lexicon("relation_lexicon.json").records("field_labels"))
GROUP_MONEY_COMPOUNDS = _lex.mapping("group_money_compounds")
GROUP_MONEY_NOUNS = _lex.words("group_money_nouns")
GROUP_HOLD_VERBS = _lex.words("group_hold_verbs")
MONEY_TAKER_VERBS = _lex.words("money_taker_verbs")
# Words that end an organisation's name and so type it.
ORG_SUFFIX_WORDS = _lex.words("org_suffix_words")
LEGAL_SUFFIX_WORDS = _lex.words("legal_suffix_words")
# an amount written short ("40M", "1.5bn", "250k"): never the start of a name ("40M QORVA")
SHORT_AMOUNT = re.compile(r"[$€£]?\d+(?:[.,]\d+)?(?:k|K|m|M|mn|bn|B|b|tn)")
SHORT_UNITS = frozenset({"k", "K", "m", "M", "mn", "bn", "B", "b", "tn"})
# the legal forms written all in small letters after a name ("Quarnlow Payments plc")
SMALL_LEGAL_FORMS = frozenset({"plc", "llp", "llc"})
# "a loan made by Ossory Holdings to Sellindge SA": after a firm's last word, these small words start another name
SPLITTING_PREPS = frozenset({"to", "from", "by", "into", "with"})
PARENT_NAME_WORDS = _lex.words("parent_name_words")  # "Tamsel Group": the parent, never a subsidiary's short form
TOKEN_SUFFIX_WORDS = _lex.words("token_suffix_words")
# Capitalised words that are not names on their own.
NOT_NAMES = _lex.words("not_names")
FACILITY_WORDS = _lex.words("facility_words")
# a reporting period written as a label ("FY24", "FY2025", "H1 2025", "1H25", "Q3'24"): never a name
# "account XXXXXX4471", "card ****0925" (a redacted number), "case FIU-2026-1183", "wallet HW-3" (a reference code)
CODE_LABEL = re.compile(r"[X*#\u2022]{3,}[-\d]*\d|[A-Z]{1,5}(?:-\d+)+")
PERIOD_LABEL = re.compile(r"(?:FY|H[12]|[12]H|Q[1-4]|[1-4]Q)\s?'?\d{2}(?:\d{2})?(?:\s?/\s?\d{2,4})?", re.I)
GENERIC_WORDS = set()  # filled below: words that alone are never a name
PLACE_LABELS = _lex.words("place_labels")
NAME_LABELS = _lex.words("name_labels")
MALE_PRON = _lex.words("male_pron")
FEMALE_PRON = _lex.words("female_pron")
IT_PRON = _lex.words("it_pron")
WE_PRON = _lex.words("we_pron")
I_PRON = _lex.words("i_pron")
YOU_PRON = _lex.words("you_pron")
ADDRESS_CUES = _lex.words("address_cues")
ANSWER_MARKS = _lex.words("answer_marks")
CAPTION_WORDS = _lex.words("caption_words")  # "R v X", "United States v. X": a case's caption
AUTHOR_CUES = [tuple(c.split()) for c in _lex.words("author_cues")]  # "Posted by X", "From: X", "I'm X"
VALEDICTIONS = _lex.words("valedictions")  # "Yours faithfully," then the writer's name alone on a line
DEMONSTRATIVES = _lex.words("demonstratives")  # "this company", "that lender": the party just named
TOKEN_PRONOUN_VERBS = _lex.words("token_pronoun_verbs")
STOP_CHUNK = _lex.words("stop_chunk")
TOKEN_OF_HEADS = _lex.words("token_of_heads")
TOKEN_VERBS = _lex.words("token_verbs")
MONEY_PARTY_HEADS = _lex.words("money_party_heads")
PLACE_ADJUNCTS = _lex.words("place_adjuncts")
LEADING_LABELS = _lex.words("leading_labels")
MONTH_WORDS = _lex.words("month_words")
TIME_PREPOSITIONS = frozenset({"in", "on", "since", "until", "till", "by", "from", "during", "through", "last", "next", "early", "late", "mid", "of"})
# Role words that stay roles when capitalised inside a name ("Binance CEO Changpeng Zhao").
CAPITAL_ROLES = _lex.words("capital_roles")
NOT_PLACE_HOSTS = _lex.words("not_place_hosts") | MONEY_PARTY_HEADS
SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+")  # "4. ", "2.1 ", "IV. ", "B. "
TEXT_KEY = "kg_entities_text"  # doc.user_data key of the cached text
PLACE = "Place"  # a type vote only: a cluster typed so is a place, never an entity
# Roles an organisation may hold too: they say nothing about a person.
SHARED_ROLES = _lex.words("shared_roles")
# Words in a multi-word name that only organisations carry ("Harbourlight Ventures Fund III").
ORG_NAME_WORDS = _lex.words("org_name_words")
SERIES_NUMERALS = _lex.words("series_numerals")
# Context words: "known as X", "X Ltd", "issued by X", "X's founder", "X chief executive".
ALIAS_CUES = _lex.words("alias_cues")
ALIAS_VERBS = _lex.words("alias_verbs")
COMPANY_ABBREVIATIONS = _lex.words("company_abbreviations")
TOKEN_NAME_ENDINGS = tuple(sorted(_lex.words("token_name_endings")))
WEAK_ORG_HEADS = _lex.words("weak_org_heads")  # heads people may carry too ("investor X")
ISSUER_VERBS = _lex.words("issuer_verbs")
TOKEN_PASSIVE_VERBS = _lex.words("token_passive_verbs")  # "The KORU was issued by ...": what is issued or minted
NON_CUSTOMER_GROUPS = _lex.words("non_customer_groups")
MAGNITUDE_WORDS = _lex.words("magnitude_words")
ORG_POSSESSIONS = _lex.words("org_possessions")
ROLES_AFTER_ORG = _lex.words("roles_after_org")
DESCRIPTOR_SINGULARS = _lex.mapping("descriptor_singulars")
POST_PREPOSITIONS = _lex.words("post_prepositions")
NAME_PARTICLES = _lex.words("name_particles")
PARTICLE_ARTICLES = _lex.words("particle_articles")
KIN_GENDERS = _lex.mapping("kin_genders")
NOT_KIND_MODIFIERS = _lex.words("not_kind_modifiers")  # "many clients", "other investors": no kind of group
BYLINE_WORDS = _lex.words("byline_words")  # "(Reporting by ...; editing by ...)": the wire's staff, no party
ONE_NAME_WORDS = _lex.words("one_name_words")  # "an investor surnamed Li": a person kept anonymous
# nouns naming a person who is no entity ("one investor ... said she"): they keep a pronoun from a distant name
PERSON_NOUNS = _lex.words("person_nouns") | ROLE_WORDS | frozenset(KIN_GENDERS)
COMPANY_ORGANS = sorted(_lex.words("company_organs"), key=lambda o: -len(o.split()))
CURRENCY_MARKS = tuple(sorted(_lex.words("currency_marks")))
CURRENCY_NOUNS = _lex.words("currency_nouns")  # "dollar", "euro": a place before one names the currency
REFERENCE_WORDS = _lex.words("reference_words")  # "a partner at X", "the president of X"
FORMER_WORDS = _lex.words("former_words")
PLACE_VERBS = _lex.words("place_verbs")  # verbs whose "in/from/to X" is where something is or goes
PLACE_PREPOSITIONS = _lex.words("place_prepositions")
WEEKDAY_WORDS = _lex.words("weekday_words")  # "since Tues", "On the Friday Corsalind walked away"
DEGREE_WORDS = _lex.words("degree_words")  # "completed an MBA at ...": a degree, no party
BODY_HEADS = _lex.words("body_heads")  # "the Land Registry", "the Audit Committee": a record or an internal body
# How far a definite description's determiner may sit before its head ("the Lagos-based digital asset platform").
DESCRIPTION_SPAN = 7
DEFINED_TERM = re.compile(r'["\u201c]([^"\u201d]{3,40})["\u201d]')
# 'X (the "Company")': the article outside the quotes
DEFINED_TERM_THE = re.compile(r'\b[Tt]he\s+["\u201c]([^"\u201d]{3,40})["\u201d]')
# 'X (the "Company") and its subsidiaries (together, the "Group")': the group's term names X too
SUBSIDIARIES_TAIL = ("and", "its", "subsidiaries")


GENERIC_WORDS |= ORG_HEADS | ORG_SUFFIX_WORDS | ROLE_WORDS | set(GROUP_HEADS) | TOKEN_HEADS | {"crypto", "cryptocurrency"}


def _register_extensions() -> None:
    if not Span.has_extension("kg_entity"):
        Span.set_extension("kg_entity", default=None)
    if not Span.has_extension("kg_mention_kind"):
        Span.set_extension("kg_mention_kind", default=None)
    if not Doc.has_extension("kg_entities"):
        Doc.set_extension("kg_entities", default=None)


_register_extensions()


@dataclass(eq=False)
class _Cand:
    start: int
    end: int
    text: str
    votes: Counter = field(default_factory=Counter)  # context evidence
    ner: Counter = field(default_factory=Counter)  # the model's label
    source: str = "run"  # lexicon | ner | run
    label: str = ""
    descriptors: set = field(default_factory=set)
    mods: set = field(default_factory=set)  # words modifying a descriptor ("trading" firm, "American" arm)
    gender: str | None = None
    link: "_Cand | None" = None  # forced same-entity (a ticker after its name)
    canon: str | None = None  # lexicon canonical name
    cluster: "_Cluster | None" = None
    headline: bool = False
    first_line: bool = False  # on the text's first line (its title)
    opens_line: bool = False  # a legal name opening its line, kept in a headline

    @property
    def nwords(self) -> int:
        return len(self.text.split())


@dataclass(eq=False)
class _Cluster:
    members: list
    votes: Counter = field(default_factory=Counter)
    ner: Counter = field(default_factory=Counter)
    descriptors: set = field(default_factory=set)
    mods: set = field(default_factory=set)
    gender: str | None = None
    type: str | None = None
    key: str | None = None
    names: list = field(default_factory=list)  # surface names (cleaned)

    def add(self, c: _Cand, by_rule: bool = False) -> None:
        self.members.append(c)
        c.cluster = self
        self.votes.update(c.votes)
        # the model's label counts for the founding name only: a surname it called ORG says nothing about the person
        if not self.members[:-1] or normalize(c.text) == normalize(self.members[0].text):
            for t, v in c.ner.items():
                self.ner[t] += v * (2 if c.nwords > 1 else 1)
        self.descriptors |= c.descriptors
        self.mods |= c.mods
        self.gender = self.gender or c.gender
        self.names.append(c.text)

    @property
    def best_type(self) -> str | None:
        total = self.votes + self.ner
        if not total:
            return None
        t, v = total.most_common(1)[0]
        return t if v > 0 else None


WORDS = json.loads(data_path("entity_words.json").read_text(encoding="utf-8"))
WORDS = {k: set(v) if isinstance(v, list) else v for k, v in WORDS.items()}


def _load_patterns():
    rows = []
    path = data_path("entity_patterns.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            rows.append(json.loads(line))
    return rows


@Language.factory("kg_entities")
def make_kg_entities(nlp: Language, name: str):
    return EntityRecognizer(nlp)


class EntityRecognizer:
    def __init__(self, nlp: Language):
        _register_extensions()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.meta: dict[str, tuple[str, str | None]] = {}
        for i, row in enumerate(_load_patterns()):
            key = f"p{i}"
            self.meta[key] = (row["label"], row.get("id"))
            matcher = self.lower if row.get("case") == "lower" else self.exact
            matcher.add(key, [nlp.make_doc(row["pattern"])])
        self.vocab = nlp.vocab

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, self)


# ---------------------------------------------------------------------------------------------------
# candidates


NUMBER_WORDS = _lex.words("number_words")


def _doc_text(doc) -> str:
    """The doc's text, built once (``Doc.text`` joins every token at each call)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def _is_cap(tok) -> bool:
    t = tok.text
    if not t:
        return False
    if t[0].isupper():
        return True
    # "dYdX", "eToro", "1MDB", "3AC": a capital letter inside the word
    return len(t) > 1 and (t[0].isalpha() or t[0].isdigit()) and any(c.isupper() for c in t[1:])


def _hard_break(tok) -> bool:
    """Tokens a name never crosses: line breaks and a spaced dash ("HOUSTON - Enron Corp")."""
    return tok.is_space or (tok.text in ("-", "\u2013", "\u2014") and bool(tok.whitespace_))


def _trim(doc, s: int, e: int) -> tuple[int, int, str | None]:
    """Drop leading determiners/titles and trailing possessives/punctuation; report a title's gender."""
    gender = None
    while s < e and (doc[s].lower_ in ("the", "a", "an", "neither", "either", "both") and not _initial(doc, s, e) or doc[s].is_punct or doc[s].is_space or doc[s].lower_ in TITLES
                     or doc[s].lower_ in LEADING_LABELS and s + 1 < e or _short_amount_at(doc, s, e)
                     or CLOCK_TIME.fullmatch(doc[s].text) and s + 1 < e):  # "08:44 Kelmoor Group": a feed's time
        if doc[s].lower_ in TITLES:
            gender = "f" if doc[s].lower_ in FEMALE_TITLES else "m"
        s += 1
    s = _past_descriptor(doc, s, e)
    opened = [k for k in range(s, e) if doc[k].text == "("]
    if opened and not any(doc[k].text == ")" for k in range(opened[-1], e)):
        e = opened[-1]  # "Torrin Ltd (Defendant": the model ran into a parenthesis it did not close
    while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].text in ("'s", "\u2019s", "'", "\u2019") or doc[e - 1].is_space or
                     (doc[e - 1].is_punct and doc[e - 1].text not in (".", ")")) or
                     (doc[e - 1].text == ")" and "(" not in doc[s:e].text) or
                     (doc[e - 1].text == "." and e - 1 > s and len(doc[e - 2].text) > 3) or
                     (doc[e - 1].pos_ in ("VERB", "AUX", "ADP") and doc[e - 1].text.islower())):  # "Brellick Labs minted"
        e -= 1
    return s, e, gender


def _counted_ticker(doc, c) -> bool:
    """A word in capitals counted like money ("40M QORVA", "15 million QORVA", "250,000,000 VRL"), not a firm's
    shares ("10 million ABC shares")."""
    t = doc[c.start]
    if c.end - c.start != 1 or not t.is_upper or not t.is_alpha or not 2 <= len(t.text) <= 8 or c.start == 0:
        return False
    if c.end < len(doc) and doc[c.end].lemma_.lower() in ("share", "stock", "unit", "bond", "note"):
        return False
    p = doc[c.start - 1]
    return p.like_num or p.text in SHORT_UNITS and c.start >= 2 and doc[c.start - 2].like_num or bool(SHORT_AMOUNT.fullmatch(p.text))


def _short_amount_at(doc, s: int, e: int) -> bool:
    """An amount written short at ``s`` ("40M", or "40" "M" as the tokenizer splits it, "1.5bn"), a name after it."""
    if s + 1 >= e:
        return False
    t = doc[s]
    if SHORT_AMOUNT.fullmatch(t.text):
        return True
    # the number of a split "40M": the unit letter follows without a space (the unit itself is stripped next)
    return t.like_num and not t.whitespace_ and doc[s + 1].text in SHORT_UNITS and s + 2 < e or (
        t.text in SHORT_UNITS and s > 0 and doc[s - 1].like_num and not doc[s - 1].whitespace_)


def _initial(doc, s: int, e: int) -> bool:
    """A capital "A" after a title and before a capitalised surname ("Mr A Brandvoll") is an initial, no article."""
    return (doc[s].text in ("A", "A.") and s + 1 < e and doc[s + 1].text[:1].isupper()
            and (s > 0 and doc[s - 1].lower_.rstrip(".") in {t.rstrip(".") for t in TITLES}))


def _past_descriptor(doc, s: int, e: int) -> int:
    """Where a name starts after a description the model took into it ("the Korean exchange Hanbit Market"):
    past the last lower-case noun followed by capitalised words ("Bank of England" keeps its "of")."""
    start = s
    for k in range(s, e - 1):
        t = doc[k]
        if t.pos_ == "NOUN" and t.is_lower and t.is_alpha and _is_cap(doc[k + 1]):
            start = k + 1
    if start == s and e - s > 1 and doc[s].is_sent_start and doc[s].lower_ in LEADING_DESCRIPTORS:
        start = s + 1  # "Newspaper Jornal do Cais reported ...": the description word capitalised at the start
    return start


def _pieces(doc, s: int, e: int, names_elsewhere: set) -> list[tuple[int, int]]:
    """Split a model span on line breaks, spaced dashes, a verb in small letters, inner possessives ("Bankman-Fried's Alameda") and an
    "and" joining two names each seen on its own ("Terraform Labs and Kwon")."""
    out = []
    a = s
    for k in range(s, e):
        t = doc[k]
        if _hard_break(t) or "\n" in t.whitespace_ and k + 1 < e:
            out.append((a, k + (0 if _hard_break(t) else 1)))
            a = k + 1
        elif t.is_lower and t.is_alpha and t.pos_ in ("VERB", "AUX") and k > a:
            out.append((a, k))  # "Plenvaro prepaid Trelisk Settlement Ltd": a verb in small letters ends a name
            a = k + 1
        elif t.tag_ == "POS" and t.text in ("'s", "\u2019s") and k + 1 < e:
            out.append((a, k))
            a = k + 1
        elif t.text in ('"', "\u201c") and k > a and doc[k - 1].text.endswith("."):
            out.append((a, k))  # 'President of KAIRO-X. "Ambergate and ...': a sentence ends, a quote opens
            a = k + 1
        elif t.text == "," and k > a and k + 1 < e and doc[k + 1].text[:1].isupper() and doc[k - 1].text[:1].isupper() \
                and doc[k + 1].lower_ not in LEGAL_SUFFIX_WORDS and doc[k + 1].lower_.rstrip(".") not in LEGAL_SUFFIX_WORDS:
            out.append((a, k))  # "Kastelholm, Maren Liljefors": two names, not one ("Acme, Inc." stays)
            a = k + 1
    out.append((a, e))
    out = [piece for a, b in out for piece in _person_of_firm(doc, a, b)]
    res = []
    for a, b in out:
        split = False
        for k in range(a + 1, b - 1):
            # "Veridian Custody GmbH and Veridian Markets Ltd", "Hobbet Custody Limited to Brandmoor Trust": a legal
            # suffix closes the first name, whatever small word joins the next
            closed = doc[k + 1].text[:1].isupper() and (doc[k - 1].lower_.rstrip(".") in LEGAL_SUFFIX_WORDS or (
                doc[k - 1].lower_ in ORG_SUFFIX_WORDS and doc[k].lower_ in SPLITTING_PREPS))  # "Ossory Holdings to Y"
            # ("lent by Corvessa to Harrowdane Trading Ltd": "to" between a name the text gives alone and the next)
            joined = doc[k].lower_ in SPLITTING_PREPS and doc[k].is_lower
            if doc[k].lower_ == "and" or joined or closed and doc[k].is_lower and doc[k].pos_ in ("ADP", "CCONJ") and doc[k].lower_ != "of":
                left, right = normalize(doc[a:k].text), normalize(doc[k + 1:b].text)
                if left in names_elsewhere or right in names_elsewhere or closed:
                    res += [(a, k), (k + 1, b)]
                    split = True
                    break
        if not split:
            res.append((a, b))
    return [(a, b) for a, b in res if b > a]


def _person_of_firm(doc, s: int, e: int) -> list[tuple[int, int]]:
    """"Ilse Brandvoll of Korrin Advisory": a person's name, "of", and a firm's (its last word a corporate
    suffix or an industry word) are two names; "Bank of England", "Duke Capital of Zug" stay one."""
    for k in range(s + 2, e - 1):
        if doc[k].lower_ != "of":
            continue
        left = [t.lower_ for t in doc[s:k]]
        plain = all(doc[j].text[:1].isupper() and doc[j].pos_ == "PROPN" for j in range(s, k))
        firm_words = ORG_SUFFIX_WORDS | ORG_HEADS | WORDS["industry_words"] | WORDS["institution_heads"]
        last = doc[e - 1].lower_.rstrip(".")
        if plain and not any(w in firm_words for w in left) and (last in ORG_SUFFIX_WORDS or last in WORDS["industry_words"]):
            return [(s, k), (k + 1, e)]
        return [(s, e)]
    return [(s, e)]


def _headline_mask(doc) -> list[bool]:
    mask = [False] * len(doc)
    text = doc.text
    pos = 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        named = [w for w in re.sub(r"(?:\s*\([^()]*\))+\s*$", "", line).split() if w[:1].isalpha()]
        if named and named[-1].lower().rstrip(".,") in LEGAL_SUFFIX_WORDS and all(w[0].isupper() for w in named):
            # a company's name alone on its line (letterhead, signature, a filing's caption with its state in
            # brackets: "X LIMITED (IN LIQUIDATION)") is no headline
            words = []
        lead = line.split()[:3]
        if len(words) >= 2 and (words[0] == "By" and words[1][:1].isupper()
                                or len(lead) == 3 and lead[0] in ("Posted", "Written") and lead[1] == "by" and lead[2][:1].isupper()):
            words = []  # a byline ("By Orla Vane | Merrow Monthly, December issue", "Posted by X, CTO, Y · 21 November")
        label, colon, _ = line.partition(":")
        if colon and (label.strip().lower() in WORDS["field_labels"] or label.strip().lower() in RELATION_FIELD_LABELS):
            words = []  # a form's field ("Present: A (Chair), B (Chief Executive)") lists names, no headline
        title = pos == 0 and len(words) >= 2 and len(line.split()) == len(words)  # the article's first line
        if (len(words) >= 4 or title) and not line.rstrip().endswith((".", '"', "\u201d")):
            caps = sum(1 for w in words if w[0].isupper())
            if caps / len(words) >= 0.6:
                span = doc.char_span(pos, pos + len(line), alignment_mode="expand")
                if span is not None:
                    for k in range(span.start, span.end):
                        mask[k] = True
        pos += len(line) + 1
    return mask


def _legal_caption(doc, s: int, e: int) -> bool:
    """A name in capitals ending in a legal form ("MERRIVANE FUND ADMINISTRATION LIMITED" over minutes, a
    filing's caption): a firm's, never a label or a dateline."""
    return e - s >= 2 and doc[e - 1].lower_.rstrip(".") in LEGAL_SUFFIX_WORDS


def _is_dateline(doc, s: int, e: int) -> bool:
    """A dateline ("HOUSTON - ", "NEW YORK, Nov 18 - ") names a place."""
    if _legal_caption(doc, s, e):
        return False
    n = len(doc)
    if not ((s == 0 or "\n" in doc[s - 1].whitespace_ or doc[s - 1].is_space or doc[s - 1].text == "/") and all(
            doc[k].is_upper or not doc[k].is_alpha for k in range(s, e)) and e < n):
        return False
    if doc[e].text in ("-", "/", "\u2013", "\u2014") or _hard_break(doc[e]):
        return True
    # "NEW YORK, Nov 18 - " but not "FTX.US, the group's American arm, had ...": a dash must follow shortly
    return doc[e].text == "," and any(_hard_break(doc[k]) or doc[k].text in ("-", "\u2013", "\u2014") for k in range(e + 1, min(n, e + 6)))


def _surface(doc, s: int, e: int) -> str:
    return clean(doc[s:e].text)


def _add(cands: dict, occupied: list, c: _Cand, force: bool = False) -> bool:
    """Add unless it overlaps an existing candidate; a strictly longer span containing others replaces them."""
    over = {occupied[i] for i in range(c.start, c.end) if occupied[i] is not None}
    if over:
        contains = all(o.start >= c.start and o.end <= c.end and (o.end - o.start) < (c.end - c.start) for o in over)
        if contains and (force or c.source != "run" and all(o.source != "lexicon" or c.source == "ner" for o in over)):
            for o in over:
                cands.pop((o.start, o.end), None)
                for i in range(o.start, o.end):
                    occupied[i] = None
        else:
            return False
    cands[(c.start, c.end)] = c
    for i in range(c.start, c.end):
        occupied[i] = c
    return True


def _split_on_roles(doc, s: int, e: int):
    """'Binance founder Changpeng Zhao' -> (org part, role word, person part)."""
    for i in range(s, e):
        low = doc[i].lower_
        if low in ROLE_WORDS and (not doc[i].text[0].isupper() or low in CAPITAL_ROLES or
                                  (i == s and low in DESC_PERSON_ROLES)):  # "Chairperson Amara Okafor-Lindqvist"
            j = i + 1
            while j < e and (doc[j].lower_ in ROLE_WORDS or doc[j].lower_ in ("of", "officer", "executive", "financial", "technology", "operating")):
                j += 1
            if j < e or i > s:
                return (s, i), low, (j, e)
    return None


def _extend_left(doc, s: int) -> int:
    """'Three Arrows Capital': the model leaves a capitalised number word out of the name."""
    while s > 0 and doc[s - 1].text[:1].isupper() and doc[s - 1].lower_ in NUMBER_WORDS and not doc[s - 1].is_sent_start:
        s -= 1
    return s


def _official_name_end(doc, c: "_Cand", occupied) -> int:
    """Where an institution's name really ends: past "of"/"for" (+ "the") and more capitalised words when it
    ends in an institution noun ("U.S. Bankruptcy Court for the District of Delaware"), past "on" too after a
    committee ("the Subcommittee on Digital Assets"), not into a person."""
    n = len(doc)
    end = c.end
    # "Goldman Sachs (Malaysia) Sdn. Bhd.": a country in brackets, then a legal suffix
    if end + 3 < n and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].pos_ == "PROPN":
        k = end + 3
        while k < n and (doc[k].lower_.rstrip(".") in LEGAL_SUFFIX_WORDS or doc[k].text == "." and k > end + 3):
            k += 1
        if k > end + 3:
            return k
    if doc[end - 1].lower_ not in WORDS["institution_heads"]:
        return end
    k = end
    preps = ("of", "for", "on") if doc[end - 1].lower_ in WORDS["topic_institution_heads"] else ("of", "for")
    while k + 1 < n and doc[k].lower_ in preps and not doc[k].is_space:
        j = k + 1
        if j < n and doc[j].lower_ == "the":
            j += 1
        m = j
        while m < n and (doc[m].pos_ == "PROPN" and doc[m].text[:1].isupper() and not _hard_break(doc[m])
                         or m > j and _hyphen_glued(doc, m) and (doc[m].text == "-" or doc[m].is_alpha)) \
                and "\n" not in doc[m - 1].whitespace_:
            m += 1  # a hyphenated word whole ("the Central Bank of Kessel-Marn"), never up to its hyphen
        if m == j or any(occupied[x] is not None and occupied[x] is not c and _own_name(doc, occupied[x])
                         for x in range(j, m)):
            break
        end = k = m
    return end


def _own_name(doc, o: "_Cand") -> bool:
    """A candidate an institution's name may not swallow: a person's, the lexicon's, a firm's by its legal form
    ("the Board of Directors of Groupe Delacroix-Aït Finance SA": a board of a firm, not one name)."""
    return o.label == "PERSON" or o.source == "lexicon" or doc[o.end - 1].lower_.rstrip(".") in LEGAL_SUFFIX_WORDS


def _is_demonym(doc, c: "_Cand") -> bool:
    """A lone nationality word ("Lithuanian", "Malaysian"): the model's NORP, or a demonym-shaped word that only
    ever modifies a noun."""
    if c.end - c.start != 1 or c.source == "lexicon":
        return False
    t = doc[c.start]
    low = t.lower_
    sfx = [x for x in WORDS["demonym_suffixes"] if low.endswith(x) and len(low) > len(x) + 2]
    if not sfx or not t.text[:1].isupper():
        return False
    strong = any(len(x) >= 3 for x in sfx)
    modifier = lambda tok: tok.dep_ in ("amod", "compound") and tok.head.i > tok.i and tok.head.pos_ == "NOUN"  # noqa: E731
    if t.ent_type_ == "NORP" and (strong or modifier(t)):
        return True
    return strong and all(modifier(o) for o in doc if o.text == t.text)


@dataclass(eq=False)
class _CandidateSet:
    """The candidates found so far and, per token, the candidate covering it: what each candidate pass reads
    and extends."""
    doc: Doc
    cands: dict = field(default_factory=dict)  # (start, end) -> _Cand
    occupied: list = field(default_factory=list)  # token -> _Cand | None

    def __post_init__(self):
        self.occupied = [None] * len(self.doc)

    def add(self, c: _Cand, force: bool = False) -> bool:
        return _add(self.cands, self.occupied, c, force=force)

    def drop(self, c: _Cand) -> None:
        self.cands.pop((c.start, c.end), None)
        for k in range(c.start, c.end):
            self.occupied[k] = None

    def place(self, c: _Cand) -> None:
        self.cands[(c.start, c.end)] = c
        for k in range(c.start, c.end):
            self.occupied[k] = c

    def extend(self, c: _Cand, end: int) -> None:
        """``c`` continued to ``end``: the candidates it now covers go."""
        for k in range(c.end, end):
            o = self.occupied[k]
            if o is not None and o is not c:
                self.drop(o)
        self.cands.pop((c.start, c.end), None)
        c.end, c.text = end, _surface(self.doc, c.start, end)
        self.place(c)


def _candidates(doc, comp: EntityRecognizer) -> list[_Cand]:
    """Name candidates, by passes in order: each pass sees what the earlier ones claimed."""
    found = _CandidateSet(doc)
    headline = _headline_mask(doc)
    _lexicon_candidates(found, comp)
    _model_candidates(found)
    _capitalised_runs(found, headline)
    _parenthesised_tickers(found)
    _official_names(found)
    _particle_names(found)
    _drop_demonyms(found)
    return _kept_names(doc, found, headline)


def _lexicon_candidates(found: _CandidateSet, comp: EntityRecognizer) -> None:
    """The lexicon (tickers and major coins; a few well-known institutions), longest match first."""
    doc = found.doc
    matches = [(comp.meta[doc.vocab.strings[m]], s, e) for m, s, e in comp.exact(doc)]
    matches += [(comp.meta[doc.vocab.strings[m]], s, e) for m, s, e in comp.lower(doc)]
    matches.sort(key=lambda x: (-(x[2] - x[1]), x[1]))
    for (label, canon), s, e in matches:
        c = _Cand(s, e, _surface(doc, s, e), source="lexicon", label=label, canon=canon)
        c.votes[label] += 3
        found.add(c)


def _model_candidates(found: _CandidateSet) -> None:
    """The trained NER's names, trimmed and split on line breaks, possessives, "and" and role words."""
    doc = found.doc
    names_elsewhere = {normalize(e.text) for e in doc.ents if e.label_ in ("PERSON", "ORG")}
    for ent in _legal_names_joined(doc):
        if ent.label_ not in NAME_LABELS:
            continue
        firm_end = _firm_past_place(doc, ent)
        if firm_end is not None:
            ent = Span(doc, ent.start, firm_end, label="ORG")
        for ps0, pe0 in _pieces(doc, ent.start, ent.end, names_elsewhere):
            # the person's half of "Ilse Brandvoll of Korrin Advisory", which the model took for one firm
            elabel = "PERSON" if pe0 < ent.end and doc[pe0].lower_ == "of" else ent.label_
            if elabel in ("PERSON", "ORG"):
                ps0, pe0 = _whole_compound(doc, ps0, pe0, elabel)
            s, e, gender = _trim(doc, ps0, pe0)
            if s >= e:
                continue
            s = _extend_left(doc, s)
            for ps, pe, label, role in _role_parts(doc, s, e, elabel):
                ps, pe, g2 = _trim(doc, ps, pe)
                if ps < pe:
                    c = _model_candidate(doc, ps, pe, label, role, gender or g2)
                    if label == "PERSON":
                        _with_nickname(doc, c)
                    found.add(c)


def _legal_names_joined(doc) -> list:
    """The model's names, a name ending in a legal form joined to the name it abuts ("Grupo Inversor" +
    "Brisamar S.L." read as two): a legal form closes one firm's name, every capitalised word before it."""
    out = []
    for ent in doc.ents:
        prev = out[-1] if out else None
        if prev is not None and prev.end == ent.start and prev.label_ in ("PERSON", "ORG") and ent.label_ in ("PERSON", "ORG") \
                and doc[ent.end - 1].lower_ in LEGAL_SUFFIX_WORDS | {w.rstrip(".") for w in LEGAL_SUFFIX_WORDS} \
                and doc[prev.end - 1].lower_.rstrip(".") not in LEGAL_SUFFIX_WORDS and "\n" not in doc[prev.end - 1].whitespace_ \
                and all(t.is_alpha and t.text[:1].isupper() for t in prev):
            out[-1] = Span(doc, prev.start, ent.end, label="ORG")
            continue
        out.append(ent)
    return out


def _firm_past_place(doc, ent) -> int | None:
    """Where a firm's name ends that the model cut to a place ("Velland" of "Velland Wire", "Velland Freight"
    called a city): capitalised proper nouns right after the place, the last an industry word."""
    if ent.label_ not in ("GPE", "LOC"):
        return None
    end = ent.end
    while end < len(doc) and end - ent.end < 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
            and not _hard_break(doc[end - 1]) and "\n" not in doc[end - 1].whitespace_:
        end += 1
    return end if end > ent.end and doc[end - 1].lower_ in WORDS["industry_words"] else None


def _compound_word(tok, label: str, company: bool = False) -> bool:
    """A capitalised proper noun that may be part of a name the model cut short (not a title or role): one the
    model left unlabelled or gave the same label as a name of its own ("Rodrigo Tavares" + "Quintela"), or
    labelled otherwise inside a company's compound ("Zhejiang Hengrui Internet ... Co., Ltd.")."""
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha and tok.lower_ not in TITLES \
        and tok.lower_ not in ROLE_WORDS and tok.lower_ not in CAPITAL_ROLES and (company or tok.ent_type_ in ("", label))


def _whole_compound(doc, s: int, e: int, label: str) -> tuple[int, int]:
    """The model's span widened to the proper-noun compound it cuts: "Aldous" of "Aldous Penhaligon-Marsh"
    left out, "Soto" of "Ernesto Villaquiran Soto" left out (only words the model gave no label of their own)."""
    company = doc[s:e].root.lower_.rstrip(".") in LEGAL_SUFFIX_WORDS
    while s > 0 and _compound_word(doc[s - 1], label, company) \
            and doc[s - 1].dep_ == "compound" and s <= doc[s - 1].head.i < e \
            and not _hard_break(doc[s - 1]) and doc[s - 1].whitespace_ == " ":
        s -= 1
    while e < len(doc) and doc[e - 1].dep_ == "compound" and e <= doc[e - 1].head.i < e + 5 \
            and all(_compound_piece(doc, k, label) for k in range(e, doc[e - 1].head.i + 1)):
        e = doc[e - 1].head.i + 1  # "Pemberton" + "Rusk Advisory": the compound's head closes the name
    return s, e


def _hyphen_glued(doc, k: int) -> bool:
    """Token k is inside a hyphenated word: a hyphen with no space either side, or a word touching one."""
    t = doc[k]
    if t.text == "-":
        return not t.whitespace_ and k > 0 and not doc[k - 1].whitespace_
    return (k > 0 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_) or \
        (k + 1 < len(doc) and doc[k + 1].text == "-" and not t.whitespace_)


def _compound_piece(doc, k: int, label: str) -> bool:
    """Token k may continue a name to the right: a proper noun after a space, or a piece of a hyphenated name
    ("Ji-woo Han-Palmer": the small model splits it and labels its pieces apart)."""
    t = doc[k]
    if _hyphen_glued(doc, k) and (t.text == "-" or t.is_alpha and t.pos_ == "PROPN"):
        return True
    return _compound_word(t, label) and doc[k - 1].whitespace_ == " "


QUOTES = ('"', "\u201c", "\u201d", "'", "\u2018", "\u2019")


def _with_nickname(doc, c: _Cand) -> None:
    """'Everaldo "Dede" Santana': a quoted nickname between a given name and a surname; the person is the name
    without it (the span covers all three, so the surname is not read as a name of its own)."""
    e = c.end
    if e + 3 < len(doc) and doc[e].text in QUOTES and doc[e + 2].text in QUOTES and _is_cap(doc[e + 1]) \
            and doc[e + 3].pos_ == "PROPN" and doc[e + 3].text[:1].isupper() and "\n" not in doc[e + 2].whitespace_:
        last = e + 4
        while last < len(doc) and doc[last].pos_ == "PROPN" and doc[last].text[:1].isupper() and doc[last - 1].whitespace_ == " ":
            last += 1
        c.text = clean(f"{c.text} {doc[e + 3:last].text}")
        c.end = last


def _role_parts(doc, s: int, e: int, label: str) -> list[tuple[int, int, str, str | None]]:
    """'Binance founder Changpeng Zhao' -> the organisation part and the person part with its role."""
    split = _split_on_roles(doc, s, e)
    if not split:
        return [(s, e, label, None)]
    (ls, le), role, (rs, re_) = split
    parts = []
    if le > ls:
        parts.append((ls, le, "org-of-role", None))
    if re_ > rs:
        parts.append((rs, re_, "person-with-role", role))
    return parts


def _model_candidate(doc, s: int, e: int, label: str, role: str | None, gender: str | None) -> _Cand:
    c = _Cand(s, e, _surface(doc, s, e), source="ner", label=label, gender=gender)
    if label == "PERSON":
        c.ner[PERSON] += 1
    elif label == "ORG":
        c.ner[ORG] += 1
    elif label == "org-of-role":
        c.votes[ORG] += 2
    elif label == "person-with-role":
        c.votes[PERSON] += 3
        c.descriptors.add(ROLE_ALIASES.get(role, role))
    if gender:
        c.votes[PERSON] += 3
    if label == "FAC" and 2 <= e - s <= 4 and all(doc[k].is_title or doc[k].text == "-" for k in range(s, e)) \
            and not any(doc[k].lower_ in FACILITY_WORDS for k in range(s, e)):
        c.ner[PERSON] += 1  # the small model's FAC on a two-part personal name
    return c


def _run_starts(tok, headline: list, n: int) -> bool:
    """A token that may open a name the model missed: a capitalised proper noun, an acronym, "dYdX", "F.T.X"."""
    doc = tok.doc
    i = tok.i
    dotted = i + 2 < n and doc[i + 1].text == "." and not tok.whitespace_ and not doc[i + 1].whitespace_ and _is_cap(doc[i + 2])
    caption = i >= 1 and doc[i - 1].lower_ in CAPTION_WORDS  # "R v Mardell Tesmer": a case's parties, heading or not
    return _is_cap(tok) and (not headline[i] or caption) and (tok.pos_ == "PROPN" or (tok.is_upper and len(tok.text) > 1)
                                                 or not tok.text[0].isupper() or dotted) and not tok.is_stop


def _closing_legal_form(t) -> bool:
    """A legal form written with its full stop and followed by a space ("Ltd. ", "Inc. "): a name ends there."""
    return t.text.endswith(".") and bool(t.whitespace_) and t.lower_.rstrip(".") in LEGAL_SUFFIX_WORDS


def _run_end(doc, i: int) -> tuple[int, bool]:
    """Where a run of capitalised tokens from ``i`` ends, and whether a dot glues it ("S.B.F.")."""
    n = len(doc)
    j = i + 1
    glued = False
    while j < n and not _hard_break(doc[j - 1]) and "\n" not in doc[j - 1].whitespace_:
        t = doc[j]
        if _closing_legal_form(doc[j - 1]) and t.lower_.rstrip(".") not in LEGAL_SUFFIX_WORDS:
            break  # "owns Quarnlow Digital Ltd. Dunnerholm Ltd is ...": the form's full stop ends the sentence too
        if _is_cap(t) and not _hard_break(t) and (t.pos_ in ("PROPN", "NOUN", "ADJ", "X", "NUM") or t.is_upper) and not (t.is_stop and not t.is_upper):
            j += 1
        elif t.lower_ in LEGAL_SUFFIX_WORDS and (not t.is_lower or t.lower_ in SMALL_LEGAL_FORMS):
            j += 1  # "Wendelbeck Beteiligungsgesellschaft mbH", "Quarnlow Payments plc": a legal form in small letters
        elif t.text in ("-", "&", ".") and j + 1 < n and not doc[j - 1].whitespace_ and not t.whitespace_ and _is_cap(doc[j + 1]):
            glued = glued or t.text == "."
            j += 2
        elif t.text == "&" and j + 1 < n and _is_cap(doc[j + 1]) and not _hard_break(doc[j + 1]) and "\n" not in t.whitespace_:
            j += 2  # "Ashdown Quill & Partners": an ampersand binds one name
        else:
            break
    return j, glued


def _capitalised_runs(found: _CandidateSet, headline: list) -> None:
    """Runs of capitalised tokens nobody claimed (names the model missed), not in headlines."""
    doc = found.doc
    n = len(doc)
    i = 0
    while i < n:
        if not _run_starts(doc[i], headline, n):
            i += 1
            continue
        j, glued = _run_end(doc, i)
        s, e, gender = _trim(doc, i, j)
        s = _extend_left(doc, s) if s > 0 and found.occupied[s - 1] is None else s
        if e > s and not all(normalize(doc[k].text) in NOT_NAMES or PERIOD_LABEL.fullmatch(doc[k].text) for k in range(s, e)):
            c = _Cand(s, e, _surface(doc, s, e), source="run", gender=gender)
            if gender:
                c.votes[PERSON] += 3
            if not found.add(c, force=glued):
                # a longer run with a corporate suffix beats the model's shorter span
                if (doc[e - 1].lower_ in ORG_SUFFIX_WORDS or doc[e - 1].lower_ in LEGAL_SUFFIX_WORDS) and e - s > 1:
                    c.source = "ner"
                    c.ner[ORG] += 1
                    found.add(c)
        i = max(j, i + 1)


def _parenthesised_tickers(found: _CandidateSet) -> None:
    """Parenthesised acronyms and tickers right after a name, linked to it: "Three Arrows Capital (3AC)",
    "TerraUSD (UST)", "the Orbix stablecoin (ORBX)"."""
    doc, occupied = found.doc, found.occupied
    n = len(doc)
    for k in range(1, n - 2):
        if doc[k].text == "(" and doc[k + 2].text == ")" and occupied[k - 1] is not None and occupied[k + 1] is None:
            t = doc[k + 1]
            if any(ch.isupper() for ch in t.text) and t.text.replace(".", "").isalnum() and not t.is_lower and len(t.text) <= 6:
                found.add(_Cand(k + 1, k + 2, t.text, source="run"))
    for k in range(1, n - 2):
        if doc[k].text == "(" and doc[k + 2].text == ")" and occupied[k + 1] is not None and occupied[k + 1].end == k + 2:
            prev = occupied[k - 1]
            if prev is None and k >= 2 and doc[k - 1].lower_ in TOKEN_HEADS | ORG_HEADS:
                prev = occupied[k - 2]
            tick = occupied[k + 1]
            if prev is not None and prev is not tick and tick.start == k + 1 and tick.text.replace(".", "").isupper():
                tick.link = prev


def _official_names(found: _CandidateSet) -> None:
    """Long official names: "U.S. Bankruptcy Court" + "for the District of Delaware", "Ministry" + "of Finance"."""
    doc = found.doc
    for c in sorted(found.cands.values(), key=lambda c: c.start):
        end = _official_name_end(doc, c, found.occupied)
        if end > c.end:
            c.ner[ORG] += 1
            found.extend(c, end)


def _particle_end(doc, end: int) -> int:
    """Past a lowercase name particle and the capitalised words after it ("Jornal" + "do Cais", "La Lettre" + "du
    Trésor", "Associação" + "das Vítimas da Quintela"); ``end`` itself when none follows."""
    n = len(doc)
    while end + 1 < n and doc[end].lower_ in NAME_PARTICLES and doc[end].text.islower() and doc[end - 1].whitespace_ == " ":
        j = end + 1
        if doc[j].lower_ in PARTICLE_ARTICLES and doc[j].text.islower() and j + 1 < n:
            j += 1
        m = j
        while m < n and doc[m].pos_ == "PROPN" and doc[m].text[:1].isupper() and doc[m - 1].whitespace_ == " " \
                and not _hard_break(doc[m]):
            m += 1
        if m == j:
            break
        end = m
    return end


def _particle_names(found: _CandidateSet) -> None:
    """A name continued over a Romance or Dutch particle the model stopped at: "La Lettre du Trésor"."""
    doc = found.doc
    for c in sorted(found.cands.values(), key=lambda c: c.start):
        if c.source == "lexicon" or (c.start, c.end) not in found.cands:
            continue
        end = _particle_end(doc, c.end)
        if end == c.end or any(found.occupied[k] is not None and found.occupied[k].source == "lexicon" for k in range(c.end, end)):
            continue
        found.extend(c, end)


def _drop_demonyms(found: _CandidateSet) -> None:
    """Nationalities are not parties ("its Lithuanian subsidiary"), but "the Malaysian government" is one."""
    doc, occupied = found.doc, found.occupied
    for c in list(found.cands.values()):
        if not _is_demonym(doc, c):
            continue
        found.cands.pop((c.start, c.end), None)
        head = doc[c.start].head
        if head.i == c.start + 1 and head.lower_ in WORDS["government_heads"] and occupied[head.i] is None:
            g = _Cand(c.start, c.start + 2, _surface(doc, c.start, c.start + 2), source="ner", label="ORG")
            g.votes[ORG] += 4
            found.cands[(g.start, g.end)] = g
            occupied[head.i] = g
            occupied[c.start] = g
        else:
            occupied[c.start] = None


def _without_organ(doc, c: _Cand) -> _Cand | None:
    """"the Board of Directors of Groupe X": a company's organ is not a party; the company after "of" is.
    Nor is a post: "the non-executive Chair of Gavrin Holdings plc" names the firm after "of"."""
    words = [t.lower_ for t in doc[c.start:c.end]]
    if "of" in words[1:-1]:
        k = words.index("of")
        post = words[:k]
        if any(w in WORDS["officer_posts"] for w in post) and \
                all(w in WORDS["officer_posts"] or w in WORDS["role_title_words"] for w in post):
            k += 1 + (words[k + 1] == "the")
            if k >= len(words):
                return None
            c.start += k
            c.text = _surface(doc, c.start, c.end)
            return c
    for organ in COMPANY_ORGANS:
        ow = organ.split()
        if words[:len(ow)] == ow:
            k = len(ow)
            if k == len(words) or words[k] != "of":
                return None if k == len(words) else c
            k += 1 + (k + 1 < len(words) and words[k + 1] == "the")
            if k >= len(words):
                return None
            c.start += k
            c.text = _surface(doc, c.start, c.end)
            return c
    return c


def _kept_names(doc, found: _CandidateSet, headline: list) -> list[_Cand]:
    """The candidates that can be names: not a stop word, a number, a redacted number or a reference code, a
    generic word, a lone adjective, a dateline, a line of capitals, a currency ("R$") or a company's organ ("Board of Directors")."""
    out = [_without_organ(doc, c) if c.source != "lexicon" else c for c in sorted(found.cands.values(), key=lambda c: c.start)]
    out = [_without_weekday(doc, c) for c in out]
    out = [c for c in out if c is not None and not any(c.text.endswith(m) for m in CURRENCY_MARKS)]
    out = [c for c in out if c.text and normalize(c.text) and (normalize(c.text) not in NOT_NAMES or _defined_in_brackets(doc, c.text))
           and not c.text.isdigit()
           and not PERIOD_LABEL.fullmatch(c.text) and not CODE_LABEL.fullmatch(c.text)
           and (c.source == "lexicon" or any(ch.isupper() for ch in c.text))
           and not (c.source != "lexicon" and normalize(c.text) in GENERIC_WORDS)
           and not (c.source != "lexicon" and c.end - c.start == 1 and doc[c.start].pos_ == "ADJ")
           and not _is_dateline(doc, c.start, c.end)]
    dateline = _dateline_tokens(doc)
    out = [c for c in out if not all(dateline[k] for k in range(c.start, c.end)) and not _caps_label(doc, c)]
    out = [c for c in out if not _common_phrase(doc, c) and not _lone_heading_word(doc, c) and not _passing_name(doc, c)
           and not _sector_modifier(doc, c) and not _imperative_opening(doc, c)]
    out = [c for c in out if not _layout_word(doc, c) and not _common_word_name(doc, c) and not _work_title(doc, c)]
    first_break = _doc_text(doc).find("\n")
    for c in out:
        c.headline = headline[c.start]
        c.first_line = 0 <= doc[c.start].idx < first_break
        c.opens_line = _legal_name_opening_line(doc, c)
    return out


def _work_title(doc, c: "_Cand") -> bool:
    """'"The Glass Vault: Inside the Fall of X" by Y', 'a third of the way into "The Glass Vault"': a name written
    only as the opening of a quotation that it (with its "The") fills, or ends at a subtitle's colon, is the title
    of a book, a film or a report, no party. A quotation that goes on past the name is speech ('"Alameda was fine,"
    he said') and leaves it a name."""
    if c.source == "lexicon" or c.nwords < 2:
        return False
    text = _doc_text(doc)
    seen = False
    for m in re.finditer(re.escape(c.text), text):
        seen = True
        if not (re.search(r"[\"\u201c](?:The |the )?$", text[max(0, m.start() - 5):m.start()])
                and re.match(r"\s*[\"\u201d:]", text[m.end():m.end() + 3])):
            return False
    return seen


def _defined_in_brackets(doc, text: str) -> bool:
    """The article defines the initialism as a name: 'Corvane Trust ("CT")', 'Dunmore Group (DM)' (letters
    that are no name elsewhere, a chat abbreviation or a currency code, are this party's here)."""
    return text.isupper() and any(f"{o}{text}{c}" in doc.text for o, c in (("(", ")"), ('("', '")'), ("(\u201c", "\u201d)")))


def _without_weekday(doc, c: "_Cand | None") -> "_Cand | None":
    """A day name opening a capitalised run ("On the Friday Corsalind walked away"), or a month after "in",
    "since", "until" ...: the day or month is no part of the name that follows it."""
    if c is None or c.source == "lexicon" or c.end - c.start < 2:
        return c
    first = doc[c.start].lower_.rstrip(".")
    # "In June Plenvaro agreed to acquire ...": a month after a preposition of time is no given name ("April Cheng")
    month = first in MONTH_WORDS and c.start > 0 and doc[c.start - 1].lower_ in TIME_PREPOSITIONS
    if first not in WEEKDAY_WORDS and not month:
        return c
    c.start += 1
    c.text = _surface(doc, c.start, c.end)
    return c


LINE_BOUNDS_KEY = "kg_line_bounds"


def _line_of(doc, k: int) -> tuple[int, int]:
    """The token range of the line holding token k: a line starts after a token ending in a newline or made of
    one, and ends before a newline token or after a token whose whitespace holds one. The bounds of every
    token are worked out once per Doc (a walk per candidate cost a long paragraph's length each time)."""
    bounds = doc.user_data.get(LINE_BOUNDS_KEY)
    if bounds is None or len(bounds[0]) != len(doc):
        bounds = doc.user_data[LINE_BOUNDS_KEY] = _line_bounds(doc)
    return bounds[0][k], bounds[1][k + 1]


def _line_bounds(doc) -> tuple[list[int], list[int]]:
    """starts[k]: the first token of k's line; ends[e]: the first line end at or after e (token e excluded
    when it is a newline token, e after a token ending in one)."""
    n = len(doc)
    ws_break, nl_token = [], []
    for t in doc:
        ws_break.append("\n" in t.whitespace_)
        nl_token.append("\n" in t.text)
    starts = [0] * n
    for i in range(1, n):
        starts[i] = i if ws_break[i - 1] or nl_token[i - 1] else starts[i - 1]
    ends = [n] * (n + 1)
    for e in range(n - 1, 0, -1):
        ends[e] = e if ws_break[e - 1] or nl_token[e] else ends[e + 1]
    return starts, ends


def _opens_line(doc, s: int) -> bool:
    """Token s is the first word of its line, past a section or post number ("4. ", "2/ ")."""
    a, _ = _line_of(doc, s)
    return all(t.is_space or t.like_num or re.fullmatch(r"\d+[./)]?|[./)]", t.text) for t in doc[a:s])


def _as_word(phrase: str) -> str:
    """A pattern for ``phrase`` standing as whole words (no letter, digit or hyphen joined on either side)."""
    return r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])"


SEARCH_KEY = "kg_entities_search"  # doc.user_data key of the memo of whole-text searches


def _memoised(doc, key, compute):
    """``compute()``, remembered for the article under ``key``: a long article asks after the same names again
    and again, and every ask would read the whole text."""
    memo = doc.user_data.setdefault(SEARCH_KEY, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _text_matches(doc, pattern: str, literal: str = "") -> int:
    """How often ``pattern`` matches the article's text (memoised). ``literal``, a string every match contains,
    skips the pattern when the text lacks it."""
    def count() -> int:
        text = _doc_text(doc)
        return len(re.findall(pattern, text)) if literal in text else 0
    return _memoised(doc, pattern, count)


def _word_count(doc, phrase: str) -> int:
    """How often ``phrase`` stands in the article as whole words."""
    return _text_matches(doc, _as_word(phrase), phrase)


def _met_once(doc, text: str) -> bool:
    """``text`` stands once in the article, as whole words."""
    return _word_count(doc, text) == 1


def _layout_word(doc, c: "_Cand") -> bool:
    """Words the layout marks as labels, not names: a speaker label, capitals opening a line before a colon
    ("ANCHOR: Good evening", "REPORTER: ..."); one word of a line of capitals met nowhere else ("INTERNAL -
    RESTRICTED"); a lone day name ("since Tues"); a degree ("an MBA"); a bracketed one-word seat after a legal
    name ("Kestrel Markets UAB (Tartu)"); the person a speaker addresses ("REPORTER: Ana, ..."); a bracketed
    gloss ("a breach of trust (Untreue)"); a job title ("Chief Executive Officer")."""
    if c.source == "lexicon":
        return False
    words = [t for t in doc[c.start:c.end] if t.is_alpha]
    if c.end - c.start == 1 and doc[c.start].lower_.rstrip(".") in WEEKDAY_WORDS | DEGREE_WORDS:
        return True
    if words and all(t.is_upper for t in words) and c.end < len(doc) and doc[c.end].text == ":" and _opens_line(doc, words[0].i):
        return True
    if len(words) == 1 and words[0].is_upper and _line_of_capitals(doc, words[0].i) and _met_once(doc, c.text):
        return True
    return _bracketed_seat(doc, c) or _addressee(doc, c) or _gloss(doc, c) or _role_title(c) or _title_modifier(doc, c)


def _role_title(c: "_Cand") -> bool:
    """"Chief Executive Officer, Korvexa Ltd", "General Counsel": a capitalised job title, every
    word a role word or a title's modifier, one of them a role, is no name."""
    words = [w.lower().strip(".,;:") for w in c.text.split()]
    return bool(words) and all(w in ROLE_WORDS or w in WORDS["role_title_words"] for w in words) \
        and any(w in ROLE_WORDS for w in words)


def _title_modifier(doc, c: "_Cand") -> bool:
    """'(Non-Executive Director)', 'Independent Non-Executive Director': the modifiers of a job title, its role
    word left outside the name, are no name either."""
    words = [w.lower().strip(".,;:") for w in c.text.split()]
    return bool(words) and c.end < len(doc) and doc[c.end].lower_ in ROLE_WORDS \
        and all(w in WORDS["role_title_words"] for w in words)


def _gloss(doc, c: "_Cand") -> bool:
    """"a breach of trust (Untreue)", "a shareholder loan (Gesellschafterdarlehen)": one capitalised word in
    brackets after a common noun, met nowhere else, is the original-language term for that noun, no party.
    Not an acronym ("the regulator (BaFin)", "its token (ZRK)": a capital inside it), not after a name."""
    s = c.start
    if c.end - s != 1 or s < 2 or c.end >= len(doc) or doc[s - 1].text != "(" or doc[c.end].text != ")":
        return False
    word, before = doc[s], doc[s - 2]
    if not word.is_title or any(ch.isupper() for ch in word.text[1:]) or not word.is_alpha:
        return False
    return before.is_lower and before.pos_ == "NOUN" and _met_once(doc, c.text)


def _line_of_capitals(doc, k: int) -> bool:
    """Token k's line has two words or more, every one of them in capitals (stops at the first that is not)."""
    a, e = _line_of(doc, k)
    n = 0
    for t in doc[a:e]:
        if t.is_alpha:
            if not t.is_upper:
                return False
            n += 1
    return n >= 2


def _addressee(doc, c: "_Cand") -> bool:
    """"REPORTER: Ana, it has been a long day": one name met once, opening a speaker's turn and set off by a
    comma that no description follows, is the person spoken to, no party."""
    s = c.start
    if c.end - s != 1 or s < 2 or doc[s - 1].text != ":" or c.end + 1 >= len(doc) or doc[c.end].text != ",":
        return False
    label = doc[s - 2]
    if not (label.is_upper and label.is_alpha and _opens_line(doc, _line_of(doc, label.i)[0])):
        return False
    return doc[c.end + 1].pos_ != "DET" and _met_once(doc, c.text)


def _bracketed_seat(doc, c: "_Cand") -> bool:
    """"Kestrel Markets UAB (Tartu)": one capitalised word alone in brackets after a name ending in a legal form
    is where the company sits."""
    s = c.start
    if c.end - s != 1 or s < 2 or doc[s - 1].text != "(" or c.end >= len(doc) or doc[c.end].text != ")":
        return False
    return doc[s - 2].lower_.rstrip(".") in LEGAL_SUFFIX_WORDS


def _initials_phrase(acronym: str) -> str:
    """A pattern for lower-case words whose initials spell the acronym ("chief restructuring officer" for
    CRO, "debtor-in-possession" for DIP); words joined by spaces are content words, hyphens may join any."""
    parts = [re.escape(ch.lower()) + r"[a-z]+" for ch in acronym]
    return r"(?<![\w-])" + r"[ -]".join(parts) + r"(?![\w-])"


def _spelled_out(doc, acronym: str) -> bool:
    """Does the article spell ``acronym`` out in lower-case content words (memoised)?"""
    return _memoised(doc, ("spelled out", acronym), lambda: any(
        not any(doc.vocab[w].is_stop for w in m.group(0).split(" "))
        for m in re.finditer(_initials_phrase(acronym), _doc_text(doc))))


def _common_word_name(doc, c: "_Cand") -> bool:
    """Capitals on common words: an acronym the article spells out in lower case ("the chief restructuring
    officer ... the CRO"), a capitalised plural defining a class the article writes in lower case ("its
    affiliated debtors (together, the "Debtors")"), a capitalised record or internal body ("the Land Registry",
    "Onboarding Committee") with no legal form."""
    if c.source == "lexicon":
        return False
    words = [t for t in doc[c.start:c.end] if t.is_alpha]
    if len(words) == 1 and words[0].is_upper and 2 <= len(c.text) <= 5 and c.text.isalpha() and _spelled_out(doc, c.text):
        return True
    if len(words) == 1 and c.end - c.start == 1 and words[0].tag_ in ("NNS", "NNPS") and c.text[1:].islower() \
            and not doc[c.start].is_sent_start and _word_count(doc, c.text.lower()):
        return True
    return (len(words) >= 2 and _lemma(words[-1]) in BODY_HEADS
            and not any(t.lower_.rstrip(".") in LEGAL_SUFFIX_WORDS for t in words))


def _common_phrase(doc, c: "_Cand") -> bool:
    """A heading's capitals on a phrase the article also writes in lower case ("Forward-Looking Statements"
    over "this release contains forward-looking statements", "Summary of Amended Complaint" beside "the
    amended complaint filed"): a common phrase, no name. A company's legal form keeps a name ("Amber Trust Ltd")."""
    words = [t for t in doc[c.start:c.end] if t.is_alpha]
    if c.source == "lexicon" or len(words) < 2 or words[-1].lower_.rstrip(".") in LEGAL_SUFFIX_WORDS:
        return False
    if not all(t.text[:1].isupper() for t in words):
        return False
    phrase = doc[c.start:c.end].text
    return _word_count(doc, phrase.lower()) > 0


def _sector_modifier(doc, c: "_Cand") -> bool:
    """A sentence's first word, capitalised only for opening it, naming the trade of a lower-case kind of firm
    that a name follows ("Custody provider Halvern ...", "Hedge fund Orrin Partners ..."): a modifier of the
    description, no name. A word the article capitalises anywhere else ("Acme unit Bolt Ltd" beside "Acme
    said") is kept."""
    k = c.start
    if c.source == "lexicon" or c.end - k != 1 or k + 2 >= len(doc) or not doc[k].is_alpha:
        return False
    if not (doc[k].is_sent_start or k == 0 or "\n" in doc[k - 1].whitespace_ or "\n" in doc[k - 1].text):
        return False
    head, after = doc[k + 1], doc[k + 2]
    if not (head.is_lower and _lemma(head) in ORG_HEADS and _is_cap(after)):
        return False
    return _met_once(doc, c.text)


def _imperative_opening(doc, c: "_Cand") -> bool:
    """A sentence opened by a verb in its base form that governs it ("Suppose, for a moment, ...", "Picture a
    bank that ..."): an imperative, capitalised only for opening the sentence, no name."""
    t = doc[c.start]
    return (c.source != "lexicon" and c.end - c.start == 1 and t.is_sent_start and t.tag_ == "VB"
            and t.dep_ == "ROOT" and not any(ch.isupper() for ch in t.text[1:]))


def _passing_name(doc, c: "_Cand") -> bool:
    """A name given in passing, of no party: a byline ("Reporting by Ana Brill; editing by ..."), a person known
    by one name ("an investor surnamed Li"), a relative by a first name met once and set off by a comma ("his
    wife, Ana", "two sons, Tomas and Olek")."""
    if c.source == "lexicon":
        return False
    if c.start >= 2 and doc[c.start - 1].lower_ == "by" and doc[c.start - 2].lower_ in BYLINE_WORDS:
        return True
    if c.end - c.start != 1:
        return False
    if c.start >= 1 and doc[c.start - 1].lower_ in ONE_NAME_WORDS:
        return True
    t = doc[c.start]
    while t.dep_ == "conj" and _lemma(t.head) not in KIN_GENDERS and t.head.i != t.i:
        t = t.head
    # set off by a comma ("his wife, Ana"); "his brother Olek ran the firm" names a party
    if not (t.dep_ in ("appos", "conj") and _lemma(t.head) in KIN_GENDERS and t.i >= 1 and doc[t.i - 1].text == ","):
        return False
    return _met_once(doc, c.text)


def _legal_name_opening_line(doc, c: "_Cand") -> bool:
    """A name with a legal form opening its line ("Wrenfield Opportunities Fund SPC (in Liquidation): ..."):
    a title's capitals do not invent it."""
    words = c.text.split()
    if len(words) < 2 or words[-1].lower().rstrip(".") not in LEGAL_SUFFIX_WORDS or "\n" in doc[c.start:c.end].text:
        return False
    return c.start == 0 or "\n" in doc[c.start - 1].whitespace_ or "\n" in doc[c.start - 1].text


def _lone_heading_word(doc, c: "_Cand") -> bool:
    """One word alone on its line (a section number before it at most: "Background", "4. SANCTION") and
    written nowhere else in the article: a heading, no name (a company named in a title is named again)."""
    if c.source == "lexicon" or c.end - c.start != 1 or not doc[c.start].is_alpha:
        return False
    text = _doc_text(doc)
    a = text.rfind("\n", 0, doc[c.start].idx) + 1
    b = text.find("\n", doc[c.start].idx)
    line = text[a:b if b >= 0 else len(text)].strip()
    if SECTION_NUMBER.sub("", line) != c.text:
        return False
    return _met_once(doc, c.text)


def _dateline_tokens(doc) -> list[bool]:
    """Tokens of a dateline: from a line's start to a dash within its first 16 tokens, when that stretch has a
    date or a number and no verb ("ZUG, Switzerland and OSLO, Norway, 4 March 2025 - ")."""
    mask = [False] * len(doc)
    starts = [0] + [t.i + 1 for t in doc if "\n" in t.text or "\n" in t.whitespace_]
    for s in starts:
        for k in range(s, min(s + 16, len(doc))):
            t = doc[k]
            if t.text in ("-", "\u2013", "\u2014") and k > s and doc[k - 1].whitespace_:  # a spaced dash
                region = doc[s:k]
                if any(x.like_num or x.lower_.rstrip(".") in MONTH_WORDS for x in region) \
                        and not any(x.pos_ in ("VERB", "AUX") for x in region):
                    for j in range(s, k):
                        mask[j] = True
                break
            if "\n" in t.text:
                break
    return mask


def _caps_label(doc, c: "_Cand") -> bool:
    """A line of capitals alone ("FOR IMMEDIATE RELEASE", "PUBLIC NOTICE"): a label, not a name (a name in
    capitals inside a sentence, "FTX US, the American arm", stays)."""
    words = [t for t in doc[c.start:c.end] if t.is_alpha]
    if len(words) < 2 or not all(t.is_upper for t in words) or c.source == "lexicon" or _legal_caption(doc, c.start, c.end):
        return False
    s = c.start
    while s > 0 and "\n" not in doc[s - 1].whitespace_ and "\n" not in doc[s - 1].text:
        s -= 1
    e = c.end
    while e < len(doc) and "\n" not in doc[e - 1].whitespace_ and "\n" not in doc[e].text:
        e += 1
    rest = [t for t in doc[c.end:e] if not t.is_space]
    if rest and rest[0].lower_ in REFERENCE_WORDS and all(not t.is_alpha or t.lower_ in REFERENCE_WORDS for t in rest):
        return True  # "PUBLIC NOTICE No. 2025-031"
    return all(t.is_upper or not t.is_alpha for t in doc[s:e] if not t.is_space)


# ---------------------------------------------------------------------------------------------------
# context evidence


def _lemma(tok) -> str:
    if tok.lower_ == "up" and tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "start":
        return "start-up"  # the tokenizer splits "start-up"
    return tok.lower_ if tok.lower_ in ROLE_WORDS or tok.lower_ in TOKEN_HEADS else tok.lemma_.lower()


def _apposition_head(doc, j: int):
    """After ', ' : the head noun of an apposition like ', a hedge fund founded by ...' (None if none)."""
    n = len(doc)
    head = None
    k = j
    steps = 0
    while k < n and steps < 8:
        t = doc[k]
        mistagged = t.lower_ in TOKEN_HEADS and t.text.islower()  # "utility token" tagged VBN
        if k == j and t.tag_ == "PRP$":  # ", its own token,", ", their fund,": a possessive opens the apposition
            k += 1
            steps += 1
            continue
        if t.pos_ == "VERB" and t.tag_ == "VBN" and k > j and doc[k - 1].text == "-" and not doc[k - 1].whitespace_:
            k += 1  # ", a sterling-pegged settlement token": a hyphenated participle modifies the head to come
            steps += 1
            continue
        if t.is_punct and t.text not in ("-",) or t.pos_ in ("VERB", "AUX", "ADP", "PRON", "SCONJ", "CCONJ") and not mistagged \
                or t.lower_ in STOP_CHUNK:
            break
        if head is not None and head.text.islower() and _is_cap(t) and t.pos_ == "PROPN" and (
                _clause_subject(doc, k) or head.i == k - 1 and _lemma(head) in TOKEN_HEADS | ORG_HEADS | ROLE_WORDS):
            # "ZVQ, the token Ostrel Labs issued": a name after the head noun starts a clause of its own (or
            # names another party: the kind noun before it is the head, however the parser read the clause)
            break
        if t.pos_ in ("NOUN", "PROPN") or t.lower_ in ROLE_WORDS or mistagged:
            head = t
        k += 1
        steps += 1
    if head is None:
        return None
    # ", the business expanded" is the next clause's subject, not an apposition
    if k < n and (doc[k].pos_ == "AUX" or doc[k].tag_ in ("VBD", "VBZ", "VBP", "MD")) and head.dep_ != "appos":
        return None
    return head


def _clause_subject(doc, k: int) -> bool:
    """The capitalised words from token k are followed by a finite verb ("the token Ostrel Labs issued")."""
    while k < len(doc) and doc[k].pos_ == "PROPN":
        k += 1
    return k < len(doc) and doc[k].tag_ in ("VBD", "VBZ", "VBP")


def _context(doc, c: _Cand, by_start: dict) -> None:
    """Type votes and descriptors a candidate collects from its own words and what stands around it."""
    _alias_link(doc, c, by_start)
    _name_votes(doc, c)
    _left_votes(doc, c)
    _right_votes(doc, c)
    _bracket_role_votes(doc, c)
    _copula_votes(doc, c)


def _bracket_role_votes(doc, c: _Cand) -> None:
    """"Corwin Ulmstead (Company Secretary)", "A (Chair)": a job title in brackets after a name is a person's."""
    k = c.end
    if k >= len(doc) or doc[k].text != "(":
        return
    close = next((j for j in range(k + 1, min(k + 8, len(doc))) if doc[j].text == ")"), None)
    if close is None or close == k + 1:
        return
    words = [t.lower_ for t in doc[k + 1:close] if not t.is_punct]
    if words and all(w in ROLE_WORDS or w in WORDS["role_title_words"] for w in words) \
            and any(w in ROLE_WORDS and w not in SHARED_ROLES for w in words):
        c.votes[PERSON] += 4


def _alias_link(doc, c: _Cand, by_start: dict) -> None:
    """"Three Arrows Capital, commonly known as 3AC": an alias of the name before it in the sentence; and
    'Glaswyn Ledger Technologies Ltd ("Glaswyn")': a name a filing defines in a bracket after the full one, its
    short form there wherever it recurs, whichever other firm shares the word."""
    k = c.start - 1
    if k >= 2 and doc[k].text in ('"', "\u201c") and doc[k - 1].text == "(" and c.end < len(doc) \
            and doc[c.end].text in ('"', "\u201d"):
        before = [o for o in by_start.values() if o is not c and o.end in (k - 1, k - 2) and o.end <= k - 1]
        if before:
            c.link = max(before, key=lambda o: o.end)
            return
    if c.start >= 2 and doc[c.start - 1].lower_ in ALIAS_CUES and (doc[c.start - 2].lower_ in ALIAS_VERBS or doc[c.start - 1].lower_ != "as"):
        sent_start = doc[c.start].sent.start
        prev = [o for st, o in by_start.items() if sent_start <= st < c.start and o is not c]
        cue = c.start - 2 if doc[c.start - 1].lower_ == "as" else c.start - 1
        if prev:
            last = max(prev, key=lambda o: o.start)
            # "the exchange known as Korvexa.io": a noun between them names another party, no alias of the name
            if all(t.is_punct or t.pos_ in ("ADV", "CCONJ") for t in doc[last.end:cue]):
                c.link = last


def _name_votes(doc, c: _Cand) -> None:
    """The name itself: a corporate suffix or industry word, a company abbreviation, a coin ending."""
    words = c.text.split()
    last = normalize(words[-1]) if words else ""
    last_raw = doc[c.end - 1].lower_
    if (last_raw in ORG_SUFFIX_WORDS or last_raw in WORDS["industry_words"]) and c.end - c.start > 1:
        c.votes[ORG] += 3
    if last_raw in COMPANY_ABBREVIATIONS:
        c.votes[ORG] += 3
    if c.end - c.start > 1 and last_raw in PUBLICATION_NAME_WORDS and doc[c.end - 1].is_title:
        c.votes[ORG] += 2  # "Wrenlow Monthly", "Caskwell Gazzetta": a paper's name
    if any(w.lower().endswith(end) for w in words for end in WORDS["compound_org_endings"]):
        c.votes[ORG] += 3  # "Staatsanwaltschaft Bremen", "Bankhaus Merle": a compound noun naming a body
    if any(last.endswith(sfx) for sfx in TOKEN_NAME_ENDINGS) or last in TOKEN_SUFFIX_WORDS and c.end - c.start > 1:
        c.votes[TOKEN] += 2


def _left_votes(doc, c: _Cand) -> None:
    """Left context: "Mr X", "the exchange X", "founder X", "token X", "worth of X", "20,000 X"."""
    i = c.start - 1
    comma = False
    if i >= 0 and doc[i].text == "," and i - 1 >= 0:
        comma = True
        i -= 1
    if i < 0:
        return
    lt = doc[i]
    if comma and lt.dep_ == "pobj" and lt.head.lower_ in POST_PREPOSITIONS and lt.head.head.pos_ == "NOUN" and lt.head.head.i < i:
        lt = lt.head.head  # "the president of the association, Ana Brill", "a partner at Kastelholm, Ana Brill"
    low = _lemma(lt)
    if lt.text == "By" and not comma and _opens_line(doc, i) and c.nwords >= 2:
        c.votes[PERSON] += 4  # a byline's writer ("By Orla Vane | Merrow Monthly")
    elif lt.lower_ == "by" and not comma and i >= 1 and doc[i - 1].text in ("Posted", "Written") and _opens_line(doc, i - 1) \
            and c.nwords >= 2:
        c.votes[PERSON] += 4  # a post's writer ("Posted by Rinat Oszvald, CTO, ...")
    elif lt.lower_ in CAPTION_WORDS and not comma and _person_words(c) and c.votes[ORG] < 3:
        c.votes[PERSON] += 3  # a case's caption ("R v Mardell Tesmer", "United States v. Lukas Venables")
    elif lt.lower_ in TITLES and not comma:
        c.votes[PERSON] += 4
        c.gender = c.gender or ("f" if lt.lower_ in FEMALE_TITLES else "m")
    elif low in TOKEN_HEADS and not lt.text[0].isupper():
        if not _subject_of_relative(doc, c, lt):  # "the token Zephyrine Finance issued": the issuer, no token
            c.votes[TOKEN] += 3
            c.descriptors.add(low.rstrip("s"))
    elif low in ROLE_WORDS and not (comma and lt.tag_ in ("NNS",)):
        c.votes[PERSON] += 3
        c.descriptors.add(ROLE_ALIASES.get(low, low))
    elif comma and lt.tag_ == "NNS" and low in SHARED_ROLES:
        pass  # "The liquidators, Rhiannon Mbatha and Colm Devereux-Ito": people or firms, the names say which
    elif low in ORG_HEADS and (lt.pos_ == "NOUN" or lt.lower_ in LEADING_DESCRIPTORS):  # ("Newspaper X", "the weekly X")
        # "co-founded the exchange X" vs "exchange X": both org; "investor" is weak (people invest too)
        c.votes[ORG] += 1 if low in WEAK_ORG_HEADS else 3
        c.descriptors.add(low)
        c.mods |= _modifiers(lt, c)
    elif lt.lower_ == "of" and i - 1 >= 0 and doc[i - 1].lower_ == "worth":
        c.votes[TOKEN] += 3
    elif lt.lower_ == "by" and i - 1 >= 0 and doc[i - 1].lemma_ in ISSUER_VERBS and not c.ner[PERSON] and not c.gender:
        c.votes[ORG] += 2  # "a stablecoin issued by Circle": issuers and operators are organisations
    elif lt.lower_ == "of" and i - 1 >= 0 and doc[i - 1].lower_ in GROUP_HEADS and doc[i - 1].lower_ not in NON_CUSTOMER_GROUPS \
            and _lemma(doc[i - 1]) not in TOKEN_OF_HEADS:
        c.votes[ORG] += 2  # "customers of Gemini Earn": people are customers of a business
    elif lt.like_num and c.end - c.start == 1 and doc[c.start].is_upper:
        c.votes[TOKEN] += 2
    elif lt.lower_ in MAGNITUDE_WORDS and c.end - c.start == 1 and doc[c.start].is_upper:
        c.votes[TOKEN] += 2


def _subject_of_relative(doc, c: _Cand, noun) -> bool:
    """The name is the subject of a relative clause on ``noun`` ("the token Ostrel Labs minted")."""
    root = doc[c.start:c.end].root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ in ("relcl", "acl") and root.head.head.i == noun.i


def _right_votes(doc, c: _Cand) -> None:
    """Right context: "X's founder", "X token", "X chief executive", "X exchange", ", a crypto lender"
    ("Singapore court", "U.S. customers": a place modifying a noun is just a place)."""
    j = c.end
    if j >= len(doc) or c.label in PLACE_LABELS:
        return
    rt = doc[j]
    low = _lemma(rt)
    poss = rt.tag_ == "POS" or rt.text in ("'s", "’s", "'")
    if poss and j + 1 < len(doc):
        if _lemma(doc[j + 1]) in ORG_POSSESSIONS:
            c.votes[ORG] += 1
    elif low in TOKEN_HEADS and not rt.text[0].isupper():
        c.votes[TOKEN] += 3
        c.descriptors.add(DESCRIPTOR_SINGULARS.get(low, low.rstrip("s")))
    elif low in ROLES_AFTER_ORG:
        c.votes[ORG] += 2
    elif _place_of_a_kind(doc, c, rt, low):
        c.votes[PLACE] += 4  # "Quaymarsh Custody, a Liechtenstein custodian": where the custodian is, no party
    elif low in ORG_HEADS and rt.pos_ in ("NOUN",) and not rt.text[0].isupper() and rt.tag_ != "NNS":
        c.votes[ORG] += 2
        c.descriptors.add(low)
    elif rt.text == "," and j + 1 < len(doc):
        _apposition_votes(doc, c, j)


def _place_of_a_kind(doc, c: _Cand, rt, low: str) -> bool:
    """"a Liechtenstein custodian", "an Andorran bank": one word, met nowhere else in the article, between an
    indefinite article and a kind of firm qualifies the kind (where it is), unless the kind is owned
    ("a Kestrova subsidiary", "a Kestrova fund" name the owner); after a possessive the owner is named
    already ("its Gibraltar subsidiary")."""
    before = doc[c.start - 1] if c.start >= 1 else None
    owned = before is not None and before.tag_ == "PRP$"  # "its Gibraltar subsidiary": the owner is "its"
    rt, low = _kind_past_compounds(doc, rt, low)
    named = before is not None and before.lower_ == "the" and rt.i + 1 < len(doc) and _is_cap(doc[rt.i + 1])
    return (c.nwords == 1 and before is not None and (before.lower_ in ("a", "an") or owned or named) and low in ORG_HEADS
            and (owned or low not in OWNER_QUALIFIED_HEADS) and rt.pos_ == "NOUN" and not rt.text[0].isupper()
            and rt.tag_ != "NNS" and _text_matches(doc, r"(?<!\w)" + re.escape(c.text) + r"(?!\w)", c.text) == 1)


def _kind_past_compounds(doc, rt, low: str):
    """"a Monaco charter business": past lower-case nouns compounding it, the kind is the last noun."""
    k = rt.i
    while k + 1 < len(doc) and doc[k].dep_ == "compound" and doc[k].pos_ == "NOUN" and doc[k].is_lower \
            and doc[k + 1].pos_ == "NOUN" and doc[k + 1].is_lower:
        k += 1
    return (doc[k], _lemma(doc[k])) if k != rt.i else (rt, low)


def _first_conjunct(tok):
    """"in Toronto and Monaco": a later conjunct shares the first one's place in the parse."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _seat_of_votes(doc, c: "_Cand", root) -> None:
    """"a company of Kestrel, Bolt Ltd", "the Tidings, of Tartu": one word after "of" that follows a kind of
    firm or a name set off by a comma says where that firm is."""
    if c.nwords != 1 or root.dep_ != "pobj" or root.head.lower_ != "of":
        return
    host = root.head.head
    kind = host.pos_ == "NOUN" and _lemma(host) in ORG_HEADS and any(d.lower_ in ("a", "an") for d in host.children)
    set_off = root.head.i >= 1 and doc[root.head.i - 1].text == ","
    if kind or set_off and host.pos_ == "PROPN":
        c.votes[PLACE] += 2


def _apposition_votes(doc, c: _Cand, j: int) -> None:
    """"X, a hedge fund founded by ...", "X, its chief executive": the apposition's head noun types X."""
    head = _apposition_head(doc, j + 1)
    if not (head is not None and head.i > j + 1 or (head is not None and head.pos_ == "NOUN")):
        return
    hl = _lemma(head)
    # ", its own token,", ", its chief executive,": a possessed apposition types the name but is no description
    # of it to corefer (the title is the relation's own word: "X, its chief executive," leads the firm)
    described = doc[j + 1].tag_ != "PRP$"
    if hl in TOKEN_HEADS:
        c.votes[TOKEN] += 4
        if described:
            c.descriptors.add(hl.rstrip("s"))
    elif hl in ROLE_WORDS and (hl not in SHARED_ROLES or _former_post(head)):
        if head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "PROPN" and doc[head.i + 1].is_title:
            return  # "held MRLK, its director Pashenka Orwell-Dane told us": the title names its own holder
        c.votes[PERSON] += 4
        if described:
            c.descriptors.add(ROLE_ALIASES.get(hl, hl))
    elif hl in ORG_HEADS:
        c.votes[ORG] += 4
        if described:
            c.descriptors.add(hl)
            c.mods |= _modifiers(head, c)


def _copula_votes(doc, c: _Cand) -> None:
    """"X is a crypto lender": the copula describes its subject."""
    root = doc[c.start:c.end].root
    if not (root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_ == "be"):
        return
    for attr in root.head.children:
        if attr.dep_ == "attr" and attr.pos_ == "NOUN":
            al = _lemma(attr)
            if al in ORG_HEADS:
                c.votes[ORG] += 2
                c.descriptors.add(al)
                c.mods |= _modifiers(attr, c)
            elif al in ROLE_WORDS and al not in SHARED_ROLES:
                c.votes[PERSON] += 2
                c.descriptors.add(ROLE_ALIASES.get(al, al))


def _head_class(noun) -> str | None:
    """The kind of party a describing noun names: Token, Person (a role only people hold) or Organization."""
    low = _lemma(noun)
    if low in TOKEN_HEADS or low in DESC_TOKEN_HEADS:
        return TOKEN
    if low in ROLE_WORDS and low not in SHARED_ROLES:
        return PERSON
    if any(ch.dep_ in ("compound", "amod") and f"{ch.lower_} {low}" in WORDS["officer_posts"] for ch in noun.children):
        return PERSON  # "its managing partner, X": a firm may be a partner, not a managing one
    if low in ORG_HEADS:
        return ORG
    return None


def _parse_votes(doc, c: "_Cand") -> None:
    """Type votes read off the parse, whatever the words between: an apposition either way ("ZVQ, a
    dollar-linked stablecoin", "its cousin, Ana Brill"), a copula with a token noun ("ZVQ is a token"),
    "holders/the issuer of ZVQ", "minted ZVQ", a capitalised legal suffix ("Nordfjell Invest AS")."""
    root = doc[c.start:c.end].root
    # (not an "apposition" the parser hung on a subject past its own verb: "X was CEO of Y, the clearing house")
    described = [ch for ch in root.children if ch.dep_ == "appos" and not (c.start <= ch.i < c.end)
                 and not (root.dep_ in ("nsubj", "nsubjpass") and root.i < root.head.i < ch.i)]
    if root.dep_ == "appos" and not (c.start <= root.head.i < c.end):
        described.append(root.head)
    for noun in described:
        if noun.i > root.i and any(ch.dep_ == "appos" and ch.pos_ == "PROPN" and ch.i > noun.i for ch in noun.children):
            continue  # "held MRLK, its director Pashenka Orwell-Dane told us": the title names its own holder
        kind = _head_class(noun) if noun.pos_ == "NOUN" and not _shared_plural(noun) else None
        if kind == ORG and _former_post(noun):
            kind = PERSON  # "X, a former building society manager": a firm has no former post
        if kind is not None:
            c.votes[kind] += 3
    kind = _copula_class(doc, c.end)
    if kind == TOKEN:
        c.votes[TOKEN] += 3
    k = c.start - 1 - (c.start >= 1 and doc[c.start - 1].lower_ == "the")  # "its own token, named the KORU"
    noun = _named_noun(doc, k)
    if noun is not None:
        kind = _head_class(noun)  # "a coin called QMRT", "a fund named Vantry", "a company in Nevada called X"
        if kind is not None:
            c.votes[kind] += 3
        if kind == ORG:
            c.descriptors.add(_lemma(noun))  # "that company" later may mean X
    if _ticker_of_a_token_word(c, root):
        c.votes[TOKEN] += 2
    if _counted_ticker(doc, c):
        c.votes[TOKEN] += 3  # "moved 40M QORVA", "lent Tidemill 15 million QORVA": units counted are a token's
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in TOKEN_OF_HEADS \
            and root.head.head.pos_ == "NOUN":
        c.votes[TOKEN] += 2
    if root.dep_ == "dobj" and root.head.lemma_.lower() in TOKEN_VERBS:
        c.votes[TOKEN] += 2
    if any(p.lower_ == "in" and any(o.lower_ == "circulation" for o in p.children) for p in root.children) \
            or c.end + 1 < len(doc) and doc[c.end].lower_ == "in" and doc[c.end + 1].lower_ == "circulation":
        c.votes[TOKEN] += 2  # "40% of the PVX in circulation": what circulates is a coin
    if root.dep_ == "compound" and root.head.lower_ in CURRENCY_NOUNS and not c.text.isupper() and c.nwords <= 2:
        c.votes[PLACE] += 3  # "a Malvik dollar stablecoin": the currency's country
    if _modifies_token_noun(doc, c, root):
        c.votes[TOKEN] += 3  # "the ÉCU-D euro stablecoin": a name modifying a token noun names the token
    if c.end + 1 < len(doc) and doc[c.end].text == "-" and doc[c.end + 1].lower_ in PLACE_ADJUNCTS:
        c.votes[PLACE] += 4  # "a Mauritius-registered parent", "a Dakar-based investor"
    _seat_of_votes(doc, c, root)
    if _residence_after_age(doc, c):
        c.votes[PLACE] += 4 + c.votes[PERSON] + c.votes[ORG]  # "A, 44, of Gwithian Falls": where A lives (a title after it is A's)
    seat = _first_conjunct(root)
    if seat.dep_ == "pobj" and (seat.head.lower_ in ("in", "near", "outside") or c.nwords == 1 and seat.head.lower_ == "from") \
            and not any(t.lower_ in ORG_SUFFIX_WORDS or t.lower_ in LEGAL_SUFFIX_WORDS for t in doc[c.start:c.end]) \
            and _place_host(seat.head.head):
        c.votes[PLACE] += 2  # "a non-profit in Zug", "a bond trader from Bergen", "Skovgaard Bank in Copenhagen"
    if seat.dep_ == "pobj" and seat.head.lower_ in PLACE_PREPOSITIONS and c.nwords <= 2 and seat.head.head.pos_ == "VERB" \
            and seat.head.head.lemma_.lower() in PLACE_VERBS and seat.head.dep_ == "prep" \
            and not any(t.lower_ in ORG_SUFFIX_WORDS or t.lower_ in LEGAL_SUFFIX_WORDS for t in doc[c.start:c.end]):
        c.votes[PLACE] += 2  # "headquartered in Zug", "before moving to Tallinn", "ran the firm from Zug"
    if root.dep_ == "pobj" and root.head.lower_ == "at" and root.head.head.pos_ == "NOUN" and _lemma(root.head.head) in ROLE_WORDS:
        c.votes[ORG] += 3  # "his lawyers at Pell Harcourt", "a partner at X": people work at firms
    if _relative_pronoun(doc, c) in ("who", "whom"):
        c.votes[PERSON] += 3  # "Vantry Capital is chaired by Tamsin Vorle, who ...": firms take "which"
    if _officer_post(root):
        c.votes[PERSON] += 3  # "X stepped down as chairman", "Y named X its chief executive": a post people hold
    if root.dep_ == "pobj" and root.head.lower_ in ("from", "to", "with") and \
            _lemma(root.head.head) in MONEY_PARTY_HEADS:
        if not _person_shaped(c):
            c.votes[ORG] += 1  # "a facility from Kessinger Prime": money comes from and goes to firms, mostly
    last = doc[c.end - 1]
    if c.end - c.start > 1 and last.text.isupper() and last.lower_.rstrip(".") in LEGAL_SUFFIX_WORDS | {"as", "ag", "sa"}:
        c.votes[ORG] += 3


def _named_noun(doc, k: int):
    """The noun a "called"/"named" at token ``k`` names: right before it ("a coin called QMRT"), or the one the
    participle hangs on past a place ("a company in Nevada called Tamsworth Land Holdings")."""
    if k < 1 or doc[k].lower_ not in ("called", "named", "dubbed", "branded"):
        return None
    before = doc[k - 1 - (doc[k - 1].text == ",")]
    if before.pos_ == "NOUN":
        return before
    v = doc[k]
    if v.dep_ == "acl" and v.head.pos_ == "NOUN" and v.head.i < k and k - v.head.i <= 5:
        return v.head
    if before.dep_ == "pobj" and before.head.dep_ == "prep" and before.head.head.pos_ == "NOUN" and k - before.head.head.i <= 5:
        return before.head.head  # the participle hung elsewhere: the noun the place's "in" modifies
    return None


def _place_host(host) -> bool:
    """A word "in X" can say where of: a kind of party or a named one ("a non-profit in Zug", "Skovgaard Bank
    in Copenhagen"), not a holding or a deal ("a stake in X", "an investment in X")."""
    if host.pos_ == "PROPN":
        return True  # a name's word: "Varnel Trust in Malvik" is that trust, not trust in someone
    return host.pos_ == "NOUN" and _lemma(host) not in NOT_PLACE_HOSTS or (
        host.dep_ == "appos" and host.pos_ == "ADJ")  # "a non-profit": the tagger reads "non" as an adjective


def _ticker_of_a_token_word(c: "_Cand", root) -> bool:
    """A ticker-shaped name issued or minted ("The KORU was issued by ...") or qualifying a token word ("the
    VCT supply", "the ZRK price"): a token."""
    if c.nwords != 1 or not c.text.isupper() or len(c.text) < 2:
        return False
    if root.dep_ == "nsubjpass" and root.head.lemma_.lower() in TOKEN_PASSIVE_VERBS:
        return True
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in TOKEN_OF_HEADS


def _residence_after_age(doc, c: "_Cand") -> bool:
    """"A, 44, of Gwithian Falls, the founder of X": the name after a person's age and "of" is the town they
    live in (charge sheets, court lists, police and prosecutors' releases)."""
    k = c.start
    if k < 4 or doc[k - 1].lower_ != "of" or doc[k - 2].text != "," or doc[k - 4].text != ",":
        return False
    age = doc[k - 3]
    return age.text.isdigit() and 1 <= len(age.text) <= 3


def _officer_post(root) -> bool:
    """The name holds a post only people hold: the subject of a verb with "as" and the post ("X stepped
    down as chairman of Y", "X was appointed as chief executive"), or the object named to it ("Y named X its
    chief executive", "Y appointed X chief executive", "Y hired X as managing director")."""
    v = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and v.pos_ in ("VERB", "AUX"):
        return any(_lemma(p) in WORDS["officer_posts"] for a in v.children if a.dep_ == "prep" and a.lower_ == "as"
                   for p in a.children if p.dep_ == "pobj") or \
            root.dep_ == "nsubjpass" and any(ch.dep_ == "oprd" and _lemma(ch) in WORDS["officer_posts"] for ch in v.children)
    if root.dep_ in ("dobj", "oprd") and v.pos_ == "VERB":
        if any(ch.dep_ == "oprd" and ch.i > root.i and _lemma(ch) in WORDS["officer_posts"] for ch in v.children):
            return True
        # "Y appointed X as chief executive", "Y hires X as managing director" (not "X joins Y as chief executive")
        return root.dep_ == "dobj" and _lemma(v) in OBJECT_PREDICATE_VERBS and any(
            _lemma(p) in WORDS["officer_posts"] for a in v.children if a.dep_ == "prep" and a.lower_ == "as"
            for p in a.children if p.dep_ == "pobj")
    return False


def _former_post(noun) -> bool:
    """"a former manager", "an ex-partner": a post someone held, so the one described is a person."""
    return _lemma(noun) in ROLE_WORDS and any(ch.dep_ == "amod" and ch.lower_ in FORMER_WORDS for ch in noun.children)


def _shared_plural(noun) -> bool:
    """"the liquidators", "the trustees": a plural role people and firms both hold types none of the names it lists."""
    return noun.tag_ == "NNS" and _lemma(noun) in SHARED_ROLES


def _modifies_token_noun(doc, c: "_Cand", root) -> bool:
    """The name is a compound on a token noun, through lower-case modifiers ("the VRN dollar stablecoin")."""
    h = root
    if c.label in PLACE_LABELS or h.dep_ == "compound" and h.head.lower_ in CURRENCY_NOUNS and not c.text.isupper():
        return False  # "a Singapore dollar stablecoin": a place names the currency ("the VRN dollar stablecoin" names the token)
    for _ in range(3):
        if h.dep_ != "compound" or h.head.i <= h.i:
            return False
        h = h.head
        if h.pos_ == "NOUN" and _lemma(h) in DESC_TOKEN_HEADS:
            return all(t.pos_ in ("NOUN", "ADJ", "PROPN") and not t.text[:1].isupper() for t in doc[c.end:h.i])
    return False


def _relative_pronoun(doc, c: "_Cand") -> str | None:
    """The relative pronoun opening a clause right after the name (", who ...", ", which ..."), if any."""
    j = c.end
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j < len(doc) and doc[j].lower_ in ("who", "whom", "which") and doc[j].tag_ in ("WP", "WDT"):
        verb = doc[j].head
        if verb.dep_ == "relcl" and not (c.start <= verb.head.i < c.end):
            return None  # "a teacher in Trondheim who kept ...": the clause is the teacher's
        return doc[j].lower_
    return None


def _copula_class(doc, j: int) -> str | None:
    """"<name> is a dollar-linked token ...": the class of the first describing noun after "is a", read
    along the words (the small parser often misattaches such nouns), up to a comma or a preposition."""
    if j >= len(doc) or doc[j].lemma_ != "be" or j + 1 >= len(doc) or doc[j + 1].lower_ not in ("a", "an", "the"):
        return None
    for k in range(j + 2, min(j + 7, len(doc))):
        t = doc[k]
        if t.is_punct and t.text != "-" or t.pos_ in ("ADP", "AUX", "PRON", "CCONJ"):
            return None
        # ("a settlement token": the small parser may tag the noun a verb, so the word is read first)
        kind = _head_class(t) if t.text[:1].islower() else None
        if kind is not None:
            return kind
        if t.pos_ == "VERB":
            return None
    return None


def _person_shaped(c: "_Cand") -> bool:
    """Two to four capitalised words, none of them a company or token word: how a person's full name looks."""
    if c.votes[ORG] >= 3 or c.votes[TOKEN]:
        return False
    return _person_words(c)


def _person_words(c: "_Cand") -> bool:
    """Two to four capitalised words, none of them a company or token word."""
    words = c.text.split()
    if not 2 <= len(words) <= 4:
        return False
    for w in words:
        low = w.lower().rstrip(".,")
        if not (w[:1].isupper() and w.replace("-", "").replace("'", "").replace("’", "").isalpha()) or w.isupper():
            return False
        if low in ORG_SUFFIX_WORDS or low in ORG_HEADS or low in LEGAL_SUFFIX_WORDS or low in WORDS["industry_words"] \
                or low in TOKEN_SUFFIX_WORDS or low in GENERIC_WORDS:
            return False
    return True


def _surname_votes(cands: list) -> None:
    """A full name whose LAST word recurs alone is a person met again by surname ("Tamsin Vorle" ... "Vorle");
    an organisation's short form is its first word ("Brellick" for "Brellick Labs")."""
    singles: dict[str, list] = {}
    for c in cands:
        if c.nwords == 1 and not c.headline:
            singles.setdefault(normalize(c.text), []).append(c)
    firm_firsts = {normalize(c.text.split()[0]) for c in cands if c.nwords >= 2 and _org_named(c)}
    # "Dagrun Moltavik", his sister, a person by her context: "Ysbrand Moltavik" shares a person's surname
    kin = {}
    for c in cands:
        if c.nwords >= 2 and c.votes[PERSON] > c.votes[ORG] and _person_shaped(c):
            kin.setdefault(normalize(c.text.split()[-1]), set()).add(normalize(c.text))
    for c in cands:
        words = [normalize(w) for w in c.text.split()]
        if len(words) >= 2 and kin.get(words[-1], set()) - {normalize(c.text)} and _person_shaped(c) \
                and words[-1] not in firm_firsts:
            c.votes[PERSON] += 2
        titled = [s for s in singles.get(words[-1], ()) if s.gender] if len(words) >= 2 and words[-1] != words[0] else []
        if titled and _person_words(c):
            # "Mr Ekdahl-Berg" elsewhere: whatever the context said of "Gustav Ekdahl-Berg", a person
            c.votes[PERSON] += 3 + c.votes[ORG] + c.votes[TOKEN]
        if not _person_shaped(c):
            continue
        if words[-1] in singles and words[-1] != words[0]:
            c.votes[PERSON] += 3
            # a firm named after its founder ("Sorvik Custody AS" ... "Ingrid Sorvik" ... "Sorvik"): the word alone
            # may be either, so only its own context types it, and the clustering picks the party
            if words[-1] in firm_firsts:
                continue
            for s in singles[words[-1]]:
                if not s.votes[ORG] and not s.votes[TOKEN]:
                    s.votes[PERSON] += 2


def _modifiers(head, c: "_Cand") -> set:
    """Lower-case words modifying a descriptor head ("crypto hedge fund" -> crypto, hedge), the name excluded."""
    out = set()
    for ch in head.lefts:
        if ch.dep_ in ("amod", "compound", "nmod", "npadvmod") and not (c.start <= ch.i < c.end):
            for t in ch.subtree:
                if not (c.start <= t.i < c.end) and t.is_alpha or t.lower_ in ("u.s.", "u.k."):
                    out.add(t.lower_)
    return out


# ---------------------------------------------------------------------------------------------------
# clustering


def _strong_type(c: _Cand) -> str | None:
    return c.votes.most_common(1)[0][0] if c.votes else None


def _match_kind(c: _Cand, cl: _Cluster, ctype: str | None) -> str | None:
    """'exact' / 'rule' when the candidate names the cluster's entity, else None."""
    nc = normalize(c.text)
    for name in cl.names:
        if normalize(name) == nc:
            return "exact"
    if c.link is not None and c.link.cluster is cl:
        return "exact"
    if c.canon and any(m.canon == c.canon for m in cl.members):
        return "exact"
    t = cl.best_type
    multi = [full for full in cl.names if len(full.split()) >= 2]
    if t == PERSON and ctype in (PERSON, None) and any(person_matches(c.text, full) and _initials_agree(c.text, full)
                                                       for full in multi) and not _genders_differ(c, cl):
        return "rule"
    if t == ORG and ctype in (ORG, None) and any(org_matches(c.text, full) or acronym_matches(c.text, full) for full in cl.names) \
            and not _other_registered_firm(c.text, cl):
        return "rule"
    if t == TOKEN and ctype in (TOKEN, None) and any(org_matches(c.text, full) for full in cl.names):
        return "rule"
    return None


def _initials_agree(short: str, full: str) -> bool:
    """"A Brandvoll" is "Aud Brandvoll", never "Lars Brandvoll": an initial must open the full name's first name."""
    first = short.split()[0].rstrip(".") if short.split() else ""
    if len(short.split()) < 2 or len(first) != 1 or not first.isupper():
        return True
    return full.split()[0][:1].upper() == first


def _other_registered_firm(text: str, cl: _Cluster) -> bool:
    """A registered or group name ("Tamsel Group plc", "Tamsel Group") beside a longer registered name of the
    cluster ("Tamsel Markets Ltd"): the parent and its subsidiary, two firms, however generic the extra word."""
    last = text.split()[-1].lower().rstrip(".") if text.split() else ""
    if last not in LEGAL_SUFFIX_WORDS and last not in PARENT_NAME_WORDS:
        return False
    short = core(text).split()
    for full in cl.names:
        words = full.split()
        if len(words) >= 2 and words[-1].lower().rstrip(".") in LEGAL_SUFFIX_WORDS:
            long = core(full).split()
            if len(short) < len(long) and long[:len(short)] == short:
                return True
    return False


def _named_before(c: _Cand, cl: _Cluster) -> bool:
    """A one-word firm name the running text uses before a longer name that begins with it is not a short form
    of the later one ("the exchange Vellacourt" ... "Vellacourt Foundation, a foundation it set up"), unless the
    longer name only adds a legal form ("Vellacourt" ... "Vellacourt Ltd")."""
    if c.nwords != 1 or c.headline or c.first_line:
        return False
    if c.start > min(m.start for m in cl.members):
        return False
    return all(core(full) != core(c.text) for full in cl.names)


def _gender_of(gender: str | None, descriptors: set) -> str | None:
    """A title's gender, else a kinship word's ("his daughter, Imogen ...")."""
    if gender:
        return gender
    kin = {KIN_GENDERS[d] for d in descriptors if d in KIN_GENDERS}
    return kin.pop() if len(kin) == 1 else None


def _genders_differ(c: _Cand, cl: _Cluster) -> bool:
    """"Mr. Penhaligon-Marsh" is not "his daughter, Imogen Penhaligon-Marsh"."""
    a, b = _gender_of(c.gender, c.descriptors), _gender_of(cl.gender, cl.descriptors)
    return a is not None and b is not None and a != b


def _cluster(cands: list[_Cand]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    # an alias once introduced ("also known as TesMark") is that party's name wherever it recurs
    links = {normalize(c.text): c.link for c in cands if c.link is not None}
    for c in cands:
        if c.link is None and links.get(normalize(c.text)) not in (None, c):
            c.link = links[normalize(c.text)]
    order = sorted(cands, key=lambda c: (c.headline, c.link is not None, -c.nwords, -len(c.text), c.start))
    by_name: dict[str, _Cluster] = {}
    # a ticker in capitals counted somewhere ("40M QORVA") is the token wherever else it is written alone
    # ("cash + QORVA"), not the short form of a firm of that name ("Qorva Labs")
    tickers = {normalize(c.text) for c in cands if c.nwords == 1 and c.text.isupper() and _strong_type(c) == TOKEN}
    for c in order:
        ctype = _strong_type(c) or (TOKEN if c.nwords == 1 and c.text.isupper() and normalize(c.text) in tickers else None)
        hits = []
        exact = by_name.get(normalize(c.text))
        for cl in ([exact] if exact is not None else clusters):
            kind = _match_kind(c, cl, ctype)
            if kind:
                hits.append((kind != "exact", cl, kind))
        # a firm's one-word name used before a longer one is no short form of it
        hits = [h for h in hits if h[2] != "rule" or h[1].best_type != ORG or not _named_before(c, h[1])]
        if len(hits) > 1:
            # exact names first; then the nearest mention wins an ambiguous surname
            hits.sort(key=lambda h: (h[0], _short_form_rank(c, h[1])))
        founder_firm = _founders_firm(c, ctype, hits, clusters)
        if founder_firm is not None:
            founder_firm.add(c, by_rule=True)
        elif hits:
            hits[0][1].add(c, by_rule=hits[0][2] == "rule")
            by_name.setdefault(normalize(c.text), hits[0][1])
        elif c.headline and not c.opens_line:
            # a headline repeats the story's names; its capitalisation invents others (not a legal name), but a
            # person it names in full whom the text calls by surname alone is that person's full name
            owner = _surname_owner(c, clusters)
            if owner is not None:
                owner.add(c)
                owner.ner.update(c.ner)
        else:
            cl = _Cluster(members=[])
            cl.add(c)
            clusters.append(cl)
            by_name.setdefault(normalize(c.text), cl)
    return clusters


def _founders_firm(c: _Cand, ctype: str | None, hits: list, clusters: list) -> "_Cluster | None":
    """"Sorvik Custody AS ... Sorvik, founded in 2016 by Ingrid Sorvik": a word alone that is both a person's
    surname and the first word of a firm's registered name, with no person cue of its own, is the party the text
    named last before it, when the firm was named before the person; None when the surname reading stands."""
    if c.nwords != 1 or c.gender or ctype == PERSON or not hits or hits[0][2] != "rule" or hits[0][1].best_type != PERSON:
        return None
    word = normalize(c.text)
    hosts = [cl for cl in clusters if cl.best_type == ORG and any(
        _org_named(m) and normalize(m.text.split()[0]) == word for m in cl.members)]
    if len(hosts) != 1:
        return None
    host, person = hosts[0], hits[0][1]
    firm_last = max((m.start for m in host.members if m.start < c.start), default=-1)
    person_last = max((m.start for m in person.members if m.start < c.start), default=-1)
    # (a firm the text brings in after the person, "Helena Quenby ... Quenby Estates Ltd", leaves her the surname)
    introduced_first = min(m.start for m in host.members) < min(m.start for m in person.members)
    return host if firm_last > person_last and introduced_first else None


def _surname_owner(c: _Cand, clusters: list) -> "_Cluster | None":
    """The one cluster known only by the surname of the person ``c`` names in full ("Ilse Brandvoll" in a
    heading, "Brandvoll" in the text)."""
    words = c.text.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    found = [cl for cl in clusters if all(normalize(m.text) == normalize(words[-1]) for m in cl.members)]
    if len(found) != 1:
        return None
    # the model's person, or a name shaped like one whose surname the text gives a person's title ("R v Mardell
    # Tesmer" ... "Mr Tesmer")
    person = c.ner[PERSON] > 0 or _person_words(c) and found[0].votes[PERSON] >= 3 and not found[0].votes[ORG]
    return found[0] if person else None


def _short_form_rank(c: _Cand, cl: _Cluster) -> int:
    """Which of several parties an ambiguous short name stands for: a surname the nearest person named so; a
    firm's first word the firm introduced first ("Corvane" is Corvane Holdings plc, not its later unit Corvane
    Pay Ltd)."""
    if cl.best_type == ORG and c.nwords == 1:
        return min(m.start for m in cl.members)
    # the nearest named before it ("Mr Prydderch" after "Caradog Prydderch", before "Yevgenia Prydderch, Mr
    # Prydderch's spouse"); only a party never named before is ranked by the nearest later mention
    before = [c.start - m.start for m in cl.members if m.start < c.start]
    return min(before) if before else 10**9 + min(abs(c.start - m.start) for m in cl.members)


def _merge_short_forms(clusters: list[_Cluster]) -> list[_Cluster]:
    """A rare one-word name that is the first word of exactly one longer name introduced before it stands for
    that party ("Northfold" after "Northfold Municipal Pension Fund", "Evander" after "Evander Dallowe")."""
    out = []
    multi = [cl for cl in clusters if any(len(n.split()) >= 2 for n in cl.names)]
    for cl in clusters:
        names = {normalize(n) for n in cl.names}
        # a given name used alone for a person ("Najib" after "Najib Razak") may recur and carry weak votes
        quiet = not cl.votes or (cl.votes[ORG] <= 1 and not cl.votes[TOKEN])
        if len(names) == 1 and " " not in next(iter(names)) and quiet:
            word = next(iter(names))
            first = min(m.start for m in cl.members)
            hosts = [h for h in multi if h is not cl and (h.best_type in (ORG, PERSON) or _untyped_person(h)) and
                     any(normalize(n).split()[0] == word for n in h.names if len(n.split()) >= 2) and
                     min(m.start for m in h.members) < first]
            if not (len(cl.members) <= 2 and not cl.votes):
                hosts = [h for h in hosts if h.best_type == PERSON or _untyped_person(h)]
            if len(hosts) == 1:
                for m in cl.members:
                    hosts[0].add(m, by_rule=True)
                continue
        host = _registered_firm_of(cl, clusters)
        if host is not None:
            for m in cl.members:
                host.add(m, by_rule=True)
            continue
        out.append(cl)
    return out


def _untyped_person(cl: _Cluster) -> bool:
    """A full name nothing typed yet that reads as a person's ("Benedek Farkas" with no cue): the typing will
    make it a person, so its given name alone may join it."""
    return cl.best_type is None and any(_person_shaped(m) and m.label not in PLACE_LABELS for m in cl.members)


def _registered_firm_of(cl: _Cluster, clusters: list[_Cluster]) -> _Cluster | None:
    """"Ostrava Tide" after "Ostrava Tide Fund SPC", "Brannock" after "Brannock Capital Partners LLP": a name that
    is the leading words of exactly one firm's registered name (a legal suffix or a company word ends it), met
    later, however often it recurs and whatever the model called it. Not when another party's name also starts
    so ("Corvane Pay Ltd" and "Corvane Holdings plc"), nor when the words end a person's name or the short name
    carries a person cue ("Mr Harlow" is not "Harlow Capital Ltd")."""
    names = {normalize(n) for n in cl.names}
    if len(names) != 1 or cl.gender or cl.votes[PERSON] or cl.votes[TOKEN]:
        return None
    words = next(iter(names)).split()
    # (a headline names the story's firm before its text introduces it: the text's first use counts)
    first = min((m.start for m in cl.members if not (m.headline or m.first_line)), default=min(m.start for m in cl.members))
    hosts, rivals = [], 0
    for h in clusters:
        if h is cl:
            continue
        for n in h.names:
            hw = normalize(n).split()
            if len(hw) > len(words) and hw[:len(words)] == words:
                if h.best_type == ORG and any(_org_named(m) for m in h.members) and min(m.start for m in h.members) < first:
                    hosts.append(h)
                elif not (h.best_type == ORG and min(m.start for m in h.members) > first):
                    rivals += 1  # (a firm the text names only after the short name was in use is no rival)
                break
            if len(hw) >= 2 and hw[-len(words):] == words and _person_words(h.members[0]):
                rivals += 1  # a person's surname
                break
    return hosts[0] if len(hosts) == 1 and not rivals else None


def _coordinated_type(cl: _Cluster, doc, tok_cand: dict) -> str | None:
    for m in cl.members:
        root = doc[m.start:m.end].root
        near = [root.head] if root.dep_ == "conj" else []
        near += [t for t in root.children if t.dep_ == "conj"]
        for t in near:
            o = tok_cand.get(t.i)
            if o is not None and o.cluster is not None and o.cluster is not cl and o.cluster.best_type in (ORG, PERSON):
                return o.cluster.best_type
    return None


def _org_named(c: "_Cand") -> bool:
    """A multi-word name carrying a word only organisations carry, or ending in a capitalised legal suffix."""
    words = c.text.split()
    if len(words) < 2:
        return False
    last = words[-1]
    if (last.isupper() or last.istitle() and len(last.rstrip(".")) > 2) and last.lower().rstrip(".,") in \
            LEGAL_SUFFIX_WORDS | {"as", "ag", "sa"} | {w.rstrip(".") for w in LEGAL_SUFFIX_WORDS}:
        return True  # "Nordfjell Invest AS", "Harrowgate Digital Ltd"
    return any(w[:1].isupper() and w.lower().strip(".,") in ORG_NAME_WORDS for w in words)


def _name_overrides(cl: _Cluster, t: str, doc, tok_cand: dict) -> str:
    """The name's own words over the context's guess: "Nordfjell Invest AS, the majority shareholder" is a
    firm; a person-shaped name only the model called a firm is a person when listed with people
    ("founded by Ilse Varn and Oren Pask")."""
    if t == PERSON and (any(_org_named(m) for m in cl.members) or cl.votes[ORG] >= 3 and not cl.votes[PERSON] and not cl.gender):
        return ORG  # (the model's PERSON, however often the name recurs, against the context's firm and no person cue)
    if t == ORG and not cl.votes[ORG] and any(_person_shaped(m) for m in cl.members) and not any(_org_named(m) for m in cl.members) \
            and _coordinated_type(cl, doc, tok_cand) == PERSON:
        return PERSON
    return t


def _type_clusters(clusters: list[_Cluster], doc) -> list[_Cluster]:
    tok_cand = {k: m for cl in clusters for m in cl.members for k in range(m.start, m.end)}
    kept = []
    for cl in clusters:
        t = cl.best_type
        if t is None:
            # names nobody typed: an all-caps acronym or a dotted name ("Binance.US", "FTX.com") is most likely an
            # organisation; a name listed with others ("SoftBank, Temasek and Paradigm") is of their type
            if any((m.text.replace(".", "").isupper() and len(m.text) >= 2 or "." in m.text.strip(".")) and m.source == "run" for m in cl.members):
                t = ORG
            elif all(m.label in PLACE_LABELS for m in cl.members):
                continue  # "a company in Shenzhen, Tianmu Equipment": a place listed beside a firm stays a place
            else:
                t = _coordinated_type(cl, doc, tok_cand)
                if t is None and any(_person_shaped(m) and m.label not in PLACE_LABELS for m in cl.members):
                    t = PERSON  # "paid $14.5 million to Corran Vish": an untyped full name is a person's
                if t is None:
                    continue
        if t == PLACE:
            continue
        t = _name_overrides(cl, t, doc, tok_cand)
        if t == PERSON and cl.votes[PERSON] == 0 and not cl.gender and all(len(nm.split()) == 1 for nm in cl.names):
            # the model's PERSON on a lone word never given a full name ("Paxos", "Temasek"): an organisation
            t = ORG
        if t == TOKEN and cl.votes[TOKEN] < 2 and cl.votes[ORG] > 0:
            t = ORG
        cl.type = t
        kept.append(cl)
    return kept


def _display_name(cl: _Cluster) -> str:
    canon = next((m.canon for m in cl.members if m.canon), None)
    names = [n for n in cl.names if n]
    if cl.type == TOKEN and canon:
        return canon
    if cl.type == PERSON:
        return max(names, key=lambda x: (len(x.split()), len(x), -names.index(x)))
    # organisations: the fullest name, but a suffix-laden legal name loses to a cleaner full name seen as often
    return max(names, key=lambda x: (len(x.split()) if not x.isupper() else 0, names.count(x), len(x)))


# ---------------------------------------------------------------------------------------------------
# descriptions, pronouns, groups


def _group_heads(doc, i: int):
    """(head key, end) for a group noun at token i ('customers', 'account holders'): the longest phrase
    GROUP_HEADS names, read from that one table (a phrase it lacks is no group head, never a lookup error)."""
    first = doc[i].lower_
    if first not in GROUP_HEAD_FIRST:
        return None
    n = len(doc)
    for size in GROUP_HEAD_SIZES:
        if i + size > n:
            continue
        phrase = " ".join([first] + [doc[k].lower_ for k in range(i + 1, i + size)])
        if phrase in GROUP_HEADS and phrase != "customer":
            return GROUP_HEADS[phrase], i + size
    return None


def _held_money(noun) -> bool:
    """Money said to be held somewhere, the one place its group is a party of its own: the subject of a passive
    verb of holding or depositing ("Client assets are held at Y", "Investor cash was deposited with Y"), or held
    by a participle's agent ("client balances held by Y"). Elsewhere ("moved customer money to Y", "using
    client funds to prop up Y") the money's holder is the party and the group noun a word of its phrase."""
    if noun.dep_ == "nsubjpass" and _lemma(noun.head) in GROUP_HOLD_VERBS:
        return True
    return any(c.dep_ == "acl" and _lemma(c) in GROUP_HOLD_VERBS and any(a.dep_ == "agent" for a in c.children)
               for c in noun.children)


def _gives_money(tok) -> bool:
    """A group noun in the place of who gives the money: the subject of a verb of depositing, investing or paying
    ("Investors deposited their savings with X", "Merchants keep float with X"), its passive's agent, or the
    "from" of a verb of taking in ("took in $220 million from investors")."""
    while tok.dep_ == "conj":
        tok = tok.head
    head = tok.head
    if any(c.dep_ == "prep" and c.lower_ in ("including", "like", "such") for c in tok.children):
        return False  # "raised $400 million from investors including A and B": A and B are the parties
    if tok.dep_ == "nsubj":
        return _lemma(head) in MONEY_GIVER_VERBS
    if tok.dep_ == "pobj" and head.lower_ in ("from", "by"):
        verb = head.head
        return _lemma(verb) in (MONEY_TAKER_VERBS if head.lower_ == "from" else MONEY_GIVER_VERBS) and verb.pos_ == "VERB"
    return False


def _kind_modifiers(doc, start: int, end: int) -> int | None:
    """Where the lower-case words saying which kind of a group noun start ("retail clients", "custody
    clients", "retirement savers"), or None: adjectives and nouns modifying the noun, right before it."""
    k = start
    while k > 0 and doc[k - 1].dep_ in ("amod", "compound") and start <= doc[k - 1].head.i < end \
            and doc[k - 1].is_alpha and doc[k - 1].is_lower and doc[k - 1].lower_ not in NOT_KIND_MODIFIERS:
        k -= 1
    return k if k < start else None


def annotate(doc: Doc, comp: EntityRecognizer) -> Doc:
    """The component's passes: candidates -> typing -> clustering -> keys, then one left-to-right mention
    pass (names, groups, pronouns, descriptions), then groups settled; spans and entities set on the doc."""
    clusters, by_key = _keyed_clusters(doc, _name_clusters(doc, comp))
    mp = _MentionPass(doc, clusters, by_key)
    mp.run()
    mp.attach_bare_groups()
    mp.name_groups()
    doc.spans[SPAN_KEY] = _mention_spans(doc, mp.mentions, mp.redirect)
    doc._.kg_entities = _doc_entity_table(clusters, mp.groups, mp.redirect)
    doc.user_data.pop(TEXT_KEY, None)
    doc.user_data.pop(SEARCH_KEY, None)
    doc.user_data.pop(LINE_BOUNDS_KEY, None)
    return doc


def _name_clusters(doc: Doc, comp: EntityRecognizer) -> list[_Cluster]:
    """Candidates (NER, lexicon, capitalised runs), each voted a type from its context, clustered by name
    rules and typed by their summed votes."""
    cands = _with_series_numerals(doc, _candidates(doc, comp))
    cands = sorted(cands + _short_forms_met_again(doc, cands) + _publication_short_forms(doc, cands), key=lambda c: c.start)
    by_start = {c.start: c for c in cands}
    for c in cands:
        _context(doc, c, by_start)
        _parse_votes(doc, c)
    _surname_votes(cands)
    return _type_clusters(_party_labels(doc, cands, _merge_short_forms(_cluster(cands))), doc)


def _party_labels(doc: Doc, cands: list[_Cand], clusters: list[_Cluster]) -> list[_Cluster]:
    """A party's role label in a parenthesis right after its name ("Ilse Brandvoll (Respondent)", "Korrin
    Ltd (Claimant)") is that party wherever the label recurs ("the Respondent denies ..."); the label's own
    words cast no type vote."""
    owners: dict = {}
    ends = {c.end: c for c in cands if c.cluster is not None}
    for k in range(2, len(doc) - 1):
        if doc[k].lower_ in LEADING_LABELS and doc[k - 1].text == "(" and doc[k + 1].text == ")" and k - 1 in ends:
            owners.setdefault(normalize(doc[k].text), ends[k - 1].cluster)
    if not owners:
        return clusters
    out = []
    for cl in clusters:
        owner = owners.get(normalize(cl.names[0])) if cl.names else None
        if owner is None or owner is cl or any(normalize(nm) != normalize(cl.names[0]) for nm in cl.names):
            out.append(cl)
            continue
        for m in cl.members:
            owner.members.append(m)
            m.cluster = owner
            owner.names.append(m.text)
    return out


def _with_series_numerals(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Korvane Opportunity Fund I", "Halden Partners II": a fund's series numeral ends its name (the tokenizer
    reads a lone "I" as the pronoun, so no earlier pass takes it)."""
    starts = {c.start for c in cands}
    for c in cands:
        e = c.end
        if e < len(doc) and doc[e].text in SERIES_NUMERALS and e + 1 not in starts and doc[e - 1].lower_ in ORG_NAME_WORDS \
                and doc[e - 1].whitespace_ and (e + 1 >= len(doc) or not doc[e + 1].text[:1].isalpha() or doc[e + 1].text.islower()):
            c.end = e + 1
            c.text = _surface(doc, c.start, c.end)
    return cands


def _short_forms_met_again(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"Sandgrouse then lent ..." after "Sandgrouse Asset Management": the first word of one firm's multi-word name,
    met again where no pass took it as a name (the small model tags such words as common nouns), is that firm.
    (One taken as a name is left to the clustering: "FTX" is not "FTX Digital Markets".)"""
    hosts: dict[str, dict[str, _Cand]] = {}
    for c in sorted(cands, key=lambda c: c.start):
        words = c.text.split()
        if len(words) >= 2 and _org_named(c) and words[0][:1].isupper() and words[0].isalpha():
            hosts.setdefault(words[0], {}).setdefault(normalize(c.text), c)
    # only a word that begins one firm's name ("Veridian" of three Veridian companies is left to the clustering),
    # and never a person's surname ("Ostendahl" after "Daria Ostendahl" is the person, not Ostendahl Freight Ltd)
    surnames = {c.text.split()[-1] for c in cands if _person_words(c) and not _org_named(c)}
    firsts = {w: next(iter(h.values())) for w, h in hosts.items() if len(h) == 1 and w not in surnames}
    if not firsts:
        return []
    taken = [False] * len(doc)
    for c in cands:
        for k in range(c.start, c.end):
            taken[k] = True
    out = []
    wanted = {doc.vocab.strings.add(w): h for w, h in firsts.items()}
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):  # no Token object for the words that cannot match
        host = wanted.get(orth)
        if host is None or i < host.end or taken[i]:
            continue
        tok = doc[i]
        if tok.is_stop or tok.lower_ in GENERIC_WORDS:
            continue
        if tok.i + 1 < len(doc) and _is_cap(doc[tok.i + 1]) and not doc[tok.i + 1].is_sent_start:
            continue  # the start of another name ("Sandgrouse Credit")
        out.append(_Cand(tok.i, tok.i + 1, tok.text, source="run", link=host))
    return out


def _publication_short_forms(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """"The Post reported ..." after "the Skerrydown Post", "the Foundation" after "Skerrow Foundation": the last
    word of one publication's (or foundation's, fund's, trust's, exchange's) multi-word name, met again after
    "the" where no pass took a name, is that party (never when two names end so)."""
    hosts: dict[str, dict[str, _Cand]] = {}
    for c in cands:
        words = c.text.split()
        if len(words) >= 2 and words[-1].lower() in PUBLICATION_NAME_WORDS | DEFINITE_HEAD_WORDS and words[-1][:1].isupper():
            hosts.setdefault(words[-1], {}).setdefault(normalize(c.text), c)
    lasts = {w: next(iter(h.values())) for w, h in hosts.items() if len(h) == 1}
    if not lasts:
        return []
    taken = {k for c in cands for k in range(c.start, c.end)}
    for c in cands:  # the model took the word as a name of its own ("the Tidings"): the same publication
        host = lasts.get(c.text)
        if host is not None and c.end - c.start == 1 and c.start > host.end and c.link is None \
                and doc[c.start - 1].lower_ == "the":
            c.link = host
    out = []
    wanted = {doc.vocab.strings.add(w): h for w, h in lasts.items()}
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):  # no Token object for the words that cannot match
        host = wanted.get(orth)
        if host is None or i < host.end or i in taken or doc[i - 1].lower_ != "the":
            continue
        if i + 1 < len(doc) and (_is_cap(doc[i + 1]) or doc[i + 1].pos_ in ("NOUN", "PROPN")):
            continue  # the start of a longer name or a compound ("the Post Office", "the Review committee")
        out.append(_Cand(i, i + 1, doc[i].text, source="run", link=host))
    return out


def _keyed_clusters(doc: Doc, clusters: list[_Cluster]) -> tuple[list[_Cluster], dict[str, _Cluster]]:
    """Each cluster keyed by its entity id; two clusters with one id become one."""
    by_key: dict[str, _Cluster] = {}
    for cl in clusters:
        key = entity_id(cl.type, _display_name(cl))
        if key in by_key:
            for m in cl.members:
                by_key[key].add(m)
            continue
        cl.key = key
        by_key[key] = cl
    clusters = list(by_key.values())
    for cl in clusters:
        for m in cl.members:
            m.cluster = cl
    return clusters, by_key


def _lead_sentence(doc: Doc, name_cands: list) -> Span | None:
    """The first sentence of more than five tokens that is not a headline."""
    return next((sent for sent in doc.sents
                 if not any(m.headline for m in name_cands if sent.start <= m.start < sent.end) and len(sent) > 5), None)


def _main_org(name_cands: list, lead: Span | None) -> str | None:
    """The story's main organisation: mentioned most, the lead sentence's organisations counting extra."""
    org_counts = Counter(m.cluster.key for m in name_cands if m.cluster.type == ORG)
    if lead is not None:
        for m in name_cands:
            if m.cluster.type == ORG and lead.start <= m.start < lead.end:
                org_counts[m.cluster.key] += 2
    return org_counts.most_common(1)[0][0] if org_counts else None


def _salience(doc: Doc, name_cands: list, lead: Span | None) -> Counter:
    """How prominent each party is: its name mentions, the lead sentence's (its subject most) counting extra."""
    salience: Counter = Counter()
    for m in name_cands:
        salience[m.cluster] += 1
        if lead is not None and lead.start <= m.start < lead.end:
            salience[m.cluster] += 3 if _grammatical_role(doc[m.start:m.end].root) in ("nsubj", "nsubjpass") else 1
    return salience


class _MentionPass:
    """One left-to-right pass over the tokens: names (with their groups, "FTX customers"), group nouns,
    pronouns, "the former/latter" and definite descriptions, each linked to an entity as it is met."""

    def __init__(self, doc: Doc, clusters: list[_Cluster], by_key: dict[str, _Cluster]):
        self.doc, self.n, self.clusters, self.by_key = doc, len(doc), clusters, by_key
        name_cands = sorted((m for cl in clusters for m in cl.members), key=lambda m: m.start)
        self.taken: list = [None] * len(doc)
        for m in name_cands:
            for k in range(m.start, m.end):
                self.taken[k] = m
        lead = _lead_sentence(doc, name_cands)
        self.main_org = _main_org(name_cands, lead)
        self.salience = _salience(doc, name_cands, lead)
        self.tok_cl: dict = {}  # token -> the entity of the mention covering it (so far)
        self.lex = coref.lexicon()
        self.mentions: list[tuple[int, int, _Cluster, str]] = []  # (start, end, cluster, kind)
        self.groups: dict[str, _Cluster] = {}
        self.group_surface: dict[str, list[str]] = {}
        self.timeline: list[tuple[int, _Cluster, int, str]] = []  # (token, cluster, sentence index, dep)
        self.sent_of = {k: si for si, sent in enumerate(doc.sents) for k in range(sent.start, sent.end)}
        self.redirect: dict = {}  # entity -> the entity it turned out to be (an alias, a bare group)
        self.quoted = _quote_mask(doc)
        self.speaker_org = next((m.cluster for m in name_cands if m.cluster.type == ORG and not m.headline), None)
        self.author = _author(doc, name_cands)
        self.addressees = _addressees(doc, name_cands)  # (token, person) from where the text speaks to them
        self.defined_terms = _defined_terms(doc, name_cands)
        self.investor_kind = next((doc[k - 1].lower_ for k in range(1, len(doc))
                                   if doc[k].lower_ == "investors" and doc[k - 1].lower_ in INVESTOR_KINDS), None)

    # --- the pass ---
    def run(self) -> None:
        i = 0
        while i < self.n:
            m = self.taken[i]
            if m is not None:
                i = self.name(m) if m.start == i else i + 1
                continue
            nxt = self.group_noun(i)
            if nxt is None:
                nxt = self.pronoun(i)
            if nxt is None:
                nxt = self.former_latter(i)
            if nxt is None:
                self.description(i)
                nxt = i + 1
            i = nxt

    def group_for(self, owner: _Cluster | None, head: str, surface: str) -> _Cluster:
        okey = (owner.key if owner else "_") + "/" + GROUP_FAMILY.get(head, head)
        g = self.groups.get(okey)
        if g is None:
            g = _Cluster(members=[])
            g.type = GROUP
            self.groups[okey] = g
            self.group_surface[okey] = []
            g.votes["owner"] = 0
            g.owner = owner  # type: ignore[attr-defined]
            g.heads = []  # type: ignore[attr-defined]
            g.okey = okey  # type: ignore[attr-defined]
        g.heads.append(head)  # type: ignore[attr-defined]
        self.group_surface[okey].append(surface)
        return g

    def owner_from_pronoun(self, tok_i: int) -> _Cluster | None:
        """"it"/"its": the one recent organisation; among several, the subject of the clause reporting it ("X,
        which said that it ..."), else the previous sentence's one organisation subject when this sentence has
        named none before the pronoun ("The group listed in 2007. In 2012 it bought ...")."""
        si = self.sent_of[tok_i]
        # ("we", "our" speak as a firm but are never what "it" points back to)
        recent = [cl for (p, cl, s, _) in reversed(self.timeline) if cl.type == ORG and si - s <= 1 and p < tok_i
                  and _word_at(self.doc[p]) not in WE_PRON]
        uniq = list(dict.fromkeys(recent))
        if len(uniq) <= 1:
            return uniq[0] if uniq else None
        return self._reporting_subject(tok_i) or self._continued_subject(tok_i)

    def _coordinate_owner(self, tok) -> _Cluster | None:
        """"managed by Korvane Asset Management and its managing partner X": "its" in a coordinate is the
        organisation it is coordinated with."""
        if tok.dep_ != "poss" or tok.head.dep_ != "conj":
            return None
        cl = self.tok_cl.get(tok.head.head.i)
        return cl if cl is not None and cl.type == ORG else None

    def _reporting_subject(self, tok_i: int) -> _Cluster | None:
        tok = self.doc[tok_i]
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
            return None
        gov = tok.head.head
        for subj in (c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")):
            at = gov.head.i if subj.lower_ in coref.REL_PRONOUNS and gov.dep_ == "relcl" else subj.i
            cl = self.tok_cl.get(at)
            if cl is not None and cl.type == ORG:
                return cl
        return None

    def _continued_subject(self, tok_i: int) -> _Cluster | None:
        si = self.sent_of[tok_i]
        if any(cl.type == ORG and s == si and p < tok_i for (p, cl, s, _) in self.timeline):
            return None
        subjects = list(dict.fromkeys(cl for (p, cl, s, dep) in self.timeline
                                      if s == si - 1 and cl.type == ORG and dep in ("nsubj", "nsubjpass", "ROOT")))
        return subjects[0] if len(subjects) == 1 else None

    def _mention(self, start: int, end: int, cl: _Cluster, kind: str, at: int | None = None, dep: str | None = None) -> None:
        self.mentions.append((start, end, cl, kind))
        if at is not None:
            self.timeline.append((at, cl, self.sent_of[at], dep))

    def name(self, m: "_Cand") -> int:
        """A name mention (an alias of a description's party, or the owner of a group right after it)."""
        doc, n, i = self.doc, self.n, m.start
        cl = self.redirect.get(m.cluster, m.cluster)
        defined = self.defined_terms.get("the " + m.text.lower()) if i >= 1 and doc[i - 1].lower_ == "the" else None
        if defined is not None and defined is not cl and cl not in self.redirect and defined.type == cl.type \
                and all(self.defined_terms.get("the " + x.text.lower()) is defined for x in cl.members):
            # "The Claimant, Tarnwold Ventures LP, ... the Claimant paid": the filing's role names its party
            self.redirect[cl] = defined
            self.salience[defined] += self.salience.pop(cl, 0)
            cl = defined
        alias_of = _described_alias(doc, m, self.mentions, self.sent_of)
        if alias_of is not None and alias_of is not cl and alias_of.type == cl.type and cl not in self.redirect:
            # "The firm, commonly known as 3AC,": the name is an alias of the description's party
            self.redirect[cl] = alias_of
            alias_of.names.extend(cl.names)
            self.salience[alias_of] += self.salience.pop(cl, 0)
            cl = alias_of
        # "FTX customers", "FTX's depositors"
        j = m.end
        if j < n and doc[j].tag_ == "POS":
            j += 1
        gh = _group_heads(doc, j) if j < n and cl.type == ORG else None
        root = doc[m.start:m.end].root
        end = m.end
        if gh is not None:
            head, end = gh
            g = self.group_for(cl, head, clean(cl_text(doc, m.start, m.end)) + " " + " ".join(t.text for t in doc[j:end]))
            self.mentions.append((m.start, end, g, "name"))
        else:
            self.mentions.append((m.start, m.end, cl, "name"))
        self.timeline.append((root.i, cl, self.sent_of[i], _grammatical_role(root)))
        self.tok_cl.update((k, cl) for k in range(m.start, m.end))
        return end

    def group_noun(self, i: int) -> int | None:
        """Groups: "customers of FTX", "the exchange's customers", bare "depositors"."""
        doc, n = self.doc, self.n
        gh = _group_heads(doc, i)
        if gh is None:
            return self.group_money(i)
        if doc[i].tag_ not in ("NNS", "NNPS", "NN"):
            return None
        head, gend = gh
        owner = None
        end = gend
        if gend + 1 < n and doc[gend].lower_ == "of":
            k = gend + 1
            if k < n and doc[k].lower_ == "the":
                k += 1
            om = self.taken[k] if k < n else None
            if om is not None and om.start == k and om.cluster.type == ORG:
                owner, end = om.cluster, om.end
        start = i
        if owner is None and i >= 1:
            prev = doc[i - 1]
            if prev.lower_ in ("its", "their"):
                owner = self.owner_from_pronoun(i - 1)
            elif prev.tag_ == "POS" and self.mentions and self.mentions[-1][1] == i - 1 and self.mentions[-1][2].type == ORG:
                owner = self.mentions[-1][2]
        if owner is None and head in BARE_GROUP_HEADS and i >= 1 and doc[i - 1].lower_ in ("his", "her", "our", "your"):
            return i + 1
        if owner is None and head == "investors" and self.investor_kind:
            if doc[i - 1].lower_ in INVESTOR_KINDS:
                start = i - 1
            head = f"{self.investor_kind} investors"
        if owner is not None or head in BARE_GROUP_HEADS or head.endswith(" investors") or _gives_money(doc[gend - 1]):
            g = self.group_for(owner, head, " ".join(t.text for t in doc[start:end]))
            kinds = _kind_modifiers(doc, start, gend)
            if kinds:  # "retail clients", "custody clients": the kind as written is a name of the group too
                self.group_surface[g.okey].append(" ".join(t.text for t in doc[kinds:gend]))
            if end > gend:
                self.group_surface[g.okey].append(f"{head} of " + clean(doc[gend + 1:end].text))
            self.mentions.append((start, end, g, "name"))
            return end
        return None

    def group_money(self, i: int) -> int | None:
        """"client assets", "customer deposits", "Investor cash": the group whose money it is, named by the group
        noun compounded into a noun of money; its owner the firm after "of" ("client savings of X") or before
        the words ("X's customer deposits"), else none named (the article's firm's, as a bare group)."""
        doc, n = self.doc, self.n
        tok = doc[i]
        head = GROUP_MONEY_COMPOUNDS.get(tok.lower_)
        if head is None or i + 1 >= n or tok.dep_ != "compound" or tok.head.i != i + 1 \
                or _lemma(doc[i + 1]) not in GROUP_MONEY_NOUNS or doc[i + 1].pos_ != "NOUN" or not _held_money(doc[i + 1]):
            return None
        owner = None
        noun = doc[i + 1]
        for of in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            om = next((self.taken[p.i] for p in of.children if p.dep_ == "pobj" and self.taken[p.i] is not None), None)
            if om is not None and om.cluster.type == ORG:
                owner = om.cluster
        if owner is None and i >= 1 and doc[i - 1].tag_ == "POS" and self.mentions and self.mentions[-1][1] == i - 1 \
                and self.mentions[-1][2].type == ORG:
            owner = self.mentions[-1][2]
        if owner is None and i >= 1 and doc[i - 1].lower_ in ("its", "their"):
            owner = self.owner_from_pronoun(i - 1)
        g = self.group_for(owner, head, head)
        self.group_surface[g.okey].append(doc[i:i + 2].text)
        self.mentions.append((i, i + 1, g, "name"))
        return i + 1

    def _unnamed_subject(self, i: int, gender: str) -> bool:
        """A subject before token i, in its sentence or the one before, that may be a person no mention covers
        ("Bart was the sceptic. He ...", "one investor, a retired worker, said she ...")."""
        si, k = self.sent_of[i], i - 1
        while k >= 0 and si - self.sent_of[k] <= 1:
            t = self.doc[k]
            k -= 1
            if t.dep_ not in ("nsubj", "nsubjpass") or t.tag_ in ("NNS", "NNPS") or t.i in self.tok_cl \
                    or any(c.dep_ == "appos" and c.i in self.tok_cl for c in t.children):  # "His wife, Rosalind,"
                continue
            low = t.lemma_.lower()
            if t.pos_ == "PROPN" or low in PERSON_NOUNS and KIN_GENDERS.get(low, gender) == gender:
                return True
        return False

    def pronoun(self, i: int) -> int | None:
        """"he"/"she" to the recent person of that gender; "it"/"its" to the one recent organisation."""
        tok = self.doc[i]
        low = _word_at(tok)
        if low in MALE_PRON or low in FEMALE_PRON:
            g = "f" if low in FEMALE_PRON else "m"
            cl = _resolve_person_pronoun(self.timeline, self.sent_of[i], i, g, not self._unnamed_subject(i, g))
            if cl is not None:
                cl.gender = cl.gender or g
                self._mention(i, i + 1, cl, "pronoun", at=i, dep=tok.dep_)
                self.tok_cl[i] = cl
            return i + 1
        if (low in YOU_PRON or low in I_PRON and _answer_line(self.doc, i)) and not self.quoted[i]:
            # "you" is the person the text addresses; "I" in a witness's answer ("A. I was one of its directors")
            # is the person the questions address
            cl = next((c for k, c in reversed(self.addressees) if k < i), None)
            if cl is not None:
                self._mention(i, i + 1, cl, "pronoun", at=i, dep=tok.dep_)
                self.tok_cl[i] = cl
                return i + 1
        if low in I_PRON and self.author is not None and not self.quoted[i] and (low != "i" or tok.pos_ == "PRON"):
            # a post, a letter or a thread its writer signs or opens with ("Posted by X", "From: X", "I'm X"):
            # "I", "me", "my" outside quotes are the writer
            self._mention(i, i + 1, self.author, "pronoun", at=i, dep=tok.dep_)
            self.tok_cl[i] = self.author
            return i + 1
        if low in WE_PRON and not self.quoted[i] and tok.text != "US":  # ("US dollars": the country)
            # a letter, a statement or an interview answer speaking as its firm: "we", "our" outside quotes are
            # the first organisation the text names (the author's, the interviewee's)
            cl = self.speaker_org
            if cl is not None:
                self._mention(i, i + 1, cl, "pronoun", at=i, dep=tok.dep_)
                self.tok_cl[i] = cl
            return i + 1
        if low in IT_PRON and tok.dep_ == "dobj" and _lemma(tok.head) in TOKEN_PRONOUN_VERBS:
            # "Palmyra minted it", "many of you hold it": the recent token
            recent = [cl for (p, cl, s_, _) in reversed(self.timeline) if cl.type == TOKEN and self.sent_of[i] - s_ <= 1]
            if recent:
                self._mention(i, i + 1, recent[0], "pronoun", at=i, dep=tok.dep_)
                self.tok_cl[i] = recent[0]
                return i + 1
        if low in IT_PRON and tok.dep_ != "expl" and not _expletive_it(self.doc, i):
            cl = self._coordinate_owner(tok) or self.owner_from_pronoun(i)
            if cl is not None:
                # on the timeline too: "It was X's biggest debtor. Its chief executive ...": the subject goes on
                self._mention(i, i + 1, cl, "pronoun", at=i, dep=tok.dep_)
                self.tok_cl[i] = cl
            return i + 1
        return None

    def former_latter(self, i: int) -> int | None:
        doc, n = self.doc, self.n
        low = _word_at(doc[i])
        if low not in ("latter", "former") or i < 1 or doc[i - 1].lower_ != "the":
            return None
        distinct = list(dict.fromkeys(cl for (_, cl, _, _) in reversed(self.timeline)))
        idx = 0 if low == "latter" else 1
        if len(distinct) > idx and (i + 1 >= n or doc[i + 1].pos_ not in ("NOUN", "PROPN")):
            self._mention(i - 1, i + 1, distinct[idx], "description", at=i, dep=doc[i].dep_)
        return i + 1

    def description(self, i: int) -> None:
        """Definite descriptions: "the exchange", "the embattled exchange", "the group's American arm", "its founder"."""
        doc, lex, tok = self.doc, self.lex, self.doc[i]
        low = _word_at(tok)
        org_head = low in lex.heads or low in DESC_ORG_HEADS
        if self.defined_terms and self._defined_term_at(i, tok):
            return
        if not (org_head or low in DESC_TOKEN_HEADS or low in DESC_PERSON_ROLES) or tok.tag_ not in ("NN", "NNP") or tok.dep_ == "compound":
            return
        d = _description(doc, i, self.taken, lex)
        if d is None:
            return
        start, det, mods = d
        defined = self.defined_terms.get(" ".join(t.lower_ for t in doc[start:i + 1])) if det == "the" else None
        if defined is not None:
            cl = defined  # 'X ("the Company")': the release's defined term for X
        elif org_head and low not in DESC_PERSON_ROLES:
            cl = self._org_description(i, start, det, mods, low)
        else:
            cl = _resolve_description(doc, self.timeline, self.sent_of, i, low, det, self.clusters)
        if cl is not None:
            self._mention(start, i + 1, cl, "description", at=i, dep=tok.dep_)
            self.tok_cl.update((k, cl) for k in range(start, i + 1))
            if org_head and cl.type == ORG:
                cl.descriptors.add(low)

    def _defined_term_at(self, i: int, tok) -> bool:
        """'X ("the Manager")' then "the Manager", 'held by Y (the "subject")' then "the subject": a defined term
        whose head no description lexicon holds ("manager" may be a person's role) still stands for X."""
        cl = self.defined_terms.get("the " + tok.lower_)
        if cl is None or i < 1 or self.taken[i - 1] is not None:
            return False
        doc = self.doc
        if doc[i - 1].lower_ != "the" or (i + 1 < self.n and doc[i + 1].pos_ == "PROPN"):
            return False
        self._mention(i - 1, i + 1, cl, "description", at=i, dep=tok.dep_)
        self.tok_cl.update((k, cl) for k in (i - 1, i))
        return True

    def _org_description(self, i: int, start: int, det: str, mods: list, low: str) -> _Cluster | None:
        doc, lex, timeline = self.doc, self.lex, self.timeline
        cl = _apposed_to(doc, i, self.tok_cl, ORG)
        if cl is not None:
            return cl
        owner = None
        if det == "poss":
            owner = self.tok_cl.get(start - 2)
        elif det == "its":
            subj = {self.tok_cl[t] for t in coref.clause_subjects(doc, i) if t in self.tok_cl and self.tok_cl[t].type == ORG}
            owner = next(iter(subj)) if len(subj) == 1 else self.owner_from_pronoun(start - 1)
        if det in ("his", "her", "their") and not any(w in lex.place_qualifiers for w in mods):
            # "Binance founder Zhao said his exchange ...": the organisation named with its person
            near = list(dict.fromkeys(c for p, c, s_, _ in reversed(timeline)
                                      if s_ == self.sent_of[i] and c.type == ORG and p < i))
            cl = near[0] if len(near) == 1 else None
        if cl is None and (det in ("the", "this", "that", "his", "her", "their") or owner is not None):
            cl = coref.resolve_org_description(doc, i, low, mods, owner, timeline, self.sent_of, self.tok_cl,
                                               self.salience, ORG, lex, demonstrative=det in DEMONSTRATIVES)
        return cl

    # --- groups, after the pass ---
    def attach_bare_groups(self) -> None:
        """Bare "depositors": the one group of that kind the text names, else the main organisation's."""
        groups = self.groups
        for okey in [k for k in groups if k.startswith("_/")]:
            family = okey[2:]
            if family not in set(GROUP_FAMILY.values()):
                continue
            bare = groups[okey]
            named = [g for k, g in groups.items() if not k.startswith("_/") and k.endswith("/" + family)]
            target = named[0] if len(named) == 1 else None
            if target is None and self.main_org:
                target = self.group_for(self.by_key[self.main_org], bare.heads[0], bare.heads[0])  # type: ignore[attr-defined]
                self.group_surface[target.okey].pop()  # type: ignore[attr-defined]
                target.heads.pop()  # type: ignore[attr-defined]
            if target is not None:
                target.heads.extend(bare.heads)  # type: ignore[attr-defined]
                self.group_surface[target.okey].extend(self.group_surface[okey])  # type: ignore[attr-defined]
                self.redirect[bare] = target
                del groups[okey]

    def name_groups(self) -> None:
        """Each group named after its owner organisation ("Kestrova customers"), its surfaces as aliases."""
        for okey, g in self.groups.items():
            owner = g.owner  # type: ignore[attr-defined]
            heads = Counter(g.heads)  # type: ignore[attr-defined]
            head = "customers" if "customers" in heads else heads.most_common(1)[0][0]
            if head == "staff":
                head = "employees"
            if owner is not None:
                oname = _short_org_name(owner)
                g.names = [f"{oname} {head}"]
                aliases = {f"{oname} {head}"}
                for s in self.group_surface[okey]:
                    aliases.add(clean(s).replace("'s ", " ").replace("’s ", " "))
                for h in heads:
                    aliases.add(h)
                    aliases.add(f"{oname} {h}")
                for other in set(owner.names) - {oname}:  # "PML clients" is "Pomfrey Markets Limited clients" too
                    aliases.add(f"{without_legal_form(other)} {head}")
            else:
                g.names = [head]
                aliases = {head} | set(heads)
            g.aliases = sorted(a for a in aliases if a)  # type: ignore[attr-defined]
            g.key = entity_id(GROUP, g.names[0])


def _defined_terms(doc: Doc, name_cands: list) -> dict:
    """'Nakamura-Ferris Digital Pte. Ltd. ("Nakamura-Ferris" or "the Company")', 'X (the "Company") and its
    subsidiaries (together, the "Group")': a press release or a filing defines its terms in a parenthesis
    after the name; "the company" later means that party."""
    terms: dict = {}
    n = len(doc)
    for m in name_cands:
        k = m.end  # past the rest of a legal suffix the name left out ("Pte. Ltd.")
        while k < min(m.end + 4, n) and doc[k].text != "(" and (doc[k].text == "." or doc[k].text[:1].isupper() or doc[k].is_space):
            k += 1  # (and past a line break: a caption's name on one line, '(the "Company")' on the next)
        if m.cluster is None or k >= n or doc[k].text != "(":
            continue
        close = _closing_paren(doc, k)
        if close is None:
            continue
        if not _read_terms(doc[k + 1:close].text, m.cluster, terms):
            # 'VELLOWBY DIGITAL TRUST LIMITED (IN LIQUIDATION) ("the Company")': a bracket saying the firm's
            # state defines nothing; the defining one may follow it, on the next line too
            j = close + 1
            while j < n and doc[j].is_space:
                j += 1
            again = _closing_paren(doc, j) if j < n and doc[j].text == "(" else None
            if again is not None:
                _read_terms(doc[j + 1:again].text, m.cluster, terms)
                close = again
        tail = close + 1 + len(SUBSIDIARIES_TAIL)
        if tail < n and tuple(t.lower_ for t in doc[close + 1:tail]) == SUBSIDIARIES_TAIL and doc[tail].text == "(":
            again = _closing_paren(doc, tail)
            if again is not None:
                _read_terms(doc[tail + 1:again].text, m.cluster, terms)
    for m in name_cands:
        role = _apposed_role(doc, m)
        if role and m.cluster is not None:
            terms.setdefault(role, m.cluster)
    return terms


def _apposed_role(doc, m) -> str | None:
    """'The Claimant, Tarnwold Ventures LP, is ...', 'Mr X, the Second Respondent, ...': a capitalised role a
    filing sets beside a party's name defines "the Claimant" as that party ("the claimant", lower-cased)."""
    k = m.start - 1
    if k >= 1 and doc[k].lower_ in TITLES:
        k -= 1  # "The Second Respondent, Mr Ingram Tolleshunt"
    if k >= 2 and doc[k].text == ",":
        j = k
        while j - 1 >= 0 and k - j < 3 and doc[j - 1].is_title and doc[j - 1].is_alpha and doc[j - 1].lower_ != "the":
            j -= 1
        if j < k and j >= 1 and doc[j - 1].lower_ == "the" and (j - 1 == 0 or doc[j - 1].is_sent_start or doc[j - 2].is_punct) \
                and all(t.lower_ in WORDS["filing_roles"] for t in doc[j:k]):
            return "the " + " ".join(t.lower_ for t in doc[j:k])
    e = m.end
    if e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ == "the":
        j = e + 2
        while j < len(doc) and j - (e + 2) < 3 and doc[j].is_title and doc[j].is_alpha:
            j += 1
        if j > e + 2 and j < len(doc) and doc[j].text in (",", ")", ".") \
                and all(t.lower_ in WORDS["filing_roles"] for t in doc[e + 2:j]):
            return "the " + " ".join(t.lower_ for t in doc[e + 2:j])
    return None


def _closing_paren(doc, k: int) -> int | None:
    return next((j for j in range(k + 1, min(k + 20, len(doc))) if doc[j].text == ")"), None)


def _read_terms(inside: str, cl, terms: dict) -> bool:
    """The definite terms a parenthesis defines: '"the Company"' and 'the "Company"' alike. Did it quote any?"""
    found = [t for t in DEFINED_TERM.findall(inside)] + ["the " + t for t in DEFINED_TERM_THE.findall(inside)]
    for term in found:
        words = term.lower().split()
        if len(words) >= 2 and words[0] == "the":
            terms.setdefault(" ".join(words), cl)
    return bool(found)


def _quote_mask(doc) -> list[bool]:
    """Tokens inside quotation marks (straight quotes toggle; curly ones open and close; a paragraph ends any)."""
    mask = [False] * len(doc)
    inside = False
    for t in doc:
        if t.text in ("\u201c",) or t.text == '"' and not inside:
            inside = True
        elif t.text in ("\u201d",) or t.text == '"' and inside:
            inside = False
        else:
            mask[t.i] = inside
        if "\n\n" in t.whitespace_ or t.is_space and "\n\n" in t.text:
            inside = False
    return mask


def _author(doc: Doc, name_cands: list):
    """The person who writes the text in the first person: named after a cue ("Posted by X", "From: X", "I'm X",
    "My name is X") or alone on the line after a valediction ("Yours faithfully," / "X"); else None."""
    for m in name_cands:
        if m.cluster is None or m.cluster.type != PERSON:
            continue
        before = tuple(t.lower_ for t in doc[max(m.start - 3, 0):m.start] if not t.is_space)
        if any(before[-len(c):] == c for c in AUTHOR_CUES):
            return m.cluster
    for m in reversed(name_cands):
        if m.cluster is None or m.cluster.type != PERSON:
            continue
        k = m.start - 1
        while k >= 0 and (doc[k].is_space or doc[k].is_punct):
            k -= 1
        line = []
        while k >= 0 and "\n" not in doc[k].text:
            line.insert(0, doc[k].lower_)
            k -= 1
        if " ".join(w for w in line if w.isalpha()) in VALEDICTIONS:
            return m.cluster
        break  # only the last name can sign
    return None


def _addressees(doc: Doc, name_cands: list) -> list:
    """(token, person) for each person the text addresses by name: a name opening its sentence (after a title,
    a speaker's label or "Q.") and followed by a comma, in a sentence that speaks to them ("Mr Tesmer, please
    stand.", "Ms Falkhoven, you told the jury ..."), or after "Dear" ("Dear Mr Quendry,")."""
    out = []
    for m in name_cands:
        if m.cluster is None or m.cluster.type != PERSON or m.end >= len(doc) or doc[m.end].text != ",":
            continue
        sent = doc[m.start].sent
        before = [t for t in doc[sent.start:m.start] if not (t.is_space or t.is_punct or t.lower_ in TITLES
                                                              or t.is_upper and t.is_alpha or t.lower_ in ANSWER_MARKS)]
        words = {t.lower_ for t in doc[m.end:sent.end]}
        if [t.lower_ for t in before] == ["dear"] or not before and words & ADDRESS_CUES:
            out.append((m.start, m.cluster))
    return sorted(out, key=lambda x: x[0])


def _answer_line(doc: Doc, i: int) -> bool:
    """Is token i on a transcript's answer line ("A. I was one of its directors", "A: Yes")?"""
    k = i
    while k > 0 and "\n" not in doc[k - 1].text:
        k -= 1
    while k < i and doc[k].is_space:
        k += 1
    return k < i and doc[k].text == "A" and k + 1 < len(doc) and doc[k + 1].text in (".", ":") or doc[k].lower_ in ("a.", "a:")


def _word_at(tok) -> str:
    return tok.lower_ if tok.lower_ != "up" else _lemma(tok)


def _mention_spans(doc: Doc, mentions: list, redirect: dict) -> list[Span]:
    """Mention spans without overlaps: names first, then descriptions, then pronouns; longer first."""
    prio = {"name": 0, "description": 1, "pronoun": 2}
    used = [False] * len(doc)
    spans = []
    for s, e, cl, kind in sorted(mentions, key=lambda x: (prio[x[3]], -(x[1] - x[0]), x[0])):
        cl = redirect.get(cl, cl)
        if cl.key is None or any(used[s:e]):
            continue
        for k in range(s, e):
            used[k] = True
        sp = Span(doc, s, e, label=cl.type)
        sp._.kg_entity = cl.key
        sp._.kg_mention_kind = kind
        spans.append(sp)
    spans.sort(key=lambda sp: sp.start)
    return spans


def _doc_entity_table(clusters: list[_Cluster], groups: dict, redirect: dict) -> dict[str, Entity]:
    ents: dict[str, Entity] = {}
    for cl in clusters:
        if cl in redirect:
            continue
        names = [n for n in dict.fromkeys(cl.names) if n]
        name = _display_name(cl)
        ents[cl.key] = Entity(id=cl.key, name=name, type=cl.type, aliases=sorted(set(names) | {name}))
    for g in groups.values():
        ents[g.key] = Entity(id=g.key, name=g.names[0], type=GROUP, aliases=g.aliases)  # type: ignore[attr-defined]
    return ents


def _described_alias(doc, m: "_Cand", mentions: list, sent_of: dict):
    """The party of a description just before "commonly known as <name>" / "dubbed <name>", or None."""
    s = m.start
    if s < 2:
        return None
    called = doc[s - 1].lower_ in ("dubbed", "nicknamed", "called") or (
        doc[s - 1].lower_ == "as" and doc[s - 2].lower_ in ("known", "referred", "branded", "styled"))
    if not called or not mentions:
        return None
    ps, pe, pcl, kind = mentions[-1]
    if kind != "description" or sent_of.get(ps) != sent_of.get(s) or s - pe > 6:
        return None
    return pcl


def _grammatical_role(tok) -> str:
    """The dependency role, a conjunct taking its head's ("X and Y met": both subjects)."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_


def cl_text(doc, s, e) -> str:
    return doc[s:e].text


def _short_org_name(cl: _Cluster) -> str:
    counts = Counter(cl.names)
    return min(counts, key=lambda x: (-counts[x], len(x)))


def _expletive_it(doc, i: int) -> bool:
    """'it is likely that', 'it was not clear whether', 'it emerged'."""
    if doc[i].lower_ != "it":
        return False
    k = i + 1
    while k < len(doc) and doc[k].pos_ in ("AUX", "PART", "ADV"):
        k += 1
    if k < len(doc) and doc[k].pos_ == "ADJ":
        return True
    return k < len(doc) and doc[k].lemma_ in ("emerge", "appear", "seem", "remain", "take", "mean")


def _description(doc, i: int, taken, lex=None):
    """(start, determiner, modifiers) of a definite description ending at head token i, or None.
    The determiner is "the"/"this"/"its"/..., or "poss" after a possessive ("the group's American arm",
    "Halvane's hedge fund"), the span then starting after the owner's "'s"."""
    head = _lemma(doc[i]) if doc[i].lower_ == "up" else doc[i].lower_
    org_head = lex is not None and head in lex.heads and head not in DESC_PERSON_ROLES
    k = i - 1
    mods = []
    while k >= 0 and i - k <= DESCRIPTION_SPAN:
        t = doc[k]
        if t.lower_ in ("the", "this", "that", "its", "their", "his", "her"):
            break
        if org_head and (t.tag_ == "POS" or t.text in ("'s", "\u2019s")) and k >= 1 and taken[k - 1] is None:
            break
        if taken[k] is not None or t.is_punct and t.text not in ("-", ".") or t.pos_ not in ("ADJ", "NOUN", "VERB", "PROPN", "NUM", "PUNCT", "ADV"):
            return None
        place = t.ent_type_ in ("GPE", "NORP", "LOC") or (lex is not None and t.lower_ in lex.place_qualifiers)
        if t.pos_ == "PROPN" and not (k + 1 < len(doc) and doc[k + 1].text == "-") and not place:
            return None
        if t.is_alpha or t.lower_ in ("u.s.", "u.k."):
            mods.append(t.lower_)
        k -= 1
    else:
        return None
    if k < 0:
        return None
    det = doc[k].lower_
    start = k
    if det not in ("the", "this", "that", "its", "their", "his", "her"):
        det, start = "poss", k + 1
    if det in ("his", "her", "their") and not org_head:
        return None
    if det == "its" and head not in DESC_PERSON_ROLES and not (lex is not None and lex.is_subsidiary(head)):
        return None
    if det == "its":
        start = k + 1  # "its" stays a pronoun for the owner ("its Gibraltar arm", "its chief executive")
    # not an apposition to a name right after ("the exchange FTX", "the trading firm, Alameda")
    j = i + 1
    if j < len(doc) and doc[j].text == ",":
        j += 1
    if j < len(doc) and taken[j] is not None:
        return None
    if i + 1 < len(doc) and doc[i + 1].lower_ == "of" and head in DESC_PERSON_ROLES:
        return None
    if det in ("his", "her", "their"):
        start = k + 1
    return start, det, mods


def _apposed_to(doc, i: int, tok_cl: dict, want: str):
    """'Kestrova Pay, the fast-growing payments app,': a description in apposition to a name stands for it."""
    tok = doc[i]
    if tok.dep_ == "appos" and tok.head.i in tok_cl and tok_cl[tok.head.i].type == want:
        return tok_cl[tok.head.i]
    # the parser hung the apposition elsewhere: "..., alternative to FTX.com, the offshore exchange run by ..."
    k = i - 1
    while k > 0 and i - k <= 5 and doc[k].lower_ != "the" and not doc[k].is_punct:
        k -= 1
    # (or made it the copula's second attribute: "X is the CEO of Y, the Lagos-based platform she co-founded")
    if tok.dep_ in ("appos", "attr") and k >= 2 and doc[k].lower_ == "the" and doc[k - 1].text == "," and tok_cl.get(k - 2) is not None \
            and tok_cl[k - 2].type == want:
        return tok_cl[k - 2]
    return None


def _resolve_description(doc, timeline, sent_of, i: int, head: str, det: str, clusters) -> _Cluster | None:
    si = sent_of[i]
    if head in DESC_PERSON_ROLES:
        role = ROLE_ALIASES.get(head, head)
        for _, cl, s, _ in reversed(timeline):
            if cl.type == PERSON and role in cl.descriptors:
                return cl
        return None
    want = TOKEN if head in DESC_TOKEN_HEADS else ORG
    seen = [cl for (_, cl, s, _) in reversed(timeline) if cl.type == want]
    if not seen:
        return None
    for cl in seen:
        if head in cl.descriptors or any(normalize(nm).split()[-1:] == [head] for nm in cl.names if nm):
            return cl
    if want == TOKEN:
        uniq = list(dict.fromkeys(seen))
        return uniq[0] if len(uniq) == 1 or _recent(timeline, uniq[0], si) else None
    if head in GENERIC_ORG_HEADS:
        recent = [cl for (_, cl, s, _) in reversed(timeline) if cl.type == ORG and si - s <= 1]
        uniq = list(dict.fromkeys(recent))
        return uniq[0] if len(uniq) == 1 else None
    # a specific head nobody was described as: only when there is a single candidate organisation
    uniq = list(dict.fromkeys(seen))
    if len(uniq) == 1:
        return uniq[0]
    return None


def _recent(timeline, cl, si) -> bool:
    return any(c is cl and si - s <= 1 for (_, c, s, _) in timeline)


def _resolve_person_pronoun(timeline, si: int, i: int, gender: str, discourse: bool = True) -> _Cluster | None:
    """'he' -> the single compatible person in this or the previous sentence (else the one subject); with no
    person there (and ``discourse``: no unnamed one either), the person the text is about (_discourse_person)."""
    cands = []
    for p, cl, s, dep in reversed(timeline):
        if si - s > 1:
            break
        if cl.type == PERSON and p < i and _gender_of(cl.gender, cl.descriptors) in (None, gender):
            cands.append((cl, s, dep))
    uniq = list(dict.fromkeys(c for c, _, _ in cands))
    if len(uniq) == 1:
        return uniq[0]
    if not uniq:
        return _discourse_person(timeline, i, gender) if discourse else None
    subj = list(dict.fromkeys(c for c, s, dep in cands if dep in ("nsubj", "nsubjpass") and s == cands[0][1]))
    if len(subj) == 1:
        return subj[0]
    return None


def _discourse_person(timeline, i: int, gender: str) -> _Cluster | None:
    """The person before token i the text is about, among those whose known gender is ``gender`` ("Mr. Orlick ...
    Early career. From 2010 he worked ..."): the only one, else the one who is both the latest subject and the
    most mentioned ("he and his brother Jasper ran ... In later years he ..."). Any tie -> nobody."""
    known = [(p, cl, s, dep) for p, cl, s, dep in timeline
             if p < i and cl.type == PERSON and _gender_of(cl.gender, cl.descriptors) == gender]
    people = list(dict.fromkeys(cl for _, cl, _, _ in known))
    if len(people) <= 1:
        return people[0] if people else None
    subjects = [(s, cl) for _, cl, s, dep in known if dep in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    last = subjects[-1][0]
    latest = {cl for s, cl in subjects if s == last}
    counts = Counter(cl for _, cl, _, _ in known)
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    if len(latest) == 1 and top in latest and n > rest[0][1]:
        return top
    return None


# ---------------------------------------------------------------------------------------------------
# plain values out


def doc_entities(doc: Doc) -> list[Entity]:
    ents = doc._.kg_entities or {}
    return list(ents.values())


def doc_mentions(doc: Doc) -> list[Mention]:
    out = []
    for sp in doc.spans.get(SPAN_KEY, []):
        out.append(Mention(text=sp.text, start=sp.start_char, end=sp.end_char, type=sp.label_,
                           entity=sp._.kg_entity, kind=sp._.kg_mention_kind or "name"))
    return out
