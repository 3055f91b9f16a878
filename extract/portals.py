"""Notices from the JSON of the API portals: 政采云 ``/portal/detail``, gpcms ``getInfoById`` and GGZY list records.

The structured fields of the JSON (title, buyer, dates in epoch ms, budget strings in 元, project code, region,
attachment lists) are taken first; the notice body, an HTML string in ``content``, then fills the rest through
the same page templates as a detail page. Shapes: PORTALS.md §2.2, §4.1, §4.2 and the samples it lists.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from extract.amounts import parse_amount
from extract.dates import parse_date, parse_datetime
from extract.encoding import decode_bytes
from extract.fields import notice_type_of
from extract.html import parse_html
from extract.notice import apply_listing, fill_from_page
from extract.records import Link, Notice


def looks_like_json(data: bytes | str, content_type: str | None = None) -> bool:
    """True for a JSON document (by its content type, or by its first character)."""
    if content_type and "json" in content_type.lower():
        return True
    head = data[:64].lstrip() if isinstance(data, str) else data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[", "{", "[")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _links(entries: Any, base_url: str | None) -> list[Link]:
    """Attachment links from a JSON attachment list, whatever its key names."""
    links = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        url = next((entry[k] for k in ("fileUrl", "url", "link", "downloadUrl", "fileLink", "path") if entry.get(k)), None)
        name = next((entry[k] for k in ("fileName", "name", "title", "originalName") if entry.get(k)), None)
        if url:
            url = urljoin(base_url, str(url)) if base_url else str(url)
            links.append(Link(name=str(name or url.rsplit("/", 1)[-1]), url=url))
    return links


def _record(obj: Any) -> tuple[str, dict]:
    """(shape, the record) of a decoded JSON document: 'zcy', 'gpcms', 'ggzy' or 'unknown'."""
    if isinstance(obj, dict):
        result = obj.get("result")
        if isinstance(result, dict) and isinstance(result.get("data"), dict):
            return "zcy", result["data"]
        data = obj.get("data")
        if isinstance(data, dict) and ("attchList" in data or "purchaser" in data or "noticeTime" in data
                                       or "openTenderCode" in data):
            return "gpcms", data
        if "informationType" in obj or "informationTypeText" in obj or "publishTime" in obj:
            return "ggzy", obj
        if isinstance(data, dict) and "content" in data:
            return "gpcms", data
    return "unknown", obj if isinstance(obj, dict) else {}


def _zcy(notice: Notice, data: dict, base_url: str | None) -> tuple[str | None, tuple[str | None, ...]]:
    notice.title = _text(data.get("title"))
    notice.project_code = _text(data.get("projectCode"))
    notice.project_name = _text(data.get("projectName"))
    notice.buyer = _text(data.get("purchaseName"))
    notice.region = _text(data.get("districtName"))
    notice.category = _text(data.get("gpCatalogName"))
    notice.method = _text(data.get("procurementMethod"))
    notice.published = parse_date(data.get("publishDate"))
    notice.deadline = parse_datetime(data.get("bidOpeningTime"))
    notice.budget_cny = parse_amount(_text(data.get("budgetPrice")) or "")
    notice.award_cny = parse_amount(_text(data.get("totalContractAmount")) or "")
    notice.links = _links(data.get("attachmentList"), base_url)
    categories = data.get("categoryNames") or []
    labels = (_text(data.get("pathName")), *(str(c) for c in reversed(categories)))
    # 采购意向 are published by the buyer itself: its author is the buyer
    if not notice.buyer and any("意向" in (label or "") for label in labels):
        notice.buyer = _text(data.get("author"))
    return data.get("content"), labels


def _gpcms(notice: Notice, data: dict, base_url: str | None) -> tuple[str | None, tuple[str | None, ...]]:
    notice.title = _text(data.get("title"))
    notice.buyer = _text(data.get("purchaser"))
    notice.agency = _text(data.get("agency"))
    notice.project_code = _text(data.get("openTenderCode"))
    notice.method = _text(data.get("purchaseMannerName"))
    notice.region = _text(data.get("regionName"))
    notice.published = parse_date(data.get("noticeTime"))
    notice.budget_cny = parse_amount(_text(data.get("budget")) or "")
    notice.award_cny = parse_amount(_text(data.get("successfulMoney")) or "")
    notice.links = _links(data.get("attchList"), base_url)
    return data.get("content"), (_text(data.get("noticeTypeName")),)


def _ggzy(notice: Notice, record: dict, base_url: str | None) -> tuple[str | None, tuple[str | None, ...]]:
    notice.title = _text(record.get("title"))
    notice.published = parse_date(record.get("publishTime"))
    notice.deadline = parse_datetime(record.get("deadline"))
    notice.project_code = _text(record.get("tenderProjectCode"))
    notice.region = "".join(filter(None, (_text(record.get("provinceText")), _text(record.get("cityText"))))) or None
    notice.category = _text(record.get("businessTypeText"))
    return record.get("bodyContent"), (_text(record.get("informationTypeText")),)


SHAPES = {"zcy": _zcy, "gpcms": _gpcms, "ggzy": _ggzy}


def json_notice(data: bytes | str, family: str, url: str | None = None, listing: dict | None = None) -> Notice:
    """A notice from an API portal's JSON; ``family`` is a hint, the JSON's shape decides."""
    notice = Notice(url=url)
    text = decode_bytes(data)[0] if isinstance(data, bytes) else data
    try:
        obj = json.loads(text)
    except ValueError as exc:
        notice.errors.append(f"unreadable JSON ({exc})")
        apply_listing(notice, listing or {})
        return notice
    shape, record = _record(obj)
    if shape == "unknown" and family in SHAPES:
        shape = family
    if shape not in SHAPES:
        notice.errors.append("JSON of an unknown shape")
        apply_listing(notice, listing or {})
        return notice
    content, labels = SHAPES[shape](notice, record, url)
    if content and str(content).strip():
        fill_from_page(notice, parse_html(str(content), base_url=url), listing=listing, portal_labels=labels)
    else:
        notice.text = "\n".join(filter(None, (notice.title, notice.project_name)))
        apply_listing(notice, listing or {})
        notice.notice_type = notice_type_of(notice, *labels, (listing or {}).get("notice_type"))
    return notice
