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


_RATE_OR_PER_UNIT = re.compile(r"\s*(?:[%％‰]|元?\s*/|元?每)")
_NOT_MONEY_AFTER = re.compile(r"\s*(?:年|月|日|个|天|台|套|项|人|包|标|号|次|%|％|‰|[A-Za-z])")
_CORRECTED = re.compile(r"(?:更正为|变更为|调整为|修改为|更改为)")


def _amount_matches(norm: str, default_unit: str) -> tuple[float | None, float | None]:
    """(first amount with a money unit or sign, first bare number) in normalised text, rates and unit prices skipped."""
    with_unit = bare = None
    for match in _AMOUNT.finditer(norm):
        after = norm[match.end():match.end() + 3]
        if _RATE_OR_PER_UNIT.match(after):
            continue  # 71.5% or 680元/人: a rate or a unit price, not an amount
        unit = match.group(2)
        signed = match.group(0).lstrip()[:1] in "￥¥人R"
        if unit is None and not signed:
            if bare is None and not _NOT_MONEY_AFTER.match(after):
                hint = _UNIT_HINT.search(norm)
                bare = float(match.group(1).replace(",", "")) * UNIT_FACTORS[hint.group(1) if hint else default_unit]
            continue
        if unit is None:
            hint = _UNIT_HINT.search(norm)
            unit = hint.group(1) if hint else default_unit
        with_unit = float(match.group(1).replace(",", "")) * UNIT_FACTORS[unit]
        break
    return with_unit, bare


def corrected_part(text: str) -> str:
    """What a correction changes a value to: the text after the last 更正为/变更为 (else the whole text)."""
    found = list(_CORRECTED.finditer(text))
    return text[found[-1].end():] if found else text


def parse_amount(text: str, default_unit: str = "元") -> float | None:
    """The amount a piece of text states, in yuan.

    An amount with a unit or a currency sign wins over a bare number; rates (71.5%) and unit prices
    (680元/人) are skipped; in a correction (原“3200万元”更正为“3650万元”) the corrected amount counts.
    ``default_unit`` applies to a number without a unit of its own (e.g. a column headed 预算（万元）).
    """
    if not text:
        return None
    text = corrected_part(nfkc(text))
    norm = text
    with_unit, bare = _amount_matches(norm, default_unit)
    if with_unit is not None:
        return round(with_unit, 2)
    capital = _CAPITAL.search(text)
    if capital:
        value = parse_capital(capital.group(0))
        if value is not None:
            return value
    return round(bare, 2) if bare is not None else None


def unit_from_header(header: str) -> str:
    """The money unit a table header or label announces: 万元 for '预算（万元）', else 元."""
    norm = nfkc(header)
    if "亿元" in norm:
        return "亿元"
    if "万元" in norm:
        return "万元"
    return "元"
