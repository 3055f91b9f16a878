"""Reading while a writer works, with real separate processes: DuckDB lets one process write or several read,
never both, so readers open briefly, retry on the lock, and fall back to the Parquet snapshot that every writing
stage exports."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_HITS, DEMO_NOTICES

# Holds the write lock most of the time, as a long extraction would: re-classifies everything, exports the
# snapshot, keeps the lock a little longer, lets go briefly, and again for the number of cycles asked. (A count,
# not a time budget: on a slow machine the first cycle, which loads the classifier, can outlast any budget.)
WRITER = """
import sys, time
from query.snapshot import write_snapshot
from store.db import connect
from tenderwatch.pipeline import classify_pending
db, wanted = sys.argv[1], int(sys.argv[2])
cycles = 0
while cycles < wanted:
    with connect(db) as con:
        classify_pending(con, redo_all=True)
        write_snapshot(con, db)
        time.sleep(0.8)
    cycles += 1
    time.sleep(0.2)
print(cycles)
"""

# Reads the hit list again and again through the notebooks' API until the stop file appears; says "ready" after
# its first read and prints how many hits each read saw, by where it read them from.
READER = """
import json, sys, time
from pathlib import Path
from query import Database
db = Database(sys.argv[1], wait_seconds=0.3, use_snapshot=sys.argv[2] == "snapshot")
stop = Path(sys.argv[3])
seen = {}
while True:
    hits = db.hits()
    source = "database" if db.source == "database" else "snapshot"
    seen.setdefault(source, []).append(len(hits))
    if sum(map(len, seen.values())) == 1:
        print("ready", flush=True)
    if stop.exists():
        break
    time.sleep(0.05)
print(json.dumps(seen))
"""


def python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.mark.slow
def test_notebook_readers_keep_reading_while_a_writer_holds_the_database(demo_copy: Path, tmp_path: Path) -> None:
    stop = tmp_path / "stop"
    readers = [python(READER, str(demo_copy), "snapshot", str(stop)),
               python(READER, str(demo_copy), "snapshot", str(stop)),
               python(READER, str(demo_copy), "wait", str(stop))]  # no snapshot: only retries on the lock
    try:
        for reader in readers:
            assert reader.stdout.readline().strip() == "ready", reader.stderr.read()
        writer = python(WRITER, str(demo_copy), "3")
        writer_out, writer_err = writer.communicate(timeout=300)
        assert writer.returncode == 0, writer_err
        assert int(writer_out) == 3  # the writer got the lock again and again despite the readers
        time.sleep(0.5)
        stop.touch()
        results = []
        for reader in readers:
            out, err = reader.communicate(timeout=120)
            assert reader.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for process in readers:
            if process.poll() is None:
                process.kill()
    for seen in results:
        assert all(count == len(DEMO_HITS) for counts in seen.values() for count in counts)  # every read saw every hit
    for seen in results[:2]:
        assert seen.get("snapshot") and seen.get("database")  # fell back while locked, live otherwise
    assert set(results[2]) == {"database"} and len(results[2]["database"]) >= 2


def test_the_snapshot_holds_what_the_database_shows(demo_copy: Path) -> None:
    from query.hits import fetch_hits
    from query.snapshot import current_snapshot, open_snapshot, snapshot_root, write_snapshot
    from store.db import connect

    with connect(demo_copy) as con:
        live = fetch_hits(con)
        first = write_snapshot(con, demo_copy)
        second = write_snapshot(con, demo_copy)
    assert current_snapshot(demo_copy) == second != first
    assert first.exists()  # an older version stays a while for readers still reading it
    assert not [p for p in snapshot_root(demo_copy).iterdir() if p.name.startswith(".")]  # no half-written folder
    with open_snapshot(second) as con:
        assert fetch_hits(con) == live
        assert "text" not in [d[0] for d in con.execute("SELECT * FROM v_notices LIMIT 0").description]
        assert con.execute("SELECT count(*) FROM v_notices").fetchone()[0] == len(DEMO_NOTICES)
