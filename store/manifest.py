"""Crawl run manifests: what a crawl fetched, one JSON line per response, written as it goes.

A crawler never holds the database. It writes the raw bytes to the raw store and appends a line
here for every response; the loader reads the manifest later and writes DuckDB in short transactions.
A run killed midway leaves a valid manifest of everything fetched so far.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

OUTCOMES = ("stored", "blocked", "failed")


@dataclass
class FetchRecord:
    """One response as the crawler saw it."""

    url: str
    source: str
    kind: str  # list | detail | attachment
    outcome: str  # stored | blocked | failed
    http_status: int | None = None
    sha256: str | None = None
    size: int = 0
    content_type: str | None = None
    fetched_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat())
    notice_id: str | None = None
    name: str | None = None
    parent_url: str | None = None
    listing: dict | None = None
    error: str | None = None


def new_run_id(source: str) -> str:
    """A sortable, unique run id: UTC time, source and a short random suffix."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{source}-{uuid.uuid4().hex[:6]}"


class RunManifest:
    """The folder of one crawl run: ``run.json`` (arguments, times, counts) and ``manifest.jsonl``."""

    def __init__(self, run_dir: Path | str):
        self.dir = Path(run_dir)
        self.lines_path = self.dir / "manifest.jsonl"
        self.info_path = self.dir / "run.json"

    @property
    def run_id(self) -> str:
        return self.dir.name

    def start(self, source: str, args: dict) -> None:
        """Create the run folder and record what was asked, unless it exists (a resumed run)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        self._drop_torn_line()
        if not self.info_path.exists():
            self.write_info(
                {"run_id": self.run_id, "source": source, "args": args,
                 "started_at": datetime.now(timezone.utc).isoformat(), "ended_at": None, "stats": {}}
            )

    def _drop_torn_line(self) -> None:
        """Cut a last line that a killed crawl left half-written, so the resumed run appends whole lines."""
        if not self.lines_path.exists():
            return
        data = self.lines_path.read_bytes()
        if data and not data.endswith(b"\n"):
            with self.lines_path.open("r+b") as handle:
                handle.truncate(data.rfind(b"\n") + 1)

    def info(self) -> dict:
        return json.loads(self.info_path.read_text(encoding="utf-8"))

    def write_info(self, info: dict) -> None:
        tmp = self.info_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.info_path)

    def finish(self, stats: dict) -> None:
        """Record the end time and the run's counts."""
        info = self.info()
        info["ended_at"] = datetime.now(timezone.utc).isoformat()
        info["stats"] = stats
        self.write_info(info)

    def append(self, record: FetchRecord) -> None:
        """Add one response; flushed at once so a killed crawl loses nothing it fetched."""
        with self.lines_path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")

    def records(self) -> Iterator[FetchRecord]:
        """Every complete line of the manifest (a torn last line from a crash is skipped)."""
        if not self.lines_path.exists():
            return
        with self.lines_path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    yield FetchRecord(**json.loads(line))
                except (json.JSONDecodeError, TypeError):
                    continue


def run_dirs(runs_root: Path) -> list[RunManifest]:
    """Every run folder under ``runs_root``, oldest first."""
    if not runs_root.exists():
        return []
    return [RunManifest(p) for p in sorted(runs_root.iterdir()) if (p / "run.json").exists()]
