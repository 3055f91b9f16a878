"""PDF attachments: text of every page fast, tables where a page has one, OCR where there is no usable text.

- Text: pypdfium2, page by page (~700 pages/s; pages are closed as they are read, so a 2,000-page file
  stays small in memory).
- Garbage check: the share of U+FFFD, private-use and control characters (a font without a usable
  ToUnicode map). Such pages are read again with pdfminer, and if still garbage, OCR'd.
- Scanned pages (an image and next to no text) are OCR'd with Tesseract when OCR is on.
- Tables: only on pages that draw enough ruling lines for one. pdfplumber's table finder runs over the
  ruling lines pdfium reads (its own PDF parsing is what makes pdfplumber slow), and each cell's text is
  pdfium's text inside the cell; a ruled page where that finds no table is read by pdfplumber itself. A
  table that runs onto the next page is joined to its start, its repeated header dropped, and every row
  keeps the page it is printed on.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass

from extract.items import line_items_from_table
from extract.options import DEFAULT_OPTIONS, ReadOptions
from extract.records import DocumentText, Page

GARBAGE_LIMIT = 0.15
TABLE_HINT = re.compile(r"序号|名称|数量|规格|型号|单价|参数|要求|金额")
_PATHS_FOR_TABLE = 6
_WRAPPED = re.compile(r"\n(?=[：:，,。；;、）)》”])")


def garbage_ratio(text: str) -> float:
    """Share of characters that no reader can use: '(cid:N)' codes, U+FFFD, private-use and control characters."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    bad = text.count("(cid:") * 6
    bad += sum(1 for c in visible if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or unicodedata.category(c) == "Cc")
    return min(1.0, bad / len(visible))


def _tidy(text: str) -> str:
    """Page text with Unix line ends, and a line that starts with closing punctuation joined to the one before
    (pdfium breaks '成交金额' / '：868,000.00元' where the PDF wrapped the line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _WRAPPED.sub("", text)


def _join_cell(text: str | None) -> str:
    """A table cell's lines joined: with a space between Latin words ('NVIDIA / A100'), without one elsewhere
    (Chinese, and numbers the cell wrapped: '400 / 00')."""
    parts = [p.strip() for p in (text or "").split("\n") if p.strip()]
    out = ""
    for part in parts:
        left, right = out[-1:], part[0]
        if left.isascii() and right.isascii() and left.isalnum() and right.isalnum() and \
                not (left.isdigit() and right.isdigit()):
            out += " "
        out += part
    return out


@dataclass
class _Found:
    page: int  # 1-based
    rows: list[list[str]]
    top: float  # share of the page height
    bottom: float
    first: bool  # the first table on its page
    last: bool


@dataclass
class _PageInfo:
    text: str
    paths: int
    images: int
    tables: list[_Found]


def _segments(obj, height: float) -> list[dict]:
    """The straight horizontal and vertical strokes of a path object, as pdfplumber edge dicts (top-down y)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    edges, start, previous = [], None, None

    def add(a: tuple[float, float], b: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = a, b
        if abs(y0 - y1) < 1 and abs(x1 - x0) >= 1:
            top = height - (y0 + y1) / 2
            edges.append({"x0": min(x0, x1), "x1": max(x0, x1), "top": top, "bottom": top, "width": abs(x1 - x0),
                          "height": 0, "orientation": "h", "object_type": "line"})
        elif abs(x0 - x1) < 1 and abs(y1 - y0) >= 1:
            edges.append({"x0": (x0 + x1) / 2, "x1": (x0 + x1) / 2, "top": height - max(y0, y1),
                          "bottom": height - min(y0, y1), "width": 0, "height": abs(y1 - y0), "orientation": "v",
                          "object_type": "line"})

    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (matrix.a * x.value + matrix.c * y.value + matrix.e, matrix.b * x.value + matrix.d * y.value + matrix.f)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and previous is not None:
            add(previous, point)
        previous = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
            add(point, start)
    return edges


class _Geometry:
    """What pdfplumber's TableFinder reads of a page: its box and its ruling edges (here from pdfium)."""

    def __init__(self, width: float, height: float, edges: list[dict]):
        self.bbox = (0, 0, width, height)
        self.edges = edges


def _tables_on_page(page, textpage, number: int, edges: list[dict]) -> list[_Found]:
    """Tables of one page: pdfplumber's table finder over the ruling lines pdfium read, cell text from pdfium."""
    from pdfplumber.table import TableFinder

    width, height = page.get_size()
    found = []
    tables = sorted(TableFinder(_Geometry(width, height, edges)).tables, key=lambda t: t.bbox[1])
    for k, table in enumerate(tables):
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell is None:
                    cells.append("")
                    continue
                x0, top, x1, bottom = cell
                text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
                cells.append(_join_cell(text.replace("\r\n", "\n")))
            if any(cells):
                rows.append(cells)
        if rows:
            found.append(_Found(number, rows, table.bbox[1] / height, table.bbox[3] / height, k == 0,
                                k == len(tables) - 1))
    return found


def _page_info(pdf, index: int, tables: bool) -> _PageInfo:
    """A page's text and objects; its tables too when ``tables`` and the page draws enough ruling lines."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            paths, images, edges = 0, 0, []
            height = page.get_height()
            for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
                kind = pdfium_c.FPDFPageObj_GetType(obj)
                if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                    paths += 1
                    if tables:
                        edges.extend(_segments(obj, height))
                images += kind == pdfium_c.FPDF_PAGEOBJ_IMAGE
            found = _tables_on_page(page, textpage, index + 1, edges) if tables and paths >= _PATHS_FOR_TABLE else []
        finally:
            textpage.close()
    finally:
        page.close()
    return _PageInfo(_tidy(text), paths, images, found)


def _open_error(exc: Exception) -> str:
    message = str(exc)
    if "password" in message.lower():
        return "encrypted PDF (it needs a password)"
    return f"corrupt or truncated PDF ({message})"


def _pdfminer_text(data: bytes, index: int) -> str:
    from pdfminer.high_level import extract_text

    return _tidy(extract_text(io.BytesIO(data), page_numbers=[index]))


def _ocr_page(pdf, index: int, dpi: int) -> str:
    from extract.ocr import ocr_png

    page = pdf[index]
    try:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ocr_png(buffer.getvalue())


def _find_tables(data: bytes, pages: list[int]) -> list[_Found]:
    """Tables of these (1-based) pages with pdfplumber, in page order, each with its place on the page."""
    import pdfplumber

    found: list[_Found] = []
    with pdfplumber.open(io.BytesIO(data), pages=pages) as plumber:
        for page in plumber.pages:
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            for k, table in enumerate(tables):
                rows = [[_join_cell(c) for c in row] for row in table.extract()]
                rows = [row for row in rows if any(row)]
                if rows:
                    found.append(_Found(page.page_number, rows, table.bbox[1] / page.height,
                                        table.bbox[3] / page.height, k == 0, k == len(tables) - 1))
            page.close()
    return found


def _squeezed(row: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in row]


def join_page_tables(found: list[_Found]) -> list[tuple[list[list[str]], list[int]]]:
    """Tables with their rows' pages; a table that goes on at the top of the next page with the same columns is
    one table, and a header row repeated there is dropped."""
    joined: list[tuple[list[list[str]], list[int]]] = []
    previous: _Found | None = None
    for table in found:
        continues = (previous is not None and table.page == previous.page + 1 and table.first and previous.last
                     and len(table.rows[0]) == len(previous.rows[0]) and table.top < 0.35 and previous.bottom > 0.6)
        if continues:
            rows, pages = joined[-1]
            new_rows = table.rows[1:] if _squeezed(table.rows[0]) == _squeezed(rows[0]) else table.rows
            rows.extend(new_rows)
            pages.extend([table.page] * len(new_rows))
        else:
            joined.append(([list(r) for r in table.rows], [table.page] * len(table.rows)))
        previous = table
    return joined


def read_pdf(data: bytes, name: str, options: ReadOptions = DEFAULT_OPTIONS) -> DocumentText:
    """A PDF's text page by page, its tables and their line items; problems are recorded, never raised."""
    import pypdfium2 as pdfium

    doc = DocumentText(name=name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        doc.error = _open_error(exc)
        return doc
    table_pages: list[int] = []  # ruled pages where pdfium's lines gave no table: pdfplumber reads them
    found: list[_Found] = []
    unreadable: list[int] = []  # 0-based: pages without usable text
    try:
        for index in range(len(pdf)):
            info = _page_info(pdf, index, tables=len(found) + len(table_pages) < options.table_max_pages)
            doc.pages.append(Page(number=index + 1, text=info.text))
            found.extend(info.tables)
            if info.paths >= _PATHS_FOR_TABLE and not info.tables and TABLE_HINT.search(info.text):
                table_pages.append(index + 1)
            visible = len(re.sub(r"\s", "", info.text))
            if garbage_ratio(info.text) > GARBAGE_LIMIT:
                text = _pdfminer_text(data, index)
                if garbage_ratio(text) <= GARBAGE_LIMIT and len(re.sub(r"\s", "", text)) >= visible // 2:
                    doc.pages[index].text = text
                else:
                    unreadable.append(index)
            elif visible < 15 and info.images:
                unreadable.append(index)
        _recognise(pdf, doc, unreadable, options)
    finally:
        pdf.close()
    if table_pages:
        found = sorted(found + _find_tables(data, table_pages), key=lambda t: (t.page, t.top))
    for number, (rows, pages) in enumerate(join_page_tables(found), start=1):
        doc.tables.append(rows)
        doc.line_items.extend(line_items_from_table(rows, name, table_no=number, row_pages=pages))
    if not any(p.text.strip() for p in doc.pages):
        doc.error = doc.error or ("PDF has no text layer and OCR is off" if unreadable and not options.ocr
                                  else "PDF has no readable text")
    return doc


def _recognise(pdf, doc: DocumentText, pages: list[int], options: ReadOptions) -> None:
    """OCR the pages without usable text, as far as the options allow; what is skipped is recorded, and the
    garbage of a page left unread is not passed on as its text."""
    from extract.ocr import OcrUnavailable

    if not pages:
        return
    left = list(pages)
    if not options.ocr:
        doc.warnings.append(f"{len(pages)} page(s) without a usable text layer; OCR is off")
    else:
        for done, index in enumerate(pages):
            if done >= options.ocr_max_pages:
                doc.warnings.append(f"OCR stopped after {options.ocr_max_pages} pages; {len(left)} page(s) left")
                break
            try:
                doc.pages[index] = Page(number=index + 1, text=_ocr_page(pdf, index, options.ocr_dpi), ocr=True)
            except (OcrUnavailable, OSError, subprocess.SubprocessError) as exc:
                doc.warnings.append(f"OCR failed: {exc}")
                break
            left.remove(index)
    for index in left:
        if garbage_ratio(doc.pages[index].text) > GARBAGE_LIMIT:
            doc.pages[index].text = ""
