"""Text units of a notice, with their place, normalised for matching while keeping the original for quotes.

Normalised text is NFKC and upper case, with whitespace dropped wherever it carries no meaning: next to a
Chinese character or a punctuation mark. So "Ａ１００", "8 卡 H800" and a term broken by a hard-wrapped line
read the same. One space stays between two Latin letters or digits ("NVIDIA A100", "A100 80GB", "A 100": the
matcher compares characters and ignores single spaces, so "A 100" still matches A100); a line break stays a
line break unless the line was hard-wrapped.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from extract.records import LineItem, Notice

SENTENCE_END = "。；;！？!?\n"
CLAUSE_END = SENTENCE_END + "，,"
OPENING, CLOSING = "(（[【「“", ")）]】」”"
MAX_QUOTE = 160
HARD_WRAP = 30  # a line at least this long that ends mid-sentence was wrapped by a text dump, not by its author

_WHITESPACE = re.compile(r"\s+")
_TABLE_ROW = re.compile(r"[|\t]|(?<=\S)[ \u3000]{2,}(?=\S)")  # cells split by bars, tabs or runs of spaces
_HEADING = re.compile(
    r"^[ \t\u3000]*((?:第[一二三四五六七八九十百\d]+[章节部分篇]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])"
    r"[^\n。；]{1,28})[ \t]*$", re.M)


def _ascii_class(ch: str) -> str:
    if ch.isascii():
        if ch.isalpha():
            return "letter"
        if ch.isdigit():
            return "digit"
    return ""


def normalise(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the offset of the original character."""
    nfkc = unicodedata.normalize("NFKC", text)
    if len(nfkc) == len(text):
        mapped, index = nfkc.upper(), list(range(len(text)))
        if len(mapped) != len(nfkc):  # a few letters grow when upper-cased (ß -> SS)
            mapped, index = _per_character(text)
    else:
        mapped, index = _per_character(text)
    out: list[str] = []
    out_index: list[int] = []
    last = 0
    for m in _WHITESPACE.finditer(mapped):
        start, end = m.span()
        out.append(mapped[last:start])
        out_index.extend(index[last:start])
        last = end
        before = mapped[start - 1] if start else ""
        after = mapped[end] if end < len(mapped) else ""
        if "\n" in m.group(0) and not _hard_wrapped(mapped, start, after):
            out.append("\n")
            out_index.append(index[start])
            continue
        if _ascii_class(before) and _ascii_class(after):
            out.append(" ")
            out_index.append(index[start])
    out.append(mapped[last:])
    out_index.extend(index[last:])
    return "".join(out), out_index


def _per_character(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        mapped = unicodedata.normalize("NFKC", ch).upper() if ord(ch) > 127 else ch.upper()
        chars.append(mapped)
        index.extend([i] * len(mapped))
    return "".join(chars), index


def _hard_wrapped(text: str, newline_at: int, after: str) -> bool:
    """A line break inside a sentence of a PDF's text or a text dump: a long line that ends inside a word run
    (a Chinese character, a Latin letter or digit, or an enumeration's 、 or /) and a next line that goes on with a
    Chinese character or a Latin word ("本项目不接受\nNVIDIA A100、…"); a break between two Latin letters, whatever
    the line's length (a name wrapped in a narrow table cell). A table row (cells split by | or by runs of spaces)
    keeps its break, and so does a line before one that starts with a number (a list or a row)."""
    if not after or newline_at == 0 or text[newline_at - 1] == "\n":
        return False
    last = text[newline_at - 1]
    line_start = text.rfind("\n", 0, newline_at) + 1
    inside_latin_name = _ascii_class(last) == "letter" == _ascii_class(after)
    if not inside_latin_name:
        if not (_cjk(last) or _ascii_class(last) or last in "、/") or not (_cjk(after) or _ascii_class(after) == "letter"):
            return False
        if newline_at - line_start < HARD_WRAP:
            return False
    return not _TABLE_ROW.search(text, line_start, newline_at)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@dataclass
class TextUnit:
    """One piece of a notice (title, body, a page, a line item, an attachment page) and where it sits."""

    where: str
    text: str
    norm: str = ""
    index: list[int] = field(default_factory=list, repr=False)  # norm position -> original position
    unit_of_measure: str | None = None  # a line item's unit (台, 卡时 ...), which says bought or used
    item: LineItem | None = field(default=None, repr=False)  # the line item this unit is, if it is one
    _headings: list[tuple[int, str]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.norm, self.index = normalise(self.text)

    @property
    def line_item(self) -> bool:
        """Is this unit a row of what is bought (wherever it was read)?"""
        return self.item is not None

    def original(self, norm_pos: int) -> int:
        """The original offset of a normalised position."""
        if not self.index:
            return 0
        return self.index[min(max(norm_pos, 0), len(self.index) - 1)]

    def quote(self, norm_start: int, norm_end: int) -> str:
        """The original sentence around a match, trimmed to a readable length."""
        start = self.original(norm_start)
        end = self.original(norm_end - 1) + 1 if norm_end > 0 else start
        left = max((self.text.rfind(ch, 0, start) for ch in SENTENCE_END), default=-1) + 1
        rights = [i for i in (self.text.find(ch, end) for ch in SENTENCE_END) if i != -1]
        right = min(rights) + 1 if rights else len(self.text)
        left = max(left, start - MAX_QUOTE // 2)
        right = min(right, end + MAX_QUOTE // 2)
        return re.sub(r"\s+", " ", self.text[left:right]).strip(" |｜")

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Normalised bounds of the sentence around [start, end)."""
        return _bounds(self.norm, start, end, SENTENCE_END)

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Normalised bounds of the clause (between commas) around [start, end). A comma inside brackets that
        open and close in the sentence ends no clause around them: "原部署于亚马逊云科技（Amazon Web Services，简称
        AWS）的系统迁移至华为云" is one clause."""
        lo, hi = _bounds(self.norm, start, end, CLAUSE_END)
        s_lo, s_hi = self.sentence(start, end)
        while hi < s_hi and _bracketed(self.norm, s_lo, hi, s_hi):
            hi = _bounds(self.norm, hi + 1, hi + 1, CLAUSE_END)[1]
        while lo > s_lo and _bracketed(self.norm, s_lo, lo - 1, s_hi):
            lo = _bounds(self.norm, lo - 1, lo - 1, CLAUSE_END)[0]
        return lo, hi

    def section(self, norm_pos: int) -> str | None:
        """The heading of the section a position sits in ("二、采购需求"), if the text has headings."""
        if self._headings is None:
            self._headings = [(m.start(1), m.group(1).strip()) for m in _HEADING.finditer(self.text)]
        if not self._headings:
            return None
        pos = self.original(norm_pos)
        i = bisect.bisect_right(self._headings, (pos, "\uffff")) - 1
        return self._headings[i][1] if i >= 0 else None

    def place(self, norm_pos: int) -> str:
        """Where a match sits, for evidence: the unit's place, with the section heading for a body."""
        if self.where == "body":
            heading = self.section(norm_pos)
            if heading:
                return f"body: {heading}"
        return self.where


def _bracketed(text: str, lo: int, pos: int, hi: int) -> bool:
    """Is ``pos`` inside a bracket opened after ``lo`` and closed before ``hi``?"""
    depth = 0
    for ch in text[lo:pos]:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
    return depth > 0 and any(ch in CLOSING for ch in text[pos:hi])


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = max((text.rfind(ch, 0, start) for ch in stops), default=-1) + 1
    rights = [i for i in (text.find(ch, end) for ch in stops) if i != -1]
    return left, (min(rights) if rights else len(text))


def raw_texts(notice: Notice) -> list[str]:
    """Every piece of text of a notice, unnormalised: what the pre-filter scans."""
    texts = [notice.title or "", notice.text]
    texts.extend(p.text for p in notice.pages)
    for item in notice.all_line_items():
        texts.append(item.name or "")
        texts.append(item.spec or "")
    texts.extend(link.name for link in notice.links)
    for att in notice.attachments:
        texts.extend(p.text for p in att.pages)
    return texts


def text_units(notice: Notice) -> list[TextUnit]:
    """The notice's text, piece by piece, in the order evidence is preferred: title, line items, body, attachments."""
    units: list[TextUnit] = []
    if notice.title:
        units.append(TextUnit("title", notice.title))
    attachment_names = {att.name for att in notice.attachments}
    for n, item in enumerate(notice.all_line_items(), start=1):
        text = " ".join(p for p in (item.name, item.spec) if p)
        if not text:
            continue
        if item.page and item.source in attachment_names:
            where = f"attachment {item.source} p.{item.page}"
        elif item.page and notice.pages:
            where = f"p.{item.page}"
        else:
            where = f"line item {n}"
        units.append(TextUnit(where, text, unit_of_measure=item.unit, item=item))
    numbered = [p for p in notice.pages if p.number > 0]
    if numbered:
        units.extend(TextUnit(f"p.{p.number}", p.text) for p in numbered if p.text.strip())
    elif notice.text:
        units.append(TextUnit("body", notice.text))
    for link in notice.links:
        units.append(TextUnit(f"attachment link {link.name}", link.name))
    for att in notice.attachments:
        for page in att.pages:
            if page.text.strip():
                where = f"attachment {att.name}" + (f" p.{page.number}" if page.number else "")
                units.append(TextUnit(where, page.text))
    return units
