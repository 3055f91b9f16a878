"""The one pipeline: raw bytes into the content-addressed store, one manifest line per response."""

from __future__ import annotations

from pathlib import Path

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.items import FailedFetch, FetchedPage
from store.manifest import FetchRecord, RunManifest, new_run_id
from store.paths import raw_dir_for, runs_dir_for
from store.raw import RawStore, sha256_of

# The counts of a run, as recorded in run.json and shown by the progress line and the end summary.
STAT_NAMES = {
    "requests": "downloader/request_count",
    "responses": "downloader/response_count",  # fetched
    "stored": "tenderwatch/stored",
    "new": "tenderwatch/new",  # stored documents whose bytes the raw store did not have
    "unchanged": "tenderwatch/unchanged",  # stored documents whose bytes it already had
    "details": "tenderwatch/stored/detail",
    "attachments": "tenderwatch/stored/attachment",
    "skipped_seen": "tenderwatch/skipped_seen",  # notices not fetched because the store has them
    "skipped_narrowed": "tenderwatch/skipped_narrowed",  # swept notices left out by --buyers research
    "blocked": "tenderwatch/blocked",
    "failed": "tenderwatch/failed",
    "captcha": "tenderwatch/captcha",
}


class RawStorePipeline:
    """Writes every FetchedPage to the raw store before anything parses it, and records it in the run manifest."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        db = Path(crawler.settings.get("TENDERWATCH_DB"))
        self.store = RawStore(raw_dir_for(db))
        self.runs_root = runs_dir_for(db)
        self.stats = crawler.stats
        self.manifest: RunManifest | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RawStorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        run_id = getattr(spider, "run_id", None) or new_run_id(spider.name)
        spider.run_id = run_id
        self.manifest = RunManifest(self.runs_root / run_id)
        self.manifest.start(spider.name, getattr(spider, "arguments", {}))

    def process_item(self, item: object) -> object:
        assert self.manifest is not None
        source = self.crawler.spider.name
        if isinstance(item, FetchedPage):
            known = sha256_of(item.body) in self.store
            digest = self.store.put(item.body)
            self.stats.inc_value("tenderwatch/unchanged" if known else "tenderwatch/new")
            self.stats.inc_value("tenderwatch/stored")
            self.stats.inc_value(f"tenderwatch/stored/{item.kind}")
            self.manifest.append(FetchRecord(
                url=item.url, source=source, kind=item.kind, outcome="stored", http_status=item.status,
                sha256=digest, size=len(item.body), content_type=item.content_type, notice_id=item.notice_id,
                name=item.name, parent_url=item.parent_url, listing=item.listing,
            ))
        elif isinstance(item, FailedFetch):
            self.stats.inc_value("tenderwatch/failed")
            self.manifest.append(FetchRecord(
                url=item.url, source=source, kind=item.kind, outcome="failed", http_status=item.status,
                notice_id=item.notice_id, name=item.name, error=item.error,
            ))
        return item

    def spider_closed(self, spider: scrapy.Spider, reason: str) -> None:
        """Record the run's counts and why it ended ('finished', or 'shutdown' when interrupted)."""
        if self.manifest is None:
            return
        counts = {name: self.stats.get_value(key, 0) for name, key in STAT_NAMES.items()}
        counts["finish_reason"] = reason
        self.manifest.finish(counts)
