"""Crawling commands: crawl, run, load, spiders, and the replay and demo that crawl it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from store.db import connect
from store.paths import runs_dir_for
from tenderwatch.commands.stages import classify, extract
from tenderwatch.options import (
    DEFAULT_DB,
    DbOption,
    UserError,
    err,
    out,
    parse_day,
    parse_settings,
)

if TYPE_CHECKING:
    from store.loader import LoadResult

app = typer.Typer()

DiscoveryOption = Annotated[str, typer.Option(
    help="How notices are found: 'search' (portal keyword search), 'sweep' (every list of the window) or both.")]
BuyersOption = Annotated[str, typer.Option(
    help="'all', or 'research' to sweep only buyers named 大学/学院/研究院/研究所/实验室/医院 (see the README).")]


@app.command()
def crawl(
    source: Annotated[str, typer.Argument(help="The portal's spider, e.g. ccgp (see 'tenderwatch spiders').")],
    since: Annotated[Optional[str], typer.Option(help="First publication day, YYYY-MM-DD (default: 7 days before --until).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last publication day, YYYY-MM-DD (default: today).")] = None,
    keywords: Annotated[Optional[str], typer.Option(help="Comma-separated search terms (default: the lexicon's discovery terms).")] = None,
    base_url: Annotated[Optional[str], typer.Option("--base-url", help="Replace every host of the portal with this URL (a mirror or the replay).")] = None,
    discovery: DiscoveryOption = "search,sweep",
    buyers: BuyersOption = "all",
    set_: Annotated[list[str], typer.Option("--set", help="Override a Scrapy setting, NAME=VALUE (repeatable).")] = [],
    resume: Annotated[bool, typer.Option(help="Resume this source's last interrupted crawl.")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Run one portal's spider; what it fetched is loaded into the database when it returns.

    Example: tenderwatch crawl ccgp --since 2025-09-01 --until 2025-09-30 --keywords A100,算力
    """
    from crawler.runner import CrawlJob, interrupted_run, prepare_resume, spider_names

    if source not in spider_names():
        raise UserError(f"unknown source {source!r}; known: {', '.join(spider_names())}")
    job = CrawlJob(source, _spider_arguments(since, until, keywords, base_url, discovery, buyers))
    if resume:
        previous = interrupted_run(db, source)
        if previous is None:
            raise UserError(f"no interrupted {source} crawl to resume")
        job.run_id = previous.run_id
        job.arguments = {k: v for k, v in previous.info()["args"].items() if v is not None}
        if isinstance(job.arguments.get("keywords"), list):
            job.arguments["keywords"] = ",".join(job.arguments["keywords"])
        how = prepare_resume(previous)
        err.print(f"resuming {previous.run_id} ({how})")
    crawl_and_load([job], db, parse_settings(set_))


def _spider_arguments(since: str | None, until: str | None, keywords: str | None, base_url: str | None,
                      discovery: str = "search,sweep", buyers: str = "all") -> dict:
    since_day, until_day = parse_day(since, "--since"), parse_day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise UserError(f"--since {since_day} is after --until {until_day}")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise UserError(f"--base-url must start with http:// or https://, not {base_url!r}")
    modes = [m.strip() for m in discovery.split(",") if m.strip()]
    if not modes or any(m not in ("search", "sweep") for m in modes):
        raise UserError(f"--discovery must be search, sweep or search,sweep, not {discovery!r}")
    if buyers not in ("all", "research"):
        raise UserError(f"--buyers must be all or research, not {buyers!r}")
    arguments = {"since": since, "until": until, "keywords": keywords, "base_url": base_url,
                 "discovery": ",".join(modes), "buyers": buyers}
    return {k: v for k, v in arguments.items() if v is not None}


def crawl_and_load(jobs: list, db: Path, overrides: dict[str, str]) -> int:
    """Run the crawls, load what they fetched, print a line per run; return the number of new documents."""
    from crawler.runner import run_crawls
    from store.loader import load_run

    manifests = run_crawls(jobs, db, overrides, progress=True)
    new = 0
    with connect(db) as con:
        for manifest in manifests:
            result = load_run(con, manifest)
            new += result.new
            out.print(run_summary(manifest.info(), result), highlight=False)
    return new


def run_summary(info: dict, result: LoadResult) -> str:
    """One line per crawl: what it fetched and what that changed in the database."""
    stats = info.get("stats", {})
    parts = [f"{stats.get('responses', 0)} fetched", f"{result.new} new documents", f"{result.unchanged} unchanged",
             f"{stats.get('skipped_seen', 0)} notices already stored"]
    if stats.get("skipped_narrowed"):
        parts.append(f"{stats['skipped_narrowed']} left out by --buyers research")
    parts += [f"{stats.get('blocked', 0)} blocked", f"{result.failed} failed"]
    if stats.get("captcha"):
        parts.append("stopped listing at a captcha")
    return f"{info.get('source')}: {', '.join(parts)} ({stats.get('finish_reason')}); run {info.get('run_id')}"


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

@app.command()
def run(
    since: Annotated[Optional[str], typer.Option(help="First publication day, YYYY-MM-DD (default: 7 days ago).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last publication day, YYYY-MM-DD (default: today).")] = None,
    source: Annotated[list[str], typer.Option(help="Only these sources (repeatable; default: all).")] = [],
    base_url: Annotated[list[str], typer.Option("--base-url", help="SOURCE=URL: point a source at a mirror (repeatable).")] = [],
    keywords: Annotated[Optional[str], typer.Option(help="Comma-separated search terms (default: the lexicon's discovery terms).")] = None,
    discovery: DiscoveryOption = "search,sweep",
    buyers: BuyersOption = "all",
    set_: Annotated[list[str], typer.Option("--set", help="Override a Scrapy setting, NAME=VALUE (repeatable).")] = [],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Crawl every configured source side by side, then extract and classify what is new.

    Example: tenderwatch run --since 2025-09-01 --source ccgp --source ggzy
    """
    from crawler.runner import CrawlJob, spider_names

    known = spider_names()
    sources = source or known
    unknown = [s for s in sources if s not in known]
    if unknown:
        raise UserError(f"unknown source {unknown[0]!r}; known: {', '.join(known)}")
    bases = parse_settings(base_url)
    strays = [s for s in bases if s not in sources]
    if strays:
        raise UserError(f"--base-url names {strays[0]!r}, which is not among the sources crawled")
    jobs = [CrawlJob(s, _spider_arguments(since, until, keywords, bases.get(s), discovery, buyers)) for s in sources]
    crawl_and_load(jobs, db, parse_settings(set_))
    extract(all_=False, db=db)
    classify(all_=False, db=db)


@app.command()
def replay(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 picks a free one).")] = 8765,
    lifetime: Annotated[float, typer.Option(help="Stop by itself after this many seconds.")] = 3600.0,
    searches_per_minute: Annotated[int, typer.Option(help="Answer '频繁访问' to CCGP searches beyond this many a minute.")] = 20,
) -> None:
    """Serve the bundled replay of every portal on 127.0.0.1 (for trying spiders without the real portals).

    Example: tenderwatch replay --port 8765 & tenderwatch crawl ggzy --base-url http://127.0.0.1:8765/ggzy --since 2025-09-01 --until 2025-10-31
    """
    from replay.catalog import all_sites
    from replay.server import ReplayServer

    sites = all_sites(searches_per_minute)
    server = ReplayServer(list(sites.values()), port=port, lifetime=lifetime).start()
    for source, site in sites.items():
        out.print(f"{source}: {server.base_url(site)}")
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
