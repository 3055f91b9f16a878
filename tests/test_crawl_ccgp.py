"""The ccgp spider against the CCGP replay on 127.0.0.1: search, paging, details, attachments, blocks."""

from __future__ import annotations

import json
from pathlib import Path

from replay.ccgp import CcgpSite
from replay.server import ReplayServer
from store.db import connect, records, scalar
from store.manifest import RunManifest
from store.paths import raw_dir_for, runs_dir_for
from store.raw import RawStore
from tests.conftest import FAST, tenderwatch

WINDOW = ["--since", "2025-09-01", "--until", "2025-10-31"]


def crawl(base: str, db: Path, keywords: str, *extra: str):
    return tenderwatch("crawl", "ccgp", "--base-url", base, *WINDOW, "--keywords", keywords, "--discovery", "search", *FAST, *extra,
                       "--db", str(db))


def expected_ids(site: CcgpSite, keyword: str) -> set[str]:
    """What the replay's full-text search holds for a keyword in the window."""
    return {f"ccgp:{n.id}" for n in site.notices if keyword.lower() in (n.title + n.text).lower()}


def test_crawl_fetches_every_result_its_attachments_and_loads_them(ccgp, db: Path) -> None:
    server, site = ccgp
    crawl(server.base_url(site), db, "算力,AWS")
    with connect(db, read_only=True) as con:
        details = {r["notice_id"] for r in records(con, "SELECT notice_id FROM documents WHERE kind = 'detail'")}
        attachments = records(con, "SELECT name, notice_id, url FROM documents WHERE kind = 'attachment' ORDER BY name")
        run = records(con, "SELECT * FROM crawl_runs")[0]
    assert details == expected_ids(site, "算力") | expected_ids(site, "AWS")
    names = {a["name"] for a in attachments}
    assert {"附件1：采购需求书.pdf", "附件2：响应文件格式.docx", "招标文件（XHDX-2025-GK-0412）.pdf"} <= names
    assert all(a["url"].startswith(server.base_url(site)) for a in attachments)
    assert run["status"] == "complete" and run["failed"] == 0


def test_paging_follows_the_total_to_the_last_page(ccgp, db: Path) -> None:
    server, site = ccgp
    # '项目' is in nearly every notice: more than 3 pages of 20 results.
    expected = expected_ids(site, "项目")
    assert len(expected) > 60
    crawl(server.base_url(site), db, "项目")
    with connect(db, read_only=True) as con:
        got = {r[0] for r in con.execute("SELECT notice_id FROM documents WHERE kind = 'detail'").fetchall()}
    assert got == expected


def test_listing_metadata_is_kept_with_the_detail_page(ccgp, db: Path) -> None:
    server, site = ccgp
    crawl(server.base_url(site), db, "AWS")
    with connect(db, read_only=True) as con:
        listing = json.loads(scalar(con, "SELECT listing FROM documents WHERE notice_id = 'ccgp:25104911'"))
    assert listing["buyer"] == "南溪理工大学"
    assert listing["notice_type"] == "询价公告"
    assert listing["region"] == "浙江"
    assert listing["published"].startswith("2025-09-10")


def test_rate_limit_pages_are_retried_after_a_pause_and_never_stored(db: Path) -> None:
    site = CcgpSite(search_limit=(1, 1.0))  # a second search within a second is refused
    with ReplayServer([site], lifetime=300) as server:
        crawl(server.base_url(site), db, "算力,AWS,A100")
    assert site.blocked > 0
    store = RawStore(raw_dir_for(db))
    with connect(db, read_only=True) as con:
        run = records(con, "SELECT * FROM crawl_runs")[0]
        shas = [r[0] for r in con.execute("SELECT sha256 FROM documents").fetchall()]
        details = {r[0] for r in con.execute("SELECT notice_id FROM documents WHERE kind = 'detail'").fetchall()}
    assert run["blocked"] == site.blocked
    assert not any("频繁访问" in store.get(sha).decode("utf-8", "ignore") for sha in shas)
    assert details == expected_ids(site, "算力") | expected_ids(site, "AWS") | expected_ids(site, "A100")


def test_a_second_crawl_fetches_no_detail_page_again(ccgp, db: Path) -> None:
    server, site = ccgp
    crawl(server.base_url(site), db, "算力")
    second = crawl(server.base_url(site), db, "算力")
    with connect(db, read_only=True) as con:
        runs = records(con, "SELECT * FROM crawl_runs ORDER BY started_at")
        documents = scalar(con, "SELECT count(*) FROM documents")
    second_run = RunManifest(runs_dir_for(db) / runs[1]["run_id"])
    assert [r.kind for r in second_run.records()] == []  # not one detail page or attachment fetched again
    assert second_run.info()["stats"]["skipped_seen"] == len(expected_ids(site, "算力"))
    assert runs[1]["new_docs"] == 0
    assert documents == runs[0]["new_docs"]
    assert "0 new documents" in second.stdout


def test_without_the_homepage_cookie_detail_pages_are_refused(ccgp) -> None:
    import urllib.error
    import urllib.request

    server, site = ccgp
    url = server.base_url(site) + site.notices[0].detail_path
    try:
        urllib.request.urlopen(url)
        raise AssertionError("expected a 403")
    except urllib.error.HTTPError as exc:
        assert exc.code == 403


def test_bad_arguments_are_one_line_errors(db: Path) -> None:
    result = tenderwatch("crawl", "nosuchportal", "--db", str(db), check=False)
    assert result.returncode == 2
    known = "ccgp, ggzy, gpcms_guangdong, gpcms_sichuan, univ_gduf, univ_hnust, univ_nudt, univ_szu, zcy_guangxi, zcy_shanghai, zcy_zhejiang"
    assert " ".join(result.stderr.split()) == f"error: unknown source 'nosuchportal'; known: {known}"
    result = tenderwatch("crawl", "ccgp", "--since", "2025-10-01", "--until", "2025-09-01", "--db", str(db), check=False)
    assert result.returncode == 2 and "is after --until" in result.stderr
    result = tenderwatch("crawl", "ccgp", "--since", "yesterday", "--db", str(db), check=False)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    result = tenderwatch("crawl", "ccgp", "--discovery", "everything", "--db", str(db), check=False)
    assert result.returncode == 2 and "--discovery must be" in result.stderr
    result = tenderwatch("crawl", "ccgp", "--buyers", "schools", "--db", str(db), check=False)
    assert result.returncode == 2 and "--buyers must be" in result.stderr
