"""中国政府采购网 (CCGP): keyword search, result paging, detail pages and their attachments.

Domain: www.ccgp.gov.cn (detail pages), search.ccgp.gov.cn (``bxsearch``), download.ccgp.gov.cn (``/oss/download``).
Sweep: the static channel lists ``/cggg/{zygg,dfgg}/{code}/index.htm``, ``index_1.htm`` … (newest first), read
back to ``--since``; items ``ul.c_list_bid > li`` with the date, region and buyer in ``em`` elements.
Search: ``GET /bxsearch?searchtype=2`` (full text) with colon dates ``start_time=YYYY:MM:DD``, ``timeType=6``
(custom range), paged by ``page_index``, 20 results a page, total in ``共找到N条``. Result links are
``javascript:void(0)``; the detail URLs are only in ``var ohtmlurls = "u1,u2,…,"`` in item order.
Blocks: the ``频繁访问!`` page (HTTP 200) when searching fast, 403 on www without the homepage's cookies.
Caveats: search never sees attachment text; the search host throttles by IP (PORTALS.md §1.2–1.8).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawler.spiders.base import (
    ListedNotice,
    ListPage,
    PortalSpider,
    clean_text,
    day_windows,
    links_to_files,
    unique_links,
)

RESULTS_PER_PAGE = 20
MAX_WINDOW_DAYS = 365  # the search form refuses ranges longer than a year
DETAIL_ID = re.compile(r"/t(\d{8})_(\d+)\.htm")
TOTAL = re.compile(r"共找到\s*(?:<[^>]+>\s*)?(\d+)")
OHTMLURLS = re.compile(r'var\s+ohtmlurls\s*=\s*"([^"]*)"')
BLOCK_MARKERS = ("频繁访问", "访问过于频繁")
# TRS static pages page themselves with createPageHTML(pages, current 0-based, "index", "htm").
PAGE_COUNT = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)")
CHANNELS = {
    "gkzb": "公开招标公告", "xjgg": "询价公告", "jzxtpgg": "竞争性谈判公告", "jzxcs": "竞争性磋商公告",
    "dylygg": "单一来源公告和公示", "zgysgg": "资格预审公告", "yqzbgg": "邀请招标公告", "zbgg": "中标公告",
    "cjgg": "成交公告", "gzgg": "更正公告", "fblbgg": "废标/终止公告", "qtgg": "其他公告",
}


def _day(text: str) -> date | None:
    match = re.search(r"(\d{4})[-.年](\d{1,2})[-.月](\d{1,2})", text)
    return date(*map(int, match.groups())) if match else None


def notice_id_from_url(url: str) -> str | None:
    """``ccgp:<numeric id>`` from a detail URL such as …/t20250609_24738532.htm."""
    match = DETAIL_ID.search(url)
    return f"ccgp:{match.group(2)}" if match else None


def search_windows(since: date, until: date) -> list[tuple[date, date]]:
    """The date range cut into windows the search accepts (at most a year each)."""
    return day_windows(since, until, MAX_WINDOW_DAYS)


class CcgpSpider(PortalSpider):
    """Keyword search through ``bxsearch`` and date sweeps of the static channel lists."""

    name = "ccgp"
    origins = {
        "www": "http://www.ccgp.gov.cn",
        "search": "http://search.ccgp.gov.cn",  # https answered 500/502 in 2026 (PORTALS.md §1.1)
        "download": "http://download.ccgp.gov.cn",
    }
    warm_up_path = "/"  # www refuses detail pages to clients without the homepage's cookies (PORTALS.md §1.1)
    # Read by CcgpSpider: the static channel lists a sweep reads (PORTALS.md §1.4), newest first, 20 a page.
    scopes = ("zygg", "dfgg")
    channels = tuple(CHANNELS)
    custom_settings = {
        # The search host throttles by IP; scrapers that last keep 3–6 s between requests (PORTALS.md §1.8).
        "DOWNLOAD_DELAY": 3.0,
        # Blocks last about a minute on the real site (PORTALS.md §1.8).
        "BLOCK_BACKOFF_SECONDS": 60.0,
    }

    def __init__(self, searchtype: str = "2", **kwargs: Any):
        super().__init__(**kwargs)
        self.searchtype = searchtype  # 1 = titles, 2 = full text

    def search_tasks(self) -> list[list]:
        return [["search", keyword, start.isoformat(), end.isoformat()]
                for keyword in self.keywords for start, end in search_windows(self.since, self.until)]

    def sweep_tasks(self) -> list[list]:
        return [["sweep", scope, channel] for scope in self.scopes for channel in self.channels]

    def list_request(self, task: list, page: int) -> scrapy.Request:
        if task[0] == "sweep":
            _, scope, channel = task
            index = "index.htm" if page == 1 else f"index_{page - 1}.htm"  # index_1.htm is page 2 (PORTALS.md §1.4)
            return scrapy.Request(f"{self.origin('www')}/cggg/{scope}/{channel}/{index}")
        _, keyword, start, end = task
        params = {
            "searchtype": self.searchtype, "page_index": page, "bidSort": "0", "buyerName": "", "projectId": "",
            "pinMu": "0", "bidType": "0", "dbselect": "bidx", "kw": keyword,
            "start_time": start.replace("-", ":"), "end_time": end.replace("-", ":"), "timeType": "6",
            "displayZone": "", "zoneId": "", "pppStatus": "0", "agentName": "",
        }
        return scrapy.Request(f"{self.origin('search')}/bxsearch?{urlencode(params)}")

    def parse_list(self, response: Response, task: list, page: int) -> ListPage:
        return self.parse_channel(response, task) if task[0] == "sweep" else self.parse_search(response, page)

    def parse_search(self, response: Response, page: int) -> ListPage:
        items = response.css("ul.vT-srch-result-list-bid > li")
        match = OHTMLURLS.search(response.text)
        urls = [u.strip() for u in match.group(1).split(",") if u.strip()] if match else []
        if len(urls) != len(items):
            self.logger.warning("ccgp: %d results but %d urls on %s", len(items), len(urls), response.url)
        result = ListPage()
        for li, url in zip(items, urls, strict=False):
            url = self.rewrite(response.urljoin(url))
            notice_id = notice_id_from_url(url)
            if notice_id is not None:
                result.notices.append(ListedNotice(notice_id, scrapy.Request(url), listing_of(li)))
        total_match = TOTAL.search(response.text)
        result.has_more = page * RESULTS_PER_PAGE < (int(total_match.group(1)) if total_match else 0)
        return result

    def parse_channel(self, response: Response, task: list) -> ListPage:
        """A channel list page: items newest first; the sweep stops at the first page that reaches --since."""
        result = ListPage()
        oldest = None
        for li in response.css("ul.c_list_bid > li"):
            href = li.css("a::attr(href)").get("")
            ems = [" ".join(e.css("::text").getall()).strip() for e in li.css("em")]
            day = _day(ems[0]) if ems else None
            if day is None:
                continue
            oldest = day if oldest is None else min(oldest, day)
            url = self.rewrite(response.urljoin(href))
            notice_id = notice_id_from_url(url)
            if notice_id is None or not self.since <= day <= self.until:
                continue
            listing = {"title": li.css("a::attr(title)").get() or clean_text(li.css("a").get()),
                       "published": ems[0], "region": ems[1] if len(ems) > 1 else None,
                       "buyer": ems[2] if len(ems) > 2 else None, "notice_type": CHANNELS.get(task[2]),
                       "scope": task[1]}
            result.notices.append(ListedNotice(notice_id, scrapy.Request(url), listing))
        pages = PAGE_COUNT.search(response.text)
        last_page = int(pages.group(1)) if pages else None
        current = int(pages.group(2)) + 1 if pages else None
        more_pages = current < last_page if pages else bool(oldest)
        result.has_more = bool(more_pages and oldest is not None and oldest >= self.since)
        return result

    def is_blocked(self, response: Response, request: scrapy.Request) -> bool:
        if response.status == 403:
            return True
        head = response.body[:3000].decode("utf-8", "ignore")
        return any(marker in head for marker in BLOCK_MARKERS)

    def on_block(self, response: Response) -> Iterator[scrapy.Request]:
        """A 403 on www means our cookies lapsed: visit the homepage again before the retry."""
        if response.status == 403:
            yield scrapy.Request(self.origin("www") + "/", dont_filter=True, priority=10,
                                 callback=self.ignore, errback=self.failed, meta={"kind": "home"})

    def ignore(self, response: Response) -> None:
        """Callback of a page fetched only for its cookies."""

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        """``a.bizDownload`` uuids, ``ignore=1`` links and the ``ul.fjxx`` list (the name carries the extension)."""
        found = [(_link_name(a), f"{self.origin('download')}/oss/download?uuid={a.attrib['id']}")
                 for a in response.css("a.bizDownload") if a.attrib.get("id")]
        found += links_to_files(response.css("a[ignore='1'], ul.fjxx a"), response.url, every=True)
        found += links_to_files(response.css("div.vF_detail_content a"), response.url)
        return unique_links(found)


def listing_of(li: scrapy.Selector) -> dict:
    """What a search result says of its notice: title, date, buyer, agency, type and region."""
    title = re.sub(r"\s+", "", "".join(li.css("a ::text").getall()))
    span = " ".join(t.strip() for t in li.css("span ::text").getall() if t.strip())
    strongs = [s.strip() for s in (re.sub(r"\s+", " ", "".join(x.css("::text").getall())) for x in li.css("span strong"))]
    fields: dict[str, str | None] = {"title": title}
    date_match = re.search(r"\d{4}\.\d{2}\.\d{2}(?: \d{2}:\d{2}:\d{2})?", span)
    fields["published"] = date_match.group(0).replace(".", "-") if date_match else None
    buyer = re.search(r"采购人：\s*([^|]+)", span)
    agency = re.search(r"代理机构：\s*([^|]+)", span)
    fields["buyer"] = buyer.group(1).strip() if buyer else None
    fields["agency"] = agency.group(1).strip() if agency else None
    fields["notice_type"] = strongs[0] if strongs else None
    region = re.search(r"\|\s*([^|\s]+)\s*\|\s*" + (re.escape(strongs[1]) if len(strongs) > 1 else "$"), span)
    fields["region"] = region.group(1) if region else None
    return fields


def _link_name(a: scrapy.Selector) -> str:
    return re.sub(r"\s+", " ", "".join(a.css("::text").getall())).strip()
