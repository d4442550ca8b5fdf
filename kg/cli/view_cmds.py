"""``kg view``: draw the whole graph, or one entity's neighbourhood, as an offline HTML page."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import echo, handles_errors, open_store_for

DEFAULT_VIEW_FILE = "kg-view.html"


def register(app: typer.Typer) -> None:
    app.command("view")(view)


@handles_errors
def view(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="Draw only this entity and its neighbourhood (any name or alias).")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="Hops around NAME to include.")] = 1,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(DEFAULT_VIEW_FILE),
) -> None:
    """Write an interactive, self-contained HTML view of the graph (works offline; open it in a browser)."""
    from kg.viz import write_view

    focus: set[str] = set()
    with open_store_for(ctx, read_only=True) as store:
        if name is None:
            graph = store.export()
            title = f"kg: whole graph ({store.location})"
        else:
            from kg.query import find_entity, neighbourhood

            centre = find_entity(store, name)
            graph = neighbourhood(store, name, depth)
            focus = {centre.id}
            title = f"kg: {centre.name} and everything within {depth} hop{'s' if depth != 1 else ''}"
    path = write_view(graph, out, title=title, focus_nodes=focus)
    echo(f"wrote {path} ({len(graph.entities)} entities, {len(graph.relations)} relations)")
