"""Shared fixtures: the replay served on 127.0.0.1, a scratch database, and the CLI run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from replay.ccgp import CcgpSite
from replay.server import ReplayServer

FIXTURES = Path(__file__).parent / "fixtures"

# Fast but real: no politeness delay against the loopback replay, short back-off after a block.
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=false", "--set", "BLOCK_BACKOFF_SECONDS=0.3",
        "--set", "DOWNLOAD_DELAY_JITTER=0", "--set", "RETRY_BACKOFF_SECONDS=0.05", "--set", "RETRY_AFTER_MAX_SECONDS=2"]


@pytest.fixture
def ccgp() -> Iterator[tuple[ReplayServer, CcgpSite]]:
    """The CCGP replay on a free port of 127.0.0.1, stopped after the test."""
    site = CcgpSite()
    with ReplayServer([site], lifetime=300) as server:
        yield server, site


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tw.duckdb"


def tenderwatch(*args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the tenderwatch command in a child process, as a user would."""
    result = subprocess.run([sys.executable, "-m", "tenderwatch.cli", *args], capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"tenderwatch {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database (``tenderwatch demo``), built once per session; copy it (``demo_copy``) to write to it."""
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    tenderwatch("demo", "--db", str(db))
    return db


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database with its raw store and snapshot, for tests that write."""
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_db.parent, target)
    return target / demo_db.name
