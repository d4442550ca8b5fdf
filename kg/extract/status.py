"""How firmly a relation is stated: alleged, denied, withdrawn, planned or plainly (None); and whether it is
negated outright. Read from the dependency tree around the word that states the relation, with the cue
words kept as data in ``kg/schema/status_cues.jsonl``:

  where = "modifier"  the cue modifies the trigger or a word governing it ("allegedly lent", "would buy")
  where = "governor"  the cue governs the trigger ("denied lending", "withdrew its offer to buy", "plans to buy")
  where = "speaker"   the trigger is what a cue party says ("prosecutors say ...", "according to the complaint")
  where = "passive"   the cue governs the trigger in the passive ("is understood to hold", "is said to own")
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from kg.model import merge_status
from kg.schema import data_path
from kg.extract.lexicon import Lexicon

_lex = Lexicon("status_lexicon.json")
NEGATIONS = _lex.words("negations")
# Verbs through which a party reports what others did; their subject decides whether it is an allegation.
SAY_VERBS = _lex.words("say_verbs")
# Links climbed from a trigger towards the clause that frames it.
CLIMB_DEPS = _lex.words("climb_deps")
# Links by which a description hangs on a noun; the status of a clause about that noun stops there.
DESCRIPTION_DEPS = _lex.words("description_deps")
PARTICIPLE_TAGS = _lex.words("participle_tags")  # "a firm owned by", "a fund holding"
# Links by which a status word modifies a trigger or its governor ("allegedly lent", "would buy").
MODIFIER_DEPS = _lex.words("modifier_deps")
# What a denial can refer back to in the clause before it ("... but the firm denied it").
ANAPHORS = _lex.words("anaphors")


@dataclass(frozen=True)
class StatusCues:
    modifier: dict[str, str] = field(default_factory=dict)  # word -> status
    governor: dict[str, str] = field(default_factory=dict)
    speaker: dict[str, str] = field(default_factory=dict)
    passive: dict[str, str] = field(default_factory=dict)  # cues only in the passive ("is said to", "is believed to")
    types: dict[str, frozenset[str]] = field(default_factory=dict)  # cue word -> relation types it applies to


@lru_cache(maxsize=None)
def load_status_cues(name: str = "status_cues.jsonl") -> StatusCues:
    cues = StatusCues()
    for line in data_path(name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        row = json.loads(line)
        table = getattr(cues, row["where"])
        for w in row["words"]:
            table[w.lower()] = row["status"]
            if row.get("types"):
                cues.types[w.lower()] = frozenset(row["types"])
    return cues


def _word(tok) -> tuple[str, str]:
    return tok.lemma_.lower(), tok.lower_


def _cue(table: dict[str, str], cues: StatusCues, tok, rel_type: str | None) -> str | None:
    for w in _word(tok):
        if w in table:
            allowed = cues.types.get(w)
            if allowed is None or rel_type is None or rel_type in allowed:
                return table[w]
    return None


def governors(tok, limit: int = 8) -> list:
    """The chain of words above ``tok`` that frame it, nearest first, up to the sentence root."""
    chain = []
    while tok.dep_ in CLIMB_DEPS and tok.head.i != tok.i and len(chain) < limit:
        tok = tok.head
        chain.append(tok)
    return chain


def _describes(tok) -> bool:
    """``tok`` heads a description hung on a noun ("X, Y's chief executive, denied ...", "sent money to X, a
    firm which Y owns", "a coin minted by Y"). Such a description is the writer's, not part of what a clause
    reports, denies or alleges about the noun: what frames the noun does not frame it."""
    if tok.dep_ in DESCRIPTION_DEPS:
        return True
    # a reduced relative ("a coin minted by"), not a complement ("a plan to buy", "a rumour that")
    return tok.dep_ == "acl" and tok.tag_ in PARTICIPLE_TAGS and not any(c.dep_ in ("aux", "mark") for c in tok.children)


def framing(tok, limit: int = 8) -> list:
    """The governors that frame ``tok`` for its status: ``governors`` up to the noun a description hangs on."""
    chain = []
    while tok.dep_ in CLIMB_DEPS and tok.head.i != tok.i and len(chain) < limit:
        closes = _describes(tok)
        tok = tok.head
        chain.append(tok)
        if closes:
            break
    return chain


def is_negated(tok) -> bool:
    """The trigger itself (or a verb it is the complement of: "did not agree to lend") is negated."""
    for t in [tok, *([tok.head] if tok.dep_ in ("xcomp", "acomp") else [])]:
        if any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det")) for c in t.children):
            return True
    return False


def _speaker_cues(cues: StatusCues, node, rel_type: str | None) -> list[str]:
    """What a reporting verb's subject implies ("prosecutors say ...")."""
    if node.lemma_.lower() not in SAY_VERBS:
        return []
    return [s for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "agent")
            for p in c.subtree if (s := _cue(cues.speaker, cues, p, rel_type))]


def _modifier_cues(cues: StatusCues, t, rel_type: str | None) -> list[str]:
    """Cue words modifying ``t`` ("allegedly", "would"), "according to prosecutors", and a parenthetical
    report ("X, the receiver alleges, lent ...")."""
    found = []
    for c in t.children:
        if c.dep_ in MODIFIER_DEPS:
            found.append(_cue(cues.modifier, cues, c, rel_type))
        elif c.dep_ == "prep" and c.lower_ == "according":
            found += [_cue(cues.speaker, cues, p, rel_type) for p in c.subtree]
        elif c.dep_ == "parataxis":
            found += [_cue(cues.governor, cues, c, rel_type), *_speaker_cues(cues, c, rel_type)]
    return [s for s in found if s]


def _governor_cues(cues: StatusCues, t, rel_type: str | None) -> list[str]:
    """Cue words that ``t`` (a word framing the trigger) is or carries: "denied lending", "prosecutors say",
    "there is a rumour that", "is understood to hold"."""
    found = [_cue(cues.governor, cues, t, rel_type), *_speaker_cues(cues, t, rel_type)]
    if any(c.dep_ == "auxpass" for c in t.children):
        found.append(_cue(cues.passive, cues, t, rel_type))
    if t.lemma_ == "be" and any(c.dep_ == "expl" or c.dep_ == "nsubj" and c.lower_ == "it" for c in t.children):
        # "there is a rumour that ...", "it is only a rumour that ...": the noun frames the clause
        found += [_cue(cues.governor, cues, c, rel_type) for c in t.children if c.dep_ == "attr"]
    return [s for s in found if s]


def _conjunct_cues(cues: StatusCues, t, rel_type: str | None) -> list[str]:
    """A clause coordinated with the one stating the relation that ends or denies it, with no subject of its
    own or with only a pronoun for what it denies: "offered to buy X but withdrew", "... but Y denied it"."""
    found = []
    for c in t.children:
        if c.dep_ != "conj" or c.pos_ not in ("VERB", "AUX"):
            continue
        s = _cue(cues.governor, cues, c, rel_type) or next(
            (m for p in c.children if p.dep_ in ("prt", "advmod") and (m := _cue(cues.modifier, cues, p, rel_type))), None)
        if s == "withdrawn" and not any(p.dep_ in ("nsubj", "nsubjpass") for p in c.children):
            found.append(s)
        elif s == "denied" and any(p.dep_ == "dobj" and p.lower_ in ANAPHORS for p in c.children):
            found.append(s)
    return found


def status_of(tok, rel_type: str | None = None, cues: StatusCues | None = None) -> str | None:
    """The status cue words around trigger ``tok`` imply (None: stated as plain fact)."""
    cues = cues or load_status_cues()
    chain = framing(tok)
    found: list[str] = []
    for t in [tok, *chain]:
        found += _modifier_cues(cues, t, rel_type) + _conjunct_cues(cues, t, rel_type)
    for t in chain:
        found += _governor_cues(cues, t, rel_type)
    # past a description only an ending reaches it: "X, which had agreed to buy Y, withdrew its offer"
    found += [s for t in governors(tok)[len(chain):] if (s := _cue(cues.governor, cues, t, rel_type)) == "withdrawn"]
    return merge_status(found) if found else None
