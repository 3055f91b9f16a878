"""The stages over the store: extract and classify, incrementally or --all, with a progress bar."""

from __future__ import annotations

from typing import Annotated

import typer

from query.snapshot import current_snapshot, write_snapshot
from store.db import connect
from store.paths import raw_dir_for
from tenderwatch.options import DEFAULT_DB, DbOption, err, out

app = typer.Typer()


def _stage_progress(label: str, total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True)
    task = progress.add_task(label, total=total)
    return progress, (lambda n: progress.advance(task, n))


@app.command()
def extract(
    all_: Annotated[bool, typer.Option("--all", help="Re-extract every notice, not only new or changed ones.")] = False,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="OCR scanned PDF pages (Tesseract chi_sim, ~3 s a page).")] = True,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Extract notices (fields, text, line items, attachments) from the stored raw documents.

    Example: tenderwatch extract --all --no-ocr
    """
    from extract.options import ReadOptions
    from store.raw import RawStore
    from tenderwatch.pipeline import extract_pending, pending_extraction

    with connect(db) as con:
        total = len(pending_extraction(con, all_))
        progress, advance = _stage_progress("extracting", total)
        with progress:
            result = extract_pending(con, RawStore(raw_dir_for(db)), all_, advance, ReadOptions(ocr=ocr))
        if result.done or current_snapshot(db) is None:
            write_snapshot(con, db)  # for readers while the next writer holds the file
    out.print(f"extracted {result.done} notices ({result.errors} with recorded errors)")


@app.command()
def classify(
    all_: Annotated[bool, typer.Option("--all", help="Re-classify every notice, not only unclassified ones.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Classify extracted notices into hits with evidence (incremental by classifier version).

    Example: tenderwatch classify
    """
    from tenderwatch.pipeline import classify_pending, pending_classification

    with connect(db) as con:
        total = len(pending_classification(con, all_))
        progress, advance = _stage_progress("classifying", total)
        with progress:
            result = classify_pending(con, all_, advance)
        if result.done or current_snapshot(db) is None:
            write_snapshot(con, db)
    out.print(f"classified {result.done} notices: {result.hits} hits")
