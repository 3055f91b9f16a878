"""A real Scrapyd on 127.0.0.1, configured by the project's scrapyd.conf and scrapy.cfg (no egg: scrapy.cfg's
[settings] names crawler.settings), runs a spider on the replay; ``tenderwatch load`` stores what it fetched."""

from __future__ import annotations

import configparser
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from store.db import connect, records
from tests.conftest import tenderwatch
from tests.crawling import ccgp_ids

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=10) as response:
        return json.loads(response.read())


def test_scrapyd_schedules_a_crawl_of_the_replay_and_load_stores_it(ccgp, db: Path, tmp_path: Path) -> None:
    server, site = ccgp
    config = configparser.ConfigParser()
    config.read(ROOT / "scrapyd.conf")
    port = free_port()
    for key, folder in (("eggs_dir", "eggs"), ("logs_dir", "logs"), ("dbs_dir", "dbs")):
        config["scrapyd"][key] = str(tmp_path / folder)
    config["scrapyd"]["http_port"] = str(port)
    config["scrapyd"]["poll_interval"] = "0.5"
    workdir = tmp_path / "scrapyd"
    workdir.mkdir()
    with (workdir / "scrapyd.conf").open("w") as handle:
        config.write(handle)
    shutil.copy(ROOT / "scrapy.cfg", workdir / "scrapy.cfg")  # names the project, as in the project's folder
    scrapyd = shutil.which("scrapyd", path=str(Path(sys.executable).parent))
    daemon = subprocess.Popen([scrapyd], cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # generous: a busy CI machine starts Scrapyd slowly
        while time.monotonic() < deadline:
            try:
                assert call(base, "daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                time.sleep(0.2)
        assert "tenderwatch" in call(base, "listprojects.json")["projects"]
        assert "ggzy" in call(base, "listspiders.json?project=tenderwatch")["spiders"]
        job = call(base, "schedule.json", [
            ("project", "tenderwatch"), ("spider", "ccgp"), ("setting", f"TENDERWATCH_DB={db}"),
            ("setting", "DOWNLOAD_DELAY=0"), ("setting", "AUTOTHROTTLE_ENABLED=false"),
            ("base_url", server.base_url(site)), ("since", "2025-09-01"), ("until", "2025-10-31"),
            ("keywords", "AWS"), ("discovery", "search"),
        ])
        assert job["status"] == "ok"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            jobs = call(base, "listjobs.json?project=tenderwatch")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"the Scrapyd job did not finish: {jobs}")
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
    loaded = tenderwatch("load", "--db", str(db))
    assert "new documents" in loaded.stdout
    with connect(db, read_only=True) as con:
        details = {r["notice_id"] for r in records(con, "SELECT notice_id FROM documents WHERE kind = 'detail'")}
        runs = records(con, "SELECT source, status FROM crawl_runs")
    assert details == ccgp_ids(site, "AWS")
    assert runs == [{"source": "ccgp", "status": "complete"}]
