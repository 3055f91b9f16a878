"""The GGZY replay (全国公共资源交易平台): the getTradList API, /html/b/ body pages, its codes and quirks.

Shapes follow PORTALS.md §2.2 and the real captures it cites (portal-samples/ggzy): ``POST
/information/pubTradingInfo/getTradList`` answering the MyBatis-Plus page object with 25-key records,
body pages in the contract (``table.detail_Table``) and text (``div.detail_content``) layouts, records
without a body page (404), and the platform's codes: 800 too frequent, 804 narrow the query (more than
``cap`` records match), 829 captcha, plus a 404 HTML page when ``DEAL_TIME`` is missing and the fallback to
the unfiltered list when a keyword matches nothing.
"""

from __future__ import annotations

import hashlib
import re
import time
from datetime import date
from pathlib import Path

from markupsafe import Markup

from replay.corpus import HERE, TEMPLATES, ReplayNotice, attachments_by_uuid, in_window, load_corpus
from replay.server import RateLimit, Request, Response, Site, file_response, json_response

SITE_DIR = HERE / "sites" / "ggzy"
PAGE_SIZE = 20
PROVINCES = {"北京": "110000", "上海": "310000", "浙江": "330000", "福建": "350000", "江西": "360000", "山东": "370000",
             "湖北": "420000", "湖南": "430000", "广东": "440000", "广西": "450000", "四川": "510000", "贵州": "520000",
             "云南": "530000", "辽宁": "210000", "黑龙江": "230000"}
STAGES = {"gkzb": "0201", "jzxcs": "0201", "xjgg": "0201", "dylygg": "0201", "jzxtpgg": "0201",
          "zbgg": "0202", "cjgg": "0202", "gzgg": "0204", "fblbgg": "0204"}
STAGE_NAMES = {"0201": "采购/资审公告", "0202": "中标公告", "0203": "采购合同", "0204": "更正事项"}
BODY_PATH = re.compile(r"^/information/deal/html/b/\d+/\d+/\d{8}/(\w+)\.html$")


def record_id(n: ReplayNotice) -> str:
    """A 36-character record id like the platform's (``0033`` + 32 hex)."""
    return "0033" + hashlib.md5(str(n.id).encode()).hexdigest()


def stage_of(n: ReplayNotice) -> str:
    return n.extra.get("stage") or STAGES.get(n.channel, "0201")


class GgzySite(Site):
    """The replayed national trading platform, mounted at ``/ggzy``."""

    prefix = "/ggzy"

    def __init__(self, cap: int = 1000, rate_limit: tuple[int, float] | None = None, captcha_after: int | None = None,
                 site_dir: Path = SITE_DIR):
        """``cap``: more matching records than this answer 804; ``rate_limit=(n, s)``: more than n list calls in
        s seconds answer 800; ``captcha_after``: list calls after that many answer 829."""
        self.cap, self.rate_limit, self.captcha_after = cap, RateLimit(rate_limit), captcha_after
        self.notices = load_corpus(site_dir / "notices.yaml", site_dir / "files", fillers=30, seed=2025092,
                                   first_filler_id=25300011)
        self.by_record = {record_id(n): n for n in self.notices}
        self.attachments = attachments_by_uuid(self.notices)
        self.list_calls = 0
        self.codes: list[int] = []

    def handle(self, request: Request) -> Response:
        if request.path == "/information/pubTradingInfo/getTradList" and request.method == "POST":
            return self.trade_list(request)
        body = BODY_PATH.match(request.path)
        if body:
            n = self.by_record.get(body.group(1))
            if n is None or n.extra.get("no_body"):
                return Response(404, TEMPLATES.get_template("common/nginx404.j2").render().encode())
            html = TEMPLATES.get_template("ggzy/body.j2").render(
                n=n.view(), stage=stage_of(n), base=request.base, body=Markup(n.body_html),
                platform=n.extra.get("platform", f"{n.region}省公共资源交易平台"))
            return Response(200, html.encode("utf-8"))
        if request.path.startswith("/information/file/"):
            attachment = self.attachments.get(request.path.split("/")[3])
            if attachment:
                return file_response(attachment["path"].read_bytes(), attachment["name"])
        return Response(404, TEMPLATES.get_template("common/nginx404.j2").render().encode())

    def _answer(self, code: int, message: str, data: object = None) -> Response:
        self.codes.append(code)
        return json_response({"code": code, "message": message, "data": data, "usetime": 0,
                              "timestamp": int(time.time() * 1000)})

    def trade_list(self, request: Request) -> Response:
        form = request.form()
        if not form.get("DEAL_TIME"):
            return Response(404, TEMPLATES.get_template("common/nginx404.j2").render().encode())
        self.list_calls += 1
        if self.captcha_after is not None and self.list_calls > self.captcha_after:
            return self._answer(829, "请输入验证码", {"captchaToken": "replay-token",
                                                     "captchaImage": "data:image/png;base64,iVBORw0KGgo="})
        if self.rate_limit.too_fast():
            return self._answer(800, "访问过于频繁，请稍后再试")
        start, end = _day(form.get("TIMEBEGIN")), _day(form.get("TIMEEND"))
        if start is None or end is None or start > end:
            return self._answer(801, "参数错误")
        found = [n for n in self.notices if in_window(n, start, end)
                 and n.extra.get("classify", "02") == form.get("DEAL_CLASSIFY", "02")]
        keyword = form.get("FINDTXT", "").strip()
        matched = [n for n in found if keyword.lower() in n.title.lower()]
        found = matched or found  # no match falls back to the unfiltered list, as the real platform does
        if len(found) > self.cap:
            return self._answer(804, "查询结果过多，请缩小查询范围")
        page = max(1, int(form.get("PAGENUMBER") or 1))
        pages = -(-len(found) // PAGE_SIZE)
        records = [self.record(n) for n in found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
        return self._answer(200, "success", {
            "records": records, "total": len(found), "size": PAGE_SIZE, "current": page, "orders": [],
            "optimizeCountSql": True, "searchCount": True, "countId": None, "maxLimit": None, "pages": pages})

    @staticmethod
    def record(n: ReplayNotice) -> dict:
        """One list record with the 25 keys of the real API, most of them null as in the real answers."""
        stage, province = stage_of(n), PROVINCES.get(n.region, "110000")
        return {
            "id": record_id(n), "addTime": None, "publishTime": f"{n.day:%Y-%m-%d}", "deadline": None,
            "dataSources": None, "dataSourcesText": None, "transactionSourcesPlatform": None,
            "transactionSourcesPlatformText": n.extra.get("platform", f"{n.region}省公共资源交易平台"),
            "businessType": None, "businessTypeText": "政府采购", "informationType": stage,
            "informationTypeText": STAGE_NAMES[stage], "industryType": None, "industryTypeText": "",
            "province": province, "provinceText": f"{n.region}省", "city": None, "cityText": None, "title": n.title,
            "tenderProjectCode": n.project_code or None, "bodyContent": None,
            "url": f"/information/deal/html/a/{province}/{stage}/{n.moment:%Y%m%d}/{record_id(n)}.html",
            "syncTableName": None, "dataTimestamp": None, "pinformationType": None,
        }


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None
