"""The base of every portal spider: arguments, discovery, the list-task queue, details and their attachments.

A portal family's base class (``ccgp``, ``ggzy``, ``zcy``, ``gpcms``, ``univ``) says how to build a list
request for a task (a keyword search or a date sweep, one page at a time) and how to read a list page
into notices; this class does the rest the same way for every portal:

- turns the command-line arguments into attributes, rewrites every portal host to ``--base-url``;
- runs the list tasks one after another (list endpoints are the throttled ones), keeping the queue and
  the current task in ``self.state`` so that a crawl resumed from its JOBDIR continues where it stopped;
- skips notices the store (or this run, before an interruption) already has: the seen-set;
- fetches each new notice's detail document, then its attachments one by one, and only then emits the
  detail page, so a stored detail page always means "this notice is complete" (the seen-set relies on it);
- records failures, captcha stops and skipped notices, never silently.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import FailedFetch, FetchedPage
from store.db import DatabaseError, connect
from store.manifest import RunManifest
from store.paths import runs_dir_for

logger = logging.getLogger(__name__)

DISCOVERY_MODES = ("search", "sweep")
# Buyer-name words of the institutions the project watches most (universities, institutes, labs, hospitals).
# ``--buyers research`` narrows date sweeps to them; see the README for what that misses.
RESEARCH_BUYER = re.compile(r"大学|学院|研究院|研究所|研究中心|实验室|科学院|医院|保健院|卫生院")
ATTACHMENT_EXTENSIONS = re.compile(r"\.(pdf|docx?|xlsx?|wps|zip|rar|7z|txt|ofd|et|dps|pptx?)(?:$|[?#])", re.I)
WAF_MARKERS = ("aliyun_waf_aa", "访问被阻断", "_waf_", "waf-block")


def _parse_day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return datetime.strptime(value, "%Y-%m-%d").date()


def discovery_keywords() -> list[str]:
    """The lexicon's discovery terms (data/lexicon.yaml), the same file the classifier reads."""
    from classify.lexicon import default_lexicon

    return default_lexicon().discovery_keywords()


def clean_text(value: str | None) -> str:
    """Text without highlight tags (``<font>``, ``<em>``, ``<span class=p_tit>``) and with single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value or "")).strip()


def json_answer(response: Response) -> dict | None:
    """A JSON object answer, or None when the body is not one (a WAF page, an HTML error, a captcha)."""
    try:
        value = json.loads(response.body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def unique_links(found: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, url) pairs, each URL once (its first name; the URL's file name when it has none)."""
    unique: dict[str, str] = {}
    for name, url in found:
        unique.setdefault(url, name or unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
    return [(name, url) for url, name in unique.items()]


def day_windows(since: date, until: date, days: int) -> list[tuple[date, date]]:
    """The range cut into consecutive windows of at most ``days`` days, oldest first."""
    windows, start = [], since
    while start <= until:
        end = min(until, start + timedelta(days=days - 1))
        windows.append((start, end))
        start = end + timedelta(days=1)
    return windows


@dataclass
class ListedNotice:
    """A notice as a list page shows it: its id, the request for its detail document, what the list says."""

    notice_id: str
    request: scrapy.Request
    listing: dict = field(default_factory=dict)


@dataclass
class ListPage:
    """What a list page yields: its notices, whether another page follows, and what to do instead.

    ``replace_with``: tasks that take this one's place (narrower windows when the portal asks for them, or
    the page a "next" link points to); ``error``: why this list failed (recorded; the next task goes on);
    ``stop``: a reason to stop listing this portal altogether (a captcha nobody can answer here).
    """

    notices: list[ListedNotice] = field(default_factory=list)
    has_more: bool = False
    replace_with: list[list] | None = None
    error: str | None = None
    stop: str | None = None


class PortalSpider(scrapy.Spider):
    """Base for the portal spiders.

    Arguments (``tenderwatch crawl`` or ``scrapy crawl -a``): ``since``, ``until`` (YYYY-MM-DD; default
    the last 7 days), ``keywords`` (comma-separated; default the lexicon's discovery terms),
    ``discovery`` (``search``, ``sweep`` or both, the default: ``search,sweep``), ``buyers`` (``all``, the
    default, or ``research`` to narrow sweeps to universities, institutes, labs and hospitals),
    ``base_url`` (replaces every host of the portal), ``db`` (the database whose notices are not fetched
    again; default the ``TENDERWATCH_DB`` setting), ``run_id``.
    """

    # Read by PortalSpider: role -> the portal's real origin, e.g. {"www": "http://www.ccgp.gov.cn"}.
    origins: dict[str, str] = {}
    # Read by PortalSpider: a page to visit first for the portal's cookies (a path on origin "www"), or None.
    warm_up_path: str | None = None

    def __init__(self, since: str | None = None, until: str | None = None, keywords: str | list[str] | None = None,
                 base_url: str | None = None, db: str | None = None, run_id: str | None = None,
                 discovery: str = "search,sweep", buyers: str = "all", **kwargs: Any):
        super().__init__(**kwargs)
        self.until = _parse_day(until) or date.today()
        self.since = _parse_day(since) or self.until - timedelta(days=7)
        if self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",") if k.strip()]
        self.keywords = keywords or discovery_keywords()
        self.discovery = [m.strip() for m in discovery.split(",") if m.strip()]
        if not self.discovery or any(m not in DISCOVERY_MODES for m in self.discovery):
            raise ValueError(f"discovery must be search, sweep or both, not {discovery!r}")
        if buyers not in ("all", "research"):
            raise ValueError(f"buyers must be all or research, not {buyers!r}")
        self.buyers = buyers
        self.base_url = base_url.rstrip("/") if base_url else None
        self.run_id = run_id
        self.db = db
        self.state: dict[str, Any] = {}  # replaced by Scrapy's SpiderState (kept in JOBDIR) when resuming
        self.seen: set[str] = set()
        self.skipped: set[str] = set()  # seen notices met in this run's lists
        self.arguments = {"since": self.since.isoformat(), "until": self.until.isoformat(),
                          "keywords": self.keywords, "base_url": self.base_url,
                          "discovery": ",".join(self.discovery), "buyers": self.buyers}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.db = spider.db or crawler.settings.get("TENDERWATCH_DB")
        spider.attachment_maxsize = crawler.settings.getint("ATTACHMENT_MAXSIZE")
        spider.seen = spider._load_seen(spider.db)
        return spider

    # --- URLs -----------------------------------------------------------------------------------

    def origin(self, role: str) -> str:
        """The origin for a role of the portal (search, www, download ...), or --base-url when given."""
        return self.base_url or self.origins[role]

    def rewrite(self, url: str) -> str:
        """Point a URL on any of the portal's hosts at --base-url (URLs elsewhere are left alone)."""
        if not self.base_url:
            return url
        parts = urlsplit(url)
        hosts = {urlsplit(o).netloc for o in self.origins.values()}
        if parts.netloc in hosts:
            rest = parts.path + (f"?{parts.query}" if parts.query else "")
            return self.base_url + rest
        return url

    # --- the seen-set ---------------------------------------------------------------------------

    def _load_seen(self, db: str | None) -> set[str]:
        """Notices whose detail page the store already has, plus those this run stored before it was interrupted.

        The database is read once, briefly, read-only; the run's own manifest covers what a killed crawl
        fetched but never loaded.
        """
        seen: set[str] = set()
        if db and Path(db).exists():
            try:
                with connect(db, read_only=True) as con:
                    rows = con.execute(
                        "SELECT DISTINCT notice_id FROM documents WHERE source = ? AND kind = 'detail'", [self.name]
                    ).fetchall()
                seen = {row[0] for row in rows}
            except DatabaseError as exc:
                logger.warning("could not read the seen-set from %s (%s); fetching everything", db, exc)
        if db and self.run_id:
            manifest = RunManifest(runs_dir_for(Path(db)) / self.run_id)
            seen.update(r.notice_id for r in manifest.records()
                        if r.kind == "detail" and r.outcome == "stored" and r.notice_id)
        return seen

    def already_stored(self, notice_id: str) -> bool:
        """True (and counted once per notice) when the store already has this notice's detail page."""
        if notice_id not in self.seen:
            return False
        if notice_id not in self.skipped:
            self.skipped.add(notice_id)
            self.crawler.stats.inc_value("tenderwatch/skipped_seen")
        return True

    # --- list tasks -----------------------------------------------------------------------------
    # A task is a JSON-like list whose first element is "search" or "sweep"; families define the rest.

    def search_tasks(self) -> list[list]:
        """Keyword searches (one task per keyword and window); families override."""
        return []

    def sweep_tasks(self) -> list[list]:
        """Date sweeps of every list in the window; families override."""
        return []

    def list_request(self, task: list, page: int) -> scrapy.Request:
        """The request for one page of a task's list (callback and errback are set by the base)."""
        raise NotImplementedError

    def parse_list(self, response: Response, task: list, page: int) -> ListPage:
        """Read one list page into notices, and say whether another page follows."""
        raise NotImplementedError

    def captcha_reason(self, response: Response) -> str | None:
        """Why a response is a captcha that stops this portal's listing (None when it is not)."""
        return None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.warm_up_path is not None:
            # The homepage first: portals refuse detail pages to clients without its cookies.
            yield scrapy.Request(self.origin("www") + self.warm_up_path, callback=self.begin_lists,
                                 errback=self.begin_lists_anyway, dont_filter=True, meta={"kind": "home"})
        else:
            for request in self.begin_lists(None):
                yield request

    def begin_lists(self, response: Response | None) -> Iterator[scrapy.Request]:
        """Start the task queue, or pick it up where a resumed crawl left it."""
        if "tasks" not in self.state:
            tasks = []
            if "search" in self.discovery:
                tasks += self.search_tasks()
            if "sweep" in self.discovery:
                tasks += self.sweep_tasks()
            self.state.update(tasks=tasks, current=None, requested=[])
        if self.state.get("current"):
            task, page = self.state["current"]
            yield self._list_request(task, page)
        else:
            yield from self.next_task()

    def begin_lists_anyway(self, failure: Failure) -> Iterator[Any]:
        """The warm-up page failed: record it and list anyway (the portal may not need it today)."""
        yield self.failed(failure)
        yield from self.begin_lists(None)

    def next_task(self) -> Iterator[scrapy.Request]:
        """The first page of the next task, if any is left."""
        self.state["current"] = None
        if self.state["tasks"]:
            yield self._list_request(self.state["tasks"].pop(0), 1)

    def _list_request(self, task: list, page: int) -> scrapy.Request:
        self.state["current"] = [task, page]
        request = self.list_request(task, page)
        request.meta.update(kind="list", task=task, page=page)
        return request.replace(callback=self._on_list, errback=self._list_failed, dont_filter=True)

    def _is_current(self, task: list, page: int) -> bool:
        """False for a duplicate of a list request re-sent after a resume: the chain already moved on."""
        return list(self.state.get("current") or []) == [list(task), page]

    def _on_list(self, response: Response) -> Iterator[Any]:
        task, page = response.meta["task"], response.meta["page"]
        reason = self.captcha_reason(response)
        result = ListPage(stop=reason) if reason else self.parse_list(response, task, page)
        requested = set(self.state.setdefault("requested", []))
        for notice in result.notices:
            if notice.notice_id in requested or self.already_stored(notice.notice_id):
                continue
            if not self.wanted(notice, task):
                continue
            requested.add(notice.notice_id)
            self.state["requested"].append(notice.notice_id)
            yield self.detail_request(notice)
        if not self._is_current(task, page):
            return
        if result.error:
            yield self.failed_response(response, result.error)
        if result.stop:
            yield from self.stop_listing(response.url, result.stop)
        elif result.replace_with is not None:
            self.state["tasks"][:0] = result.replace_with
            yield from self.next_task()
        elif result.has_more:
            yield self._list_request(task, page + 1)
        else:
            yield from self.next_task()

    def _list_failed(self, failure: Failure) -> Iterator[Any]:
        """A list page that failed for good is recorded, and the next task goes on."""
        yield self.failed(failure)
        meta = failure.request.meta  # type: ignore[attr-defined]
        if self._is_current(meta["task"], meta["page"]):
            yield from self.next_task()

    def stop_listing(self, url: str, reason: str) -> Iterator[Any]:
        """A captcha stops every further list request of this portal; notices already listed are still fetched."""
        self.crawler.stats.inc_value("tenderwatch/captcha")
        left = len(self.state["tasks"])
        self.logger.error("%s: captcha stop at %s (%s); %d list tasks not done", self.name, url, reason, left + 1)
        self.state["tasks"] = []
        self.state["current"] = None
        yield FailedFetch(url=url, kind="list", error=f"captcha stop: {reason}; {left + 1} list tasks not done")

    def wanted(self, notice: ListedNotice, task: list) -> bool:
        """Whether a swept notice passes ``--buyers research`` (searches and unknown buyers always pass)."""
        if self.buyers == "all" or task[0] != "sweep":
            return True
        buyer = notice.listing.get("buyer")
        if not buyer or RESEARCH_BUYER.search(buyer):
            return True
        self.crawler.stats.inc_value("tenderwatch/skipped_narrowed")
        return False

    # --- details and attachments ----------------------------------------------------------------

    def detail_request(self, notice: ListedNotice) -> scrapy.Request:
        request = notice.request
        request.meta.update(kind="detail", notice_id=notice.notice_id, listing=notice.listing)
        return request.replace(callback=self._on_detail, errback=self._detail_failed)

    def detail_document(self, response: Response) -> FetchedPage | FailedFetch:
        """The document to keep for a detail response (families may substitute one, or refuse it as failed)."""
        return self.page(response, "detail", notice_id=response.meta["notice_id"],
                         listing=response.meta.get("listing"))

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        """(name, url) of a detail document's attachments; families override."""
        return []

    def _on_detail(self, response: Response) -> Iterator[Any]:
        reason = self.captcha_reason(response)
        if reason:
            yield self.failed_response(response, f"captcha: {reason}")
            yield from self.stop_listing(response.url, reason)
            return
        document = self.detail_document(response)
        if isinstance(document, FailedFetch):
            yield document
            return
        links = self.attachment_links(response) if document.kind == "detail" and document.body else []
        yield from self._attachments_then(document, [(name, self.rewrite(url)) for name, url in links])

    def _detail_failed(self, failure: Failure) -> Iterator[Any]:
        yield from self.detail_failed(failure)

    def detail_failed(self, failure: Failure) -> Iterator[Any]:
        """A detail request that failed for good (families may keep something instead)."""
        yield self.failed(failure)

    def _attachments_then(self, document: FetchedPage, pending: list[tuple[str, str]]) -> Iterator[Any]:
        """Fetch the attachments one by one, then emit the detail page (so a stored detail means complete)."""
        if not pending:
            yield document
            return
        (name, url), rest = pending[0], pending[1:]
        yield scrapy.Request(
            url, callback=self._on_attachment, errback=self._attachment_failed, dont_filter=True,
            meta={"kind": "attachment", "notice_id": document.notice_id, "name": name, "parent_url": document.url,
                  "document": document, "pending": rest, "download_maxsize": self.attachment_maxsize},
        )

    def _on_attachment(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        yield self.page(response, "attachment", notice_id=meta["notice_id"], name=meta["name"])
        yield from self._attachments_then(meta["document"], meta["pending"])

    def _attachment_failed(self, failure: Failure) -> Iterator[Any]:
        yield self.failed(failure)
        meta = failure.request.meta  # type: ignore[attr-defined]
        yield from self._attachments_then(meta["document"], meta["pending"])

    # --- items ----------------------------------------------------------------------------------

    def page(self, response: Response, kind: str, notice_id: str | None = None, name: str | None = None,
             listing: dict | None = None) -> FetchedPage:
        """The response as a raw item, bytes untouched."""
        content_type = response.headers.get("Content-Type")
        return FetchedPage(
            url=response.url, body=response.body, status=response.status,
            content_type=content_type.decode("latin-1") if content_type else None, kind=kind,
            notice_id=notice_id, name=name, parent_url=response.meta.get("parent_url"), listing=listing,
        )

    def failed(self, failure: Failure) -> FailedFetch:
        """Errback of every request: the failure becomes a manifest line."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        error = f"{failure.type.__name__}: {failure.getErrorMessage()}"[:500]
        return FailedFetch(
            url=request.url, kind=request.meta.get("kind", "page"), error=error,
            status=response.status if response is not None else None,
            notice_id=request.meta.get("notice_id"), name=request.meta.get("name"),
        )

    def failed_response(self, response: Response, error: str) -> FailedFetch:
        """A response that is not what was asked for (a captcha, an error document), as a manifest line."""
        meta = response.meta
        return FailedFetch(url=response.url, kind=meta.get("kind", "page"), error=error[:500], status=response.status,
                           notice_id=meta.get("notice_id"), name=meta.get("name"))

    def is_blocked(self, response: Response, request: scrapy.Request) -> bool:
        """Whether a response is the portal refusing us for now (back off and ask again); families extend."""
        if response.status in (403, 405, 429) and len(response.body) < 50_000:
            return True
        head = response.body[:4000].decode("utf-8", "ignore")
        return any(marker in head for marker in WAF_MARKERS)


def links_to_files(anchors: Iterable[scrapy.Selector], base_url: str, every: bool = False) -> list[tuple[str, str]]:
    """(name, url) of the anchors that link to files, by the extension of the URL or of the link text (CCGP's
    ``ignore=1`` links have none in the URL), or all of them with ``every``; the name is the link text, else
    the URL's file name."""
    found: dict[str, str] = {}
    for a in anchors:
        href = (a.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript", "#", "mailto:")):
            continue
        text = re.sub(r"\s+", " ", "".join(a.css("::text").getall())).strip()
        if every or ATTACHMENT_EXTENSIONS.search(href) or ATTACHMENT_EXTENSIONS.search(text):
            url = urljoin(base_url, href)
            found.setdefault(url, text or unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
    return [(name, url) for url, name in found.items()]
