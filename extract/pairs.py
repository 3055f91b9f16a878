"""Label/value pairs from a notice's lines and tables, each with the section and the lot it sits in.

Notices write their fields as ``label：value`` — one per line, several on a line (``供应商名称：X　　供应商地址：Y``),
after a numbering (``一、`` ``2.3`` ``（一）``), in a table cell, or as a table row of label and value cells. The
contact blocks of the national templates (``1.采购人信息 / 名 称：…``) give generic labels (名称, 地址, 联系方式)
whose meaning comes from the heading above them; the result blocks give ``标包：A`` before each lot's winner.
Text dumps also put a value on the line after its label (``招标人：`` / page footer / ``沅岭市水务集团有限公司``),
wrap a long line in the middle of a name, and draw label/value rows with pipes (``｜招标人｜X｜``); tables number
their rows (``1 | 采购人 | X``) or give a field as a column of a one-row grid (``最高限价（含税）`` over its value).
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
PAGE_MARK = re.compile(r"^\s*(?:[-—–－]*\s*第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?\s*[-—–－]*|"
                       r"[-—–－]+\s*\d+\s*[-—–－]+|\d+\s*/\s*\d+|Page \d+(?: of \d+)?)\s*$", re.I)  # 第1页, — 第 1 页 共 2 页 —
TOP_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十百\d]+[章节部分])")
# A colon that ends a label: not inside a time (09:30) or a URL (http://).
_COLON = re.compile(r"(?<!\d)[：:](?!//)|(?<=\d)：")
_LABEL_TEXT = re.compile(r"^[^\s：:；;，,。|]{2,24}$")
_GAP = re.compile(r"[；;]\s*|\s{2,}|\u3000+|\s(?=\S{1,16}[：:])")
MAX_NEXT_LINE_VALUE = 60  # a value written on the line after its label is short
HARD_WRAP = 30  # a dump's line at least this long that ends inside a word was wrapped, not ended
# Fields a one-row grid (a header row over one row of values) or a 合计 row gives.
GRID_FIELDS = ("buyer", "agency", "budget", "max_price", "project_code", "project_name")
MONEY_FIELDS = ("budget", "max_price")
_TOTAL_ROW = re.compile(r"合\s*计|总\s*计")
_CORRECTED_COLUMN = re.compile(r"(?:更正|修改|变更|调整)后")
_INDEX_HEADER = re.compile(r"序号|编号|NO\.?", re.I)
_INDEX_CELL = re.compile(r"\s*\d{1,3}\s*")
# Column names of a grid's header row (a label/value row has values, not these, in its odd cells).
_COLUMN_NAME = re.compile(r"序号|名称|数量|单位|单价|规格|型号|金额|总价|备注|时间|日期|期限|交货期|地点|内容|要求")
_CJK_END = re.compile(r"[\u4e00-\u9fff]$")
_CJK_START = re.compile(r"^[\u4e00-\u9fff]")
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
        self.pending: str | None = None  # a field label whose value may come on the next line

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
        pending, self.pending = self.pending, None
        if pending and len(cells) == 1 and len(line.strip()) <= MAX_NEXT_LINE_VALUE and not NUMBERING.match(line) \
                and (not _COLON.search(line) or _split_pair(line.strip()) is None):
            # 招标人： / 沅岭市水务集团有限公司; 三、预算金额 / 人民币228,000.00元（大写：贰拾贰万捌仟元整）
            self._add(pending, line.strip())
            return
        if not _COLON.search(line):
            filled = [c.strip() for c in cells if c.strip()]
            if len(filled) >= 2 and not _header_over_values(filled):
                self._row(filled)  # ｜招标人｜沅岭市水务集团有限公司｜
                return
        for cell in cells:
            segments = _segments(cell)
            for n, segment in enumerate(segments):
                pair = _split_pair(segment)
                if pair is None:
                    if len(cells) == 1 and n == 0:
                        self._heading(segment)
                        if len(segments) == 1 and NUMBERING.match(segment) \
                                and field_for_label(strip_numbering(segment)) not in (None, "lot", "name"):
                            self.pending = strip_numbering(segment)  # 三、预算金额 heading a section of one value
                    continue
                label, value = pair
                if not value and len(cells) == 1 and n == len(segments) - 1 \
                        and field_for_label(label) not in (None, "lot"):
                    self.pending = label  # 招标人： at a line's end: the value may be on the next line
                if not value and len(cells) == 1 and len(segments) == 1:
                    self._heading(label)
                    continue
                self._add(label, value)

    def table(self, rows: list[list[str]]) -> None:
        """Read a table whose rows alternate label and value cells (numbered or not), a correction table (the
        更正后 column), or a grid whose header row names fields over one row of values (or over a 合计 row, for the
        money)."""
        if rows and len(rows[0]) >= 3 and (_INDEX_HEADER.fullmatch(rows[0][0].strip()) or
                                           all(_INDEX_CELL.fullmatch(row[0]) for row in rows)):
            rows = [row[1:] for row in rows]  # 序号 | 采购人 | X, or 1 | 采购人 | X
        corrected = next((i for i, cell in enumerate(rows[0]) if _CORRECTED_COLUMN.search(cell)), 0) if rows else 0
        if corrected:  # 更正项 | 更正前 | 更正后: each row's field takes its corrected value
            for row in rows[1:]:
                if corrected < len(row) and row[0].strip() and row[corrected].strip():
                    self._add(row[0].strip(), row[corrected].strip())
            return
        widths = {len(row) for row in rows}
        width = widths.pop() if len(widths) == 1 else 0
        labelled = sum(field_for_label(row[0]) is not None for row in rows[1:])  # rows under the first
        if len(rows) >= 2 and width >= 3 and (width % 2 or _header_over_values(rows[0]) or labelled < (len(rows) - 1) / 2):
            self._grid(rows)
            return
        for row in rows:
            self._row(row)

    def _row(self, row: list[str]) -> None:
        """Label and value cells side by side: 采购人 | X (| 联系电话 | Y)."""
        if 2 <= len(row) <= 4 and len(row) % 2 == 0:
            for i in range(0, len(row), 2):
                label, value = row[i].strip().rstrip("：:"), row[i + 1].strip()
                if label and value and len(normal_label(label)) <= 20 and field_for_label(value) is None \
                        and not _COLON.search(label):
                    self._add(label, value)

    def _grid(self, rows: list[list[str]]) -> None:
        header = rows[0]
        columns = [(i, cell) for i, cell in enumerate(header) if field_for_label(cell) in GRID_FIELDS]
        data = [row for row in rows[1:] if any(c.strip() for c in row)]
        totals = [row for row in data if any(_TOTAL_ROW.search(c) for c in row[:2])]
        if len(data) == 1:
            chosen, fields = data[0], GRID_FIELDS
        elif len(totals) == 1:
            chosen, fields = totals[0], MONEY_FIELDS
        else:
            return
        for i, label in columns:
            value = chosen[i].strip() if i < len(chosen) else ""
            if value and field_for_label(label) in fields and field_for_label(value) is None:
                self.pairs.append(Pair(label, value, self.section, self.lot))


def _header_over_values(row: list[str]) -> bool:
    """Is this row a grid's header (fields and column names, no figures) rather than label/value pairs?"""
    if any(ch.isdigit() for cell in row for ch in cell):
        return False
    return any(field_for_label(row[i]) is not None or _COLUMN_NAME.search(row[i]) for i in range(1, len(row), 2))


def nfkc_pipes(line: str) -> str:
    """Full-width pipes (text tables written with ｜) as the ' | ' cell separator."""
    return re.sub(r"\s*[｜]\s*", " | ", line) if "｜" in line else line


def pairs_from(text: str, tables: list[list[list[str]]] = ()) -> list[Pair]:
    """Every label/value pair of a text (line by line) and of its label/value tables."""
    reader = PairReader()
    for rows in tables:
        reader.table(rows)
    reader.section, reader.lot = None, None
    for line in unwrapped_lines(text):
        reader.line(line)
    return reader.pairs


def unwrapped_lines(text: str) -> list[str]:
    """The lines of a text, with a line that a dump wrapped inside a word joined to its continuation: a long line
    ending in a Chinese character, followed by one that starts with one and opens no field or heading."""
    lines: list[str] = []
    for line in text.splitlines():
        if lines and _CJK_START.match(line) and _wrapped(lines[-1]) and not _opens_something(line):
            lines[-1] += line
        else:
            lines.append(line)
    return lines


def _wrapped(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= HARD_WRAP and bool(_CJK_END.search(stripped)) and "|" not in stripped \
        and "｜" not in stripped


def _opens_something(line: str) -> bool:
    if NUMBERING.match(line) or PAGE_MARK.match(line):
        return True
    colon = _COLON.search(line)
    return bool(colon) and field_for_label(strip_numbering(line[:colon.start()])) is not None


def lot_in(text: str) -> str | None:
    """The lot a text names ('第二包', '标包A', '合同包1'), or None."""
    match = _LOT_IN_TEXT.search(nfkc(text))
    return (match.group(1) or match.group(2)) if match else None
