"""Bad input gets a recorded error on its document and the run goes on (fixtures: fixtures/extract/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from extract.detail import notice_from_detail
from extract.readers import read_attachment
from store.db import connect, records
from store.loader import doc_id_for
from store.raw import RawStore
from tenderwatch.pipeline import extract_pending, pending_extraction
from tests.conftest import FIXTURES

EXTRACT = FIXTURES / "extract"


def fixture(name: str) -> bytes:
    return (EXTRACT / name).read_bytes()


def test_a_gbk_page_declared_utf8_is_decoded_by_its_real_encoding() -> None:
    notice = notice_from_detail(fixture("gbk_declared_utf8.html"), source="ccgp")
    assert notice.title == "溪宁市第三中学录播教室设备采购项目询价公告"
    assert (notice.buyer, notice.budget_cny, notice.notice_type) == ("溪宁市第三中学", 380_000, "inquiry")


@pytest.mark.parametrize("name, error", [
    ("js_shell.html", "page holds no notice text (a JavaScript shell or an empty body)"),
    ("empty.html", "empty page"),
])
def test_pages_without_a_notice_say_so(name: str, error: str) -> None:
    notice = notice_from_detail(fixture(name), source="zcy_zhejiang", listing={"title": "从列表页得到的标题"})
    assert notice.errors == [error] and notice.title in ("从列表页得到的标题", "政府采购网")


@pytest.mark.parametrize("name, error", [
    ("encrypted.pdf", "encrypted PDF (it needs a password)"),
    ("truncated.pdf", "corrupt or truncated PDF"),
    ("corrupt.pdf", "corrupt or truncated PDF"),
])
def test_damaged_pdfs_get_an_error(name: str, error: str) -> None:
    [doc] = read_attachment(fixture(name), name)
    assert doc.error.startswith(error) and not doc.pages


def test_malformed_json_is_an_error_not_a_crash() -> None:
    notice = notice_from_detail(b'{"result": {"data": {"title": "x", "content": ', source="zcy_zhejiang",
                                listing={"title": "列表标题"})
    assert notice.errors[0].startswith("unreadable JSON") and notice.title == "列表标题"


LONG_PDF = """
import json, sys
from reportlab.pdfgen import canvas
from extract.readers import read_attachment
path = sys.argv[1]
pdf = canvas.Canvas(path)
for n in range(2000):
    pdf.drawString(72, 760, f"page {n + 1} of a very long tender document")
    pdf.showPage()
pdf.save()
[doc] = read_attachment(open(path, "rb").read(), "long.pdf")
# VmHWM is this process's own peak; ru_maxrss would also count the parent's memory copied at fork.
peak_kb = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1])
print(json.dumps({"pages": len(doc.pages), "error": doc.error, "last": doc.pages[-1].text.strip(),
                  "peak_mb": peak_kb // 1024}))
"""


def test_a_2000_page_pdf_is_read_page_by_page_in_little_memory(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", LONG_PDF, str(tmp_path / "long.pdf")], capture_output=True,
                            text=True, check=True, timeout=300)
    read = json.loads(result.stdout)
    assert (read["pages"], read["error"], read["last"]) == (2000, None, "page 2000 of a very long tender document")
    assert read["peak_mb"] < 500


def _store_documents(db: Path, raw: RawStore, docs: list[dict]) -> None:
    rows = []
    for doc in docs:
        sha = raw.put(doc.pop("data"))
        rows.append({"doc_id": doc_id_for(doc["url"], sha), "sha256": sha, "size": 0, "fetched_at": datetime.now(),
                     "http_status": 200, "content_type": None, "name": None, "listing": None, **doc})
    frame = pd.DataFrame(rows)
    with connect(db) as con:
        con.register("incoming", frame)
        con.execute("INSERT INTO documents BY NAME SELECT * EXCLUDE (listing), CAST(listing AS JSON) AS listing "
                    "FROM incoming")
        con.unregister("incoming")


def test_the_extract_stage_records_each_documents_error_and_goes_on(db: Path) -> None:
    raw = RawStore(db.parent / "raw")
    base = "http://127.0.0.1/portal"
    _store_documents(db, raw, [
        {"url": f"{base}/a.htm", "data": fixture("ccgp_zcy_template_award.html"), "source": "ccgp", "kind": "detail",
         "notice_id": "ccgp:a"},
        {"url": f"{base}/a-1.pdf", "data": fixture("encrypted.pdf"), "source": "ccgp", "kind": "attachment",
         "notice_id": "ccgp:a", "name": "附件.pdf"},
        {"url": f"{base}/a-2.zip", "data": fixture("attachments_gbk_names.zip"), "source": "ccgp",
         "kind": "attachment", "notice_id": "ccgp:a", "name": "招标文件.zip"},
        {"url": f"{base}/a-3.zip", "data": fixture("bomb.zip"), "source": "ccgp", "kind": "attachment",
         "notice_id": "ccgp:a", "name": "bomb.zip"},
        {"url": f"{base}/b.htm", "data": fixture("empty.html"), "source": "gpcms_x", "kind": "detail",
         "notice_id": "gpcms:b", "listing": json.dumps({"title": "列表页的标题", "buyer": "溪宁大学"})},
        {"url": f"{base}/c.htm", "data": fixture("js_shell.html"), "source": "zcy_x", "kind": "detail",
         "notice_id": "zcy:c"},
        {"url": f"{base}/d.json", "data": fixture("gpcms_getinfobyid_award.json"), "source": "gpcms_guangdong",
         "kind": "detail", "notice_id": "gpcms:d", "content_type": "application/json"},
    ])
    with connect(db) as con:
        result = extract_pending(con, raw)
        assert result.done == 4 and result.errors == 4  # the encrypted PDF, the bomb, the empty and the JS shell
        notices = {r["notice_id"]: r for r in records(con, "SELECT * FROM notices")}
        errors = dict(con.execute("SELECT url, error FROM documents WHERE error IS NOT NULL").fetchall())
        parts = con.execute("SELECT DISTINCT part FROM attachment_pages ORDER BY part").fetchall()
        items = records(con, "SELECT name, part, page, row_no FROM line_items WHERE notice_id = 'ccgp:a' "
                             "AND name = 'GPU服务器'")
        assert pending_extraction(con) == []
    assert set(notices) == {"ccgp:a", "gpcms:b", "zcy:c", "gpcms:d"}
    assert notices["ccgp:a"]["award_cny"] == 569_800 and notices["ccgp:a"]["error"] is None
    assert notices["gpcms:b"]["error"] == "empty page" and notices["gpcms:b"]["title"] == "列表页的标题"
    assert notices["gpcms:d"]["method"] == "公开招标"
    assert errors == {
        f"{base}/a-1.pdf": "encrypted PDF (it needs a password)",
        f"{base}/a-3.zip": "member unpacks to more than 150 MB (a zip bomb?)",
        f"{base}/b.htm": "empty page",
        f"{base}/c.htm": "page holds no notice text (a JavaScript shell or an empty body)",
    }
    assert ("技术要求.pdf",) in parts and ("nested.zip/forms/报价单.docx",) in parts
    assert items == [{"name": "GPU服务器", "part": "技术要求.pdf", "page": 5, "row_no": 70}]
