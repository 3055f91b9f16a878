"""The weekly report on the demo database: every demo hit appears in HTML, PDF and Markdown."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from query.hits import fetch_hits
from report.week import week_of
from store.db import connect, records
from tenderwatch.commands.report import write_weekly_report
from tests.conftest import tenderwatch


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo's database, built by ``tenderwatch demo`` from the replay, and what the demo printed."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = tenderwatch("demo", "--db", str(db))
    return db, result.stderr


@pytest.fixture(scope="module")
def demo_hits(demo: tuple[Path, str]) -> list[dict]:
    """Every hit the demo found (test_demo pins down which); the reports must show each of them."""
    with connect(demo[0], read_only=True) as con:
        hits = fetch_hits(con)
    assert hits
    return hits


def _week(hit: dict) -> str | None:
    return week_of(date.fromisoformat(hit["published"])).label if hit["published"] else None


def _texts(html: Path, pdf: Path, markdown: Path) -> dict[str, str]:
    """Each format's text with whitespace removed (pdftotext breaks Chinese lines anywhere)."""
    pdf_text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
    return {name: re.sub(r"\s+", "", text).replace("\\", "") for name, text in
            (("html", html.read_text(encoding="utf-8")), ("pdf", pdf_text),
             ("markdown", markdown.read_text(encoding="utf-8")))}


def _assert_hits_in(texts: dict[str, str], hits: list[dict]) -> None:
    for hit in hits:
        for name, text in texts.items():
            for wanted in (hit["notice_id"], hit["buyer"], hit["title"], hit["url"], hit["evidence"][0]["text"][:60]):
                assert re.sub(r"\s+", "", wanted) in text, f"{wanted!r} of {hit['notice_id']} missing from the {name}"


def test_demo_writes_the_report_of_its_busiest_week(demo: tuple[Path, str], demo_hits: list[dict]) -> None:
    db, printed = demo
    weeks = Counter(_week(h) for h in demo_hits if h["published"])
    busiest = max(weeks, key=lambda w: (weeks[w], w))
    assert f"weekly report for {busiest}, the week with the most hits" in printed
    texts = _texts(*(db.parent / "reports" / f"tenderwatch-{busiest}.{ext}" for ext in ("html", "pdf", "md")))
    _assert_hits_in(texts, [h for h in demo_hits if _week(h) == busiest])


def test_weekly_reports_of_the_demo_list_every_dated_hit_once_by_publication_week(demo: tuple[Path, str],
                                                                                  demo_hits: list[dict],
                                                                                  tmp_path: Path) -> None:
    dated = [h for h in demo_hits if h["published"]]
    listed: list[str] = []
    for label in sorted({_week(h) for h in dated}):
        weekly, files = write_weekly_report(demo[0], label, tmp_path)
        listed += [e.hit["notice_id"] for e in weekly.entries]
        _assert_hits_in(_texts(files.html, files.pdf, files.markdown), [h for h in dated if _week(h) == label])
    assert sorted(listed) == sorted(h["notice_id"] for h in dated)


def test_the_week_the_demo_was_crawled_lists_every_hit_as_a_late_find(demo: tuple[Path, str],
                                                                     demo_hits: list[dict], tmp_path: Path) -> None:
    with connect(demo[0], read_only=True) as con:
        crawled = records(con, "SELECT CAST(min(fetched_at) AS DATE) AS day FROM documents")[0]["day"]
    week = week_of(crawled).label
    result = tenderwatch("report", "--week", week, "--out", str(tmp_path), "--db", str(demo[0]))
    assert f"{len(demo_hits)} hits listed" in result.stdout
    texts = _texts(*(tmp_path / f"tenderwatch-{week}.{ext}" for ext in ("html", "pdf", "md")))
    _assert_hits_in(texts, demo_hits)
    assert texts["markdown"].count("(latefind)") == len(demo_hits)
