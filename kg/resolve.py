"""Entity identity across articles (pure, no spaCy): stable ids, linking an article's entities onto the
entities already known, and the query layer's forgiving name lookup."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import replace

from kg.model import ArticleGraph, Entity, Mention, Relation, merge_entity, merge_relation
from kg.names import (
    CORPORATE_SUFFIXES,
    core,
    strip_generational,
    initials,
    is_misspelling,
    normalize,
    org_matches,
    person_matches,
)
from kg.schema import load_schema


_ID_MAX = 80


def entity_id(type: str, name: str) -> str:
    """A stable id ``type:slug`` of safe characters (``[a-z0-9-]``), unique per name whatever its script:
    accents are folded and punctuation, symbols and spacing become '-'; when anything else had to be dropped
    (letters of another script, non-ASCII symbols, a name past 80 characters) a short hash of the name is added, so
    "Газпром Capital" and "Роснефть Capital" never share an id."""
    t = re.sub(r"[^a-z0-9]+", "-", type.lower()).strip("-") or "entity"
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    folded = folded.replace("'", "").replace("\u2019", "").lower()
    full = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    slug = full[:_ID_MAX].strip("-")
    # ASCII punctuation and symbols, and any script's punctuation and spaces, only separate words
    dropped = any(not (c.isascii() or unicodedata.category(c)[0] in "PZ") for c in folded)
    if not slug:
        return f"{t}:x{_name_hash(name)}"
    if dropped or len(full) > _ID_MAX:
        return f"{t}:{slug}-{_name_hash(name)}"
    return f"{t}:{slug}"


def _name_hash(name: str) -> str:
    return hashlib.sha1(unicodedata.normalize("NFC", name).encode("utf-8")).hexdigest()[:10]


# Types one extractor can confuse for another and that may merge when the names agree.
_CORRECTABLE = {frozenset({"Person", "Organization"})}


def _types_compatible(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in _CORRECTABLE


def _name_keys(name: str) -> set[str]:
    return {k for k in (normalize(name), normalize(name).replace(" ", "")) if k}


# Words that name a kind of group, not whose group it is: "customers", "retail investors", "account holders".
GROUP_WORDS = {
    "customers", "customer", "depositors", "clients", "investors", "users", "creditors", "pensioners", "account",
    "holders", "accountholders", "savers", "bondholders", "noteholders", "retail", "institutional", "lenders",
    "policyholders", "members", "employees", "staff", "of", "the", "equity", "individual", "ordinary", "small",
    "minority", "its", "their", "former", "current", "and", "retired", "all", "some", "many",
    # the singular compounded into its money ("client assets", "customer deposits", "Investor cash")
    "client", "investor", "depositor", "user", "member", "merchant", "merchants", "saver", "deposits", "deposit",
    "assets", "asset", "balances", "balance", "money", "funds", "fund", "cash", "savings", "float", "holdings",
}


def group_names(ent: Entity) -> list[str]:
    """A group's names that say whose group it is, by a name among their words ("Kestrova customers",
    "customers of FTX"); bare kinds ("customers", "depositors", "Client assets", "custody clients") identify
    nobody across articles."""
    return [n for n in ent.all_names() if any(w[:1].isupper() and normalize(w) not in GROUP_WORDS for w in n.split())]


def _link_names(ent: Entity) -> list[str]:
    """The names an article's entity is looked up by: a group's names that say whose it is; never an
    initialism of another of its names ("OT" of "Osterley Trust"), which the article defined for itself."""
    if ent.type == "Group":
        return group_names(ent)
    names = ent.all_names()
    own = _own_initialisms(names)
    return [n for n in names if n not in own] or names


def _own_initialisms(names: list[str]) -> set[str]:
    """The names among ``names`` that spell the initials of another of them ("OT" beside "Osterley Trust")."""
    return {n for n in names if any(_initialism(n, m) for m in names if m != n)}


def _initialism(n: str, m: str) -> bool:
    """Is ``n`` one word spelling the initials of ``m``'s words ("OT" of "Osterley Trust" and of "Osric
    Thamesby")? An article's own abbreviation: another article's "OT" may be anyone with those initials."""
    compact = re.sub(r"[\s.]+", "", n)
    return 2 <= len(compact) <= 6 and compact.isalpha() and len(m.split()) >= 2 and compact.lower() == initials(m)


# Suffixes that only give a firm's legal form; "Holdings", "Group", "Trading" may tell a parent from its namesakes.
_LEGAL_FORMS = CORPORATE_SUFFIXES - {"holdings", "holding", "group", "trading"}


def _firm_words(name: str) -> list[str]:
    return [w for w in normalize(name).split() if w not in _LEGAL_FORMS]


def _distinct_tails(a: str, b: str) -> bool:
    """Two firm names that share leading words and then go on differently ("Quillemont Holdings plc" and
    "Quillemont Markets Ltd"): namesakes, a parent and its subsidiary perhaps, not one firm."""
    wa, wb = _firm_words(a), _firm_words(b)
    k = 0
    while k < min(len(wa), len(wb)) and wa[k] == wb[k]:
        k += 1
    ra, rb = wa[k:], wb[k:]
    if not k or not ra or not rb:
        return False
    return not (ra[0].startswith(rb[0]) or rb[0].startswith(ra[0]) or is_misspelling(" ".join(ra), " ".join(rb)))


def _shortens(n: str, m: str, type: str) -> bool:
    """Is ``n`` a shorter form of ``m``, another name of the same entity: a person's surname, initials or
    given name ("Ashcombe", "Hugo" of "Hugo Ashcombe"), a firm's leading words ("Veridian" of "Veridian
    Markets Ltd")? Such a form named the entity in its own article; across articles it may name others."""
    if _initialism(n, m):
        return True
    if type == "Person":
        ws, wf = strip_generational(normalize(n)).split(), strip_generational(normalize(m)).split()
        return 0 < len(ws) < len(wf) and (wf[: len(ws)] == ws or person_matches(n, m))
    if type == "Organization":  # "Holdings" lengthens a name: "Veridian" shortens "Veridian Holdings plc"
        ws, wf = _firm_words(n), _firm_words(m)
        return 0 < len(ws) < len(wf) and (wf[: len(ws)] == ws or org_matches(n, m))
    return False


def _is_given_name(n: str, m: str) -> bool:
    """``n`` is the leading given name(s) of the person ``m`` ("Hugo" of "Hugo Ashcombe"), not a surname."""
    ws, wf = strip_generational(normalize(n)).split(), strip_generational(normalize(m)).split()
    return 0 < len(ws) < len(wf) and wf[: len(ws)] == ws and not person_matches(n, m)


def full_names(ent: Entity) -> list[str]:
    """The entity's names that are no shorter form of another of its names: what identifies it anywhere."""
    names = ent.all_names()
    return [n for n in names if not any(_shortens(n, m, ent.type) for m in names if m != n)] or names


class Resolver:
    """Links each article's entities onto known ones. Indexes by normalised name, suffix-free core,
    surname, initials and a (first letter, length) bucket so that a lookup never scans everything.

    Only an entity's full names link on sight (``_exact``). A short form it was also called (an alias
    "Veridian" of "Veridian Markets Ltd", "Ashcombe" of "Hugo Ashcombe") links only through the person and
    firm rules, so it joins when exactly one known entity fits and stays apart when several share it; a
    given name alone ("Hugo") never links across articles."""

    def __init__(self, known: list[Entity] | None = None, distinct: set[frozenset[str]] | None = None):
        self.by_id: dict[str, Entity] = {}
        self.distinct = set(distinct or ())  # pairs of ids the investigator judged different (kg distinct)
        self._exact: dict[str, set[str]] = defaultdict(set)  # normalised full name -> ids
        self._short: dict[str, set[str]] = defaultdict(set)  # normalised short form of an organisation -> ids
        self._core: dict[str, set[str]] = defaultdict(set)  # org core / its first word -> ids
        self._surname: dict[str, set[str]] = defaultdict(set)  # person surname -> ids
        self._initials: dict[str, set[str]] = defaultdict(set)
        self._bucket: dict[tuple[str, int], set[str]] = defaultdict(set)  # for misspellings
        self._full: dict[str, list[str]] = {}  # id -> its full names, what the rules compare against
        self._keys: dict[str, list[tuple[dict, object]]] = {}  # id -> where it is indexed, to re-index on merge
        self.add(known or [])

    # -- indexing -------------------------------------------------------------------------------
    def add(self, entities: list[Entity]) -> None:
        for e in entities:
            old = self.by_id.get(e.id)
            ent = merge_entity(old, e) if old else Entity(e.id, e.name, e.type, sorted(set(e.all_names())))
            self.by_id[e.id] = ent
            self._index(ent)

    def _index(self, e: Entity) -> None:
        for table, key in self._keys.pop(e.id, ()):  # a name once full may now be the short form of a new one
            table[key].discard(e.id)
        keys: list[tuple[dict, object]] = []
        names = e.all_names()
        full = full_names(e)
        self._full[e.id] = full
        own = _own_initialisms(names)
        for n in names:
            nn = normalize(n)
            if not nn or n in own:
                continue  # an initialism its article defined ("OT") identifies nobody elsewhere
            if n in full:
                keys += [(self._exact, k) for k in _name_keys(n)]
            elif e.type == "Organization":
                keys += [(self._short, k) for k in _name_keys(n)]
            if e.type == "Person" and any(_is_given_name(n, m) for m in full):
                continue  # a given name alone identifies nobody beyond its article
            if e.type == "Organization":
                c = core(n)
                keys += [(self._core, c), (self._core, c.split()[0])]
            if e.type == "Person":
                words = nn.split()
                keys.append((self._surname, words[-1]))
                if len(words) >= 2:
                    keys += [(self._surname, " ".join(words[1:])), (self._initials, initials(n))]
            keys += [(self._bucket, key) for key in self._bucket_keys(nn)]
        for table, key in keys:
            table[key].add(e.id)
        self._keys[e.id] = keys

    @staticmethod
    def _bucket_keys(nn: str) -> list[tuple[str, int]]:
        compact = nn.replace(" ", "")
        if len(compact) < 5:
            return []
        return [(compact[0], len(compact) // 3), (compact[-1], len(compact) // 3)]

    def _misspelling_candidates(self, nn: str) -> set[str]:
        compact = nn.replace(" ", "")
        if len(compact) < 5:
            return set()
        out: set[str] = set()
        for ch in {compact[0], compact[-1]}:
            for b in (len(compact) // 3 - 1, len(compact) // 3, len(compact) // 3 + 1):
                out |= self._bucket.get((ch, b), set())
        return out

    # -- matching ---------------------------------------------------------------------------------
    def candidates(self, name: str, type: str | None = None) -> list[Entity]:
        """Known entities that ``name`` may stand for, best tier first (exact; person/org rules; typos)."""
        nn = normalize(name)
        if not nn:
            return []

        def ok(e: Entity) -> bool:
            return type is None or _types_compatible(type, e.type)

        exact = {i for k in _name_keys(name) for i in self._exact.get(k, ())}
        hits = [self.by_id[i] for i in sorted(exact) if ok(self.by_id[i])]
        if hits and type is not None:
            same = [e for e in hits if e.type == type]
            hits = same or hits
        if hits:
            return hits
        words = nn.split()
        pool: set[str] = set()
        pool |= self._surname.get(words[-1], set())
        pool |= self._surname.get(" ".join(words), set())
        pool |= self._initials.get(nn, set())
        pool |= self._core.get(core(name), set())
        pool |= self._core.get(words[0], set())
        short = {i for k in _name_keys(name) for i in self._short.get(k, ())}  # an alias shortening a full name
        rule_hits = []
        for i in sorted(pool | short):
            e = self.by_id[i]
            if not ok(e):
                continue
            if i in short or self._rule_match(name, e, self._full[i], type):
                rule_hits.append(e)
        if rule_hits and type is not None:  # as for exact names: the named type first
            rule_hits = [e for e in rule_hits if e.type == type] or rule_hits
        if rule_hits:
            return rule_hits
        typo_hits = []
        for i in sorted(self._misspelling_candidates(nn)):
            e = self.by_id[i]
            if ok(e) and any(is_misspelling(name, n) for n in self._full[i]):
                typo_hits.append(e)
        return typo_hits

    @staticmethod
    def _rule_match(name: str, e: Entity, full: list[str], type: str | None) -> bool:
        """Does ``name`` fit ``e`` by the person or firm rules, compared with its full names only (a known
        "Veridian" that became "Veridian Markets Ltd" no longer fits "Veridian Capital")?"""
        t = e.type if type is None else type
        if e.type == "Person" and t in ("Person", "Organization"):
            return any(person_matches(name, n) for n in full if len(n.split()) >= 2) or any(
                person_matches(n, name) for n in full if len(name.split()) >= 2 and len(n.split()) == 1
            )
        if e.type == "Organization" and t in ("Organization", "Person"):
            return any((org_matches(name, n) or org_matches(n, name)) and not _distinct_tails(name, n) for n in full)
        return False

    def _best(self, ent: Entity) -> Entity | None:
        """The known entity ``ent`` names, or None when there is none or it is ambiguous."""
        found: dict[str, Entity] = {}
        names = _link_names(ent)
        if not names:
            return None
        for n in names:
            cands = self.candidates(n, ent.type)
            if ent.type == "Group":
                # a group links only by a name saying whose it is, the very same ("FTX customers", not "FTX.US customers")
                cands = [c for c in cands if normalize(n) in {normalize(x) for x in group_names(c)}]
            if len({c.id for c in cands}) == 1:
                found[cands[0].id] = cands[0]
        if len(found) == 1:
            return next(iter(found.values()))
        if not found:
            return None
        # several names point to several entities: trust the fullest name
        cands = self.candidates(ent.name, ent.type) if ent.name in names and ent.type != "Group" else []
        return cands[0] if len(cands) == 1 else None

    # -- article linking --------------------------------------------------------------------------
    def link(self, graph: ArticleGraph) -> ArticleGraph:
        mapping: dict[str, str] = {}
        entities: dict[str, Entity] = {}
        for ent in graph.entities:
            known = self._best(ent)  # only a same-type or correctable-type match comes back
            if known is not None and frozenset({ent.id, known.id}) in self.distinct:
                known = None  # judged different: this article's entity stays its own
            if known is not None and known.type != ent.type and not _retype_allowed(graph, ent, known.type):
                known = None  # what the article says of it needs its own type (a firm someone leads): not the same
            if known is not None:
                m = merge_entity(known, ent)
                merged = Entity(known.id, m.name, known.type, m.aliases)
            elif ent.type == "Group" and not group_names(ent):
                # a bare "customers" is this article's own: never the same node as another article's bare group
                merged = Entity(entity_id("Group", f"{ent.name} {graph.article.id[:8]}"), ent.name, ent.type, ent.aliases)
            else:
                merged = ent
            mapping[ent.id] = merged.id
            if merged.id in entities:
                m = merge_entity(entities[merged.id], merged)
                merged = Entity(merged.id, m.name, merged.type, m.aliases)
            entities[merged.id] = merged
        relations: dict[tuple[str, str, str], Relation] = {}
        for r in graph.relations:
            nr = replace(r, source=mapping.get(r.source, r.source), target=mapping.get(r.target, r.target))
            if nr.source == nr.target:
                continue
            if nr.key in relations:
                nr = merge_relation(relations[nr.key], nr)
            relations[nr.key] = nr
        mentions = [
            Mention(m.text, m.start, m.end, entities[mapping[m.entity]].type if m.entity in mapping else m.type,
                    mapping.get(m.entity, m.entity), m.kind)
            for m in graph.mentions
        ]
        return ArticleGraph(article=graph.article, entities=list(entities.values()), relations=list(relations.values()), mentions=mentions)


def _retype_allowed(graph: ArticleGraph, ent: Entity, type: str) -> bool:
    """Would every relation the article states of ``ent`` still fit the schema were ``ent`` a ``type``?"""
    schema = load_schema()
    types = {e.id: e.type for e in graph.entities}
    for r in graph.relations:
        if ent.id not in (r.source, r.target):
            continue
        source = type if r.source == ent.id else types.get(r.source, "")
        target = type if r.target == ent.id else types.get(r.target, "")
        if not schema.allows(r.type, source, target):
            return False
    return True


def find(name: str, entities: list[Entity]) -> list[Entity]:
    """Forgiving lookup for the query layer: exact name/alias, then person/org rules, then typos.
    Several candidates come back when the name is ambiguous."""
    return Resolver(entities).candidates(name)
