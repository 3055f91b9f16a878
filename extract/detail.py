"""The one entry point for stored detail documents: dispatch on the portal family and the content.

A spider's name gives the family (``source.split("_")[0]``: ccgp, ggzy, zcy, gpcms, univ); the content decides
the reader: HTML detail pages go through the page templates (:mod:`extract.notice`), JSON through the API
shapes (:mod:`extract.portals`).
"""

from __future__ import annotations

from extract.notice import apply_listing, notice_from_html
from extract.portals import json_notice, looks_like_json
from extract.records import Notice

FAMILIES = ("ccgp", "ggzy", "zcy", "gpcms", "univ")


def family_of(source: str | None) -> str:
    """The portal family of a spider name ('zcy_zhejiang' -> 'zcy')."""
    return (source or "").split("_")[0]


def notice_from_detail(data: bytes, source: str | None = None, url: str | None = None,
                       content_type: str | None = None, listing: dict | None = None) -> Notice:
    """Extract a notice from a stored detail document, whatever its portal and form.

    HTML pages go through the page templates; JSON through the API shape it has (政采云 ``result.data``,
    gpcms ``data``, or a GGZY list record kept as metadata when a record has no body page).
    """
    if looks_like_json(data, content_type):
        notice = json_notice(data, family_of(source), url=url, listing=listing)
        notice.portal = source
        return notice
    try:
        return notice_from_html(data, url=url, portal=source, listing=listing)
    except ValueError as exc:  # an empty body: the notice keeps what the list page said, and why
        notice = Notice(url=url, portal=source, errors=[str(exc)])
        apply_listing(notice, listing or {})
        return notice
