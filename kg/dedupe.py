"""Candidate duplicates among stored entities, for the investigator to judge (``kg dedupe``). Pure: it reads
entities (and optionally who is linked to whom) and proposes pairs with a score and a reason; it decides
nothing. Blocking keeps it near-linear: a pair is only scored when the two share a blocking key (a
normalised name, a suffix-free core, an acronym, a surname, a distinctive word), and keys shared by too many
entities are not used to pair."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from kg.model import Entity
from kg.names import acronym, normalize, strip_generational

# Types an extractor can confuse for one another; any other pair of types is never one party.
_CONFUSABLE = {frozenset({"Person", "Organization"})}
# A blocking key shared by more entities than this says nothing about identity ("capital", "smith").
MAX_BLOCK = 200
# A misspelt word is at most one edit (a transposition counts as one) from the word, two from a word of 10+ letters.
MIN_WORD = 5

# digits ("2", "2nd") and the roman numerals funds and vehicles are numbered with (i to xxxix)
# Suffixes that only say what legal form a company takes: "Vantor Ltd" is "Vantor". Words such as "Group",
# "Holdings" or "Trading" can name a different company of the same family, so they are not stripped here.
LEGAL_SUFFIXES = {"inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "corp", "corporation", "co",
                  "company", "gmbh", "ag", "sa", "nv", "bv", "pte", "pty", "sdn", "bhd", "srl", "spa", "oy", "ab", "as",
                  "ltda", "sas", "sarl", "sl", "slu", "kk", "oyj", "asa", "aps", "kft", "sro", "doo", "llc", "fze", "fzco"}
_NUMERIC = re.compile(r"^(?:\d+(?:st|nd|rd|th)?|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))$")


@dataclass(frozen=True)
class Candidate:
    """Two entities that may be one party: ``score`` in (0, 1], best first; ``reason`` says why."""

    a: Entity
    b: Entity
    score: float
    reason: str

    @property
    def pair(self) -> frozenset[str]:
        return frozenset({self.a.id, self.b.id})

    def to_dict(self) -> dict:
        return {"a": self.a.id, "a_name": self.a.name, "b": self.b.id, "b_name": self.b.name,
                "score": round(self.score, 3), "reason": self.reason}


def _compatible(a: Entity, b: Entity) -> bool:
    return a.type == b.type or frozenset({a.type, b.type}) in _CONFUSABLE


def _legal_core(nn: str) -> str:
    """The name without its legal form: "vantor ltd" -> "vantor"; a dotted form read whole ("s a" of "S.A.")."""
    words = nn.split()
    while len(words) > 1:
        if words[-1] in LEGAL_SUFFIXES:
            words.pop()
            continue
        # "s a", "n v", "s p a": single letters that spell a legal form once joined
        k = len(words) - 1
        while k > 0 and len(words[k - 1]) == 1:
            k -= 1
        if k < len(words) - 1 and k > 0 and "".join(words[k:]) in LEGAL_SUFFIXES:
            del words[k:]
            continue
        break
    return " ".join(words)


def _numbers(norm: str) -> tuple[str, ...]:
    """The words that tell numbered parties apart ("fund ii", "vector 2"): they must agree exactly."""
    return tuple(w for w in norm.split() if _NUMERIC.match(w))


@dataclass
class _Prepared:
    """What pairing needs of one entity, computed once: normalised names (to their written form), suffix-free
    cores, spacing-free forms, the numbers in each name, and blocking keys."""

    entity: Entity
    names: dict[str, str]
    cores: dict[str, str]
    compact: dict[str, str]
    numbers: set[tuple[str, ...]]
    keys: set[tuple]


def _typo_keys(rest: str, i: int, w: str) -> list[tuple]:
    """Blocking keys under which a name meets its misspellings: the other words as they are, and the
    misspelt word's first or last two letters (one edit in a word of 5+ letters leaves one pair intact) with
    its length or the next (one edit changes the length by one at most)."""
    if len(w) < MIN_WORD or _NUMERIC.match(w):
        return []
    n = len(w)
    return [("typo", i, rest, end, m, w) for end in ("<" + w[:2], ">" + w[-2:]) for m in (n, n + 1)]


def _prepare(e: Entity) -> _Prepared:
    names: dict[str, str] = {}
    for n in dict.fromkeys(e.all_names()):
        nn = normalize(n)
        if nn and (n[0].isupper() or n[0].isdigit() or not n[0].isascii()):
            names.setdefault(nn, n)
    # a legal-form match compares whole names: the display name or a name of two words or more, never a bare
    # surname alias ("Quintela" of Mariana Albuquerque Quintela is not "Quintela Ltda")
    cores = {_legal_core(k): n for k, n in names.items() if n == e.name or len(k.split()) >= 2}
    compact = {k.replace(" ", ""): k for k in names}
    keys: set[tuple] = set()
    for nn, n in names.items():
        keys.add(("name", nn))
        keys.add(("core", _legal_core(nn)))
        keys.add(("compact", nn.replace(" ", "")))
        words = strip_generational(nn).split()
        acr = acronym(n)
        # an acronym block pairs a short upper-case name with the full names it abbreviates, not full with full
        if len(acr) >= 2 and len(words) >= 2:
            keys.add(("acronym", acr, "full"))
        if len(words) == 1 and n.replace(".", "").isupper():
            keys.add(("acronym", nn, "short"))
        if e.type == "Person" and words:
            keys.add(("surname", words[-1]))
        for form in {tuple(words), tuple(_legal_core(nn).split())}:
            for i, w in enumerate(form):
                keys.update(_typo_keys(" ".join(form[:i] + form[i + 1:]), i, w))
    return _Prepared(e, names, cores, compact, {_numbers(_legal_core(k)) for k in names}, keys)


def _one_typo_apart(x: str, y: str) -> bool:
    """A misspelling of one word: one edit (two in a word of 10+ letters); a short word keeps its first letter."""
    if x == y or (min(len(x), len(y)) < 8 and x[0] != y[0]):
        return False
    allowed = 2 if min(len(x), len(y)) >= 10 else 1
    return OSA.distance(x, y, score_cutoff=allowed) <= allowed


def _typo_score(ka: str, kb: str) -> float:
    """How alike two normalised names are as spellings of one name (0-100; 0 = not a misspelling): the same
    words but one, and that one within an edit or two. An added or a different whole word ("ftx customers" / "ftx us customers") is no typo."""
    wa, wb = ka.split(), kb.split()
    if len(wa) != len(wb) or _numbers(ka) != _numbers(kb):
        return 0.0
    differing = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(differing) != 1:
        return 0.0
    x, y = differing[0]
    if min(len(x), len(y)) < MIN_WORD or not _one_typo_apart(x, y):
        return 0.0
    return 100.0 * (1 - OSA.distance(x, y) / max(len(x), len(y)))


def _given_names_agree(ga: list[str], gb: list[str]) -> bool:
    """'Sam' / 'Samuel' / 'S' / nothing agree; 'Cameron' / 'Tyler' do not."""
    if not ga or not gb:
        return True
    x, y = ga[0], gb[0]
    return x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) or x.startswith(y) or y.startswith(x)


def _given(e: Entity) -> set[str]:
    """The first names of a person's full names ("Tariq Al-Rahimi" -> "tariq"; a bare surname has none)."""
    out = set()
    for n in e.all_names():
        words = n.replace(".", ". ").split()
        if len(words) >= 2 and words[0][:1].isupper():
            out.add(normalize(words[0]))
    return out - {""}


def _given_names_contradict(a: Entity, b: Entity) -> bool:
    """Full names whose first names neither agree ("Sam"/"Samuel"/"S.") nor are a misspelling of one another."""
    ga, gb = _given(a), _given(b)
    return bool(ga and gb) and not any(_given_names_agree([x], [y]) or _one_typo_apart(x, y) for x in ga for y in gb)


def _shared_surname(ka: str, kb: str) -> str | None:
    """The surname two person names share when their given names do not contradict it."""
    wa, wb = strip_generational(ka).split(), strip_generational(kb).split()
    if not wa or not wb:
        return None
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) < len(long) and long[-len(short):] == short:
        return " ".join(short)  # "ratcliffe oduya" within "imogen ratcliffe oduya"
    if len(wa) == len(wb) and wa[-1] == wb[-1] and _given_names_agree(wa[:-1], wb[:-1]):
        return wa[-1]
    return None


def _initials_of(short_names: dict[str, str], full_names: dict[str, str]) -> tuple[str, str] | None:
    for short in short_names.values():
        s = short.replace(".", "")
        if len(s) >= 2 and s.isupper() and " " not in s:
            for full in full_names.values():
                if len(full.split()) >= 2 and s.lower() == acronym(full):
                    return short, full
    return None


def _best_reason(pa: _Prepared, pb: _Prepared, shared_neighbours: int) -> tuple[float, str] | None:
    """Score one blocked pair, or None when nothing says they are one party."""
    na, nb = pa.names, pb.names
    # numbered parties (Fund I / Fund II, Vector 1 / Vector 2) never pair, whatever else agrees
    if not na or not nb or pa.numbers.isdisjoint(pb.numbers):
        return None
    # two people whose full names give different first names are two people (siblings share a surname alias)
    if pa.entity.type == pb.entity.type == "Person" and _given_names_contradict(pa.entity, pb.entity):
        return None
    shared = sorted(na.keys() & nb.keys())
    if shared:
        return 1.0, f"shared alias '{na[shared[0]]}'"
    same_core = sorted(pa.cores.keys() & pb.cores.keys())
    if same_core:
        c = same_core[0]
        return 0.97, f"same name with a legal suffix ('{pa.cores[c]}' / '{pb.cores[c]}')"
    spaced = sorted(pa.compact.keys() & pb.compact.keys())
    if spaced:
        c = spaced[0]
        return 0.95, f"same name spaced differently ('{na[pa.compact[c]]}' / '{nb[pb.compact[c]]}')"
    found = _initials_of(na, nb) or _initials_of(nb, na)
    if found:
        return 0.85, f"initials ('{found[0]}' / '{found[1]}')"
    best, pair = 0.0, ("", "")
    forms_a = {**na, **{k: v for k, v in pa.cores.items() if k}}
    forms_b = {**nb, **{k: v for k, v in pb.cores.items() if k}}
    for ka, ra in forms_a.items():
        for kb, rb in forms_b.items():
            s = _typo_score(ka, kb)
            if s > best:
                best, pair = s, (ra, rb)
    if best > 0:
        return best / 100 * 0.95, f"near-identical name ('{pair[0]}' / '{pair[1]}', {best:.0f}%)"
    if pa.entity.type == pb.entity.type == "Person" and shared_neighbours:
        for ka in na:
            for kb in nb:
                sur = _shared_surname(ka, kb)
                if sur:
                    return 0.6 + min(shared_neighbours, 3) * 0.05, f"surname '{sur}' and {shared_neighbours} shared organisation(s)"
    return None


def candidates(
    entities: Iterable[Entity],
    judged: Iterable[frozenset[str]] = (),
    neighbours: dict[str, set[str]] | None = None,
    limit: int | None = None,
) -> list[Candidate]:
    """Pairs of ``entities`` that may be one party, best first, without the pairs already ``judged``.
    ``neighbours`` (entity id -> ids of the organisations it is linked to) lets two people who share a
    surname and an organisation be proposed."""
    prepared = {e.id: _prepare(e) for e in entities}
    done = set(judged)
    neighbours = neighbours or {}
    blocks: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for p in prepared.values():
        for key in p.keys:
            # typo and acronym keys carry a word last: the block is the key without it, the word rides with the id
            if key[0] in ("typo", "acronym"):
                blocks[key[:-1]].append((p.entity.id, key[-1]))
            else:
                blocks[key].append((p.entity.id, ""))
    seen: set[tuple[str, str]] = set()
    out: list[Candidate] = []
    for key, members in blocks.items():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        typo, surname, acr = key[0] == "typo", key[0] == "surname", key[0] == "acronym"
        for (x, wx), (y, wy) in combinations(sorted(set(members)), 2):
            if x == y:
                continue
            if typo and not _one_typo_apart(wx, wy):
                continue  # the other words agree by construction: only the odd word decides
            if acr and wx == wy:
                continue
            if surname and not (neighbours.get(x, set()) & neighbours.get(y, set())):
                continue
            if (x, y) in seen:
                continue
            seen.add((x, y))
            pa, pb = prepared[x], prepared[y]
            if not _compatible(pa.entity, pb.entity) or frozenset({x, y}) in done:
                continue
            shared = len(neighbours.get(x, set()) & neighbours.get(y, set()))
            found = _best_reason(pa, pb, shared)
            if found:
                out.append(Candidate(pa.entity, pb.entity, found[0], found[1]))
    out.sort(key=lambda c: (-c.score, c.a.name.lower(), c.b.name.lower(), c.a.id, c.b.id))
    return out[:limit] if limit is not None else out
