"""The export contract (JSON) and its flat renderings (GraphML, CSV). Every exporter reads the schema."""
from __future__ import annotations

import csv
import io
from typing import Any

from kg.encode import csv_cell, strict_json, xml_text
from kg.model import Graph, Relation, claim_id
from kg.schema import load_schema

FORMATS = ("json", "graphml", "csv", "gexf", "ftm")


CONTRACT_VERSION = 2  # 2: relations gain ``claims`` and ``summary`` (README, "Export contract")


def relation_dict(rel: Relation, names: dict[str, str]) -> dict[str, Any]:
    d = rel.to_dict()
    d["source_name"] = names.get(rel.source, d["source_name"])
    d["target_name"] = names.get(rel.target, d["target_name"])
    return d


def _entity_dict(e, merged_from: list[str] | None) -> dict[str, Any]:
    d = e.to_dict()
    if merged_from:
        d["merged_from"] = sorted(merged_from)  # ids an investigator merged into this one (kg merge)
    return d


def to_dict(graph: Graph) -> dict[str, Any]:
    names = {e.id: e.name for e in graph.entities}
    return {
        "version": CONTRACT_VERSION,
        "entities": [_entity_dict(e, graph.merged_from.get(e.id)) for e in sorted(graph.entities, key=lambda e: e.id)],
        "relations": [relation_dict(r, names) for r in sorted(graph.relations, key=lambda r: (r.source, r.type, r.target))],
        "articles": [a.to_dict() for a in sorted(graph.articles, key=lambda a: a.id)],
    }


def to_json(graph: Graph) -> str:
    return strict_json(to_dict(graph), indent=2) + "\n"


def to_networkx(graph: Graph):
    """A MultiDiGraph with the schema's labels; list values joined so that GraphML can hold them."""
    import networkx as nx

    schema = load_schema()
    g = nx.MultiDiGraph()
    for e in graph.entities:
        g.add_node(xml_text(e.id), name=xml_text(e.name), type=e.type, aliases=xml_text("|".join(sorted(set(e.aliases)))))
    names = {e.id: e.name for e in graph.entities}
    for r in graph.relations:
        d = relation_dict(r, names)
        summary = {p.name: _graphml_value(r.summarized().value(p.field), p.type) for p in schema.edge_properties}
        g.add_edge(
            xml_text(r.source),
            xml_text(r.target),
            key=r.type,
            **summary,
            type=r.type,
            label=schema.relation_types[r.type].label,
            evidence=xml_text(" | ".join(e["sentence"] for e in d["evidence"])),
            article_ids="|".join(sorted({e["article"] for e in d["evidence"]})),
        )
    return g


def to_graphml(graph: Graph) -> str:
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


_MISSING = {"STRING": "", "STRING[]": "", "DOUBLE": -1.0, "INT64": -1, "BOOL": False}


def _graphml_value(v: Any, type: str) -> Any:
    """GraphML and GEXF hold no lists and no missing values, and one type per key: lists joined with "|", a
    missing value as its type's placeholder (-1 for a number, "" for text), as the schema types it."""
    if isinstance(v, (list, tuple)):
        return xml_text("|".join(str(x) for x in v))
    if v is None:
        return _MISSING[type]
    if type == "DOUBLE":
        return float(v)
    return xml_text(v) if isinstance(v, str) else v


_EDGE_COLUMNS = ("source", "source_name", "type", "target", "target_name")
_LEGACY_CLAIM_COLUMNS = ("amount_usd", "status", "confidence", "article", "sentence", "start", "end")  # contract v1's order
_CSV_NAMES = {"id": "claim_id", "source": "attributed_to"}  # claim fields whose names an edge column already uses
_EDGE_KEYS = ("type", "subject", "object")  # the claim's edge: the row's first columns say it


def claim_columns() -> list[tuple[str, str]]:
    """(CSV column, Claim attribute) for each claim property of the schema, v1's columns first."""
    fields = [p.field for p in load_schema().claim_properties if p.name not in _EDGE_KEYS]
    ordered = [f for f in _LEGACY_CLAIM_COLUMNS if f in fields] + [f for f in fields if f not in _LEGACY_CLAIM_COLUMNS]
    return [(_CSV_NAMES.get(f, f), f) for f in ordered]


def csv_columns() -> list[str]:
    return [*_EDGE_COLUMNS, *(c for c, _ in claim_columns())]


def to_csv(graph: Graph) -> str:
    """One row per claim: the edge's ends and type, then what the claim says (schema ``claim_properties``)."""
    names = {e.id: e.name for e in graph.entities}
    cols = claim_columns()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_columns())
    for r in sorted(graph.relations, key=lambda r: (r.source, r.type, r.target)):
        d = relation_dict(r, names)
        head = [d["source"], d["source_name"], d["type"], d["target"], d["target_name"]]
        for c in sorted(r.claims, key=lambda c: (c.article, c.start, c.end)):
            values = {"id": claim_id(r.key, c)}
            cells = [values.get(f, getattr(c, f, None)) for _, f in cols]
            w.writerow([csv_cell("" if v is None else v) for v in head + cells])
    return buf.getvalue()


def to_gexf(graph: Graph) -> str:
    """GEXF (Gephi's own format) of the same networkx graph as GraphML. GEXF reserves an edge's ``type``
    (directed or not) and a node's ``label`` (what Gephi shows): the relation type goes in ``relation``."""
    import networkx as nx

    g = to_networkx(graph)
    for _, data in g.nodes(data=True):
        data["label"] = data["name"]
    for _, _, data in g.edges(data=True):
        data["relation"] = data.pop("type")
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_ftm(graph: Graph) -> str:
    from kg.ftm import to_ftm as ftm_lines  # followthemoney is loaded only for this format

    return ftm_lines(graph)


def render(graph: Graph, fmt: str) -> str:
    return {"json": to_json, "graphml": to_graphml, "csv": to_csv, "gexf": to_gexf, "ftm": to_ftm}[fmt](graph)
