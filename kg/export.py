"""The export contract (JSON) and its flat renderings (GraphML, CSV). Every exporter reads the schema."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from kg.model import Graph, Relation
from kg.schema import load_schema

FORMATS = ("json", "graphml", "csv", "gexf", "ftm")


def relation_dict(rel: Relation, names: dict[str, str]) -> dict[str, Any]:
    d: dict[str, Any] = {
        "source": rel.source,
        "target": rel.target,
        "type": rel.type,
        "source_name": names.get(rel.source, rel.source),
        "target_name": names.get(rel.target, rel.target),
    }
    if rel.amount_usd is not None:
        d["amount_usd"] = rel.amount_usd
    if rel.amount_text:
        d["amount_text"] = rel.amount_text
    if rel.status:
        d["status"] = rel.status
    d["confidence"] = round(float(rel.confidence), 3)
    d["evidence"] = [e.to_dict() for e in sorted(rel.evidence, key=lambda e: (e.article, e.start))]
    return d


def to_dict(graph: Graph) -> dict[str, Any]:
    names = {e.id: e.name for e in graph.entities}
    return {
        "entities": [e.to_dict() for e in sorted(graph.entities, key=lambda e: e.id)],
        "relations": [relation_dict(r, names) for r in sorted(graph.relations, key=lambda r: (r.source, r.type, r.target))],
        "articles": [a.to_dict() for a in sorted(graph.articles, key=lambda a: a.id)],
    }


def to_json(graph: Graph) -> str:
    return json.dumps(to_dict(graph), indent=2, ensure_ascii=False) + "\n"


def to_networkx(graph: Graph):
    """A MultiDiGraph with the schema's labels; list values joined so that GraphML can hold them."""
    import networkx as nx

    schema = load_schema()
    g = nx.MultiDiGraph()
    for e in graph.entities:
        g.add_node(e.id, name=e.name, type=e.type, aliases="|".join(sorted(set(e.aliases))))
    names = {e.id: e.name for e in graph.entities}
    for r in graph.relations:
        d = relation_dict(r, names)
        g.add_edge(
            r.source,
            r.target,
            key=r.type,
            type=r.type,
            label=schema.relation_types[r.type].label,
            amount_usd=float(r.amount_usd) if r.amount_usd is not None else -1.0,
            status=r.status or "",
            confidence=d["confidence"],
            evidence=" | ".join(e["sentence"] for e in d["evidence"]),
            articles="|".join(sorted({e["article"] for e in d["evidence"]})),
        )
    return g


def to_graphml(graph: Graph) -> str:
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(to_networkx(graph), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


CSV_COLUMNS = ("source", "source_name", "type", "target", "target_name", "amount_usd", "status", "confidence",
               "article", "sentence", "start", "end")


def to_csv(graph: Graph) -> str:
    """One row per piece of evidence of each relation."""
    names = {e.id: e.name for e in graph.entities}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in sorted(graph.relations, key=lambda r: (r.source, r.type, r.target)):
        d = relation_dict(r, names)
        for ev in d["evidence"] or [{"article": "", "sentence": "", "start": "", "end": ""}]:
            w.writerow([d["source"], d["source_name"], d["type"], d["target"], d["target_name"], d.get("amount_usd", ""),
                        d.get("status", ""), d["confidence"], ev["article"], ev["sentence"], ev["start"], ev["end"]])
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
