"""Money in notices: 元, 万元 and 亿元, thousands separators, full-width digits and 大写 numerals."""

from __future__ import annotations

import re
import unicodedata

UNIT_FACTORS = {"元": 1.0, "万元": 1e4, "万": 1e4, "亿元": 1e8, "亿": 1e8, "千元": 1e3}

_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AMOUNT = re.compile(
    r"(?:[￥¥]|人民币|RMB)?\s*" + _NUMBER + r"\s*(亿元|万元|千元|元|万|亿)?"
)
_UNIT_HINT = re.compile(r"[（(]\s*(万元|元|亿元)\s*[）)]")

_CN_DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "叁": 3, "參": 3, "三": 3,
              "肆": 4, "四": 4, "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8,
              "玖": 9, "九": 9}
_CN_SMALL_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
_CN_BIG_UNITS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
_CN_FRACTION = {"角": 0.1, "分": 0.01}
_CAPITAL = re.compile(r"[零〇壹贰貳叁參肆伍陆陸柒捌玖拾佰仟万萬亿億][零〇壹贰貳叁參肆伍陆陸柒捌玖拾佰仟万萬亿億元圆圓角分整正]*")


def nfkc(text: str) -> str:
    """NFKC: full-width digits, letters and punctuation become their ASCII forms."""
    return unicodedata.normalize("NFKC", text)


def parse_capital(text: str) -> float | None:
    """Parse a 大写 amount such as 壹拾贰万叁仟元整 or 贰佰万元 into yuan; None if it is not one."""
    text = text.strip().rstrip("整正")
    if not text or not any(ch in _CN_DIGITS or ch in _CN_SMALL_UNITS for ch in text):
        return None
    total = 0.0
    section = 0.0  # the part below the current 万/亿
    number = 0
    fraction = 0.0
    seen_yuan = False
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (number or 1) * _CN_SMALL_UNITS[ch]
            number = 0
        elif ch in _CN_BIG_UNITS:
            unit = _CN_BIG_UNITS[ch]
            section += number
            if unit == 1e8:
                total = (total + section) * unit
            else:
                total += section * unit
            section, number = 0.0, 0
        elif ch in "元圆圓":
            seen_yuan = True
            section += number
            number = 0
        elif ch in _CN_FRACTION:
            fraction += number * _CN_FRACTION[ch]
            number = 0
        else:
            return None
    if not seen_yuan:
        section += number
    return round(total + section + fraction, 2)


def parse_amount(text: str, default_unit: str = "元") -> float | None:
    """The first amount in a piece of text, in yuan.

    ``default_unit`` applies when the number carries no unit of its own (e.g. a column headed 预算（万元）).
    """
    if not text:
        return None
    norm = nfkc(text)
    match = _AMOUNT.search(norm)
    if match:
        unit = match.group(2)
        if unit is None:
            hint = _UNIT_HINT.search(norm)
            unit = hint.group(1) if hint else default_unit
        value = float(match.group(1).replace(",", "")) * UNIT_FACTORS[unit]
        return round(value, 2)
    capital = _CAPITAL.search(text)
    if capital:
        return parse_capital(capital.group(0))
    return None


def unit_from_header(header: str) -> str:
    """The money unit a table header or label announces: 万元 for '预算（万元）', else 元."""
    norm = nfkc(header)
    if "亿元" in norm:
        return "亿元"
    if "万元" in norm:
        return "万元"
    return "元"
