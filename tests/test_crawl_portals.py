"""Every spider against its replay on 127.0.0.1: list → detail → attachments → store, side by side with
``tenderwatch run``, and a second run of the same window that fetches no detail page again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replay.catalog import all_sites
from replay.server import ReplayServer
from store.db import connect, records
from store.manifest import RunManifest
from store.paths import runs_dir_for
from tests.conftest import FAST, tenderwatch
from tests.crawling import WINDOW, replay_ids, stored

JSON_DETAILS = ("zcy", "gpcms")  # families whose detail document is the portal's JSON answer


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory):
    """``tenderwatch run`` of every source against the replay, twice; the sites and the database."""
    db = tmp_path_factory.mktemp("run") / "tw.duckdb"
    sites = all_sites()
    with ReplayServer(list(sites.values()), lifetime=600) as server:
        args = ["run", *WINDOW, "--keywords", "算力,AWS", *FAST, "--db", str(db)]
        for source, site in sites.items():
            args += ["--source", source, "--base-url", f"{source}={server.base_url(site)}"]
        first = tenderwatch(*args)
        second = tenderwatch(*args)
    return sites, db, first, second


def test_every_spider_stores_every_notice_of_its_replay_with_its_attachments(two_runs) -> None:
    sites, db, first, _ = two_runs
    for source, site in sites.items():
        assert stored(db, "detail", source) == replay_ids(source, site), source
        names = {a["name"] for n in site.notices for a in n.attachments}
        assert stored(db, "attachment", source) == names, source
        assert f"{source}: " in first.stdout  # the end summary
    progress = " ".join(first.stderr.split())  # the live progress lines, one per portal
    assert all(f"{source} fetched" in progress for source in sites) and "already stored" in progress
    with connect(db, read_only=True) as con:
        runs = records(con, "SELECT source, status, failed, blocked FROM crawl_runs")
    assert len(runs) == 2 * len(sites)
    assert all(r["status"] == "complete" and r["failed"] == 0 and r["blocked"] == 0 for r in runs), runs


def test_detail_documents_have_the_agreed_shapes(two_runs) -> None:
    sites, db, _, _ = two_runs
    with connect(db, read_only=True) as con:
        details = records(con, "SELECT source, content_type, listing, url FROM documents WHERE kind = 'detail'")
    for doc in details:
        family = doc["source"].split("_")[0]
        listing = json.loads(doc["listing"])
        assert listing["title"] and listing["published"], doc
        if family in JSON_DETAILS:
            assert "json" in doc["content_type"], doc
        elif family != "ggzy":
            assert "html" in doc["content_type"], doc
    ggzy_json = [d for d in details if d["source"] == "ggzy" and "json" in d["content_type"]]
    no_body = [n for n in sites["ggzy"].notices if n.extra.get("no_body")]
    assert len(ggzy_json) == len(no_body) == 1
    assert "/html/a/" in ggzy_json[0]["url"] and json.loads(ggzy_json[0]["listing"])["title"] == no_body[0].title


def test_the_zcy_and_gpcms_details_carry_content_and_attachment_lists(two_runs) -> None:
    from store.paths import raw_dir_for
    from store.raw import RawStore

    _, db, _, _ = two_runs
    raw = RawStore(raw_dir_for(db))
    with connect(db, read_only=True) as con:
        zcy = records(con, "SELECT sha256 FROM documents WHERE source = 'zcy_zhejiang' AND kind = 'detail'")
        gpcms = records(con, "SELECT sha256 FROM documents WHERE source = 'gpcms_guangdong' AND kind = 'detail'")
    zcy_data = [json.loads(raw.get(d["sha256"]))["result"]["data"] for d in zcy]
    assert all("content" in d and "attachmentList" in d for d in zcy_data)
    gpcms_data = [json.loads(raw.get(d["sha256"]))["data"] for d in gpcms]
    assert all("content" in d and "attchList" in d for d in gpcms_data)


def test_a_second_run_fetches_no_detail_page_or_attachment_again(two_runs) -> None:
    sites, db, _, second = two_runs
    with connect(db, read_only=True) as con:
        runs = records(con, "SELECT run_id, source, new_docs FROM crawl_runs ORDER BY started_at")
    later = runs[len(sites):]
    assert len(later) == len(sites)
    for run in later:
        manifest = RunManifest(runs_dir_for(db) / run["run_id"])
        assert [r.kind for r in manifest.records()] == [], run["source"]
        assert run["new_docs"] == 0
        assert manifest.info()["stats"]["skipped_seen"] == len(replay_ids(run["source"], sites[run["source"]]))
    assert "0 new documents" in second.stdout


def test_run_refuses_a_base_url_for_a_source_it_does_not_crawl(tmp_path: Path) -> None:
    result = tenderwatch("run", "--source", "ccgp", "--base-url", "ggzy=http://127.0.0.1:9/ggzy",
                         "--db", str(tmp_path / "x.duckdb"), check=False)
    assert result.returncode == 2 and "not among the sources crawled" in result.stderr
