"""Notice fields from label/value pairs, result tables and text: buyer, agency, code, amounts, dates, suppliers,
contacts and the notice type.
"""

from __future__ import annotations

import re

from extract.amounts import corrected_part, nfkc, parse_amount, unit_from_header
from extract.dates import parse_date, parse_datetime
from extract.labels import (
    AWARD_TOTAL_LABELS,
    DOCUMENT_TYPE_WORDS,
    GENERIC_TYPES,
    LABEL_SECTIONS,
    METHOD_TYPES,
    field_for_label,
    normal_label,
    type_from_words,
)
from extract.pairs import Pair
from extract.records import Notice, Supplier

_ORG_END = re.compile(r"[\s\u3000；;，,、]|地址|联系人|联系电话|电话|联系方式|[（(](?:使用|盖章|需求|签章|公章)")
_ORG_WORDS = re.compile(r"(大学|学院|学校|中学|小学|幼儿园|研究院|研究所|研究中心|实验室|医院|中心|公司|集团|局|委员会|"
                        r"办公室|厅|部|院|所|站|馆|会|社|处|政府|队|团|场|台|园|集团有限公司|合伙）|合伙\))$")


# An organisation followed by one of its departments (…社会科学院科研处, …医院设备科, …大学招标采购中心): the buyer
# is the organisation. The department must name an office's function, so 苍梧市大数据中心, 北溪大学分析测试中心 and
# 临江市人民政府办公室 stay whole.
_DEPARTMENT = re.compile(
    r"^(.+(?:大学|学院|学校|科学院|研究院|研究所|设计院|医院|卫生院|法院|检察院|局|厅|委员会|政府|有限公司|公司|集团))"
    r"([^\s]{0,12}?(?:科研|财务|计财|资产|国资|设备|采购|招标|招投标|后勤|信息|网络|教务|人事|基建|保卫|党政|装备|"
    r"计划|审计|总务|医务|院务|校务|科技|物资|供应|合同|规划)[^\s]{0,8}?(?:处|科|办公室|办|部|中心|室|组))$")


def without_department(name: str) -> str:
    """An organisation's name without a department after it (江岸市农业科学院财务处 -> 江岸市农业科学院)."""
    match = _DEPARTMENT.match(name)
    return match.group(1) if match else name


def org_name(value: str) -> str:
    """An organisation's name without what often follows it on the same line (address, contact, user unit)."""
    return _ORG_END.split(value.strip().strip("：:"), maxsplit=1)[0].strip()


def looks_like_org(name: str | None) -> bool:
    """A plausible organisation name: 2–60 characters, not a number, a date or a sentence."""
    if not name or not 2 <= len(name) <= 60:
        return False
    if re.match(r"^[\d\-—（(/*]", name) or "：" in name or ":" in name:
        return False
    return not re.search(r"[。！？]|详见|见附件|^无$|^/$", name)


def _clean_value(value: str) -> str:
    return value.strip().strip("。；;，,").strip()


def contact_key(label: str, section: str | None) -> str | None:
    """The contacts key of a contact label in its section ('联系方式' under 采购人信息 -> 'buyer_phone')."""
    field = field_for_label(label)
    if field not in ("contact", "phone", "address", "email"):
        return None
    owner = LABEL_SECTIONS.get(normal_label(label)) or (section if section in ("buyer", "agency", "project",
                                                                             "supplier") else "project")
    return f"{owner}_{field}"


class _Fill:
    """Fills a notice's empty fields from pairs in order; the first pair of each field wins."""

    def __init__(self, notice: Notice, default_unit: str) -> None:
        self.notice = notice
        self.default_unit = default_unit
        self.award_total: float | None = None
        self.award_first: float | None = None

    def amount(self, pair: Pair) -> float | None:
        unit = unit_from_header(pair.label)
        return parse_amount(pair.value, self.default_unit if unit == "元" else unit)

    def pair(self, pair: Pair) -> None:
        n = self.notice
        field = pair.field
        value = _clean_value(pair.value)
        if not value:
            return
        if field == "name":
            field = {"buyer": "buyer", "agency": "agency", "supplier": "supplier"}.get(pair.section or "")
        if field == "project_code" and not n.project_code:
            n.project_code = value.split()[0].strip("（）()")
        elif field == "project_name" and not n.project_name:
            n.project_name = value
        elif field == "buyer" and not n.buyer:
            name = without_department(org_name(value))
            n.buyer = name if looks_like_org(name) else None
        elif field == "agency" and not n.agency:
            name = org_name(value)
            n.agency = name if looks_like_org(name) else None
        elif field == "budget" and n.budget_cny is None:
            n.budget_cny = self.amount(pair)
        elif field == "max_price" and n.max_price_cny is None:
            n.max_price_cny = self.amount(pair)
        elif field == "award":
            self.award(pair)
        elif field == "supplier":
            self.supplier(value, pair.lot)
        elif field == "published" and n.published is None:
            n.published = parse_date(value)
        elif field == "deadline" and n.deadline is None:
            n.deadline = parse_datetime(corrected_part(value))
        elif field == "region" and not n.region:
            n.region = value
        elif field == "category" and not n.category:
            n.category = value
        elif field == "method" and not n.method:
            n.method = value.split()[0]
        else:
            key = contact_key(pair.label, pair.section)
            if key and key not in n.contacts:
                n.contacts[key] = value

    def supplier(self, value: str, lot: str | None) -> None:
        for part in re.split(r"[；;]", value):
            name = re.split(r"\s{2,}|[（(](?!集团|普通合伙|特殊普通合伙|有限合伙)", part)[0].strip()
            name = org_name(name) if " " in name else name
            if not looks_like_org(name):
                continue
            known = next((s for s in self.notice.suppliers if s.name == name and s.lot == lot), None)
            if known is None:
                self.notice.suppliers.append(Supplier(name=name, lot=lot))

    def award(self, pair: Pair) -> None:
        amount = self.amount(pair)
        if amount is None:
            return
        if normal_label(pair.label) in AWARD_TOTAL_LABELS:
            self.award_total = self.award_total if self.award_total is not None else amount
            return
        if self.award_first is None:
            self.award_first = amount
        last = self.notice.suppliers[-1] if self.notice.suppliers else None
        if last is not None and last.amount_cny is None and (pair.lot is None or last.lot == pair.lot):
            last.amount_cny = amount

    def finish(self) -> None:
        n = self.notice
        if n.award_cny is not None:
            return
        lots = {(s.lot, s.amount_cny) for s in n.suppliers if s.amount_cny is not None}
        if self.award_total is not None:
            n.award_cny = self.award_total
        elif len(lots) > 1 and all(lot for lot, _ in lots):
            n.award_cny = round(sum(amount for _, amount in lots), 2)
        else:
            n.award_cny = self.award_first


def apply_pairs(notice: Notice, pairs: list[Pair], default_unit: str = "元") -> None:
    """Fill the notice's empty fields from label/value pairs (the first pair of each field wins).

    Winners are kept in order with their lot; an award amount after a winner is that winner's amount, and a
    notice with several lots and no stated total is awarded their sum.
    """
    fill = _Fill(notice, default_unit)
    for pair in pairs:
        fill.pair(pair)
    fill.finish()


_AMOUNT_LABEL = (r"预算金额|采购预算|项目预算|预算总额|预算|最高投标限价|最高限价|招标控制价|控制价|中标金额|成交金额|"
                 r"中标价|成交价|合同总价|合同金额|合同价款|中标总价|预估金额|估算金额|预计金额")
_VALUE = r"(?P<value>(?:[^，,。；;\n]|(?<=\d),(?=\d)){1,60})"
_STATED = (
    # 本项目预算为人民币壹佰贰拾万元整（¥1,200,000.00）
    re.compile(rf"(?P<label>{_AMOUNT_LABEL})(?:金额|总额)?\s*(?:为|是|约为|共计|合计|总计)\s*" + _VALUE),
    # 预算金额由480万元更正为520万元 (a correction notice states only the corrected amount)
    re.compile(rf"(?P<label>{_AMOUNT_LABEL})(?:金额|总额)?\s*[：:]?\s*(?:由|从)[^，,。；;\n]{{1,30}}?"
               rf"(?:更正|变更|调整|修改|更改)为\s*" + _VALUE),
    # 更正后：预算金额280万元
    re.compile(rf"(?:更正|变更|调整|修改)后(?:的)?\s*[：:]?\s*(?P<label>{_AMOUNT_LABEL})(?:金额|总额)?\s*[：:为]?\s*" + _VALUE),
)
# 招标人为沧浪市城市建设投资集团有限公司 (works notices state the buyer in the 招标条件 sentence)
_BUYER_STATED = re.compile(r"(?:采购人|招标人|采购单位|建设单位)(?:为|是)\s*([^，,。；;\s（(]{4,40}?)(?=[，,。；;\s（(]|$)")


def apply_sentences(notice: Notice, text: str) -> None:
    """Amounts stated in a sentence rather than a field (本项目预算为人民币壹佰贰拾万元整（¥1,200,000.00）, 预算金额由
    480万元更正为520万元), and a buyer stated so (招标人为X), where no field gave them."""
    for pattern in _STATED:
        for match in pattern.finditer(text):
            field = field_for_label(match.group("label"))
            amount = parse_amount(match.group("value"))
            if amount is None:
                continue
            if field == "budget" and notice.budget_cny is None:
                notice.budget_cny = amount
            elif field == "max_price" and notice.max_price_cny is None:
                notice.max_price_cny = amount
            elif field == "award" and notice.award_cny is None:
                notice.award_cny = amount
    if not notice.buyer:
        for match in _BUYER_STATED.finditer(text):
            name = without_department(match.group(1))
            if looks_like_org(name) and _ORG_WORDS.search(name):
                notice.buyer = name
                break


_LOT_WORDS = ("标包", "包号", "合同包", "标段", "分包", "包件", "标项")


def suppliers_from_table(rows: list[list[str]], default_unit: str = "元") -> list[Supplier]:
    """Winners from a result table whose header names a supplier column (and an amount and lot column if any)."""
    if len(rows) < 2:
        return []
    header = [nfkc(c).replace(" ", "") for c in rows[0]]
    name_col = next((i for i, c in enumerate(header) if field_for_label(c) == "supplier"
                     or ("供应商" in c and "名称" in c) or c in ("中标人", "成交人")), None)
    if name_col is None or any("得分" in c or "排名" in c or "评分" in c for c in header):
        return []
    amount_col = next((i for i, c in enumerate(header) if field_for_label(c) == "award" or "金额" in c
                       or "报价" in c or "中标价" in c or "成交价" in c), None)
    lot_col = next((i for i, c in enumerate(header) if any(w in c for w in _LOT_WORDS) and i != name_col), None)
    suppliers = []
    for row in rows[1:]:
        if name_col >= len(row) or not row[name_col].strip():
            continue
        name = org_name(row[name_col])
        if not looks_like_org(name):
            continue
        amount = None
        if amount_col is not None and amount_col < len(row):
            amount = parse_amount(row[amount_col], unit_from_header(rows[0][amount_col]) if
                                  unit_from_header(rows[0][amount_col]) != "元" else default_unit)
        lot = row[lot_col].strip() if lot_col is not None and lot_col < len(row) else None
        suppliers.append(Supplier(name=name, amount_cny=amount, lot=lot or None))
    return suppliers


def buyer_from_column(rows: list[list[str]]) -> str | None:
    """The buyer of a list whose buyer column (采购单位) names one organisation on every row, as an intention list
    of one school does."""
    headers = ((n, i) for n, row in enumerate(rows) for i, cell in enumerate(row)  # title rows may come first
               if field_for_label(cell) == "buyer")
    header, column = next(headers, (None, None))
    if header is None:
        return None
    body = rows[header + 1:]
    if len(body) < 2:
        return None  # a header over one row is a grid, read as label/value pairs
    names = {org_name(row[column]) for row in body if column < len(row) and row[column].strip()}
    name = names.pop() if len(names) == 1 else None
    return name if name and looks_like_org(name) else None


def apply_tables(notice: Notice, tables: list[list[list[str]]]) -> None:
    """Winners and their amounts from result tables, the award their sum when the page gives none; the buyer from
    a list whose every row names the same one."""
    if not notice.buyer:
        notice.buyer = next(filter(None, map(buyer_from_column, tables)), None)
    found: list[Supplier] = []
    for table in tables:
        found.extend(suppliers_from_table(table))
    for supplier in found:
        existing = next((s for s in notice.suppliers if s.name == supplier.name
                         and (s.lot is None or supplier.lot is None or s.lot == supplier.lot)), None)
        if existing:
            existing.amount_cny = existing.amount_cny if existing.amount_cny is not None else supplier.amount_cny
            existing.lot = existing.lot or supplier.lot
        else:
            notice.suppliers.append(supplier)
    amounts = [s.amount_cny for s in found if s.amount_cny]
    if notice.award_cny is None and amounts:
        notice.award_cny = round(sum(amounts), 2)


def notice_type_of(notice: Notice, *portal_labels: str | None, text: str = "") -> str:
    """The notice type: from the title, else the portal's own type label, else 采购方式, else what the document
    says of itself in its first lines (a tender document, a requirements annex). A 采购方式 more specific than a
    generic title (招标公告 with 采购方式：竞争性磋商) wins over it."""
    found = type_from_words(notice.title)
    for label in portal_labels:
        found = found or type_from_words(label)
    method = type_from_words(notice.method, METHOD_TYPES) if notice.method else None
    if method and (not found or (found in GENERIC_TYPES and method not in GENERIC_TYPES)):
        found = method
    if not found and text:
        head = "\n".join(text.splitlines()[:12])
        found = type_from_words(head, DOCUMENT_TYPE_WORDS)
    return found or "other"


_DATE = r"(?:\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?|[二〇一三四五六七八九十零]{4}年.{1,3}月.{1,3}日)"
_SIGNED_LINE = re.compile(rf"^(\S{{4,40}}?)[ \t\u3000]+{_DATE}\s*$")  # 南屏区政务服务中心　　2025年3月20日
_DATE_LINE = re.compile(rf"^\s*{_DATE}\s*$")


def signature_org(text: str) -> str | None:
    """The organisation that signs a notice: the line before the closing date (or the date's own line, before the
    date), without a department's name (天目财经学院采购与招标管理办公室 -> 天目财经学院)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for i in range(len(lines) - 1, max(len(lines) - 6, -1), -1):
        signed = _SIGNED_LINE.match(lines[i])
        if signed:
            candidate = signed.group(1)
        elif _DATE_LINE.match(lines[i]) and i > 0:
            candidate = lines[i - 1]
        else:
            continue
        name = without_department(org_name(candidate))
        if looks_like_org(name) and _ORG_WORDS.search(name):
            return name
    return None
