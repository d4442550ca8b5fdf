"""The investigator corrects the resolver: candidate duplicates, merges that can be undone, parties kept
apart, and the judgements that record each of these (kg.store.base, kg.dedupe)."""
from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import FormatOption, OutputFormat, echo, emit, err, handles_errors, open_store_for
from kg.errors import InputError, JudgementError

judgements_app = typer.Typer(help="List the judgements (merges, distinct and unsure pairs), or move them between stores.",
                             invoke_without_command=True, no_args_is_help=False)

JUDGEMENT_COLUMNS = ["at", "kind", "a_name", "b_name", "reason", "who", "state", "a", "b"]
CANDIDATE_COLUMNS = ["score", "reason", "a_name", "b_name", "a", "b"]


def register(app: typer.Typer) -> None:
    app.command("dedupe")(dedupe)
    app.command("merge")(merge)
    app.command("unmerge")(unmerge)
    app.command("distinct")(distinct)
    app.add_typer(judgements_app, name="judgements")


def _who() -> str:
    return os.environ.get("KG_USER") or getpass.getuser()


def _entity(store, name: str):
    from kg.query import find_entity

    return find_entity(store, name)


@handles_errors
def dedupe(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="Show at most this many pairs.", min=1)] = 50,
    review: Annotated[bool, typer.Option("--review", help="Judge each pair in turn: same / different / unsure / skip / quit.")] = False,
    format: Annotated[OutputFormat, FormatOption] = OutputFormat.table,
) -> None:
    """Candidate duplicate entities, best first, each with a score and the reason; pairs already judged are left out."""
    from kg.dedupe import candidates

    with open_store_for(ctx, read_only=not review) as store:
        found = candidates(store.entities(), judged=store.judged_pairs(), neighbours=store.neighbour_ids())
        if not review:
            emit([c.to_dict() for c in found[:limit]], format, CANDIDATE_COLUMNS, empty="no candidate duplicates")
            return
        _review(store, found[:limit])


def _review(store, found) -> None:
    from kg.model import Judgement

    gone: set[str] = set()
    answers = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "q": "quit"}
    for i, c in enumerate(found, 1):
        if c.a.id in gone or c.b.id in gone:
            continue
        echo(f"\n[{i}/{len(found)}] {c.score:.2f}  {c.reason}")
        for e in (c.a, c.b):
            echo(f"  {e.name} ({e.type}, {e.id}); also: {'; '.join(n for n in e.aliases if n != e.name) or '-'}")
        choice = typer.prompt("same / different / unsure / skip / quit [s/d/u/k/q]", default="k", show_default=False).strip().lower()[:1]
        answer = answers.get(choice)
        if answer is None:
            echo("  (not an answer: skipped)")
            continue
        if answer == "quit":
            break
        if answer == "skip":
            continue
        if answer == "same":
            j = store.merge_entities(c.a.id, c.b.id, reason=f"kg dedupe --review: {c.reason}", who=_who())
            gone.add(c.b.id)
            echo(f"  merged '{c.b.name}' into '{c.a.name}' ({j.id})")
        else:
            j = store.record_judgement(Judgement(answer, c.a.id, c.b.id, c.a.name, c.b.name, f"kg dedupe --review: {c.reason}", _who()))
            echo(f"  recorded: {answer} ({j.id})")


@handles_errors
def merge(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="The entity to keep (any name, alias or near-spelling).")],
    b: Annotated[str, typer.Argument(help="The entity merged into it.")],
    reason: Annotated[str, typer.Option(help="Why they are one party (kept with the judgement).")] = "",
) -> None:
    """Merge two entities into one: B's names become A's aliases and its relations, claims and mentions move to A (kg unmerge undoes it)."""
    with open_store_for(ctx) as store:
        ea, eb = _entity(store, a), _entity(store, b)
        j = store.merge_entities(ea.id, eb.id, reason=reason, who=_who())
    echo(f"merged '{eb.name}' ({eb.id}) into '{ea.name}' ({ea.id}); 'kg unmerge {eb.id}' undoes it [{j.id}]")


@handles_errors
def unmerge(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="The absorbed entity's id or name, or the kept entity (its latest merge is undone).")],
) -> None:
    """Undo a merge: the absorbed entity comes back with its names, relations, claims and mentions."""
    from kg.names import normalize

    with open_store_for(ctx) as store:
        merges = [j for j in store.judgements() if j.active and j.kind == "same" and j.snapshot]
        absorbed = next((j.b for j in reversed(merges) if entity in (j.b,) or normalize(entity) == normalize(j.b_name)), None)
        target = absorbed or _entity(store, entity).id
        j = store.unmerge(target)
    echo(f"unmerged '{j.b_name}' ({j.b}) from '{j.a_name}' ({j.a}) [{j.id}]")


@handles_errors
def distinct(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One entity.")],
    b: Annotated[str, typer.Argument(help="The other entity.")],
    reason: Annotated[str, typer.Option(help="Why they are different parties.")] = "",
    unsure: Annotated[bool, typer.Option("--unsure", help="Record the pair as unsure instead (kg dedupe stops proposing it).")] = False,
) -> None:
    """Two entities are different parties: never merged, now or when later articles arrive."""
    from kg.model import Judgement

    from kg.resolve import entity_id

    kind = "unsure" if unsure else "different"
    with open_store_for(ctx) as store:
        ea, eb = _entity(store, a), _entity(store, b)
        if ea.id == eb.id:
            # B is a name ingest folded into A: keep that name's own entity apart from A from now on
            b_id = entity_id(ea.type, b)
            if b_id == ea.id:
                raise JudgementError(f"'{a}' and '{b}' are the same name of {ea.id}: nothing to tell apart")
            j = store.record_judgement(Judgement(kind, ea.id, b_id, ea.name, b, reason, _who()))
            echo(f"recorded: '{b}' is not '{ea.name}' [{j.id}]; ingest keeps it apart from now on, and a store "
                       "rebuilt from the articles after 'kg judgements import' holds both")
            return
        j = store.record_judgement(Judgement(kind, ea.id, eb.id, ea.name, eb.name, reason, _who()))
    echo(f"recorded: '{ea.name}' and '{eb.name}' are {'perhaps the same' if unsure else 'different'} [{j.id}]")


def _rows(judgements) -> list[dict]:
    return [{**j.to_dict(), "state": ("undone " + j.undone_at) if j.undone_at else ("pending" if j.kind == "same" and not j.snapshot else "active"),
             "id": j.id} for j in judgements]


@judgements_app.callback()
@handles_errors
def judgements(ctx: typer.Context, format: Annotated[OutputFormat, FormatOption] = OutputFormat.table) -> None:
    """Every judgement, oldest first: who said what of which two entities, when and why."""
    if ctx.invoked_subcommand is not None:
        return
    with open_store_for(ctx, read_only=True) as store:
        emit(_rows(store.judgements()), format, JUDGEMENT_COLUMNS, empty="no judgements")


@judgements_app.command("export")
@handles_errors
def judgements_export(
    ctx: typer.Context,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of standard output.")] = None,
) -> None:
    """The active judgements as JSON lines, to replay onto another store or a rebuilt one (kg judgements import)."""
    with open_store_for(ctx, read_only=True) as store:
        lines = [json.dumps(j.to_dict(), ensure_ascii=False, sort_keys=True, allow_nan=False) for j in store.judgements()
                 if j.active]
    text = "".join(line + "\n" for line in lines)
    if output is None:
        sys.stdout.write(text)
    else:
        from kg.outfile import write_output

        echo(f"{len(lines)} judgements written to {write_output(output, text)}")


@judgements_app.command("import")
@handles_errors
def judgements_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON lines from kg judgements export ('-' for standard input).")],
) -> None:
    """Replay judgements onto this store: applied where both entities are here, kept pending until they arrive otherwise."""
    from kg.model import Judgement

    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(file), f"cannot read ({e.__class__.__name__}: {e})") from None
    good, bad = [], 0
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            good.append(Judgement.from_dict(json.loads(line)))
        except (ValueError, TypeError) as e:
            err(f"{file}:{n}: not a judgement ({e})")
            bad += 1
    with open_store_for(ctx) as store:
        applied, pending, skipped = store.import_judgements(good)
    echo(f"{applied} judgements applied, {pending} pending (their entities are not stored yet), {skipped} already here")
    if bad:
        raise typer.Exit(code=InputError.exit_code)
