"""FollowTheMoney (FtM) out and in: the graph as FtM entities (JSON lines), and FtM files (a registry's
companies, directors and owners) into the graph as claims attributed to their dataset.

Every FtM value is made and read through the ``followthemoney`` library (its model, schemata and entity
proxies); the mapping between kg's types and FtM's schemata is data, ``kg/schema/ftm.yaml``.
Each piece of evidence of a relation becomes one FtM interval entity (an Ownership, a Payment, ...): FtM
keeps one interval per source record, and so the sentence, its article and its offsets travel together.
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from followthemoney import EntityProxy, ValueEntity, model
from followthemoney.exc import InvalidData

from kg.errors import InputError
from kg.extract.amounts import parse_amount
from kg.model import Article, ArticleGraph, Entity, Evidence, Graph, Relation, merge_relation
from kg.resolve import Resolver, entity_id, group_names
from kg.schema import data_path, load_schema

EXPORT_DATASET = "kg"
_OFFSETS = re.compile(r"^(?P<article>[^:]+):(?P<start>\d+)-(?P<end>\d+)$")
_KG_ID = re.compile(r"^(?P<type>[a-z]+)\.(?P<slug>[a-z0-9][a-z0-9-]*)$")


# --- the mapping (ftm.yaml) ---------------------------------------------------------------------

@dataclass(frozen=True)
class RelationForm:
    """How one kg relation type is written as an FtM interval."""

    type: str
    schema: str
    source: str  # the interval's property holding the relation's source
    target: str
    mark: tuple[tuple[str, str], ...] = ()
    target_property: str | None = None  # the target entity's property naming the source (Security.issuer)


@dataclass(frozen=True)
class EntityForm:
    type: str  # kg entity type
    schema: str
    mark: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FtmMapping:
    entities: dict[str, EntityForm]
    import_entities: tuple[EntityForm, ...]
    relations: dict[str, RelationForm]
    fallback: RelationForm
    properties: dict[str, str]
    article: dict[str, str]
    import_confidence: float


def _mark(raw: dict | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in (raw or {}).items()))


@lru_cache(maxsize=1)
def load_mapping() -> FtmMapping:
    raw = yaml.safe_load(data_path("ftm.yaml").read_text(encoding="utf-8"))
    rels = {
        t: RelationForm(t, v["schema"], v["source"], v["target"], _mark(v.get("mark")), v.get("target_property"))
        for t, v in raw["relations"].items()
    }
    fb = raw["fallback"]
    return FtmMapping(
        entities={t: EntityForm(t, v["schema"], _mark(v.get("mark"))) for t, v in raw["entities"].items()},
        import_entities=tuple(EntityForm(v["type"], v["schema"], _mark(v.get("mark"))) for v in raw["import_entities"]),
        relations=rels,
        fallback=RelationForm("", fb["schema"], fb["source"], fb["target"]),
        properties=dict(raw["properties"]),
        article=dict(raw["article"]),
        import_confidence=float(raw["import_confidence"]),
    )


# --- export ---------------------------------------------------------------------------------------

def ftm_entity_id(kg_id: str) -> str:
    """``person:sam-bankman-fried`` -> ``person.sam-bankman-fried`` (FtM ids take no colon)."""
    return kg_id.replace(":", ".", 1)


def kg_entity_id(ftm_id: str, kg_type: str) -> str | None:
    """The kg id an FtM id was made from by ``ftm_entity_id``, if it was (and names this type)."""
    m = _KG_ID.match(ftm_id)
    if m and m.group("type") == kg_type.lower():
        return f"{m.group('type')}:{m.group('slug')}"
    return None


def article_ftm_id(article: Article) -> str:
    return f"article.{article.sha256}"


def _proxy(schema: str, id: str, dataset: str) -> ValueEntity:
    proxy = ValueEntity(model[schema], {"id": id})
    proxy.datasets.add(dataset)
    return proxy


def entity_proxy(ent: Entity, dataset: str = EXPORT_DATASET) -> ValueEntity:
    form = load_mapping().entities[ent.type]
    proxy = _proxy(form.schema, ftm_entity_id(ent.id), dataset)
    proxy.add("name", ent.name)
    proxy.add("alias", sorted(a for a in set(ent.aliases) if a != ent.name))
    for prop, value in form.mark:
        proxy.add(prop, value)
    return proxy


def article_proxy(article: Article, dataset: str = EXPORT_DATASET) -> ValueEntity:
    spec = load_mapping().article
    proxy = _proxy(spec["schema"], article_ftm_id(article), dataset)
    proxy.add(spec["path"], article.path)
    if article.title:
        proxy.add(spec["title"], article.title)
    if article.ingested_at:
        proxy.add(spec["ingested_at"], article.ingested_at)
    return proxy


def _fits(form: RelationForm, source_schema: str, target_schema: str) -> bool:
    schema = model[form.schema]
    return model[source_schema].is_a(schema.get(form.source).range) and model[target_schema].is_a(schema.get(form.target).range)


def relation_form(rel_type: str, source_type: str, target_type: str) -> RelationForm:
    """The relation type's FtM form, or the fallback link (role: the kg label) when the ends do not fit
    the schema's ranges (control over a token, an investment in one)."""
    mapping = load_mapping()
    form = mapping.relations[rel_type]
    if _fits(form, mapping.entities[source_type].schema, mapping.entities[target_type].schema):
        return form
    label = load_schema().relation_types[rel_type].label
    fb = mapping.fallback
    return RelationForm(rel_type, fb.schema, fb.source, fb.target, (("role", label),))


def _add_if(proxy: EntityProxy, part: str, value: Any) -> None:
    """Set the property the mapping names for ``part``, when there is a value and the schema has it."""
    prop = load_mapping().properties[part]
    if value is not None and value != "" and prop in proxy.schema.properties:
        proxy.add(prop, str(value) if not isinstance(value, str) else value)


def interval_proxies(rel: Relation, types: dict[str, str], articles: dict[str, Article],
                     dataset: str = EXPORT_DATASET) -> list[ValueEntity]:
    """One FtM interval per piece of evidence of ``rel``."""
    form = relation_form(rel.type, types[rel.source], types[rel.target])
    out = []

    def own(ev: Evidence, field: str, of_relation: Any) -> Any:
        # a claim's own status or amount, even none, when the relation's claims carry them (a claim without
        # one must not take the edge's summary: "denied" on the claim that stated it); the relation's
        # value only when none of its evidence carries any (a graph built without per-claim values)
        if any(getattr(e, field, None) is not None for e in rel.evidence):
            return getattr(ev, field, None)
        return of_relation

    for ev in sorted(rel.evidence, key=lambda e: (e.article, e.start, e.end)):
        proxy = _proxy(form.schema, "", dataset)
        proxy.make_id("kg", rel.type, rel.source, rel.target, ev.article, ev.start, ev.end)
        proxy.add(form.source, ftm_entity_id(rel.source))
        proxy.add(form.target, ftm_entity_id(rel.target))
        for prop, value in form.mark:
            proxy.add(prop, value)
        amount = own(ev, "amount_usd", rel.amount_usd)
        _add_if(proxy, "sentence", ev.sentence)
        if ev.article in articles:
            _add_if(proxy, "article", article_ftm_id(articles[ev.article]))
        _add_if(proxy, "offsets", f"{ev.article}:{ev.start}-{ev.end}")
        _add_if(proxy, "amount_text", own(ev, "amount_text", rel.amount_text))
        if amount is not None and "amount" in proxy.schema.properties:
            _add_if(proxy, "amount", repr(float(amount)))
            _add_if(proxy, "currency", "USD")
        _add_if(proxy, "status", own(ev, "status", rel.status))
        _add_if(proxy, "date", getattr(ev, "date", None))
        _add_if(proxy, "source", getattr(ev, "source", None))
        out.append(proxy)
    return out


def graph_to_ftm(graph: Graph, dataset: str = EXPORT_DATASET) -> list[ValueEntity]:
    """Articles, then entities, then intervals, each sorted by id: the same graph gives the same lines."""
    types = {e.id: e.type for e in graph.entities}
    articles = {a.id: a for a in graph.articles}
    entities = {e.id: entity_proxy(e, dataset) for e in graph.entities}
    for r in graph.relations:
        _name_on_target(r, entities)
    heads = [article_proxy(a, dataset) for a in graph.articles] + list(entities.values())
    intervals = [p for r in graph.relations if r.source in types and r.target in types
                 for p in interval_proxies(r, types, articles, dataset)]
    return sorted(heads, key=lambda p: p.id) + sorted(intervals, key=lambda p: p.id)


def _name_on_target(rel: Relation, entities: dict[str, ValueEntity]) -> None:
    """Where FtM states the relation as a property of its target (a Security's issuer), state it there too."""
    prop_name = load_mapping().relations[rel.type].target_property
    source, target = entities.get(rel.source), entities.get(rel.target)
    if not prop_name or source is None or target is None:
        return
    prop = target.schema.get(prop_name)
    if prop is not None and source.schema.is_a(prop.range):
        target.add(prop, source.id)


def to_ftm(graph: Graph, dataset: str = EXPORT_DATASET) -> str:
    """FtM JSON lines. Each line is checked as ``kg import`` checks a line; a failure is a bug here."""
    proxies = graph_to_ftm(graph, dataset)
    schemata = {p.id: p.schema.name for p in proxies}
    lines = []
    for proxy in proxies:
        data = proxy.to_dict()
        problems = line_problems(data, schemata)
        if problems:
            raise AssertionError(f"FtM export made an invalid {proxy.schema.name} {proxy.id}: {'; '.join(problems)}")
        lines.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return "".join(line + "\n" for line in lines)


# --- validation (export and import alike) ---------------------------------------------------------

def parse_line(text: str) -> tuple[EntityProxy | None, str | None]:
    """A line of FtM JSON as an entity proxy, or the reason it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return None, f"not JSON ({e.msg})"
    if not isinstance(data, dict):
        return None, "not a JSON object"
    if not data.get("id") or not isinstance(data.get("id"), str):
        return None, "no entity id"
    if not isinstance(data.get("schema"), str) or model.get(data["schema"]) is None:
        return None, f"unknown FtM schema {data.get('schema')!r}"
    if not isinstance(data.get("properties", {}), dict):
        return None, "properties is not an object"
    problems = line_problems(data, None)
    if problems:
        return None, "; ".join(problems)
    return ValueEntity.from_dict(data, cleaned=False), None


def line_problems(data: dict[str, Any], schemata: dict[str, str] | None) -> list[str]:
    """What is wrong with one FtM entity, as FtM sees it: unknown properties, values its property types
    reject (cleaning drops them; a value it merely normalises is fine), missing required properties; with
    ``schemata`` (id -> schema of every entity in the file) also references to entities missing from the
    file or outside the property's range."""
    schema = model[data["schema"]]
    problems: list[str] = []
    props = data.get("properties") or {}
    for name, values in props.items():
        prop = schema.get(name)
        if prop is None:
            problems.append(f"{schema.name} has no property {name!r}")
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.append(f"{name}: values must be a list of strings")
            continue
        bad = [v for v in values if v.strip() and not _cleans(schema, data["id"], name, v)]
        if bad:
            problems.append(f"{name}: invalid {prop.type.name} value {bad[0]!r}")
    for name in sorted(schema.required):
        if not [v for v in props.get(name) or [] if isinstance(v, str) and v.strip()]:
            problems.append(f"{schema.name} needs {name!r}")
    if schemata is not None:
        for name, values in props.items():
            prop = schema.get(name)
            if prop is None or prop.type.name != "entity" or not isinstance(values, list):
                continue
            for v in values:
                if v not in schemata:
                    problems.append(f"{name} refers to {v!r}, not in this file")
                elif prop.range is not None and not model[schemata[v]].is_a(prop.range):
                    problems.append(f"{name} must be a {prop.range.name}, {v!r} is a {schemata[v]}")
    return problems


def _cleans(schema, entity_id: str, prop: str, value: str) -> bool:
    """Whether FtM's property type takes ``value`` (perhaps normalised: " GB" is the country "gb")."""
    try:
        return bool(ValueEntity(schema, {"id": entity_id, "properties": {prop: [value]}}, cleaned=False).get(prop))
    except InvalidData:  # a reference to the entity itself
        return False


# --- import ---------------------------------------------------------------------------------------

def make_evidence(article: str, sentence: str, start: int, end: int, status: str | None = None, **claim: Any) -> Evidence:
    """Evidence (a claim) built in one place: the claim fields (source, date, amount_usd, amount_value,
    currency, amount_text, confidence) are passed only when ``Evidence`` has them and they have a value."""
    have = {f.name for f in dataclasses.fields(Evidence)}
    extra = {k: v for k, v in claim.items() if k in have and v is not None}
    return Evidence(article=article, sentence=sentence, start=start, end=end, status=status, **extra)


@dataclass
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class FtmImport:
    """What an FtM file becomes: a graph to write, and what was wrong with the lines that did not land."""

    dataset: str
    graph: Graph
    problems: list[Problem] = field(default_factory=list)  # bad lines: not FtM, or not valid FtM
    skipped: list[Problem] = field(default_factory=list)  # valid FtM with no kg form (a Vessel, an Employment)
    lines: int = 0


@dataclass
class ImportReport:
    dataset: str
    lines: int
    entities_added: int
    relations_added: int
    problems: list[Problem]
    skipped: list[Problem]


@dataclass
class _Line:
    number: int
    start: int  # character offsets of the line in the file
    end: int
    proxy: EntityProxy


def read_lines(path: str, text: str) -> tuple[list[_Line], list[Problem], int]:
    """Parse every line; a bad line is one problem, the others go on."""
    good, problems = [], []
    offset, number = 0, 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        start, offset = offset, offset + len(raw)
        line = raw.strip()
        if not line:
            continue
        proxy, reason = parse_line(line)
        if proxy is None:
            problems.append(Problem(path, number, reason or "not an FtM entity"))
        else:
            good.append(_Line(number, start, start + len(raw.rstrip("\r\n")), proxy))
    return good, problems, number


def _has_mark(proxy: EntityProxy, mark: tuple[tuple[str, str], ...]) -> bool:
    return all(value.lower() in {v.lower() for v in proxy.get(prop, quiet=True)} for prop, value in mark)


def kg_entity_type(proxy: EntityProxy) -> str | None:
    """The kg entity type of an FtM entity: the first import rule whose schema it is and whose mark it has."""
    for form in load_mapping().import_entities:
        if proxy.schema.is_a(form.schema) and _has_mark(proxy, form.mark):
            return form.type
    return None


def kg_relation_form(proxy: EntityProxy) -> RelationForm | None:
    """The relation type an FtM interval stands for: among those of its schema whose marks it carries, the
    one with most marks; an unmarked fallback link whose role is a kg label stands for that type."""
    mapping = load_mapping()
    forms = [f for f in mapping.relations.values() if f.schema == proxy.schema.name and _has_mark(proxy, f.mark)]
    if forms:
        return max(forms, key=lambda f: len(f.mark))
    if proxy.schema.name == mapping.fallback.schema:
        roles = {r.lower() for r in proxy.get("role", quiet=True)}
        for t, rt in load_schema().relation_types.items():
            if rt.label in roles:
                fb = mapping.fallback
                return RelationForm(t, fb.schema, fb.source, fb.target, (("role", rt.label),))
    return None


def _entity(proxy: EntityProxy, kg_type: str) -> Entity:
    names = [*proxy.get("name"), *proxy.get("alias", quiet=True), *proxy.get("previousName", quiet=True),
             *proxy.get("abbreviation", quiet=True)]
    name = proxy.first("name") or names[0]
    ent_id = kg_entity_id(proxy.id, kg_type) or entity_id(kg_type, name)
    return Entity(id=ent_id, name=name, type=kg_type, aliases=sorted(set(names)))


def _article(proxy: EntityProxy, path: str) -> Article | None:
    spec = load_mapping().article
    sha = proxy.id.split(".", 1)[1] if proxy.id.startswith("article.") else ""
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        return None  # a document kg did not write: its intervals count as the dataset's claims
    return Article(id=sha[:16], sha256=sha, path=proxy.first(spec["path"]) or path, title=proxy.first(spec["title"]),
                   ingested_at=proxy.first(spec["ingested_at"]))


def _amount(proxy: EntityProxy) -> tuple[float | None, float | None, str | None, str | None]:
    """(amount_usd, amount_value, currency, amount_text) of an interval. The dollar value of an amount is
    its number only when the currency is USD; an amount without a number is read from its text."""
    props = load_mapping().properties
    raw, currency = proxy.first(props["amount"], quiet=True), proxy.first(props["currency"], quiet=True)
    summary = proxy.first(props["amount_text"], quiet=True)
    try:
        value = float(raw) if raw is not None else None
    except ValueError:  # FtM's number type keeps some forms float() does not read ("1,000")
        value = None
    usd = value if value is not None and (currency or "").upper() == "USD" else None
    # the amount as written when it reads as one ("$40m", "nine hundred million dollars"), else from the number
    text = summary if summary and len(summary) <= 60 and parse_amount(summary) is not None else None
    if text is None and value is not None:
        text = f"{raw} {currency}".strip() if currency else raw
    if value is None and text:  # a link with no amount property (the fallback) keeps the amount as written
        written = parse_amount(text)
        usd = written.usd if written else None
    return usd, value, (currency.upper() if currency else None), text


def _registry_sentence(dataset: str, proxy: EntityProxy, source: Entity, target: Entity, rel_type: str) -> str:
    """A claim from a registry has no sentence: say what the record says, in one line."""
    label = load_schema().relation_types[rel_type].label
    mark = load_mapping().relations[rel_type].mark
    details = [f"{v}%" if p == "percentage" and not v.endswith("%") else v
               for p in ("role", "percentage", "ownershipType", "sharesCount") for v in proxy.get(p, quiet=True)
               if (p, v) not in mark]
    start, end = proxy.first("startDate", quiet=True), proxy.first("endDate", quiet=True)
    if start:
        details.append(f"from {start}")
    if end:
        details.append(f"until {end}")
    text = f"{dataset}: {source.name} {label} {target.name}"
    return text + (f" ({', '.join(details)})" if details else "")


def _interval_relation(line: _Line, form: RelationForm, ends: dict[str, Entity], articles: dict[str, Article],
                       dataset: str, dataset_article: Article) -> Relation | str:
    """The kg relation one interval states, or why it cannot be one."""
    proxy = line.proxy
    for prop in (form.source, form.target):
        ref = proxy.first(prop)
        if ref is None:
            return f"no {prop}: kg's {form.type} needs both ends"
        if ref not in ends:
            return f"{prop} {ref!r} is no person, company, token or group in this file"
    source, target = ends[proxy.first(form.source)], ends[proxy.first(form.target)]
    if not load_schema().allows(form.type, source.type, target.type):
        return f"kg's {form.type} does not go from a {source.type} ({source.name}) to a {target.type} ({target.name})"
    ev = _interval_evidence(line, form, source, target, articles, dataset, dataset_article)
    usd, _, _, text = _amount(proxy)
    return Relation(source.id, target.id, form.type, [ev], usd, text, ev.status, load_mapping().import_confidence)


def _interval_evidence(line: _Line, form: RelationForm, source: Entity, target: Entity, articles: dict[str, Article],
                       dataset: str, dataset_article: Article) -> Evidence:
    """The claim an interval makes: from the kg article in its ``proof`` (kg's own export), else from the
    dataset, pointing at the record's line of the file."""
    mapping = load_mapping()
    props = mapping.properties
    proxy = line.proxy
    status = (proxy.first(props["status"], quiet=True) or "").lower()
    status = status if status in load_schema().statuses else None
    usd, value, currency, text = _amount(proxy)
    amounts = {"amount_usd": usd, "amount_value": value, "currency": currency, "amount_text": text}
    date = proxy.first(props["date"], quiet=True) or proxy.first("startDate", quiet=True)
    sentence = " ".join(proxy.get(props["sentence"], quiet=True))
    proof = [articles[p] for p in proxy.get(props["article"], quiet=True) if p in articles]
    if proof:
        m = _OFFSETS.match(proxy.first(props["offsets"], quiet=True) or "")
        start, end = (int(m.group("start")), int(m.group("end"))) if m else (0, 0)
        return make_evidence(proof[0].id, sentence, start, end, status, date=date,
                             source=proxy.first(props["source"], quiet=True), **amounts)
    sentence = sentence or _registry_sentence(dataset, proxy, source, target, form.type)
    return make_evidence(dataset_article.id, sentence, line.start, line.end, status, source=dataset, date=date,
                         confidence=mapping.import_confidence, **amounts)


def _property_relations(line: _Line, ends: dict[str, Entity], stated: set[tuple[str, str, str]], dataset: str,
                        dataset_article: Article) -> list[Relation | str]:
    """Relations an entity states in a property (a Security's issuer), unless an interval of the file states
    them already (kg's own export writes both)."""
    mapping = load_mapping()
    target = ends[line.proxy.id]
    out: list[Relation | str] = []
    for form in mapping.relations.values():
        if not form.target_property:
            continue
        for ref in line.proxy.get(form.target_property, quiet=True):
            source = ends.get(ref)
            if source is None or (source.id, form.type, target.id) in stated:
                continue
            if not load_schema().allows(form.type, source.type, target.type):
                out.append(f"kg's {form.type} does not go from a {source.type} ({source.name}) to a {target.type} ({target.name})")
                continue
            sentence = f"{dataset}: {source.name} {load_schema().relation_types[form.type].label} {target.name}"
            ev = make_evidence(dataset_article.id, sentence, line.start, line.end, None, source=dataset,
                               confidence=mapping.import_confidence)
            out.append(Relation(source.id, target.id, form.type, [ev], None, None, None, mapping.import_confidence))
    return out


def dataset_name(lines: list[_Line], path: str) -> str:
    """The dataset the entities say they come from (the most common), else the file's name without its
    extensions (`registry.ftm.jsonl` -> `registry`)."""
    counts = Counter(d for ln in lines for d in getattr(ln.proxy, "datasets", ()) if d)
    return counts.most_common(1)[0][0] if counts else Path(path).name.split(".")[0]


def ftm_to_graph(path: str, text: str, dataset: str | None = None) -> FtmImport:
    """What the FtM file at ``path`` (its ``text``) says, as a kg graph (not yet linked to the store).

    A claim that names no kg article (a registry's record) is the dataset's: its evidence points at the
    record's line in the file, which stands as the dataset's article."""
    lines, problems, count = read_lines(path, text)
    dataset = dataset or dataset_name(lines, path)
    schemata = {ln.proxy.id: ln.proxy.schema.name for ln in lines}
    file_article = Article.from_text(text, path=path, title=dataset)
    skipped: list[Problem] = []
    ends: dict[str, Entity] = {}
    articles: dict[str, Article] = {}
    intervals: list[tuple[_Line, RelationForm]] = []
    for ln in lines:
        ref_problems = line_problems(ln.proxy.to_dict(), schemata)
        if ref_problems:
            problems.append(Problem(path, ln.number, "; ".join(ref_problems)))
            continue
        kg_type = kg_entity_type(ln.proxy)
        form = kg_relation_form(ln.proxy) if kg_type is None else None
        if kg_type is not None:
            ends[ln.proxy.id] = _entity(ln.proxy, kg_type)
        elif form is not None:
            intervals.append((ln, form))
        elif (art := _article(ln.proxy, path)) is not None:
            articles[ln.proxy.id] = art
        else:
            skipped.append(Problem(path, ln.number, f"{ln.proxy.schema.name} {ln.proxy.id}: no kg form, skipped"))
    relations: list[Relation] = []
    for ln, form in intervals:
        rel = _interval_relation(ln, form, ends, articles, dataset, file_article)
        if isinstance(rel, str):
            problems.append(Problem(path, ln.number, f"{ln.proxy.schema.name} {ln.proxy.id}: {rel}"))
        else:
            relations.append(rel)
    for ln in lines:
        if ln.proxy.id in ends:
            for rel in _property_relations(ln, ends, {r.key for r in relations}, dataset, file_article):
                if isinstance(rel, str):
                    problems.append(Problem(path, ln.number, f"{ln.proxy.schema.name} {ln.proxy.id}: {rel}"))
                else:
                    relations.append(rel)
    used = {ev.article for r in relations for ev in r.evidence}
    arts = [a for a in [*articles.values(), file_article] if a.id in used]
    problems.sort(key=lambda p: p.line)
    return FtmImport(dataset, Graph(list(ends.values()), relations, arts), problems, skipped, count)


def link_graph(graph: Graph, known: list[Entity], distinct: set[frozenset[str]] | None = None) -> Graph:
    """Link the imported entities onto the known ones by kg's normal resolution (``Resolver.link``), never
    onto one the investigator judged different (``distinct``). A bare group ("customers") names nobody
    outside its own article: it keeps its id."""
    bare = [e for e in graph.entities if e.type == "Group" and not group_names(e)]
    bare_ids = {e.id for e in bare}
    linked = Resolver(known, distinct=distinct).link(ArticleGraph(
        article=Article(id="ftm-import", sha256="", path=""),
        entities=[e for e in graph.entities if e.id not in bare_ids],
        relations=graph.relations,
    ))
    relations: dict[tuple[str, str, str], Relation] = {}
    for r in linked.relations:
        relations[r.key] = merge_relation(relations[r.key], r) if r.key in relations else r
    return Graph(entities=linked.entities + bare, relations=list(relations.values()), articles=graph.articles)


def import_ftm(store, path: str, dataset: str | None = None) -> ImportReport:
    """``kg import --format ftm``: read, link and write an FtM file; bad lines are reported, good ones land.
    Written through the store's public ``write_graph`` (one transaction per article; the dataset file is
    one article), so importing the same file twice changes nothing."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as e:
        raise InputError(path, f"cannot be read as UTF-8 text ({type(e).__name__})") from None
    result = ftm_to_graph(path, text, dataset)
    graph = link_graph(result.graph, store.entities(), store.distinct_pairs())
    added_e, added_r = store.write_graph(graph)
    store.apply_pending_judgements()  # imported merges whose entities this file brought
    return ImportReport(result.dataset, result.lines, added_e, added_r, result.problems, result.skipped)

