"""Reading the database: the hit list as a table, CSV or JSON, and one notice whole."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer

from store.db import connect
from store.paths import raw_dir_for
from tenderwatch.commands import filters as opt
from tenderwatch.options import DEFAULT_DB, DbOption, UserError, money, out

app = typer.Typer()

CSV_COLUMNS = ["notice_id", "published", "label", "score", "buyer", "buyer_type", "chips", "providers",
               "amount_cny", "suppliers", "title", "url", "evidence", "review", "review_note"]


@app.command()
def hits(
    since: opt.Since = None, until: opt.Until = None, label: opt.Label = None, buyer_type: opt.BuyerType = None, chip: opt.Chip = None,
    provider: opt.Provider = None, name: opt.Name = None, min_amount: opt.MinAmount = None, region: opt.Region = None,
    portal: opt.Portal = None, review: opt.Review = None,
    limit: Annotated[Optional[int], typer.Option(help="At most this many hits (newest first).")] = None,
    format_: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """List hits with their evidence, source and review.

    Example: tenderwatch hits --label remote_access --since 2025-09-01 --chip A100 --format json
    """
    from query.export import flatten
    from query.hits import fetch_hits

    if format_ not in ("table", "csv", "json"):
        raise UserError(f"--format must be table, csv or json, not {format_!r}")
    if label == "none":
        raise UserError("--label none lists no hits; use 'tenderwatch export notices --label none'")
    filters = opt.hit_filter(since, until, label, buyer_type, chip, provider, name, min_amount, region, portal, review)
    with connect(db, read_only=True) as con:
        rows = fetch_hits(con, filters, limit)
    if format_ == "json":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif format_ == "csv":
        import pandas as pd

        flatten(pd.DataFrame(rows, columns=list(rows[0]) if rows else CSV_COLUMNS))[CSV_COLUMNS].to_csv(sys.stdout, index=False)
    else:
        print_hits_table(rows)


def print_hits_table(rows: list[dict]) -> None:
    """The hit list as a terminal table: buyer, date, label, chips/providers, amount, evidence, source, review."""
    from rich.markup import escape
    from rich.table import Table

    if not rows:
        out.print("no hits")
        return
    table = Table(show_lines=True, title=f"{len(rows)} hits")
    for column in ("buyer", "date", "label", "chips / providers", "amount", "evidence", "source"):
        table.add_column(column, overflow="fold")
    for row in rows:
        evidence = "\n".join(f"「{escape(e['text'])}」 ({escape(e['where'])})" for e in row["evidence"][:2])
        label = row["label"]
        if row.get("review"):
            label += f"\n[{'green' if row['review'] == 'confirmed' else 'red'}]{row['review']}[/]"
            if row.get("review_note"):
                label += f"\n[dim]{escape(row['review_note'])}[/dim]"
        flags = sorted({f["list"] for f in row.get("buyer_flags") or []})
        flag = f"[bold red]⚑ {', '.join(flags)}[/bold red]\n" if flags else ""
        english = f"{escape(row['buyer_english_name'])}\n" if row.get("buyer_english_name") else ""
        table.add_row(
            f"{escape(row['buyer'] or '?')}\n{english}{flag}[dim]{row['buyer_type'] or ''}[/dim]", row["published"] or "?",
            label, ", ".join(row["chips"] + row["providers"]), money(row["amount_cny"]),
            evidence, f"{escape(row['url'])}\n[dim]{row['notice_id']}[/dim]",
        )
    out.print(table)


@app.command()
def show(
    notice_id: Annotated[str, typer.Argument(help="The notice id, e.g. ccgp:25104387 (see 'tenderwatch hits').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print everything as one JSON object.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print one notice whole: fields, line items, attachments, verdict with evidence, review, archived files.

    Example: tenderwatch show ccgp:25105276
    """
    from query.notice import NoticeNotFound, notice_detail

    with connect(db, read_only=True) as con:
        try:
            notice = notice_detail(con, notice_id, raw_dir_for(db))
        except NoticeNotFound:
            raise UserError(f"no notice {notice_id!r}; ids look like ccgp:25104387 (see 'tenderwatch hits')") from None
    if as_json:
        sys.stdout.write(json.dumps(notice, ensure_ascii=False, default=str) + "\n")
        return
    print_notice(notice)


def print_notice(n: dict) -> None:
    """One notice as sections a person reads top to bottom."""
    from rich.markup import escape
    from rich.table import Table

    out.print(f"[bold]{escape(n['title'] or '(no title)')}[/bold]")
    out.print(f"{n['notice_id']}  {escape(n['url'])}")
    fields = Table.grid(padding=(0, 2))
    for key, value in (
        ("type", n["notice_type"]), ("published", n["published"]), ("region", n["region"]),
        ("buyer", f"{n['buyer'] or '?'} ({n['buyer_type'] or '?'})"), ("agency", n["agency"]),
        ("project code", n["project_code"]), ("category", n["category"]), ("budget", money(n["budget_cny"])),
        ("maximum price", money(n["max_price_cny"])), ("award", money(n["award_cny"])), ("deadline", n["deadline"]),
        ("suppliers", "; ".join(f"{s['name']} {money(s.get('amount_cny'))}" for s in n["supplier_details"]) or "-"),
        ("extracted", f"{n['extracted_at']} by extractor {n['extractor_version']}"),
        ("error", n["error"]),
    ):
        if value not in (None, "-", ""):
            fields.add_row(f"[dim]{key}[/dim]", escape(str(value)))
    out.print(fields)
    verdict = n["label"] if n["label"] != "none" else "none (not a hit)"
    out.print(f"\n[bold]verdict[/bold]  {verdict}" + (f"  score {n['score']:.2f}" if n["score"] is not None else "")
              + f"  chips={','.join(n['chips']) or '-'}  providers={','.join(n['providers']) or '-'}"
              + f"  classifier {n['classifier_version'] or '-'}")
    for rule in n["rules"]:
        out.print(f"  rule: {escape(rule)}")
    for e in n["evidence"]:
        out.print(f"  「{escape(e['text'])}」 — {escape(e['where'])}")
    if n["review"]:
        r = n["review"]
        out.print(f"\n[bold]review[/bold]  {r['decision']} as {r['label']} by {r['reviewer']} on {r['reviewed_at']}"
                  + (f": {escape(r['note'])}" if r["note"] else ""))
    if n["line_items"]:
        items = Table("#", "name", "spec", "quantity", "unit", "unit price", "total", "from", title="line items")
        for i in n["line_items"]:
            where = i["source"] + (f" p.{i['page']}" if i["page"] else "")
            items.add_row(str(i["seq"]), escape(i["name"] or ""), escape(i["spec"] or ""),
                          f"{i['quantity']:g}" if i["quantity"] is not None else "", i["unit"] or "",
                          money(i["unit_price_cny"]), money(i["total_cny"]), escape(where))
        out.print(items)
    if n["attachments"]:
        out.print("\n[bold]attachments[/bold]")
        for a in n["attachments"]:
            state = f"[red]{escape(a['error'])}[/red]" if a["error"] else f"{a['pages']} page(s) of text"
            out.print(f"  {escape(a['name'])}: {state}")
    out.print("\n[bold]archived files[/bold] (every version fetched)")
    for d in n["documents"]:
        present = "" if d.get("raw_present") else "  [red](missing)[/red]"
        out.print(f"  {d['kind']:<10} {escape(d['name'] or d['url'])}  {d['fetched_at']}  HTTP {d['http_status']}"
                  f"  {d['size']} bytes\n             {d.get('raw_path', d['sha256'])}{present}")
