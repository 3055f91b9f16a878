"""The Parquet snapshot of the research views, for readers who must not wait for a writer.

DuckDB lets one process write a database file or several read it, never both. Each writing command
(``extract``, ``classify``, ``load``, ``review``) ends by exporting the views (``v_hits``, ``v_notices``,
``v_line_items``, ``v_suppliers``, ``v_buyers``) to ``<db>.snapshot/<version>/*.parquet`` beside the
database and pointing ``<db>.snapshot/CURRENT`` at it with an atomic rename. A reader that finds the database
locked opens the newest snapshot instead: an in-memory DuckDB whose views of the same names read the Parquet
files, so every query of ``query/`` runs unchanged on it.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from query.sql import VIEWS

KEEP_VERSIONS = 3
KEEP_SECONDS = 600  # an older version stays this long, for readers still reading it


def snapshot_root(db_path: Path | str) -> Path:
    """The snapshot folder of a database: ``<db file name>.snapshot`` beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".snapshot")


def write_snapshot(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> Path:
    """Export the views to a new snapshot version, make it the current one, prune old ones; return its folder."""
    root = snapshot_root(db_path)
    version = datetime.now().strftime("%Y%m%dT%H%M%S%f") + f"-{os.getpid()}"
    staging = root / f".tmp-{version}"
    staging.mkdir(parents=True)
    try:
        for view in VIEWS:
            target = str(staging / f"{view}.parquet").replace("'", "''")
            columns = "* EXCLUDE (text)" if view == "v_notices" else "*"  # full text stays in the database
            con.execute(f"COPY (SELECT {columns} FROM {view}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
        final = root / version
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer = root / f".CURRENT-{version}"
    pointer.write_text(version, encoding="utf-8")
    os.replace(pointer, root / "CURRENT")
    _prune(root, keep=version)
    return final


def _prune(root: Path, keep: str) -> None:
    versions = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != keep)
    for old in versions[: max(0, len(versions) - (KEEP_VERSIONS - 1))]:
        if time.time() - old.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


def current_snapshot(db_path: Path | str) -> Path | None:
    """The folder of the newest complete snapshot, or None."""
    root = snapshot_root(db_path)
    try:
        version = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = root / version
    return folder if folder.is_dir() else None


def snapshot_time(folder: Path) -> datetime:
    """When a snapshot was taken (from its version name)."""
    return datetime.strptime(folder.name.split("-", 1)[0], "%Y%m%dT%H%M%S%f")


@contextmanager
def open_snapshot(folder: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB whose views v_hits, v_notices, … read a snapshot's Parquet files."""
    con = duckdb.connect(":memory:")
    try:
        for view in VIEWS:
            path = str(folder / f"{view}.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{path}')")
        yield con
    finally:
        con.close()
