"""Views: a Graph drawn as one self-contained, offline HTML page (vis-network, inlined from pyvis).

``view`` turns the graph into view data (pure), ``render`` makes and writes the page, ``browser`` opens
pages in headless Chromium for the tests and the benchmark.
"""
from __future__ import annotations

from kg.viz.render import render_html, write_view
from kg.viz.view import ViewData, view_data

__all__ = ["write_view", "render_html", "view_data", "ViewData"]
