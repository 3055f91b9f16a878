"""Building a :class:`Notice` from a detail page (and its attachments) or from a standalone file."""

from __future__ import annotations

import re

from extract.dates import parse_date
from extract.fields import apply_pairs, apply_tables, apply_text, line_items_from_table, notice_type_from
from extract.html import looks_like_js_shell, pairs_from, parse_html
from extract.records import DocumentText, Notice

_TITLE_LINE = re.compile(r"(公告|公示|采购|招标|项目|合同|意向|需求|文件)")


def notice_from_html(data: bytes | str, url: str | None = None, portal: str | None = None,
                     listing: dict | None = None) -> Notice:
    """Extract a notice from a portal detail page. ``listing`` holds what the list page said of it."""
    page = parse_html(data, base_url=url)
    notice = Notice(url=url, portal=portal, title=page.title, text=page.text, links=page.links)
    if looks_like_js_shell(page):
        notice.errors.append("page holds no notice text (a JavaScript shell or an empty body)")
    apply_pairs(notice, page.pairs)
    apply_tables(notice, page.tables)
    apply_text(notice, page.text)
    for number, table in enumerate(page.tables, start=1):
        notice.line_items.extend(line_items_from_table(table, "body", table_no=number))
    published = page.meta.get("PubDate")
    if published and notice.published is None:
        notice.published = parse_date(published)
    _apply_listing(notice, listing or {})
    notice.notice_type = notice_type_from(notice.title, (listing or {}).get("notice_type"))
    return notice


def _apply_listing(notice: Notice, listing: dict) -> None:
    """Fill fields the page left empty from what the portal's list said."""
    notice.title = notice.title or listing.get("title")
    notice.buyer = notice.buyer or listing.get("buyer")
    notice.agency = notice.agency or listing.get("agency")
    notice.region = notice.region or listing.get("region")
    if notice.published is None and listing.get("published"):
        notice.published = parse_date(listing["published"])


def _title_from_text(text: str) -> str | None:
    for line in text.splitlines()[:15]:
        line = line.strip()
        if 6 <= len(line) <= 80 and _TITLE_LINE.search(line) and "：" not in line and ":" not in line:
            return line
    return None


def notice_from_document(doc: DocumentText) -> Notice:
    """Extract a notice from a standalone file (a PDF, DOCX, TXT ... that is the notice itself)."""
    notice = Notice(text=doc.text, pages=list(doc.pages), title=_title_from_text(doc.text))
    if doc.error:
        notice.errors.append(doc.error)
        return notice
    apply_pairs(notice, pairs_from(doc.text, doc.tables))
    apply_tables(notice, doc.tables)
    apply_text(notice, doc.text)
    notice.line_items = list(doc.line_items)
    notice.notice_type = notice_type_from(notice.title, doc.text[:300])
    return notice


def add_attachments(notice: Notice, attachments: list[DocumentText]) -> None:
    """Attach the read attachments; fields the page left empty may come from them."""
    notice.attachments.extend(attachments)
    for att in attachments:
        if att.error:
            continue
        apply_pairs(notice, pairs_from(att.text, att.tables))
