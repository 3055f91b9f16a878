"""Commands on local files, without the database: inspect and eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from tenderwatch.options import DEFAULT_DB, DbOption, UserError, money, out
from tenderwatch.pipeline import buyer_type_with_registry

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
        result = inspect_file(path, buyer_type_with_registry)
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
    model: Annotated[bool, typer.Option("--model", help="Also measure the trained model alone and rules + model.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    reviewed: Annotated[bool, typer.Option("--reviewed", help="Measure against the researchers' reviews in --db instead of a folder.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Precision, recall and F1 of the classifier on a labelled folder, the confusion table and every miss with why.

    Example: tenderwatch eval ../shared/devset --model   (or: tenderwatch eval --reviewed --db data/tenderwatch.duckdb)
    """
    from classify.evaluate import evaluate, with_model

    if reviewed:
        from tenderwatch.commands.research import print_review_agreement

        return print_review_agreement(db, as_json)
    if folder is None:
        raise UserError("give a folder with labels.csv, or --reviewed to measure against the reviews in --db")

    try:
        evaluation = evaluate(folder, buyer_typer=buyer_type_with_registry)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from None
    labellers = {"rules": evaluation}
    if model:
        from classify.model import default_model

        labellers["model"], labellers["rules+model"] = with_model(evaluation, default_model())
    if as_json:
        print(json.dumps({name: _figures(e) for name, e in labellers.items()}, ensure_ascii=False))
        return
    _print_evaluation(evaluation)
    if model:
        _print_comparison(labellers)


def _figures(evaluation) -> dict:
    right, hits = evaluation.exact_chips_providers()
    return {"per_label": evaluation.per_label(), "chips_providers_exact": [right, hits],
            "none_flagged": _none_flagged(evaluation), "fields": evaluation.field_accuracy(),
            "misses": evaluation.misses()}


def _none_flagged(evaluation) -> int:
    return sum(v for (expected, got), v in evaluation.confusion.items() if expected == "none" and got != "none")


def _print_evaluation(evaluation) -> None:
    from rich.table import Table

    per_label = evaluation.per_label()
    table = Table("label", "precision", "recall", "F1", "support")
    for label, m in per_label.items():
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]))
    out.print(table)
    confusion = Table("expected \\ got", *per_label.keys())
    for expected in per_label:
        confusion.add_row(expected, *(str(evaluation.confusion[(expected, got)]) for got in per_label))
    out.print(confusion)
    right, hits = evaluation.exact_chips_providers()
    out.print(f"chips and providers exactly right on {right}/{hits} hits")
    out.print(f"notices labelled none that were flagged as hits: {_none_flagged(evaluation)}")
    for name, (ok, total) in evaluation.field_accuracy().items():
        out.print(f"{name}: {ok}/{total} right ({ok / total:.1%})" if total else f"{name}: no labels")
    for file, expected, got, reason in evaluation.misses():
        out.print(f"[red]miss[/red] {file}: expected {expected}, got {got} — {reason}", highlight=False)


def _print_comparison(labellers: dict) -> None:
    from rich.table import Table

    table = Table("labeller", "right", "remote P/R", "hardware P/R", "none flagged")
    for name, evaluation in labellers.items():
        m = evaluation.per_label()
        right = sum(v for (e, g), v in evaluation.confusion.items() if e == g)
        remote, hardware = m["remote_access"], m["hardware_purchase"]
        table.add_row(name, f"{right}/{len(evaluation.cases)}", f"{remote['precision']:.2f}/{remote['recall']:.2f}",
                      f"{hardware['precision']:.2f}/{hardware['recall']:.2f}", str(_none_flagged(evaluation)))
    out.print(table)
    for file, expected, got, reason in labellers["rules+model"].misses():
        if reason.startswith("model"):
            out.print(f"rules+model changed {file}: expected {expected}, got {got} — {reason}", highlight=False)
