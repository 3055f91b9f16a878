"""What reading attachments may cost: OCR on or off, and the limits on archives and big PDFs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    """Switches and limits for the attachment readers (the defaults suit a daily crawl)."""

    ocr: bool = True  # OCR scanned pages and pages whose text layer is garbage (Tesseract chi_sim)
    ocr_max_pages: int = 30  # per document; the rest is recorded as skipped
    ocr_dpi: int = 200
    table_max_pages: int = 400  # tables read from one PDF (a 2,000-page annex of price tables stops there)
    archive_max_depth: int = 3  # an archive inside an archive inside an archive
    archive_max_members: int = 500  # files read from one archive, all levels together
    archive_max_bytes: int = 300 * 2**20  # bytes unpacked from one archive, all levels together
    archive_member_max_bytes: int = 150 * 2**20  # bytes of one unpacked file


DEFAULT_OPTIONS = ReadOptions()
