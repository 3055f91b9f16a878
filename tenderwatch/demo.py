"""``make demo``: the whole job on the bundled replay, served on 127.0.0.1, into data/demo.duckdb."""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console

from crawler.runner import CrawlJob
from replay.ccgp import CcgpSite
from replay.server import ReplayServer

console = Console(stderr=True)

DEMO_WINDOW = ("2025-09-01", "2025-10-31")
# Fast but still real: the replay answers '频繁访问' to more than 8 searches in 4 s, and the spider
# backs off for 1 s when that happens instead of the real portal's minute.
SEARCH_LIMIT = (8, 4.0)
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": "0.1",
    "DOWNLOAD_DELAY_JITTER": "0",
    "AUTOTHROTTLE_ENABLED": "false",
    "BLOCK_BACKOFF_SECONDS": "1.0",
}


def run_demo(db: Path) -> None:
    """Serve the replay, crawl it with the real ccgp spider, extract, classify, print the hits and write the
    weekly report of the week with the most hits into ``reports/`` beside the database."""
    from query.hits import fetch_hits
    from report.collect import busiest_week
    from store.db import connect
    from tenderwatch.commands.crawling import crawl_and_load
    from tenderwatch.commands.reading import print_hits_table
    from tenderwatch.commands.report import write_weekly_report
    from tenderwatch.commands.stages import classify, extract

    started = time.monotonic()
    site = CcgpSite(search_limit=SEARCH_LIMIT)
    with ReplayServer([site], lifetime=600) as server:
        base = server.base_url(site)
        console.print(f"[bold]1/5[/bold] replay of CCGP serving on {base}")
        console.print(f"[bold]2/5[/bold] crawling {DEMO_WINDOW[0]} … {DEMO_WINDOW[1]}: the lexicon's discovery terms, "
                      "then a sweep of every channel list (for hits only an attachment shows)")
        job = CrawlJob("ccgp", {"base_url": base, "since": DEMO_WINDOW[0], "until": DEMO_WINDOW[1]})
        new_documents = crawl_and_load([job], db, DEMO_SETTINGS)
        console.print(f"      the replay answered {server.requests} requests ({site.blocked} of them '频繁访问' blocks)")
    if not new_documents:
        console.print("      nothing new: the store already holds every notice and attachment this crawl found")
    console.print("[bold]3/5[/bold] extracting and classifying")
    extract(all_=False, db=db)
    classify(all_=False, db=db)
    console.print("[bold]4/5[/bold] hits")

    with connect(db, read_only=True) as con:
        rows = fetch_hits(con)
        week = busiest_week(con)
    print_hits_table(rows)
    if week:
        console.print(f"[bold]5/5[/bold] weekly report for {week}, the week with the most hits")
        _, files = write_weekly_report(db, week.label, Path(db).resolve().parent / "reports")
        for path in (files.html, files.pdf, files.markdown):
            console.print(f"      {path}")
    console.print(f"demo finished in {time.monotonic() - started:.0f} s; database {db}")
