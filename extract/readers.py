"""Readers for the file formats notices come in: HTML, PDF, DOCX, XLSX, TXT.

Each reader turns bytes into a :class:`DocumentText` (pages of text, tables, line items) or a
DocumentText whose ``error`` says in one line why the file could not be read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from extract.encoding import decode_bytes
from extract.items import line_items_from_table
from extract.records import DocumentText, Page

TABLE_HINT = re.compile(r"数量|规格|型号|单价|技术参数|品目|标的名称|序号")


def _table_line_items(doc: DocumentText, table: list[list[str]], page: int | None) -> None:
    doc.tables.append(table)
    doc.line_items.extend(line_items_from_table(table, doc.name, page=page, table_no=len(doc.tables)))


def read_pdf(data: bytes, name: str) -> DocumentText:
    """PDF text per page with pypdfium2; tables with pdfplumber, only on pages whose text suggests one."""
    import pypdfium2 as pdfium

    doc = DocumentText(name=name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        doc.error = f"unreadable PDF ({exc})"
        return doc
    table_pages = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage().get_text_range().replace("\r\n", "\n")
            doc.pages.append(Page(number=index + 1, text=text))
            if TABLE_HINT.search(text):
                table_pages.append(index)
    finally:
        pdf.close()
    if table_pages:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for index in table_pages:
                for table in plumber.pages[index].extract_tables():
                    rows = [[(c or "").replace("\n", "") for c in row] for row in table if any(row)]
                    if rows:
                        _table_line_items(doc, rows, index + 1)
    return doc


def read_docx(data: bytes, name: str) -> DocumentText:
    """DOCX paragraphs and tables, in document order, as one page."""
    import docx

    doc = DocumentText(name=name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        doc.error = f"unreadable DOCX ({exc})"
        return doc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(text.strip())
        elif tag == "tbl":
            table = docx.table.Table(child, document)
            rows = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    value = cell.text.strip().replace("\n", " ")
                    if not cells or value != cells[-1]:  # merged cells repeat
                        cells.append(value)
                rows.append(cells)
            lines.extend(" | ".join(c for c in row if c) for row in rows if any(row))
            _table_line_items(doc, rows, None)
    doc.pages.append(Page(number=0, text="\n".join(lines)))
    return doc


def read_xlsx(data: bytes, name: str) -> DocumentText:
    """Each sheet of a workbook as a page of ' | '-joined rows, and as a table."""
    import openpyxl

    doc = DocumentText(name=name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        doc.error = f"unreadable XLSX ({type(exc).__name__}: {exc})"
        return doc
    for number, sheet in enumerate(book.worksheets, start=1):
        rows = []
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).strip() for v in row]
            if any(cells):
                rows.append(cells)
        doc.pages.append(Page(number=number, text="\n".join(" | ".join(c for c in r if c) for r in rows)))
        if rows:
            _table_line_items(doc, rows, number)
    book.close()
    return doc


def read_txt(data: bytes, name: str) -> DocumentText:
    """Plain text (any Chinese encoding); form feeds split pages."""
    text, _ = decode_bytes(data)
    chunks = text.split("\f")
    pages = [Page(number=i + 1 if len(chunks) > 1 else 0, text=chunk) for i, chunk in enumerate(chunks)]
    return DocumentText(name=name, pages=pages)


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
        _table_line_items(doc, table, None)
    return doc


READERS: dict[str, Callable[[bytes, str], DocumentText]] = {
    "pdf": read_pdf, "docx": read_docx, "xlsx": read_xlsx, "txt": read_txt,
    "html": read_html_document, "htm": read_html_document,
}


def sniff_format(data: bytes, name: str) -> str | None:
    """The format of a file from its magic bytes, falling back to its extension."""
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "zip"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in READERS:
        return ext
    sample = data[:2048].lower()
    if b"<html" in sample or b"<!doctype" in sample or b"<div" in sample:
        return "html"
    return None


def read_document(data: bytes, name: str) -> DocumentText:
    """Read any supported file; unsupported or damaged files come back with ``error`` set."""
    if not data:
        return DocumentText(name=name, error="empty file")
    fmt = sniff_format(data, name)
    reader = READERS.get(fmt or "")
    if reader is None:
        return DocumentText(name=name, error=f"unsupported format ({fmt or 'unknown'})")
    try:
        return reader(data, name)
    except Exception as exc:  # a reader bug must not lose the document: record it
        return DocumentText(name=name, error=f"{fmt} reader failed: {type(exc).__name__}: {exc}")
