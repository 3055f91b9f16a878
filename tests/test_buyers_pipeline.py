"""Enrichment in the pipeline: buyers and suppliers resolved when notices are stored, incrementally, and shown
by `hits` and `buyers`."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

from query.hits import fetch_hits
from refdata.build import build, derive
from refdata.registry import REFDATA_DIR, Registry
from store.db import connect, records
from tenderwatch.pipeline import resolve_pending
from tests.conftest import FIXTURES, tenderwatch

NOTICES = [
    # (notice_id, buyer as a portal writes it, suppliers)
    ("ccgp:1", "四川大學華西醫院", [{"name": "华为技术有限公司", "amount_cny": 980000.0, "lot": None}]),
    ("ccgp:2", "深圳大学（本级）", [{"name": "某某云计算科技有限公司", "amount_cny": None, "lot": None}]),
    ("ccgp:3", None, []),
]


def _store_notices(db: Path) -> None:
    with connect(db) as con:
        for notice_id, buyer, suppliers in NOTICES:
            con.execute(
                """INSERT INTO notices (notice_id, portal, url, doc_id, title, published, buyer, suppliers,
                   extractor_version, extracted_at, buyer_type) VALUES (?, 'ccgp', ?, ?, ?, ?, ?, ?, '0.1.0', ?, ?)""",
                [notice_id, f"http://127.0.0.1/{notice_id}", notice_id, f"{buyer} GPU算力租赁", date(2025, 9, 1), buyer,
                 json.dumps(suppliers, ensure_ascii=False), datetime(2025, 9, 2), "hospital"])
        con.execute("""INSERT INTO hits (notice_id, label, score, chips, providers, evidence, rules, classifier_version,
                       classified_at) VALUES ('ccgp:1', 'remote_access', 0.9, ['A100'], [], '[]', ['r'], 'x', now())""")


def test_buyers_and_suppliers_are_resolved_once_and_again_when_the_registry_changes(db, tmp_path):
    _store_notices(db)
    with connect(db) as con:
        assert resolve_pending(con).done == 3
        rows = {(r["notice_id"], r["role"], r["seq"]): r for r in records(con, "SELECT * FROM entity_resolutions")}
        assert resolve_pending(con).done == 0  # nothing new: nothing redone
        other = tmp_path / "refdata"
        other.mkdir()
        for name in ("entities.csv", "list_matches.csv"):
            shutil.copy(REFDATA_DIR / name, other / name)
        derive(FIXTURES / "reference-data", other)
        build(other)
        assert resolve_pending(con, Registry.load(other)).done == 3  # a new registry re-resolves everything
    hospital = rows[("ccgp:1", "buyer", 0)]
    assert (hospital["name"], hospital["type"], hospital["parent_name"]) == ("四川大学华西医院", "hospital", "四川大学")
    assert "entity_list" in hospital["flag_lists"] and hospital["us_listed"]
    assert all(f["via_parent"] for f in json.loads(hospital["flags"]))
    supplier = rows[("ccgp:1", "supplier", 1)]
    assert (supplier["name"], supplier["type"], supplier["us_listed"]) == ("华为技术有限公司", "company", True)
    assert {"entity_list", "ns_cmic"} <= set(supplier["flag_lists"])
    shenzhen = rows[("ccgp:2", "buyer", 0)]
    assert (shenzhen["name"], shenzhen["english_name"], shenzhen["us_listed"]) == ("深圳大学", "Shenzhen University", False)
    assert rows[("ccgp:2", "supplier", 1)]["match"] == "unknown"
    assert rows[("ccgp:3", "buyer", 0)]["query"] == ""


def test_hits_and_buyers_show_english_names_and_flags(db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # wide tables: the names stay on one line
    _store_notices(db)
    with connect(db) as con:
        resolve_pending(con)
        hit = fetch_hits(con)[0]
    assert hit["buyer_english_name"] == "West China Hospital, Sichuan University"
    assert hit["buyer_parent"] == "四川大学" and hit["buyer_us_listed"] is True
    assert {f["list"] for f in hit["buyer_flags"]} >= {"entity_list", "1286"}
    assert hit["supplier_entities"][0]["name"] == "华为技术有限公司" and hit["supplier_entities"][0]["us_listed"]

    listed = [json.loads(line) for line in tenderwatch("buyers", "--listed", "--format", "json", "--db", str(db)).stdout.splitlines()]
    assert [(b["name"], b["hits"], b["us_listed"]) for b in listed] == [("四川大学华西医院", 1, True)]
    table = tenderwatch("buyers", "--db", str(db)).stdout
    assert "⚑ 四川大学华西医院" in table and "Shenzhen University" in table
    hits_table = tenderwatch("hits", "--db", str(db)).stdout
    assert "West China Hospital, Sichuan University" in hits_table and "⚑ 1286, aspi, entity_list" in hits_table
