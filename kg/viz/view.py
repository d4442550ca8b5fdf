"""A Graph turned into what vis-network draws: nodes, edges, legend and layout options. Pure: no I/O.

Every style decision reads the schema (entity colours and shapes, relation labels, the ``money`` and
``control`` flags), so a new type in ``schema.yaml`` shows up in the views without touching this file.
Article text (names, aliases, sentences, titles) is carried as plain data; the page builds its tooltips
and side panel with ``textContent``, and ``render`` makes the embedded JSON unable to close its script.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from kg.model import Entity, Graph, Relation
from kg.schema import Schema, load_schema

# Edge colours by what the relation does (schema flags), then by status.
MONEY_COLOR = "#0f7b6c"
CONTROL_COLOR = "#6b4c9a"
OTHER_COLOR = "#8a94a6"
VOID_COLOR = "#b4b4b4"  # withdrawn or denied: it did not happen (or is disputed)
HIGHLIGHT_COLOR = "#d1495b"
SELECT_COLOR = "#1d2330"  # a clicked edge: not the answer colour, which means something
DIM_NODE_ALPHA = 0.22
DIM_EDGE_COLOR = "#d9dde3"
FALLBACK_TYPE_COLOR = "#999999"

# vis-network dash patterns: [dash, gap] in pixels.
STATUS_DASHES: dict[str | None, Any] = {
    None: False,
    "alleged": [10, 6],
    "planned": [2, 6],
    "withdrawn": [6, 6],
    "denied": [6, 6],
}
VOID_STATUSES = ("withdrawn", "denied")

LABEL_INSIDE = ("box", "ellipse", "circle", "database", "text")

# Beyond these sizes the page trades polish for speed (no overlap-avoiding initial layout, no edge labels).
BIG_GRAPH_NODES = 300
EDGE_LABELS_MAX = 600

# Edge width: 1.5 px for no (or a small) amount, growing with log10 of the dollar amount, capped.
WIDTH_BASE = 1.5
WIDTH_PER_DECADE = 1.1
WIDTH_FROM_USD = 1e4
WIDTH_MAX = 10.0


@dataclass
class ViewData:
    title: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    legend: dict[str, Any]
    options: dict[str, Any]
    highlighted: bool = False
    stats: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "nodes": self.nodes,
            "edges": self.edges,
            "legend": self.legend,
            "options": self.options,
            "highlighted": self.highlighted,
            "stats": self.stats,
        }


# --- small pure helpers (unit-tested) -------------------------------------------------------------

def corroboration_width(sources: int) -> float:
    """Width in pixels by the number of distinct sources: one source -> base, each doubling adds a step."""
    if sources <= 1:
        return WIDTH_BASE
    return round(min(WIDTH_MAX, WIDTH_BASE + 2.0 * math.log2(sources)), 2)


def edge_width(amount_usd: float | None) -> float:
    """Width in pixels on a log scale of the amount: $10k and below or unknown -> base, each x10 adds a step."""
    if amount_usd is None or not math.isfinite(amount_usd) or amount_usd <= WIDTH_FROM_USD:
        return WIDTH_BASE
    return round(min(WIDTH_MAX, WIDTH_BASE + WIDTH_PER_DECADE * math.log10(amount_usd / WIDTH_FROM_USD)), 2)


def short_amount(amount_usd: float | None) -> str:
    if amount_usd is None or not math.isfinite(amount_usd):
        return ""
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(amount_usd) >= div:
            v = amount_usd / div
            return f"${v:.0f}{suffix}" if v >= 100 or v == int(v) else f"${v:.1f}{suffix}".replace(".0" + suffix, suffix)
    return f"${amount_usd:,.0f}"


def edge_kind(rel_type: str, schema: Schema) -> str:
    """money | control | other, from the schema's flags."""
    rt = schema.relation_types.get(rel_type)
    if rt is None:
        return "other"
    if rt.money:
        return "money"
    if rt.control:
        return "control"
    return "other"


KIND_COLORS = {"money": MONEY_COLOR, "control": CONTROL_COLOR, "other": OTHER_COLOR}


def edge_style(rel_type: str, status: str | None, schema: Schema) -> dict[str, Any]:
    """Colour and dash pattern of an edge: what it does (colour) and how sure it is (dashes, grey)."""
    color = VOID_COLOR if status in VOID_STATUSES else KIND_COLORS[edge_kind(rel_type, schema)]
    return {"color": color, "dashes": STATUS_DASHES.get(status, [4, 4])}


def dashes_for_width(dashes: Any, width: float) -> Any:
    """vis-network draws dashes with round caps that eat ``width`` px of every gap: widen the gaps so a
    thick alleged edge still looks dashed (a screenshot showed a 5 px dashed edge as solid)."""
    if not dashes:
        return False
    dash, gap = dashes
    return [dash, round(gap + width, 1)]


def dim(hex_color: str, alpha: float = DIM_NODE_ALPHA) -> str:
    """The colour blended toward white, as if drawn at ``alpha`` opacity on the white page."""
    h = hex_color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    try:
        r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return hex_color
    mix = lambda c: round(255 - (255 - c) * alpha)  # noqa: E731
    return f"#{mix(r):02x}{mix(g):02x}{mix(b):02x}"


def darker(hex_color: str, factor: float = 0.7) -> str:
    h = hex_color.lstrip("#")
    try:
        r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return hex_color
    return f"#{round(r * factor):02x}{round(g * factor):02x}{round(b * factor):02x}"


def centrality(graph: Graph) -> dict[str, float]:
    """Degree centrality on the MultiDiGraph (parallel relations count): how connected each entity is."""
    import networkx as nx

    g = nx.MultiDiGraph()
    g.add_nodes_from(e.id for e in graph.entities)
    g.add_edges_from((r.source, r.target, r.type) for r in graph.relations)
    if g.number_of_nodes() <= 1:
        return {n: 0.0 for n in g.nodes}
    return nx.degree_centrality(g)


def node_size(c: float, c_max: float) -> float:
    """Radius of a node from its centrality relative to the most central one (sqrt: area ~ centrality)."""
    frac = math.sqrt(c / c_max) if c_max > 0 else 0.0
    return round(12 + 26 * frac, 1)


# --- the view ------------------------------------------------------------------------------------

def view_data(
    graph: Graph,
    *,
    highlight_nodes: Iterable[str] = frozenset(),
    highlight_edges: Iterable[tuple[str, str, str]] = frozenset(),
    title: str = "",
    focus_nodes: Iterable[str] = frozenset(),
    schema: Schema | None = None,
) -> ViewData:
    """Nodes and edges styled from the schema. Highlighted entities and relations (keyed (source, type,
    target)) are drawn bold over dimmed context; focus entities (the centre of a neighbourhood) get a
    heavy border without dimming anything."""
    schema = schema or load_schema()
    hl_edges = set(highlight_edges)
    hl_nodes = set(highlight_nodes) | {s for s, _, _ in hl_edges} | {t for _, _, t in hl_edges}
    highlighting = bool(hl_nodes or hl_edges)

    entities = {e.id: e for e in graph.entities}
    # A relation may name an entity the graph does not carry (a partial answer): draw it anyway.
    for r in graph.relations:
        for end in (r.source, r.target):
            if end not in entities:
                entities[end] = Entity(id=end, name=getattr(r, "source_name" if end == r.source else "target_name", None) or end, type="?")

    sub = Graph(entities=list(entities.values()), relations=graph.relations, articles=graph.articles)
    cent = centrality(sub)
    c_max = max(cent.values(), default=0.0)
    big = len(entities) > BIG_GRAPH_NODES
    edge_labels = len(graph.relations) <= EDGE_LABELS_MAX

    focus = set(focus_nodes)
    nodes = [_node(e, cent.get(e.id, 0.0), c_max, schema, highlighting, e.id in hl_nodes, e.id in focus) for e in entities.values()]
    nodes.sort(key=lambda n: n["id"])

    articles = {a.id: a for a in graph.articles}
    pair_count: Counter[frozenset[str]] = Counter()
    edges = []
    for r in sorted(graph.relations, key=lambda r: (r.source, r.type, r.target)):
        pair = frozenset((r.source, r.target))
        index = pair_count[pair]
        pair_count[pair] += 1
        edges.append(_edge(r, index, entities, articles, schema, highlighting, r.key in hl_edges, edge_labels))

    return ViewData(
        title=title or "kg graph",
        nodes=nodes,
        edges=edges,
        legend=legend(schema, highlighting),
        options=options(len(nodes), big),
        highlighted=highlighting,
        stats={"entities": len(nodes), "relations": len(edges), "articles": len(graph.articles)},
    )


def _node(e: Entity, c: float, c_max: float, schema: Schema, highlighting: bool, hl: bool, focus: bool = False) -> dict[str, Any]:
    et = schema.entity_types.get(e.type)
    color = et.color if et else FALLBACK_TYPE_COLOR
    shape = et.shape if et else "dot"
    size = node_size(c, c_max)
    aliases = sorted({a for a in e.aliases if a and a != e.name})
    node: dict[str, Any] = {
        "id": e.id,
        "label": e.name,
        "shape": shape,
        "size": size,
        "borderWidth": 1.5,
        "color": {"background": color, "border": darker(color), "highlight": {"background": color, "border": "#111111"}},
        "font": {"size": round(17 + 8 * (size - 12) / 26), "color": "#1d2330"},
        "kg": {"name": e.name, "type": e.type, "type_label": et.label if et else e.type, "aliases": aliases, "id": e.id},
    }
    if shape in LABEL_INSIDE:
        # label-inside shapes: white text on the type colour, grown by margin instead of size
        node["font"]["color"] = "#ffffff"
        node["font"]["strokeWidth"] = 0
        node["margin"] = round(6 + (size - 12) / 3)
    if focus:
        node["borderWidth"] = 5
        node["color"]["border"] = "#1d2330"
        node["kg"]["focus"] = True
    if highlighting and hl:
        node["borderWidth"] = 4
        node["color"]["border"] = HIGHLIGHT_COLOR
        # the answer reads at the zoom that fits its whole context (a screenshot showed it too small)
        node["size"] = round(size + 6, 1)
        node["font"]["size"] += 4
        node["kg"]["highlighted"] = True
    elif highlighting:
        faint = dim(color)
        node["color"] = {"background": faint, "border": dim(darker(color)), "highlight": {"background": color, "border": "#111111"}}
        node["font"]["color"] = "#9aa1ad" if shape not in LABEL_INSIDE else "#6b7280"
    return node


def _edge(
    r: Relation,
    parallel_index: int,
    entities: dict[str, Entity],
    articles: dict,
    schema: Schema,
    highlighting: bool,
    hl: bool,
    with_label: bool,
) -> dict[str, Any]:
    rt = schema.relation_types.get(r.type)
    rel_label = rt.label if rt else r.type.lower().replace("_", " ")
    style = edge_style(r.type, r.status, schema)
    summary = r.summarized()
    width = edge_width(r.amount_usd)
    widths = {"amount": width, "sources": corroboration_width(summary.sources)}
    amount = r.amount_text or short_amount(r.amount_usd)
    amount_range = (f"{short_amount(summary.amount_min)}-{short_amount(summary.amount_max)}" if summary.amount_conflict
                     else short_amount(r.amount_usd))
    label_bits = [rel_label, amount_range]
    if r.status:
        label_bits.append(f"({r.status})")
    if summary.amount_conflict:
        label_bits.append("\u2260 conflict")  # the claims disagree on the amount: a lead
    color = style["color"]
    font_color = "#4a5160" if r.status not in VOID_STATUSES else "#8f8f8f"
    font_size = 15
    if highlighting and hl:
        color = HIGHLIGHT_COLOR if r.status not in VOID_STATUSES else dim(HIGHLIGHT_COLOR, 0.55)
        widths = {k: max(w, 3.0) + 2.0 for k, w in widths.items()}
        width = widths["amount"]
        font_color = "#8c1c2b"
        font_size = 19
    elif highlighting:
        color = DIM_EDGE_COLOR
        font_color = "#c3c8d0"
        font_size = 12  # context labels stay legible on zoom but do not compete with the answer
    edge: dict[str, Any] = {
        "id": f"{r.source}|{r.type}|{r.target}",
        "from": r.source,
        "to": r.target,
        "width": width,
        "dashes": dashes_for_width(style["dashes"], width),
        "color": {"color": color, "highlight": SELECT_COLOR, "hover": color},
        "font": {"color": font_color, "size": font_size},
        "kg": {
            "type": r.type,
            "label": rel_label,
            "kind": edge_kind(r.type, schema),
            "source": r.source,
            "target": r.target,
            "source_name": entities[r.source].name if r.source in entities else r.source,
            "target_name": entities[r.target].name if r.target in entities else r.target,
            "amount_usd": r.amount_usd,
            "amount": amount,
            "status": r.status,
            "confidence": round(float(r.confidence), 3),
            "summary": summary.to_dict(),
            "widths": widths,
            "evidence": [
                {
                    "article": ev.article,
                    "path": articles[ev.article].path if ev.article in articles else None,
                    "title": articles[ev.article].title if ev.article in articles else None,
                    "sentence": ev.sentence,
                    "status": ev.status,
                    **{k: v for k, v in (("source", ev.source), ("date", ev.date), ("amount", ev.amount_text)) if v is not None},
                }
                for ev in sorted(r.claims, key=lambda ev: (ev.date is None, ev.date or "", ev.article, ev.start))
            ],
            "highlighted": bool(highlighting and hl),
        },
    }
    if with_label:
        edge["label"] = " ".join(b for b in label_bits if b)
    if parallel_index:
        # relations between the same two entities fan out instead of drawing over each other
        edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": min(0.9, 0.3 * parallel_index)}
    return edge


def legend(schema: Schema, highlighting: bool) -> dict[str, Any]:
    kinds = defaultdict(list)
    for name, rt in schema.relation_types.items():
        kinds[edge_kind(name, schema)].append(rt.label)
    out = {
        "entities": [{"type": n, "label": t.label, "color": t.color, "shape": t.shape} for n, t in schema.entity_types.items()],
        "edges": [
            {"kind": k, "label": {"money": "money moves", "control": "control, ownership", "other": "other relations"}[k],
             "color": KIND_COLORS[k], "relations": kinds[k]}
            for k in ("money", "control", "other")
            if kinds[k]
        ],
        "statuses": status_legend(schema),
        "width": "line width grows with the amount (log scale), or with the number of sources (toggle)",
        "conflict": "\u2260 conflict: the claims disagree on the amount by more than 10%",
        "size": "node size grows with the number of relations (degree centrality)",
    }
    if highlighting:
        out["highlight"] = {"color": HIGHLIGHT_COLOR, "label": "the answer (context dimmed)"}
    return out


def status_legend(schema: Schema) -> list[dict[str, Any]]:
    """One row per distinct look: statuses drawn alike (withdrawn, denied) share a row."""
    rows: list[dict[str, Any]] = [{"statuses": [None], "label": "stated", "dashes": STATUS_DASHES[None], "color": OTHER_COLOR}]
    for s in schema.statuses:
        look = {"dashes": STATUS_DASHES.get(s, [4, 4]), "color": VOID_COLOR if s in VOID_STATUSES else OTHER_COLOR}
        same = next((r for r in rows if r["dashes"] == look["dashes"] and r["color"] == look["color"]), None)
        if same:
            same["statuses"].append(s)
            same["label"] += f" / {s}"
        else:
            rows.append({"statuses": [s], "label": s, **look})
    return rows


def options(n_nodes: int, big: bool) -> dict[str, Any]:
    """vis-network options: a layout that settles within a bounded number of iterations, then stops."""
    if big:
        physics = {
            "solver": "barnesHut",
            # theta 1.2 (coarser Barnes-Hut tree) and fewer iterations: 2,000 nodes settled in 27 s with the
            # defaults in headless Chromium, in about 9 s with these (rerun: python -m kg.viz.browser --synthetic 2000)
            "barnesHut": {"theta": 1.2, "gravitationalConstant": -6000, "centralGravity": 0.25, "springLength": 120,
                          "springConstant": 0.04, "damping": 0.4, "avoidOverlap": 0},
            "stabilization": {"enabled": True, "iterations": 150 if n_nodes > 1000 else 250, "updateInterval": 25, "fit": True},
            "minVelocity": 1.5,
            "timestep": 0.6,
        }
    else:
        physics = {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -160, "centralGravity": 0.01, "springLength": 170 if n_nodes > 12 else 260,
                                 "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        }
    return {
        "autoResize": True,
        "layout": {"improvedLayout": not big, "randomSeed": 7},
        "physics": physics,
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False, "multiselect": False},
        "nodes": {"font": {"face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "smooth": False,
            # horizontal labels: rotated small text along crowded edges was unreadable in screenshots
            "font": {"size": 15, "face": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "align": "horizontal",
                     "strokeWidth": 5, "strokeColor": "#ffffff"},
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
        },
    }
