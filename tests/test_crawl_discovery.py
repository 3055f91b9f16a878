"""What each discovery mode finds: keyword search misses a hit whose evidence is only in an attachment;
the default (search and sweep) finds it; ``--buyers research`` narrows sweeps to research buyers."""

from __future__ import annotations

from pathlib import Path

from crawler.spiders.base import RESEARCH_BUYER
from replay.ccgp import CcgpSite
from replay.server import ReplayServer
from replay.zcy import ZcySite
from store.db import connect, records
from tests.crawling import crawl, replay_ids, stored

ATTACHMENT_ONLY = {"ccgp": "ccgp:25114456", "zcy_zhejiang": 25401107}  # 澜湖大学 A800 / 青禾大学 H100 on AWS


def test_default_discovery_finds_the_ccgp_hit_that_only_its_attachment_shows(ccgp, db: Path) -> None:
    server, site = ccgp
    crawl("ccgp", server.base_url(site), db, "--discovery", "search")  # the lexicon's terms, search only
    assert ATTACHMENT_ONLY["ccgp"] not in stored(db)
    crawl("ccgp", server.base_url(site), db)  # the default: search and sweep
    assert ATTACHMENT_ONLY["ccgp"] in stored(db)
    assert "附件：采购需求.pdf" in stored(db, "attachment")
    assert stored(db) == replay_ids("ccgp", site)


def test_default_discovery_finds_the_zcy_hit_that_only_its_attachment_shows(db: Path) -> None:
    site = ZcySite("zhejiang")
    hit = next(f"zcy_zhejiang:{a}" for a, n in site.by_article.items() if n.id == ATTACHMENT_ONLY["zcy_zhejiang"])
    with ReplayServer([site], lifetime=300) as server:
        crawl("zcy_zhejiang", server.base_url(site), db, "--discovery", "search")
        assert hit not in stored(db)
        crawl("zcy_zhejiang", server.base_url(site), db)
    assert hit in stored(db) and "采购需求书.pdf" in stored(db, "attachment")


def test_buyers_research_sweeps_only_universities_institutes_labs_and_hospitals(db: Path) -> None:
    site = CcgpSite()
    with ReplayServer([site], lifetime=300) as server:
        crawl("ccgp", server.base_url(site), db, "--discovery", "sweep", "--buyers", "research")
    research = replay_ids("ccgp", site, lambda n: bool(RESEARCH_BUYER.search(n.buyer)))
    assert stored(db) == research
    assert ATTACHMENT_ONLY["ccgp"] in research  # a university: the narrowed sweep still finds it
    with connect(db, read_only=True) as con:
        run = records(con, "SELECT run_id FROM crawl_runs")[0]
    from store.manifest import RunManifest
    from store.paths import runs_dir_for

    stats = RunManifest(runs_dir_for(db) / run["run_id"]).info()["stats"]
    assert stats["skipped_narrowed"] == len(site.notices) - len(research) > 0
