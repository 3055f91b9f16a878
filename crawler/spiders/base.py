"""The base of every portal spider: arguments, ``--base-url``, the seen-set, and raw items.

A concrete spider names its portal's hosts and says how to search, list and read it; this class
turns the command-line arguments into attributes, rewrites every portal host to ``--base-url``
(a mirror or the replay), skips notices the store already has, and wraps responses as items.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import FailedFetch, FetchedPage
from store.db import DatabaseError, connect

logger = logging.getLogger(__name__)


def _parse_day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return datetime.strptime(value, "%Y-%m-%d").date()


def discovery_keywords() -> list[str]:
    """The lexicon's discovery terms (data/lexicon.yaml), the same file the classifier reads."""
    from classify.lexicon import default_lexicon

    return default_lexicon().discovery_keywords()


class PortalSpider(scrapy.Spider):
    """Base for the portal spiders.

    Arguments (``tenderwatch crawl`` or ``scrapy crawl -a``): ``since``, ``until`` (YYYY-MM-DD; default
    the last 7 days), ``keywords`` (comma-separated; default the lexicon's discovery terms),
    ``base_url`` (replaces every host of the portal), ``db`` (the database whose notices are not
    fetched again), ``run_id``.
    """

    # Read by PortalSpider: role -> the portal's real origin, e.g. {"www": "http://www.ccgp.gov.cn"}.
    origins: dict[str, str] = {}

    def __init__(self, since: str | None = None, until: str | None = None, keywords: str | list[str] | None = None,
                 base_url: str | None = None, db: str | None = None, run_id: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.until = _parse_day(until) or date.today()
        self.since = _parse_day(since) or self.until - timedelta(days=7)
        if self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if isinstance(keywords, str):
            keywords = [k.strip() for k in keywords.split(",") if k.strip()]
        self.keywords = keywords or discovery_keywords()
        self.base_url = base_url.rstrip("/") if base_url else None
        self.run_id = run_id
        self.db = db
        self.state: dict[str, Any] = {}  # replaced by Scrapy's SpiderState (kept in JOBDIR) when resuming
        self.seen = self._load_seen(db)
        self.arguments = {"since": self.since.isoformat(), "until": self.until.isoformat(),
                          "keywords": self.keywords, "base_url": self.base_url}

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
        """Notice ids whose detail page the store already has (read once, briefly, read-only)."""
        if not db or not Path(db).exists():
            return set()
        try:
            with connect(db, read_only=True) as con:
                rows = con.execute(
                    "SELECT DISTINCT notice_id FROM documents WHERE source = ? AND kind = 'detail'", [self.name]
                ).fetchall()
        except DatabaseError as exc:
            logger.warning("could not read the seen-set from %s (%s); fetching everything", db, exc)
            return set()
        return {row[0] for row in rows}

    def already_stored(self, notice_id: str) -> bool:
        """True (and counted) when the store already has this notice's detail page."""
        if notice_id in self.seen:
            self.crawler.stats.inc_value("tenderwatch/skipped_seen")
            return True
        return False

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

    def is_blocked(self, response: Response) -> bool:
        """Whether a response is the portal refusing us (overridden per portal)."""
        return response.status in (403, 429) and len(response.body) < 5000
