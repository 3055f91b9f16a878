"""Buyer type from the buyer's name, with the rule that made the call."""

from __future__ import annotations

import re

BUYER_TYPES = ("university", "research_institute", "lab", "hospital", "company", "government", "other")

# (type, pattern, rule name), tried in order: the first that matches decides.
RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("company", re.compile(r"(有限公司|有限责任公司|股份公司|集团|公司)$"), "ends in a company form"),
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
