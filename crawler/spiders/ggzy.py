"""全国公共资源交易平台 (GGZY): the trading-information list API, body pages, and records without a body.

Domain: www.ggzy.gov.cn. List: ``POST /information/pubTradingInfo/getTradList`` (form fields ``TIMEBEGIN``,
``TIMEEND``, ``DEAL_TIME``, ``DEAL_CLASSIFY``, ``SOURCE_TYPE``, ``FINDTXT``, ``PAGENUMBER``; 20 records a page)
answering ``{"code": 200, "data": {"records": […], "pages": N}}``. Each record's ``url`` is the project shell
``/information/deal/html/a/…``; the notice body is the same path under ``/html/b/`` (server-rendered).
Codes: 800 too frequent (a block: back off and ask again), 804 the query must be narrowed (the window is
halved, down to one day), 829 captcha required (listing stops, recorded), 801 parameter error.
Caveats (PORTALS.md §2.2): many records have no body page (kept as the list record's JSON, content type
application/json); keyword searches without a match fall back to the unfiltered list, so a page-1 answer
none of whose titles holds the keyword counts as no match; ``total`` may be capped at 1000, hence one-day
sweep windows; ``DEAL_TIME`` codes are unstable, so the spider sends ``06`` (a date range) with explicit
dates and takes ``-a deal_time=`` to change it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import FailedFetch, FetchedPage
from crawler.spiders.base import (
    ListedNotice,
    ListPage,
    PortalSpider,
    clean_text,
    day_windows,
    json_answer,
    links_to_files,
)

LIST_PATH = "/information/pubTradingInfo/getTradList"



class GgzySpider(PortalSpider):
    """Keyword search and one-day sweeps of the national trading platform's list API."""

    name = "ggzy"
    origins = {"www": "https://www.ggzy.gov.cn"}
    # Read by GgzySpider: 02 = 政府采购 (government procurement), where compute and cloud purchases appear;
    # add 01 (工程建设) with -a deal_classify=01,02. 00 ("all") returns nothing (PORTALS.md §2.2).
    deal_classify = ("02",)
    source_type = "1"  # provincial platforms
    search_window_days = 31  # a keyword finds few records: a month a query
    sweep_window_days = 1  # a day a query keeps sweeps under the reported 1000-record cap
    custom_settings = {
        # The list API answers code 800 ('too frequent') to bursts; scrapers keep ≥2 s (PORTALS.md §2.2).
        "DOWNLOAD_DELAY": 2.0,
        # Occasional TLS 'protocol version' errors succeed when retried (PORTALS.md §2.2, 2026-10-03).
        "RETRY_TIMES": 5,
    }

    def __init__(self, deal_classify: str | None = None, deal_time: str = "06", **kwargs: Any):
        super().__init__(**kwargs)
        if deal_classify:
            self.deal_classify = tuple(c.strip() for c in deal_classify.split(",") if c.strip())
        self.deal_time = deal_time

    def search_tasks(self) -> list[list]:
        return [["search", keyword, classify, start.isoformat(), end.isoformat()]
                for keyword in self.keywords for classify in self.deal_classify
                for start, end in day_windows(self.since, self.until, self.search_window_days)]

    def sweep_tasks(self) -> list[list]:
        return [["sweep", "", classify, start.isoformat(), end.isoformat()]
                for classify in self.deal_classify
                for start, end in day_windows(self.since, self.until, self.sweep_window_days)]

    def list_request(self, task: list, page: int) -> scrapy.Request:
        _, keyword, classify, start, end = task
        form = {
            "TIMEBEGIN_SHOW": start, "TIMEEND_SHOW": end, "TIMEBEGIN": start, "TIMEEND": end,
            "SOURCE_TYPE": self.source_type, "DEAL_TIME": self.deal_time, "DEAL_CLASSIFY": classify,
            "DEAL_STAGE": "0000", "DEAL_PROVINCE": "0", "DEAL_CITY": "0", "DEAL_PLATFORM": "0", "BID_PLATFORM": "0",
            "DEAL_TRADE": "0", "isShowAll": "1", "PAGENUMBER": str(page), "FINDTXT": keyword,
        }
        www = self.origin("www")
        return scrapy.FormRequest(www + LIST_PATH, formdata=form, headers={
            "Referer": www + "/deal/dealList.html", "Origin": www, "X-Requested-With": "XMLHttpRequest",
            "X-Pass-Token": "",  # '<captchaToken>#<verifyCode>' only after a solved captcha
        })

    def captcha_reason(self, response: Response) -> str | None:
        answer = json_answer(response) if response.meta.get("kind") == "list" else None
        if answer and answer.get("code") == 829:
            return "GGZY code 829: captcha required"
        return None

    def is_blocked(self, response: Response, request: scrapy.Request) -> bool:
        if request.meta.get("kind") == "list":
            answer = json_answer(response)
            if answer and answer.get("code") == 800:
                return True
        return super().is_blocked(response, request)

    def parse_list(self, response: Response, task: list, page: int) -> ListPage:
        answer = json_answer(response)
        if answer is None:
            return ListPage(error=f"not JSON (HTTP {response.status}, {len(response.body)} bytes)")
        code = answer.get("code")
        if code == 804:
            return self.narrower(task)
        if code != 200:
            return ListPage(error=f"GGZY code {code}: {answer.get('message')}")
        data = answer.get("data") or {}
        records = data.get("records") or []
        keyword = task[1]
        if keyword and page == 1 and records and not any(keyword.lower() in (r.get("title") or "").lower()
                                                        for r in records):
            # No match falls back to the unfiltered list (PORTALS.md §2.2): nothing found for this keyword.
            self.crawler.stats.inc_value("tenderwatch/ggzy_unfiltered_fallback")
            return ListPage()
        result = ListPage(has_more=int(data.get("current") or page) < int(data.get("pages") or 0))
        for record in records:
            if record.get("id") and record.get("url"):
                result.notices.append(self.listed(response, record))
        return result

    def narrower(self, task: list) -> ListPage:
        """Code 804: the same query over two halves of the window (a one-day window cannot be narrowed)."""
        kind, keyword, classify, start, end = task
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        if first == last:
            return ListPage(error=f"GGZY code 804 for one day ({start}): too many records, some not listed")
        middle = first + (last - first) // 2
        halves = [(first, middle), (middle + date.resolution, last)]
        return ListPage(replace_with=[[kind, keyword, classify, a.isoformat(), b.isoformat()] for a, b in halves])

    def listed(self, response: Response, record: dict) -> ListedNotice:
        url = record["url"]
        shell = self.rewrite(url) if url.startswith("http") else self.origin("www") + url
        body = shell.replace("/html/a/", "/html/b/", 1)
        listing = {
            "title": clean_text(record.get("title")), "published": record.get("publishTime"),
            "region": record.get("provinceText"), "notice_type": record.get("informationTypeText"),
            "stage": record.get("informationType"), "business_type": record.get("businessTypeText"),
            "platform": record.get("transactionSourcesPlatformText"), "project_code": record.get("tenderProjectCode"),
            "shell_url": shell,
        }
        request = scrapy.Request(body, meta={"record": record, "shell_url": shell})
        return ListedNotice(f"ggzy:{record['id']}", request, listing)

    def detail_document(self, response: Response) -> FetchedPage | FailedFetch:
        """The body page, or the list record when the body page holds nothing (often, PORTALS.md §2.2)."""
        text = " ".join(response.css("#mycontent ::text").getall()).strip()
        if not text:
            return self.record_document(response.meta)
        return super().detail_document(response)

    def detail_failed(self, failure: Failure) -> Iterator[Any]:
        """A body page that does not exist (404) keeps the list record instead; other failures are recorded."""
        if failure.check(HttpError) and failure.value.response.status == 404:
            yield self.record_document(failure.request.meta)  # type: ignore[attr-defined]
        else:
            yield self.failed(failure)

    def record_document(self, meta: dict) -> FetchedPage:
        """The list record itself as the notice's detail document (JSON), so its metadata is kept."""
        self.crawler.stats.inc_value("tenderwatch/ggzy_without_body")
        body = json.dumps(meta["record"], ensure_ascii=False).encode("utf-8")
        return FetchedPage(url=meta["shell_url"], body=body, status=200, content_type="application/json",
                           kind="detail", notice_id=meta["notice_id"], listing=meta.get("listing"))

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        if "json" in (response.headers.get("Content-Type") or b"").decode("latin-1"):
            return []
        return links_to_files(response.css("#mycontent a"), response.url)
