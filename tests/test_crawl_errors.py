"""How the spiders meet the portals' error and block pages on the replay: codes, WAF pages, captchas,
5xx with Retry-After, empty bodies, oversized attachments, records without a body."""

from __future__ import annotations

import json
from pathlib import Path

from replay.corpus import TEMPLATES
from replay.ggzy import GgzySite
from replay.gpcms import GpcmsSite, info_id
from replay.server import ReplayServer, Response
from replay.univ import UnivSite
from replay.zcy import ZcySite
from store.db import connect, records
from store.manifest import RunManifest
from store.paths import runs_dir_for
from tests.crawling import crawl, replay_ids, stored

WAF_PAGE = Response(403, TEMPLATES.get_template("common/waf403.j2").render(request_id="replay").encode("utf-8"))


def run_of(db: Path) -> dict:
    with connect(db, read_only=True) as con:
        return records(con, "SELECT * FROM crawl_runs ORDER BY started_at DESC")[0]


def manifest_errors(db: Path) -> list[str]:
    run = run_of(db)
    return [r.error for r in RunManifest(runs_dir_for(db) / run["run_id"]).records() if r.error]


def test_ggzy_code_800_backs_off_804_narrows_the_window_and_all_records_are_kept(db: Path) -> None:
    site = GgzySite(cap=8, rate_limit=(3, 0.5))  # >8 records in a window: 804; >3 list calls in 0.5 s: 800
    with ReplayServer([site], lifetime=300) as server:
        crawl("ggzy", server.base_url(site), db, "--discovery", "sweep", "--since", "2025-09-10", "--until", "2025-09-24")
    assert 800 in site.codes and 804 not in site.codes  # one-day sweeps stay under the cap
    window = lambda n: "2025-09-10" <= f"{n.day}" <= "2025-09-24"  # noqa: E731
    assert stored(db, "detail", "ggzy") == replay_ids("ggzy", site, window)
    assert run_of(db)["blocked"] == site.codes.count(800)


def test_ggzy_804_on_a_month_long_search_is_split_until_it_passes(db: Path) -> None:
    site = GgzySite(cap=8)
    with ReplayServer([site], lifetime=300) as server:
        crawl("ggzy", server.base_url(site), db, "--discovery", "search", "--keywords", "项目")
    expected = replay_ids("ggzy", site, lambda n: "项目" in n.title)
    assert site.codes.count(804) >= 1
    assert stored(db, "detail", "ggzy") == expected


def test_ggzy_keyword_without_a_match_does_not_take_the_unfiltered_fallback(db: Path) -> None:
    site = GgzySite()
    with ReplayServer([site], lifetime=300) as server:
        crawl("ggzy", server.base_url(site), db, "--discovery", "search", "--keywords", "英伟达,AWS")
    assert stored(db, "detail", "ggzy") == replay_ids("ggzy", site, lambda n: "AWS" in n.title)


def test_ggzy_code_829_stops_listing_and_is_recorded(db: Path) -> None:
    site = GgzySite(captcha_after=3)
    with ReplayServer([site], lifetime=300) as server:
        result = crawl("ggzy", server.base_url(site), db, "--discovery", "sweep")
    assert site.codes.count(829) == 1  # nothing asked after the captcha
    assert "stopped listing at a captcha" in result.stdout
    assert any(e.startswith("captcha stop: GGZY code 829") for e in manifest_errors(db))
    assert 0 < len(stored(db, "detail", "ggzy")) < len(site.notices)


def test_zcy_slider_captcha_stops_listing_and_is_recorded(db: Path) -> None:
    site = ZcySite("shanghai", captcha=True)
    with ReplayServer([site], lifetime=300) as server:
        crawl("zcy_shanghai", server.base_url(site), db, "--keywords", "算力")
    assert site.list_calls == 1
    assert [e for e in manifest_errors(db) if "Aliyun slider captcha" in e]
    assert run_of(db)["status"] == "complete" and stored(db, "detail") == set()


def test_a_waf_page_a_503_with_retry_after_and_an_empty_body_are_retried_then_stored(db: Path) -> None:
    site = ZcySite("zhejiang")
    site.inject("/portal/category", WAF_PAGE)
    site.inject("/portal/detail", Response(503, b"busy", "text/plain", {"Retry-After": "1"}),
                Response(200, b"", "application/json"))
    with ReplayServer([site], lifetime=300) as server:
        crawl("zcy_zhejiang", server.base_url(site), db, "--discovery", "sweep")
    served = [status for _, status in site.faults_served]
    assert served == [403, 503, 200]
    assert stored(db, "detail", "zcy_zhejiang") == replay_ids("zcy_zhejiang", site)
    run = run_of(db)
    assert run["blocked"] == 1 and run["failed"] == 0


def test_a_body_that_stays_empty_is_recorded_as_failed_and_the_crawl_goes_on(db: Path) -> None:
    site = GpcmsSite("guangdong")
    victim = info_id(site.notices[0])
    site.inject(f"id={victim}", *[Response(200, b"", "application/json")] * 4)  # first try + 3 retries
    with ReplayServer([site], lifetime=300) as server:
        crawl("gpcms_guangdong", server.base_url(site), db, "--discovery", "sweep")
    assert stored(db, "detail", "gpcms_guangdong") == replay_ids("gpcms_guangdong", site) - {f"gpcms_guangdong:{victim}"}
    assert [e for e in manifest_errors(db) if "empty 200 body" in e]
    assert run_of(db)["failed"] == 1


def test_gpcms_verify_code_stops_listing_and_is_recorded(db: Path) -> None:
    site = GpcmsSite("sichuan", verify_required=True)
    with ReplayServer([site], lifetime=300) as server:
        result = crawl("gpcms_sichuan", server.base_url(site), db)
    assert "stopped listing at a captcha" in result.stdout
    assert [e for e in manifest_errors(db) if "verifyCode" in e]


def test_an_attachment_over_the_size_cap_is_recorded_as_failed_and_its_notice_kept(db: Path) -> None:
    site = UnivSite("szu")
    with ReplayServer([site], lifetime=300) as server:
        crawl("univ_szu", server.base_url(site), db, "--set", "ATTACHMENT_MAXSIZE=1000")
    assert stored(db, "detail", "univ_szu") == replay_ids("univ_szu", site)
    assert stored(db, "attachment") == set()
    errors = manifest_errors(db)
    assert len(errors) == 1 and "1000" in errors[0]


def test_univ_lists_page_by_their_next_link_and_keep_the_university_as_buyer(db: Path) -> None:
    site = UnivSite("nudt")
    with ReplayServer([site], lifetime=300) as server:
        crawl("univ_nudt", server.base_url(site), db)
    assert stored(db, "detail", "univ_nudt") == replay_ids("univ_nudt", site)
    with connect(db, read_only=True) as con:
        buyers = {json.loads(r["listing"])["buyer"] for r in records(con, "SELECT listing FROM documents")}
    assert buyers == {"国防科技大学"}


def test_retry_after_is_read_as_seconds_or_an_http_date_and_capped() -> None:
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime

    from scrapy.http import Response as ScrapyResponse

    from crawler.middlewares import retry_after_seconds

    def wait(value: str) -> float | None:
        return retry_after_seconds(ScrapyResponse("http://127.0.0.1/", headers={"Retry-After": value}), limit=600)

    assert wait("7") == 7.0
    assert wait("86400") == 600  # capped
    in_a_minute = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=60), usegmt=True)
    assert 55 <= wait(in_a_minute) <= 60
    assert wait("soon") is None
    assert retry_after_seconds(ScrapyResponse("http://127.0.0.1/"), limit=600) is None
