"""The query layer: investigators' questions answered from a Store, each answer with its claims.

Every statement lives in ``queries/<name>.cypher`` (shipped as the package ``kg.queries``), one file per
question for both backends. Values always travel as parameters; the only text filled into a statement is
its ``{{placeholders}}`` (kg.store.cypher.fill): lists of relation types taken from the schema, an integer
path depth, the schema's property lists (``{{edge_props}}``, ``{{claim_props}}``) and the small dialect
fragments the backend supplies (``Store.fragments``, e.g. ``{{rel_type}}``: ``type(r)`` or ``label(r)``).
"""
from __future__ import annotations

import gc
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from kg.errors import AmbiguousName, NotFound, QueryError
from kg.model import STATED, Article, Claim, EdgeSummary, Entity, Graph, Relation, money  # noqa: F401 (money: re-exported)
from kg.names import CORPORATE_SUFFIXES, GENERIC_NAME_WORDS, normalize
from kg.schema import load_schema
from kg.store import cypher as C
from kg.store.base import EdgeReader, EdgeTable, Store, claims_of_columns, entity_from_row, group_claims, grouped_claims, relation_from_row

MAX_DEPTH = 6
HOP_CAP = 30  # edges read per entity per step of a trace (largest amounts first); a hub past it marks the answer truncated

Hop = Relation  # one stored relation as part of an answer: the same shape as everywhere else


# --- loading statements ------------------------------------------------------------------------

def query_files():
    """The folder of statements: ``queries/`` beside the ``kg`` package in a source checkout (so that a
    checkout run with PYTHONPATH reads its own statements, not those of another checkout installed in
    editable mode), else the installed package ``kg.queries``."""
    root = resources.files("kg").joinpath("..")
    if root.joinpath("pyproject.toml").is_file() and root.joinpath("queries").is_dir():  # not site-packages/queries
        return root.joinpath("queries")
    return resources.files("kg.queries")


@lru_cache(maxsize=None)
def _query_text(name: str) -> str:
    path = query_files().joinpath(f"{name}.cypher")
    if not path.is_file():
        raise QueryError(f"no query named {name!r} in kg.queries")
    return path.read_text(encoding="utf-8")


def _relation_lists() -> dict[str, str]:
    schema = load_schema()
    lists = {
        "money": schema.money_relations,
        "control_down": tuple(n for n, r in schema.relation_types.items() if r.control == "down"),
        "control_up": tuple(n for n, r in schema.relation_types.items() if r.control == "up"),
        "all": tuple(schema.relation_types),
    }
    return {k: "|".join(v) for k, v in lists.items() if v}


def load_query(name: str, fragments: dict[str, str], *, depth: int | None = None, rel: str | None = None) -> str:
    """The statement ``name`` with its ``{{placeholders}}`` filled from the schema and a backend's
    ``fragments`` (``Store.fragments``)."""
    values = {**_relation_lists(), **C.common_values(), **fragments, "hop_limit": str(HOP_CAP + 1)}
    if depth is not None:
        values["depth"] = str(_check_depth(depth))
    if rel is not None:
        if rel not in load_schema().relation_types:
            raise QueryError(f"unknown relation type {rel!r}")
        values["rel"] = rel
    text = "\n".join(line for line in _query_text(name).splitlines() if not line.lstrip().startswith("//"))
    try:
        return C.fill(text, values, f"query {name!r}")
    except ValueError as e:
        raise QueryError(str(e)) from None


def _run(store: Store, name: str, params: dict[str, Any], **fill: Any) -> list[dict[str, Any]]:
    return store.read(load_query(name, store.fragments, **fill), params)


def _each(store: Store, name: str, rows: list[dict[str, Any]], **fill: Any) -> list[list[dict[str, Any]]]:
    """A row statement once per parameter row (Store.read_each): how a walk reads the next step from each
    entity it reached, each read anchored on a primary key rather than fed a list of ids (which LadybugDB
    answers by scanning the table)."""
    return store.read_each(load_query(name, store.fragments, **fill), rows) if rows else []


def _check_depth(depth: int) -> int:
    if not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= MAX_DEPTH:
        raise QueryError(f"depth must be a whole number from 1 to {MAX_DEPTH}, not {depth!r}")
    return depth


# --- answers -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntityRef:
    id: str
    name: str
    type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type}


@dataclass(frozen=True)
class HopFilter:
    """Which edges a walk may follow: at least ``min_sources`` distinct sources, a claim of ``status``,
    a claim dated within ``since``..``until`` (ISO dates, as precise as wanted: "2021", "2022-11"; an edge
    no claim dates is kept, since most are undated)."""

    min_sources: int | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self):
        allowed = (STATED, *load_schema().statuses)
        if self.status is not None and self.status not in allowed:
            raise QueryError(f"status must be one of {', '.join(allowed)}, not {self.status!r}")
        for d in (self.since, self.until):
            if d is not None and date_bounds(d) is None:
                raise QueryError(f"not a date: {d!r} (give YYYY, YYYY-MM or YYYY-MM-DD)")

    def accepts(self, row: dict[str, Any]) -> bool:
        s = EdgeSummary.from_row(row)
        if self.min_sources is not None and s.sources < self.min_sources:
            return False
        if self.status is not None and self.status not in s.statuses:
            return False
        if s.first_date and self.until and date_bounds(s.first_date)[0] > date_bounds(self.until)[1]:
            return False
        if s.last_date and self.since and date_bounds(s.last_date)[1] < date_bounds(self.since)[0]:
            return False
        return True

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.min_sources, self.status, self.since, self.until))


def date_bounds(d: str) -> tuple[str, str] | None:
    """A partial ISO date as the first and last day it can mean: "2021" -> ("2021-01-01", "2021-12-31")."""
    import re

    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", d or "")
    if not m:
        return None
    y, mo, day = m.groups()
    if day:
        return (d, d)
    if mo:
        return (f"{y}-{mo}-01", f"{y}-{mo}-31")
    return (f"{y}-01-01", f"{y}-12-31")


def chain_text(nodes: list[EntityRef], hops: list[Hop]) -> str:
    """``A -[T $x]-> B <-[SUBSIDIARY_OF]- C``: each hop drawn in its stored direction along the chain."""
    parts = [nodes[0].name]
    for node, hop in zip(nodes[1:], hops):
        parts.append(f"-[{hop.label()}]->" if hop.target == node.id else f"<-[{hop.label()}]-")
        parts.append(node.name)
    return " ".join(parts)


def hop_summary_line(hop: Hop) -> str:
    """``claims 2, articles 2, sources 2 (The Wall Street Journal; a court filing), 2021``"""
    s = hop.summarized()
    names = f" ({'; '.join(s.source_names)})" if s.source_names else ""
    dates = s.first_date if s.first_date == s.last_date else f"{s.first_date}..{s.last_date}"
    parts = [f"claims {s.claims}", f"articles {s.articles}", f"sources {s.sources}{names}", s.status_summary]
    if s.first_date:
        parts.append(dates)
    if s.amount_conflict:
        parts.append(f"conflict: {money(s.amount_min)} to {money(s.amount_max)}")
    return ", ".join(p for p in parts if p)


def claim_line(claim: Claim) -> str:
    bits = [claim.status_name]
    if claim.amount_text:
        bits.append(claim.amount_text)
    if claim.date:
        bits.append(claim.date)
    bits.append(f"per {claim.source}" if claim.source else "article's own voice")
    return f"\"{claim.sentence}\" [{claim.article}] ({', '.join(bits)})"


def evidence_lines(hops: Iterable[Hop], indent: str = "    ") -> list[str]:
    """Each distinct hop once, its summary, then its claims (a path's evidence grouped, not repeated)."""
    out = []
    seen: set[tuple[str, str, str]] = set()
    for hop in hops:
        if hop.key in seen:
            continue
        seen.add(hop.key)
        out.append(f"{indent}{hop.source_name} {hop.type} {hop.target_name}: {hop_summary_line(hop)}")
        for c in sorted(hop.claims, key=claim_order):
            out.append(f"{indent}  {claim_line(c)}")
    return out


def claim_order(c: Claim) -> tuple:
    """Oldest first: dated claims by date, then undated ones, each by article and place."""
    return (c.date is None, c.date or "", c.article, c.start)


@dataclass
class FundPath:
    """Money-moving hops, each hop's target the next hop's source."""

    hops: list[Hop]
    truncated: bool = False  # the search behind the answer hit a cap (HOP_CAP edges of a hub, or the beam)

    @property
    def nodes(self) -> list[EntityRef]:
        return [EntityRef(self.hops[0].source, self.hops[0].source_name)] + [EntityRef(h.target, h.target_name) for h in self.hops]

    @property
    def top_amount(self) -> float | None:
        """The largest amount on any hop: what the path is ranked by."""
        known = [h.amount_usd for h in self.hops if h.amount_usd is not None]
        return max(known) if known else None

    @property
    def total_amount(self) -> float | None:
        known = [h.amount_usd for h in self.hops if h.amount_usd is not None]
        return sum(known) if known else None

    @property
    def out_of_order(self) -> bool:
        """Money leaves a party before it arrived there: a hop whose latest date is wholly before the
        earliest date of the hop into that party (only where both hops are dated)."""
        return out_of_order(self.hops)

    def text(self) -> str:
        flag = "  [out of order: money leaves before it arrived]" if self.out_of_order else ""
        return chain_text(self.nodes, self.hops) + flag

    def to_dict(self) -> dict[str, Any]:
        return {"top_amount_usd": self.top_amount, "out_of_order": self.out_of_order,
                "hops": [h.to_dict() for h in self.hops], "truncated": self.truncated}


def out_of_order(hops: list[Hop]) -> bool:
    for into, out in zip(hops, hops[1:]):
        a, b = into.summarized(), out.summarized()
        if a.first_date and b.last_date and date_bounds(b.last_date)[1] < date_bounds(a.first_date)[0]:
            return True
    return False

@dataclass
class ControlPath:
    """A chain from a controller (``nodes[0]``) down to what it controls (``nodes[-1]``)."""

    nodes: list[EntityRef]
    hops: list[Hop]

    @property
    def controller(self) -> EntityRef:
        return self.nodes[0]

    @property
    def controlled(self) -> EntityRef:
        return self.nodes[-1]

    def text(self) -> str:
        return chain_text(self.nodes, self.hops)

    def to_dict(self) -> dict[str, Any]:
        return {"controller": self.controller.to_dict(), "controlled": self.controlled.to_dict(),
                "nodes": [n.to_dict() for n in self.nodes], "hops": [h.to_dict() for h in self.hops]}


@dataclass
class ControlChain:
    entity: EntityRef
    up: list[ControlPath] = field(default_factory=list)  # each from an ultimate controller down to entity
    down: list[ControlPath] = field(default_factory=list)  # each from entity down to a last controlled entity
    truncated: bool = False  # a cap was hit: HOP_CAP edges of one entity, or the limit of paths

    @property
    def ultimate_controllers(self) -> list[EntityRef]:
        return list({p.controller.id: p.controller for p in self.up}.values())

    def paths(self) -> list[tuple[str, ControlPath]]:
        return [("up", p) for p in self.up] + [("down", p) for p in self.down]

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.to_dict(), "up": [p.to_dict() for p in self.up], "down": [p.to_dict() for p in self.down],
                "truncated": self.truncated}


@dataclass
class Holding:
    hop: Hop  # holder -[HOLDS_TOKEN | INVESTED_IN]-> token
    controllers: list[ControlPath] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**self.hop.to_dict(), "controllers": [p.to_dict() for p in self.controllers]}


@dataclass
class TokenExposure:
    token: EntityRef
    issuers: list[Holding] = field(default_factory=list)  # issuer -[ISSUED]-> token, with who controls the issuer
    holders: list[Holding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"token": self.token.to_dict(), "issuers": [h.to_dict() for h in self.issuers],
                "holders": [h.to_dict() for h in self.holders]}


@dataclass
class RelatedPartyFlow:
    """A money-moving edge between two parties under a common controller."""

    flow: Hop
    controller: EntityRef
    to_source: ControlPath | None  # controller ... source (None when the controller is the source)
    to_target: ControlPath | None

    def to_dict(self) -> dict[str, Any]:
        return {"controller": self.controller.to_dict(), "flow": self.flow.to_dict(),
                "control_of_source": self.to_source.to_dict() if self.to_source else None,
                "control_of_target": self.to_target.to_dict() if self.to_target else None}


def _hop(row: dict[str, Any]) -> Hop:
    rel = relation_from_row(row["type"], row)
    rel.source_name = row.get("source_name") or rel.source
    rel.target_name = row.get("target_name") or rel.target
    return rel


def with_claims(store: Store, hops: Iterable[Hop]) -> None:
    """Read the claims of ``hops`` (each distinct edge once, one anchored read each) into their
    ``evidence``: answers read summaries while they search and claims only for what they return."""
    hops = list(hops)
    keys = sorted({h.key for h in hops})
    if not keys:
        return
    rows = _each(store, "claims_of_edge", [{"source": k[0], "type": k[1], "target": k[2]} for k in keys])
    claims = group_claims(r for rs in rows for r in rs)
    for h in hops:
        h.evidence = list(claims.get(h.key, []))


# --- finding entities --------------------------------------------------------------------------

def _describe(e: Entity) -> str:
    return f"{e.name} ({e.type}, {e.id})"


def find_entity(store: Store, name: str, type: str | None = None) -> Entity:
    """The one entity ``name`` stands for: exact normalised name first (one anchored read), then aliases,
    name rules and small misspellings over the entities (of ``type``, if given). Raises NotFound or
    AmbiguousName."""
    if not name or not normalize(name):
        raise NotFound(f"no entity named '{name}'")
    rows = _run(store, "find_entity", {"norm": normalize(name), "type": type})
    if len(rows) == 1:
        return entity_from_row(rows[0])
    if not rows:
        entities = [entity_from_row(r) for r in _run(store, "name_candidates", _candidate_params(name, type))]
        try:
            from kg.resolve import find
        except ImportError:  # pragma: no cover - kg.resolve ships with kg
            find = _find_by_alias
        candidates = find(name, entities)
    else:
        candidates = [entity_from_row(r) for r in rows]
    if not candidates:
        what = f"no {type} entity" if type else "no entity"
        raise NotFound(f"{what} named '{name}' (try 'kg entities' for the names known)")
    if len(candidates) > 1:
        raise AmbiguousName(name, [_describe(e) for e in candidates])
    return candidates[0]


NAME_CANDIDATE_CAP = 5000


def _candidate_params(name: str, type: str | None) -> dict[str, Any]:
    """Parameters of name_candidates.cypher: the words worth searching for and the length window in which
    a whole-name typo (kg.names.is_misspelling: similarity >= 0.88) can fall."""
    key = normalize(name)
    words = key.split()
    min_word = 2 if len(words) == 1 else 3
    distinctive = [w for w in words if len(w) >= min_word and w not in GENERIC_NAME_WORDS and w not in CORPORATE_SUFFIXES]
    n = len(key)
    return {
        "type": type,
        "words": distinctive or [w for w in words if len(w) >= min_word] or [key],
        "min_len": int(n * 0.78),
        "max_len": int(n / 0.78) + 1,
        "first": key[0],
        "last": key[-1],
        "cap": NAME_CANDIDATE_CAP,
    }


def _find_by_alias(name: str, entities: list[Entity]) -> list[Entity]:
    key = normalize(name)
    return [e for e in entities if any(normalize(n) == key for n in e.all_names())]


def _ref(e: Entity) -> EntityRef:
    return EntityRef(e.id, e.name, e.type)


# --- fund paths --------------------------------------------------------------------------------

def fund_paths(store: Store, from_name: str | None = None, depth: int = 4, limit: int = 100,
               where: HopFilter | None = None, ordered: bool = False) -> list[FundPath]:
    """Every path of up to ``depth`` money-moving hops from ``from_name`` (default: from every entity of
    type Group), with no entity twice, each as long as it goes (a path ends where the money stops, where
    going on would revisit an entity, or at ``depth``). Ranked by the largest amount on any hop, then the
    total of known amounts, then fewer hops.

    Walked level by level, one primary-key-anchored read per entity reached (at most HOP_CAP of its edges,
    largest amounts first); past ``beam`` open paths at a level only those with the largest amounts go on.
    When either cap cut something, every path returned says ``truncated``. ``where`` keeps only the hops it
    accepts; ``ordered`` drops the paths whose money leaves a party before it arrived (FundPath.out_of_order),
    which are otherwise returned and flagged."""
    _check_depth(depth)
    if limit < 1:
        raise QueryError(f"limit must be at least 1, not {limit}")
    if from_name is None:
        starts = [r["id"] for r in _run(store, "entities_of_type", {"type": "Group"})]
    else:
        starts = [find_entity(store, from_name).id]
    beam = max(limit * 10, 1000)
    open_paths: list[list[dict[str, Any]]] = [[{"target": s}] for s in starts]  # a path: [start marker, hop, hop, ...]
    done: list[list[dict[str, Any]]] = []
    truncated = False
    for _ in range(depth):
        if not open_paths:
            break
        out, capped = _step(store, "money_out", sorted({p[-1]["target"] for p in open_paths}), top="money_out_top", where=where)
        truncated = truncated or bool(capped)
        grown = []
        for p in open_paths:
            visited = {h["target"] for h in p}
            nexts = [h for h in out.get(p[-1]["target"], ()) if h["target"] not in visited]
            if not nexts and len(p) > 1:
                done.append(p)
            grown.extend(p + [h] for h in nexts)
        if len(grown) > beam:
            truncated = True
            grown.sort(key=lambda p: -max(h.get("amount_usd") or 0.0 for h in p))
            grown = grown[:beam]
        open_paths = grown
    done.extend(open_paths)

    def rank(p: list[dict[str, Any]]) -> tuple:
        amounts = [h["amount_usd"] for h in p[1:] if h["amount_usd"] is not None]
        return (-max(amounts, default=0.0), -sum(amounts), len(p), [h["target_name"] for h in p[1:]])

    done.sort(key=rank)
    paths = (FundPath([_hop(h) for h in p[1:]], truncated) for p in done)
    answer = [p for p in paths if not (ordered and p.out_of_order)][:limit]
    with_claims(store, [h for p in answer for h in p.hops])
    return answer


def _step(store: Store, name: str, ids: list[str], top: str | None = None,
          where: HopFilter | None = None) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    """One step of a walk: the rows of row statement ``name`` for each entity of ``ids``, and the ids whose
    edges were cut at HOP_CAP. Each read returns at most HOP_CAP + 1 rows per UNION half, so a full half
    means a hub: read again with ``top`` (the same statement keeping the largest amounts) when given."""
    out: dict[str, list[dict[str, Any]]] = {}
    capped: set[str] = set()
    for eid, rows in zip(ids, _each(store, name, [{"id": i} for i in ids])):
        if top and len(rows) > HOP_CAP:
            rows = _each(store, top, [{"id": eid}])[0]
        elif top:
            rows.sort(key=_largest_first)  # the order of ``top``, for the same answer either way
        if where is not None and where.active:
            rows = [r for r in rows if where.accepts(r)]
        halves: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            halves[row.get("source_controls")].append(row)
        kept = []
        for half in halves.values():
            if len(half) > HOP_CAP:
                capped.add(eid)
            kept.extend(half[:HOP_CAP])
        out[eid] = kept
    return out, capped


def _largest_first(row: dict[str, Any]) -> tuple:
    amount = row["amount_usd"]
    return (-(amount if amount is not None else -1.0), row["target"], row["type"])


# --- control -----------------------------------------------------------------------------------

def _control_edges(store: Store, start: Iterable[str], direction: str, depth: int,
                   where: HopFilter | None = None) -> tuple[dict[str, list[tuple[str, Hop]]], bool]:
    """Breadth-first, one anchored read per entity reached: for each, its (next entity, hop) pairs one step
    further up (its controllers) or down (what it controls); and whether an entity's edges were capped."""
    name = "controllers_of" if direction == "up" else "controlled_by"
    step: dict[str, list[tuple[str, Hop]]] = defaultdict(list)
    seen = set(start)
    frontier = sorted(seen)
    truncated = False
    for _ in range(depth):
        if not frontier:
            break
        nxt: set[str] = set()
        rows, capped = _step(store, name, frontier, where=where)
        truncated = truncated or bool(capped)
        for row in (r for eid in frontier for r in rows[eid]):
            controller, controlled = (row["source"], row["target"]) if row["source_controls"] else (row["target"], row["source"])
            here, there = (controlled, controller) if direction == "up" else (controller, controlled)
            step[here].append((there, _hop(row)))
            if there not in seen:
                nxt.add(there)
        seen |= nxt
        frontier = sorted(nxt)
    for pairs in step.values():
        pairs.sort(key=lambda p: (p[0], p[1].type))
    return step, truncated


def _maximal_paths(origin: EntityRef, step: dict[str, list[tuple[str, Hop]]], depth: int, limit: int) -> tuple[list[tuple[list[EntityRef], list[Hop]]], bool]:
    """Every simple path from origin of at most ``depth`` steps that cannot be extended (depth-first), at
    most ``limit`` of them; and whether the limit cut any off."""
    out: list[tuple[list[EntityRef], list[Hop]]] = []
    cut = False

    def walk(nodes: list[EntityRef], hops: list[Hop]) -> None:
        nonlocal cut
        if len(out) >= limit:
            cut = True  # every call below the origin ends in at least one path
            return
        ids = {n.id for n in nodes}
        nexts = [(t, h) for t, h in step.get(nodes[-1].id, []) if t not in ids] if len(hops) < depth else []
        if not nexts:
            if hops:
                out.append((nodes, hops))
            return
        for t, h in nexts:
            name = h.target_name if h.target == t else h.source_name
            walk(nodes + [EntityRef(t, name)], hops + [h])

    walk([origin], [])
    return out, cut


def _controllers_of(store: Store, entities: list[EntityRef], depth: int, limit: int = 100,
                    where: HopFilter | None = None) -> tuple[dict[str, list[ControlPath]], bool]:
    step, truncated = _control_edges(store, [e.id for e in entities], "up", depth, where)
    out = {}
    for e in entities:
        paths, cut = _maximal_paths(e, step, depth, limit)
        out[e.id] = [ControlPath(list(reversed(n)), list(reversed(h))) for n, h in paths]
        truncated = truncated or cut
    return out, truncated


def control_chain(store: Store, name: str, direction: str = "both", depth: int = 5, limit: int = 200,
                  where: HopFilter | None = None) -> ControlChain:
    """Who ultimately controls ``name`` (up: CONTROLS, OWNS, FOUNDED from controller to controlled and
    SUBSIDIARY_OF from child to parent) and what it controls (down), a path for each, up to ``depth`` steps.
    Up: one path per route to an ultimate controller. Down: one path per route to a last controlled entity.
    At most HOP_CAP controllers (or controlled entities) of any one entity and ``limit`` paths each way are
    followed; ``truncated`` says whether either cap was hit."""
    if direction not in ("both", "up", "down"):
        raise QueryError(f"direction must be both, up or down, not {direction!r}")
    _check_depth(depth)
    ent = _ref(find_entity(store, name))
    chain = ControlChain(ent)
    if direction in ("both", "up"):
        ups, truncated = _controllers_of(store, [ent], depth, limit, where)
        chain.up = ups[ent.id]
        chain.truncated = chain.truncated or truncated
    if direction in ("both", "down"):
        step, truncated = _control_edges(store, [ent.id], "down", depth, where)
        paths, cut = _maximal_paths(ent, step, depth, limit)
        chain.down = [ControlPath(n, h) for n, h in paths]
        chain.truncated = chain.truncated or truncated or cut
    with_claims(store, [h for _, p in chain.paths() for h in p.hops])
    return chain


# --- tokens ------------------------------------------------------------------------------------

def token_exposure(store: Store, token: str, depth: int = 3) -> TokenExposure:
    """Who issued ``token``, who holds or invested in it (with amounts) and who controls those issuers and
    holders (up to ``depth`` levels)."""
    _check_depth(depth)
    try:
        ent = find_entity(store, token, type="Token")
    except NotFound:
        other = find_entity(store, token)  # a clearer message when the name is not a token's
        raise NotFound(f"'{token}' names {other.name} ({other.type}), not a token") from None
    hops = [_hop(r) for r in _run(store, "token_exposure", {"id": ent.id})]
    parties = {h.source: EntityRef(h.source, h.source_name) for h in hops}
    controllers = _controllers_of(store, list(parties.values()), depth)[0] if parties else {}
    by_amount = lambda h: (-(h.hop.amount_usd or 0.0), h.hop.source_name)  # noqa: E731
    with_claims(store, hops + [h for ps in controllers.values() for p in ps for h in p.hops])
    issuers = sorted((Holding(h, controllers.get(h.source, [])) for h in hops if h.type == "ISSUED"), key=by_amount)
    holders = sorted((Holding(h, controllers.get(h.source, [])) for h in hops if h.type != "ISSUED"), key=by_amount)
    return TokenExposure(_ref(ent), issuers, holders)


# --- related parties ---------------------------------------------------------------------------

Chain = tuple[list[int], list[tuple[int, str, int]]]  # a control chain: its entities' codes (origin first), its edge keys
_NO_ANCESTORS: dict[int, Chain] = {}


def related_party_flows(store: Store, depth: int = 3) -> list[RelatedPartyFlow]:
    """Money-moving edges A -> B where one controller C reaches both A and B through control edges (up to
    ``depth`` steps each), or C is A and controls B, or C is B and controls A. For each edge, the nearest
    common controllers (those that control no other common controller of the edge), ranked by amount.

    A whole-graph question, answered in a few whole-graph reads: every control edge and every money edge
    with its summary, one pass each (Store.read_edges: ends as integer codes, the rest left in the
    backend's columns until taken by row); the join (each entity's controllers, the money edges touching a
    controlled entity, the walks up) over the codes; then only the answer's edges made into values, and
    their claims: every claim of each answer type in one pass, keeping the answer's by their ends' codes.
    """
    _check_depth(depth)
    with _gc_paused():
        return _related_party_flows(store, depth)


@contextmanager
def _gc_paused():
    """Python's cycle collector off while an answer builds millions of small tuples, lists and dicts, none
    of them in a cycle: its passes over them took a third of related_party_flows at 1M relations (47 s
    against 32 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _related_party_flows(store: Store, depth: int) -> list[RelatedPartyFlow]:
    reader = store.edge_reader()
    control = reader.read(load_query("control_edges", store.fragments))
    money = reader.read(load_query("money_edges", store.fragments))
    parents = _ControlParents(control)
    candidates, money_rows = _money_edges_touching(money, parents)
    if not candidates:
        return []
    step, control_rows = _control_steps(parents, {x for a, _, b in candidates for x in (a, b)}, depth)
    found, chains = _common_controllers(candidates, step, depth)
    if not found:
        return []
    details = _edge_details(money, {key: money_rows[key] for key, _ in found})
    details.update(_edge_details(control, {k: control_rows[k] for _, ks in chains.values() for k in ks}))
    _read_claims(store, reader, details)
    names = {x: n for k, h in details.items() for x, n in ((k[0], h.source_name), (k[2], h.target_name))}
    ids = control.ids

    def control_path(origin: int, c: int) -> ControlPath | None:
        if origin == c:
            return None
        nodes, keys = chains[(origin, c)]
        return ControlPath([EntityRef(ids[x], names[x]) for x in reversed(nodes)], [details[k] for k in reversed(keys)])

    out = [RelatedPartyFlow(details[key], EntityRef(ids[c], names[c]), control_path(key[0], c), control_path(key[2], c))
           for key, c in found]
    out.sort(key=lambda f: (-(f.flow.amount_usd or 0.0), f.flow.source_name, f.flow.type, f.flow.target_name, f.controller.name,
                            f.flow.source, f.flow.target, f.controller.id))
    return out


EdgeKey = tuple[int, str, int]  # (source code, type, target code) of an EdgeTable's edge


class _ControlParents:
    """Each entity's controllers, from the control edges read whole: the edges ordered by (controlled,
    controller, type) once, with numpy, so that an entity's controllers are one slice, already in the
    order the walks take them; Python values are made only for the entities a walk reaches."""

    def __init__(self, control: EdgeTable):
        import numpy as np

        up_types = set(filter(None, _relation_lists().get("control_up", "").split("|")))
        up = np.isin(control.type, [i for i, t in enumerate(control.types) if t in up_types])
        controller = np.where(up, control.target, control.source)
        controlled = np.where(up, control.source, control.target)
        order = np.lexsort((control.type, controller, controlled))
        self._controller, self._row = controller[order], order
        self._source, self._target, self._type = control.source[order], control.target[order], control.type[order]
        self._types = control.types
        counts = np.bincount(controlled, minlength=len(control.ids))
        self.has = counts > 0  # code -> whether the entity has a controller
        self._start = np.concatenate(([0], np.cumsum(counts)))

    def __contains__(self, x: int) -> bool:
        return bool(self.has[x])

    def of(self, x: int) -> list[tuple[int, EdgeKey, int]]:
        """x's (controller, edge key, row) by (controller, type)."""
        at = slice(int(self._start[x]), int(self._start[x + 1]))
        types = self._types
        return [(c, (a, types[t], b), r) for c, a, t, b, r in zip(self._controller[at].tolist(), self._source[at].tolist(),
                                                                   self._type[at].tolist(), self._target[at].tolist(), self._row[at].tolist())]


def _money_edges_touching(money: EdgeTable, parents: _ControlParents) -> tuple[list[EdgeKey], dict[EdgeKey, int]]:
    """The keys of the money edges with a controlled entity at either end (the only ones that can be flows),
    sorted by (source, type, target) (codes sort as the ids do), and each one's row."""
    import numpy as np

    if not len(money):
        return [], {}
    rows = np.flatnonzero(parents.has[money.source] | parents.has[money.target])
    rows = rows[np.lexsort((money.target[rows], money.type[rows], money.source[rows]))]
    keys = [(a, money.types[t], b) for a, t, b in zip(money.source[rows].tolist(), money.type[rows].tolist(), money.target[rows].tolist())]
    return keys, dict(zip(keys, rows.tolist()))


def _control_steps(parents: _ControlParents, ends: set[int], depth: int) -> tuple[dict[int, list[tuple[int, EdgeKey]]], dict[EdgeKey, int]]:
    """The controllers of the entities within ``depth - 1`` steps up from ``ends``, each list by (controller,
    type): only these entities' controllers are known to the walks (so "nearest" looks no further than the
    ends' own walks reach). Entities without controllers are left out. Also the row of each edge met."""
    step: dict[int, list[tuple[int, EdgeKey]]] = {}
    rows: dict[EdgeKey, int] = {}
    seen = set(ends)
    frontier = [x for x in ends if x in parents]
    for _ in range(depth):
        nxt: set[int] = set()
        for x in frontier:
            got = parents.of(x)
            step[x] = [(c, k) for c, k, _ in got]
            rows.update((k, r) for _, k, r in got)
            nxt.update(c for c, _, _ in got if c not in seen)
        seen |= nxt
        frontier = [x for x in nxt if x in parents]
    return step, rows


def _common_controllers(candidates: list[tuple[str, str, str]], step: dict[str, list[tuple[str, tuple[str, str, str]]]],
                        depth: int) -> tuple[list[tuple[tuple[str, str, str], str]], dict[tuple[str, str], Chain]]:
    """For each candidate edge, its nearest common controllers (edge key, controller), in candidate order; and
    the chain from each end of a found edge to its controller."""
    ancestors: dict[str, dict[str, Chain]] = {}  # id -> {controller: chain}

    def up(x: str) -> dict[str, Chain]:
        got = ancestors.get(x)
        if got is None:
            got = ancestors[x] = _ancestors(x, step, depth) if x in step else _NO_ANCESTORS
        return got

    found: list[tuple[tuple[str, str, str], str]] = []
    for key in candidates:
        a, _, b = key
        up_a, up_b = up(a), up(b)
        if not (up_a or up_b or a == b):
            continue
        common = [c for c in (a, *up_a) if c == b or c in up_b]
        if not common:
            continue
        # nearest: drop any common controller that controls another common controller
        nearest = common if len(common) == 1 else [c for c in common if not any(c != d and c in up(d) for d in common)]
        found.extend((key, c) for c in nearest)
    chains = {(x, c): ancestors[x][c] for key, c in found for x in (key[0], key[2]) if x != c}
    return found, chains


def _ancestors(origin: str, step: dict[str, list[tuple[str, tuple[str, str, str]]]], depth: int) -> dict[str, Chain]:
    """Every controller of ``origin`` within ``depth`` steps, with one shortest chain to it (origin first)."""
    best: dict[str, Chain] = {}
    frontier: list[Chain] = [([origin], [])]
    for _ in range(depth):
        nxt = []
        for nodes, keys in frontier:
            for t, k in step.get(nodes[-1], ()):
                if t == origin or t in best:
                    continue
                best[t] = (nodes + [t], keys + [k])
                nxt.append(best[t])
        frontier = nxt
    return best


def _edge_details(table: EdgeTable, rows: dict[EdgeKey, int]) -> dict[EdgeKey, Hop]:
    """The stored relations (with their summaries) of the edges ``rows`` (edge key -> row of ``table``)."""
    keys = list(rows)
    return dict(zip(keys, (_hop(r) for r in table.rows([rows[k] for k in keys]))))


def _read_claims(store: Store, reader: EdgeReader, hops: dict[EdgeKey, Hop]) -> None:
    """with_claims for the hops of an answer, keyed by edge: every claim of each of the hops' types in one
    pass (claims_of_type.cypher), keeping those of ``hops`` by their ends' codes."""
    import numpy as np

    by_type: dict[str, list[EdgeKey]] = defaultdict(list)
    for key in hops:
        by_type[key[1]].append(key)
    n = len(reader.ids)
    statement = load_query("claims_of_type", store.fragments)
    ids = reader.ids
    pairs: list[tuple[tuple[str, str, str], Claim]] = []
    for rel_type, keys in sorted(by_type.items()):
        table = reader.read(statement, {"type": rel_type})
        if not len(table):
            continue
        wanted = np.array([a * n + b for a, _, b in keys], dtype=np.int64)
        kept = np.flatnonzero(np.isin(table.source * n + table.target, wanted)).tolist()
        src, tgt, cols = table.columns(kept)
        del table  # before the next type's claims arrive
        pairs.extend(((ids[a], rel_type, ids[b]), c) for a, b, c in zip(src, tgt, claims_of_columns(cols)))
    claims = grouped_claims(pairs)
    for h in hops.values():
        h.evidence = list(claims.get(h.key, []))


# --- between two entities, neighbourhoods ------------------------------------------------------

def evidence_between(store: Store, a: str, b: str) -> list[Hop]:
    """Every relation between the entities named ``a`` and ``b``, either direction, with its evidence."""
    ea, eb = find_entity(store, a), find_entity(store, b)
    hops = [_hop(r) for r in _run(store, "evidence_between", {"a": ea.id, "b": eb.id})]
    hops.sort(key=lambda h: (h.source != ea.id, h.type))
    with_claims(store, hops)
    return hops


def claims_between(store: Store, a: str, b: str) -> list[tuple[Hop, Claim]]:
    """Every claim between the entities named ``a`` and ``b`` (either direction), oldest first: dated
    claims by date, then the undated ones by article."""
    pairs = [(h, c) for h in evidence_between(store, a, b) for c in h.claims]
    pairs.sort(key=lambda hc: (claim_order(hc[1]), hc[0].type))
    return pairs


def subgraph(store: Store, ids: Iterable[str], depth: int = 1) -> Graph:
    """The entities within ``depth`` hops of ``ids`` (any relation, either direction), the relations among
    them and the articles their evidence comes from."""
    if depth != 0:
        _check_depth(depth)
    seen = set(ids)
    if not seen:
        return Graph()
    frontier = sorted(seen)
    for _ in range(depth):
        if not frontier:
            break
        nxt = {r["id"] for rows in _each(store, "neighbours", [{"id": i} for i in frontier]) for r in rows} - seen
        seen |= nxt
        frontier = sorted(nxt)
    ids_sorted = sorted(seen)
    entities = sorted((entity_from_row(r) for r in _run(store, "entities_by_id", {"ids": ids_sorted})), key=lambda e: e.id)
    relations = [_hop(r) for r in _run(store, "subgraph_edges", {"ids": ids_sorted})]
    relations.sort(key=lambda r: r.key)
    with_claims(store, relations)
    article_ids = sorted({e.article for r in relations for e in r.evidence})
    articles = [
        Article(id=r["id"], sha256=r["sha256"], path=r["path"], title=r["title"], ingested_at=r["ingested_at"])
        for r in _run(store, "articles_by_id", {"ids": article_ids})
    ] if article_ids else []
    return Graph(entities=entities, relations=relations, articles=sorted(articles, key=lambda a: a.id))


def neighbourhood(store: Store, name: str, depth: int = 1) -> Graph:
    """The entity named ``name``, the entities within ``depth`` hops and the relations among them."""
    return subgraph(store, [find_entity(store, name).id], depth)


# --- listing -----------------------------------------------------------------------------------

def list_entities(store: Store, type: str | None = None) -> list[dict[str, Any]]:
    degree: Counter[str] = Counter()
    for rel in load_schema().relation_types:  # the ends only: counting needs no evidence
        for r in _run(store, "edges_of_type", {}, rel=rel):
            degree[r["source"]] += 1
            degree[r["target"]] += 1
    rows = [
        {"id": e.id, "name": e.name, "type": e.type, "aliases": [a for a in e.aliases if a != e.name], "relations": degree[e.id]}
        for e in store.entities()
        if type is None or e.type.lower() == type.lower()
    ]
    rows.sort(key=lambda r: (-r["relations"], r["name"]))
    return rows
