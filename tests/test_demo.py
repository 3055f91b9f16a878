"""``tenderwatch demo``: the whole job end to end on the replay, and a second run that adds nothing."""

from __future__ import annotations

from pathlib import Path

from store.db import connect, records
from tests.conftest import tenderwatch

DEMO_HITS = {
    "ccgp:25104387": ("remote_access", ["A100"], []),       # 星海大学 A100 rental, central template
    "ccgp:25104911": ("remote_access", [], ["AWS"]),        # 南溪理工大学 AWS account, #noticeArea template
    "ccgp:25105276": ("remote_access", ["H800"], []),       # 青岚医科大学: evidence only in the PDF attachment
    "ccgp:25106630": ("hardware_purchase", ["H800"], []),   # 东川大学 H800 servers, award
    "ccgp:25108455": ("remote_access", [], ["Azure", "OpenAI"]),
    "ccgp:25113009": ("remote_access", ["H20"], []),
    "ccgp:25114456": ("remote_access", ["A800"], []),      # 澜湖大学: only the attachment says it; found by the sweep
    "ccgp:25107024": ("hardware_purchase", ["RTX4090"], []),  # 澜湾职业技术学院 workstations: 'RTX 4090', found by the sweep
}


def test_demo_finds_the_replays_hits_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    first = tenderwatch("demo", "--db", str(db))
    with connect(db, read_only=True) as con:
        hits = {h["notice_id"]: h for h in records(con, "SELECT * FROM hits")}
        only_pdf = records(con, "SELECT evidence FROM hits WHERE notice_id = 'ccgp:25105276'")[0]["evidence"]
        swept = records(con, "SELECT evidence FROM hits WHERE notice_id = 'ccgp:25114456'")[0]["evidence"]
        counts = records(con, "SELECT count(*) AS notices FROM notices")[0]
    assert {k: (v["label"], list(v["chips"]), list(v["providers"])) for k, v in hits.items()} == DEMO_HITS
    assert "附件1：采购需求书.pdf" in only_pdf
    assert "附件：采购需求.pdf" in swept
    assert f"{len(DEMO_HITS)} hits" in first.stdout

    second = tenderwatch("demo", "--db", str(db))
    assert "nothing new" in second.stderr
    with connect(db, read_only=True) as con:
        assert records(con, "SELECT count(*) AS notices FROM notices")[0] == counts
        assert len(records(con, "SELECT * FROM hits")) == len(DEMO_HITS)
