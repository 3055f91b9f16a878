"""The ``tenderwatch`` command: crawl, extract, classify, inspect and read the database.

Every command takes ``--db PATH`` and exits non-zero with one clear line on bad input.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from store.db import DatabaseError, connect
from store.paths import DEFAULT_DB, raw_dir_for, runs_dir_for

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
    help="Find Chinese procurement notices that buy remote access to restricted US AI chips or US cloud accounts.",
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB database file.", envvar="TENDERWATCH_DB")]


class UserError(Exception):
    """Bad input: reported as one line, exit status 2."""


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def _settings(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"--set takes NAME=VALUE, not {pair!r}")
        key, value = pair.split("=", 1)
        settings[key.strip()] = value
    return settings


# --- crawling -------------------------------------------------------------------------------------

@app.command()
def crawl(
    source: Annotated[str, typer.Argument(help="The portal's spider, e.g. ccgp (see 'tenderwatch spiders').")],
    since: Annotated[Optional[str], typer.Option(help="First publication day, YYYY-MM-DD (default: 7 days before --until).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last publication day, YYYY-MM-DD (default: today).")] = None,
    keywords: Annotated[Optional[str], typer.Option(help="Comma-separated search terms (default: the lexicon's discovery terms).")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="Replace every host of the portal with this URL (a mirror or the replay).")] = None,
    set_: Annotated[list[str], typer.Option("--set", help="Override a Scrapy setting, NAME=VALUE (repeatable).")] = [],
    resume: Annotated[bool, typer.Option(help="Resume this source's last interrupted crawl.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Run one portal's spider; what it fetched is loaded into the database when it returns.

    Example: tenderwatch crawl ccgp --since 2025-09-01 --until 2025-09-30 --keywords A100,算力
    """
    from crawler.runner import CrawlJob, interrupted_run, spider_names

    if source not in spider_names():
        raise UserError(f"unknown source {source!r}; known: {', '.join(spider_names())}")
    job = CrawlJob(source, _spider_arguments(since, until, keywords, base_url))
    if resume:
        previous = interrupted_run(db, source)
        if previous is None:
            raise UserError(f"no interrupted {source} crawl to resume")
        job.run_id = previous.run_id
        job.arguments = {k: v for k, v in previous.info()["args"].items() if v is not None}
        if isinstance(job.arguments.get("keywords"), list):
            job.arguments["keywords"] = ",".join(job.arguments["keywords"])
        err.print(f"resuming {previous.run_id}")
    _crawl_and_load([job], db, _settings(set_))


def _spider_arguments(since: str | None, until: str | None, keywords: str | None, base_url: str | None) -> dict:
    since_day, until_day = _day(since, "--since"), _day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise UserError(f"--since {since_day} is after --until {until_day}")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise UserError(f"--base-url must start with http:// or https://, not {base_url!r}")
    arguments = {"since": since, "until": until, "keywords": keywords, "base_url": base_url}
    return {k: v for k, v in arguments.items() if v is not None}


def _crawl_and_load(jobs: list, db: Path, overrides: dict[str, str]) -> int:
    """Run the crawls, load what they fetched, print a line per run; return the number of new documents."""
    from crawler.runner import run_crawls
    from store.loader import load_run

    manifests = run_crawls(jobs, db, overrides, progress=True)
    new = 0
    with connect(db) as con:
        for manifest in manifests:
            result = load_run(con, manifest)
            new += result.new
            stats = manifest.info().get("stats", {})
            out.print(
                f"{manifest.info()['source']}: {stats.get('requests', 0)} requests, {result.new} new documents, "
                f"{result.unchanged} unchanged, {stats.get('skipped_seen', 0)} notices already stored, "
                f"{stats.get('blocked', 0)} blocked, {result.failed} failed ({stats.get('finish_reason')}); run {manifest.run_id}"
            )
    return new


@app.command()
def spiders() -> None:
    """List the portals that can be crawled."""
    from crawler.runner import spider_names

    for name in spider_names():
        out.print(name)


@app.command()
def load(db: DbOption = DEFAULT_DB) -> None:
    """Load crawl runs whose manifests are not yet in the database (after a crash or a Scrapyd job)."""
    from store.loader import load_run, pending_runs

    with connect(db) as con:
        pending = pending_runs(con, runs_dir_for(db))
        for manifest in pending:
            result = load_run(con, manifest)
            out.print(f"{manifest.run_id}: {result.new} new documents, {result.unchanged} unchanged")
    if not pending:
        out.print("nothing to load")


# --- stages ---------------------------------------------------------------------------------------

def _stage_progress(label: str, total: int):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True)
    task = progress.add_task(label, total=total)
    return progress, (lambda n: progress.advance(task, n))


@app.command()
def extract(
    all_: Annotated[bool, typer.Option("--all", help="Re-extract every notice, not only new or changed ones.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Extract notices (fields, text, line items, attachments) from the stored raw documents.

    Example: tenderwatch extract --all
    """
    from store.raw import RawStore
    from tenderwatch.pipeline import extract_pending, pending_extraction

    with connect(db) as con:
        total = len(pending_extraction(con, all_))
        progress, advance = _stage_progress("extracting", total)
        with progress:
            result = extract_pending(con, RawStore(raw_dir_for(db)), all_, advance)
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
    out.print(f"classified {result.done} notices: {result.hits} hits")


@app.command()
def run(
    since: Annotated[Optional[str], typer.Option(help="First publication day, YYYY-MM-DD (default: 7 days ago).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last publication day, YYYY-MM-DD (default: today).")] = None,
    source: Annotated[list[str], typer.Option(help="Only these sources (repeatable; default: all).")] = [],
    base_url: Annotated[list[str], typer.Option("--base-url", help="SOURCE=URL: point a source at a mirror (repeatable).")] = [],
    set_: Annotated[list[str], typer.Option("--set", help="Override a Scrapy setting, NAME=VALUE (repeatable).")] = [],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Crawl every configured source side by side, then extract and classify what is new.

    Example: tenderwatch run --since 2025-09-01
    """
    from crawler.runner import CrawlJob, spider_names

    known = spider_names()
    sources = source or known
    unknown = [s for s in sources if s not in known]
    if unknown:
        raise UserError(f"unknown source {unknown[0]!r}; known: {', '.join(known)}")
    bases = _settings(base_url)
    jobs = [CrawlJob(s, _spider_arguments(since, until, None, bases.get(s))) for s in sources]
    _crawl_and_load(jobs, db, _settings(set_))
    extract(all_=False, db=db)
    classify(all_=False, db=db)


# --- local files ----------------------------------------------------------------------------------

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
                  f"{n.published or '?'} | {_money(n.amount_cny)}")
        for e in v.evidence:
            out.print(f"  「{e.text}」 — {e.where}")


@app.command(name="eval")
def eval_(
    folder: Annotated[Path, typer.Argument(help="A folder with labels.csv (columns as in the devset).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
) -> None:
    """Precision, recall and F1 of the classifier on a labelled folder, with every miss and why.

    Example: tenderwatch eval ../shared/devset
    """
    from classify.evaluate import evaluate
    from rich.table import Table

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


# --- reading the database -------------------------------------------------------------------------

def _money(value: float | None) -> str:
    if value is None:
        return "-"
    return f"¥{value / 10000:,.2f}万" if value >= 10000 else f"¥{value:,.0f}"


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
    filters = HitFilter(_day(since, "--since"), _day(until, "--until"), label, buyer_type, chip, provider, name,
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
        table.add_row(
            f"{row['buyer'] or '?'}\n[dim]{row['buyer_type'] or ''}[/dim]", row["published"] or "?",
            row["label"], ", ".join(row["chips"] + row["providers"]), _money(row["amount_cny"]),
            evidence, f"{row['url']}\n[dim]{row['notice_id']}[/dim]",
        )
    out.print(table)


# --- the replay and the demo ----------------------------------------------------------------------

@app.command()
def replay(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")] = 8765,
    lifetime: Annotated[float, typer.Option(help="Stop by itself after this many seconds.")] = 3600.0,
    searches_per_minute: Annotated[int, typer.Option(help="Answer '频繁访问' to searches beyond this many a minute.")] = 20,
) -> None:
    """Serve the bundled portal replay on 127.0.0.1 (for trying spiders without the real portals).

    Example: tenderwatch replay --port 8765 & tenderwatch crawl ccgp --base-url http://127.0.0.1:8765/ccgp --since 2025-09-01 --until 2025-10-31
    """
    from replay.ccgp import CcgpSite
    from replay.server import ReplayServer

    sites = [CcgpSite(search_limit=(searches_per_minute, 60.0))]
    server = ReplayServer(sites, port=port, lifetime=lifetime).start()
    for site in sites:
        out.print(f"{site.prefix.strip('/')}: {server.base_url(site)}")
    out.print(f"serving on 127.0.0.1:{server.port} for {lifetime:.0f} s (Ctrl-C stops)")
    try:
        server.wait()
    except KeyboardInterrupt:
        server.stop()


@app.command()
def demo(db: DbOption = Path("data/demo.duckdb")) -> None:
    """The whole job on the bundled replay: serve it on 127.0.0.1, crawl, extract, classify, print the hits."""
    from tenderwatch.demo import run_demo

    run_demo(db)


def main() -> None:
    """Entry point: run the app, turning expected failures into one line and exit status 2."""
    try:
        app()
    except (UserError, DatabaseError) as exc:
        err.print(f"error: {exc}", highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
