"""Shared fixtures: the replay served on 127.0.0.1, a scratch database, and the CLI run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

import pytest

from replay.ccgp import CcgpSite
from replay.corpus import ReplayNotice, in_window
from replay.server import ReplayServer
from tenderwatch.demo import DEMO_WINDOW

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


class DemoHit(NamedTuple):
    """What ``tenderwatch demo`` must say about one of its hits."""

    label: str
    chips: list[str]
    providers: list[str]


# The demo's hits: the canonical list of what ``tenderwatch demo`` finds in the CCGP replay. Tests of the demo
# database derive what they expect from it and from DEMO_NOTICES, never from counts written out by hand.
DEMO_HITS = {
    "ccgp:25104387": DemoHit("remote_access", ["A100"], []),       # 星海大学 A100 rental, central template
    "ccgp:25104911": DemoHit("remote_access", [], ["AWS"]),        # 南溪理工大学 AWS account, #noticeArea template
    "ccgp:25105276": DemoHit("remote_access", ["H800"], []),       # 青岚医科大学: evidence only in the PDF attachment
    "ccgp:25106630": DemoHit("hardware_purchase", ["H800"], []),   # 东川大学 H800 servers, award
    "ccgp:25108455": DemoHit("remote_access", [], ["Azure", "OpenAI"]),
    "ccgp:25113009": DemoHit("remote_access", ["H20"], []),
    "ccgp:25114456": DemoHit("remote_access", ["A800"], []),       # 澜湖大学: only the attachment says it; found by the sweep
    "ccgp:25107024": DemoHit("hardware_purchase", ["RTX4090"], []),  # 澜湾职业技术学院 workstations: 'RTX 4090', found by the sweep
}


def _demo_notices() -> dict[str, ReplayNotice]:
    since, until = (date.fromisoformat(day) for day in DEMO_WINDOW)
    return {f"ccgp:{n.id}": n for n in CcgpSite().notices if in_window(n, since, until)}


# Every notice the demo crawls (it sweeps every channel list): the CCGP replay's corpus within the demo's window.
DEMO_NOTICES = _demo_notices()


def demo_hits_where(test: Callable[[DemoHit, ReplayNotice], bool]) -> set[str]:
    """The ids of the demo's hits for which ``test(hit, replay notice)`` holds."""
    return {notice_id for notice_id, hit in DEMO_HITS.items() if test(hit, DEMO_NOTICES[notice_id])}


def demo_notices_saying(*words: str) -> set[str]:
    """The ids of the demo's notices whose page (title and body, not the attachments) contains every word,
    ignoring case and full-width forms."""
    def plain(text: str) -> str:
        return unicodedata.normalize("NFKC", text).lower()

    return {notice_id for notice_id, n in DEMO_NOTICES.items()
            if all(plain(word) in plain(f"{n.title}\n{n.text}") for word in words)}


def amount_cny(notice: ReplayNotice) -> float:
    """A replay notice's amount as tenderwatch reports it: the award, else the budget."""
    return notice.budget if notice.award is None else notice.award


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
