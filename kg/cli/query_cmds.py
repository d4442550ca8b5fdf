"""The investigator's questions on the command line: ``kg trace funds``, ``kg trace control``,
``kg exposure``, ``kg related-party`` and ``kg explain``. Each parses its options, calls one function of
``kg.query`` and prints the answer as readable text (default), JSON or CSV."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Iterable, Optional

import typer

from kg.cli.common import echo, FormatOption, OutputFormat, emit, handles_errors, open_store_for

trace_app = typer.Typer(help="Follow money or control through the graph.", no_args_is_help=True)

HtmlOption = typer.Option(
    "--html",
    help="Also write an interactive HTML view of the answer: its paths highlighted over the entities on them and their neighbours.",
)
HOP_COLUMNS = ["path", "hop", "source", "type", "target", "amount_usd", "amount_min", "amount_max", "conflict", "status",
               "claims", "articles", "sources", "source_names", "first_date", "last_date", "evidence", "articles_ids",
               "source_id", "target_id"]
MinSourcesOption = typer.Option("--min-sources", min=1, help="Follow only edges stated by at least N distinct sources (a named source, or an article in its own voice).")
StatusOption = typer.Option("--status", help="Follow only edges with a claim of this status: stated, alleged, denied, withdrawn or planned.")
SinceOption = typer.Option("--since", help="Follow only edges with a claim dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated edges stay.")
UntilOption = typer.Option("--until", help="Follow only edges with a claim dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD); undated edges stay.")


def register(app: typer.Typer) -> None:
    app.add_typer(trace_app, name="trace")
    app.command("exposure")(exposure)
    app.command("related-party")(related_party)
    app.command("explain")(explain)
    app.command("claims")(claims)


# --- formatting ----------------------------------------------------------------------------------

def _evidence(hops, indent: str = "    ") -> list[str]:
    from kg.query import evidence_lines

    return evidence_lines(hops, indent)


def _echo_grouped(titles: list[str], hops) -> None:
    """The paths first, then each distinct hop's summary and claims once (not again under every path)."""
    for t in titles:
        echo(t)
    lines = _evidence(hops)
    if lines:
        echo("Evidence:")
        for line in lines:
            echo(line)


def _hop_rows(label: Any, hops) -> list[dict[str, Any]]:
    return [{"path": label, "hop": i, **h.row()} for i, h in enumerate(hops, 1)]


def _write_html(store, out: Path, hops, title: str) -> None:
    """The answer's hops highlighted over the subgraph of the entities on them plus their neighbours."""
    from kg.errors import KgError
    from kg.query import subgraph

    try:
        from kg.viz import write_view
    except ImportError as e:
        raise KgError(f"{out}: cannot write the view: kg.viz is not available ({e})") from None
    hops = list(hops)
    nodes = {h.source for h in hops} | {h.target for h in hops}
    graph = subgraph(store, nodes, depth=1)
    path = write_view(graph, out, highlight_nodes=nodes, highlight_edges={h.key for h in hops}, title=title)
    echo(f"wrote {path}", err=True)


# --- commands ------------------------------------------------------------------------------------

@trace_app.command("funds")
@handles_errors
def trace_funds(
    ctx: typer.Context,
    from_name: Annotated[Optional[str], typer.Option("--from", help="Start at this entity (any name, alias or near-spelling); default: every customer group.")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6, help="Most money-moving hops per path (1-6).")] = 4,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most this many paths (largest first).")] = 100,
    min_sources: Annotated[Optional[int], MinSourcesOption] = None,
    status: Annotated[Optional[str], StatusOption] = None,
    since: Annotated[Optional[str], SinceOption] = None,
    until: Annotated[Optional[str], UntilOption] = None,
    ordered: Annotated[bool, typer.Option("--ordered", help="Drop the paths whose money leaves a party before it arrived there (by the hops' dates); they are otherwise shown and flagged.")] = False,
    html: Annotated[Optional[Path], HtmlOption] = None,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Where the money went: paths along DEPOSITED_WITH, LENT_TO, TRANSFERRED_TO and INVESTED_IN edges, each
    hop with its amount range, status, claims, sources and dates; ranked by the largest amount on any hop.
    A path whose dated hops run backwards in time is flagged (or dropped with --ordered)."""
    from kg.query import HOP_CAP, HopFilter, fund_paths

    where = HopFilter(min_sources, status, since, until)
    with open_store_for(ctx, read_only=True) as store:
        paths = fund_paths(store, from_name=from_name, depth=depth, limit=limit, where=where, ordered=ordered)
        if html:
            start = f"from {from_name}" if from_name else "from customer groups"
            _write_html(store, html, [h for p in paths for h in p.hops], f"kg: fund paths {start}")
    if format == OutputFormat.json:
        emit([p.to_dict() for p in paths], format)
    elif format == OutputFormat.csv:
        emit([r for i, p in enumerate(paths, 1) for r in _hop_rows(i, p.hops)], format, HOP_COLUMNS)
    elif not paths:
        start = f"from '{from_name}'" if from_name else "from any customer group (type Group)"
        echo(f"no fund paths {start}")
    else:
        _echo_grouped([f"Path {i}: {p.text()}" for i, p in enumerate(paths, 1)], [h for p in paths for h in p.hops])
        if len(paths) == limit:
            echo(f"(first {limit} paths; --limit shows more)")
        if paths[0].truncated:
            echo(f"(truncated: past {HOP_CAP} money edges of one entity, or too many open paths, only the largest were followed)")


@trace_app.command("control")
@handles_errors
def trace_control(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The entity (any name, alias or near-spelling).")],
    up: Annotated[bool, typer.Option("--up", help="Only who controls NAME, up to its ultimate controllers.")] = False,
    down: Annotated[bool, typer.Option("--down", help="Only what NAME controls, down to the last entity.")] = False,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6, help="Most control steps per path (1-6).")] = 5,
    min_sources: Annotated[Optional[int], MinSourcesOption] = None,
    status: Annotated[Optional[str], StatusOption] = None,
    since: Annotated[Optional[str], SinceOption] = None,
    until: Annotated[Optional[str], UntilOption] = None,
    html: Annotated[Optional[Path], HtmlOption] = None,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Who ultimately controls NAME and what it controls, through CONTROLS, OWNS, FOUNDED (controller to
    controlled) and SUBSIDIARY_OF (child to parent): a path for each, with evidence."""
    from kg.errors import QueryError
    from kg.query import HOP_CAP, HopFilter, control_chain

    if up and down:
        raise QueryError("--up and --down exclude each other (give neither for both directions)")
    direction = "up" if up else "down" if down else "both"
    where = HopFilter(min_sources, status, since, until)
    with open_store_for(ctx, read_only=True) as store:
        chain = control_chain(store, name, direction=direction, depth=depth, where=where)
        if html:
            _write_html(store, html, [h for _, p in chain.paths() for h in p.hops], f"kg: control of {chain.entity.name}")
    if format == OutputFormat.json:
        emit([chain.to_dict()], format)
        return
    if format == OutputFormat.csv:
        rows = [
            {**r, "direction": d} for i, (d, p) in enumerate(chain.paths(), 1) for r in _hop_rows(i, p.hops)
        ]
        emit(rows, format, ["direction", *HOP_COLUMNS])
        return
    sections = [("up", "Controlled by", chain.up), ("down", "Controls", chain.down)]
    for d, heading, paths in sections:
        if direction not in ("both", d):
            continue
        if not paths:
            echo(f"{chain.entity.name}: no {'controllers' if d == 'up' else 'controlled entities'} found")
            continue
        echo(f"{heading} ({chain.entity.name}):")
        _echo_grouped([f"Path {i}: {p.text()}" for i, p in enumerate(paths, 1)], [h for p in paths for h in p.hops])
    if chain.truncated:
        echo(f"(truncated: past {HOP_CAP} control edges of one entity, or too many paths, not every path was followed)")


@handles_errors
def exposure(
    ctx: typer.Context,
    token: Annotated[str, typer.Argument(help="The token (any name, alias or near-spelling).")],
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6, help="Control levels to climb above each holder (1-6).")] = 3,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Who is exposed to a token: who issued it, who holds it (with amounts) and who controls the holders."""
    from kg.query import token_exposure

    with open_store_for(ctx, read_only=True) as store:
        exp = token_exposure(store, token, depth=depth)
    parties = [("issuer", h) for h in exp.issuers] + [("holder", h) for h in exp.holders]
    if format == OutputFormat.json:
        emit([exp.to_dict()], format)
        return
    if format == OutputFormat.csv:
        rows = []
        for role, h in parties:
            controllers = sorted({p.controller.name for p in h.controllers})
            rows.append({"token": exp.token.name, "role": role, **h.hop.row(), "controllers": controllers})
        emit(rows, format, ["token", "role", "source", "type", "amount_usd", "amount_min", "amount_max", "conflict", "status",
                            "claims", "sources", "source_names", "controllers", "evidence", "articles_ids", "source_id"])
        return
    if not parties:
        echo(f"{exp.token.name}: no issuer or holder found")
        return
    echo(f"Token {exp.token.name} ({exp.token.id})")
    for role, h in parties:
        echo(f"{role.capitalize()}: {h.hop.text()}")
        for line in _evidence([h.hop]):
            echo(line)
        for p in h.controllers:
            echo(f"    controlled via: {p.text()}")
            for line in _evidence(p.hops, "        "):
                echo(line)


@handles_errors
def related_party(
    ctx: typer.Context,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=6, help="Most control steps from the shared controller to each party (1-6).")] = 3,
    html: Annotated[Optional[Path], HtmlOption] = None,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Money-moving edges between parties under common control (or from a controller to what it controls),
    with the shared controller, the amount, status and evidence."""
    from kg.query import related_party_flows

    with open_store_for(ctx, read_only=True) as store:
        flows = related_party_flows(store, depth=depth)
        if html:
            hops = [h for f in flows for h in _flow_hops(f)]
            _write_html(store, html, hops, "kg: related-party flows")
    if format == OutputFormat.json:
        emit([f.to_dict() for f in flows], format)
    elif format == OutputFormat.csv:
        rows = [{"flow": i, "controller": f.controller.name, **f.flow.row(), "controller_id": f.controller.id} for i, f in enumerate(flows, 1)]
        emit(rows, format, ["flow", "controller", "source", "type", "target", "amount_usd", "amount_min", "amount_max", "conflict",
                            "status", "claims", "sources", "source_names", "evidence", "articles_ids", "controller_id", "source_id", "target_id"])
    elif not flows:
        echo("no related-party flows found (no money-moving edge joins parties with a common controller)")
    else:
        for i, f in enumerate(flows, 1):
            echo(f"Flow {i}: {f.flow.text()}  (common controller: {f.controller.name})")
            for line in _evidence([f.flow]):
                echo(line)
            for p in (f.to_source, f.to_target):
                if p is not None:
                    echo(f"    control: {p.text()}")


def _flow_hops(f) -> Iterable:
    yield f.flow
    for p in (f.to_source, f.to_target):
        if p is not None:
            yield from p.hops


@handles_errors
def explain(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One entity (any name, alias or near-spelling).")],
    b: Annotated[str, typer.Argument(help="The other entity.")],
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Every relation between two entities, in either direction, with its evidence."""
    from kg.query import evidence_between

    with open_store_for(ctx, read_only=True) as store:
        hops = evidence_between(store, a, b)
    if format == OutputFormat.json:
        emit([h.to_dict() for h in hops], format)
    elif format == OutputFormat.csv:
        emit([h.row() for h in hops], format, HOP_COLUMNS[2:])
    elif not hops:
        echo(f"no relation found between '{a}' and '{b}'")
    else:
        for h in hops:
            echo(h.text())
            for line in _evidence([h]):
                echo(line)


CLAIM_COLUMNS = ["date", "source", "type", "target", "status", "amount_text", "amount_usd", "attributed_to", "article", "sentence",
                 "start", "end", "source_id", "target_id"]


@handles_errors
def claims(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One entity (any name, alias or near-spelling).")],
    b: Annotated[str, typer.Argument(help="The other entity.")],
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Every claim between two entities, either direction, oldest first: each statement with its source,
    status, amount, date and sentence."""
    from kg.query import claims_between

    with open_store_for(ctx, read_only=True) as store:
        pairs = claims_between(store, a, b)
    rows = [{"date": c.date, "source": h.source_name, "type": h.type, "target": h.target_name, "status": c.status_name,
             "amount_text": c.amount_text, "amount_usd": c.amount_usd, "attributed_to": c.source, "article": c.article,
             "sentence": c.sentence, "start": c.start, "end": c.end, "source_id": h.source, "target_id": h.target}
            for h, c in pairs]
    if format == OutputFormat.json:
        emit([{"source": h.source, "source_name": h.source_name, "type": h.type, "target": h.target,
               "target_name": h.target_name, "claim": {**c.claim_dict(), "status": c.status_name}} for h, c in pairs], format)
    elif format == OutputFormat.csv:
        emit(rows, format, CLAIM_COLUMNS)
    elif not rows:
        echo(f"no claim found between '{a}' and '{b}'")
    else:
        emit(rows, format, ["date", "source", "type", "target", "status", "amount_text", "attributed_to", "article", "sentence"])
