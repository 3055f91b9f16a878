"""The gpcms replay (政府采购智慧云平台): ``selectInfoForIndex``, ``getInfoById``, files, the verifyCode stop.

Shapes follow PORTALS.md §4.2 and the contract of the synthetic samples it cites: ``{"code": "200", "msg":
"操作成功", "data": {"total", "rows"}}`` lists whose titles carry ``<font>`` highlights, details with
``content`` (``#noticeArea``) and ``attchList[{fileName, fileUrl}]``. ``verify_required=True`` answers
every list request as Sichuan does without a solved captcha and signed headers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from replay.corpus import HERE, TEMPLATES, ReplayNotice, attachments_by_uuid, load_corpus
from replay.server import Request, Response, Site, file_response, json_response

SITE_DIR = HERE / "sites" / "gpcms"
API = "/gpcms/rest/web/v2/info"
RESULTS = ("zbgg", "cjgg", "fblbgg", "gzgg")


@dataclass(frozen=True)
class Province:
    """One gpcms province: its site id, the channel of its tenders and of its results, its region code."""

    name: str
    site_id: str
    tender_channel: str
    result_channel: str
    region_code: str
    seed: int


PROVINCES = {
    "guangdong": Province("guangdong", "cd64e06a-21a7-4620-aebc-0576bab7e07a", "fca71be5-fc0c-45db-96af-f513e9abda9d",
                          "95ff31f3-a1af-4bc4-b1a2-54c894476193", "440001", 2025201),
    "sichuan": Province("sichuan", "94c965cc-c55d-4f92-8469-d5875c68bd04", "c5bff13f-21ca-4dac-b158-cb40accd3035",
                        "6d48e0f7-8dff-412f-9f89-83f01a2d296f", "510001", 2025202),
}


def info_id(n: ReplayNotice) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"gpcms/{n.id}"))


class GpcmsSite(Site):
    """One replayed gpcms province, mounted at ``/gpcms/<province>``."""

    def __init__(self, province: str, verify_required: bool = False, site_dir: Path = SITE_DIR):
        self.province = PROVINCES[province]
        self.prefix = f"/gpcms/{province}"
        self.verify_required = verify_required
        self.notices = load_corpus(site_dir / f"{province}.yaml", site_dir / "files", fillers=15,
                                   seed=self.province.seed, first_filler_id=25500011, template="noticeArea")
        self.by_id = {info_id(n): n for n in self.notices}
        self.attachments = attachments_by_uuid(self.notices)

    def channel_of(self, n: ReplayNotice) -> str:
        return self.province.result_channel if n.channel in RESULTS else self.province.tender_channel

    def handle(self, request: Request) -> Response:
        if request.path == f"{API}/selectInfoForIndex":
            if self.verify_required and not request.query.get("verifyCode"):
                return json_response({"code": "500", "msg": "验证码不能为空", "data": None})
            return self.listing(request.query)
        if request.path == f"{API}/getInfoById":
            return self.detail(request)
        if request.path.startswith(("/gpx-bid-file/", "/freecms/download/")):
            attachment = self.attachments.get(request.path.rsplit("/", 1)[-1].split(".")[0])
            if attachment:
                return file_response(attachment["path"].read_bytes(), attachment["name"])
        return json_response({"code": "404", "msg": "资源不存在", "data": None}, status=404)

    def listing(self, query: dict[str, str]) -> Response:
        start, end = _moment(query.get("operationStartTime")), _moment(query.get("operationEndTime"))
        channels = {c for c in (query.get("channel") or "").split(",") if c}
        keyword = (query.get("title") or "").strip()
        found = [n for n in self.notices if (start is None or n.moment >= start) and (end is None or n.moment <= end)
                 and (not channels or self.channel_of(n) in channels) and keyword.lower() in n.title.lower()]
        page, size = max(1, int(query.get("currPage") or 1)), max(1, int(query.get("pageSize") or 15))
        rows = [self.row(n, keyword) for n in found[(page - 1) * size: page * size]]
        return json_response({"code": "200", "msg": "操作成功", "data": {"total": len(found), "rows": rows}})

    def row(self, n: ReplayNotice, keyword: str) -> dict:
        title = str(escape(n.title))
        if keyword:
            title = title.replace(keyword, f"<font color='red'>{keyword}</font>")
        view = n.view()
        return {"id": info_id(n), "title": title, "description": n.project_name, "noticeTime": n.date,
                "noticeType": "00102" if n.channel in RESULTS else "00101", "noticeTypeName": view["channel_label"],
                "channel": self.channel_of(n), "channelName": "采购结果公告" if n.channel in RESULTS else "采购公告",
                "openTenderCode": n.project_code or None, "regionName": n.region, "purchaser": n.buyer,
                "agency": n.agency, "budget": f"{n.budget:.4f}"}

    def detail(self, request: Request) -> Response:
        n = self.by_id.get(request.query.get("id", ""))
        if n is None:
            return json_response({"code": "500", "msg": "信息不存在", "data": None})
        listed = [a for a in n.attachments if a.get("style") != "inline"]
        inline = [a for a in n.attachments if a.get("style") == "inline"]
        view = n.view()
        content = TEMPLATES.get_template("gpcms/content.j2").render(
            body=Markup(n.body_html), n=view, inline=inline, base=request.base, region_code=self.province.region_code)
        data = {"id": info_id(n), "title": n.title, "purchaser": n.buyer, "noticeTime": n.date,
                "noticeTypeName": view["channel_label"], "openTenderCode": n.project_code or None,
                "purchaseMannerName": view["method"], "budget": f"{n.budget:.4f}", "bidCompany": None,
                "successfulMoney": None, "content": content,
                "attchList": [{"fileName": a["name"], "fileUrl": f"{request.base}/freecms/download/{a['uuid']}."
                               f"{a['file'].rsplit('.', 1)[-1]}"} for a in listed]}
        return json_response({"code": "200", "msg": "操作成功", "data": data})


def _moment(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value or "", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
