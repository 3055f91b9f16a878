"""The Python API that notebooks and scripts read the database through.

``Database`` never holds the file: each call opens it read-only, runs its queries and closes it, so a crawl's
loader or an extraction can take the write lock between two calls. When a writer holds the lock for longer
than ``wait_seconds``, the call reads the newest Parquet snapshot instead (see ``query.snapshot``) and
``source`` says so. Full-text search and one notice's raw files need the database itself.

    from query import Database
    db = Database()                       # $TENDERWATCH_DB, else data/demo.duckdb
    db.hits(label="remote_access", since="2025-09-01")
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from query.buyers import BuyerProfile, buyer_names, buyer_profile
from query.hits import HitFilter, fetch_hits, fetch_notices
from query.notice import notice_detail
from query.search import search
from query.snapshot import current_snapshot, open_snapshot, snapshot_time
from query.sql import run_query
from query.trends import weekly_counts, weekly_notices
from store.db import DatabaseError, connect
from store.paths import raw_dir_for

NOTEBOOK_DEFAULT_DB = Path("data/demo.duckdb")


def default_db_path() -> Path:
    """``$TENDERWATCH_DB`` if set, else the demo database that ``make demo`` builds (``data/demo.duckdb``,
    looked up from the working folder upwards, so that a notebook started in notebooks/ finds it)."""
    if os.environ.get("TENDERWATCH_DB"):
        return Path(os.environ["TENDERWATCH_DB"])
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / NOTEBOOK_DEFAULT_DB).exists():
            return folder / NOTEBOOK_DEFAULT_DB
    return NOTEBOOK_DEFAULT_DB


def hit_filter(since: str | date | None = None, until: str | date | None = None, **fields: object) -> HitFilter:
    """A HitFilter from keyword arguments, with dates given as 'YYYY-MM-DD' strings or dates."""
    def day(value: str | date | None) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else value
    return HitFilter(since=day(since), until=day(until), **fields)  # type: ignore[arg-type]


class Database:
    """Read-only, short-lived access to a tenderwatch database, with the snapshot as a fallback."""

    def __init__(self, path: Path | str | None = None, wait_seconds: float = 5.0, use_snapshot: bool = True):
        self.path = Path(path) if path else default_db_path()
        self.wait_seconds = wait_seconds
        self.use_snapshot = use_snapshot
        self.source = "not read yet"  # "database" or "snapshot of <time>" after each call

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r}, last read from the {self.source})"

    @contextmanager
    def connection(self, live: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one call: the database, or the snapshot while a writer holds the lock.

        ``live=True`` never falls back (for what the snapshot does not hold).
        """
        snapshot = None if live or not self.use_snapshot else current_snapshot(self.path)
        with ExitStack() as stack:
            try:
                con = stack.enter_context(connect(self.path, read_only=True,
                                                  wait_seconds=self.wait_seconds if snapshot else 60.0))
                self.source = "database"
            except DatabaseError as exc:
                if snapshot is None or "locked" not in str(exc):
                    raise
                con = stack.enter_context(open_snapshot(snapshot))
                self.source = f"snapshot of {snapshot_time(snapshot):%Y-%m-%d %H:%M:%S}"
            yield con

    # --- hits and notices -----------------------------------------------------------------------

    def hits(self, **filters: object) -> pd.DataFrame:
        """Hits, newest first. Filters: since, until, label, buyer_type, chip, provider, name, min_amount,
        region, portal, review (confirmed, rejected, unreviewed)."""
        with self.connection() as con:
            return pd.DataFrame(fetch_hits(con, hit_filter(**filters)))

    def notices(self, **filters: object) -> pd.DataFrame:
        """Notices, hits or not (label 'none'), newest first, with the same filters as ``hits``."""
        with self.connection() as con:
            return pd.DataFrame(fetch_notices(con, hit_filter(**filters)))

    def notice(self, notice_id: str) -> dict:
        """One notice whole: fields, line items, attachments, evidence, review, archived raw files."""
        with self.connection(live=True) as con:
            return notice_detail(con, notice_id, raw_dir_for(self.path))

    def search(self, text: str, limit: int = 20, **filters: object) -> pd.DataFrame:
        """Full-text search: best matches first, with a highlighted snippet and where it was found."""
        with self.connection(live=True) as con:
            return pd.DataFrame(search(con, text, hit_filter(**filters), limit).rows)

    def sql(self, query: str) -> pd.DataFrame:
        """A read-only SELECT over the views v_hits, v_notices, v_line_items, v_suppliers, v_buyers."""
        with self.connection() as con:
            return run_query(con, query)

    # --- buyers and trends ----------------------------------------------------------------------

    def buyers(self) -> pd.DataFrame:
        """Every buyer with its notice and hit counts, amounts and first and last dates, most hits first."""
        with self.connection() as con:
            return con.execute("SELECT * FROM v_buyers ORDER BY hits DESC, notices DESC, name").df()

    def find_buyers(self, like: str) -> list[str]:
        """Buyer names containing a text, those with the most hits first."""
        with self.connection() as con:
            return buyer_names(con, like)

    def buyer(self, name: str) -> BuyerProfile:
        """One buyer's timeline, spending, suppliers, agencies and the other buyers its suppliers serve."""
        with self.connection() as con:
            return buyer_profile(con, name)

    def weekly(self, by: str = "label") -> pd.DataFrame:
        """Hits per week, one column per label, chip, provider or buyer_type."""
        with self.connection() as con:
            return weekly_counts(con, by)

    def weekly_totals(self) -> pd.DataFrame:
        """Notices and hits per week."""
        with self.connection() as con:
            return weekly_notices(con)
