"""University and institute procurement sites: one list/detail spider driven by a per-site entry.

Most universities publish procurement on a CMS of their own, most often VSB (博达站群): list pages with
``ul > li`` items (title link, date in a ``span``), a "下页" (next page) link, detail pages at
``/info/{column}/{article}.htm`` with the body in ``#vsb_content`` and attachments as
``download.jsp`` links whose names carry the extension. Some sites (深圳大学) embed the whole list as JSON
in the page: ``var datanews = [{showDate, showTitle, url: {asString}}…]``. A :class:`UnivSite` says which,
with the selectors; each concrete spider is one entry (PORTALS.md §5).
There is no portal search: ``search`` keeps the list items whose title holds a keyword, ``sweep`` keeps
every item of the window. Caveats: the formal notices of most universities are also on CCGP or their
province's platform; only 深圳大学 and the VSB template were seen in public code, the other entries follow
the VSB template without a capture to check them against.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import scrapy
from scrapy.http import Response

from crawler.spiders.base import ListedNotice, ListPage, PortalSpider, clean_text, links_to_files

DATANEWS = re.compile(r"var\s+datanews\s*=\s*(\[.*?\])\s*;", re.S)


@dataclass(frozen=True)
class UnivSite:
    """How one university site lists and shows its procurement notices."""

    university: str  # the buyer of every notice on the site
    list_paths: tuple[str, ...]  # one per column (招标公告, 结果公告 …), below the site's origin
    list_format: str = "html"  # "html" (selectors below) or "datanews" (the list embedded as JSON)
    item: str = "ul.ss li"
    title: str = "a::attr(title)"
    date: str = "span::text"
    link: str = "a::attr(href)"
    next_page: str = "//a[contains(text(), '下页')]/@href"  # XPath of the next list page's link
    id_pattern: str = r"/info/(\d+/\d+)\.htm"  # the article id in a detail URL
    body: str = "#vsb_content"  # where the notice body (and its attachment links) sit


def _day(text: str) -> date | None:
    match = re.search(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})", text or "")
    return date(*map(int, match.groups())) if match else None


class UniversitySpider(PortalSpider):
    """Base of the university spiders: a concrete spider names its origin and its :class:`UnivSite`."""

    site: UnivSite
    custom_settings = {
        # University web servers are small; one request every 2 s keeps us a light visitor.
        "DOWNLOAD_DELAY": 2.0,
    }

    def search_tasks(self) -> list[list]:
        if "sweep" in self.discovery:
            return []  # a sweep reads the same lists and keeps every item: a title filter adds nothing
        return [["search", path] for path in self.site.list_paths]

    def sweep_tasks(self) -> list[list]:
        return [["sweep", path] for path in self.site.list_paths]

    def list_request(self, task: list, page: int) -> scrapy.Request:
        path = task[1]
        return scrapy.Request(path if path.startswith("http") else self.origin("www") + path)

    def parse_list(self, response: Response, task: list, page: int) -> ListPage:
        rows = self.rows(response)
        result = ListPage()
        oldest = None
        for title, day, href in rows:
            oldest = day if oldest is None else min(oldest, day)
            if not self.since <= day <= self.until:
                continue
            if task[0] == "search" and not any(k.lower() in title.lower() for k in self.keywords):
                continue
            url = self.rewrite(response.urljoin(href))
            match = re.search(self.site.id_pattern, url)
            if match is None:
                continue
            listing = {"title": title, "published": day.isoformat(), "buyer": self.site.university}
            result.notices.append(ListedNotice(f"{self.name}:{match.group(1)}", scrapy.Request(url), listing))
        next_href = response.xpath(self.site.next_page).get() if self.site.list_format == "html" else None
        if next_href and oldest is not None and oldest >= self.since:
            result.replace_with = [[task[0], self.rewrite(response.urljoin(next_href))]]
        return result

    def rows(self, response: Response) -> list[tuple[str, date, str]]:
        """(title, date, link) of every item on a list page."""
        site, found = self.site, []
        if site.list_format == "datanews":
            match = DATANEWS.search(response.text)
            for item in json.loads(match.group(1)) if match else []:
                day = _day(item.get("showDate") or item.get("date") or "")
                href = (item.get("url") or {}).get("asString")
                title = clean_text(item.get("tipsTitle") or item.get("showTitle")).replace("置顶", "").strip()
                if day and href:
                    found.append((title, day, href))
            return found
        for li in response.css(site.item):
            day = _day(" ".join(li.css(site.date).getall()))
            href = li.css(site.link).get()
            title = clean_text(li.css(site.title).get() or " ".join(li.css("a ::text").getall()))
            if day and href:
                found.append((title, day, href))
        return found

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        """File links of the notice: in the body and in the VSB attachment list below it."""
        return links_to_files(response.css(f"{self.site.body} a, form[name='_newscontent_fromname'] a"), response.url)


class SzuSpider(UniversitySpider):
    """深圳大学招投标管理中心 (bidding.szu.edu.cn): lists embedded as ``var datanews``."""

    name = "univ_szu"
    origins = {"www": "https://bidding.szu.edu.cn"}
    site = UnivSite(university="深圳大学", list_paths=("/cggg/cgyxgk.htm", "/cggg/zbgg.htm", "/cggg/jggg.htm"),
                    list_format="datanews")


class GdufSpider(UniversitySpider):
    """广东金融学院采购中心 (cgzx.gduf.edu.cn): the VSB template (PORTALS.md §5)."""

    name = "univ_gduf"
    origins = {"www": "https://cgzx.gduf.edu.cn"}
    site = UnivSite(university="广东金融学院", list_paths=("/cgxx/cggg/xnjzcgl.htm", "/cgxx/jggg.htm"))


class NudtSpider(UniversitySpider):
    """国防科技大学 (www.nudt.edu.cn/cgxx): VSB; page N is index{N-1}.htm, linked as 下页."""

    name = "univ_nudt"
    origins = {"www": "https://www.nudt.edu.cn"}
    site = UnivSite(university="国防科技大学", list_paths=("/cgxx/index.htm",))


class HnustSpider(UniversitySpider):
    """湖南科技大学采购中心 (cgzx.hnust.edu.cn): VSB."""

    name = "univ_hnust"
    origins = {"www": "https://cgzx.hnust.edu.cn"}
    site = UnivSite(university="湖南科技大学", list_paths=("/cgxx/cggg/index.htm",))
