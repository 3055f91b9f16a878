"""HTML pages to plain text, tables, label/value pairs and attachment links.

The main content is taken from the templates the portals use (CCGP ``vF_detail_main``, gpcms
``#noticeArea``, the national trading platform's ``div.detail``, VSB ``#vsb_content`` ...) and, for
any other page, from the body without its navigation, header and footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extract.encoding import decode_bytes
from extract.fields import field_for_label
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
BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|header|footer|menu|crumbs?|breadcrumb|location|currentloc|top-bar|search|"
    r"relcontent|sidebar|copyright|share|print|articleTool|foot)([\s_-]|$)",
    re.I,
)
BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
    "ul", "ol", "dd", "dt", "blockquote", "hr", "pre", "form", "header", "footer", "title",
}
ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|zip|rar|7z|txt|et)\b", re.I)
ATTACHMENT_URL = re.compile(r"(download|uuid=|attach|accessCode=|gpx-bid-file|open-doc|/oss/|fujian|/file)", re.I)
_WS = re.compile(r"[ \t\u3000\xa0]+")
_NEWLINES = re.compile(r"[\r\n]+")


@dataclass
class HtmlPage:
    """What a detail page holds, ready for field extraction."""

    title: str | None
    meta: dict[str, str]
    text: str
    tables: list[list[list[str]]]
    pairs: list[tuple[str, str]]
    links: list[Link] = field(default_factory=list)
    encoding: str = "utf-8"


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
        if tag == "tr":
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
    """Every innermost table as rows of cell texts (colspans are not expanded)."""
    tables = []
    for table in root.iter("table"):
        if table.find(".//table") is not None:
            continue
        rows = []
        for tr in table.iter("tr"):
            cells = [_cell_text(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if any(cells):
                rows.append(cells)
        if rows:
            tables.append(rows)
    return tables


LABEL_VALUE = re.compile(r"^\s*(?:[一二三四五六七八九十\d]+[、.．)）]\s*)?([^：:\n|]{2,20}?)\s*[：:]\s*(.+?)\s*$")


def pairs_from(text: str, tables: list[list[list[str]]]) -> list[tuple[str, str]]:
    """Label/value pairs: 'label：value' lines, and table rows that alternate label and value cells."""
    pairs: list[tuple[str, str]] = []
    for table in tables:
        widths = {len(row) for row in table}
        if len(table) >= 2 and len(widths) == 1 and widths.pop() >= 3 and \
                sum(field_for_label(row[0]) is not None for row in table) < len(table) / 2:
            continue  # a grid with a header row (items, bidders), not label/value rows
        for row in table:
            if 2 <= len(row) <= 4 and len(row) % 2 == 0:
                for i in range(0, len(row), 2):
                    label, value = row[i].rstrip("：:"), row[i + 1]
                    if label and value and len(label) <= 20 and field_for_label(value) is None:
                        pairs.append((label, value))  # (a value that is itself a label means a header row)
    for line in text.splitlines():
        if " | " in line:
            continue
        match = LABEL_VALUE.match(line)
        if match:
            pairs.append((match.group(1).strip(), match.group(2).strip()))
    return pairs


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
            parent = el.getparent()
            if parent is not None:
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
        bad.drop_tree() if bad.getparent() is not None else None
    meta = {m.get("name"): m.get("content", "") for m in doc.iter("meta") if m.get("name")}
    title_el = doc.find(".//title")
    title = meta.get("ArticleTitle") or None
    if not title:
        for xpath in ("//h2[contains(@class,'tc')]", "//h4[contains(@class,'h4_o')]", "//h1", "//h2", "//h3"):
            found = doc.xpath(xpath)
            if found and _cell_text(found[0]):
                title = _cell_text(found[0])
                break
    if not title and title_el is not None:
        title = _clean(title_el.text_content()).split("_")[0].split(" - ")[0]
    links = _links(doc, base_url)
    root = _main_content(doc)
    body_text = _block_text(root)
    tables = _tables(root)
    return HtmlPage(title=title, meta=meta, text=body_text, tables=tables,
                    pairs=pairs_from(body_text, tables), links=links, encoding=encoding)


def looks_like_js_shell(page: HtmlPage) -> bool:
    """True for a page that is only a JavaScript shell: almost no text once scripts are gone."""
    return len(re.sub(r"\s", "", page.text)) < 40
