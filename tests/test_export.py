"""Exports: CSV, Parquet and XLSX of hits and notices, and OCDS release packages valid against the OCDS 1.1
schema (committed in tests/fixtures/ocds-1.1.5, see SOURCE.md there)."""

from __future__ import annotations

import copy
import csv
import json
from datetime import datetime
from pathlib import Path

import jsonschema
import openpyxl
import pandas as pd
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.conftest import DEMO_HITS, DEMO_NOTICES, FIXTURES, tenderwatch

SCHEMA = FIXTURES / "ocds-1.1.5"


@pytest.fixture(scope="module")
def ocds_validator() -> jsonschema.Draft4Validator:
    """The release package schema, with its $ref to the release schema resolved to the file beside it."""
    package = json.loads((SCHEMA / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((SCHEMA / "release-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(release["id"], Resource.from_contents(release, default_specification=DRAFT4))
    return jsonschema.Draft4Validator(package, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def export(db: Path, tmp_path: Path, what: str, fmt: str, *filters: str) -> Path:
    out = tmp_path / f"{what}.{ {'ocds': 'json'}.get(fmt, fmt) }"
    result = tenderwatch("export", what, "--format", fmt, "--out", str(out), "--db", str(db), *filters)
    assert result.stdout.startswith("wrote ") and out.exists()
    return out


def test_csv_of_hits_opens_in_excel_and_has_every_hit(demo_db: Path, tmp_path: Path) -> None:
    out = export(demo_db, tmp_path, "hits", "csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Chinese right
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert sorted(r["notice_id"] for r in rows) == sorted(DEMO_HITS)
    azure = next(r for r in rows if r["notice_id"] == "ccgp:25108455")
    assert azure["providers"] == "Azure;OpenAI" and azure["buyer"] == "云岭省人民医院"


def test_parquet_keeps_lists_and_evidence_structured(demo_db: Path, tmp_path: Path) -> None:
    frame = pd.read_parquet(export(demo_db, tmp_path, "hits", "parquet", "--chip", "H800"))
    assert sorted(frame["notice_id"]) == ["ccgp:25105276", "ccgp:25106630"]
    row = frame.set_index("notice_id").loc["ccgp:25105276"]
    assert list(row["chips"]) == ["H800"]
    assert row["evidence"][0]["where"] == "attachment 附件1：采购需求书.pdf p.2"


def test_xlsx_of_notices_has_a_row_per_notice_with_text(demo_db: Path, tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(export(demo_db, tmp_path, "notices", "xlsx")).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert sorted(r["notice_id"] for r in rows) == sorted(DEMO_NOTICES)
    assert {"label", "text", "buyer", "chips"} <= set(header)
    weather = next(r for r in rows if r["notice_id"] == "ccgp:25109102")
    assert weather["label"] == "none" and "自动气象站" in weather["text"]


def test_ocds_release_package_is_valid_and_maps_our_fields(demo_db: Path, tmp_path: Path,
                                                            ocds_validator: jsonschema.Draft4Validator) -> None:
    package = json.loads(export(demo_db, tmp_path, "notices", "ocds").read_text(encoding="utf-8"))
    errors = [f"{list(e.path)}: {e.message}" for e in ocds_validator.iter_errors(package)]
    assert errors == []
    assert package["version"] == "1.1" and sorted(r["id"] for r in package["releases"]) == sorted(DEMO_NOTICES)
    for release in package["releases"]:
        datetime.fromisoformat(release["date"])  # ISO 8601 with the +08:00 offset
        assert release["date"].endswith("+08:00")
    by_id = {r["id"]: r for r in package["releases"]}

    tender = by_id["ccgp:25104387"]
    assert tender["ocid"] == "ocds-tndrwt-ccgp-XHDX-2025-GK-0412" and tender["tag"] == ["tender"]
    assert tender["buyer"]["name"] == "星海大学"
    assert tender["tender"]["value"] == {"amount": 3_600_000.0, "currency": "CNY"}
    assert tender["tender"]["procurementMethod"] == "open" and tender["tender"]["procurementMethodDetails"] == "公开招标"
    assert tender["tender"]["items"][0]["quantity"] == 12 and tender["tender"]["items"][0]["unit"]["name"] == "月"
    assert tender["tender"]["tenderPeriod"]["endDate"] == "2025-09-29T09:30:00+08:00"
    assert tender["tenderwatch"]["label"] == "remote_access" and tender["tenderwatch"]["chips"] == ["A100"]
    roles = {p["name"]: p["roles"] for p in tender["parties"]}
    assert roles == {"星海大学": ["buyer"], "中澜国际招标有限公司": ["procuringEntity"]}

    award = by_id["ccgp:25106630"]
    assert award["tag"] == ["award"] and award["tender"]["status"] == "complete"
    assert award["awards"][0]["value"] == {"amount": 7_650_000.0, "currency": "CNY"}
    supplier = award["awards"][0]["suppliers"][0]
    assert supplier["name"] == "东川云智科技有限公司"
    assert {"id": supplier["id"], "name": supplier["name"], "roles": ["supplier"]} in award["parties"]

    assert by_id["ccgp:25112233"]["tag"] == ["tenderCancellation"]
    assert by_id["ccgp:25108455"]["tender"]["procurementMethod"] == "direct"


def test_the_ocds_check_catches_a_broken_release(demo_db: Path, tmp_path: Path,
                                                 ocds_validator: jsonschema.Draft4Validator) -> None:
    """The schema check is real: a currency outside the codelist and a missing ocid are caught."""
    package = json.loads(export(demo_db, tmp_path, "hits", "ocds", "--chip", "A100").read_text(encoding="utf-8"))
    assert not list(ocds_validator.iter_errors(package))
    broken = copy.deepcopy(package)
    broken["releases"][0]["tender"]["value"]["currency"] = "RMB"
    del broken["releases"][0]["ocid"]
    messages = " ".join(e.message for e in ocds_validator.iter_errors(broken))
    assert "'RMB' is not one of" in messages and "'ocid' is a required property" in messages


def test_export_needs_a_known_kind_format_and_out(demo_db: Path, tmp_path: Path) -> None:
    for args, message in ((("buyers", "--out", "x.csv"), "export hits or notices"),
                          (("hits", "--format", "pdf", "--out", "x.pdf"), "--format must be one of"),
                          (("hits", "--format", "csv"), "--out PATH is required")):
        result = tenderwatch("export", *args, "--db", str(demo_db), check=False)
        assert result.returncode == 2 and message in result.stderr
