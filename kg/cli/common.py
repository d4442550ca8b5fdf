"""What every command shares: the global options, opening the store, turning errors into one line and
an exit code, and formatting rows as a table, JSON or CSV."""
from __future__ import annotations

import csv
import functools
import io
import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterable

import typer

from kg.encode import csv_cell, strict_json, terminal_text
from kg.errors import KgError


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@dataclass
class Settings:
    store: str | None = None
    neo4j: str | None = None


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Settings) else Settings()


def open_store_for(ctx: typer.Context, *, read_only: bool = False):
    from kg.store import open_store

    s = settings(ctx)
    return open_store(s.store, s.neo4j, read_only=read_only)


def echo(text: str = "", *, err: bool = False) -> None:
    """Print a line of text with any control characters from article text or names taken out."""
    typer.echo(terminal_text(text), err=err)


def err(message: str) -> None:
    typer.echo(f"kg: {terminal_text(message, keep_newlines=False)}", err=True)


def warn(message: str) -> None:
    typer.echo(f"kg: warning: {terminal_text(message, keep_newlines=False)}", err=True)


def handles_errors(fn: Callable) -> Callable:
    """KgError -> its one-line message and exit code; anything unexpected -> one line, exit 70
    (KG_DEBUG=1 shows the traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except KgError as e:
            err(str(e))
            raise typer.Exit(code=e.exit_code) from None
        except BrokenPipeError:  # `kg ... | head`: the reader has gone, which is not an error of ours
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(code=141) from None
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(code=130) from None
        except Exception as e:  # a bug: still one line, never a success code
            if os.environ.get("KG_DEBUG"):
                raise
            err(f"internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} (set KG_DEBUG=1 for details)")
            raise typer.Exit(code=70) from None

    return wrapper


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    return terminal_text(str(v), keep_newlines=False)


def table(rows: list[dict[str, Any]], columns: Iterable[str] | None = None, *, max_width: int = 80) -> str:
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip()
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(out)


def emit(rows: list[dict[str, Any]], fmt: OutputFormat, columns: Iterable[str] | None = None, *, empty: str = "nothing found") -> None:
    """Print rows in the chosen format; an empty answer is a message (table) or an empty document."""
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == OutputFormat.json:
        typer.echo(strict_json(rows, indent=2, default=str))
    elif fmt == OutputFormat.csv:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: csv_cell(strict_json(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
        sys.stdout.write(buf.getvalue())
    elif not rows:
        typer.echo(empty)
    else:
        echo(table(rows, cols))


FormatOption = typer.Option("--format", "-f", help="Output format: table (default), json or csv.")
