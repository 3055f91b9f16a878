"""HTML pages to plain text, tables, label/value pairs, template marks and attachment links.

The main content is taken from the templates the portals use (CCGP ``vF_detail_main``, gpcms ``#noticeArea``,
the national trading platform's ``div.detail``, VSB ``#vsb_content`` ...) and, for any other page, from the body
without its navigation, header and footer. Fields that a template marks by class (政采云 ``code-…`` bookmarks,
gpcms ``noticePurchase-…`` spans) or hides in inputs (the old CCGP ``LinkMan``) are read as pairs of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extract.encoding import decode_bytes
from extract.labels import TEMPLATE_MARKS
from extract.pairs import Pair, pairs_from
from extract.records import Link

MAIN_SELECTORS = (
    "//div[contains(@class,'vF_deail_maincontent')]",
    "//div[contains(@class,'vF_detail_main')]",
    "//*[@id='noticeArea']",
    "//div[contains(concat(' ',normalize-space(@class),' '),' detail ')]",
    "//*[contains(@id,'vsb_content')]",
    "//*[@id='mainContent']",
    "//*[@id='noticeContent']",
)
TITLE_SELECTORS = (
    "//h2[contains(@class,'tc')]", "//h4[contains(@class,'h4_o')]", "//div[contains(@class,'title-box')]/p",
    "//div[contains(@class,'title')]/h3", "//*[contains(@class,'article-tt') or contains(@class,'article-title')]",
    "//h1", "//h2", "//h3", "//h4",
)
BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|header|footer|menu|crumbs?|breadcrumb|location|currentloc|top-bar|search|"
    r"relcontent|sidebar|copyright|share|print|articleTool|foot)([\s_-]|$)",
    re.I,
)
BREADCRUMB = re.compile(r"currentloc|crumb|location|position|curr-?pos|dqwz", re.I)
BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
    "ul", "ol", "dd", "dt", "blockquote", "hr", "pre", "form", "header", "footer", "title",
}
ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|zip|rar|7z|txt|ofd)\b", re.I)
ATTACHMENT_URL = re.compile(r"(download|uuid=|attach|accessCode=|gpx-bid-file|open-doc|/oss/|fujian|/file)", re.I)
NOTICE_WORDS = re.compile(r"公告|公示|结果|采购|招标|项目|合同|意向|需求|文件")
HIDDEN_CONTACTS = {"LinkMan": "项目联系人", "LinkTel": "项目联系电话"}
# A buyer named in the header line above the article (university CMS: '采购单位：X　发布时间：…　浏览次数：…').
_HEADER_PARTY = re.compile(r"(采购单位|采购人|招标人|建设单位)\s*[：:]\s*([^\s\u3000|｜：:]{4,40})")
_HEADER_DATE = re.compile(r"(?:发布时间|发布日期|公告时间|信息时间|发布日)\s*[：:]\s*(\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2})")
_WS = re.compile(r"[ \t\u3000\xa0]+")
_NEWLINES = re.compile(r"[\r\n]+")


@dataclass
class HtmlPage:
    """What a detail page holds, ready for field extraction."""

    title: str | None
    meta: dict[str, str]
    text: str
    tables: list[list[list[str]]]
    pairs: list[Pair]
    links: list[Link] = field(default_factory=list)
    encoding: str = "utf-8"
    marks: list[Pair] = field(default_factory=list)  # fields the template marks by class or hidden input
    breadcrumb: str | None = None  # 首页 » 政采公告 » 地方公告 » 中标公告
    published: str | None = None  # the date the page header shows (#pubTime, releaseDateSpan)


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _cell_text(cell: etree._Element) -> str:
    return _clean(" ".join(t for t in cell.itertext()))


def _block_text(root: etree._Element) -> str:
    """Text with a line break at every block element and cells of a row joined by ' | '."""
    parts: list[str] = []

    def inline(text: str | None) -> None:
        if text:
            parts.append(_NEWLINES.sub(" ", text))  # line breaks inside the source are not the page's lines

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "tr" and node.find(".//table") is None:
            cells = [_cell_text(c) for c in node if isinstance(c.tag, str) and c.tag in ("td", "th")]
            cells = [c for c in cells if c]
            if cells:
                parts.append("\n" + " | ".join(cells) + "\n")
            inline(node.tail)
            return
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if tag:
            inline(node.text)
        for child in node:
            walk(child)
        if tag in BLOCK_TAGS:
            parts.append("\n")
        inline(node.tail)

    walk(root)
    lines = (_clean(line) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _tables(root: etree._Element) -> list[list[list[str]]]:
    """Every innermost table as rows of cell texts (a cell spanning columns is repeated, so columns line up)."""
    tables = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue
        rows = []
        for tr in table.iter("tr"):
            cells = []
            for c in tr:
                if isinstance(c.tag, str) and c.tag in ("td", "th"):
                    text = _cell_text(c)
                    span = c.get("colspan") or "1"
                    cells.extend([text] * (int(span) if span.isdigit() and 1 < int(span) <= 8 else 1))
            if any(cells):
                rows.append(cells)
        if rows:
            tables.append(rows)
    return tables


def _main_content(doc: etree._Element) -> etree._Element:
    for xpath in MAIN_SELECTORS:
        found = doc.xpath(xpath)
        if found:
            return max(found, key=lambda el: len(el.text_content()))
    body = doc.find("body")
    root = body if body is not None else doc
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el is root:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag in ("nav", "header", "footer") or BOILERPLATE.search(marker):
            if el.getparent() is not None:
                el.drop_tree()
    return root


def _links(root: etree._Element, base_url: str | None) -> list[Link]:
    links, seen = [], set()
    for a in root.iter("a"):
        name = _clean(a.text_content())
        href = (a.get("href") or "").strip()
        uuid = a.get("id") if "bizDownload" in (a.get("class") or "") else None
        if uuid and (not href or href == "#"):
            href = f"/oss/download?uuid={uuid}"
        if not href or href.startswith(("javascript", "#", "mailto:")):
            continue
        looks_like_file = ATTACHMENT_EXT.search(name) or ATTACHMENT_EXT.search(href.split("?")[0])
        if not (looks_like_file or a.get("ignore") == "1" or uuid or ATTACHMENT_URL.search(href)):
            continue
        url = urljoin(base_url, href) if base_url else href
        if url not in seen:
            seen.add(url)
            links.append(Link(name=name or url.rsplit("/", 1)[-1], url=url))
    return links


def _marks(doc: etree._Element) -> tuple[list[Pair], str | None]:
    """Pairs from template classes and hidden inputs, and the header's publication date."""
    marks: list[Pair] = []
    published = None
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "input" and el.get("type") == "hidden" and el.get("name") in HIDDEN_CONTACTS:
            if (el.get("value") or "").strip():
                marks.append(Pair(HIDDEN_CONTACTS[el.get("name")], el.get("value").strip()))
            continue
        if el.get("id") == "pubTime" or el.get("name") == "releaseDateSpan":
            published = published or _cell_text(el) or None
            continue
        classes = el.get("class")
        if not classes or el.tag in ("td", "th", "table", "tr"):
            continue
        for token in classes.split():
            label = TEMPLATE_MARKS.get(token)
            if label:
                value = _cell_text(el)
                if value:
                    marks.append(Pair(label, value))
                break
    return marks, published


def _breadcrumb(doc: etree._Element) -> str | None:
    for el in doc.iter("div", "p", "span", "ol", "ul"):
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if BREADCRUMB.search(marker):
            text = _cell_text(el)
            if text and len(text) < 200:
                return text
    return None


def _title(doc: etree._Element, meta: dict[str, str]) -> str | None:
    """The notice's title: the ArticleTitle meta tag, the template's heading, or the heading that the
    <title> repeats; the <title> itself without the site's name as a last resort."""
    if meta.get("ArticleTitle", "").strip():
        return _clean(meta["ArticleTitle"])
    title_el = doc.find(".//title")
    page_title = _clean(title_el.text_content()) if title_el is not None else ""
    candidates = []
    for xpath in TITLE_SELECTORS:
        for el in doc.xpath(xpath):
            text = _cell_text(el)
            if 4 <= len(text) <= 150:
                candidates.append(text)
    for text in candidates:
        if page_title and text in page_title and NOTICE_WORDS.search(text):
            return text
    for text in candidates:
        if NOTICE_WORDS.search(text):
            return text
    if page_title:
        return re.split(r"[_|]| - |-(?=[^-]*(?:网|平台|中心|系统)$)", page_title)[0].strip() or None
    return candidates[0] if candidates else None


def parse_html(data: bytes | str, base_url: str | None = None) -> HtmlPage:
    """Parse a detail page into its title, meta tags, main text, tables, label/value pairs and attachment links."""
    if isinstance(data, bytes):
        text, encoding = decode_bytes(data)
    else:
        text, encoding = data, "utf-8"
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    if not text.strip():
        raise ValueError("empty page")
    doc = lxml.html.document_fromstring(text)
    for bad in doc.xpath("//script|//style|//noscript|//comment()"):
        if bad.getparent() is not None:
            bad.drop_tree()
    meta = {m.get("name"): m.get("content", "") for m in doc.iter("meta") if m.get("name")}
    title = _title(doc, meta)
    links = _links(doc, base_url)
    marks, published = _marks(doc)
    header = doc.text_content()[:20000]
    if published is None:  # a date line above the main content (VSB '发布时间：2025-04-30  作者：…')
        header_date = _HEADER_DATE.search(header)
        published = header_date.group(1) if header_date else None
    breadcrumb = _breadcrumb(doc)
    root = _main_content(doc)
    body_text = _block_text(root)
    tables = _tables(root)
    # the header's party comes last: a field of the article itself wins
    pairs = pairs_from(body_text, tables) + [Pair(m.group(1), m.group(2)) for m in _HEADER_PARTY.finditer(header)]
    return HtmlPage(title=title, meta=meta, text=body_text, tables=tables, pairs=pairs,
                    links=links, encoding=encoding, marks=marks, breadcrumb=breadcrumb, published=published)


def looks_like_js_shell(page: HtmlPage) -> bool:
    """True for a page that is only a JavaScript shell: almost no text once scripts are gone."""
    return len(re.sub(r"\s", "", page.text)) < 40
