"""The university replays: 深圳大学 (lists as ``var datanews`` JSON) and VSB sites (HTML lists with 下页 links).

Shapes follow PORTALS.md §5: VSB list pages (``ul.ss > li``, date in a ``span``, page 1 at ``COLUMN.htm`` and
the next at ``COLUMN/N.htm`` counting down), detail pages at ``/info/{column}/{article}.htm`` with the body in
``#vsb_content`` and attachments as ``download.jsp`` links, and 深圳大学's list embedded as JSON.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from replay.corpus import HERE, TEMPLATES, ReplayNotice, attachments_by_uuid, load_corpus
from replay.server import Request, Response, Site, file_response

SITE_DIR = HERE / "sites" / "univ"
PAGE_SIZE = 8
DETAIL = re.compile(r"^/info/(\d+)/(\d+)\.htm$")


@dataclass(frozen=True)
class Layout:
    """One university site: its name, list style and columns (list path -> (column name, column id))."""

    university: str
    style: str  # "vsb" or "datanews"
    columns: dict[str, tuple[str, int]]
    seed: int


LAYOUTS = {
    "szu": Layout("深圳大学", "datanews", {"/cggg/cgyxgk.htm": ("采购意向公开", 1029), "/cggg/zbgg.htm": ("招标公告", 1030),
                                          "/cggg/jggg.htm": ("结果公告", 1031)}, 2025301),
    "gduf": Layout("广东金融学院", "vsb", {"/cgxx/cggg/xnjzcgl.htm": ("采购公告", 1012), "/cgxx/jggg.htm": ("结果公告", 1013)},
                   2025302),
    "nudt": Layout("国防科技大学", "vsb", {"/cgxx/index.htm": ("采购信息", 1101)}, 2025303),
    "hnust": Layout("湖南科技大学", "vsb", {"/cgxx/cggg/index.htm": ("采购公告", 1201)}, 2025304),
}
RESULTS = ("zbgg", "cjgg", "fblbgg")


class UnivSite(Site):
    """One replayed university procurement site, mounted at ``/univ/<site>``."""

    def __init__(self, site: str, site_dir: Path = SITE_DIR):
        self.layout = LAYOUTS[site]
        self.prefix = f"/univ/{site}"
        corpus = site_dir / f"{site}.yaml"
        self.notices = load_corpus(corpus, site_dir / "files", fillers=12, seed=self.layout.seed,
                                   first_filler_id=25600011, buyer=self.layout.university)
        self.column_of = {n.id: self.column(n) for n in self.notices}
        self.attachments = attachments_by_uuid(self.notices)

    def column(self, n: ReplayNotice) -> str:
        """The list a notice appears in: results in the last column, the rest in the first ones."""
        paths = list(self.layout.columns)
        if n.extra.get("column"):
            return n.extra["column"]
        return paths[-1] if n.channel in RESULTS and len(paths) > 1 else paths[n.id % max(1, len(paths) - 1)]

    def handle(self, request: Request) -> Response:
        path = request.path
        if path in self.layout.columns:
            return self.listing(request, path, 1)
        paged = re.match(r"^(.*)/(\d+)\.htm$", path)
        if paged and paged.group(1) + ".htm" in self.layout.columns:
            column = paged.group(1) + ".htm"
            pages = self.pages(column)
            return self.listing(request, column, pages - int(paged.group(2)) + 1)
        detail = DETAIL.match(path)
        if detail:
            n = next((n for n in self.notices if n.id == int(detail.group(2))), None)
            if n is not None:
                html = TEMPLATES.get_template("univ/detail.j2").render(
                    n=n.view(), body=Markup(n.body_html), base=request.base, university=self.layout.university)
                return Response(200, html.encode("utf-8"))
        if path == "/system/_content/download.jsp":
            attachment = self.attachments.get(request.query.get("wbfileid", ""))
            if attachment:
                return file_response(attachment["path"].read_bytes(), attachment["name"])
        return Response(404, TEMPLATES.get_template("common/nginx404.j2").render().encode())

    def listed(self, column: str) -> list[ReplayNotice]:
        return [n for n in self.notices if self.column_of[n.id] == column]

    def pages(self, column: str) -> int:
        return max(1, -(-len(self.listed(column)) // PAGE_SIZE))

    def listing(self, request: Request, column: str, page: int) -> Response:
        name, col = self.layout.columns[column]
        notices = self.listed(column)
        if self.layout.style == "datanews":
            rows = [{"date": f"{n.day:%Y-%m-%d}", "titleColor": "", "showTitle": ("置顶 " if n.extra.get("pinned") else "")
                     + n.title, "tipsTitle": n.title, "cssTitleColor": "", "showDate": f"{n.day:%Y-%m-%d}",
                     "url": {"asString": f"../info/{col}/{n.id}.htm"}} for n in notices]
            html = TEMPLATES.get_template("univ/list_datanews.j2").render(
                column=name, datanews=Markup(json.dumps(rows, ensure_ascii=False)))
            return Response(200, html.encode("utf-8"))
        pages = self.pages(column)
        if not 1 <= page <= pages:
            return Response(404, TEMPLATES.get_template("common/nginx404.j2").render().encode())
        stem = column.rsplit("/", 1)[-1][:-4]
        here_depth = column.count("/") - 1 + (page > 1)
        next_href = (f"{stem}/{pages - page}.htm" if page == 1 else f"{pages - page}.htm") if page < pages else None
        items = [{**n.view(), "col": col} for n in notices[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
        html = TEMPLATES.get_template("univ/list_vsb.j2").render(
            column=name, university=self.layout.university, items=items, up="../" * here_depth, page=page,
            pages=pages, total=len(notices), next_href=next_href, prev_href=None)
        return Response(200, html.encode("utf-8"))
