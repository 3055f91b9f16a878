"""Buyer type from the buyer's name (or, when extraction found none, from the notice), with the rule that made the call.

Issue 8 builds a buyer registry; ``buyer_type(name) -> (type, rule)`` is the interface it keeps.
"""

from __future__ import annotations

import re

from extract.records import Notice

BUYER_TYPES = ("university", "research_institute", "lab", "hospital", "company", "government", "other")

# (type, pattern, rule name), tried in order: the first that matches decides.
RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("company", re.compile(r"(有限公司|有限责任公司|股份公司|集团|公司|银行|厂)$"), "ends in a company form"),
    ("hospital", re.compile(r"(医院|卫生院|保健院|卫生服务中心)$"), "ends in 医院/卫生院/保健院"),
    ("lab", re.compile(r"实验室$"), "ends in 实验室"),
    ("research_institute", re.compile(r"(科学院|工程院|社会科学院)(?!.*(大学|学院$))"), "an academy of sciences"),
    ("university", re.compile(r"(大学|学院|高等专科学校|高等学校|党校)"), "names a university or college"),
    ("research_institute", re.compile(r"(研究院|研究所|研究中心|设计院|科学院)"), "names a research institute"),
    ("other", re.compile(r"(中学|小学|幼儿园|学校|附中|附小)"), "a school"),
    ("government", re.compile(
        r"(局|厅|委员会|委|政府|法院|检察院|支队|大队|办公室|办公厅|管理所|管理处|中心|馆|站|处|部|署|总队|公安|人民代表大会|政协)$"),
     "ends in a government body's form"),
)


def buyer_type(name: str | None) -> tuple[str, str]:
    """(type, rule) for a buyer name; ('other', 'no rule matched') when nothing fits."""
    if not name:
        return "other", "no buyer name"
    name = re.sub(r"[（(].*?[）)]", "", name).strip()
    for kind, pattern, rule in RULES:
        if pattern.search(name):
            return kind, rule
    return "other", "no rule matched"


# "采购人信息：名称：星海大学；" "招标人：…" "甲方（采购人）：…"
_LABELLED = re.compile(r"(?:采购人|采购单位|招标人|甲方|需求单位|建设单位)(?:信息)?[（(]?[^）)\n]{0,6}[）)]?"
                       r"[ \t\u3000:：]*(?:名称)?[ \t\u3000:：]*([^\s：:；;，,。|｜]{4,40})")
# a title that starts with the buyer: "汉澜理工大学2025年4月至6月政府采购意向"
_TITLE_PREFIX = re.compile(r"^(.{2,30}?(?:大学|学院|医院|研究院|研究所|实验室|研究中心|委员会|人民政府|局|公司|中心))")


def buyer_type_of(notice: Notice) -> tuple[str, str]:
    """(type, rule) for a notice's buyer: its extracted name, else a labelled name in the text, else the title."""
    if notice.buyer:
        return buyer_type(notice.buyer)
    texts = [notice.text, *(p.text for p in notice.pages)]
    for text in texts:
        for match in _LABELLED.finditer(text or ""):
            kind, rule = buyer_type(match.group(1))
            if rule != "no rule matched":
                return kind, f"{rule} (buyer '{match.group(1)}' read from the text)"
    match = _TITLE_PREFIX.match(notice.title or "")
    if match:
        kind, rule = buyer_type(match.group(1))
        if rule != "no rule matched":
            return kind, f"{rule} (buyer '{match.group(1)}' read from the title)"
    return "other", "no buyer name"
