"""Opening the DuckDB file: short-lived connections, retries on the writer's lock, forward migrations.

DuckDB lets one process hold the file read-write, or several processes read it, never both. Every
command therefore opens the database for as short a time as it can and retries while another
process holds the lock.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")
# What DuckDB says of a database file that a crash, a full disk or a bad copy left damaged; a short read counts
# only when it names the database file (a truncated Parquet file read inside a connection is not the database).
DAMAGE_MARKERS = ("Corrupt database file", "not a valid DuckDB database file")
SHORT_READ = "Could not read enough bytes"


class DatabaseError(Exception):
    """A database problem explained in one line for the user."""


def _is_lock_error(exc: Exception) -> bool:
    return any(marker in str(exc) for marker in LOCK_MARKERS)


def _damage(exc: BaseException | None, path: Path) -> str | None:
    """DuckDB's words for damage to the database file, in this exception or the ones it was raised while handling."""
    while exc is not None:
        message = str(exc).split("\n", 1)[0]
        if isinstance(exc, duckdb.Error) and (any(marker in message for marker in DAMAGE_MARKERS)
                                              or (SHORT_READ in message and path.name in message)):
            return message
        exc = exc.__cause__ or exc.__context__
    return None


def _damaged_database(path: Path, detail: str) -> DatabaseError:
    """The one-line error for a damaged database file, with the way back: the raw store and the run
    manifests beside it hold every fetched byte, so a new file is rebuilt from them."""
    return DatabaseError(
        f"{path} is damaged ({detail}); nothing in the raw store is lost: move the file aside and rebuild it with "
        f"'tenderwatch load --db {path} && tenderwatch extract --db {path} && tenderwatch classify --db {path}' "
        f"(the last snapshot, {path.name}.snapshot/, keeps the reviews in v_hits)")


def _migrations() -> list[tuple[int, str, str]]:
    """The migration scripts shipped in store/migrations, as (version, name, sql), in order."""
    folder = resources.files("store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> object:
    """The first value of a query's first row, with the result fully consumed (DuckDB 2 refuses some
    operations while a result is only partly fetched)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """A query's rows as dicts keyed by column name (None stays None, unlike a DataFrame's NaN)."""
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this database (0 for a new file)."""
    exists = scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    if not exists:
        return 0
    return int(scalar(con, "SELECT coalesce(max(version), 0) FROM schema_version"))


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """The migrations recorded as applied to this database."""
    if not schema_version(con):
        return set()
    return {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply, in order, every shipped migration the database has not recorded yet; return their names.

    Each migration runs in its own transaction with its schema_version row, so a crash leaves the
    database at the last complete migration.
    """
    done = applied_versions(con)
    applied = []
    for version, name, sql in _migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            if not done and not applied:
                con.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
                )
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _open(path: Path, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            if _is_lock_error(exc) and time.monotonic() < deadline:
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
                continue
            if _is_lock_error(exc):
                raise DatabaseError(
                    f"{path} is locked by another process (a crawl or load is writing); try again shortly"
                ) from exc
            if detail := _damage(exc, path):
                raise _damaged_database(path, detail) from exc
            raise DatabaseError(f"cannot open {path}: {str(exc).splitlines()[0]}") from exc


@contextmanager
def connect(path: Path | str, *, read_only: bool = False, wait_seconds: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the database (creating and migrating it when writable), yield the connection, close it.

    Readers of a file that does not exist get a clear error instead of an empty database.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(f"no database at {path}; run 'tenderwatch crawl' or 'make demo' first")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only, wait_seconds)
    try:
        if not read_only:
            migrate(con)
        elif applied_versions(con) != {version for version, _, _ in _migrations()}:
            raise DatabaseError(f"{path} has an older schema; run any writing command (e.g. 'tenderwatch extract') to migrate it")
        yield con
    except duckdb.Error as exc:
        if detail := _damage(exc, path):
            raise _damaged_database(path, detail) from exc
        raise
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short explicit transaction: commit on success, roll back on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
