"""Research commands: full-text search, read-only SQL, exports, and a researcher's review of a hit."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from store.db import connect
from tenderwatch.commands import filters as opt
from tenderwatch.options import DEFAULT_DB, DbOption, UserError, err, money, out

app = typer.Typer()


@app.command()
def search(
    text: Annotated[str, typer.Argument(help='Words that must all occur; "quoted phrases" must occur as written.')],
    since: opt.Since = None, until: opt.Until = None, label: opt.Label = None, buyer_type: opt.BuyerType = None, chip: opt.Chip = None,
    provider: opt.Provider = None, name: opt.Name = None, min_amount: opt.MinAmount = None, region: opt.Region = None,
    portal: opt.Portal = None, review: opt.Review = None,
    limit: Annotated[int, typer.Option(help="Show the best N matches.")] = 20,
    scan: Annotated[bool, typer.Option(help="Scan the text for the words instead of using the term index.")] = False,
    format_: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Full-text search over notices and their attachments, ranked, with highlighted snippets.

    Example: tenderwatch search '"算力租赁" A100' --since 2025-09-01 --label remote_access
    """
    from query.search import load_segmenter, stale_notices
    from query.search import search as run_search

    if format_ not in ("table", "json"):
        raise UserError(f"--format must be table or json, not {format_!r}")
    if limit < 1:
        raise UserError(f"--limit must be at least 1, not {limit}")
    filters = opt.hit_filter(since, until, label, buyer_type, chip, provider, name, min_amount, region, portal, review)
    load_segmenter()  # jieba's dictionary (about 0.5 s) loads before the clock starts
    with connect(db, read_only=True) as con:
        started = time.perf_counter()
        results = run_search(con, text, filters, limit, scan)
        elapsed = time.perf_counter() - started
        stale = len(stale_notices(con))
    if not results.query.terms:
        raise UserError(f"nothing to search for in {text!r}: give words in Chinese, letters or digits")
    if stale:
        err.print(f"note: {stale} notices are not in the search index yet; 'tenderwatch extract' indexes them")
    if format_ == "json":
        for row in results.rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    _print_results(results, elapsed)


def _print_results(results, elapsed: float) -> None:
    """One block per match: id, date, buyer, label and amount; the title; where the snippet was found, and it."""
    from rich.markup import escape

    shown = f"; the best {len(results.rows)}:" if results.total > len(results.rows) else ""
    out.print(f"{results.total} notices match {results.query.text!r} ({results.method}, {elapsed * 1000:.0f} ms){shown}")
    for rank, row in enumerate(results.rows, start=1):
        snippet = re.sub(r"\*\*(.+?)\*\*", r"[bold yellow]\1[/]", escape(row["snippet"]))
        review = f" [green]{row['review']}[/]" if row["review"] else ""
        out.print(f"\n[bold]{rank}. {row['notice_id']}[/bold]  {row['published'] or '?'}  "
                  f"{escape(row['buyer'] or '?')} ({row['buyer_type'] or '?'})  {row['label']}{review}  "
                  f"{money(row['amount_cny'])}  score {row['score']:.2f}")
        out.print(f"   {escape(row['title'] or '')}")
        out.print(f"   [dim]{escape(row['where'])}:[/dim] {snippet}")


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SELECT over v_hits, v_notices, v_line_items, v_suppliers, v_buyers.")],
    format_: Annotated[str, typer.Option("--format", help="table, csv or json (one object per row and line).")] = "table",
    limit: Annotated[Optional[int], typer.Option(help="At most this many rows.")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Run a read-only SQL query over the documented views (see the README for every column).

    Example: tenderwatch query "SELECT name, hits, hit_amount_cny FROM v_buyers ORDER BY hits DESC LIMIT 10"
    """
    from query.sql import QueryError, run_query

    if format_ not in ("table", "csv", "json"):
        raise UserError(f"--format must be table, csv or json, not {format_!r}")
    try:
        with connect(db, read_only=True) as con:
            frame = run_query(con, sql, limit)
    except QueryError as exc:
        raise UserError(str(exc)) from None
    if format_ == "json":
        for row in frame.to_dict(orient="records"):
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=_jsonable) + "\n")
    elif format_ == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        from rich.table import Table

        table = Table(*map(str, frame.columns), title=f"{len(frame)} rows")
        for row in frame.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        out.print(table)


def _jsonable(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _cell(value: object) -> str:
    from rich.markup import escape

    if value is None or (isinstance(value, float) and value != value):
        return ""
    if hasattr(value, "tolist"):
        value = value.tolist()
    return escape(", ".join(map(str, value)) if isinstance(value, list) else str(value))


@app.command()
def export(
    what: Annotated[str, typer.Argument(help="hits or notices.")] = "hits",
    format_: Annotated[str, typer.Option("--format", help="csv, parquet, xlsx or ocds (an OCDS 1.1 release package).")] = "csv",
    out_path: Annotated[Optional[Path], typer.Option("--out", help="The file to write.")] = None,
    since: opt.Since = None, until: opt.Until = None, label: opt.Label = None, buyer_type: opt.BuyerType = None, chip: opt.Chip = None,
    provider: opt.Provider = None, name: opt.Name = None, min_amount: opt.MinAmount = None, region: opt.Region = None,
    portal: opt.Portal = None, review: opt.Review = None,
    ocid_prefix: Annotated[str, typer.Option("--ocid-prefix", help="The OCDS ocid prefix (register your own).")] = "ocds-tndrwt",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export hits or notices as CSV, Parquet, XLSX or an OCDS release package.

    Example: tenderwatch export notices --format ocds --out releases.json --since 2025-09-01
    """
    from query.export import FORMATS
    from query.export import export as run_export

    if what not in ("hits", "notices"):
        raise UserError(f"export hits or notices, not {what!r}")
    if format_ not in FORMATS:
        raise UserError(f"--format must be one of {', '.join(FORMATS)}, not {format_!r}")
    if out_path is None:
        raise UserError("--out PATH is required (the file to write)")
    filters = opt.hit_filter(since, until, label, buyer_type, chip, provider, name, min_amount, region, portal, review)
    with connect(db, read_only=True) as con:
        written = run_export(con, what, format_, out_path, filters, ocid_prefix)
    out.print(f"wrote {written} {'releases' if format_ == 'ocds' else what} to {out_path}", soft_wrap=True)


@app.command()
def review(
    notice_id: Annotated[str, typer.Argument(help="The notice id, e.g. ccgp:25104387.")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The verdict is right.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The verdict is wrong.")] = False,
    label: Annotated[Optional[str], typer.Option(help="What the notice really is, when the classifier said otherwise: remote_access, hardware_purchase or none.")] = None,
    note: Annotated[Optional[str], typer.Option(help="Why: kept with the review and shown by hits and show.")] = None,
    reviewer: Annotated[Optional[str], typer.Option(help="Who reviews (default: the login name).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Record a researcher's judgement on a hit; it survives re-classification.

    Example: tenderwatch review ccgp:25109102 --reject --note "AWS here is an automatic weather station"
    """
    from query.review import ReviewError
    from query.review import review as record_review
    from query.snapshot import write_snapshot

    if confirm == reject:
        raise UserError("say either --confirm or --reject")
    with connect(db) as con:
        try:
            row = record_review(con, notice_id, confirm, note, label, reviewer)
        except ReviewError as exc:
            raise UserError(str(exc)) from None
        write_snapshot(con, db)
    out.print(f"{notice_id}: {row['decision']} as {row['label']} (the classifier says {row['hit_label']})")


def print_review_agreement(db: Path, as_json: bool) -> None:
    """``tenderwatch eval --reviewed``: the classifier's current verdicts against the researchers' reviews."""
    from rich.table import Table

    from query.review import LABELS, agreement

    with connect(db, read_only=True) as con:
        result = agreement(con)
    if not result.reviewed:
        raise UserError("no reviews yet: record some with 'tenderwatch review ID --confirm|--reject'")
    per_label = result.per_label()
    if as_json:
        print(json.dumps({"reviewed": result.reviewed, "per_label": per_label,
                          "disagreements": result.disagreements}, ensure_ascii=False, default=str))
        return
    out.print(f"{result.reviewed} reviewed notices; {len(result.disagreements)} where the classifier now disagrees")
    table = Table("label", "precision", "recall", "F1", "support")
    for label, m in per_label.items():
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out.print(table)
    confusion = Table("reviewed \\ now", *LABELS)
    for want in LABELS:
        confusion.add_row(want, *(str(result.confusion[(want, got)]) for got in LABELS))
    out.print(confusion)
    for row in result.disagreements:
        out.print(f"[red]disagree[/red] {row['notice_id']}: reviewed {row['reviewed']}, classifier {row['current']} "
                  f"(version {row['classifier_version']})" + (f" — {row['note']}" if row["note"] else ""))
