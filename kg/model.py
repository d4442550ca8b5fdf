"""The typed values handed from one stage to the next. Plain data, no I/O."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Any

# A withdrawn or denied edge stays so whatever else is said; a plainly stated fact outranks hedges.
STATUS_PRECEDENCE = ("withdrawn", "denied", None, "planned", "alleged")


@dataclass(frozen=True)
class Claim:
    """One statement of one relation in one sentence: where it is said (article id, sentence, character
    offsets) and what the sentence says of it — status (None: stated plainly), amount (value, currency,
    text as written, US dollars when convertible), event date (ISO, as precise as the text: "2018",
    "2022-11", "2022-11-08"), the source it is attributed to (None: the article's own voice), confidence.
    A claim is written once and never rewritten; an edge's summary (``EdgeSummary``) is derived from them."""

    article: str
    sentence: str
    start: int
    end: int
    status: str | None = None
    source: str | None = None
    date: str | None = None
    amount_usd: float | None = None
    amount_value: float | None = None
    currency: str | None = None
    amount_text: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict:
        """The evidence of export contract v1: where it is said."""
        return {"article": self.article, "sentence": self.sentence, "start": self.start, "end": self.end}

    def claim_dict(self) -> dict:
        """Every field the sentence gives (export contract v2 ``claims[]``); absent ones left out."""
        d = self.to_dict()
        for k in ("status", "source", "date", "amount_usd", "amount_value", "currency", "amount_text", "confidence"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        return d

    @property
    def status_name(self) -> str:
        return self.status or STATED


Evidence = Claim  # the name extraction and importers build claims by


def claim_id(key: tuple[str, str, str], c: Claim) -> str:
    """Stable: the same statement of the same relation (source, type, target) in the same place is the
    same claim, whichever store or run wrote it."""
    raw = "\x1f".join((key[0], key[1], key[2], c.article, str(int(c.start)), str(int(c.end))))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]

STATED = "stated"  # the status of a claim made plainly (stored and passed as None)


@dataclass
class Mention:
    """A span of article text that names (or stands for) an entity."""

    text: str
    start: int
    end: int
    type: str
    entity: str | None = None  # the key of the entity it was resolved to
    kind: str = "name"  # name | description | pronoun


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)

    def all_names(self) -> list[str]:
        return [self.name, *[a for a in self.aliases if a != self.name]]

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": sorted(set(self.aliases))}


CONFLICT_RATIO = 0.10  # amounts disagree when the smallest is more than 10% below the largest


@dataclass(frozen=True)
class EdgeSummary:
    """What an edge's claims add up to; derived, never edited. ``of_claims`` folds claims article by
    article and ``combine`` adds two summaries over disjoint articles, so a store updates an edge from the
    new article's claims alone and can re-derive it from all of its claims (the same answer either way).

    - ``claims``: statements; ``articles``: distinct articles stating it.
    - ``sources``: distinct sources — each named source once (``source_names``), plus each article that
      states it in its own voice (``own_voice``).
    - ``amount_min``/``amount_max`` in US dollars; ``amount_conflict`` when they differ by more than 10%.
    - ``status``: the headline (withdrawn or denied anywhere wins, then a plain statement, then planned,
      then alleged); ``status_summary``: how many claims say each, most first ("alleged 3, denied 1").
    - ``first_date``/``last_date``: the earliest and latest event dates the claims give.
    """

    claims: int = 0
    articles: int = 0
    own_voice: int = 0
    source_names: tuple[str, ...] = ()
    amount_min: float | None = None
    amount_max: float | None = None
    amount_text: str | None = None  # as written, for the largest amount
    status_counts: tuple[tuple[str, int], ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    confidence: float = 0.0

    @property
    def sources(self) -> int:
        return len(self.source_names) + self.own_voice

    @property
    def amount_usd(self) -> float | None:
        return self.amount_max

    @property
    def amount_conflict(self) -> bool:
        lo, hi = self.amount_min, self.amount_max
        return lo is not None and hi is not None and hi - lo > CONFLICT_RATIO * abs(hi)

    @property
    def status(self) -> str | None:
        return merge_status([None if s == STATED else s for s, _ in self.status_counts])

    @property
    def status_summary(self) -> str:
        return ", ".join(f"{s} {n}" for s, n in self.status_counts)

    @property
    def statuses(self) -> tuple[str, ...]:
        return tuple(s for s, _ in self.status_counts)

    @classmethod
    def of_claims(cls, claims: list[Claim]) -> "EdgeSummary":
        by_article: dict[str, list[Claim]] = {}
        for c in claims:
            by_article.setdefault(c.article, []).append(c)
        out = cls()
        for article in sorted(by_article):
            out = out.combine(cls._of_article(by_article[article]))
        return out

    @classmethod
    def _of_article(cls, claims: list[Claim]) -> "EdgeSummary":
        amounts = [(c.amount_usd, c.amount_text) for c in claims if c.amount_usd is not None]
        top_usd = max((a for a, _ in amounts), default=None)
        top = (top_usd, _first_text(t for a, t in amounts if a == top_usd))
        dates = sorted(c.date for c in claims if c.date)
        counts: dict[str, int] = {}
        for c in claims:
            counts[c.status_name] = counts.get(c.status_name, 0) + 1
        return cls(
            claims=len(claims),
            articles=1,
            own_voice=int(any(not c.source for c in claims)),
            source_names=tuple(sorted({c.source for c in claims if c.source})),
            amount_min=min((a for a, _ in amounts), default=None),
            amount_max=top[0],
            amount_text=top[1],
            status_counts=_ranked(counts),
            first_date=dates[0] if dates else None,
            last_date=dates[-1] if dates else None,
            confidence=max((c.confidence or 0.0 for c in claims), default=0.0),
        )

    def combine(self, other: "EdgeSummary") -> "EdgeSummary":
        """The summary of both sets of claims (their articles disjoint)."""
        counts = dict(self.status_counts)
        for s, n in other.status_counts:
            counts[s] = counts.get(s, 0) + n
        if other.amount_max is None or (self.amount_max is not None and self.amount_max > other.amount_max):
            text = self.amount_text
        elif self.amount_max is None or other.amount_max > self.amount_max:
            text = other.amount_text
        else:  # the same largest amount: the same text whichever order the claims came in
            text = _first_text((self.amount_text, other.amount_text))
        return EdgeSummary(
            claims=self.claims + other.claims,
            articles=self.articles + other.articles,
            own_voice=self.own_voice + other.own_voice,
            source_names=tuple(sorted(set(self.source_names) | set(other.source_names))),
            amount_min=_pick(min, self.amount_min, other.amount_min),
            amount_max=_pick(max, self.amount_max, other.amount_max),
            amount_text=text,
            status_counts=_ranked(counts),
            first_date=_pick(min, self.first_date, other.first_date),
            last_date=_pick(max, self.last_date, other.last_date),
            confidence=max(self.confidence, other.confidence),
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"claims": self.claims, "articles": self.articles, "sources": self.sources,
                             "source_names": list(self.source_names), "status_summary": self.status_summary,
                             "amount_conflict": self.amount_conflict}
        for k in ("amount_min", "amount_max", "first_date", "last_date"):
            if getattr(self, k) is not None:
                d[k] = getattr(self, k)
        return d

    def value(self, prop: str) -> Any:
        """A stored edge property by its schema name (fields and derived properties alike)."""
        v = getattr(self, prop)
        return list(v) if isinstance(v, tuple) else v

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> "EdgeSummary":
        counts = {}
        for part in (r.get("status_summary") or "").split(","):
            if part.strip():
                name, _, n = part.strip().rpartition(" ")
                counts[name] = int(n)
        return cls(
            claims=int(r.get("claims") or 0),
            articles=int(r.get("articles") or 0),
            own_voice=int(r.get("own_voice") or 0),
            source_names=tuple(r.get("source_names") or ()),
            amount_min=r.get("amount_min"),
            amount_max=r.get("amount_max"),
            amount_text=r.get("amount_text"),
            status_counts=_ranked(counts),
            first_date=r.get("first_date"),
            last_date=r.get("last_date"),
            confidence=float(r.get("confidence") or 0.0),
        )


def _first_text(texts) -> str | None:
    known = [t for t in texts if t]
    return min(known) if known else None


def _ranked(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _pick(fn, a, b):
    known = [x for x in (a, b) if x is not None]
    return fn(known) if known else None


@dataclass
class Relation:
    """One edge: its ends (with display names when read from a store), its claims (``evidence``) and the
    summary derived from them. The same shape from the store through queries to views and exports."""

    source: str
    target: str
    type: str
    evidence: list[Claim] = field(default_factory=list)
    amount_usd: float | None = None
    amount_text: str | None = None
    status: str | None = None
    confidence: float = 0.5
    source_name: str | None = None
    target_name: str | None = None
    summary: EdgeSummary | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)

    @property
    def claims(self) -> list[Claim]:
        """Each claim as stated, with what the relation says filled in where the claim itself says nothing
        (a relation built by hand or by an importer may carry its amount and status on the relation)."""
        fill_amount = not any(c.amount_usd is not None or c.amount_text for c in self.evidence)
        fill_status = not any(c.status for c in self.evidence)
        out = []
        for c in self.evidence:
            changes: dict[str, Any] = {}
            if fill_amount and (self.amount_usd is not None or self.amount_text):
                changes.update(amount_usd=self.amount_usd, amount_text=self.amount_text)
            if fill_status and self.status:
                changes["status"] = self.status
            if c.confidence is None:
                changes["confidence"] = self.confidence
            out.append(replace(c, **changes) if changes else c)
        return out

    def summarized(self) -> EdgeSummary:
        return self.summary if self.summary is not None else EdgeSummary.of_claims(self.claims)

    @classmethod
    def from_summary(cls, source: str, target: str, type: str, summary: EdgeSummary, claims: list[Claim] | None = None,
                     source_name: str | None = None, target_name: str | None = None) -> "Relation":
        return cls(source, target, type, list(claims or []), summary.amount_usd, summary.amount_text, summary.status,
                   summary.confidence, source_name, target_name, summary)

    # --- as shown in answers -----------------------------------------------------------------
    def label(self) -> str:
        """``TYPE $lo-$hi status`` as drawn on an arrow (``conflict`` when the claims disagree)."""
        s = self.summarized()
        conflict = "conflict" if s.amount_conflict else ""
        return " ".join(x for x in (self.type, amount_range(s), self.status or "", conflict) if x)

    def text(self) -> str:
        return f"{self.source_name or self.source} -[{self.label()}]-> {self.target_name or self.target}"

    def to_dict(self) -> dict:
        """Export contract v2 (README): v1's fields, the summary, and ``claims``."""
        s = self.summarized()
        d: dict[str, Any] = {"source": self.source, "target": self.target, "type": self.type,
                             "source_name": self.source_name or self.source, "target_name": self.target_name or self.target}
        if self.amount_usd is not None:
            d["amount_usd"] = self.amount_usd
        if self.amount_text:
            d["amount_text"] = self.amount_text
        if self.status:
            d["status"] = self.status
        d["confidence"] = round(float(self.confidence), 3)
        claims = sorted(self.claims, key=lambda c: (c.article, c.start, c.end))
        d["evidence"] = [c.to_dict() for c in claims]
        d["claims"] = [c.claim_dict() for c in claims]
        d["summary"] = s.to_dict()
        return d

    def row(self) -> dict[str, Any]:
        """Flat, for CSV and tables: the summary and the first claim's sentence."""
        s = self.summarized()
        return {
            "source": self.source_name or self.source, "type": self.type, "target": self.target_name or self.target,
            "amount_usd": self.amount_usd, "amount_min": s.amount_min, "amount_max": s.amount_max,
            "conflict": s.amount_conflict, "status": self.status, "claims": s.claims, "articles": s.articles,
            "sources": s.sources, "source_names": "; ".join(s.source_names),
            "first_date": s.first_date, "last_date": s.last_date,
            "evidence": self.evidence[0].sentence if self.evidence else None,
            "articles_ids": sorted({e.article for e in self.evidence}),
            "source_id": self.source, "target_id": self.target,
        }


def money(amount: float | None) -> str:
    return "" if amount is None else f"${amount:,.0f}"


def amount_range(s: EdgeSummary) -> str:
    if s.amount_min is None:
        return ""
    if s.amount_max is None or s.amount_max == s.amount_min:
        return money(s.amount_min)
    return f"{money(s.amount_min)}-{money(s.amount_max)}"


@dataclass
class Article:
    id: str
    sha256: str
    path: str
    title: str | None = None
    text: str = ""
    ingested_at: str | None = None

    @classmethod
    def from_text(cls, text: str, path: str, title: str | None = None) -> "Article":
        sha = sha256_text(text)
        return cls(id=sha[:16], sha256=sha, path=path, title=title if title is not None else guess_title(text), text=text)

    def to_dict(self) -> dict:
        d = {"id": self.id, "path": self.path, "sha256": self.sha256}
        if self.title:
            d["title"] = self.title
        return d


@dataclass
class ArticleGraph:
    """What extraction makes of one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Graph:
    """A whole stored graph, as exported."""

    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    merged_from: dict[str, list[str]] = field(default_factory=dict)  # entity id -> ids merged into it (kg merge)


@dataclass
class IngestReport:
    articles_added: int = 0
    articles_skipped: int = 0
    entities_added: int = 0
    relations_added: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def guess_title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return None


def merge_status(statuses: list[str | None]) -> str | None:
    present = set(statuses)
    for s in STATUS_PRECEDENCE:
        if s in present:
            return s
    return None


def merge_relation(old: Relation, new: Relation) -> Relation:
    """One edge per (source, type, target): claims accumulate, each keeping what its own sentence says
    (amount, status); the relation's headline is the larger amount and confidence."""
    seen = {(e.article, e.start, e.end) for e in old.evidence}
    evidence = list(old.claims) + [e for e in new.claims if (e.article, e.start, e.end) not in seen]
    amounts = [(a, t) for a, t in ((old.amount_usd, old.amount_text), (new.amount_usd, new.amount_text)) if a is not None]
    amount_usd, amount_text = max(amounts, key=lambda x: x[0]) if amounts else (None, None)
    return Relation(
        source=old.source,
        target=old.target,
        type=old.type,
        evidence=evidence,
        amount_usd=amount_usd,
        amount_text=amount_text,
        status=merge_status([e.status for e in evidence] or [old.status, new.status]),
        confidence=max(old.confidence, new.confidence),
    )


_LEGAL_SUFFIX = re.compile(
    r"[\s,]+(?:inc|incorporated|ltd|limited|llc|l\.l\.c|llp|lp|plc|corp|corporation|co|pte|pty|gmbh|ag|sa|s\.a|nv|bv|ab|oy)\.?$",
    re.I,
)


_WEB_ADDRESS = re.compile(r"\.(?:com|net|org|io|co\.uk)$", re.I)


def display_name(names: list[str], type: str, current: str | None = None) -> str:
    """The name to show for an entity among every name it was called: a person's fullest name; an
    organisation's fullest name without a legal suffix ("FTX" over "FTX Trading Ltd", "Alameda Research"
    over "Alameda"); a token's shortest proper name ("FTT" over "FTT token"). Descriptions ("the exchange")
    never win."""
    proper = [n for n in dict.fromkeys(names) if n and (n[0].isupper() or n[0].isdigit())]
    if not proper:
        return current or (names[0] if names else "")
    if type == "Person":
        titled = re.compile(r"^(?:mr|mrs|ms|dr|sir)\.?\s", re.I)
        return max(proper, key=lambda n: (not titled.match(n), len(n.split()) >= 2, len(n), n))
    if type == "Token":
        return min(proper, key=lambda n: (len(n.split()), len(n), n))
    if type == "Organization":
        return max(proper, key=lambda n: (not _LEGAL_SUFFIX.search(n), not _WEB_ADDRESS.search(n), len(n), n))
    return current if current in proper else max(proper, key=lambda n: (len(n), n))


def merge_entity(old: Entity, new: Entity) -> Entity:
    """Aliases accumulate; the display name is chosen among all of them (see ``display_name``)."""
    names = [old.name, *old.aliases, new.name, *new.aliases]
    aliases = sorted(set(names))
    return Entity(id=old.id, name=display_name(aliases, old.type, old.name), type=old.type, aliases=aliases)


JUDGEMENT_KINDS = ("same", "different", "unsure")


@dataclass
class Judgement:
    """The investigator's word on two entities: ``same`` (merged: ``a`` kept, ``b`` absorbed),
    ``different`` (never merge them) or ``unsure``. Who said it, when and why travel with it."""

    kind: str
    a: str
    b: str
    a_name: str = ""
    b_name: str = ""
    reason: str = ""
    who: str = ""
    at: str = ""
    undone_at: str | None = None
    snapshot: str | None = None  # JSON of what a merge changed (kg.store.base), None for the others or pending
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "j:" + hashlib.sha256("\x1f".join((self.kind, self.a, self.b, self.at)).encode("utf-8")).hexdigest()[:16]

    @property
    def pair(self) -> frozenset[str]:
        return frozenset({self.a, self.b})

    @property
    def active(self) -> bool:
        return self.undone_at is None

    def to_dict(self) -> dict:
        """The portable form (``kg judgements export``): what was judged, not what a store did with it."""
        return {"kind": self.kind, "a": self.a, "b": self.b, "a_name": self.a_name, "b_name": self.b_name,
                "reason": self.reason, "who": self.who, "at": self.at}

    @classmethod
    def from_dict(cls, d: dict) -> "Judgement":
        """Raises ValueError naming what is wrong with ``d``."""
        if not isinstance(d, dict):
            raise ValueError("a judgement is a JSON object")
        kind = d.get("kind")
        if kind not in JUDGEMENT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(JUDGEMENT_KINDS)}, not {kind!r}")
        for k in ("a", "b"):
            if not isinstance(d.get(k), str) or not d[k]:
                raise ValueError(f"'{k}' must be an entity id")
        if d["a"] == d["b"]:
            raise ValueError("'a' and 'b' are the same entity")
        text = {k: d.get(k) or "" for k in ("a_name", "b_name", "reason", "who", "at")}
        for k, v in text.items():
            if not isinstance(v, str):
                raise ValueError(f"'{k}' must be text")
        return cls(kind=kind, a=d["a"], b=d["b"], **text)
