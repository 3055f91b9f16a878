"""政采云 (ZCY) platform family: the provincial procurement sites built on ``/portal/*`` JSON endpoints.

Lists: ``POST /portal/category`` ``{pageNo, pageSize, categoryCode, publishDateBegin, publishDateEnd}`` for a
sweep of one category, ``POST /portal/all`` ``{keyword, publishDateBegin, publishDateEnd, pageNo, pageSize}``
for a keyword search across every category; both answer ``{"success": true, "result": {"data": {"total": N,
"data": [rows]}}}`` with ``articleId`` (base64), ``title`` (``<em>`` highlights), ``publishDate`` (epoch ms),
``pathName``, ``districtName``, ``purchaseName``, ``author`` …
Detail: ``GET /portal/detail?articleId=…`` → ``result.data`` with ``content`` (the notice HTML) and
``attachmentList``; kept as JSON (the detail document), attachments from ``attachmentList`` and the
``ul.fjxx`` links inside ``content``.
Blocks: Aliyun WAF (403 or a JavaScript challenge page: back off, retry) and its slider captcha (listing
stops, recorded). Caveats (PORTALS.md §4.1): category codes differ between sites and years; the 2026 notes
could not reach Shanghai or Zhejiang without a browser, while other 2026 code calls ``/portal/*`` directly.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import scrapy
from parsel import Selector
from scrapy.http import JsonRequest, Response

from crawler.items import FailedFetch, FetchedPage
from crawler.spiders.base import (
    ListedNotice,
    ListPage,
    PortalSpider,
    clean_text,
    day_windows,
    json_answer,
    links_to_files,
    unique_links,
)

CHINA = timezone(timedelta(hours=8))
SLIDER_MARKERS = ("aliyunCaptcha-sliding-slider", "nc_1_n1z", "滑动验证")


def epoch_ms(day: datetime) -> int:
    return int(day.timestamp() * 1000)



class ZcySpider(PortalSpider):
    """Base of the 政采云 sites: a concrete spider names its origin and the category codes it sweeps."""

    # Read by ZcySpider: the category codes a sweep lists ({siteId}-{code} on Zhejiang, ZcyAnnouncementN elsewhere).
    category_codes: tuple[str, ...] = ()
    # Read by ZcySpider: extra fields every /portal/category request carries on this site.
    category_extra: dict[str, Any] = {}
    page_size = 15
    search_window_days = 31
    custom_settings = {
        # Aliyun WAF in front of every 政采云 site answers bursts with a challenge page (PORTALS.md §4.1).
        "DOWNLOAD_DELAY": 3.0,
    }

    def search_tasks(self) -> list[list]:
        return [["search", keyword, start.isoformat(), end.isoformat()]
                for keyword in self.keywords for start, end in day_windows(self.since, self.until, self.search_window_days)]

    def sweep_tasks(self) -> list[list]:
        return [["sweep", code, self.since.isoformat(), self.until.isoformat()] for code in self.category_codes]

    def list_request(self, task: list, page: int) -> scrapy.Request:
        kind, term, start, end = task
        begin = epoch_ms(datetime.fromisoformat(start).replace(tzinfo=CHINA))
        finish = epoch_ms(datetime.fromisoformat(end).replace(tzinfo=CHINA) + timedelta(days=1)) - 1
        www = self.origin("www")
        if kind == "sweep":
            body = {"pageNo": page, "pageSize": self.page_size, "categoryCode": term, "publishDateBegin": begin,
                    "publishDateEnd": finish, "_t": int(time.time() * 1000), **self.category_extra}
            return JsonRequest(www + "/portal/category", data=body)
        body = {"keyword": term, "firstCode": "", "secondCode": "", "districtCode": [], "publishDateBegin": begin,
                "publishDateEnd": finish, "pageNo": page, "pageSize": self.page_size, "isTitleSearch": False,
                "order": "desc", "leaf": "0"}
        return JsonRequest(www + "/portal/all", data=body)

    def captcha_reason(self, response: Response) -> str | None:
        head = response.body[:20000].decode("utf-8", "ignore")
        if any(marker in head for marker in SLIDER_MARKERS):
            return "Aliyun slider captcha"
        return None

    def parse_list(self, response: Response, task: list, page: int) -> ListPage:
        answer = json_answer(response)
        if answer is None:
            return ListPage(error=f"not JSON (HTTP {response.status}, {len(response.body)} bytes)")
        if not answer.get("success"):
            return ListPage(error=f"portal error: {answer.get('error')}")
        data = ((answer.get("result") or {}).get("data")) or {}
        rows = data.get("data") or []
        result = ListPage(has_more=page * self.page_size < int(data.get("total") or 0) and bool(rows))
        for row in rows:
            article = row.get("articleId")
            if not article:
                continue
            url = f"{self.origin('www')}/portal/detail?articleId={quote(article, safe='')}"
            result.notices.append(ListedNotice(f"{self.name}:{article}", scrapy.Request(url), listing_of(row)))
        return result

    def detail_document(self, response: Response) -> FetchedPage | FailedFetch:
        answer = json_answer(response)
        if not answer or not answer.get("success") or not (answer.get("result") or {}).get("data"):
            return self.failed_response(response, f"no notice in the answer ({len(response.body)} bytes)")
        return super().detail_document(response)

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        """``attachmentList`` entries, then file links inside ``content`` (the ``ul.fjxx`` block)."""
        data = (json_answer(response) or {}).get("result", {}).get("data") or {}
        found = [(item.get("name") or item.get("fileName") or "", item.get("url") or item.get("link") or item.get("fileUrl"))
                 for item in data.get("attachmentList") or [] if isinstance(item, dict)]
        found = [(name, response.urljoin(url)) for name, url in found if url]
        content = Selector(text=data.get("content") or "<html></html>")
        found += links_to_files(content.css("ul.fjxx a"), response.url, every=True)
        found += links_to_files(content.css("a"), response.url)
        return unique_links(found)


def listing_of(row: dict) -> dict:
    """What a 政采云 list row says of its notice."""
    published = row.get("publishDate")
    when = datetime.fromtimestamp(published / 1000, CHINA).strftime("%Y-%m-%d %H:%M:%S") if published else None
    path = [p.strip() for p in (row.get("pathName") or "").split("|") if p.strip()]
    return {
        "title": clean_text(row.get("title")), "published": when, "region": row.get("districtName"),
        "buyer": row.get("purchaseName"), "agency": row.get("author"), "notice_type": path[-1] if path else None,
        "project_code": row.get("projectCode"), "budget": row.get("budgetPrice"),
        "procurement_method": row.get("procurementMethod"), "category": row.get("gpCatalogName"),
    }


class ZcyZhejiangSpider(ZcySpider):
    """浙江政府采购网 (zfcg.czt.zj.gov.cn), site 110; codes from the 2025-05-27 capture (PORTALS.md §4.1)."""

    name = "zcy_zhejiang"
    origins = {"www": "https://zfcg.czt.zj.gov.cn"}
    # 采购项目公告, 采购结果公告, 单一来源采购公示, 采购文件需求公示
    category_codes = ("110-978863", "110-908841", "110-424097", "110-988011")
    category_extra = {"isGov": True, "excludeDistrictPrefix": ["90", "006011", "H0", "001111"]}


class ZcyShanghaiSpider(ZcySpider):
    """上海政府采购网 (www.zfcg.sh.gov.cn; the old ccgp-shanghai domain redirects to a login page)."""

    name = "zcy_shanghai"
    origins = {"www": "https://www.zfcg.sh.gov.cn"}
    # 公开招标 / 竞争性磋商 / 竞争性谈判 (the Shanghai childrenCode map), 中标（成交）结果公告
    category_codes = ("ZcyAnnouncement2", "ZcyAnnouncement3", "ZcyAnnouncement4", "ZcyAnnouncement3004")


class ZcyGuangxiSpider(ZcySpider):
    """广西政府采购网 (www.ccgp-guangxi.gov.cn); codes from announcementLinkDtoList (PORTALS.md §4.1)."""

    name = "zcy_guangxi"
    origins = {"www": "http://www.ccgp-guangxi.gov.cn"}
    # 采购公告, 结果公告, 单一来源公示, 其他
    category_codes = ("ZcyAnnouncement2", "ZcyAnnouncement4", "ZcyAnnouncement6", "ZcyAnnouncement9")
