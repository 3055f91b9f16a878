"""Line items — what is bought (品目/标的名称, 规格型号, 数量, 单位, 单价, 总价) — from tables and text blocks.

A table is a line-item table when its header names an item column and a spec, quantity or price column. The
"主要标的信息" block of award notices often has no table: ``名称：X；数量：Y；单价：Z`` or one ``label：value`` per
line, lot after lot; those become line items too. Each item keeps where it was read: document, page, table, row.
"""

from __future__ import annotations

import re

from extract.amounts import nfkc, parse_amount, unit_from_header
from extract.pairs import TOP_HEADING, PairReader, lot_in, strip_numbering
from extract.records import LineItem

# Line-item table headers: which column is which.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    # in order of preference: 品目名称 is often a category path (信息技术服务/运行维护服务) beside the item
    "name": ("标的名称", "采购标的", "货物名称", "货物（服务）名称", "服务名称", "产品名称", "设备名称", "标项名称",
             "资源名称", "品目名称", "采购项目名称", "项目名称", "采购内容", "服务内容", "服务项", "名称"),
    "spec": ("规格型号", "技术参数", "主要技术参数", "技术规格", "规格", "型号", "采购需求概况", "简要规格描述",
             "技术要求", "配置", "参数", "服务要求", "品牌", "服务范围"),
    "quantity": ("数量",),
    "unit_price": ("单价",),
    "total": ("总价", "合计", "小计", "金额", "预算", "限价", "总额"),
    "lot": ("标包", "包号", "合同包", "标段", "分包", "标项号", "品目号"),
}
_ROLE_ORDER = ("lot", "unit_price", "quantity", "total", "spec", "name")
# Headers too short or too common to be searched inside longer ones (更正内容, 资格要求, 单位名称): whole cells only.
_WHOLE_HEADERS = {"单位": "unit", "计量单位": "unit", "内容": "name", "要求": "spec"}
_TOTAL_ROWS = {"合计", "总计", "小计", "合计金额", "总价", "合计（元）"}


_PARTY = re.compile(r"供应商|投标人|中标人|成交人|响应人|报价人")
_PARAMETER = re.compile(r"^(?:技术)?(?:指标项|参数项|指标名称|参数名称|技术指标|配置项|指标|参数|项目|技术项)$")
_REQUIREMENT = re.compile(r"技术要求|参数要求|配置要求|规格要求|技术参数|要求|参数值|指标要求")


def column_role(header: str) -> str | None:
    """What a line-item table column holds, from its header ('单价（元）' -> 'unit_price'); a supplier's
    columns (供应商名称, 投标人) hold none."""
    norm = nfkc(header).replace(" ", "")
    if _PARTY.search(norm):
        return None
    if norm in _WHOLE_HEADERS:
        return _WHOLE_HEADERS[norm]
    for role in _ROLE_ORDER:
        words = COLUMN_WORDS[role]
        if role == "lot" and not any(norm.startswith(w) for w in words):
            continue
        if any(w in norm for w in words):
            return role
    return None


def _name_rank(header: str) -> int:
    norm = nfkc(header).replace(" ", "")
    return next((rank for rank, word in enumerate(COLUMN_WORDS["name"]) if word in norm), len(COLUMN_WORDS["name"]))


_QTY = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*([^\d\s.,，]{0,4})")


def _header_row(rows: list[list[str]]) -> int | None:
    """The index of a line-item header among the first rows: an item column and a spec, quantity or price column."""
    for index, header in enumerate(rows[:3]):
        roles = [column_role(c) for c in header]
        if "name" in roles and any(r in roles for r in ("spec", "quantity", "unit_price", "total")):
            return index
    return None


def parse_quantity(text: str) -> tuple[float | None, str | None]:
    """(number, unit) of a quantity cell such as '24套', '1,980 套' or '40000（卡时）'."""
    match = _QTY.search(nfkc(text or ""))
    if not match:
        return None, None
    unit = match.group(2).strip("（()）") or None
    return float(match.group(1).replace(",", "")), unit


def line_items_from_table(rows: list[list[str]], source: str, page: int | None = None,
                          table_no: int | None = None, row_pages: list[int | None] | None = None) -> list[LineItem]:
    """Line items from a table whose header names an item column and a spec, quantity or price column.

    A header row repeated further down (a table running over several pages) is skipped; ``row_pages`` gives
    the page of each row when the table was joined from several pages.
    """
    h = _header_row(rows)
    if h is None:
        return _parameter_table(rows, source, page, table_no, row_pages)
    header = rows[h]
    roles = [column_role(c) for c in header]
    columns: dict[str, int] = {}
    units: dict[str, str] = {}
    for i, role in enumerate(roles):
        if role and role not in columns:
            columns[role] = i
            units[role] = unit_from_header(header[i])
    columns["name"] = min((i for i, r in enumerate(roles) if r == "name"), key=lambda i: _name_rank(header[i]))
    extra_specs = [i for i, r in enumerate(roles) if r == "spec" and i != columns.get("spec")]
    normal_header = [nfkc(c).replace(" ", "") for c in header]
    items = []
    for r, row in enumerate(rows[h + 1:], start=h + 1):
        if len(row) < len(header) - 1 or [nfkc(c).replace(" ", "") for c in row] == normal_header:
            continue
        cells = {role: row[i].strip() for role, i in columns.items() if i < len(row) and row[i].strip()}
        name = cells.get("name")
        if not name or nfkc(name).replace(" ", "") in _TOTAL_ROWS:
            continue
        spec_parts = [cells.get("spec")] + [row[i] for i in extra_specs if i < len(row) and row[i].strip()]
        spec = "；".join(p for p in spec_parts if p) or None
        quantity, qty_unit = parse_quantity(cells.get("quantity", ""))
        items.append(LineItem(
            name=name, spec=spec, quantity=quantity, unit=cells.get("unit") or qty_unit,
            unit_price_cny=parse_amount(cells.get("unit_price", ""), units.get("unit_price", "元")),
            total_cny=parse_amount(cells.get("total", ""), units.get("total", "元")),
            source=source, page=row_pages[r] if row_pages and r < len(row_pages) else page, table=table_no, row=r,
            lot=cells.get("lot"),
        ))
    return items


def _parameter_table(rows: list[list[str]], source: str, page: int | None, table_no: int | None,
                     row_pages: list[int | None] | None) -> list[LineItem]:
    """A technical-parameter table (指标项 | 技术要求 rows) as one line item whose spec lists its rows."""
    header = [nfkc(c).replace(" ", "") for c in rows[0]] if rows else []
    param = next((i for i, c in enumerate(header) if _PARAMETER.match(c)), None)
    need = next((i for i, c in enumerate(header) if i != param and _REQUIREMENT.search(c)), None)
    if param is None or need is None or len(rows) < 2:
        return []
    lines = [f"{row[param].strip()}：{row[need].strip()}" for row in rows[1:]
             if max(param, need) < len(row) and row[need].strip() and nfkc(row[param]).replace(" ", "") != header[param]]
    name = next((row[need].strip() for row in rows[1:] if max(param, need) < len(row)
                 and re.search(r"名称|品名", row[param])), None)
    return [LineItem(name=name or "技术参数", spec="；".join(lines), source=source,
                     page=row_pages[1] if row_pages and len(row_pages) > 1 else page, table=table_no, row=1)]


_ITEM_BLOCK = re.compile(r"主要标的信息|标的信息|采购标的|采购清单|采购内容及要求|成交标的|成交内容|中标内容|采购内容")


def line_items_from_text(text: str, source: str, page: int | None = None) -> list[LineItem]:
    """Line items from '主要标的信息' blocks written as ``label：value`` (one item per 名称, lot by lot)."""
    items: list[LineItem] = []
    in_block = False
    current: LineItem | None = None
    lot: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = strip_numbering(line).strip()
        if TOP_HEADING.match(line) or (not in_block and _ITEM_BLOCK.search(stripped) and len(stripped) < 30):
            in_block = bool(_ITEM_BLOCK.search(stripped)) and len(stripped) < 30
            current, lot = None, None
            continue
        if not in_block or " | " in line:
            continue
        reader = PairReader()
        reader.line(line)
        if not reader.pairs and lot_in(stripped) and len(stripped) <= 12:
            lot = lot_in(stripped)
        for pair in reader.pairs:
            role = column_role(pair.label)
            if pair.field == "lot" or role == "lot":
                lot = pair.value.strip()[:12]
                continue
            if role == "name":
                current = LineItem(name=pair.value, source=source, page=page, row=number, lot=lot)
                items.append(current)
            elif current is None:
                continue
            elif role == "spec":
                current.spec = "；".join(p for p in (current.spec, pair.value) if p)
            elif role == "quantity":
                current.quantity, unit = parse_quantity(pair.value)
                current.unit = current.unit or unit
            elif role == "unit":
                current.unit = pair.value
            elif role == "unit_price":
                current.unit_price_cny = parse_amount(pair.value, unit_from_header(pair.label))
            elif role == "total":
                current.total_cny = parse_amount(pair.value, unit_from_header(pair.label))
    return [item for item in items if item.name and item.name not in ("详见附件", "见附件")]


_PIPE_ROW = re.compile(r"[|｜]")
_EDGE_PIPES = re.compile(r"^\s*[|｜]|[|｜]\s*$")


def text_tables(text: str) -> list[list[list[str]]]:
    """Tables written in plain text with pipes (``序号｜名称｜数量``, antiword's ``|cell|cell|``): runs of at least
    two lines that split into the same number (≥ 3) of cells."""
    tables: list[list[list[str]]] = []
    run: list[list[str]] = []

    def close() -> None:
        if len(run) >= 2:
            tables.append(list(run))
        run.clear()

    for line in text.splitlines():
        if len(_PIPE_ROW.findall(line)) < 2:
            close()
            continue
        cells = [c.strip() for c in _PIPE_ROW.split(_EDGE_PIPES.sub("", line))]  # empty end cells stay cells
        if run and len(cells) != len(run[0]):
            close()
        if len(cells) >= 3:
            run.append(cells)
    close()
    return tables
