"""The CCGP replay (中国政府采购网): homepage, ``bxsearch`` search, detail pages, attachments, blocks.

Shapes follow PORTALS.md §1 and the real captures it cites: result items whose links are
``javascript:void(0)`` with the real URLs only in ``var ohtmlurls``, ``共找到N条``, paging by
``page_index`` (20 a page), colon dates, both detail templates, ``bizDownload`` and ``ignore=1``
attachment links, the ``频繁访问`` page when searched too fast, and 403 for www pages without the
homepage's cookies.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from markupsafe import Markup, escape

from replay.corpus import CHANNELS, HERE, SCOPES, TEMPLATES, WINDOW, ReplayNotice, attachments_by_uuid, load_corpus
from replay.server import RateLimit, Request, Response, Site, file_response

SITE_DIR = HERE / "sites" / "ccgp"
PAGE_SIZE = 20
CHANNEL_PAGE = re.compile(r"^/cggg/(\w+)/(\w+)/(?:index(?:_(\d+))?\.htm)?$")

BID_TYPES = {"1": "gkzb", "2": "xjgg", "3": "jzxtpgg", "4": "dylygg", "5": "zgysgg", "6": "yqzbgg",
             "7": "zbgg", "8": "gzgg", "9": "qtgg", "10": "jzxcs", "11": "cjgg", "12": "fblbgg"}
FILLERS = 60


class CcgpSite(Site):
    """The replayed CCGP, mounted at ``/ccgp``."""

    prefix = "/ccgp"
    hosts = ("www.ccgp.gov.cn", "search.ccgp.gov.cn", "download.ccgp.gov.cn")

    def __init__(self, search_limit: tuple[int, float] | None = None, require_cookie: bool = True,
                 site_dir: Path = SITE_DIR):
        """``search_limit=(n, seconds)``: more than n searches within that many seconds get '频繁访问'."""
        self.require_cookie = require_cookie
        self.site_dir = site_dir
        self.notices = self._load()
        self.by_path = {n.detail_path: n for n in self.notices}
        self.attachments = attachments_by_uuid(self.notices)
        self.search_limit = RateLimit(search_limit)

    def _load(self) -> list[ReplayNotice]:
        return load_corpus(self.site_dir / "notices.yaml", self.site_dir / "files", fillers=FILLERS)

    @property
    def blocked(self) -> int:
        """How many searches were answered '频繁访问'."""
        return self.search_limit.refused

    # --- pages --------------------------------------------------------------------------------

    def _render(self, template: str, status: int = 200, **values: object) -> Response:
        html = TEMPLATES.get_template(f"ccgp/{template}").render(**values)
        return Response(status, html.encode("utf-8"))

    def handle(self, request: Request) -> Response:
        path = request.path
        if path in ("/", "/index.htm"):
            latest = [n.view() for n in self.notices[:10]]
            response = self._render("home.j2", base=request.base, latest=latest)
            response.headers["Set-Cookie"] = "HMF_CI=ccgp-replay-session; Path=/"
            return response
        if path == "/bxsearch":
            return self.search(request)
        if path == "/oss/download":
            return self.download(request)
        if path.startswith("/cggg/"):
            if self.require_cookie and "HMF_CI=" not in request.headers.get("cookie", ""):
                return self._render("forbidden.j2", status=403)
            channel = CHANNEL_PAGE.match(path)
            if channel:
                return self.channel(request, *channel.groups())
            notice = self.by_path.get(path)
            if notice is None:
                return self._render("notfound.j2", status=404, base=request.base)
            return self._render("detail.j2", base=request.base, n={**notice.view(), "body_html": Markup(notice.body_html)})
        return self._render("notfound.j2", status=404, base=request.base)

    def channel(self, request: Request, scope: str, code: str, index: str | None) -> Response:
        """A static channel list: that channel's notices, newest first, 20 a page, ``index_N.htm`` = page N+1."""
        if scope not in SCOPES or code not in CHANNELS:
            return self._render("notfound.j2", status=404, base=request.base)
        listed = [n for n in self.notices if n.scope == scope and n.channel == code]
        page = int(index) + 1 if index else 1
        pages = max(1, -(-len(listed) // PAGE_SIZE))
        if page > pages:
            return self._render("notfound.j2", status=404, base=request.base)
        items = []
        for n in listed[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
            view = n.view()
            view.update(month=f"{n.moment:%Y%m}", day_compact=f"{n.moment:%Y%m%d}")
            items.append(view)
        return self._render("channel.j2", base=request.base, items=items, page=page, pages=pages,
                            scope_label=SCOPES[scope], channel_label=CHANNELS[code])

    def search(self, request: Request) -> Response:
        """``bxsearch``: keyword (title or full text), date range with colon dates, type and scope, 20 a page."""
        if self.search_limit.too_fast():
            return self._render("ratelimit.j2")
        q = {k: request.query.get(k, "") for k in (
            "searchtype", "page_index", "bidSort", "buyerName", "projectId", "pinMu", "bidType", "kw",
            "start_time", "end_time", "timeType", "displayZone", "zoneId", "agentName")}
        q["searchtype"] = q["searchtype"] or "1"
        start = _colon_date(q["start_time"]) or WINDOW[0]
        end = _colon_date(q["end_time"]) or WINDOW[1]
        found = [n for n in self.notices if start <= n.day <= end and self._matches(n, q)]
        page = max(1, int(q["page_index"] or 1))
        pages = max(1, -(-len(found) // PAGE_SIZE))
        shown = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        items = []
        for n in shown:
            view = n.view()
            view["url"] = request.base + n.detail_path
            view["highlighted_title"] = Markup(_highlight(n.title, q["kw"]))
            view["summary"] = re.sub(r"\s+", "", n.text)[:100]
            items.append(view)
        return self._render(
            "search.j2", base=request.base, q=q, page=page, pages=pages, total=len(found), items=items,
            start_iso=start.isoformat(), end_iso=end.isoformat(),
        )

    @staticmethod
    def _matches(n: ReplayNotice, q: dict[str, str]) -> bool:
        kw = q["kw"].strip().lower()
        haystack = n.title if q["searchtype"] == "1" else n.title + n.text
        if kw and kw not in haystack.lower():
            return False
        if q["bidSort"] == "1" and n.scope != "zygg" or q["bidSort"] == "2" and n.scope != "dfgg":
            return False
        if q["bidType"] not in ("", "0") and BID_TYPES.get(q["bidType"]) != n.channel:
            return False
        if q["buyerName"] and q["buyerName"] not in n.buyer:
            return False
        return True

    def download(self, request: Request) -> Response:
        attachment = self.attachments.get(request.query.get("uuid", ""))
        if attachment is None:
            return self._render("notfound.j2", status=404, base=request.base)
        return file_response(attachment["path"].read_bytes(), attachment["name"])


def _colon_date(value: str) -> date | None:
    match = re.match(r"(\d{4})[:\-](\d{1,2})[:\-](\d{1,2})", value or "")
    return date(*map(int, match.groups())) if match else None


def _highlight(title: str, kw: str) -> str:
    if not kw or kw not in title:
        return str(escape(title))
    before, _, after = title.partition(kw)
    return f"{escape(before)}<font color=red>{escape(kw)}</font>{escape(after)}"
