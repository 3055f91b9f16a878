"""The store: migrations, the content-addressed raw store, idempotent loading of crawl manifests."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store.db import DatabaseError, connect, records, scalar, schema_version
from store.loader import load_run, pending_runs
from store.manifest import FetchRecord, RunManifest
from store.raw import RawStore, sha256_of
from tests.conftest import tenderwatch


def test_new_database_gets_every_migration(db: Path) -> None:
    with connect(db) as con:
        assert schema_version(con) >= 1
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"documents", "notices", "line_items", "hits", "crawl_runs", "reviews", "schema_version"} <= tables


def test_reopening_does_not_migrate_again(db: Path) -> None:
    with connect(db) as con:
        first = scalar(con, "SELECT count(*) FROM schema_version")
    with connect(db) as con:
        assert scalar(con, "SELECT count(*) FROM schema_version") == first


def test_reading_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database at"):
        with connect(tmp_path / "absent.duckdb", read_only=True):
            pass


def _damage(db: Path, how: str) -> None:
    """Leave the file as a crash or a bad copy can: cut in half, or with blocks overwritten."""
    size = db.stat().st_size
    with db.open("r+b") as f:
        if how == "truncated":
            f.truncate(size // 2)
        else:
            for offset in range(size // 4, size - 4096, 65536):
                f.seek(offset)
                f.write(b"\xa5" * 4096)


@pytest.mark.parametrize("how", ["truncated", "overwritten"])
def test_a_damaged_database_is_one_line_saying_how_to_rebuild(db: Path, how: str) -> None:
    with connect(db) as con:
        con.execute("INSERT INTO notices (notice_id, portal, url, doc_id, text, extractor_version, extracted_at) "
                    "SELECT 'ccgp:' || i, 'ccgp', 'http://127.0.0.1/' || i, 'd' || i, repeat(md5(i::VARCHAR), 8), "
                    "'0.1.0', now() FROM range(40000) t(i)")
        con.execute("CHECKPOINT")
    _damage(db, how)
    with pytest.raises(DatabaseError, match="is damaged .*tenderwatch load"):
        with connect(db, read_only=True) as con:
            con.execute("SELECT count(*), sum(length(text)) FROM notices").fetchall()
    result = tenderwatch("extract", "--all", "--db", str(db), check=False)
    [line] = [line for line in result.stderr.splitlines() if line.strip()]  # a progress display may leave a blank
    assert result.returncode == 2 and line.startswith("error: ") and "is damaged" in line


WRITER = """
import sys
from store.db import connect, transaction
with connect(sys.argv[1]) as con:
    for batch in range(10 ** 6):
        with transaction(con):
            con.execute(\"\"\"INSERT INTO notices (notice_id, portal, url, doc_id, text, extractor_version, extracted_at)
                           SELECT 'x:' || (? * 1000 + i), 'x', 'u', 'd', repeat(md5(i::VARCHAR), 20), '0', now()
                           FROM range(1000) t(i)\"\"\", [batch])
        print(batch, flush=True)
"""


def test_a_writer_killed_mid_transaction_leaves_whole_transactions(db: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    for _ in range(20):   # let it commit some batches, then kill it inside the next one
        writer.stdout.readline()
    time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    with connect(db, read_only=True) as con:
        stored = scalar(con, "SELECT count(*) FROM notices")
    assert stored >= 20_000 and stored % 1000 == 0


def test_a_file_that_is_no_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_bytes(b"these are notes, not a database\n" * 1000)
    result = tenderwatch("hits", "--db", str(path), check=False)
    [line] = result.stderr.splitlines()
    assert result.returncode == 2 and line.startswith("error: ") and "is damaged" in line


def test_raw_store_is_content_addressed(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    digest = store.put(b"<html>notice</html>")
    assert digest == sha256_of(b"<html>notice</html>")
    assert store.path(digest) == tmp_path / "raw" / digest[:2] / digest[2:4] / digest
    assert store.put(b"<html>notice</html>") == digest
    assert store.get(digest) == b"<html>notice</html>"
    assert len(list((tmp_path / "raw").rglob("*"))) == 3  # two folders and one file


def _run(tmp_path: Path, name: str, records_: list[FetchRecord], finished: bool = True) -> RunManifest:
    manifest = RunManifest(tmp_path / "runs" / name)
    manifest.start("ccgp", {"since": "2025-09-01"})
    for rec in records_:
        manifest.append(rec)
    if finished:
        manifest.finish({"finish_reason": "finished"})
    return manifest


def _page(store: RawStore, url: str, body: bytes, kind: str = "detail") -> FetchRecord:
    return FetchRecord(url=url, source="ccgp", kind=kind, outcome="stored", http_status=200,
                       sha256=store.put(body), size=len(body), notice_id="ccgp:1")


def test_loading_the_same_run_twice_changes_nothing(tmp_path: Path, db: Path) -> None:
    store = RawStore(tmp_path / "raw")
    manifest = _run(tmp_path, "run-1", [
        _page(store, "http://x/a.htm", b"a"), _page(store, "http://x/b.pdf", b"b", "attachment"),
        FetchRecord(url="http://x/c.htm", source="ccgp", kind="detail", outcome="failed", error="HttpError: 500"),
    ])
    with connect(db) as con:
        first = load_run(con, manifest)
        before = records(con, "SELECT * FROM documents ORDER BY doc_id")
        second = load_run(con, manifest)
        after = records(con, "SELECT * FROM documents ORDER BY doc_id")
        runs = scalar(con, "SELECT count(*) FROM crawl_runs")
    assert (first.new, first.failed) == (2, 1)
    assert (second.new, second.unchanged) == (0, 2)
    assert before == after
    assert runs == 1


def test_a_changed_page_is_a_new_version_and_the_same_bytes_are_not(tmp_path: Path, db: Path) -> None:
    store = RawStore(tmp_path / "raw")
    with connect(db) as con:
        load_run(con, _run(tmp_path, "run-1", [_page(store, "http://x/a.htm", b"v1")]))
        result = load_run(con, _run(tmp_path, "run-2", [_page(store, "http://x/a.htm", b"v1"),
                                                         _page(store, "http://x/a.htm", b"v2")]))
        versions = scalar(con, "SELECT count(*) FROM documents WHERE url = 'http://x/a.htm'")
    assert result.new == 1
    assert versions == 2


def test_interrupted_runs_stay_pending_until_loaded_finished(tmp_path: Path, db: Path) -> None:
    store = RawStore(tmp_path / "raw")
    manifest = _run(tmp_path, "run-1", [_page(store, "http://x/a.htm", b"a")], finished=False)
    with connect(db) as con:
        assert [m.run_id for m in pending_runs(con, tmp_path / "runs")] == ["run-1"]
        load_run(con, manifest)
        assert scalar(con, "SELECT status FROM crawl_runs") == "interrupted"  # no finish_reason yet
        manifest.finish({"finish_reason": "finished"})
        load_run(con, manifest)
        assert pending_runs(con, tmp_path / "runs") == []


def test_a_torn_last_manifest_line_is_skipped(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    manifest = _run(tmp_path, "run-1", [_page(store, "http://x/a.htm", b"a")])
    with manifest.lines_path.open("a") as handle:
        handle.write('{"url": "http://x/b.htm", "sou')
    assert [r.url for r in manifest.records()] == ["http://x/a.htm"]
