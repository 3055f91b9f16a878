"""Label/value pairs from a notice's lines and tables, each with the section and the lot it sits in.

Notices write their fields as ``label：value`` — one per line, several on a line (``供应商名称：X　　供应商地址：Y``),
after a numbering (``一、`` ``2.3`` ``（一）``), in a table cell, or as a table row of label and value cells. The
contact blocks of the national templates (``1.采购人信息 / 名 称：…``) give generic labels (名称, 地址, 联系方式)
whose meaning comes from the heading above them; the result blocks give ``标包：A`` before each lot's winner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.amounts import nfkc
from extract.labels import field_for_label, normal_label, section_of_heading


@dataclass
class Pair:
    """One ``label：value`` of a notice, with the section (buyer, agency, project, supplier) and lot around it."""

    label: str
    value: str
    section: str | None = None
    lot: str | None = None

    @property
    def field(self) -> str | None:
        return field_for_label(self.label)


NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节条部分]\s*|[（(][一二三四五六七八九十\d]{1,3}[)）]\s*|"
    r"[一二三四五六七八九十]{1,3}\s*[、.．]\s*|\d{1,2}(?:\.\d{1,2}){0,3}\s*[、.．]?\s+|\d{1,2}(?:\.\d{1,2}){0,3}\s*[、．]\s*|"
    r"\d{1,2}\.(?!\d)\s*|[①②③④⑤⑥⑦⑧⑨⑩]\s*)"
)
PAGE_MARK = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|[-—]\s*\d+\s*[-—]|\d+\s*/\s*\d+|"
                       r"Page \d+(?: of \d+)?)\s*$", re.I)
TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十百\d]+[章节部分])")
# A colon that ends a label: not inside a time (09:30) or a URL (http://).
_COLON = re.compile(r"(?<!\d)[：:](?!//)|(?<=\d)：")
_LABEL_TEXT = re.compile(r"^[^\s：:；;，,。|]{2,24}$")
_GAP = re.compile(r"[；;]\s*|\s{2,}|\u3000+|\s(?=\S{1,16}[：:])")
_LOT_IN_TEXT = re.compile(
    r"(?:第\s*([一二三四五六七八九十\d]+)\s*(?:包|标段|标包|合同包|分包|标项)|(?:标包|合同包|包号|分包|标段|采购包|标项)\s*[：:]?\s*([A-Za-z\d一二三四五六七八九十]+))"
)


def strip_numbering(text: str) -> str:
    """A line without its outline number ('2.3 最高投标限价：…' -> '最高投标限价：…')."""
    return NUMBERING.sub("", text, count=1)


def _segments(cell: str) -> list[str]:
    """Split a cell where a new ``label：`` starts after a gap (；, two spaces, a full-width space).

    A single space splits too when a known label follows ('采购人：X 地址：Y'); '名　　称：X' stays whole.
    """
    out, start = [], 0
    for gap in _GAP.finditer(cell):
        rest = cell[gap.end():]
        colon = _COLON.search(rest)
        if not colon or gap.start() <= start:
            continue
        label = rest[:colon.start()]
        if not _LABEL_TEXT.match(label):
            continue
        if gap.group(0) == " " and field_for_label(strip_numbering(label)) is None:
            continue
        out.append(cell[start:gap.start()])
        start = gap.end()
    out.append(cell[start:])
    return [s.strip() for s in out if s.strip()]


def _split_pair(segment: str) -> tuple[str, str] | None:
    """('label', 'value') of one segment, or None when it is not a label/value pair."""
    body = strip_numbering(segment)
    colon = _COLON.search(body)
    if not colon:
        return None
    label = body[:colon.start()].strip()
    if not label or len(normal_label(label)) > 24 or re.search(r"[，,。；;|]", label):
        return None
    if re.fullmatch(r"[\d\s.]+", label):
        return None
    return label, body[colon.end():].strip()


class PairReader:
    """Reads lines in order, keeping the section and lot that headings and lot labels open."""

    def __init__(self) -> None:
        self.section: str | None = None
        self.lot: str | None = None
        self.pairs: list[Pair] = []

    def _heading(self, text: str) -> None:
        stripped = strip_numbering(text)
        if TOP_HEADING.match(text):
            self.lot = None
        lot = _LOT_IN_TEXT.search(stripped)
        if lot and len(stripped) <= 30:
            self.lot = lot.group(1) or lot.group(2)
        if len(stripped) <= 30 and not stripped.endswith("。"):
            self.section = section_of_heading(stripped)

    def _add(self, label: str, value: str) -> None:
        field = field_for_label(label)
        if field is None and section_of_heading(label) and len(normal_label(label)) <= 12:
            # '1.采购人信息：名称：X；地址：Y' — the label opens a section and the value holds its pairs
            self.section = section_of_heading(label)
            inner = _split_pair(value)
            if inner:
                self._add(*inner)
            return
        if field == "lot":
            self.lot = re.sub(r"\s+", "", value)[:12] or None
        elif field in ("buyer", "agency", "supplier"):
            self.section = field
        if value:
            self.pairs.append(Pair(label, value, self.section, self.lot))

    def line(self, line: str) -> None:
        """Read one line of text (table rows come as cells joined by ' | ')."""
        if not line.strip() or PAGE_MARK.match(line):
            return  # a page footer between a heading and its fields changes nothing
        cells = [c for c in nfkc_pipes(line).split(" | ")]
        for cell in cells:
            segments = _segments(cell)
            for n, segment in enumerate(segments):
                pair = _split_pair(segment)
                if pair is None:
                    if len(cells) == 1 and n == 0:
                        self._heading(segment)
                    continue
                label, value = pair
                if not value and len(cells) == 1 and len(segments) == 1:
                    self._heading(label)
                    continue
                self._add(label, value)

    def table(self, rows: list[list[str]]) -> None:
        """Read a table whose rows alternate label and value cells (a grid with a header row gives nothing)."""
        widths = {len(row) for row in rows}
        if len(rows) >= 2 and len(widths) == 1 and widths.pop() >= 3 and \
                sum(field_for_label(row[0]) is not None for row in rows) < len(rows) / 2:
            return
        for row in rows:
            if 2 <= len(row) <= 4 and len(row) % 2 == 0:
                for i in range(0, len(row), 2):
                    label, value = row[i].strip().rstrip("：:"), row[i + 1].strip()
                    if label and value and len(normal_label(label)) <= 20 and field_for_label(value) is None \
                            and not _COLON.search(label):
                        self._add(label, value)


def nfkc_pipes(line: str) -> str:
    """Full-width pipes (text tables written with ｜) as the ' | ' cell separator."""
    return re.sub(r"\s*[｜]\s*", " | ", line) if "｜" in line else line


def pairs_from(text: str, tables: list[list[list[str]]] = ()) -> list[Pair]:
    """Every label/value pair of a text (line by line) and of its label/value tables."""
    reader = PairReader()
    for rows in tables:
        reader.table(rows)
    reader.section, reader.lot = None, None
    for line in text.splitlines():
        reader.line(line)
    return reader.pairs


def lot_in(text: str) -> str | None:
    """The lot a text names ('第二包', '标包A', '合同包1'), or None."""
    match = _LOT_IN_TEXT.search(nfkc(text))
    return (match.group(1) or match.group(2)) if match else None
