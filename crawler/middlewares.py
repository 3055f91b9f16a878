"""Downloader middlewares for portals that push back: block pages, transient errors, empty bodies.

- :class:`BlockMiddleware` recognises block pages (CCGP's '频繁访问', 403 walls, WAF pages, GGZY's code 800):
  a block page is never passed on as content; it is counted, the whole portal pauses for a back-off that
  doubles each time (``Retry-After`` when the portal sends one), and after ``BLOCK_MAX_RETRIES`` the request
  fails and is recorded as such.
- :class:`BackoffRetryMiddleware` replaces Scrapy's retry middleware: the same retries on 5xx, 429 and
  network/TLS errors, but each retry waits (``Retry-After`` when sent, else an exponential back-off), and
  a 200 response with an empty body is retried too (portals answer that when overloaded).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


class Blocked(IgnoreRequest):
    """A request the portal kept refusing."""


class EmptyBody(IgnoreRequest):
    """A response that stayed empty after every retry."""


def retry_after_seconds(response: Response, limit: float) -> float | None:
    """The wait a ``Retry-After`` header asks for (seconds or an HTTP date), capped at ``limit``; None without one."""
    header = response.headers.get("Retry-After")
    if not header:
        return None
    value = header.decode("latin-1").strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), limit)


async def pause_portal(crawler: Crawler, seconds: float) -> None:
    """Send nothing more to this portal for a while (overlapping pauses end with the last one)."""
    engine = crawler.engine
    depth = getattr(crawler, "_tenderwatch_pauses", 0)
    crawler._tenderwatch_pauses = depth + 1  # type: ignore[attr-defined]
    engine.pause()
    try:
        await asyncio.sleep(seconds)
    finally:
        crawler._tenderwatch_pauses -= 1  # type: ignore[attr-defined]
        if crawler._tenderwatch_pauses == 0:  # type: ignore[attr-defined]
            engine.unpause()


class BlockMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.backoff = crawler.settings.getfloat("BLOCK_BACKOFF_SECONDS")
        self.max_retries = crawler.settings.getint("BLOCK_MAX_RETRIES")
        self.retry_after_max = crawler.settings.getfloat("RETRY_AFTER_MAX_SECONDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        spider = self.crawler.spider
        is_blocked = getattr(spider, "is_blocked", None)
        if is_blocked is None or not is_blocked(response, request):
            return response
        stats = self.crawler.stats
        stats.inc_value("tenderwatch/blocked")
        tries = request.meta.get("block_retries", 0) + 1
        if tries > self.max_retries:
            stats.inc_value("tenderwatch/blocked_gave_up")
            raise Blocked(f"blocked {tries - 1} times (HTTP {response.status}): {request.url}")
        wait = retry_after_seconds(response, self.retry_after_max)
        if wait is None:
            wait = self.backoff * 2 ** (tries - 1)
        # expected on throttled portals: the progress line counts blocks; the log has the detail
        logger.info("%s: blocked (%s), waiting %.1fs before retry %d", spider.name, response.status, wait, tries)
        await pause_portal(self.crawler, wait)  # the whole portal is refusing us: send nothing while we wait
        on_block = getattr(spider, "on_block", None)
        if on_block is not None:
            for extra in on_block(response):
                self.crawler.engine.crawl(extra)
        retry = request.replace(dont_filter=True)
        retry.meta["block_retries"] = tries
        retry.priority = request.priority + 1
        return retry


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with a wait before each: ``Retry-After`` (pausing the portal) or exponential back-off."""

    def __init__(self, settings):  # type: ignore[no-untyped-def]
        super().__init__(settings)
        self.backoff = settings.getfloat("RETRY_BACKOFF_SECONDS")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX_SECONDS")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX_SECONDS")

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False):
            return response
        empty = response.status == 200 and not response.body.strip() and request.method != "HEAD"
        if response.status not in self.retry_http_codes and not empty:
            return response
        reason = "empty body" if empty else f"HTTP {response.status}"
        retry = self._retry(request, reason)
        if retry is None:
            if empty:
                self.crawler.stats.inc_value("tenderwatch/empty_body")
                raise EmptyBody(f"empty 200 body after {self.max_retry_times} retries: {request.url}")
            return response
        asked = retry_after_seconds(response, self.retry_after_max)
        if asked is not None:
            logger.info("%s asks to retry after %.1fs", request.url, asked)
            await pause_portal(self.crawler, asked)  # the server said when: nobody asks it before then
        else:
            await asyncio.sleep(self._wait(retry))
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:  # type: ignore[override]
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            await asyncio.sleep(self._wait(retry))
        return retry

    def _wait(self, retry: Request) -> float:
        return min(self.backoff * 2 ** (retry.meta["retry_times"] - 1), self.backoff_max)
