"""Reviews: a researcher's judgement survives re-classification, shows in hits, and measures the classifier."""

from __future__ import annotations

import json
from pathlib import Path

from store.db import connect, records
from tests.conftest import tenderwatch


def reviews(db: Path) -> list[dict]:
    with connect(db, read_only=True) as con:
        return records(con, "SELECT notice_id, decision, label, hit_label, note FROM reviews ORDER BY notice_id")


def test_reviews_survive_reclassification_and_show_in_hits(demo_copy: Path) -> None:
    db = ["--db", str(demo_copy)]
    tenderwatch("review", "ccgp:25104387", "--confirm", "--note", "A100 rental confirmed in the tender file", *db)
    rejected = tenderwatch("review", "ccgp:25104911", "--reject", "--note", "test account only", *db)
    assert "rejected as none (the classifier says remote_access)" in rejected.stdout
    tenderwatch("review", "ccgp:25112233", "--confirm", "--label", "remote_access", "--note", "terminated, still intent", *db)
    before = reviews(demo_copy)
    assert [(r["notice_id"], r["decision"], r["label"], r["hit_label"]) for r in before] == [
        ("ccgp:25104387", "confirmed", "remote_access", "remote_access"),
        ("ccgp:25104911", "rejected", "none", "remote_access"),
        ("ccgp:25112233", "confirmed", "remote_access", "none"),
    ]

    tenderwatch("classify", "--all", *db)
    assert reviews(demo_copy) == before

    hits = {json.loads(line)["notice_id"]: json.loads(line)
            for line in tenderwatch("hits", "--format", "json", *db).stdout.splitlines()}
    assert hits["ccgp:25104387"]["review"] == "confirmed"
    assert hits["ccgp:25104911"]["review_note"] == "test account only"
    assert hits["ccgp:25106630"]["review"] is None
    confirmed = tenderwatch("hits", "--review", "confirmed", "--format", "json", *db).stdout.splitlines()
    assert [json.loads(line)["notice_id"] for line in confirmed] == ["ccgp:25104387"]
    assert "rejected" in tenderwatch("hits", "--name", "南溪", *db).stdout
    shown = tenderwatch("show", "ccgp:25104911", *db).stdout
    assert "review" in shown and "test account only" in shown


def test_eval_reviewed_measures_the_classifier_against_the_reviews(demo_copy: Path) -> None:
    db = ["--db", str(demo_copy)]
    empty = tenderwatch("eval", "--reviewed", *db, check=False)
    assert empty.returncode == 2 and "no reviews yet" in empty.stderr
    tenderwatch("review", "ccgp:25104387", "--confirm", *db)
    tenderwatch("review", "ccgp:25106630", "--confirm", *db)
    tenderwatch("review", "ccgp:25104911", "--reject", *db)
    tenderwatch("review", "ccgp:25112233", "--confirm", "--label", "remote_access", *db)
    figures = json.loads(tenderwatch("eval", "--reviewed", "--json", *db).stdout)
    assert figures["reviewed"] == 4
    remote = figures["per_label"]["remote_access"]
    assert (remote["precision"], remote["recall"], remote["support"]) == (0.5, 0.5, 2)
    assert figures["per_label"]["hardware_purchase"]["f1"] == 1.0
    assert sorted(d["notice_id"] for d in figures["disagreements"]) == ["ccgp:25104911", "ccgp:25112233"]
    table = tenderwatch("eval", "--reviewed", *db).stdout
    assert "4 reviewed notices; 2 where the classifier now disagrees" in table


def test_a_new_review_replaces_the_old_one(demo_copy: Path) -> None:
    db = ["--db", str(demo_copy)]
    tenderwatch("review", "ccgp:25106630", "--confirm", *db)
    tenderwatch("review", "ccgp:25106630", "--reject", "--label", "remote_access", "--note", "rented, not bought", *db)
    assert reviews(demo_copy) == [{"notice_id": "ccgp:25106630", "decision": "rejected", "label": "remote_access",
                                   "hit_label": "hardware_purchase", "note": "rented, not bought"}]


def test_bad_reviews_are_one_clear_line(demo_copy: Path) -> None:
    db = ["--db", str(demo_copy)]
    for args, message in ((("ccgp:0", "--confirm"), "no notice 'ccgp:0'"),
                          (("ccgp:25104387",), "either --confirm or --reject"),
                          (("ccgp:25104387", "--confirm", "--reject"), "either --confirm or --reject"),
                          (("ccgp:25109102", "--confirm"), "is not a hit"),
                          (("ccgp:25104387", "--reject", "--label", "cloud"), "label must be one of"),
                          (("ccgp:25109102", "--reject"), "already says")):
        result = tenderwatch("review", *args, *db, check=False)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    assert reviews(demo_copy) == []
    assert "give a folder" in tenderwatch("eval", *db, check=False).stderr
