"""Every notice template the portals use, through the one entry point ``notice_from_detail``.

The fixtures in tests/fixtures/extract/ are written by us in the real shapes (PORTALS.md §1.6, §2.2, §4.1–4.2,
§5 and the captured samples it lists); fixtures/extract/README.md says which shape each one copies.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from extract.detail import family_of, notice_from_detail
from tests.conftest import FIXTURES

EXTRACT = FIXTURES / "extract"


def extract(name: str, source: str, **kwargs):
    return notice_from_detail((EXTRACT / name).read_bytes(), source=source, url="http://127.0.0.1/portal/detail",
                              **kwargs)


def suppliers(notice) -> list[tuple[str, float | None, str | None]]:
    return [(s.name, s.amount_cny, s.lot) for s in notice.suppliers]


def test_the_family_is_the_first_part_of_the_spider_name() -> None:
    assert [family_of(s) for s in ("zcy_zhejiang", "gpcms_guangdong", "ccgp", None)] == ["zcy", "gpcms", "ccgp", ""]


def test_old_ccgp_table_template_gives_each_lot_its_winner_and_amount_in_wanyuan() -> None:
    notice = extract("ccgp_old_template_lots.html", "ccgp")
    assert notice.notice_type == "award"
    assert notice.buyer == "青川大学"  # the summary table repeats the buyer once per lot
    assert notice.agency == "青川恒信项目管理有限公司"
    assert notice.project_code == "SDGP370000000202500000001"
    assert notice.region == "山东省" and notice.published == date(2025, 7, 14)
    assert suppliers(notice) == [("青川第一建设集团有限公司", 28_378_600, "A"), ("青川路桥工程有限公司", 27_666_600, "B")]
    assert notice.award_cny == 56_045_200  # 总中标金额 ￥5604.52 万元 is stated, not summed
    assert notice.amount_cny == notice.award_cny
    assert [(i.name, i.lot) for i in notice.line_items] == [("1#2#实验楼改造", "A"), ("3#实验楼及连廊改造", "B")]
    assert notice.contacts["project_contact"] == "周工" and notice.contacts["agency_phone"] == "0531-80000003"


def test_zcy_bookmark_template_reads_the_coded_fields_and_the_result_table() -> None:
    notice = extract("ccgp_zcy_template_award.html", "ccgp")
    assert (notice.project_code, notice.buyer, notice.agency) == (
        "TXZX2025-CG013", "桐溪县溪北乡人民政府", "贵州溪盛项目管理有限公司")
    assert suppliers(notice) == [("溪光新能源科技有限公司", 569_800, None)]
    assert notice.award_cny == 569_800  # 总价形式报价:569800.00(元)
    [item] = notice.line_items
    assert (item.name, item.quantity, item.unit_price_cny) == ("太阳能路灯", 260, 2191.54)
    assert "XG-TY60" in item.spec and (item.source, item.table, item.row) == ("body", 2, 1)
    assert notice.contacts["project_contact"] == "吴工"
    assert [link.name for link in notice.links] == ["桐溪县路灯采购合同.pdf"]


def test_gpcms_notice_area_in_yuan_with_deadline_spans_and_requirement_table() -> None:
    notice = extract("gpcms_noticearea_consultation.html", "gpcms_neimenggu")
    assert notice.title == "云川市北环路整体罩面工程竞争性磋商公告"
    assert notice.notice_type == "consultation" and notice.method == "竞争性磋商"
    assert notice.buyer == "云川市市政设施管理服务中心"  # under the variant heading 釆购人信息
    assert notice.agency == "内蒙古云川招标有限公司"
    assert notice.budget_cny == 1_508_658
    assert notice.deadline == datetime(2022, 3, 31, 9, 50)  # '2022年03月31日 09时50分00秒' padded with tabs
    assert notice.published == date(2022, 3, 23)
    [item] = notice.line_items
    assert (item.name, item.quantity, item.unit, item.total_cny) == ("北环路整体罩面", 1, "项", 1_508_658)
    assert notice.links[0].url.endswith("accessCode=0123456789abcdef0123456789abcdef")


def test_correction_takes_the_corrected_budget_and_deadline() -> None:
    notice = extract("gpcms_noticearea_correction.html", "gpcms_neimenggu")
    assert notice.notice_type == "correction"
    assert notice.project_code == "YCCG-2025-0108"  # 原公告的采购项目编号
    assert notice.budget_cny == 3_650_000  # 原“320.00万元”更正为“365.00万元”
    assert notice.deadline == datetime(2025, 7, 25, 9, 30)
    assert notice.published == date(2025, 7, 3)


def test_ggzy_contract_body_is_a_th_td_table_dated_by_its_signature() -> None:
    notice = extract("ggzy_body_contract_0203.html", "ggzy")
    assert notice.title == "溪宁县第一中学智慧教室交互平板采购项目合同"
    assert notice.notice_type == "contract"
    assert notice.buyer == "溪宁县第一中学（溪宁县教育发展中心）"
    assert suppliers(notice) == [("溪宁智教科技有限公司", 1_286_400, None)]
    assert notice.award_cny == notice.amount_cny == 1_286_400
    assert notice.published == date(2026, 3, 17)  # 签署时间, the contract page's only date


def test_ggzy_award_body_sums_the_lots_of_a_table_in_wanyuan() -> None:
    notice = extract("ggzy_body_award_0202.html", "ggzy")
    assert notice.notice_type == "award" and notice.published == date(2026, 9, 11)
    assert suppliers(notice) == [("溪宁云影信息技术有限公司", 3_186_000, "1"), ("华岳医疗设备有限公司", 964_000, "2")]
    assert notice.award_cny == 4_150_000
    assert [(i.name, i.lot, i.quantity, i.unit) for i in notice.line_items] == [
        ("影像云存储服务器", "1", 6, "台"), ("医用诊断显示器", "2", 8, "台")]


def test_ggzy_record_without_body_is_kept_as_metadata() -> None:
    notice = extract("ggzy_list_record.json", "ggzy", content_type="application/json")
    assert notice.title == "溪宁县体育中心训练用车服务采购项目中标公告"
    assert notice.notice_type == "award"  # from the title; informationTypeText says 中标公告 too
    assert (notice.project_code, notice.region, notice.published) == ("XNZC-2026-0099", "浙江省", date(2026, 3, 17))
    assert notice.errors == [] and notice.text


def test_zcy_intention_json_takes_the_buyer_and_the_one_row_budget() -> None:
    notice = extract("zcy_portal_detail_intention.json", "zcy_zhejiang", content_type="application/json;charset=UTF-8")
    assert notice.notice_type == "intention"
    assert notice.buyer == "浙溪大学附属第一医院"
    assert notice.published == date(2025, 5, 26)  # publishDate 1748250241000 ms, China time
    assert notice.budget_cny == 1_200_000
    [item] = notice.line_items
    assert "H800" in item.spec and item.total_cny == 1_200_000


def test_zcy_content_pasted_from_word_with_a_gb2312_label_inside_utf8_json() -> None:
    notice = extract("zcy_portal_detail_word_pasted.json", "zcy_guangxi")
    assert notice.title == "南溪市七一水厂智能监控系统扩容项目中标公告"
    assert notice.buyer == "南溪市水务集团有限公司"
    assert notice.award_cny == 2_360_826.58  # 贰佰叁拾陆万零捌佰贰拾陆元伍角捌分（￥2360826.58）
    assert notice.region == "南溪市" and notice.project_code == "NXZC2021-20011A"
    assert {link.name for link in notice.links} == {"评审报告.pdf", "中标结果附件.pdf"}


def test_gpcms_json_keeps_the_structured_budget_and_reads_winners_from_the_content() -> None:
    notice = extract("gpcms_getinfobyid_award.json", "gpcms_guangdong")
    assert (notice.buyer, notice.project_code, notice.method) == ("惠溪市政务服务和数据管理局", "HZBY-2026A002", "公开招标")
    assert notice.budget_cny == 7_000_000  # "7000000.0000"
    assert suppliers(notice) == [("惠溪算力科技有限公司", 5_860_000, "1"), ("南岭存储系统有限公司", 980_000, "2")]
    assert notice.award_cny == notice.amount_cny == 6_840_000
    assert [i.lot for i in notice.line_items] == ["1", "2"]
    assert notice.links[0].url == "http://127.0.0.1/freecms/download/server-result.pdf"  # made absolute


def test_university_cms_page_with_the_buyer_only_in_its_signature() -> None:
    notice = extract("univ_vsb_result.html", "univ_qlsd")
    assert notice.title == "智能计算平台GPU服务器采购项目成交结果公告"
    assert notice.buyer == "青澜师范大学"  # signed by 青澜师范大学采购与招标管理中心
    assert notice.published == date(2025, 4, 30)  # the date line above #vsb_content
    assert suppliers(notice) == [("青澜数算科技有限公司", 1_568_000, None)]
    [item] = notice.line_items  # a 成交内容 block written as label：value
    assert (item.name, item.quantity, item.unit, item.unit_price_cny) == ("GPU服务器", 2, "台", 784_000)
    assert "H20" in item.spec


@pytest.mark.parametrize("listing_type, expected", [("中标公告", "award"), ("更正公告", "correction")])
def test_the_list_pages_type_decides_when_the_title_does_not(listing_type: str, expected: str) -> None:
    page = ("<html><body><div class='vF_detail_content'><p>关于智慧校园项目的公告内容，采购人：溪宁大学，"
            "详见附件。本项目的相关信息如下所示，请各供应商知悉。</p></div></body></html>").encode()
    notice = notice_from_detail(page, source="ccgp", listing={"title": "智慧校园项目", "notice_type": listing_type})
    assert notice.notice_type == expected and notice.title == "智慧校园项目"
