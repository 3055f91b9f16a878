"""Who is the buyer: the buyer list, one name resolved, the registry rebuilt, the chip table."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from store.db import connect
from tenderwatch.options import DEFAULT_DB, DbOption, UserError, out

app = typer.Typer()
buyers_app = typer.Typer(help="Buyers with their hit counts and US list flags; 'buyers resolve NAME' for one name.")
refdata_app = typer.Typer(help="The buyer registry in data/refdata: rebuild it from the public lists.")
app.add_typer(buyers_app, name="buyers")
app.add_typer(refdata_app, name="refdata")

RefdataOption = Annotated[Optional[Path], typer.Option(
    "--refdata", help="The registry folder (default data/refdata).", envvar="TENDERWATCH_REFDATA")]


def flag_labels(flags: list[dict]) -> str:
    """'entity_list 2012-09-19, 1286 (via 四川大学)' — the flags as one short line."""
    labels = []
    for f in flags:
        label = f["list"] + (f" [{f['category']}]" if f.get("category") else "")
        label += f" (via {f.get('via') or 'parent'})" if f.get("via_parent") else (f" {f['date']}" if f.get("date") else "")
        labels.append(label)
    return ", ".join(labels)


@buyers_app.callback(invoke_without_command=True)
def buyers(
    ctx: typer.Context,
    suppliers: Annotated[bool, typer.Option("--suppliers", help="List suppliers instead of buyers.")] = False,
    listed: Annotated[bool, typer.Option("--listed", help="Only names on a US list (directly or via a parent).")] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
    format_: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """List buyers (or suppliers) with their notices, hits, English name, type and flags, most hits first.

    Example: tenderwatch buyers --listed
    """
    if ctx.invoked_subcommand:
        return
    from query.buyers import fetch_buyers

    if format_ not in ("table", "json"):
        raise UserError(f"--format must be table or json, not {format_!r}")
    with connect(db, read_only=True) as con:
        rows = fetch_buyers(con, "supplier" if suppliers else "buyer", listed, limit)
    if format_ == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.print("no buyers resolved yet; run 'tenderwatch extract'")
        return
    from rich.table import Table

    table = Table(title=f"{len(rows)} {'suppliers' if suppliers else 'buyers'}", show_lines=False)
    for column in ("name", "English name", "type", "notices", "hits", "flags"):
        table.add_column(column, overflow="fold")
    for row in rows:
        marker = "[bold red]⚑[/bold red] " if row["us_listed"] else ""
        parent = f"\n[dim]part of {row['parent']}[/dim]" if row["parent"] else ""
        table.add_row(f"{marker}{row['name']}{parent}", row["english_name"] or "", row["type"] or "",
                      str(row["notices"]), str(row["hits"]), flag_labels(row["flags"]))
    out.print(table)


@buyers_app.command("resolve")
def resolve_name(
    name: Annotated[str, typer.Argument(help="A buyer or supplier name, in Chinese or English.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object (the documented contract).")] = False,
    refdata: RefdataOption = None,
) -> None:
    """What the registry says about one name: normalised name, English name, type, parent, identifiers, flags.

    Example: tenderwatch buyers resolve 四川大学华西医院 --json
    """
    from refdata import load_registry

    try:
        found = load_registry(refdata).resolve(name)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]{found.name}[/bold]  {found.english_name or ''}  ({found.type}, {found.match})", highlight=False)
    if found.parent:
        out.print(f"  part of {found.parent.name}  {found.parent.english_name or ''}", highlight=False)
    for key, value in found.identifiers.items():
        out.print(f"  {key}: {value}", highlight=False)
    for f in found.flags:
        via = f" via {f.via}" if f.via_parent else ""
        out.print(f"  ⚑ {f.list}{via}: {f.source}, {f.date or 'no date'}"
                  + (f" — listed as '{f.entry}'" if f.entry else ""), highlight=False)
    if not found.flags:
        out.print("  on no list")


@refdata_app.command("update")
def update(
    source: Annotated[Path, typer.Option("--from", help="A folder of the public lists (layout: data/SOURCES.md).")],
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="The registry folder to rewrite (default data/refdata).")] = None,
) -> None:
    """Rewrite the derived list files from newer copies of the public lists, then rebuild the registry.

    Example: tenderwatch refdata update --from ~/downloads/reference-data
    """
    from refdata.build import derive
    from refdata.registry import default_dir
    from refdata.sources import SourceError

    target = data_dir or default_dir()
    try:
        counts = derive(source, target)
    except SourceError as exc:
        raise UserError(str(exc)) from None
    out.print("derived " + ", ".join(f"{name}: {n} rows" for name, n in counts.items()), highlight=False)
    _build_and_report(target)


@refdata_app.command("build")
def build_registry(
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="The registry folder (default data/refdata).")] = None,
) -> None:
    """Rebuild registry.jsonl from the derived files and the curated entities.csv and list_matches.csv.

    Example: tenderwatch refdata build
    """
    from refdata.registry import default_dir

    _build_and_report(data_dir or default_dir())


def _build_and_report(folder: Path) -> None:
    from refdata.build import BuildError, build

    try:
        report = build(folder)
    except BuildError as exc:
        raise UserError(str(exc)) from None
    out.print(f"registry {report.version}: {report.entities} organisations, {report.moe_resolved}/{report.moe} MoE "
              f"institutions; direct flags: " + ", ".join(f"{k} {v}" for k, v in sorted(report.flags.items())),
              highlight=False)
    out.print(f"{report.matches_applied} reviewed matches applied, {report.uscc_matches} by 统一社会信用代码; "
              f"review_queue.csv: {report.proposals} proposals, {report.unmatched_institutions} unmatched "
              "institutions", highlight=False)
    for stale in report.stale_matches:
        out.print(f"[yellow]stale match (no longer on the list): {stale}[/yellow]", highlight=False)
    for unknown in report.unknown_names:
        out.print(f"[yellow]names an organisation that no file holds: {unknown}[/yellow]", highlight=False)


@app.command()
def chips() -> None:
    """The chip table of data/lexicon.yaml: model, vendor, whether restricted, the rule that caught it.

    Example: tenderwatch chips
    """
    from rich.table import Table

    from classify.lexicon import default_lexicon

    table = Table(title="chips")
    for column in ("chip", "vendor", "restricted", "rule", "aliases"):
        table.add_column(column, overflow="fold")
    for chip in default_lexicon().chips:
        table.add_row(chip.name, chip.vendor, "yes" if chip.restricted else "no", chip.rule, ", ".join(chip.aliases))
    out.print(table)
