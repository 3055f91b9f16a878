"""Office attachments: DOCX (python-docx), XLSX (openpyxl), XLS (xlrd), and DOC/WPS (antiword, then catdoc).

Every table becomes rows of cell texts (a merged cell repeated over the columns it spans, so columns line up
with the header) and, when its header names items, line items. A sheet is a page.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile

from extract.items import line_items_from_table, text_tables
from extract.records import DocumentText, Page

MAX_SHEET_ROWS = 20_000


def _add_table(doc: DocumentText, rows: list[list[str]], page: int | None) -> None:
    doc.tables.append(rows)
    doc.line_items.extend(line_items_from_table(rows, doc.name, page=page, table_no=len(doc.tables)))


def read_docx(data: bytes, name: str) -> DocumentText:
    """DOCX paragraphs and tables, in document order, as one page."""
    import docx
    from docx.table import Table

    doc = DocumentText(name=name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        doc.error = f"unreadable DOCX ({exc})"
        return doc
    lines: list[str] = []

    def table_rows(table: Table) -> list[list[str]]:
        rows = []
        for row in table.rows:
            cells, unique = [], []
            for cell in row.cells:
                cells.append(" ".join(cell.text.split()))
                if not unique or unique[-1]._tc is not cell._tc:  # a merged cell comes once per column it spans
                    unique.append(cell)
            lines.append(" | ".join(" ".join(c.text.split()) for c in unique if c.text.strip()))
            rows.append(cells)
            for cell_table in (t for cell in unique for t in cell.tables):
                _add_table(doc, table_rows(cell_table), None)
        return rows

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.strip():
                lines.append(text.strip())
        elif tag == "tbl":
            rows = table_rows(Table(child, document))
            if rows:
                _add_table(doc, rows, None)
    doc.pages.append(Page(number=0, text="\n".join(line for line in lines if line)))
    return doc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _add_sheet(doc: DocumentText, number: int, title: str, rows: list[list[str]]) -> None:
    rows = [row for row in rows if any(row)]
    text = "\n".join(" | ".join(c for c in row if c) for row in rows)
    doc.pages.append(Page(number=number, text=f"{title}\n{text}" if text else title))
    if rows:
        _add_table(doc, rows, number)


def read_xlsx(data: bytes, name: str) -> DocumentText:
    """Each sheet of a workbook as a page of ' | '-joined rows, and as a table."""
    import openpyxl

    doc = DocumentText(name=name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        doc.error = f"unreadable XLSX ({type(exc).__name__}: {exc})"
        return doc
    try:
        for number, sheet in enumerate(book.worksheets, start=1):
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append([_cell(v) for v in row])
                if len(rows) >= MAX_SHEET_ROWS:
                    doc.warnings.append(f"sheet {sheet.title} cut at {MAX_SHEET_ROWS} rows")
                    break
            _add_sheet(doc, number, sheet.title, rows)
    finally:
        book.close()
    return doc


def read_xls(data: bytes, name: str) -> DocumentText:
    """Each sheet of a legacy Excel workbook (.xls, WPS .et) as a page and a table."""
    import xlrd

    doc = DocumentText(name=name)
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error ... for damaged files
        doc.error = f"unreadable XLS ({type(exc).__name__}: {exc})"
        return doc
    try:
        for number in range(book.nsheets):
            sheet = book.sheet_by_index(number)
            rows = [[_cell(v) for v in sheet.row_values(r)] for r in range(min(sheet.nrows, MAX_SHEET_ROWS))]
            _add_sheet(doc, number + 1, sheet.name, rows)
            book.unload_sheet(number)
    finally:
        book.release_resources()
    return doc


def _run(command: list[str], timeout: float = 60) -> tuple[int, str, str]:
    result = subprocess.run(command, capture_output=True, timeout=timeout)
    return result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")


def read_doc(data: bytes, name: str) -> DocumentText:
    """Legacy Word (.doc) and WPS (.wps) text with antiword, or catdoc when antiword cannot read it."""
    doc = DocumentText(name=name)
    tools = [(tool, command) for tool, command in (
        ("antiword", ["antiword", "-m", "UTF-8.txt", "-w", "0"]), ("catdoc", ["catdoc", "-d", "utf-8", "-w"]),
    ) if shutil.which(tool)]
    if not tools:
        doc.error = "no reader for .doc/.wps (Debian: antiword or catdoc)"
        return doc
    fd, path = tempfile.mkstemp(suffix=".doc")
    problems = []
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        for tool, command in tools:
            try:
                code, out, err = _run([*command, path])
            except subprocess.TimeoutExpired:
                problems.append(f"{tool} timed out")
                continue
            if code == 0 and out.strip():
                text = out.replace("\r\n", "\n").replace("\r", "\n")
                pages = text.split("\f")
                doc.pages = [Page(number=i + 1 if len(pages) > 1 else 0, text=p.strip("\n")) for i, p in
                             enumerate(pages) if p.strip()]
                for rows in text_tables(text):
                    _add_table(doc, rows, None)
                return doc
            problems.append(f"{tool}: {(err.strip().splitlines() or ['no text'])[-1]}")
    finally:
        os.unlink(path)
    doc.error = "unreadable DOC/WPS (" + "; ".join(problems) + ")"
    return doc
