"""The kg command line: a thin layer over the library. Each command parses its arguments, calls one
library function and formats what comes back; library errors become one line and an exit code."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.encode import strict_json
from kg.cli.common import (
    FormatOption,
    OutputFormat,
    Settings,
    emit,
    err,
    handles_errors,
    open_store_for,
    settings,
    warn,
)

app = typer.Typer(
    name="kg",
    help="kg: an investigator's knowledge graph of entities and fund flows, built from news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version_text() -> str:
    """The installed kg and the spaCy pipeline `kg ingest` would load (found, not loaded: that takes seconds)."""
    import importlib.metadata as md
    import os

    import spacy.util

    from kg.extract import MODEL_CANDIDATES

    chosen = os.environ.get("KG_SPACY_MODEL")
    try:
        lines = [f"kg {md.version('kg')}"]
    except md.PackageNotFoundError:  # a checkout on PYTHONPATH, never installed
        lines = ["kg (not installed: no version)"]
    for name in (chosen,) if chosen else MODEL_CANDIDATES:
        if spacy.util.is_package(name):
            return "\n".join(lines + [f"spaCy {spacy.about.__version__}, model {name} {spacy.util.get_package_version(name)}"])
        if Path(name).is_dir():
            meta = spacy.util.get_model_meta(Path(name))
            return "\n".join(lines + [f"spaCy {spacy.about.__version__}, model {name} ({meta['lang']}_{meta['name']} {meta['version']})"])
    tried = ", ".join((chosen,) if chosen else MODEL_CANDIDATES)
    return "\n".join(lines + [f"spaCy {spacy.about.__version__}, no model installed (tried {tried})"])


def _print_version(value: bool) -> None:
    if value:
        typer.echo(_version_text())
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print kg's version and the spaCy model it uses, then exit."),
    ] = None,
    store: Annotated[
        Optional[str],
        typer.Option("--store", envvar="KG_STORE", help="Folder of the embedded store (default: ./kg-data)."),
    ] = None,
    neo4j: Annotated[
        Optional[str],
        typer.Option(
            "--neo4j",
            envvar="NEO4J_URI",
            help="Use Neo4j at this bolt:// URI instead of the embedded store (credentials from NEO4J_USER / NEO4J_PASSWORD).",
        ),
    ] = None,
) -> None:
    from click.core import ParameterSource

    # An explicit --store on the command line beats a NEO4J_URI inherited from the environment.
    if store and ctx.get_parameter_source("store") == ParameterSource.COMMANDLINE and ctx.get_parameter_source("neo4j") == ParameterSource.ENVIRONMENT:
        neo4j = None
    ctx.obj = Settings(store=store, neo4j=neo4j)


@app.command()
@handles_errors
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Article files, folders (*.txt, *.md, recursively) or - for stdin.")],
    processes: Annotated[Optional[int], typer.Option("--processes", "-j", min=1, help="spaCy worker processes (default: one a core, at most 4).")] = None,
    scheduler: Annotated[
        Optional[str],
        typer.Option("--scheduler", help="Extract on a Dask cluster: tcp://HOST:8786, a scheduler file (*.json), or local:N for N local worker processes."),
    ] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="The articles' date (YYYY-MM-DD), for relative dates such as 'last week'; default: each article's date line.")] = None,
) -> None:
    """Extract entities and relations from articles and store them (each article once, by SHA-256)."""
    from contextlib import nullcontext

    from kg.errors import InputError
    from kg.extract.attribution import parse_date

    try:
        on = parse_date(date) if date else None
    except ValueError as e:
        raise InputError("--date", str(e)) from None
    if scheduler and processes is not None and processes > 1:
        from kg.errors import ClusterError

        raise ClusterError(f"--scheduler {scheduler} with -j {processes}: -j is for a local ingest; on a cluster the workers parse")
    if processes is None:
        from kg.extract.workers import default_processes

        processes = 1 if scheduler else default_processes()
    with open_store_for(ctx) as store, _cluster(scheduler) if scheduler else nullcontext() as extractor:
        report = _run_ingest(store, paths, processes, extractor, on)
    for path, reason in report.warnings:
        warn(f"{path}: {reason}")
    for path, reason in report.failures:
        err(f"{path}: {reason}")
    summary = (
        f"{report.articles_added} articles ingested, {report.articles_skipped} already stored; "
        f"{report.entities_added} entities and {report.relations_added} relations added ({store.backend} store: {store.location})"
    )
    if report.failures:
        summary += f"; {len(report.failures)} input(s) failed"
    typer.echo(summary)
    if report.failures:
        raise typer.Exit(code=2)


def _cluster(scheduler: str):
    from kg.distributed import ClusterExtractor

    return ClusterExtractor(scheduler)


def _run_ingest(store, paths, processes, extractor=None, date=None):
    from kg.ingest import ingest_paths

    if not sys.stderr.isatty():
        return ingest_paths(store, paths, n_process=processes, extractor=extractor, date=date)
    from rich.progress import Progress

    with Progress(transient=True, console=None) as progress:
        task = {"id": None}

        def on_count(n: int) -> None:
            if n >= 5:
                task["id"] = progress.add_task("ingesting", total=n)

        def on_article(path: str) -> None:
            if task["id"] is not None:
                progress.advance(task["id"])

        return ingest_paths(store, paths, on_article=on_article, on_count=on_count, n_process=processes, extractor=extractor, date=date)


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", "-f", help="json (the contract), graphml, csv, gexf (Gephi) or ftm (FollowTheMoney JSON lines).")] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Export the whole graph: entities, relations with their evidence, and articles."""
    from kg.errors import KgError
    from kg.export import FORMATS, render

    if format not in FORMATS:
        raise KgError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    with open_store_for(ctx, read_only=True) as store:
        text = render(store.export(), format)
    if output:
        from kg.outfile import write_output

        typer.echo(f"wrote {write_output(output, text)}", err=True)
    else:
        sys.stdout.write(text)


@app.command("import")
@handles_errors
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="A FollowTheMoney JSON-lines file (one entity per line).")],
    format: Annotated[str, typer.Option("--format", "-f", help="The file's format: ftm (FollowTheMoney JSON lines).")] = "ftm",
    dataset: Annotated[Optional[str], typer.Option("--dataset", help="The dataset name claims are attributed to (default: the entities' dataset, else the file name).")] = None,
) -> None:
    """Import FollowTheMoney entities (a registry's companies, directors, owners) as entities and claims."""
    from kg.errors import KgError
    from kg.ftm import import_ftm

    if format != "ftm":
        raise KgError(f"unknown import format {format!r}; choose ftm")
    with open_store_for(ctx) as store:
        report = import_ftm(store, file, dataset)
    for problem in report.skipped:
        warn(str(problem))
    for problem in report.problems:
        err(str(problem))
    summary = (f"{file}: dataset {report.dataset}: {report.entities_added} entities and {report.relations_added} "
               f"relations added ({store.backend} store: {store.location})")
    if report.problems:
        summary += f"; {len(report.problems)} bad line(s) not imported"
    typer.echo(summary)
    if report.problems:
        raise typer.Exit(code=2)


@app.command()
@handles_errors
def stats(ctx: typer.Context, format: Annotated[OutputFormat, FormatOption] = OutputFormat.table) -> None:
    """Count articles, entities by type and relations by type."""
    with open_store_for(ctx, read_only=True) as store:
        s = store.stats()
    if format == OutputFormat.json:
        typer.echo(strict_json(s, indent=2))
        return
    rows = [{"kind": "articles", "type": "Article", "count": s["articles"]}]
    rows += [{"kind": "entities", "type": t, "count": n} for t, n in s["entities"].items()]
    rows += [{"kind": "relations", "type": t, "count": n} for t, n in sorted(s["relations"].items())]
    emit(rows, format, ["kind", "type", "count"])


@app.command()
@handles_errors
def entities(
    ctx: typer.Context,
    type: Annotated[Optional[str], typer.Option("--type", "-t", help="Only this entity type (Person, Organization, Token, Group).")] = None,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """List entities with their aliases and how many relations each takes part in."""
    from kg.query import list_entities

    with open_store_for(ctx, read_only=True) as store:
        rows = list_entities(store, type)
    emit(rows, format, ["name", "type", "relations", "aliases", "id"], empty="no entities found")


@app.command()
@handles_errors
def cypher(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A read-only Cypher query; writes are refused.")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="key=value, bound as $key (value parsed as JSON when it can be).")] = None,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Run your own read-only Cypher on either backend."""
    from kg.errors import QueryError

    params = {}
    for p in param or []:
        if "=" not in p:
            raise QueryError(f"--param {p!r}: expected key=value")
        k, v = p.split("=", 1)
        try:
            params[k] = json.loads(v)
        except json.JSONDecodeError:
            params[k] = v
    with open_store_for(ctx, read_only=True) as store:
        rows = store.run_read_only(query, params)
    emit(rows, format, empty="no rows")


@app.command("eval")
@handles_errors
def eval_(
    paths: Annotated[list[str], typer.Argument(help="Annotated articles (*.txt with a .gold.json beside) or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Score extraction against gold annotations: precision, recall and F1 per article and micro-averaged."""
    from kg.evaluate import format_eval, run_eval

    report = run_eval(paths)
    typer.echo(strict_json(report, indent=2) if as_json else format_eval(report))


@app.command()
@handles_errors
def push(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="bolt:// URI of the Neo4j to copy into (credentials from NEO4J_USER / NEO4J_PASSWORD).")],
) -> None:
    """Copy the embedded store into Neo4j (idempotent: articles already there are skipped)."""
    from kg.errors import InputError
    from kg.store import open_store

    if not to.strip():
        raise InputError("--to", "empty; give the bolt:// URI of the Neo4j to copy the store into")
    s = settings(ctx)
    with open_store(s.store, None, read_only=True) as source:
        graph = source.export()
    with open_store(None, to) as target:
        added_e, added_r = target.write_graph(graph)
        typer.echo(f"pushed {len(graph.articles)} articles to {target.location}: {added_e} entities and {added_r} relations added")


def _register_more() -> None:
    """Commands of the query layer and the views live in their own modules."""
    from kg.cli import judge_cmds, query_cmds, view_cmds

    query_cmds.register(app)
    view_cmds.register(app)
    judge_cmds.register(app)


_register_more()
