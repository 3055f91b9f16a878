"""Reading the demo database: hits with every filter and format, one notice whole, read-only SQL over the views."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from replay.corpus import ReplayNotice
from store.db import connect, records
from tests.conftest import DEMO_HITS, DEMO_NOTICES, DemoHit, amount_cny, demo_hits_where, tenderwatch

ALL_HITS = set(DEMO_HITS)


def hit_ids(db: Path, *args: str) -> set[str]:
    result = tenderwatch("hits", "--db", str(db), "--format", "json", *args)
    return {json.loads(line)["notice_id"] for line in result.stdout.splitlines()}


def named(part: str) -> Callable[[DemoHit, ReplayNotice], bool]:
    """The filter ``--name``: part of the buyer's or a supplier's name."""
    return lambda hit, n: part in n.buyer or part in n.supplier


# Each filter and the hits it must keep, told by the replay notice (the corpus says who bought what, where, when
# and for how much; the invented buyers say what they are in their names) or by DEMO_HITS.
NARROWING = [
    (("--label", "hardware_purchase"), lambda hit, n: hit.label == "hardware_purchase"),
    (("--chip", "H800"), lambda hit, n: "H800" in hit.chips),
    (("--provider", "OpenAI"), lambda hit, n: "OpenAI" in hit.providers),
    (("--buyer-type", "hospital"), lambda hit, n: n.buyer.endswith("医院")),
    (("--buyer-type", "research_institute"), lambda hit, n: n.buyer.endswith("研究院")),
    (("--name", "东川云智"), named("东川云智")),  # a supplier's name, not the buyer's
    (("--name", "青岚"), named("青岚")),
    (("--min-amount", "4000000"), lambda hit, n: amount_cny(n) >= 4_000_000),
    (("--region", "云南"), lambda hit, n: n.region == "云南"),
    (("--since", "2025-09-12", "--until", "2025-09-23"), lambda hit, n: date(2025, 9, 12) <= n.day <= date(2025, 9, 23)),
    (("--portal", "ccgp", "--label", "remote_access", "--chip", "A100"),
     lambda hit, n: hit.label == "remote_access" and "A100" in hit.chips),
]


@pytest.mark.parametrize(("args", "expected"), [(args, demo_hits_where(test)) for args, test in NARROWING],
                         ids=[" ".join(args) for args, _ in NARROWING])
def test_hits_filters_keep_the_hits_they_describe(demo_db: Path, args: tuple[str, ...], expected: set[str]) -> None:
    assert expected and expected != ALL_HITS  # the case tells a working filter from an ignored one
    assert hit_ids(demo_db, *args) == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((), ALL_HITS),
    (("--portal", "zcy"), set()),  # the demo crawls only the CCGP replay
    (("--review", "unreviewed"), ALL_HITS),
    (("--review", "confirmed"), set()),
])
def test_hits_filters_keep_all_or_nothing(demo_db: Path, args: tuple[str, ...], expected: set[str]) -> None:
    assert hit_ids(demo_db, *args) == expected


def test_hits_json_keeps_the_design_contract(demo_db: Path) -> None:
    lines = tenderwatch("hits", "--db", str(demo_db), "--format", "json", "--chip", "A100").stdout.splitlines()
    hit = json.loads(lines[0])
    contract = {"notice_id", "url", "portal", "title", "buyer", "buyer_type", "published", "label", "score", "chips",
                "providers", "amount_cny", "suppliers", "evidence"}
    assert contract <= hit.keys()
    assert hit["published"] == "2025-09-08" and hit["buyer"] == "星海大学" and hit["chips"] == ["A100"]
    assert hit["amount_cny"] == 3_600_000.0
    assert all(set(e) == {"text", "where"} for e in hit["evidence"]) and "A100" in hit["evidence"][0]["text"]


def test_hits_csv_has_one_row_per_hit_with_lists_joined(demo_db: Path) -> None:
    text = tenderwatch("hits", "--db", str(demo_db), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["notice_id"] for r in rows} == ALL_HITS
    azure = next(r for r in rows if r["notice_id"] == "ccgp:25108455")
    assert azure["providers"] == "Azure;OpenAI" and "(body)" in azure["evidence"]


def test_hits_table_and_bad_filters(demo_db: Path) -> None:
    table = tenderwatch("hits", "--db", str(demo_db), "--label", "remote_access").stdout
    remote = demo_hits_where(lambda hit, n: hit.label == "remote_access")
    assert f"{len(remote)} hits" in table and "星海大学" in table
    for args, message in ((("--label", "cloud"),), "--label must be one of"), \
                         ((("--since", "2025-13-01"),), "--since must be a date"), \
                         ((("--review", "maybe"),), "--review must be one of"), \
                         ((("--format", "xml"),), "--format must be"):
        result = tenderwatch("hits", "--db", str(demo_db), *args[0], check=False)
        assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) <= 2


def test_a_table_sent_to_a_pipe_keeps_its_cells_whole(demo_db: Path) -> None:
    # An explicit environment: the C-level one pytest's process hands down holds COLUMNS=80.
    environment = {name: value for name, value in os.environ.items() if name != "COLUMNS"}
    table = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "hits", "--db", str(demo_db)], env=environment,
                           capture_output=True, text=True, check=True).stdout
    assert all(f"│ {notice_id} " in table for notice_id in DEMO_HITS)  # not wrapped as at 80 columns
    assert max(map(len, table.splitlines())) > 80


def test_show_prints_a_notice_whole_with_its_archived_files(demo_db: Path) -> None:
    text = tenderwatch("show", "ccgp:25105276", "--db", str(demo_db)).stdout
    for expected in ("青岚医科大学生物信息学平台算力服务采购项目竞争性磋商公告", "QLYK-CS-2025-0033", "remote_access",
                     "附件1：采购需求书.pdf", "line items", "卡时", "archived files"):
        assert expected in text
    detail = json.loads(tenderwatch("show", "ccgp:25105276", "--db", str(demo_db), "--json").stdout)
    assert detail["evidence"][0]["where"] == "attachment 附件1：采购需求书.pdf p.2"
    assert [a["name"] for a in detail["attachments"]] == ["附件1：采购需求书.pdf", "附件2：响应文件格式.docx"]
    assert detail["line_items"][0]["source"] == "附件1：采购需求书.pdf" and detail["line_items"][0]["page"] == 2
    raw_root = demo_db.parent / "raw"
    for doc in detail["documents"]:
        path = Path(doc["raw_path"])
        assert path == raw_root / doc["sha256"][:2] / doc["sha256"][2:4] / doc["sha256"]
        assert doc["raw_present"] and path.stat().st_size == doc["size"]
    assert {d["kind"] for d in detail["documents"]} == {"detail", "attachment"}


def test_show_an_unknown_notice_is_one_clear_line(demo_db: Path) -> None:
    result = tenderwatch("show", "ccgp:nope", "--db", str(demo_db), check=False)
    assert result.returncode == 2 and "no notice 'ccgp:nope'" in result.stderr


def test_views_answer_researchers_questions(demo_db: Path) -> None:
    with connect(demo_db, read_only=True) as con:
        buyers = {r["name"]: r for r in records(con, "SELECT * FROM v_buyers")}
        items = records(con, "SELECT * FROM v_line_items WHERE notice_id = 'ccgp:25105276' ORDER BY seq")
        suppliers = records(con, "SELECT * FROM v_suppliers ORDER BY notice_id")
        labels = dict(con.execute("SELECT label, count(*) FROM v_notices GROUP BY label").fetchall())
    dongchuan = [DEMO_NOTICES[i] for i in demo_hits_where(lambda hit, n: n.buyer == "东川大学")]
    assert buyers["东川大学"]["hits"] == len(dongchuan) >= 1
    assert buyers["东川大学"]["hit_amount_cny"] == sum(map(amount_cny, dongchuan))
    assert buyers["澄江市气象局"]["hits"] == 0 and buyers["澄江市气象局"]["buyer_type"] == "government"
    xinghai = [n for n in DEMO_NOTICES.values() if n.buyer == "星海大学"]
    assert str(buyers["星海大学"]["first_seen"]) == str(min(n.day for n in xinghai))
    assert buyers["星海大学"]["regions"] == sorted({n.region for n in xinghai})
    assert [i["name"] for i in items] == ["GPU算力服务", "并行存储服务", "运维保障服务"]
    assert {i["source"] for i in items} == {"附件1：采购需求书.pdf"}
    assert ("ccgp:25106630", "东川云智科技有限公司", 7_650_000.0) in {(s["notice_id"], s["supplier"], s["amount_cny"])
                                                               for s in suppliers}
    assert labels == {**Counter(hit.label for hit in DEMO_HITS.values()), "none": len(DEMO_NOTICES) - len(DEMO_HITS)}


def test_query_runs_select_and_refuses_writes_in_one_line(demo_db: Path) -> None:
    result = tenderwatch("query", "SELECT name, hits FROM v_buyers WHERE hits > 0 ORDER BY name", "--db", str(demo_db),
                         "--format", "json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["name"]: r["hits"] for r in rows} == Counter(DEMO_NOTICES[i].buyer for i in DEMO_HITS)
    csv_out = tenderwatch("query", "SELECT chips FROM v_hits WHERE notice_id = 'ccgp:25106630'", "--db", str(demo_db),
                          "--format", "csv").stdout
    assert "H800" in csv_out
    for sql, message in (("DELETE FROM hits", "read-only: only SELECT is allowed, not DELETE"),
                         ("UPDATE notices SET buyer = 'x'", "not UPDATE"),
                         ("SELECT 1; DROP TABLE hits", "one statement at a time"),
                         ("SELECT * FROM v_nothing", "v_nothing"),
                         ("SELEKT 1", "syntax error")):
        bad = tenderwatch("query", sql, "--db", str(demo_db), check=False)
        assert bad.returncode == 2, sql
        assert message in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    with connect(demo_db, read_only=True) as con:
        assert records(con, "SELECT count(*) AS n FROM hits")[0]["n"] == len(DEMO_HITS)
