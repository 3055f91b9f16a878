"""gpcms family (政府采购智慧云平台, Bosssoft): provincial procurement sites on ``/gpcms/rest/web/v2/info/*``.

List: ``GET /gpcms/rest/web/v2/info/selectInfoForIndex?siteId=&channel=&currPage=&pageSize=&title=
&operationStartTime=&operationEndTime=&selectTimeName=noticeTime&verifyCode=`` → ``{"code": "200", "msg":
"操作成功", "data": {"total": N, "rows": [{id, title (<font> highlights), noticeTime, noticeTypeName,
regionName, purchaser, openTenderCode, …}]}}``; a keyword search is the same list with ``title=``.
Detail: ``GET …/info/getInfoById?id=`` → ``data`` with ``content`` (the notice HTML, ``#noticeArea``) and
``attchList[{fileName, fileUrl}]``; kept as JSON (the detail document).
Blocks and stops (PORTALS.md §4.2): Sichuan and Heilongjiang ask a ``verifyCode`` image captcha plus signed
headers (``nsssjss``, ``sign``) for every list, so their listing stops at the first captcha answer, recorded;
Guangdong was reported both open (2026-07) and behind a WAF answering 403 to non-browser agents (2026-08).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import scrapy
from parsel import Selector
from scrapy.http import Response

from crawler.items import FailedFetch, FetchedPage
from crawler.spiders.base import (
    ListedNotice,
    ListPage,
    PortalSpider,
    clean_text,
    json_answer,
    links_to_files,
    unique_links,
)

API = "/gpcms/rest/web/v2/info"



class GpcmsSpider(PortalSpider):
    """Base of the gpcms sites: a concrete spider names its origin, site id and channels."""

    # Read by GpcmsSpider: the site's id and the channels (公告信息, 公示信息 …) a sweep lists.
    site_id = ""
    channels: tuple[str, ...] = ()
    page_size = 15
    custom_settings = {
        # The gpcms sites sit behind provincial WAFs that refuse bursts; one request every 3 s.
        "DOWNLOAD_DELAY": 3.0,
    }

    def search_tasks(self) -> list[list]:
        return [["search", keyword, ",".join(self.channels)] for keyword in self.keywords]

    def sweep_tasks(self) -> list[list]:
        return [["sweep", "", channel] for channel in self.channels]

    def list_request(self, task: list, page: int) -> scrapy.Request:
        _, keyword, channel = task
        params = {
            "siteId": self.site_id, "channel": channel, "currPage": page, "pageSize": self.page_size,
            "noticeType": "", "regionCode": "", "purchaseManner": "", "title": keyword, "openTenderCode": "",
            "purchaser": "", "agency": "", "operationStartTime": f"{self.since:%Y-%m-%d} 00:00:00",
            "operationEndTime": f"{self.until:%Y-%m-%d} 23:59:59", "selectTimeName": "noticeTime", "verifyCode": "",
        }
        return scrapy.Request(f"{self.origin('www')}{API}/selectInfoForIndex?{urlencode(params)}")

    def captcha_reason(self, response: Response) -> str | None:
        answer = json_answer(response)
        if answer and str(answer.get("code")) != "200" and "验证码" in str(answer.get("msg")):
            return f"gpcms verifyCode required ({answer.get('msg')})"
        return None

    def parse_list(self, response: Response, task: list, page: int) -> ListPage:
        answer = json_answer(response)
        if answer is None:
            return ListPage(error=f"not JSON (HTTP {response.status}, {len(response.body)} bytes)")
        if str(answer.get("code")) != "200":
            return ListPage(error=f"gpcms code {answer.get('code')}: {answer.get('msg')}")
        data = answer.get("data") or {}
        rows = data.get("rows") or []
        result = ListPage(has_more=page * self.page_size < int(data.get("total") or 0) and bool(rows))
        for row in rows:
            if row.get("id"):
                url = f"{self.origin('www')}{API}/getInfoById?{urlencode({'id': row['id']})}"
                result.notices.append(ListedNotice(f"{self.name}:{row['id']}", scrapy.Request(url), listing_of(row)))
        return result

    def detail_document(self, response: Response) -> FetchedPage | FailedFetch:
        answer = json_answer(response)
        if not answer or str(answer.get("code")) != "200" or not answer.get("data"):
            return self.failed_response(response, f"no notice in the answer ({len(response.body)} bytes)")
        return super().detail_document(response)

    def attachment_links(self, response: Response) -> list[tuple[str, str]]:
        """``attchList`` entries, then file links inside ``content`` (相关附件: ``/gpx-bid-file/…``)."""
        data = (json_answer(response) or {}).get("data") or {}
        found = [(item.get("fileName") or "", response.urljoin(item["fileUrl"]))
                 for item in data.get("attchList") or [] if isinstance(item, dict) and item.get("fileUrl")]
        found += links_to_files(Selector(text=data.get("content") or "<html></html>").css("a"), response.url)
        return unique_links(found)


def listing_of(row: dict[str, Any]) -> dict:
    """What a gpcms list row says of its notice."""
    return {
        "title": clean_text(row.get("title")), "published": row.get("noticeTime"), "region": row.get("regionName"),
        "buyer": row.get("purchaser"), "agency": row.get("agency"), "notice_type": row.get("noticeTypeName"),
        "project_code": row.get("openTenderCode"), "budget": row.get("budget"), "channel": row.get("channelName"),
    }


class GpcmsGuangdongSpider(GpcmsSpider):
    """广东省政府采购网 (gdgpo.czt.gd.gov.cn; the old ccgp-guangdong domain is dead)."""

    name = "gpcms_guangdong"
    origins = {"www": "https://gdgpo.czt.gd.gov.cn"}
    site_id = "cd64e06a-21a7-4620-aebc-0576bab7e07a"
    channels = ("fca71be5-fc0c-45db-96af-f513e9abda9d", "95ff31f3-a1af-4bc4-b1a2-54c894476193",
                "3b49b9ba-48b6-4220-9e8b-eb89f41e9d66")


class GpcmsSichuanSpider(GpcmsSpider):
    """四川政府采购网 (www.ccgp-sichuan.gov.cn): 公告信息 and 公示信息; the real site asks a captcha per list."""

    name = "gpcms_sichuan"
    origins = {"www": "https://www.ccgp-sichuan.gov.cn"}
    site_id = "94c965cc-c55d-4f92-8469-d5875c68bd04"
    channels = ("c5bff13f-21ca-4dac-b158-cb40accd3035", "6d48e0f7-8dff-412f-9f89-83f01a2d296f")
