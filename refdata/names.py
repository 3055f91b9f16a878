"""Names of buyers and suppliers in one comparable form.

Portals write the same organisation in many ways: full-width or ASCII brackets, traditional characters, stray
spaces, a trailing 本级 or 校本部, a 统一社会信用代码 glued to the name. ``normalise`` gives the form we show;
``name_keys`` gives the keys we look names up by (the first is the exact key, the second drops what stands in
brackets).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

_T2S = OpenCC("t2s")

# After NFKC every bracket is ASCII; Chinese names are shown with full-width ones, as the MoE list writes them.
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "【": "（", "】": "）", "〔": "（", "〕": "）"})
_CJK = r"\u3400-\u9fff"
_SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}（）])|(?<=[{_CJK}（）])\s+")
_EDGE_PUNCTUATION = " \t\r\n,，。.;；:：、\"'“”‘’《》「」-—_/"
# Words that portals append to a buyer's own name without making it another organisation.
_DECORATIONS = re.compile(r"(（?(本级|本部|校本部|机关|机关本级|总部)）?)+$")
_BRACKETED = re.compile(r"（[^（）]*）")
_KEY_DROP = re.compile(rf"[^0-9a-z{_CJK}]+")

# 统一社会信用代码: 18 characters, the alphabet leaves out I, O, S, V and Z.
USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_USCC_LABEL = re.compile(r"[（(]?\s*(统一社会信用代码|社会信用代码|信用代码|USCC)?\s*[:：]?\s*$")

# Abbreviations that stand for a longer name at the start of a buyer's name.
_ABBREVIATIONS = (("中科院", "中国科学院"),)


@lru_cache(maxsize=65536)
def normalise(name: str | None) -> str:
    """The display form of a name: NFKC, simplified characters, full-width brackets, no spaces next to Chinese
    characters, single spaces elsewhere, no surrounding punctuation.

    >>> normalise(" 四川大學 (華西醫院) ")
    '四川大学（华西医院）'
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    text = _T2S.convert(text)
    text = text.translate(_BRACKETS)
    text = _SPACE_NEAR_CJK.sub("", text)
    text = re.sub(r"\s+", " ", text)
    while True:  # empty brackets and edge punctuation, until neither is left
        stripped = re.sub(r"（\s*）", "", text).strip(_EDGE_PUNCTUATION)
        if stripped == text:
            return text
        text = stripped


def split_uscc(name: str) -> tuple[str, str | None]:
    """(name without its credit code, the 统一社会信用代码) when a supplier's name carries one."""
    text = unicodedata.normalize("NFKC", name or "").upper()
    match = USCC.search(text)
    if not match:
        return name, None
    before = _USCC_LABEL.sub("", text[:match.start()])
    rest = text[match.end():].lstrip(")）]】 ")
    return (before + rest).strip(), match.group(0)


def strip_decorations(name: str) -> str:
    """A normalised name without a trailing 本级/本部/机关 (kept when that is all there is)."""
    stripped = _DECORATIONS.sub("", name)
    return stripped or name


def expand_abbreviations(name: str) -> str:
    """中科院… → 中国科学院…"""
    for short, full in _ABBREVIATIONS:
        if name.startswith(short):
            return full + name[len(short):]
    return name


def key(name: str) -> str:
    """The exact lookup key: the normalised name, lower case, with brackets, spaces and punctuation dropped
    (bracket content kept: 中国矿业大学（北京） and 中国矿业大学 stay apart)."""
    return _KEY_DROP.sub("", normalise(name).lower())


def english_key(name: str) -> str:
    """A lookup key for English names: lower case words, '&' as 'and', no punctuation, no leading 'the'."""
    text = unicodedata.normalize("NFKC", name or "").lower().replace("&", " and ")
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def name_keys(name: str) -> list[str]:
    """The keys to try for a queried name, most exact first: as written, without decorations, with
    abbreviations expanded, without bracketed parts."""
    shown = normalise(name)
    variants = [shown, strip_decorations(shown)]
    variants.append(expand_abbreviations(variants[-1]))
    variants.append(strip_decorations(_BRACKETED.sub("", variants[-1])))
    keys: list[str] = []
    for variant in variants:
        k = key(variant)
        if k and k not in keys:
            keys.append(k)
    return keys


def is_chinese(name: str) -> bool:
    """Whether a name is written in Chinese characters (rather than an English name)."""
    return bool(re.search(f"[{_CJK}]", name or ""))
