"""A live progress display of the crawls in this process: one line per portal, refreshed four times a second.

Every crawler gets a :class:`ProgressExtension`; they share one :class:`ProgressBoard` (rich allows one live
display at a time), which starts with the first crawl and stops, leaving the final lines, with the last.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet import task


def progress_line(name: str, stats: StatsCollector, state: str = "") -> Text:
    """One portal's counts so far: fetched, new, unchanged, already stored, blocked, failed, captcha stops."""
    get = stats.get_value
    captcha = get("tenderwatch/captcha", 0)
    return Text.assemble(
        (f"{name:>16} ", "bold cyan"),
        f"fetched {get('downloader/response_count', 0):>5}  ",
        f"new {get('tenderwatch/new', 0):>4}  ",
        f"unchanged {get('tenderwatch/unchanged', 0):>3}  ",
        f"notices {get('tenderwatch/stored/detail', 0):>4}  ",
        f"already stored {get('tenderwatch/skipped_seen', 0):>4}  ",
        (f"blocked {get('tenderwatch/blocked', 0)}  ", "yellow"),
        (f"failed {get('tenderwatch/failed', 0)}", "red"),
        (f"  captcha stop {captcha}" if captcha else "", "bold red"),
        (f"  {state}" if state else "", "dim"),
    )


class ProgressBoard:
    """The one live display of this process, with a line per running (or finished) crawl."""

    _instance: ProgressBoard | None = None

    def __init__(self) -> None:
        self.console = Console(stderr=True)
        self.rows: dict[str, tuple[StatsCollector, str]] = {}
        self.running = 0
        self.live: Live | None = None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def shared(cls) -> ProgressBoard:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def render(self) -> Group:
        return Group(*(progress_line(name, stats, state) for name, (stats, state) in self.rows.items()))

    def add(self, name: str, stats: StatsCollector) -> None:
        self.rows[name] = (stats, "")
        self.running += 1
        if self.live is None:
            self.live = Live(self.render(), console=self.console, transient=False, auto_refresh=False)
            self.live.start()
            self.loop = task.LoopingCall(self.refresh)
            self.loop.start(0.25)

    def refresh(self) -> None:
        if self.live is not None:
            self.live.update(self.render(), refresh=True)

    def finish(self, name: str, reason: str) -> None:
        stats, _ = self.rows[name]
        self.rows[name] = (stats, reason)
        self.running -= 1
        self.refresh()
        if self.running == 0 and self.live is not None:
            if self.loop is not None and self.loop.running:
                self.loop.stop()
            self.live.stop()
            self.console.print()  # end the display's last line before the summary that follows
            self.live, self.rows = None, {}


class ProgressExtension:
    """Adds its crawl to the shared progress board; enabled with TENDERWATCH_PROGRESS."""

    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if not crawler.settings.getbool("TENDERWATCH_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def opened(self, spider: Spider) -> None:
        ProgressBoard.shared().add(spider.name, self.stats)

    def closed(self, spider: Spider, reason: str) -> None:
        ProgressBoard.shared().finish(spider.name, reason)
