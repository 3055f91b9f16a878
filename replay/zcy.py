"""The 政采云 replay: one site per province, ``/portal/category``, ``/portal/all``, ``/portal/detail``, WAF pages.

Shapes follow PORTALS.md §4.1 and the excerpts it cites (portal-samples/zcy): list rows with a base64
``articleId``, ``publishDate`` in epoch ms, ``pathName``, ``purchaseName`` …; the detail's ``result.data``
with ``content`` (the 政采云 template: ``style#fixTableStyle``, ``div#template-center-mark``, bookmark
``samp`` elements, attachments in ``ul.fjxx``) and ``attachmentList`` (``{name, url}``: the entry shape
is not in any capture). ``captcha=True`` makes every list request answer Aliyun's slider captcha.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import timedelta, timezone
from pathlib import Path

from markupsafe import Markup, escape

from replay.corpus import HERE, TEMPLATES, ReplayNotice, attachments_by_uuid, load_corpus
from replay.server import Request, Response, Site, file_response, json_response

SITE_DIR = HERE / "sites" / "zcy"
CHINA = timezone(timedelta(hours=8))
TENDERS = ("gkzb", "jzxcs", "xjgg", "jzxtpgg", "dylygg", "zgysgg", "yqzbgg")


@dataclass(frozen=True)
class Province:
    """How one 政采云 province files its notices: its category code for each notice type."""

    name: str
    site_id: int
    codes: dict[str, str]  # CCGP-style type code -> category code; "*" for the rest
    district: str
    seed: int


PROVINCES = {
    "zhejiang": Province("zhejiang", 110, {"zbgg": "110-908841", "cjgg": "110-908841", "dylygg": "110-424097",
                                           "*": "110-978863"}, "339900", 2025101),
    "shanghai": Province("shanghai", 31, {"gkzb": "ZcyAnnouncement2", "jzxcs": "ZcyAnnouncement3",
                                          "jzxtpgg": "ZcyAnnouncement4", "zbgg": "ZcyAnnouncement3004",
                                          "cjgg": "ZcyAnnouncement3004", "*": "ZcyAnnouncement2"}, "310000", 2025102),
    "guangxi": Province("guangxi", 61, {"zbgg": "ZcyAnnouncement4", "cjgg": "ZcyAnnouncement4",
                                        "dylygg": "ZcyAnnouncement6", "fblbgg": "ZcyAnnouncement9",
                                        "*": "ZcyAnnouncement2"}, "450000", 2025103),
}


def article_id(n: ReplayNotice) -> str:
    """A base64 article id like the platform's (``Y1Xs+Ya9sqZiYbm5sKeVqQ==``): it needs URL-encoding."""
    return base64.b64encode(hashlib.md5(f"zcy{n.id}".encode()).digest()).decode()


def epoch_ms(n: ReplayNotice) -> int:
    """The publication time in epoch milliseconds, the notice's clock being China's (UTC+8)."""
    return int(n.moment.replace(tzinfo=CHINA).timestamp() * 1000)


class ZcySite(Site):
    """One replayed 政采云 province, mounted at ``/zcy/<province>``."""

    def __init__(self, province: str, captcha: bool = False, site_dir: Path = SITE_DIR):
        self.province = PROVINCES[province]
        self.prefix = f"/zcy/{province}"
        self.captcha = captcha
        self.notices = load_corpus(site_dir / f"{province}.yaml", site_dir / "files", fillers=15,
                                   seed=self.province.seed, first_filler_id=25400011, template="zcy")
        self.by_article = {article_id(n): n for n in self.notices}
        self.attachments = attachments_by_uuid(self.notices)
        self.list_calls = 0

    def code_of(self, n: ReplayNotice) -> str:
        return self.province.codes.get(n.channel, self.province.codes["*"])

    def handle(self, request: Request) -> Response:
        if request.path in ("/portal/category", "/portal/all") and request.method == "POST":
            self.list_calls += 1
            if self.captcha:
                return Response(200, TEMPLATES.get_template("common/slider.j2").render().encode("utf-8"))
            return self.listing(request, request.json())
        if request.path == "/portal/detail":
            return self.detail(request)
        if request.path.startswith("/oss/"):
            attachment = self.attachments.get(request.path.split("/")[2].split(".")[0])
            if attachment:
                return file_response(attachment["path"].read_bytes(), attachment["name"])
        return json_response({"success": False, "result": None, "error": "资源不存在"}, status=404)

    def listing(self, request: Request, query: dict) -> Response:
        begin, end = query.get("publishDateBegin") or 0, query.get("publishDateEnd") or 2**62
        found = [n for n in self.notices if begin <= epoch_ms(n) <= end]
        if request.path == "/portal/category":
            found = [n for n in found if self.code_of(n) == query.get("categoryCode")]
        keyword = (query.get("keyword") or "").lower()
        if keyword:
            title_only = query.get("isTitleSearch")
            found = [n for n in found if keyword in (n.title if title_only else n.title + n.text).lower()]
        page, size = max(1, int(query.get("pageNo") or 1)), max(1, int(query.get("pageSize") or 15))
        rows = [self.row(n, keyword) for n in found[(page - 1) * size: page * size]]
        return json_response({"success": True, "result": {"data": {"total": len(found), "data": rows,
                                                                   "empty": not rows}}, "error": None})

    def row(self, n: ReplayNotice, keyword: str) -> dict:
        title = str(escape(n.title))
        if keyword and keyword in title.lower():
            at = title.lower().index(keyword)
            title = f"{title[:at]}<em>{title[at:at + len(keyword)]}</em>{title[at + len(keyword):]}"
        return {
            "articleId": article_id(n), "annId": None, "siteId": self.province.site_id, "firstCode": None,
            "parentId": None, "secondCode": None, "author": n.agency, "cover": None, "path": None,
            "pathName": f"公示公告 | 采购公告 | {n.view()['channel_label']}", "title": title, "content": None,
            "publishDate": epoch_ms(n), "districtCode": self.province.district, "gpCatalogCode": None,
            "gpCatalogName": n.category or None, "procurementMethodCode": None,
            "procurementMethod": n.view()["method"], "bidOpeningTime": None, "projectCode": n.project_code or None,
            "projectName": n.project_name, "districtName": n.region, "districtNameList": None,
            "purchaseName": n.buyer, "invalid": 0, "invalidDate": None, "budgetPrice": f"{n.budget:.2f}",
        }

    def detail(self, request: Request) -> Response:
        n = self.by_article.get(request.query.get("articleId", ""))
        if n is None:
            return json_response({"success": False, "result": None, "error": "公告不存在"})
        listed = [a for a in n.attachments if a.get("style") != "fjxx"]
        inline = [a for a in n.attachments if a.get("style") == "fjxx"]
        content = TEMPLATES.get_template("zcy/content.j2").render(body=Markup(n.body_html), inline=inline, base=request.base)
        data = {
            "title": n.title, "htmlTitle": None, "isCustomTitle": 0, "articleId": article_id(n),
            "siteId": self.province.site_id, "author": n.agency, "projectCode": n.project_code or None,
            "projectName": n.project_name, "publishDate": epoch_ms(n), "documentNo": None, "redHeadFile": None,
            "announcementType": 3001 if n.channel in TENDERS else 4005, "districtCode": self.province.district,
            "categoryNames": ["采购公告", "政府采购公告", n.view()["channel_label"]], "isShowAttachment": bool(listed),
            "announcementLinkDtoList": None, "content": content, "click": 37,
            "attachmentList": [{"name": a["name"], "url": f"{request.base}/oss/{a['uuid']}.{a['file'].rsplit('.', 1)[-1]}",
                                "size": a["path"].stat().st_size} for a in listed],
            "expiredAt": f"{n.day:%Y-%m-%d}T15:59:59.000+0000",
        }
        return json_response({"success": True, "result": {"data": data}, "error": None})
