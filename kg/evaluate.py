"""kg eval: how well extraction recovers hand-annotated entities and relations.

Gold sits beside each article: ``<name>.gold.json`` next to ``<name>.txt``::

    {"article": "...", "entities": [{"name", "type", "aliases": [...]}],
     "relations": [{"source", "types": [...], "target", "status"?, "amount_usd"?, "evidence"}]}

All annotated articles are ingested into ONE throw-away embedded store (so cross-article resolution is
exercised), the store is exported, and each article is scored on what the store holds for it: its relations
are those with evidence from that article, its entities the endpoints of those relations plus the entities it
mentions. A predicted entity matches the gold entity it shares a normalised name or alias with; a predicted
relation counts when both endpoints match and its type is one the gold relation accepts. Scores are
micro-averaged over articles. The scoring (:func:`score_article`) is pure.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.model import Entity, Relation
from kg.names import normalize

GOLD_SUFFIX = ".gold.json"
ARTICLE_MENTIONS = "MATCH (a:Article {id: $id})-[:MENTIONS]->(e:Entity) RETURN e.id AS id"


class EvalError(KgError):
    """No annotated articles, or a gold file that cannot be read or does not follow the format."""

    exit_code = 2


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def scores(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class ArticleScore:
    article: str
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    missed_entities: list[str] = field(default_factory=list)
    wrong_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    wrong_relations: list[str] = field(default_factory=list)
    status_agree: int = 0
    status_total: int = 0
    amount_agree: int = 0
    amount_total: int = 0
    type_agree: int = 0
    type_total: int = 0
    wrong_types: list[str] = field(default_factory=list)
    wrong_statuses: list[str] = field(default_factory=list)
    wrong_amounts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "entities": self.entities.scores(),
            "relations": self.relations.scores(),
            "missed_entities": self.missed_entities,
            "wrong_entities": self.wrong_entities,
            "missed_relations": self.missed_relations,
            "wrong_relations": self.wrong_relations,
            "status_accuracy": _ratio(self.status_agree, self.status_total),
            "amount_accuracy": _ratio(self.amount_agree, self.amount_total),
            "type_accuracy": _ratio(self.type_agree, self.type_total),
            "wrong_types": self.wrong_types,
            "wrong_statuses": self.wrong_statuses,
            "wrong_amounts": self.wrong_amounts,
        }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


# --- gold ----------------------------------------------------------------------------------------------
def annotated_articles(paths: list[str]) -> list[tuple[Path, Path]]:
    """(article, gold) pairs: every ``*.txt`` with a sibling ``.gold.json``, folders searched recursively."""
    found: list[tuple[Path, Path]] = []
    for p in map(Path, paths):
        if p.is_dir():
            candidates = sorted(p.rglob("*.txt"))
        elif p.name.endswith(GOLD_SUFFIX):
            candidates = [p.with_name(p.name[: -len(GOLD_SUFFIX)] + ".txt")]
        else:
            candidates = [p]
        for txt in candidates:
            gold = txt.with_name(txt.stem + GOLD_SUFFIX)
            if txt.is_file() and gold.is_file() and (txt, gold) not in found:
                found.append((txt, gold))
    return found


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvalError(f"{path}: cannot read gold annotations ({e})") from e
    if not isinstance(gold, dict) or "entities" not in gold or "relations" not in gold:
        raise EvalError(f"{path}: gold annotations need 'entities' and 'relations'")
    problem = gold_problem(gold)
    if problem:
        raise EvalError(f"{path}: {problem}")
    return gold


def _text(v) -> bool:
    return isinstance(v, str) and bool(v.strip())


def gold_problem(gold: dict) -> str | None:
    """What in a gold file does not follow the format (the first problem found), or None."""
    from kg.schema import ENTITY_TYPES, RELATION_TYPES

    if not isinstance(gold["entities"], list) or not isinstance(gold["relations"], list):
        return "'entities' and 'relations' must be lists"
    for i, e in enumerate(gold["entities"], 1):
        if not isinstance(e, dict) or not _text(e.get("name")):
            return f"entity {i}: 'name' must be a non-empty string"
        if e.get("type") is not None and e["type"] not in ENTITY_TYPES:
            return f"entity {i} ({e['name']}): type {e['type']!r} is not one of {', '.join(ENTITY_TYPES)}"
        if not isinstance(e.get("aliases", []), list) or not all(_text(a) for a in e.get("aliases", [])):
            return f"entity {i} ({e['name']}): 'aliases' must be a list of non-empty strings"
    for i, r in enumerate(gold["relations"], 1):
        if not isinstance(r, dict) or not _text(r.get("source")) or not _text(r.get("target")):
            return f"relation {i}: 'source' and 'target' must be non-empty strings"
        types = r.get("types")
        if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
            return f"relation {i}: 'types' must be a non-empty list of relation types"
        unknown = [t for t in types if t not in RELATION_TYPES]
        if unknown:
            return f"relation {i}: {', '.join(map(repr, unknown))} is not a relation type of the schema"
        amount = r.get("amount_usd")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float))):
            return f"relation {i}: 'amount_usd' must be a number"
    return None


# --- scoring (pure) ------------------------------------------------------------------------------------------
def _gold_keys(gold_entities: list[dict]) -> list[set[str]]:
    return [{normalize(n) for n in [e["name"], *e.get("aliases", [])]} - {""} for e in gold_entities]


def match_entity(entity: Entity, gold_keys: list[set[str]], gold_names: list[str] | None = None) -> int | None:
    """Index of the gold entity ``entity`` stands for: its display name first, else the gold entity whose own
    name it was also called ("Brivaska Group Ltd" among its aliases beats a shared short form "Brivaska"),
    else the most shared aliases."""
    name = normalize(entity.name)
    for i, keys in enumerate(gold_keys):
        if name in keys:
            return i
    names = {normalize(n) for n in entity.all_names()}
    best, best_rank = None, (False, 0)
    for i, keys in enumerate(gold_keys):
        rank = (gold_names is not None and normalize(gold_names[i]) in names, len(keys & names))
        if rank[1] and rank > best_rank:
            best, best_rank = i, rank
    return best


def score_article(article: str, gold: dict, entities: list[Entity], relations: list[Relation]) -> ArticleScore:
    """Score one article's predicted entities and relations (their endpoints among ``entities``) on its gold."""
    score = ArticleScore(article=article)
    gold_entities = gold["entities"]
    keys = _gold_keys(gold_entities)
    by_id = {e.id: e for e in entities}
    gold_of: dict[str, int | None] = {e.id: match_entity(e, keys, [g["name"] for g in gold_entities]) for e in entities}

    matched = {g for g in gold_of.values() if g is not None}
    score.entities = Counts(tp=len(matched), fn=len(gold_entities) - len(matched),
                            fp=sum(1 for g in gold_of.values() if g is None))
    score.missed_entities = [gold_entities[i]["name"] for i in range(len(gold_entities)) if i not in matched]
    score.wrong_entities = sorted(by_id[i].name for i, g in gold_of.items() if g is None)
    _score_types(score, gold_entities, [(by_id[i], g) for i, g in gold_of.items() if g is not None])

    name_index = {normalize(n): i for i, k in enumerate(gold_entities) for n in [k["name"], *k.get("aliases", [])]}
    gold_rels = []  # one item per (source, accepted types, target): the same fact in two sentences is one fact
    for r in gold["relations"]:
        item = (name_index.get(normalize(r["source"])), frozenset(r["types"]), name_index.get(normalize(r["target"])))
        if item not in [g[:3] for g in gold_rels]:
            gold_rels.append((*item, r))
    hit: set[int] = set()
    for rel in relations:
        s = gold_of.get(rel.source)
        t = gold_of.get(rel.target)
        matches = [i for i, (gs, types, gt, _) in enumerate(gold_rels) if s is not None and gs == s and gt == t and rel.type in types]
        if not matches:
            score.relations.fp += 1
            score.wrong_relations.append(_describe(rel, by_id))
            continue
        for i in matches:
            if i in hit:
                continue  # the same gold fact under another accepted type: neither right twice nor wrong
            hit.add(i)
            g = gold_rels[i][3]
            score.status_total += 1
            score.status_agree += int(g.get("status") == rel.status)
            if g.get("status") != rel.status:
                score.wrong_statuses.append(f"{_describe(rel, by_id)}: gold {g.get('status') or 'none'}")
            if g.get("amount_usd") is not None:
                score.amount_total += 1
                right = rel.amount_usd is not None and abs(rel.amount_usd - g["amount_usd"]) <= 0.02 * g["amount_usd"]
                score.amount_agree += int(right)
                if not right:
                    score.wrong_amounts.append(f"{_describe(rel, by_id)}: {rel.amount_text or 'no amount'}, gold {g['amount_usd']:,.0f}")
    score.relations.tp = len(hit)
    score.relations.fn = len(gold_rels) - len(hit)
    score.missed_relations = [f"{r['source']} -{'|'.join(r['types'])}-> {r['target']}" + (f" [{r['status']}]" if r.get("status") else "")
                              for i, (_, _, _, r) in enumerate(gold_rels) if i not in hit]
    return score


def _score_types(score: ArticleScore, gold_entities: list[dict], matched: list[tuple[Entity, int]]) -> None:
    """Entity-type accuracy: each predicted entity that matches a gold entity with a type, typed as the gold."""
    for entity, g in matched:
        want = gold_entities[g].get("type")
        if not want:
            continue
        score.type_total += 1
        if entity.type == want:
            score.type_agree += 1
        else:
            score.wrong_types.append(f"{entity.name}: {entity.type}, gold {want}")


def _describe(rel: Relation, by_id: dict[str, Entity]) -> str:
    name = lambda i: by_id[i].name if i in by_id else i  # noqa: E731
    extra = f" [{rel.status}]" if rel.status else ""
    return f"{name(rel.source)} -{rel.type}-> {name(rel.target)}{extra}"


def summarize(scores: list[ArticleScore], folders: list[str] | None = None) -> dict:
    """Per-article scores and their micro average; with ``folders`` (one per score, e.g. a register's
    folder) also the micro average of each folder."""
    report = {"articles": [s.to_dict() for s in scores], "micro": _micro(scores)}
    if folders and len(set(folders)) > 1:
        report["folders"] = {f: _micro([s for s, g in zip(scores, folders) if g == f]) for f in sorted(set(folders))}
    return report


def _micro(scores: list[ArticleScore]) -> dict:
    ents, rels = Counts(), Counts()
    st = [0, 0]
    am = [0, 0]
    ty = [0, 0]
    for s in scores:
        ents.add(s.entities)
        rels.add(s.relations)
        st[0] += s.status_agree
        st[1] += s.status_total
        am[0] += s.amount_agree
        am[1] += s.amount_total
        ty[0] += s.type_agree
        ty[1] += s.type_total
    return {"entities": ents.scores(), "relations": rels.scores(),
            "status_accuracy": _ratio(*st), "amount_accuracy": _ratio(*am), "type_accuracy": _ratio(*ty)}


# --- running -------------------------------------------------------------------------------------------------
def run_eval(paths: list[str], nlp=None) -> dict:
    """Ingest every annotated article under ``paths`` into one throw-away store and score each on its gold."""
    from kg.ingest import ingest_articles
    from kg.inputs import Source, read_all
    from kg.store.embedded import EmbeddedStore

    pairs = annotated_articles(paths)
    if not pairs:
        raise EvalError(f"no annotated articles (*.txt with a sibling {GOLD_SUFFIX}) under {', '.join(paths)}")
    golds = {str(txt): load_gold(gold) for txt, gold in pairs}
    articles = []
    for source, article, _warnings, error in read_all([Source(path=str(txt)) for txt, _ in pairs]):
        if error:
            raise EvalError(f"{source.path}: {error}")
        articles.append(article)

    with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        try:
            report = ingest_articles(store, articles, nlp)
            if report.failures:
                raise EvalError("; ".join(f"{p}: {why}" for p, why in report.failures))
            graph = store.export()
            mentioned = {a.id: [r["id"] for r in store.read(ARTICLE_MENTIONS, {"id": a.id})] for a in articles}
        finally:
            store.close()

    by_id = {e.id: e for e in graph.entities}
    scores = []
    for a in articles:
        rels = [r for r in graph.relations if any(ev.article == a.id for ev in r.evidence)]
        ids = set(mentioned.get(a.id, [])) | {x for r in rels for x in (r.source, r.target)}
        ents = [by_id[i] for i in sorted(ids) if i in by_id]
        scores.append(score_article(Path(a.path).stem, golds[a.path], ents, rels))
    return summarize(scores, [str(Path(a.path).parent) for a in articles])


def format_eval(report: dict, *, details: bool = True) -> str:
    """A readable table: per-article P/R/F1 for entities and relations, the micro average, then the misses."""
    head = f"{'article':40} {'ent P':>6} {'ent R':>6} {'ent F1':>6}   {'rel P':>6} {'rel R':>6} {'rel F1':>6}"
    lines = [head, "-" * len(head)]

    def row(name: str, e: dict, r: dict) -> str:
        return (f"{name[:40]:40} {e['precision']:6.2f} {e['recall']:6.2f} {e['f1']:6.2f}   "
                f"{r['precision']:6.2f} {r['recall']:6.2f} {r['f1']:6.2f}")

    for a in report["articles"]:
        lines.append(row(a["article"], a["entities"], a["relations"]))
    m = report["micro"]
    lines += ["-" * len(head), row("micro", m["entities"], m["relations"])]
    for folder, f in report.get("folders", {}).items():
        lines.append(row(folder[-40:], f["entities"], f["relations"]) + "   " + _agreement(f))
    lines.append(_agreement(m, long=True))
    if details:
        for a in report["articles"]:
            parts = [(k, a[k]) for k in ("missed_relations", "wrong_relations", "missed_entities", "wrong_entities", "wrong_types",
                                         "wrong_statuses", "wrong_amounts") if a.get(k)]
            if parts:
                lines.append("")
                lines.append(f"{a['article']}:")
                for k, items in parts:
                    lines.append(f"  {k.replace('_', ' ')}:")
                    lines += [f"    {x}" for x in items]
    return "\n".join(lines)


def _agreement(m: dict, long: bool = False) -> str:
    """Status, amount and entity-type agreement of one micro average, as one line."""
    parts = []
    for key, short, text in (("status_accuracy", "status", "status agrees on {:.0%} of matched relations"),
                             ("amount_accuracy", "amount", "amount agrees on {:.0%} of matched relations with a gold amount"),
                             ("type_accuracy", "type", "entity type right on {:.0%} of matched entities")):
        if m.get(key) is not None:
            parts.append(text.format(m[key]) if long else f"{short} {m[key]:.2f}")
    return ("; " if long else " ").join(parts)
