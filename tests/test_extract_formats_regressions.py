"""Regressions in reading attachment formats, one test per bug, each with the file shape that showed it."""

from __future__ import annotations

import io
import zipfile

from extract.readers import read_attachment, sniff_format
from replay.ccgp import SITE_DIR


def test_a_stored_zip_of_a_pdf_is_a_zip_not_a_pdf() -> None:
    # A ZIP written without compression holds the member's bytes, "%PDF" included, near its start.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.write(SITE_DIR / "files" / "qinglan-requirements.pdf", "附件1：采购需求书.pdf")
    data = buffer.getvalue()
    assert sniff_format(data, "采购文件.zip") == "zip"
    [member] = read_attachment(data, "采购文件.zip")
    assert member.name == "采购文件.zip/附件1：采购需求书.pdf" and member.part == "附件1：采购需求书.pdf"
    assert "H800" in member.text


def test_a_long_text_file_without_a_known_extension_is_text_in_either_encoding() -> None:
    # the sniffing sample is cut at 4 KB, often inside a character; cut at a newline it decodes cleanly
    lines = "".join(f"{n}. 采购人：汀州医科大学，预算金额：{n}万元。\n" for n in range(400))
    for encoding in ("utf-8", "gb18030"):
        assert sniff_format(lines.encode(encoding), "notice.dat") == "txt"
