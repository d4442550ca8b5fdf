"""View data -> one self-contained HTML page, and writing it.

The page inlines the vis-network library shipped inside the pyvis package (no CDN, nothing fetched at run
time), kg's own small script and stylesheet (``view.js``, ``view.css``) and the view data as JSON that
cannot close its ``<script>`` element. A Content-Security-Policy forbids the page any network request.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from kg.encode import strict_json
from kg.errors import KgError
from kg.model import Graph
from kg.viz.view import ViewData, view_data

VIS_NETWORK_VERSION = "9.1.2"
# Nothing may leave the page: scripts and styles are inline, images only data: (none are used today).
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'"


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """vis-network's minified script as shipped in the pyvis wheel."""
    base = resources.files("pyvis")
    for rel in (f"lib/vis-{VIS_NETWORK_VERSION}/vis-network.min.js", f"templates/lib/vis-{VIS_NETWORK_VERSION}/vis-network.min.js"):
        f = base.joinpath(rel)
        if f.is_file():
            # drop the source-map comment: nothing should ever ask for vis-network.min.js.map
            text = re.sub(r"//# sourceMappingURL=\S*\s*$", "", f.read_text(encoding="utf-8"))
            if "</script" in text.lower():  # never true for 9.1.2; guards a future pyvis upgrade
                raise KgError(f"pyvis' {rel} contains '</script' and cannot be inlined")
            return text
    raise KgError(f"vis-network {VIS_NETWORK_VERSION} not found in the installed pyvis package ({base}); reinstall pyvis>=0.3.2")


def _asset(name: str) -> str:
    return resources.files("kg.viz").joinpath(name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element: no '<', '>' or '&' survive, so neither '</script'
    nor '<!--' can appear; U+2028/2029 escaped for old JS parsers."""
    text = strict_json(value, separators=(",", ":"))  # an amount stored as inf by an older kg is drawn as unknown
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_html(view: ViewData) -> str:
    page = _asset("template.html")
    parts = {
        "{{CSP}}": html.escape(CSP, quote=False),  # a constant; its single quotes may stay
        "{{TITLE}}": html.escape(view.title),
        "{{CSS}}": _asset("view.css"),
        "{{DATA}}": script_json(view.to_dict()),
        "{{VIS_JS}}": vis_network_js(),
        "{{APP_JS}}": _asset("view.js"),
    }
    # re.sub never rescans what it inserted, so article text that looks like a placeholder stays text
    return re.sub(r"\{\{[A-Z_]+\}\}", lambda m: parts[m.group(0)], page)


def write_view(
    graph: Graph,
    out: Path,
    *,
    highlight_nodes: Iterable[str] = frozenset(),
    highlight_edges: Iterable[tuple[str, str, str]] = frozenset(),
    title: str = "",
    focus_nodes: Iterable[str] = frozenset(),
) -> Path:
    """Draw ``graph`` as one offline HTML file at ``out``; highlighted entities and relations (keyed
    (source_id, type, target_id)) are drawn bold over their dimmed context; ``focus_nodes`` get a heavy
    border. Returns the absolute path."""
    page = render_html(
        view_data(graph, highlight_nodes=highlight_nodes, highlight_edges=highlight_edges, title=title, focus_nodes=focus_nodes)
    )
    from kg.outfile import write_output

    return Path(write_output(out, page))
