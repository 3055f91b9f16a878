"""中国政府采购网 (CCGP): keyword search, result paging, detail pages and their attachments.

Domain: www.ccgp.gov.cn (detail pages), search.ccgp.gov.cn (``bxsearch``), download.ccgp.gov.cn (``/oss/download``).
Search: ``GET /bxsearch?searchtype=2`` (full text) with colon dates ``start_time=YYYY:MM:DD``, ``timeType=6``
(custom range), paged by ``page_index``, 20 results a page, total in ``共找到N条``. Result links are
``javascript:void(0)``; the detail URLs are only in ``var ohtmlurls = "u1,u2,…,"`` in item order.
Blocks: the ``频繁访问!`` page (HTTP 200) when searching fast, 403 on www without the homepage's cookies.
Caveats: search never sees attachment text; the search host throttles by IP (PORTALS.md §1.2–1.8).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawler.spiders.base import PortalSpider

RESULTS_PER_PAGE = 20
MAX_WINDOW_DAYS = 365  # the search form refuses ranges longer than a year
DETAIL_ID = re.compile(r"/t(\d{8})_(\d+)\.htm")
TOTAL = re.compile(r"共找到\s*(?:<[^>]+>\s*)?(\d+)")
OHTMLURLS = re.compile(r'var\s+ohtmlurls\s*=\s*"([^"]*)"')
BLOCK_MARKERS = ("频繁访问", "访问过于频繁")


def notice_id_from_url(url: str) -> str | None:
    """``ccgp:<numeric id>`` from a detail URL such as …/t20250609_24738532.htm."""
    match = DETAIL_ID.search(url)
    return f"ccgp:{match.group(2)}" if match else None


def search_windows(since: date, until: date) -> list[tuple[date, date]]:
    """The date range cut into windows the search accepts (at most a year each)."""
    windows, start = [], since
    while start <= until:
        end = min(until, start + timedelta(days=MAX_WINDOW_DAYS - 1))
        windows.append((start, end))
        start = end + timedelta(days=1)
    return windows


class CcgpSpider(PortalSpider):
    name = "ccgp"
    origins = {
        "www": "http://www.ccgp.gov.cn",
        "search": "http://search.ccgp.gov.cn",  # https answered 500/502 in 2026 (PORTALS.md §1.1)
        "download": "http://download.ccgp.gov.cn",
    }
    custom_settings = {
        # The search host throttles by IP; scrapers that last keep 3–6 s between requests (PORTALS.md §1.8).
        "DOWNLOAD_DELAY": 3.0,
        # Blocks last about a minute on the real site (PORTALS.md §1.8).
        "BLOCK_BACKOFF_SECONDS": 60.0,
    }

    def __init__(self, searchtype: str = "2", **kwargs: Any):
        super().__init__(**kwargs)
        self.searchtype = searchtype  # 1 = titles, 2 = full text

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # The homepage first: www refuses detail pages to clients without its cookies (PORTALS.md §1.1).
        yield scrapy.Request(self.origin("www") + "/", callback=self.after_homepage, dont_filter=True,
                             errback=self.failed, meta={"kind": "home"})

    def after_homepage(self, response: Response) -> Iterator[scrapy.Request]:
        """Search one keyword and window at a time (the search host blocks bursts).

        The queue of searches and the current one live in ``self.state``, which JOBDIR keeps, so a
        resumed crawl picks up where it stopped instead of starting over.
        """
        if "searches" not in self.state:
            self.state["searches"] = [
                (keyword, start.isoformat(), end.isoformat())
                for keyword in self.keywords for start, end in search_windows(self.since, self.until)
            ]
            self.state["current"] = None
        if self.state.get("current"):
            keyword, start, end, page = self.state["current"]
            yield self.search_request(keyword, date.fromisoformat(start), date.fromisoformat(end), page)
        else:
            yield from self.next_search()

    def next_search(self) -> Iterator[scrapy.Request]:
        """The next keyword and window to search, if any are left."""
        self.state["current"] = None
        if self.state["searches"]:
            keyword, start, end = self.state["searches"].pop(0)
            yield self.search_request(keyword, date.fromisoformat(start), date.fromisoformat(end), page=1)

    def search_failed(self, failure: Any) -> Iterator[Any]:
        """A search that failed for good is recorded, and the next search goes on."""
        yield self.failed(failure)
        yield from self.next_search()

    def search_request(self, keyword: str, start: date, end: date, page: int) -> scrapy.Request:
        params = {
            "searchtype": self.searchtype, "page_index": page, "bidSort": "0", "buyerName": "", "projectId": "",
            "pinMu": "0", "bidType": "0", "dbselect": "bidx", "kw": keyword,
            "start_time": start.strftime("%Y:%m:%d"), "end_time": end.strftime("%Y:%m:%d"), "timeType": "6",
            "displayZone": "", "zoneId": "", "pppStatus": "0", "agentName": "",
        }
        self.state["current"] = (keyword, start.isoformat(), end.isoformat(), page)
        return scrapy.Request(
            f"{self.origin('search')}/bxsearch?{urlencode(params)}", callback=self.parse_search,
            errback=self.search_failed, dont_filter=True,
            meta={"kind": "list", "keyword": keyword, "window": (start, end), "page": page},
        )

    def is_blocked(self, response: Response) -> bool:
        if response.status == 403:
            return True
        head = response.body[:3000].decode("utf-8", "ignore")
        return any(marker in head for marker in BLOCK_MARKERS)

    def on_block(self, response: Response) -> Iterator[scrapy.Request]:
        """A 403 on www means our cookies lapsed: visit the homepage again before the retry."""
        if response.status == 403:
            yield scrapy.Request(self.origin("www") + "/", dont_filter=True, priority=10,
                                 callback=lambda r: None, errback=self.failed, meta={"kind": "home"})

    def parse_search(self, response: Response) -> Iterator[Any]:
        items = response.css("ul.vT-srch-result-list-bid > li")
        match = OHTMLURLS.search(response.text)
        urls = [u.strip() for u in match.group(1).split(",") if u.strip()] if match else []
        if len(urls) != len(items):
            self.logger.warning("ccgp: %d results but %d urls on %s", len(items), len(urls), response.url)
        for li, url in zip(items, urls, strict=False):
            url = self.rewrite(response.urljoin(url))
            notice_id = notice_id_from_url(url)
            if notice_id is None or self.already_stored(notice_id):
                continue
            yield scrapy.Request(url, callback=self.parse_detail, errback=self.failed,
                                 meta={"kind": "detail", "notice_id": notice_id, "listing": listing_of(li)})
        total_match = TOTAL.search(response.text)
        total = int(total_match.group(1)) if total_match else 0
        page, (start, end), keyword = response.meta["page"], response.meta["window"], response.meta["keyword"]
        if tuple(self.state.get("current") or ()) != (keyword, start.isoformat(), end.isoformat(), page):
            return  # a duplicate of a search re-sent after a resume: the chain already moved on
        if page * RESULTS_PER_PAGE < total:
            yield self.search_request(keyword, start, end, page + 1)
        else:
            yield from self.next_search()

    def parse_detail(self, response: Response) -> Iterator[Any]:
        notice_id = response.meta["notice_id"]
        yield self.page(response, "detail", notice_id=notice_id, listing=response.meta.get("listing"))
        for name, url in self.attachment_links(response):
            yield scrapy.Request(
                self.rewrite(url), callback=self.parse_attachment, errback=self.failed,
                meta={"kind": "attachment", "notice_id": notice_id, "name": name, "parent_url": response.url},
            )

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        """Attachment (name, url) pairs: ``a.bizDownload`` uuids, ``ignore=1`` links and the ``ul.fjxx`` list."""
        found: dict[str, str] = {}
        for a in response.css("a.bizDownload"):
            uuid = a.attrib.get("id")
            if uuid:
                found.setdefault(f"{self.origin('download')}/oss/download?uuid={uuid}", _link_name(a))
        for a in response.css("a[ignore='1'], ul.fjxx a"):
            href = a.attrib.get("href", "").strip()
            if href and not href.startswith("javascript"):
                found.setdefault(response.urljoin(href), _link_name(a))
        return [(name, url) for url, name in found.items()]

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        yield self.page(response, "attachment", notice_id=response.meta["notice_id"], name=response.meta["name"])


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
