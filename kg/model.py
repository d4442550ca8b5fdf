"""The typed values handed from one stage to the next. Plain data, no I/O."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# A withdrawn or denied edge stays so whatever else is said; a plainly stated fact outranks hedges.
STATUS_PRECEDENCE = ("withdrawn", "denied", None, "planned", "alleged")


@dataclass(frozen=True)
class Evidence:
    """Where a relation is stated: the article id, the sentence, and its character offsets in the article."""

    article: str
    sentence: str
    start: int
    end: int
    status: str | None = None

    def to_dict(self) -> dict:
        return {"article": self.article, "sentence": self.sentence, "start": self.start, "end": self.end}


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


@dataclass
class Relation:
    source: str
    target: str
    type: str
    evidence: list[Evidence] = field(default_factory=list)
    amount_usd: float | None = None
    amount_text: str | None = None
    status: str | None = None
    confidence: float = 0.5

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)


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
    """One edge per (source, type, target): evidence accumulates, the larger amount and confidence win."""
    seen = {(e.article, e.start, e.end) for e in old.evidence}
    evidence = list(old.evidence) + [e for e in new.evidence if (e.article, e.start, e.end) not in seen]
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
