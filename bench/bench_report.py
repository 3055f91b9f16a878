"""Time one weekly report on the demo database: reading the store, HTML (with the chart), PDF, Markdown."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROUNDS = 5


def main() -> None:
    from report.collect import busiest_week, collect
    from report.render import render_html, render_markdown, render_pdf
    from store.db import connect

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.duckdb"
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "tenderwatch.cli", "demo", "--db", str(db)], check=True,
                       capture_output=True)
        print(f"demo database built in {time.monotonic() - started:.1f} s")
        timings: dict[str, list[float]] = {"collect": [], "html": [], "pdf": [], "markdown": []}
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            with connect(db, read_only=True) as con:
                weekly = collect(con, busiest_week(con), date.today())
            t1 = time.perf_counter()
            html = render_html(weekly)
            t2 = time.perf_counter()
            pdf = render_pdf(html)
            t3 = time.perf_counter()
            render_markdown(weekly)
            t4 = time.perf_counter()
            for name, seconds in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                timings[name].append(seconds)
    total = [sum(parts) for parts in zip(*timings.values(), strict=True)]
    print(f"report {weekly.week.label}: {len(weekly.entries)} hits, HTML {len(html) / 1024:.0f} KiB, "
          f"PDF {len(pdf) / 1024:.0f} KiB; median of {ROUNDS} rounds (the first includes imports):")
    for name, values in timings.items():
        print(f"  {name:<9} {statistics.median(values) * 1000:7.0f} ms   (first {values[0] * 1000:.0f} ms)")
    print(f"  {'total':<9} {statistics.median(total) * 1000:7.0f} ms   (first {total[0] * 1000:.0f} ms)")
