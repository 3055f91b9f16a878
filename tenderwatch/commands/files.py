"""Commands on local files, without the database: inspect and eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from tenderwatch.options import DEFAULT_DB, DbOption, UserError, money, out

app = typer.Typer()


@app.command()
def inspect(
    files: Annotated[list[Path], typer.Argument(help="Notice files: .html .htm .pdf .docx .xlsx .txt")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file and line (the documented contract).")] = False,
) -> None:
    """Extract and classify local files, without the database.

    Example: tenderwatch inspect notice.html requirements.pdf --json
    """
    from classify.inspect import inspect_file

    for path in files:
        result = inspect_file(path)
        if as_json:
            sys.stdout.write(json.dumps(result.contract_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
            continue
        if result.error:
            out.print(f"[red]{path}: {result.error}[/red]")
            continue
        n, v = result.notice, result.verdict
        out.print(f"[bold]{path}[/bold]  {v.label} ({v.score:.2f})  chips={','.join(v.chips) or '-'}  "
                  f"providers={','.join(v.providers) or '-'}")
        out.print(f"  {n.title or '(no title)'} | {n.notice_type} | {n.buyer or '?'} ({result.buyer_type}) | "
                  f"{n.published or '?'} | {money(n.amount_cny)}")
        for e in v.evidence:
            out.print(f"  「{e.text}」 — {e.where}")


@app.command(name="eval")
def eval_(
    folder: Annotated[Optional[Path], typer.Argument(help="A folder with labels.csv (columns as in the devset).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    reviewed: Annotated[bool, typer.Option("--reviewed", help="Measure against the researchers' reviews in --db instead of a folder.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Precision, recall and F1 of the classifier on a labelled folder, with every miss and why.

    Example: tenderwatch eval ../shared/devset   (or: tenderwatch eval --reviewed --db data/tenderwatch.duckdb)
    """
    from rich.table import Table

    from classify.evaluate import evaluate

    if reviewed:
        from tenderwatch.commands.research import print_review_agreement

        return print_review_agreement(db, as_json)
    if folder is None:
        raise UserError("give a folder with labels.csv, or --reviewed to measure against the reviews in --db")

    try:
        evaluation = evaluate(folder)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from None
    per_label = evaluation.per_label()
    right, hits = evaluation.exact_chips_providers()
    fields = evaluation.field_accuracy()
    if as_json:
        print(json.dumps({"per_label": per_label, "chips_providers_exact": [right, hits], "fields": fields,
                          "misses": evaluation.misses()}, ensure_ascii=False))
        return
    table = Table("label", "precision", "recall", "F1", "support")
    for label, m in per_label.items():
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out.print(table)
    confusion = Table("expected \\ got", *per_label.keys())
    for expected in per_label:
        confusion.add_row(expected, *(str(evaluation.confusion[(expected, got)]) for got in per_label))
    out.print(confusion)
    out.print(f"chips and providers exactly right on {right}/{hits} hits")
    for name, (ok, total) in fields.items():
        out.print(f"{name}: {ok}/{total} right ({ok / total:.1%})" if total else f"{name}: no labels")
    for file, expected, got, reason in evaluation.misses():
        out.print(f"[red]miss[/red] {file}: expected {expected}, got {got} — {reason}")
