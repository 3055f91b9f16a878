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
