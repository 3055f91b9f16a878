"""Reading the database: the hit list as a table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Optional

import typer

from store.db import connect
from tenderwatch.options import DEFAULT_DB, DbOption, UserError, money, out, parse_day

app = typer.Typer()


@app.command()
def hits(
    since: Annotated[Optional[str], typer.Option(help="Published on or after, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before, YYYY-MM-DD.")] = None,
    label: Annotated[Optional[str], typer.Option(help="remote_access or hardware_purchase.")] = None,
    buyer_type: Annotated[Optional[str], typer.Option("--buyer-type", help="university, research_institute, lab, hospital, company, government, other.")] = None,
    chip: Annotated[Optional[str], typer.Option(help="A canonical chip name, e.g. A100.")] = None,
    provider: Annotated[Optional[str], typer.Option(help="AWS, Azure, GoogleCloud, Oracle, OpenAI, Anthropic.")] = None,
    name: Annotated[Optional[str], typer.Option(help="Buyer or supplier name contains this.")] = None,
    min_amount: Annotated[Optional[float], typer.Option("--min-amount", help="Amount in yuan at least this.")] = None,
    region: Annotated[Optional[str], typer.Option(help="Region as the portal gives it, e.g. 北京.")] = None,
    portal: Annotated[Optional[str], typer.Option(help="Only this portal, e.g. ccgp.")] = None,
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """List hits with their evidence and source.

    Example: tenderwatch hits --label remote_access --since 2025-09-01 --format json
    """
    from query.hits import HitFilter, fetch_hits

    if format_ not in ("table", "csv", "json"):
        raise UserError(f"--format must be table, csv or json, not {format_!r}")
    if label and label not in ("remote_access", "hardware_purchase"):
        raise UserError(f"--label must be remote_access or hardware_purchase, not {label!r}")
    filters = HitFilter(parse_day(since, "--since"), parse_day(until, "--until"), label, buyer_type, chip, provider, name,
                        min_amount, region, portal)
    with connect(db, read_only=True) as con:
        rows = fetch_hits(con, filters)
    if format_ == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif format_ == "csv":
        _write_csv(rows)
    else:
        print_hits_table(rows)


def _write_csv(rows: list[dict]) -> None:
    writer = csv.writer(sys.stdout)
    columns = ["notice_id", "published", "label", "score", "buyer", "buyer_type", "chips", "providers",
               "amount_cny", "suppliers", "title", "url", "evidence"]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([
            ";".join(row[c]) if c in ("chips", "providers", "suppliers") else
            " / ".join(f"{e['text']} ({e['where']})" for e in row[c]) if c == "evidence" else row[c]
            for c in columns
        ])


def print_hits_table(rows: list[dict]) -> None:
    """The hit list as a terminal table: buyer, date, label, chips/providers, amount, evidence, source."""
    from rich.table import Table

    if not rows:
        out.print("no hits")
        return
    table = Table(show_lines=True, title=f"{len(rows)} hits")
    for column in ("buyer", "date", "label", "chips / providers", "amount", "evidence", "source"):
        table.add_column(column, overflow="fold")
    for row in rows:
        evidence = "\n".join(f"「{e['text']}」 ({e['where']})" for e in row["evidence"][:2])
        flag = "[bold red]⚑ " + ", ".join(sorted({f["list"] for f in row["buyer_flags"]})) + "[/bold red]\n" \
            if row["buyer_flags"] else ""
        english = f"{row['buyer_english_name']}\n" if row["buyer_english_name"] else ""
        table.add_row(
            f"{row['buyer'] or '?'}\n{english}{flag}[dim]{row['buyer_type'] or ''}[/dim]", row["published"] or "?",
            row["label"], ", ".join(row["chips"] + row["providers"]), money(row["amount_cny"]),
            evidence, f"{row['url']}\n[dim]{row['notice_id']}[/dim]",
        )
    out.print(table)
