"""Building a :class:`Notice` from a detail page (and its attachments) or from a standalone file."""

from __future__ import annotations

import re

from extract.dates import parse_date
from extract.fields import apply_pairs, apply_sentences, apply_tables, notice_type_of, signature_org
from extract.html import HtmlPage, looks_like_js_shell, parse_html
from extract.items import line_items_from_table, line_items_from_text
from extract.pairs import PAGE_MARK, pairs_from
from extract.records import DocumentText, Notice

_TITLE_SUFFIX = re.compile(r"(公告|公示|公开|文件|合同|清单|需求|要求|意向|通知书|通知|邀请书|说明|报告|需求书|任务书)\s*$")
_TRAILING_NOTE = re.compile(r"[（(][^）)]{1,12}[）)]\s*$")  # …磋商文件（节选）, …公告（第二次）
_DOCUMENT_KIND = re.compile(r"(?:竞争性)?(?:招标|磋商|谈判|询价|采购|比选|询比)(?:文件|需求书?)")
_TITLE_WORDS = re.compile(r"公告|公示|采购|招标|项目|合同|意向|需求|文件|清单|要求")


def notice_from_html(data: bytes | str, url: str | None = None, portal: str | None = None,
                     listing: dict | None = None) -> Notice:
    """Extract a notice from a portal detail page. ``listing`` holds what the list page said of it."""
    page = parse_html(data, base_url=url)
    notice = Notice(url=url, portal=portal)
    if looks_like_js_shell(page):
        notice.errors.append("page holds no notice text (a JavaScript shell or an empty body)")
    fill_from_page(notice, page, listing=listing)
    return notice


def fill_from_page(notice: Notice, page: HtmlPage, listing: dict | None = None,
                   portal_labels: tuple[str | None, ...] = ()) -> None:
    """Fill a notice from a parsed page: fields the portal's JSON already gave are kept."""
    listing = listing or {}
    notice.title = notice.title or page.title
    notice.text = page.text
    notice.links.extend(link for link in page.links if link.url not in {k.url for k in notice.links})
    apply_pairs(notice, page.marks + page.pairs)
    apply_tables(notice, page.tables)
    apply_sentences(notice, page.text)
    for number, table in enumerate(page.tables, start=1):
        notice.line_items.extend(line_items_from_table(table, "body", table_no=number))
    if not notice.line_items:
        notice.line_items.extend(line_items_from_text(page.text, "body"))
    if notice.published is None:
        notice.published = parse_date(page.published) or parse_date(page.meta.get("PubDate"))
    apply_listing(notice, listing)
    if not notice.buyer:
        notice.buyer = signature_org(page.text)
    crumb = page.breadcrumb.split("»")[-1].split(">")[-1] if page.breadcrumb else None
    notice.notice_type = notice_type_of(notice, *portal_labels, listing.get("notice_type"), crumb,
                                        page.breadcrumb, text=page.text)
    budget_from_single_intention(notice)


def budget_from_single_intention(notice: Notice) -> None:
    """An intention notice that lists one project has that row's budget; a list of several has none of its own."""
    totals = [item.total_cny for item in notice.line_items if item.total_cny is not None]
    if notice.notice_type == "intention" and notice.budget_cny is None and len(totals) == 1:
        notice.budget_cny = totals[0]


def apply_listing(notice: Notice, listing: dict) -> None:
    """Fill fields the page left empty from what the portal's list said."""
    notice.title = notice.title or listing.get("title")
    notice.buyer = notice.buyer or listing.get("buyer")
    notice.agency = notice.agency or listing.get("agency")
    notice.region = notice.region or listing.get("region")
    if notice.published is None and listing.get("published"):
        notice.published = parse_date(listing["published"])


def _content_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not PAGE_MARK.match(line)]


def title_from_text(text: str) -> str | None:
    """The title of a document from its first lines: the line (joined with a short wrapped remainder) that
    ends like a title (…公告, …文件, …合同), after the project's name when it is only a cover's 招标文件; else the
    first line that reads like one."""
    lines = _content_lines(text)[:15]
    fallback = None
    for i, line in enumerate(lines):
        if not 4 <= len(line) <= 90 or re.search(r"[：:|]|。$", line) or re.match(r"^第[一二三四五六七八九十\d]+[章节]", line):
            continue
        squeezed = re.sub(r"(?<=\S) (?=\S)", "", line) if re.fullmatch(r"(?:\S ){2,}\S", line) else line
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if len(following) <= 8 and _TITLE_SUFFIX.search(squeezed + following) and not _TITLE_SUFFIX.search(squeezed):
            squeezed += following  # a title wrapped onto a short second line (…单一来源采购公 / 示)
        if _TITLE_SUFFIX.search(_TRAILING_NOTE.sub("", squeezed)) and _TITLE_WORDS.search(squeezed):
            if fallback and _DOCUMENT_KIND.fullmatch(squeezed):
                return fallback + squeezed  # a cover: the project's name, then 招 标 文 件 on a line of its own
            return squeezed
        if fallback is None and _TITLE_WORDS.search(line) and not re.match(r"^[一二三四五六七八九十\d]+[、.．]", line):
            fallback = squeezed
    return fallback


def notice_from_document(doc: DocumentText) -> Notice:
    """Extract a notice from a standalone file (a PDF, DOCX, TXT ... that is the notice itself)."""
    notice = Notice(text=doc.text, pages=list(doc.pages), title=title_from_text(doc.text))
    if doc.error:
        notice.errors.append(doc.error)
        return notice
    apply_pairs(notice, pairs_from(doc.text, doc.tables))
    apply_tables(notice, doc.tables)
    apply_sentences(notice, doc.text)
    notice.line_items = list(doc.line_items)
    if not notice.line_items:
        notice.line_items = line_items_from_text(doc.text, doc.name)
    if not notice.buyer:
        notice.buyer = signature_org(doc.text)
    notice.notice_type = notice_type_of(notice, text=doc.text)
    budget_from_single_intention(notice)
    return notice


def add_attachments(notice: Notice, attachments: list[DocumentText]) -> None:
    """Attach the read attachments; fields the page left empty may come from them."""
    notice.attachments.extend(attachments)
    for att in attachments:
        if att.error:
            continue
        apply_pairs(notice, pairs_from(att.text, att.tables))
