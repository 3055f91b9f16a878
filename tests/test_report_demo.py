"""The weekly report on the demo database: every demo hit appears in HTML, PDF and Markdown."""

from __future__ import annotations

import re
import subprocess
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
    with connect(demo[0], read_only=True) as con:
        hits = fetch_hits(con)
    assert len(hits) == 6
    return hits


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
    folder = db.parent / "reports"
    assert "weekly report for 2025-W37, the week with the most hits" in printed
    texts = _texts(*(folder / f"tenderwatch-2025-W37.{ext}" for ext in ("html", "pdf", "md")))
    in_week = [h for h in demo_hits if week_of(date.fromisoformat(h["published"])).label == "2025-W37"]
    assert len(in_week) == 3
    _assert_hits_in(texts, in_week)


def test_weekly_reports_of_the_demo_list_every_hit_once_by_publication_week(demo: tuple[Path, str],
                                                                            demo_hits: list[dict],
                                                                            tmp_path: Path) -> None:
    weeks = sorted({week_of(date.fromisoformat(h["published"])).label for h in demo_hits})
    assert weeks == ["2025-W37", "2025-W38", "2025-W39", "2025-W42"]
    listed: list[str] = []
    for label in weeks:
        weekly, files = write_weekly_report(demo[0], label, tmp_path)
        listed += [e.hit["notice_id"] for e in weekly.entries]
        _assert_hits_in(_texts(files.html, files.pdf, files.markdown),
                        [h for h in demo_hits if week_of(date.fromisoformat(h["published"])).label == label])
    assert sorted(listed) == sorted(h["notice_id"] for h in demo_hits)


def test_the_week_the_demo_was_crawled_lists_every_hit_as_a_late_find(demo: tuple[Path, str],
                                                                     demo_hits: list[dict], tmp_path: Path) -> None:
    with connect(demo[0], read_only=True) as con:
        crawled = records(con, "SELECT CAST(min(fetched_at) AS DATE) AS day FROM documents")[0]["day"]
    week = week_of(crawled).label
    result = tenderwatch("report", "--week", week, "--out", str(tmp_path), "--db", str(demo[0]))
    assert "6 hits listed" in result.stdout
    texts = _texts(*(tmp_path / f"tenderwatch-{week}.{ext}" for ext in ("html", "pdf", "md")))
    _assert_hits_in(texts, demo_hits)
    assert texts["markdown"].count("(latefind)") == 6
