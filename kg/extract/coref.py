"""Which organisation a definite description stands for ("the embattled exchange", "the company", "its US
affiliate"): a helper of ``kg_entities`` (entities.py), not a pipeline component of its own.

A description binds to a party of a compatible kind (``schema/description_heads.json``): one described with
such a head or named with a kind word. Among several, the one named earlier in the same sentence wins, then
the article's clearly most salient party (the topic), then the single party named in the previous sentence.
Never the subject of the description's own clause ("Binance agreed to buy the exchange": not Binance), never
a party named only in passing (a source: "told the Gazette", "according to X").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache

from kg.names import normalize
from kg.schema import data_path
from kg.extract.lexicon import Lexicon

_lex = Lexicon("coref_lexicon.json")
ATTRIBUTION_VERBS = _lex.words("attribution_verbs")
REL_PRONOUNS = _lex.words("rel_pronouns")
# A party named as a source: "told X", "according to X", "reported by X".
TELLING_VERBS = _lex.words("telling_verbs")
SOURCE_PREPOSITIONS = _lex.words("source_prepositions")
SOURCE_PHRASE_HEADS = _lex.words("source_phrase_heads")
# A party is the topic when it is named this many times more often than the next candidate.
TOPIC_MARGIN = 1.5


@dataclass(frozen=True, eq=False)
class DescriptionLexicon:
    head_kinds: dict  # head noun -> kinds it may describe
    generic: frozenset
    prefer_described: frozenset  # generic heads that still pick a party described so ("the group" -> "X Group")
    institution_kinds: frozenset
    subsidiary_kind: str
    name_words: dict  # word in a name -> kind
    place_qualifiers: dict  # "american" -> "us"
    legal_forms: dict = None  # "mbh" -> "gmbh": a legal form as a description binds to a party of that form

    def legal_form(self, name: str) -> str | None:
        """The legal form a name ends in ("Brunnholz Verwahrung GmbH" -> "gmbh"), if the lexicon knows it."""
        words = name.split()
        return self.legal_forms.get(words[-1].lower().rstrip(",")) if len(words) > 1 and self.legal_forms else None

    @cached_property
    def heads(self) -> frozenset:
        return frozenset(self.head_kinds) | self.generic

    def kinds_of(self, head: str) -> set:
        return set(self.head_kinds.get(head, ()))

    def is_subsidiary(self, head: str) -> bool:
        return self.subsidiary_kind in self.kinds_of(head)


@lru_cache(maxsize=1)
def lexicon() -> DescriptionLexicon:
    raw = json.loads(data_path("description_heads.json").read_text(encoding="utf-8"))
    head_kinds: dict = {}
    for kind, heads in raw["kinds"].items():
        for h in heads:
            head_kinds.setdefault(h, set()).add(kind)
    legal_forms = {w: form for w, form in raw.get("legal_forms", {}).items() if not w.startswith("_")}
    for w, form in legal_forms.items():
        head_kinds.setdefault(w, set()).add("legal form " + form)
    return DescriptionLexicon(
        head_kinds={h: frozenset(k) for h, k in head_kinds.items()},
        generic=frozenset(raw["generic"]),
        prefer_described=frozenset(raw.get("prefer_described", ())),
        institution_kinds=frozenset(raw["institution_kinds"]),
        subsidiary_kind=raw["subsidiary_kind"],
        name_words=dict(raw["name_words"]),
        place_qualifiers=dict(raw["place_qualifiers"]),
        legal_forms={w: "legal form " + form for w, form in legal_forms.items()},
    )


def cluster_kinds(cl, lex: DescriptionLexicon) -> set:
    """Kinds of party an entity was described or named as."""
    kinds = set()
    for d in cl.descriptors:
        kinds |= lex.kinds_of(d.split()[-1])
    for nm in cl.names:
        kinds |= name_kinds(nm, lex)
    return kinds


@lru_cache(maxsize=65536)
def name_kinds(name: str, lex: DescriptionLexicon) -> frozenset:
    """Kinds of party a name says it is: its words after the first ("Northfold Pension Fund": a fund), an
    institution's head before of/for, its legal form. A pure function of the name, asked for every party at
    every description, so it is remembered."""
    kinds = set()
    words = normalize(name).split()
    for w in words[1:]:
        if w in lex.name_words:
            kinds.add(lex.name_words[w])
    # "Office of Foreign Assets Control", "Ministry of Finance": an institution's head before "of"
    if len(words) > 2 and words[1] in ("of", "for") and lex.name_words.get(words[0]) in lex.institution_kinds:
        kinds.add(lex.name_words[words[0]])
    form = lex.legal_form(name)
    if form:
        kinds.add(form)
    return frozenset(kinds)


def cluster_words(cl, lex: DescriptionLexicon) -> set:
    """Words that may match a description's modifiers: descriptor modifiers and name words, places folded."""
    words = set(getattr(cl, "mods", set()))
    for nm in cl.names:
        words |= set(normalize(nm).split())
    words |= {w[:-1] for w in words if len(w) > 3 and w.endswith("s")}  # "the holding company": "X Holdings"
    return words | {lex.place_qualifiers[w] for w in list(words) if w in lex.place_qualifiers}


def is_passing(tok) -> bool:
    """A party named only as a source or a by-the-way: "told the Gazette", "according to X", "reviewed by X"."""
    if tok.dep_ in ("dative", "dobj") and tok.head.lemma_ in TELLING_VERBS:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in SOURCE_PREPOSITIONS:
        gov = tok.head.head
        if gov.lower_ in SOURCE_PHRASE_HEADS or gov.lemma_ in ATTRIBUTION_VERBS:
            return True
    return False


def clause_subjects(doc, i: int) -> set:
    """Token indices of the subject(s) of the clause a description at token ``i`` is an argument of, following
    infinitival and coordinated verbs up ("Binance agreed to buy the exchange"), and a relative clause to the
    noun it modifies ("the Board, which licenses the company")."""
    v = doc[i]
    hops = 0
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i and hops < 4:
        v = v.head
        hops += 1
    out = set()
    for _ in range(3):
        if v.pos_ not in ("VERB", "AUX"):
            break
        for ch in v.children:
            if ch.dep_ in ("nsubj", "nsubjpass"):
                if ch.lower_ in REL_PRONOUNS and v.dep_ == "relcl":
                    out.add(v.head.i)
                else:
                    out.add(ch.i)
                    # "the venture firm X led a round in the company": the name apposed to the subject noun
                    out.update(a.i for a in ch.children if a.dep_ == "appos")
        if v.dep_ == "relcl" and not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in v.children):
            out.add(v.head.i)
        own_subject = any(ch.dep_ in ("nsubj", "nsubjpass") for ch in v.children)
        if v.dep_ == "xcomp" or v.dep_ == "conj" and not own_subject:  # "X bought and sold the exchange"
            if v.head.i == v.i:
                break
            v = v.head
        elif v.dep_ == "acl" and v.head.dep_ == "pobj" and v.head.head.dep_ == "prep":
            v = v.head.head.head  # "X had been in talks to acquire the company": X's talks
        else:
            break
    return out


def resolve_org_description(doc, i: int, head: str, mods: list, owner, timeline, sent_of, tok_cl: dict,
                            salience: dict, want_type: str, lex: DescriptionLexicon | None = None,
                            demonstrative: bool = False):
    """The entity an organisation description with head token ``i`` stands for, or None when unclear.

    ``timeline``: (token, cluster, sentence index, dep) of earlier mentions; ``tok_cl``: token -> cluster of
    mentions so far; ``owner``: the party a possessive names ("the group's American arm")."""
    lex = lex or lexicon()
    seen = _earlier_parties(doc, i, mods, owner, timeline, tok_cl, want_type, lex)
    if not seen:
        return None
    if lex.is_subsidiary(head):
        return _subsidiary(seen, mods, owner, lex)
    if head in lex.generic:
        pool, described = _generic_pool(seen, head, lex)
    else:
        pool, described = _kind_pool(seen, head, lex), []
        if not pool and not (lex.kinds_of(head) & lex.institution_kinds):
            return _undescribed_topic(doc, i, seen, timeline, sent_of[i], salience, lex)
    narrowed = _narrow(pool, mods, lex)
    if narrowed is not pool:
        pool = narrowed
    elif head in lex.generic and described and mods:
        pool = _narrow(described, mods, lex)  # "the trading firm": a party described as a trading firm
    if demonstrative:
        near = _just_described(doc, i, sent_of[i], pool, timeline, head)
        if near is not None:
            return near
    return _pick(doc, i, sent_of[i], pool, timeline, salience)


def _just_described(doc, i: int, si: int, pool: list, timeline, head: str):
    """"This company then ...": a demonstrative points back to the party just named, the one of the previous
    sentence or its own (before the description) described or named with the description's head, not to
    the article's topic."""
    near, subjects = [], []
    for p, cl, s, dep in reversed(timeline):
        if p < i and si - s <= 1 and cl in pool and not is_passing(doc[p]):
            near += [cl] if cl not in near else []
            subjects += [cl] if dep in ("nsubj", "nsubjpass", "attr") and cl not in subjects else []
    exact = [c for c in near if c in _exact_head(near, head)]
    if exact:
        # several described with the head: the latest ("Q sent $5 million to a company in Nevada called T. ...
        # that company is controlled by W": T, not the subject Q)
        return exact[0]
    return subjects[0] if len(subjects) == 1 else None  # else the one party a clause was about


def _earlier_parties(doc, i: int, mods: list, owner, timeline, tok_cl: dict, want_type: str, lex: DescriptionLexicon) -> list:
    """Parties of the wanted type named before token ``i``, most recent first, without the description's own
    clause subject, its owner, and parties named for another place ("his international platform" is not
    the party named as the American one)."""
    excluded = {tok_cl[t] for t in clause_subjects(doc, i) if t in tok_cl}
    if owner is not None:
        excluded.add(owner)
    # "FTX.US, the group's American arm": the owner is not the party its possession is apposed to
    tok = doc[i]
    if tok.dep_ == "poss" and tok.head.dep_ == "appos" and tok.head.head.i in tok_cl:
        excluded.add(tok_cl[tok.head.head.i])
    seen = []
    for p, cl, s, _ in reversed(timeline):
        if cl.type == want_type and p < i and cl not in excluded and cl not in seen:
            seen.append(cl)
    places = _places(mods, lex)
    if places:
        own = {c: {lex.place_qualifiers[w] for w in cluster_words(c, lex) if w in lex.place_qualifiers} for c in seen}
        seen = [c for c in seen if not own[c] or own[c] & places]
    return seen


def _subsidiary(seen: list, mods: list, owner, lex: DescriptionLexicon):
    """"its US arm", "the group's affiliate": a party described as a subsidiary or named for a place, and
    when an owner is named, one sharing the owner's first name word."""
    pool = [c for c in seen if lex.subsidiary_kind in cluster_kinds(c, lex) or
            _places(mods, lex) & {lex.place_qualifiers.get(w, w) for w in cluster_words(c, lex)}]
    if owner is not None:
        first = normalize(owner.names[0]).split()[:1] if owner.names else []
        related = [c for c in seen if first and any(normalize(n).split()[:1] == first for n in c.names)]
        pool = [c for c in pool if c in related] or related
    pool = _narrow(pool, mods, lex)
    return pool[0] if len(pool) == 1 else None


def _places(mods: list, lex: DescriptionLexicon) -> set:
    return {lex.place_qualifiers[m] for m in mods if m in lex.place_qualifiers}


def _exact_head(seen: list, head: str) -> list:
    """Parties described with this very head or named with it ("Northfold Pension Fund" for "the fund")."""
    return [c for c in seen if head in {d.split()[-1] for d in c.descriptors} or
            any(head in normalize(n).split()[1:] for n in c.names)]


def _generic_pool(seen: list, head: str, lex: DescriptionLexicon) -> tuple[list, list]:
    """"the company", "the group": any party but an institution, preferring one described so when the head
    asks for it; returns (pool, the parties described with a kind of the head)."""
    kinds = lex.kinds_of(head)
    pool = [c for c in seen if not (cluster_kinds(c, lex) & lex.institution_kinds) or (kinds & cluster_kinds(c, lex))]
    described = [c for c in pool if kinds & cluster_kinds(c, lex)] if kinds else []
    if head in lex.prefer_described and described:
        exact = _exact_head(seen, head)
        pool = [c for c in described if c in exact] or described
    return pool, described


def _kind_pool(seen: list, head: str, lex: DescriptionLexicon) -> list:
    """"the exchange", "the regulator": parties of a kind the head may describe, the ones described with the
    head itself first; an institution ("Ministry of Finance") is not "the bank" however its name reads."""
    kinds = lex.kinds_of(head)
    pool = [c for c in seen if kinds & cluster_kinds(c, lex) and
            (kinds & lex.institution_kinds or not cluster_kinds(c, lex) & lex.institution_kinds)]
    exact = _exact_head(seen, head)
    return [c for c in pool if c in exact] or pool


def _undescribed_topic(doc, i: int, seen: list, timeline, si: int, salience: dict, lex: DescriptionLexicon):
    """Nobody was described so: the single undescribed party named earlier in the sentence, else the clearly
    most prominent party never described as anything else."""
    bare = [c for c in seen if not cluster_kinds(c, lex)]
    same = list(dict.fromkeys(cl for p, cl, s_, _ in reversed(timeline)
                              if s_ == si and p < i and cl in bare and not is_passing(doc[p])))
    if len(same) == 1:
        return same[0]
    ranked = sorted(bare, key=lambda c: -salience.get(c, 0))
    if ranked and salience.get(ranked[0], 0) >= 3 and (len(ranked) == 1 or salience.get(ranked[0], 0) >= 2 * salience.get(ranked[1], 0)):
        return ranked[0]
    return None


def _narrow(pool: list, mods: list, lex: DescriptionLexicon) -> list:
    """Keep the parties whose names or descriptions carry the description's distinguishing words
    ("the U.S. arm" -> "FTX.US"; "the trading firm" -> a party described as a trading firm)."""
    if not mods or len(pool) < 2:
        return pool
    want = {lex.place_qualifiers.get(m, m) for m in mods}
    for words in (lambda c: set(getattr(c, "mods", ())), lambda c: cluster_words(c, lex)):
        hit = [c for c in pool if want & words(c)]
        if hit and len(hit) < len(pool):
            return hit
    return pool


def _pick(doc, i: int, si: int, pool: list, timeline, salience: dict):
    if not pool:
        return None
    if len(pool) == 1:
        return pool[0]
    same = []
    prev = []
    for p, cl, s, _ in reversed(timeline):
        if p >= i or cl not in pool or is_passing(doc[p]):
            continue
        if s == si and cl not in same:
            same.append(cl)
        elif s == si - 1 and cl not in prev:
            prev.append(cl)
    if len(same) == 1:
        return same[0]
    ranked = sorted(pool, key=lambda c: -salience.get(c, 0))
    if salience.get(ranked[0], 0) >= TOPIC_MARGIN * max(1, salience.get(ranked[1], 0)):
        return ranked[0]
    if not same and len(prev) == 1:
        return prev[0]
    return None
