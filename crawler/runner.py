"""Running spiders from the command line: one Scrapy process, one crawler per portal, each with its JOBDIR."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from store.manifest import RunManifest, new_run_id, run_dirs
from store.paths import runs_dir_for


@dataclass
class CrawlJob:
    """One spider run: the portal, its arguments, and the run folder it writes (and resumes from)."""

    source: str
    arguments: dict = field(default_factory=dict)
    run_id: str = ""


def project_settings(db: Path, overrides: dict[str, str] | None = None, progress: bool = False,
                     log_level: str = "WARNING") -> Settings:
    """The project's Scrapy settings, pointed at a database, with command-line overrides on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("TENDERWATCH_DB", str(db), priority="cmdline")
    settings.set("TENDERWATCH_PROGRESS", progress, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", True, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_names(settings: Settings | None = None) -> list[str]:
    """Every spider the project defines."""
    settings = settings or project_settings(Path("data/tenderwatch.duckdb"))
    return sorted(SpiderLoader.from_settings(settings).list())


def interrupted_run(db: Path, source: str) -> RunManifest | None:
    """The newest run of a source that did not finish (killed or stopped), to resume."""
    for manifest in reversed(run_dirs(runs_dir_for(db))):
        info = manifest.info()
        if info.get("source") == source:
            return None if info.get("stats", {}).get("finish_reason") == "finished" else manifest
    return None


def prepare_resume(manifest: RunManifest) -> str:
    """Make an interrupted run's folder ready to resume; say how it will resume.

    A crawl stopped cleanly (Ctrl-C, SIGTERM: finish reason 'shutdown') saved its queue, seen requests and
    state in JOBDIR, and continues from them. A killed crawl (SIGKILL, power loss) saved none of that
    consistently: its request fingerprints may name requests that were never fetched, so its JOBDIR is
    dropped and the crawl starts its lists again, skipping every notice its manifest already holds.
    """
    jobdir = manifest.dir / "job"
    if manifest.info().get("stats", {}).get("finish_reason") == "shutdown":
        return "from its saved queue"
    shutil.rmtree(jobdir, ignore_errors=True)
    return "it was killed: listing again, skipping what it stored"


def run_crawls(jobs: list[CrawlJob], db: Path, overrides: dict[str, str] | None = None, progress: bool = False,
               log_level: str = "WARNING") -> list[RunManifest]:
    """Run the jobs' spiders side by side in this process; return their run manifests when all are done."""
    settings = project_settings(db, overrides, progress, log_level)
    loader = SpiderLoader.from_settings(settings)
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(log_level)
    runs_root = runs_dir_for(db)
    manifests = []
    for job in jobs:
        job.run_id = job.run_id or new_run_id(job.source)
        crawler = process.create_crawler(loader.load(job.source))
        # Each run keeps its own scheduler state, so an interrupted crawl resumes with --resume.
        crawler.settings.set("JOBDIR", str(runs_root / job.run_id / "job"), priority="cmdline")
        process.crawl(crawler, run_id=job.run_id, db=str(db), **job.arguments)
        manifests.append(RunManifest(runs_root / job.run_id))
    process.start()
    return manifests
