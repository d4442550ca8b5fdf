"""How firmly a relation is stated: alleged, denied, withdrawn, planned or plainly (None); and whether it is
negated outright. Read from the dependency tree around the word that states the relation, with the cue
words kept as data in ``kg/schema/status_cues.jsonl``:

  where = "modifier"  the cue modifies the trigger or a word governing it ("allegedly lent", "would buy")
  where = "governor"  the cue governs the trigger ("denied lending", "withdrew its offer to buy", "plans to buy")
  where = "speaker"   the trigger is what a cue party says ("prosecutors say ...", "according to the complaint")
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


@dataclass(frozen=True)
class StatusCues:
    modifier: dict[str, str] = field(default_factory=dict)  # word -> status
    governor: dict[str, str] = field(default_factory=dict)
    speaker: dict[str, str] = field(default_factory=dict)
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


def is_negated(tok) -> bool:
    """The trigger itself (or a verb it is the complement of: "did not agree to lend") is negated."""
    for t in [tok, *([tok.head] if tok.dep_ in ("xcomp", "acomp") else [])]:
        if any(c.dep_ == "neg" or (c.lower_ in NEGATIONS and c.dep_ in ("advmod", "det")) for c in t.children):
            return True
    return False


def status_of(tok, rel_type: str | None = None, cues: StatusCues | None = None) -> str | None:
    """The status cue words around trigger ``tok`` imply (None: stated as plain fact)."""
    cues = cues or load_status_cues()
    found: list[str | None] = []
    chain = governors(tok)
    for t in [tok, *chain]:
        for c in t.children:
            if c.dep_ in ("advmod", "aux", "amod", "npadvmod", "neg", "prt", "acomp"):
                s = _cue(cues.modifier, cues, c, rel_type)
                if s:
                    found.append(s)
            if c.dep_ == "prep" and c.lower_ == "according":
                # "according to prosecutors / the complaint"
                for p in c.subtree:
                    s = _cue(cues.speaker, cues, p, rel_type)
                    if s:
                        found.append(s)
    for t in chain:
        s = _cue(cues.governor, cues, t, rel_type)
        if s:
            found.append(s)
        if t.lemma_.lower() in SAY_VERBS:
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                    for p in c.subtree:
                        s = _cue(cues.speaker, cues, p, rel_type)
                        if s:
                            found.append(s)
    return merge_status(found) if found else None
