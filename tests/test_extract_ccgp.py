"""Extraction of CCGP detail pages in both body styles, as the replay serves them."""

from __future__ import annotations

import urllib.request
from datetime import date

import pytest

from extract.notice import notice_from_html


def fetch_detail(server, site, notice_id: int) -> bytes:
    notice = next(n for n in site.notices if n.id == notice_id)
    request = urllib.request.Request(server.base_url(site) + notice.detail_path, headers={"Cookie": "HMF_CI=test"})
    return urllib.request.urlopen(request).read()


@pytest.fixture
def pages(ccgp):
    server, site = ccgp
    return {i: fetch_detail(server, site, i) for i in (25104387, 25104911, 25106630, 25112233)}


def test_central_summary_table_amounts_are_in_wanyuan(pages) -> None:
    notice = notice_from_html(pages[25104387])
    assert notice.title == "星海大学人工智能研究院GPU算力租赁服务采购项目公开招标公告"
    assert notice.buyer == "星海大学"
    assert notice.agency == "中澜国际招标有限公司"
    assert notice.project_code == "XHDX-2025-GK-0412"
    assert notice.budget_cny == 3_600_000
    assert notice.published == date(2025, 9, 8)
    assert notice.notice_type == "tender"
    assert notice.region == "北京"
    [item] = notice.line_items
    assert (item.name, item.quantity, item.unit, item.unit_price_cny, item.total_cny) == (
        "GPU算力租赁服务", 12, "月", 300_000, 3_600_000)
    assert "A100" in item.spec


def test_local_notice_area_amounts_are_in_yuan(pages) -> None:
    notice = notice_from_html(pages[25104911])
    assert notice.buyer == "南溪理工大学"
    assert notice.agency == "浙江南溪公诚招标代理有限公司"
    assert notice.budget_cny == 186_000
    assert notice.notice_type == "inquiry"
    assert notice.deadline is not None and notice.deadline.date() == date(2025, 9, 17)


def test_award_gives_the_supplier_and_the_award_amount(pages) -> None:
    notice = notice_from_html(pages[25106630])
    assert notice.notice_type == "award"
    assert notice.award_cny == 7_650_000
    assert [s.name for s in notice.suppliers] == ["东川云智科技有限公司"]
    assert [i.name for i in notice.line_items] == ["GPU计算服务器"]  # not the table of suppliers


def test_attachment_links_are_found_with_their_names(pages) -> None:
    notice = notice_from_html(pages[25104387], url="http://127.0.0.1/ccgp/cggg/zygg/gkzb/202509/t20250908_25104387.htm")
    assert [link.name for link in notice.links] == ["招标文件（XHDX-2025-GK-0412）.pdf"]
    assert notice.links[0].url.startswith("http://127.0.0.1/oss/download?uuid=")


def test_termination_is_recognised(pages) -> None:
    assert notice_from_html(pages[25112233]).notice_type == "termination"
