"""Reading attachment files of any format the portals publish into :class:`DocumentText`.

The format comes from the bytes (magic numbers, the streams of an OLE2 file, the parts of a ZIP), not from
the name, which portals often get wrong (a ``.doc`` that is HTML, a ``.pdf`` link that serves a ZIP). A
file that cannot be read comes back with ``error`` set to one line saying why; nothing here raises.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from extract.archives import read_archive
from extract.encoding import decode_bytes
from extract.items import line_items_from_table, text_tables
from extract.office import read_doc, read_docx, read_xls, read_xlsx
from extract.options import DEFAULT_OPTIONS, ReadOptions
from extract.pdf import read_pdf
from extract.records import DocumentText, Page

ARCHIVES = ("zip", "rar", "7z")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_txt(data: bytes, name: str) -> DocumentText:
    """Plain text (any Chinese encoding); form feeds split pages; pipe-drawn tables are tables."""
    text, _ = decode_bytes(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    doc = DocumentText(name=name, pages=[Page(number=i + 1 if len(chunks) > 1 else 0, text=chunk)
                                         for i, chunk in enumerate(chunks)])
    for page in doc.pages:
        for rows in text_tables(page.text):
            doc.tables.append(rows)
            doc.line_items.extend(line_items_from_table(rows, name, page=page.number or None,
                                                        table_no=len(doc.tables)))
    return doc


def read_html_document(data: bytes, name: str) -> DocumentText:
    """An HTML file read as a document (its main text and tables)."""
    from extract.html import parse_html

    doc = DocumentText(name=name)
    try:
        page = parse_html(data)
    except ValueError as exc:
        doc.error = str(exc)
        return doc
    doc.pages.append(Page(number=0, text=page.text))
    for table in page.tables:
        doc.tables.append(table)
        doc.line_items.extend(line_items_from_table(table, name, table_no=len(doc.tables)))
    return doc


READERS: dict[str, Callable[[bytes, str], DocumentText]] = {
    "docx": read_docx, "xlsx": read_xlsx, "xls": read_xls, "doc": read_doc, "txt": read_txt,
    "html": read_html_document, "htm": read_html_document,
}
_EXTENSIONS = {"wps": "doc", "et": "xls", "text": "txt", "csv": "txt", "shtml": "html"}
_NOT_SUPPORTED = {b"%!PS": "postscript", b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"GIF8": "gif"}


def _ole2_kind(data: bytes) -> str | None:
    """doc (Word, WPS) or xls (Excel, WPS sheets) from the stream names in an OLE2 file's directory."""
    head = data[:1 << 20]
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "xls"
    return None


def sniff_format(data: bytes, name: str) -> str | None:
    """The format of a file from its magic bytes, falling back to its extension."""
    head = data[:8]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"  # damaged: the ZIP reader says how
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
        return "zip"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if b"%PDF" in data[:1024]:  # after the archive magics: a stored ZIP of a PDF holds "%PDF" near its start
        return "pdf"
    if head.startswith(_OLE2):
        return _ole2_kind(data) or _EXTENSIONS.get(ext, ext) or "ole2"
    for magic, kind in _NOT_SUPPORTED.items():
        if head.startswith(magic):
            return kind
    if head.startswith(b"{\\rtf"):
        return "rtf"
    sample = data[:2048].lower()
    if b"<html" in sample or b"<!doctype html" in sample or b"<div" in sample or b"<body" in sample:
        return "html"
    if ext in READERS or ext in _EXTENSIONS:
        return _EXTENSIONS.get(ext, ext)
    return "txt" if _looks_like_text(data) else None


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return False
    if len(data) > len(sample) and sample.rfind(b"\n") > 0:
        sample = sample[:sample.rfind(b"\n")]  # no multibyte character holds a newline byte: a clean cut
    text, _ = decode_bytes(sample)
    # a sample without a newline may still end inside a character: a replacement or two is the cut, not garbage
    return text.count("\ufffd") <= 2 and sum(c.isprintable() or c.isspace() for c in text) > 0.95 * len(text)


def read_document(data: bytes, name: str, options: ReadOptions = DEFAULT_OPTIONS) -> DocumentText:
    """Read one file that is not an archive; unsupported or damaged files come back with ``error`` set."""
    if not data:
        return DocumentText(name=name, error="empty file")
    fmt = sniff_format(data, name)
    try:
        if fmt == "pdf":
            return read_pdf(data, name, options)
        reader = READERS.get(fmt or "")
        if reader is None:
            return DocumentText(name=name, error=f"unsupported format ({fmt or 'unknown'})")
        return reader(data, name)
    except Exception as exc:  # a reader bug must not lose the document: record it
        return DocumentText(name=name, error=f"{fmt} reader failed: {type(exc).__name__}: {exc}")


def read_attachment(data: bytes, name: str, options: ReadOptions = DEFAULT_OPTIONS) -> list[DocumentText]:
    """Read an attachment: one DocumentText, or one per member of an archive (``part`` = its path inside)."""
    fmt = sniff_format(data, name) if data else None
    if fmt not in ARCHIVES:
        return [read_document(data, name, options)]
    documents = read_archive(data, name, fmt, read_document, options)
    for doc in documents:
        if doc.name.startswith(name + "/"):
            doc.part = doc.name[len(name) + 1:]
    return documents or [DocumentText(name=name, error="empty archive")]
