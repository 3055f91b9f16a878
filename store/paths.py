"""Where the store lives: the database, the raw store beside it and the crawl runs' manifests."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path(os.environ.get("TENDERWATCH_DB", "data/tenderwatch.duckdb"))


def raw_dir_for(db_path: Path) -> Path:
    """The content-addressed raw store that belongs to a database: ``raw/`` beside it unless overridden."""
    override = os.environ.get("TENDERWATCH_RAW")
    return Path(override) if override else Path(db_path).resolve().parent / "raw"


def runs_dir_for(db_path: Path) -> Path:
    """Where crawl runs write their manifests: ``runs/`` beside the database."""
    return Path(db_path).resolve().parent / "runs"
