"""Crawl throughput against the replay on 127.0.0.1, and what an incremental day costs.

Prints: pages/s at the spiders' default politeness (their delays, AutoThrottle) and unthrottled (no delay,
no AutoThrottle), for one portal and for every portal side by side; then requests spent per new notice
when a daily run crawls the next day after a full crawl of the window (the day before is crawled again,
as a daily run overlapping by a day would). Each crawl is a real ``tenderwatch crawl``/``run`` child process.
Figures on this shared machine vary by ±50 %; the replay serves from memory, so they measure the crawler.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from replay.catalog import all_sites
from replay.server import ReplayServer
from store.manifest import run_dirs
from store.paths import runs_dir_for

UNTHROTTLED = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=false", "--set", "DOWNLOAD_DELAY_JITTER=0"]


def tenderwatch(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "tenderwatch.cli", *args], check=True, capture_output=True)


def responses(db: Path, since_run: int = 0) -> tuple[int, int, float]:
    """(requests, detail pages stored, seconds from the first start to the last end) of the crawl runs of this
    database, from the ``since_run``-th on (the crawling alone: loading, extraction and classification excluded)."""
    infos = [r.info() for r in run_dirs(runs_dir_for(db))[since_run:]]
    stats = [i["stats"] for i in infos]
    started = min(datetime.fromisoformat(i["started_at"]) for i in infos)
    ended = max(datetime.fromisoformat(i["ended_at"]) for i in infos)
    return (sum(s.get("requests", 0) for s in stats), sum(s.get("details", 0) for s in stats),
            (ended - started).total_seconds())


def crawl_rate(label: str, args: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        tenderwatch(*args, "--db", str(db))
        requests, details, seconds = responses(db)
        print(f"{label:<58} {requests:>5} requests in {seconds:6.1f} s = {requests / seconds:6.1f} pages/s "
              f"({details} notices)", flush=True)


def incremental_day(label: str, command: list[str], window: tuple[str, str], next_day: tuple[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        tenderwatch(*command, "--since", window[0], "--until", window[1], *UNTHROTTLED, "--db", str(db))
        before = len(run_dirs(runs_dir_for(db)))
        tenderwatch(*command, "--since", next_day[0], "--until", next_day[1], *UNTHROTTLED, "--db", str(db))
        requests, details, _ = responses(db, before)
        per = f"{requests / details:.1f}" if details else "n/a (no new notice)"
        print(f"{label:<58} {requests:>5} requests, {details} new notices: {per} requests per new notice", flush=True)


def main() -> None:
    sites = all_sites()
    with ReplayServer(list(sites.values()), lifetime=3600) as server:
        bases = {source: server.base_url(site) for source, site in sites.items()}
        everything = ["run"] + [a for s, b in bases.items() for a in ("--source", s, "--base-url", f"{s}={b}")]
        window = ["--since", "2025-09-01", "--until", "2025-10-31"]
        crawl_rate("ggzy, one week, default politeness", [
            "crawl", "ggzy", "--base-url", bases["ggzy"], "--since", "2025-09-22", "--until", "2025-09-28"])
        crawl_rate("univ_szu, two months, default politeness", ["crawl", "univ_szu", "--base-url", bases["univ_szu"],
                                                                *window])
        crawl_rate("ccgp, two months, search + sweep, unthrottled", [
            "crawl", "ccgp", "--base-url", bases["ccgp"], *window, *UNTHROTTLED])
        crawl_rate("all 11 sources side by side, two months, unthrottled", [*everything, *window, *UNTHROTTLED])
        for label, command, notices in (
            ("ccgp", ["crawl", "ccgp", "--base-url", bases["ccgp"]], sites["ccgp"].notices),
            ("all 11 sources", everything, [n for site in sites.values() for n in site.notices]),
        ):
            day = Counter(n.day for n in notices).most_common(1)[0][0]  # the busiest day: a daily run's worst case
            before = day - timedelta(days=1)
            incremental_day(f"{label}, {day} after the weeks before it (search + sweep)", command,
                            ("2025-09-01", before.isoformat()), (before.isoformat(), day.isoformat()))


if __name__ == "__main__":
    main()
