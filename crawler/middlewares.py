"""Downloader middleware that recognises block pages ('频繁访问', 403 walls), waits and asks again.

A block page is never passed on as content: it is counted, the request is retried after a back-off
that doubles each time (honouring ``Retry-After`` when the portal sends one), and after
``BLOCK_MAX_RETRIES`` the request fails and is recorded as such.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


class Blocked(IgnoreRequest):
    """A request the portal kept refusing."""


class BlockMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.backoff = crawler.settings.getfloat("BLOCK_BACKOFF_SECONDS")
        self.max_retries = crawler.settings.getint("BLOCK_MAX_RETRIES")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        spider = self.crawler.spider
        is_blocked = getattr(spider, "is_blocked", None)
        if is_blocked is None or not is_blocked(response):
            return response
        stats = self.crawler.stats
        stats.inc_value("tenderwatch/blocked")
        tries = request.meta.get("block_retries", 0) + 1
        if tries > self.max_retries:
            stats.inc_value("tenderwatch/blocked_gave_up")
            raise Blocked(f"blocked {tries - 1} times: {request.url}")
        wait = self._wait(response, tries)
        logger.warning("%s: blocked (%s), waiting %.1fs before retry %d", spider.name, response.status, wait, tries)
        engine = self.crawler.engine
        engine.pause()  # the whole portal is refusing us: send nothing while we wait
        try:
            await asyncio.sleep(wait)
        finally:
            engine.unpause()
        on_block = getattr(spider, "on_block", None)
        if on_block is not None:
            for extra in on_block(response):
                engine.crawl(extra)
        retry = request.replace(dont_filter=True)
        retry.meta["block_retries"] = tries
        retry.priority = request.priority + 1
        return retry

    def _wait(self, response: Response, tries: int) -> float:
        header = response.headers.get("Retry-After")
        if header:
            try:
                return float(header.decode())
            except ValueError:
                pass
        return self.backoff * 2 ** (tries - 1)
