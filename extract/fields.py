"""Notice fields from label/value pairs and text: buyer, agency, code, amounts, dates, type, suppliers.

The label synonyms are the ones PORTALS.md §7 collects across the portals' templates.
"""

from __future__ import annotations

import re

from extract.amounts import nfkc, parse_amount, unit_from_header
from extract.dates import parse_date, parse_datetime
from extract.records import LineItem, Notice, Supplier

LABELS: dict[str, tuple[str, ...]] = {
    "project_code": ("项目编号", "采购项目编号", "招标编号", "采购编号", "项目号", "原公告的采购项目编号", "采购计划编号"),
    "project_name": ("项目名称", "采购项目名称", "原公告的采购项目名称"),
    "buyer": ("采购人", "采购单位", "采购单位名称", "采购人名称", "招标人", "釆购人", "甲方（采购人）", "甲方", "预算单位", "需求单位"),
    "agency": ("采购代理机构", "代理机构名称", "代理机构", "采购代理机构名称", "招标代理机构", "招标代理"),
    "budget": ("预算金额", "采购预算", "项目预算", "预算总金额", "包预算", "预算金额（元）", "预算", "采购预算金额"),
    "max_price": ("最高限价", "最高投标限价", "招标控制价", "包最高限价", "最高限价（如有）", "控制价"),
    "award": ("中标（成交）金额", "中标金额", "成交金额", "总中标金额", "总成交金额", "合同金额", "中标价", "成交价",
              "中标(成交)金额", "合同总金额", "成交总金额"),
    "supplier": ("供应商名称", "中标供应商", "成交供应商", "中标人", "中标（成交）供应商", "中标（成交）供应商名称",
                 "中标供应商名称", "成交供应商名称", "乙方", "中标单位", "成交单位"),
    "published": ("公告时间", "发布时间", "发布日期", "信息时间", "公告日期", "发布日"),
    "deadline": ("提交投标文件截止时间", "投标截止时间", "响应文件提交截止时间", "投标文件递交截止时间", "开标时间",
                 "响应文件开启时间", "递交截止时间", "截止时间", "投标截止时间", "报价截止时间"),
    "region": ("行政区域", "所属地区", "地区"),
    "category": ("品目", "采购品目"),
}

_LABEL_INDEX = {nfkc(label): field for field, labels in LABELS.items() for label in labels}
_PAREN = re.compile(r"[（(][^）)]{0,12}[）)]$")


def field_for_label(label: str) -> str | None:
    """Which notice field a label names, if any ('采购单位' -> 'buyer')."""
    norm = nfkc(label).replace(" ", "").strip("：: ")
    if norm in _LABEL_INDEX:
        return _LABEL_INDEX[norm]
    stripped = _PAREN.sub("", norm)
    return _LABEL_INDEX.get(stripped)


# Title words in the order they decide the type (a correction of a tender is a correction).
NOTICE_TYPE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intention", ("采购意向", "意向公开", "需求公示", "采购计划")),
    ("correction", ("更正", "变更", "澄清", "补充公告", "延期")),
    ("termination", ("终止", "废标", "流标", "中止", "取消公告", "失败公告")),
    ("contract", ("合同公告", "合同公示", "采购合同", "合同")),
    ("award", ("中标", "结果公告", "结果公示", "竞价结果", "候选人")),
    ("deal", ("成交",)),
    ("single_source", ("单一来源",)),
    ("consultation", ("磋商",)),
    ("negotiation", ("谈判",)),
    ("inquiry", ("询价", "询比", "比价")),
    ("tender", ("招标公告", "公开招标", "邀请招标", "采购公告", "竞价公告", "资格预审", "招标")),
)


def notice_type_from(*texts: str | None) -> str:
    """The notice type from the title (first) or the portal's own type label."""
    for text in texts:
        if not text:
            continue
        for notice_type, words in NOTICE_TYPE_WORDS:
            if any(w in text for w in words):
                return notice_type
    return "other"


_NAME_AFTER_HEADING = re.compile(r"^\s*名\s*称\s*[：:]\s*(.+?)\s*$")


def _contact_block_names(text: str) -> dict[str, str]:
    """Buyer and agency from the '1.采购人信息 / 名称：…' contact blocks of the national template."""
    found: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if re.search(r"[采釆]购人信息|采购单位信息|招标人信息", line):
            current = "buyer"
            continue
        if re.search(r"代理机构信息", line):
            current = "agency"
            continue
        if current:
            match = _NAME_AFTER_HEADING.match(line)
            if match and current not in found:
                found[current] = match.group(1)
                current = None
    return found


_ORG_END = re.compile(r"[\s\u3000；;，,]|地址|联系人|联系电话|电话|[（(](?:使用|盖章|需求)")


def org_name(value: str) -> str:
    """An organisation's name without what often follows it on the same line (address, contact, user unit)."""
    return _ORG_END.split(value.strip(), maxsplit=1)[0].strip()


def _clean_value(value: str) -> str:
    return value.strip().strip("。；;，,").strip()


def apply_pairs(notice: Notice, pairs: list[tuple[str, str]], default_unit: str = "元") -> None:
    """Fill the notice's empty fields from label/value pairs (the first pair of each field wins)."""
    project_name = None
    for label, value in pairs:
        field = field_for_label(label)
        value = _clean_value(value)
        if not field or not value:
            continue
        unit = unit_from_header(label) if unit_from_header(label) != "元" else default_unit
        if field == "project_code" and not notice.project_code:
            notice.project_code = value.split()[0]
        elif field == "project_name" and not project_name:
            project_name = value
        elif field == "buyer" and not notice.buyer and not re.match(r"^[\d\-—（(]", value):
            notice.buyer = org_name(value)
        elif field == "agency" and not notice.agency:
            notice.agency = value
        elif field == "budget" and notice.budget_cny is None:
            notice.budget_cny = parse_amount(value, unit)
        elif field == "max_price" and notice.max_price_cny is None:
            notice.max_price_cny = parse_amount(value, unit)
        elif field == "award" and notice.award_cny is None:
            notice.award_cny = parse_amount(value, unit)
        elif field == "supplier":
            name = re.split(r"\s{2,}|[（(]", value)[0].strip()
            if name and name not in {s.name for s in notice.suppliers}:
                notice.suppliers.append(Supplier(name=name))
        elif field == "published" and notice.published is None:
            notice.published = parse_date(value)
        elif field == "deadline" and notice.deadline is None:
            notice.deadline = parse_datetime(value)
        elif field == "region" and not notice.region:
            notice.region = value
        elif field == "category" and not notice.category:
            notice.category = value
    if not notice.title and project_name:
        notice.title = project_name


def apply_text(notice: Notice, text: str) -> None:
    """Fields that only the free text gives: the contact-block names of the national template."""
    names = _contact_block_names(text)
    if not notice.buyer and "buyer" in names:
        notice.buyer = names["buyer"]
    if not notice.agency and "agency" in names:
        notice.agency = names["agency"]
    if notice.award_cny is None and len(notice.suppliers) == 1 and notice.suppliers[0].amount_cny:
        notice.award_cny = notice.suppliers[0].amount_cny


_LOT_WORDS = ("标包", "包号", "合同包", "标段", "分包", "包件", "标项", "序号")


def suppliers_from_table(rows: list[list[str]], default_unit: str = "元") -> list[Supplier]:
    """Winners from a result table whose header names a supplier column (and an amount and lot column if any)."""
    if len(rows) < 2:
        return []
    header = [nfkc(c).replace(" ", "") for c in rows[0]]
    name_col = next((i for i, c in enumerate(header) if field_for_label(c) == "supplier"
                     or ("供应商" in c and "名称" in c) or c in ("中标人", "成交人")), None)
    if name_col is None:
        return []
    amount_col = next((i for i, c in enumerate(header) if field_for_label(c) == "award" or "金额" in c or "报价" in c), None)
    lot_col = next((i for i, c in enumerate(header) if any(w in c for w in _LOT_WORDS)), None)
    suppliers = []
    for row in rows[1:]:
        if name_col >= len(row) or not row[name_col].strip():
            continue
        amount = parse_amount(row[amount_col], unit_from_header(rows[0][amount_col])) if amount_col is not None and amount_col < len(row) else None
        lot = row[lot_col].strip() if lot_col is not None and lot_col < len(row) else None
        suppliers.append(Supplier(name=org_name(row[name_col]), amount_cny=amount, lot=lot or None))
    return suppliers


def apply_tables(notice: Notice, tables: list[list[list[str]]]) -> None:
    """Winners and their amounts from result tables; the award is their sum when the page gives none."""
    found: list[Supplier] = []
    for table in tables:
        found.extend(suppliers_from_table(table))
    known = {s.name for s in notice.suppliers}
    for supplier in found:
        if supplier.name in known:
            existing = next(s for s in notice.suppliers if s.name == supplier.name)
            existing.amount_cny = existing.amount_cny or supplier.amount_cny
            existing.lot = existing.lot or supplier.lot
        else:
            notice.suppliers.append(supplier)
            known.add(supplier.name)
    amounts = [s.amount_cny for s in found if s.amount_cny]
    if notice.award_cny is None and amounts:
        notice.award_cny = round(sum(amounts), 2)


# Line-item table headers: which column is which.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    # in order of preference: 品目名称 is often a category path (信息技术服务/运行维护服务) beside the item
    "name": ("标的名称", "采购标的", "货物名称", "货物（服务）名称", "服务名称", "产品名称", "设备名称", "标项名称",
             "资源名称", "品目名称", "采购项目名称", "项目名称", "采购内容", "名称"),
    "spec": ("规格型号", "技术参数", "主要技术参数", "技术规格", "规格", "型号", "采购需求概况", "简要规格描述",
             "技术要求", "配置", "参数", "服务要求", "品牌"),
    "quantity": ("数量",),
    "unit": ("单位",),
    "unit_price": ("单价",),
    "total": ("总价", "合计", "小计", "金额", "预算", "限价", "总额"),
}


def _column_role(header: str) -> str | None:
    norm = nfkc(header).replace(" ", "")
    for role in ("unit_price", "quantity", "total", "spec", "name", "unit"):
        words = COLUMN_WORDS[role]
        if role == "unit" and norm not in ("单位", "计量单位"):
            continue
        if any(w in norm for w in words):
            return role
    return None


def _name_rank(header: str) -> int:
    norm = nfkc(header).replace(" ", "")
    return next((rank for rank, word in enumerate(COLUMN_WORDS["name"]) if word in norm), len(COLUMN_WORDS["name"]))


_QTY = re.compile(r"(\d+(?:\.\d+)?)\s*([^\d\s.,，]{0,4})")


def _header_row(rows: list[list[str]]) -> int | None:
    """The index of a line-item header among the first rows: an item column and a spec, quantity or price column."""
    for index, header in enumerate(rows[:3]):
        if any("供应商" in c or "投标人" in c for c in header):
            return None  # a table of suppliers and their bids, not of what is bought
        roles = [_column_role(c) for c in header]
        if "name" in roles and any(r in roles for r in ("spec", "quantity", "unit_price", "total")):
            return index
    return None


def line_items_from_table(rows: list[list[str]], source: str, page: int | None = None,
                          table_no: int | None = None) -> list[LineItem]:
    """Line items from a table whose header names an item column and a spec, quantity or price column.

    A header row repeated further down (a table running over several pages) is skipped.
    """
    h = _header_row(rows)
    if h is None:
        return []
    header = rows[h]
    roles = [_column_role(c) for c in header]
    columns: dict[str, int] = {}
    units: dict[str, str] = {}
    for i, role in enumerate(roles):
        if role and role not in columns:
            columns[role] = i
            units[role] = unit_from_header(header[i])
    columns["name"] = min((i for i, r in enumerate(roles) if r == "name"), key=lambda i: _name_rank(header[i]))
    if "spec" in columns:
        extra_specs = [i for i, r in enumerate(roles) if r == "spec" and i != columns["spec"]]
    else:
        extra_specs = []
    items = []
    for r, row in enumerate(rows[h + 1:], start=h + 1):
        if len(row) < len(header) - 1 or row == header:
            continue
        cells = {role: row[i].strip() for role, i in columns.items() if i < len(row) and row[i].strip()}
        name = cells.get("name")
        if not name or name in ("合计", "总计", "小计"):
            continue
        spec_parts = [cells.get("spec")] + [row[i] for i in extra_specs if i < len(row) and row[i].strip()]
        spec = "；".join(p for p in spec_parts if p) or None
        quantity, unit = None, cells.get("unit")
        match = _QTY.search(nfkc(cells.get("quantity", "")))
        if match:
            quantity = float(match.group(1))
            unit = unit or (match.group(2).strip("（()）") or None)
        items.append(LineItem(
            name=name, spec=spec, quantity=quantity, unit=unit,
            unit_price_cny=parse_amount(cells.get("unit_price", ""), units.get("unit_price", "元")),
            total_cny=parse_amount(cells.get("total", ""), units.get("total", "元")),
            source=source, page=page, table=table_no, row=r,
        ))
    return items
