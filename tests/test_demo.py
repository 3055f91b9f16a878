"""``tenderwatch demo``: the whole job end to end on the replay, and a second run that adds nothing."""

from __future__ import annotations

from pathlib import Path

from store.db import connect, records
from tests.conftest import DEMO_HITS, DEMO_NOTICES, tenderwatch


def test_demo_finds_the_replays_hits_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    first = tenderwatch("demo", "--db", str(db))
    with connect(db, read_only=True) as con:
        hits = {h["notice_id"]: h for h in records(con, "SELECT * FROM hits")}
        only_pdf = records(con, "SELECT evidence FROM hits WHERE notice_id = 'ccgp:25105276'")[0]["evidence"]
        swept = records(con, "SELECT evidence FROM hits WHERE notice_id = 'ccgp:25114456'")[0]["evidence"]
        counts = records(con, "SELECT count(*) AS notices FROM notices")[0]
        crawled = {r["notice_id"] for r in records(con, "SELECT notice_id FROM notices")}
    assert {k: (v["label"], list(v["chips"]), list(v["providers"])) for k, v in hits.items()} == DEMO_HITS
    assert crawled == set(DEMO_NOTICES)  # the sweep reaches every notice of the replay, hit or not
    assert "附件1：采购需求书.pdf" in only_pdf
    assert "附件：采购需求.pdf" in swept
    assert f"{len(DEMO_HITS)} hits" in first.stdout

    second = tenderwatch("demo", "--db", str(db))
    assert "nothing new" in second.stderr
    with connect(db, read_only=True) as con:
        assert records(con, "SELECT count(*) AS notices FROM notices")[0] == counts
        assert len(records(con, "SELECT * FROM hits")) == len(DEMO_HITS)
