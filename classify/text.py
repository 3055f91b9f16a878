"""Text units of a notice, with their place, normalised for matching while keeping the original for quotes."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extract.records import Notice

SENTENCE_END = "。；;！？!?\n"
MAX_QUOTE = 160


@dataclass
class TextUnit:
    """One piece of a notice (title, body, a page, a line item, an attachment page) and where it sits."""

    where: str
    text: str
    norm: str = ""
    index: list[int] | None = None  # norm position -> original position

    def __post_init__(self) -> None:
        self.norm, self.index = normalise(self.text)

    def quote(self, norm_start: int, norm_end: int) -> str:
        """The original sentence around a match, trimmed to a readable length."""
        start = self.index[norm_start] if norm_start < len(self.index) else len(self.text)
        end = self.index[norm_end - 1] + 1 if 0 < norm_end <= len(self.index) else start
        left = max((self.text.rfind(ch, 0, start) for ch in SENTENCE_END), default=-1) + 1
        rights = [i for i in (self.text.find(ch, end) for ch in SENTENCE_END) if i != -1]
        right = min(rights) + 1 if rights else len(self.text)
        left = max(left, start - MAX_QUOTE // 2)
        right = min(right, end + MAX_QUOTE // 2)
        quote = re.sub(r"\s+", " ", self.text[left:right]).strip(" |")
        return quote


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC and upper case, character by character, with a map back to the original offsets."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        mapped = unicodedata.normalize("NFKC", ch).upper() if ord(ch) > 127 else ch.upper()
        for m in mapped:
            out.append(m)
            index.append(i)
    return "".join(out), index


def text_units(notice: Notice) -> list[TextUnit]:
    """The notice's text, piece by piece, in the order evidence is preferred: title, line items, body, attachments."""
    units: list[TextUnit] = []
    if notice.title:
        units.append(TextUnit("title", notice.title))
    attachment_names = {att.name for att in notice.attachments}
    for n, item in enumerate(notice.line_items, start=1):
        text = " ".join(p for p in (item.name, item.spec) if p)
        if not text:
            continue
        if item.page and item.source in attachment_names:
            where = f"attachment {item.source} p.{item.page}"
        elif item.page and notice.pages:
            where = f"p.{item.page}"
        else:
            where = f"line item {n}"
        units.append(TextUnit(where, text))
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
