"""A crawl killed midway (SIGKILL) or stopped (SIGINT) in a real child process, then resumed with
``--resume``, ends with the same store as an uninterrupted crawl: nothing lost, nothing fetched twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from replay.ccgp import CcgpSite
from replay.server import ReplayServer
from store.db import connect, records
from store.manifest import RunManifest, run_dirs
from store.paths import runs_dir_for
from tests.conftest import FAST, tenderwatch
from tests.crawling import WINDOW

# Slow enough to be interrupted midway: ~100 requests at 0.05 s each, a sweep of every channel.
SLOW = [*FAST, "--set", "DOWNLOAD_DELAY=0.05", "--discovery", "sweep"]


def store_of(db: Path) -> set[tuple]:
    with connect(db, read_only=True) as con:
        rows = records(con, "SELECT url, sha256, kind, notice_id, name FROM documents")
    return {tuple(r.values()) for r in rows}


def interrupt(base: str, db: Path, sig: signal.Signals, after_lines: int = 15) -> None:
    """Start a crawl in a child process and send it ``sig`` once its manifest holds ``after_lines`` lines."""
    child = subprocess.Popen([sys.executable, "-m", "tenderwatch.cli", "crawl", "ccgp", "--base-url", base, *WINDOW,
                              *SLOW, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            runs = run_dirs(runs_dir_for(db))
            if runs and runs[0].lines_path.exists() and len(runs[0].lines_path.read_bytes().splitlines()) >= after_lines:
                break
            assert child.poll() is None, "the crawl ended before it could be interrupted"
            time.sleep(0.05)
        child.send_signal(sig)
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()


@pytest.fixture(scope="module")
def replay_and_reference(tmp_path_factory: pytest.TempPathFactory):
    """One CCGP replay for the module, and the store an uninterrupted crawl of it makes."""
    site = CcgpSite()
    with ReplayServer([site], lifetime=600) as server:
        reference = tmp_path_factory.mktemp("reference") / "tw.duckdb"
        tenderwatch("crawl", "ccgp", "--base-url", server.base_url(site), *WINDOW, *FAST, "--discovery", "sweep",
                    "--db", str(reference))
        yield server.base_url(site), store_of(reference)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_interrupted_crawl_resumes_to_the_same_store(replay_and_reference, db: Path, sig: signal.Signals) -> None:
    base, reference = replay_and_reference
    interrupt(base, db, sig)
    [run] = run_dirs(runs_dir_for(db))
    fetched_before = {r.notice_id for r in run.records() if r.kind == "detail"}
    assert 0 < len(fetched_before) < len({row[3] for row in reference if row[2] == "detail"})
    if sig == signal.SIGINT:
        assert run.info()["stats"]["finish_reason"] == "shutdown"  # a clean stop saved its queue in JOBDIR
    else:
        assert run.info()["stats"] == {}  # killed: nothing recorded at the end

    resumed = tenderwatch("crawl", "ccgp", "--resume", *SLOW, "--db", str(db))
    assert f"resuming {run.run_id}" in resumed.stderr
    assert store_of(db) == reference
    details = Counter(r.notice_id for r in RunManifest(run.dir).records() if r.kind == "detail")
    assert details and max(details.values()) == 1  # no detail page fetched twice across the two processes
    with connect(db, read_only=True) as con:
        assert records(con, "SELECT status FROM crawl_runs") == [{"status": "complete"}]


def test_resume_without_an_interrupted_crawl_is_a_one_line_error(db: Path) -> None:
    result = tenderwatch("crawl", "ccgp", "--resume", "--db", str(db), check=False)
    assert result.returncode == 2 and result.stderr.strip() == "error: no interrupted ccgp crawl to resume"
