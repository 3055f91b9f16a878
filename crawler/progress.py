"""A live one-line progress display of a crawl (pages, notices, attachments, blocks, failures)."""

from __future__ import annotations

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class ProgressExtension:
    """Shows what a crawl has done so far on stderr while it runs; enabled with TENDERWATCH_PROGRESS."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.console = Console(stderr=True)
        self.live: Live | None = None
        self.loop: task.LoopingCall | None = None
        self.name = ""
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if not crawler.settings.getbool("TENDERWATCH_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def line(self) -> Text:
        get = self.stats.get_value
        return Text.assemble(
            (f"{self.name:>8} ", "bold cyan"),
            f"requests {get('downloader/request_count', 0):>5}  ",
            f"notices {get('tenderwatch/stored/detail', 0):>4}  ",
            f"attachments {get('tenderwatch/stored/attachment', 0):>3}  ",
            f"already stored {get('tenderwatch/skipped_seen', 0):>4}  ",
            (f"blocked {get('tenderwatch/blocked', 0)}  ", "yellow"),
            (f"failed {get('tenderwatch/failed', 0)}", "red"),
        )

    def opened(self, spider: Spider) -> None:
        self.name = spider.name
        self.live = Live(self.line(), console=self.console, transient=False, auto_refresh=False)
        self.live.start()
        self.loop = task.LoopingCall(self.refresh)
        self.loop.start(0.25)

    def refresh(self) -> None:
        if self.live is not None:
            self.live.update(self.line(), refresh=True)

    def closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.update(self.line(), refresh=True)
            self.live.stop()
            self.console.print()
