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


def _money(value: Any) -> float | None:
    return parse_amount(_text(value) or "")


# notice field <- (JSON key, converter), per API shape
ZCY_FIELDS = {
    "title": ("title", _text), "project_code": ("projectCode", _text), "project_name": ("projectName", _text),
    "buyer": ("purchaseName", _text), "region": ("districtName", _text), "category": ("gpCatalogName", _text),
    "method": ("procurementMethod", _text), "published": ("publishDate", parse_date),
    "deadline": ("bidOpeningTime", parse_datetime), "budget_cny": ("budgetPrice", _money),
    "award_cny": ("totalContractAmount", _money),
}
GPCMS_FIELDS = {
    "title": ("title", _text), "buyer": ("purchaser", _text), "agency": ("agency", _text),
    "project_code": ("openTenderCode", _text), "method": ("purchaseMannerName", _text),
    "region": ("regionName", _text), "published": ("noticeTime", parse_date), "budget_cny": ("budget", _money),
    "award_cny": ("successfulMoney", _money),
}
GGZY_FIELDS = {
    "title": ("title", _text), "published": ("publishTime", parse_date), "deadline": ("deadline", parse_datetime),
    "project_code": ("tenderProjectCode", _text), "category": ("businessTypeText", _text),
}


def _apply(notice: Notice, record: dict, fields: dict) -> None:
    for attribute, (key, convert) in fields.items():
        setattr(notice, attribute, convert(record.get(key)))


def _zcy(notice: Notice, data: dict, base_url: str | None) -> tuple[str | None, tuple[str | None, ...]]:
    _apply(notice, data, ZCY_FIELDS)
    notice.links = _links(data.get("attachmentList"), base_url)
    labels = (_text(data.get("pathName")), *(str(c) for c in reversed(data.get("categoryNames") or [])))
    # 采购意向 are published by the buyer itself: its author is the buyer
    if not notice.buyer and any("意向" in (label or "") for label in labels):
        notice.buyer = _text(data.get("author"))
    return data.get("content"), labels


def _gpcms(notice: Notice, data: dict, base_url: str | None) -> tuple[str | None, tuple[str | None, ...]]:
    _apply(notice, data, GPCMS_FIELDS)
    notice.links = _links(data.get("attchList"), base_url)
    return data.get("content"), (_text(data.get("noticeTypeName")),)


def _ggzy(notice: Notice, record: dict, base_url: str | None) -> tuple[str | None, tuple[str | None, ...]]:
    _apply(notice, record, GGZY_FIELDS)
    notice.region = "".join(filter(None, (_text(record.get("provinceText")), _text(record.get("cityText"))))) or None
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
