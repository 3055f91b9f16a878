"""``tenderwatch inspect --json``: the contract of DESIGN.md, on HTML and PDF, with errors per file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from replay.ccgp import SITE_DIR
from tests.conftest import tenderwatch
from tests.test_extract_ccgp import fetch_detail

NOTICE_KEYS = {"title", "notice_type", "buyer", "buyer_type", "agency", "project_code", "published", "budget_cny",
               "award_cny", "suppliers", "line_items"}
ITEM_KEYS = {"name", "spec", "quantity", "unit", "unit_price_cny", "total_cny"}
VERDICT_KEYS = {"label", "score", "chips", "providers", "evidence"}
ADDED_VERDICT_KEYS = {"amount_cny"}  # the contract grows only by added keys: an intention list's evidence-row budget


def test_inspect_json_follows_the_contract_file_by_file(ccgp, tmp_path: Path) -> None:
    server, site = ccgp
    html = tmp_path / "xinghai.html"
    html.write_bytes(fetch_detail(server, site, 25104387))
    pdf = tmp_path / "requirements.pdf"
    shutil.copy(SITE_DIR / "files" / "qinglan-requirements.pdf", pdf)
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    missing = tmp_path / "missing.txt"

    result = tenderwatch("inspect", str(html), str(corrupt), str(pdf), str(missing), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]

    assert [line["path"] for line in lines] == [str(html), str(corrupt), str(pdf), str(missing)]
    first, bad, second, absent = lines
    for ok in (first, second):
        assert set(ok) == {"path", "error", "notice", "verdict"} and ok["error"] is None
        assert set(ok["notice"]) == NOTICE_KEYS and set(ok["verdict"]) == VERDICT_KEYS | ADDED_VERDICT_KEYS
        assert all(set(item) == ITEM_KEYS for item in ok["notice"]["line_items"])
        assert all(set(e) == {"text", "where"} for e in ok["verdict"]["evidence"])
    for failed in (bad, absent):
        assert failed["error"] and failed["verdict"] is None
    assert absent["error"] == "no such file"

    assert first["notice"]["buyer"] == "星海大学" and first["notice"]["buyer_type"] == "university"
    assert first["notice"]["budget_cny"] == 3_600_000 and first["notice"]["published"] == "2025-09-08"
    assert first["verdict"]["label"] == "remote_access" and first["verdict"]["chips"] == ["A100"]

    assert second["verdict"]["label"] == "remote_access" and second["verdict"]["chips"] == ["H800"]
    assert any(e["where"] == "p.2" and "H800" in e["text"] for e in second["verdict"]["evidence"])
    assert {"name": "GPU算力服务", "quantity": 40000.0, "unit": "卡时", "unit_price_cny": 28.0,
            "total_cny": 1120000.0}.items() <= second["notice"]["line_items"][0].items()


def test_inspect_without_json_prints_the_verdict_and_evidence(tmp_path: Path) -> None:
    pdf = tmp_path / "requirements.pdf"
    shutil.copy(SITE_DIR / "files" / "qinglan-requirements.pdf", pdf)
    result = tenderwatch("inspect", str(pdf))
    assert "remote_access" in result.stdout and "H800" in result.stdout and "p.2" in result.stdout


def test_an_archive_is_read_as_a_notice_made_of_its_members(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "采购文件.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SITE_DIR / "files" / "qinglan-requirements.pdf", "附件1：采购需求书.pdf")
    [line] = [json.loads(x) for x in tenderwatch("inspect", str(archive), "--json").stdout.splitlines()]
    assert line["error"] is None
    assert line["verdict"]["label"] == "remote_access" and line["verdict"]["chips"] == ["H800"]
    assert any(e["where"].startswith("attachment 采购文件.zip/附件1：采购需求书.pdf") for e in line["verdict"]["evidence"])
