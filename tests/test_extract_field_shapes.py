"""Fields in the places notices really put them: a buyer after a page break, in a header line, in a numbered
table of a mis-declared GBK page, with a department after it or only in the signature; amounts that only a
correction, an estimate, a one-row grid or a 合计 row states; the notice type from a survey title or from a
采购方式 more specific than the title. Each fixture file's shape is described in fixtures/extract/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from classify.inspect import inspect_file
from extract.fields import without_department
from extract.notice import notice_from_document, notice_from_html, title_from_text
from extract.readers import read_document
from extract.records import Notice

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def from_file(name: str) -> Notice:
    data = (FIXTURES / name).read_bytes()
    if name.endswith(".html"):
        return notice_from_html(data)
    return notice_from_document(read_document(data, name))


def from_text(text: str) -> Notice:
    return notice_from_document(read_document(text.encode("utf-8"), "notice.txt"))


# --- buyers ----------------------------------------------------------------------------------------------

def test_a_dump_whose_tenderer_value_comes_after_the_page_break() -> None:
    notice = from_file("dump_tenderer_next_page.txt")
    assert notice.buyer == "霁岭市城市排水有限公司"
    assert notice.agency == "霁岭市正衡工程项目管理有限公司"
    assert notice.max_price_cny == 1_080_000  # 最高投标限价： with the amount on the next line
    assert notice.notice_type == "tender"


HEAD = "溪口镇污水管网改造项目招标公告\n一、项目概况\n最高投标限价：560,000.00元\n"


@pytest.mark.parametrize("tail", [
    "招标人：\n溪口镇人民政府\n",
    "招标人：\n\n          第 1 页 共 2 页\n\f溪口镇人民政府\n",
    # a footer in dashes between the section heading and its 名称： line
    "六、采购人信息\n\n                 — 第 1 页 共 2 页 —\n    名称：溪口镇人民政府　地址：溪口镇政府路1号\n",
    "六、采购人信息\n- 3 -\n名称：溪口镇人民政府\n",
    "\f｜招标人｜溪口镇人民政府｜\n｜地址｜溪口镇政府路1号｜\n",
    "\f｜招标人｜溪口镇人民政府｜招标代理机构｜溪口鼎诚招标有限公司｜\n",
    "本项目招标人为溪口镇人民政府，招标代理机构为溪口鼎诚招标有限公司。\n",
    "招标人名称：溪口镇人民政府\n",
    # a dump wrapped at 33 characters, inside the buyer's name
    "（三）招标代理机构：溪口鼎诚招标有限公司；招标人：溪口镇人民政\n府；地址：溪口镇政府路1号。\n",
])
def test_a_tenderer_in_the_shapes_text_dumps_give_it(tail: str) -> None:
    assert from_text(HEAD + tail).buyer == "溪口镇人民政府"


def test_a_label_without_value_does_not_take_a_heading_or_a_field_line_as_its_value() -> None:
    notice = from_text(HEAD + "预算金额：\n二、采购需求\n采购人：\n联系人：王工\n")
    assert notice.budget_cny is None and notice.buyer is None


def test_a_wrapped_line_is_not_joined_to_the_next_field() -> None:
    long_line = "三、本项目不接受联合体投标，投标人须具备独立法人资格并具有相应的施工资质和能力"
    notice = from_text(HEAD + long_line + "\n招标人：溪口镇人民政府\n")
    assert notice.buyer == "溪口镇人民政府"


def test_a_buyer_only_in_the_header_line_above_the_article() -> None:
    notice = from_file("univ_header_buyer.html")
    assert (notice.buyer, notice.budget_cny) == ("汀州医科大学", 460_000)


def test_the_article_buyer_wins_over_the_header_line() -> None:
    page = ('<html><body><div class="info">采购单位：汀州医科大学招标办</div><div id="vsb_content">'
            "<p>采购人：汀州医科大学附属第二医院</p><p>预算：12万元</p></div></body></html>")
    assert notice_from_html(page.encode()).buyer == "汀州医科大学附属第二医院"


def test_a_gbk_page_declared_utf8_with_the_buyer_in_a_numbered_table() -> None:
    notice = from_file("gbk_declared_utf8_numbered_table.html")
    assert notice.buyer == "沙湾县水文水资源勘测站"
    assert notice.budget_cny == 385_000
    assert notice.notice_type == "inquiry"


def test_a_gbk_page_declared_utf8_with_one_broken_byte_is_still_gbk() -> None:
    notice = from_file("gbk_declared_utf8_broken_byte.html")
    assert (notice.title, notice.buyer, notice.budget_cny) == ("河道水位监测站建设项目采购公告", "柳汀市水利局", 640_000)


def test_a_buyer_field_with_a_department_gives_the_organisation() -> None:
    assert from_file("buyer_with_department.html").buyer == "澄海省农业科学院"


@pytest.mark.parametrize("name, org", [
    ("滨岭市社会科学院科研处", "滨岭市社会科学院"),
    ("星海大学资产与实验室管理处", "星海大学"),
    ("澜州市第一人民医院设备科", "澜州市第一人民医院"),
    ("南湖大学信息化建设与管理办公室", "南湖大学"),
    ("西岭师范学院招标采购中心", "西岭师范学院"),
    ("滨江市公安局科技信息化处", "滨江市公安局"),
    ("北岸港务集团有限公司物资供应中心", "北岸港务集团有限公司"),
    # real names that end in a unit word stay whole
    ("苍梧市大数据中心", "苍梧市大数据中心"),
    ("国家超级计算滨海中心", "国家超级计算滨海中心"),
    ("北溪大学分析测试中心", "北溪大学分析测试中心"),
    ("临江市人民政府办公室", "临江市人民政府办公室"),
    ("青禾市数据资源管理中心", "青禾市数据资源管理中心"),
    ("星海大学类脑智能重点实验室", "星海大学类脑智能重点实验室"),
    ("溪宁医科大学附属第一医院", "溪宁医科大学附属第一医院"),
])
def test_only_a_department_named_by_its_function_is_cut(name: str, org: str) -> None:
    assert without_department(name) == org


@pytest.mark.parametrize("signature", [
    "南屏区政务服务中心\n2025年3月20日\n",
    "南屏区政务服务中心　　2025年3月20日\n",
    "南屏区政务服务中心\n二〇二五年三月二十日\n\n附件：成交通知书.pdf\n",
])
def test_a_buyer_only_in_the_signature_block(signature: str) -> None:
    text = "知识库维护服务成交公告\n一、成交金额：26.4万元\n二、服务内容：知识库维护一年。\n\n" + signature
    assert from_text(text).buyer == "南屏区政务服务中心"


# --- amounts ---------------------------------------------------------------------------------------------

def test_a_correction_that_states_only_the_corrected_budget() -> None:
    notice = from_file("correction_budget_sentence.html")
    assert (notice.notice_type, notice.budget_cny, notice.buyer) == ("correction", 2_040_000, "云城市档案馆")


def test_a_correction_table_gives_the_value_after_the_change() -> None:
    notice = from_file("correction_before_after_table.html")
    assert (notice.notice_type, notice.budget_cny) == ("correction", 1_490_000)


@pytest.mark.parametrize("sentence, amount", [
    ("预算金额由300万元更正为280万元。", 2_800_000),
    ("最高限价从人民币95万元变更为人民币88万元；", 880_000),
    ("更正后：预算金额120万元。", 1_200_000),
])
def test_corrected_amounts_in_sentences(sentence: str, amount: float) -> None:
    notice = from_text("实训室设备采购更正公告\n更正内容：" + sentence + "\n")
    assert notice.amount_cny == amount


def test_a_market_research_notice_gives_an_estimate_and_is_no_procurement() -> None:
    notice = from_file("market_research_estimate.txt")
    assert (notice.notice_type, notice.budget_cny, notice.buyer) == ("other", 420_000, "南溟生物医学研究院")


def test_an_enterprise_inquiry_gives_its_price_limit_in_a_one_row_grid() -> None:
    notice = from_file("enterprise_inquiry_limit_grid.html")
    assert (notice.notice_type, notice.max_price_cny, notice.buyer) == ("inquiry", 168_000, "沙华精密机械股份有限公司")


def test_a_grid_of_several_rows_gives_its_total_row_and_no_row_of_its_own() -> None:
    rows = ("｜物料名称｜数量｜控制价（含税）｜交货期｜\n｜镜头｜30个｜12,000.00元｜20天｜\n｜光源｜30个｜6,000.00元｜20天｜\n"
            "｜合计｜｜18,000.00元｜｜\n")
    assert from_text("光学配件询价公告\n" + rows).max_price_cny == 18_000
    without_total = "\n".join(rows.splitlines()[:3])
    assert from_text("光学配件询价公告\n" + without_total).max_price_cny is None


@pytest.mark.parametrize("body, field, amount", [
    ("三、预算金额\n人民币228,000.00元（大写：贰拾贰万捌仟元整），超出预算的报价无效。\n四、报价要求\n", "budget_cny", 228_000),
    ("二、预算金额\n\u3000\u3000256,000.00元\n\n三、供应商资格要求\n", "budget_cny", 256_000),
    ("二、最高限价\n36万元\n", "max_price_cny", 360_000),
    ("服务费预算：30,000.00元（处置服务费上限）\n", "budget_cny", 30_000),
    ("本期采购预算金额：12.5万元\n", "budget_cny", 125_000),
])
def test_an_amount_under_a_numbered_heading_or_a_qualified_budget_label(body: str, field: str, amount: float) -> None:
    assert getattr(from_text("实验室设备询价公告\n一、项目概况\n采购GPU卡。\n" + body), field) == amount


def test_a_result_whose_winner_and_amount_each_sit_under_a_numbered_heading() -> None:
    notice = from_text("服务器采购中标结果公告\n一、中标人\n江淮数智系统集成有限公司\n二、中标金额\n人民币1,940,000.00元\n"
                       "三、中标物资明细\n")
    assert (notice.notice_type, notice.award_cny, [s.name for s in notice.suppliers]) == \
        ("award", 1_940_000, ["江淮数智系统集成有限公司"])


def test_a_heading_that_names_no_field_takes_no_value_from_the_next_line() -> None:
    notice = from_text("实验室设备询价公告\n二、采购需求\n480,000.00元以内的设备\n")
    assert notice.budget_cny is None


# --- notice types ----------------------------------------------------------------------------------------

def test_a_generic_title_gives_way_to_the_method_field() -> None:
    notice = from_file("enterprise_tender_titled_consultation.html")
    assert (notice.notice_type, notice.max_price_cny, notice.buyer) == ("consultation", 1_380_000, "海屿港口控股有限公司")


@pytest.mark.parametrize("title, method, expected", [
    ("食堂食材配送服务采购公告", "询价", "inquiry"),
    ("档案数字化服务招标公告", "竞争性谈判", "negotiation"),
    ("档案数字化服务招标公告", "公开招标", "tender"),
    ("档案数字化服务中标公告", "竞争性磋商", "award"),  # a result stays a result
    ("档案数字化服务更正公告", "竞争性磋商", "correction"),
])
def test_the_method_field_refines_only_a_generic_solicitation(title: str, method: str, expected: str) -> None:
    assert from_text(f"{title}\n采购方式：{method}\n预算金额：50万元\n").notice_type == expected


@pytest.mark.parametrize("title, expected", [
    ("关于智慧病房系统的市场调研公告", "other"),
    ("校园网升级改造需求调研公示", "other"),
    ("会议室设备询价调研公告", "other"),
    ("城市品牌市场调研服务项目公开招标公告", "tender"),  # buying a survey is a procurement
    ("城市品牌市场调研服务项目中标结果公告", "award"),
])
def test_a_survey_notice_is_other_but_buying_a_survey_is_not(title: str, expected: str) -> None:
    assert from_text(f"{title}\n预算金额：30万元\n").notice_type == expected


# --- titles ----------------------------------------------------------------------------------------------

def test_a_cover_page_title_is_the_project_and_the_document_kind() -> None:
    cover = "鹭湾大学智能语音平台算力服务采购项目\n招 标 文 件\n项目编号：LWDX-2025-017\n采购人：鹭湾大学\n"
    assert title_from_text(cover) == "鹭湾大学智能语音平台算力服务采购项目招标文件"
    assert title_from_text("招 标 文 件\n项目编号：LWDX-2025-017\n") == "招标文件"


# --- an intention list: the amount of the row the evidence sits in -----------------------------------------

def test_an_intention_list_hit_reports_the_budget_of_its_evidence_row(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>{n}</td><td>{name}</td><td>{need}</td><td>{budget}</td><td>2025年9月</td></tr>"
                   for n, name, need, budget in [
                       (1, "办公家具采购", "桌椅、文件柜", "65"),
                       (2, "大模型训练算力租赁", "租赁NVIDIA H800 GPU算力，按卡时计费，服务期一年", "320"),
                       (3, "学生宿舍空调更新", "分体空调300台", "150"),
                       (4, "教学楼保洁服务", "三年", "210")])
    page = ("<html><head><meta charset='utf-8'><title>云屿学院2025年9月政府采购意向</title></head><body>"
            "<div class='vF_detail_content'><h2>云屿学院2025年9月政府采购意向</h2><table><tr><th>序号</th><th>采购项目名称</th>"
            f"<th>采购需求概况</th><th>预算金额（万元）</th><th>预计采购时间</th></tr>{rows}</table>"
            "<p>云屿学院</p><p>2025年8月20日</p></div></body></html>")
    path = tmp_path / "intention.html"
    path.write_text(page, encoding="utf-8")
    result = inspect_file(path)
    assert result.notice.notice_type == "intention" and result.notice.budget_cny is None
    assert (result.verdict.label, result.verdict.chips) == ("remote_access", ["H800"])
    assert result.verdict.amount_cny == 3_200_000
    assert result.contract_dict()["verdict"]["amount_cny"] == 3_200_000


@pytest.mark.parametrize("units, buyer", [(["汀岚学院"] * 3, "汀岚学院"), (["汀岚学院", "汀岚学院", "汀岚市教育局"], None)])
def test_an_intention_sheet_whose_buyer_column_names_one_school_gives_the_buyer(units: list[str], buyer: str | None) -> None:
    rows = "".join(f"｜{n}｜{unit}｜{item}｜{budget}｜\n" for n, unit, item, budget in
                   zip((1, 2, 3), units, ("办公家具采购", "校园安保服务", "图书采购"), ("65", "210", "120"), strict=True))
    text = "2025年9月政府采购意向\n现将我单位采购意向公开如下：\n｜序号｜采购单位｜采购项目名称｜预算金额（万元）｜\n" + rows
    assert from_text(text).buyer == buyer


def test_a_hit_outside_an_intention_list_reports_no_amount_of_its_own() -> None:
    result = inspect_file(FIXTURES / "univ_header_buyer.html")
    assert result.verdict.amount_cny is None
