"""Attachments of every format into text with page numbers, tables and line items (fixtures: fixtures/extract)."""

from __future__ import annotations

import pytest

from extract.notice import notice_from_document
from extract.options import ReadOptions
from extract.pdf import garbage_ratio
from extract.readers import read_attachment, read_document, sniff_format
from tests.conftest import FIXTURES

EXTRACT = FIXTURES / "extract"


def read(name: str, **options) -> list:
    return read_attachment((EXTRACT / name).read_bytes(), name, ReadOptions(**options))


def test_pdf_table_running_onto_the_next_page_is_one_table_with_each_rows_page() -> None:
    [doc] = read("requirements_multipage_table.pdf")
    assert doc.error is None and [p.number for p in doc.pages] == [1, 2, 3, 4, 5]
    [table] = doc.tables
    assert sum(row[0] == "序号" for row in table) == 1  # the header repeated on the next page is dropped
    assert len(doc.line_items) == 70
    gpu = doc.line_items[-1]
    assert (gpu.name, gpu.quantity, gpu.unit, gpu.unit_price_cny, gpu.total_cny) == (
        "GPU服务器", 2, "台", 2_100_000, 4_200_000)
    assert "H100" in gpu.spec
    assert (gpu.source, gpu.page, gpu.table, gpu.row) == ("requirements_multipage_table.pdf", 5, 1, 70)
    assert doc.line_items[0].page == 4
    assert "H100" in doc.pages[4].text and "H100" not in doc.pages[3].text


def test_pdf_fields_come_from_the_text_of_a_standalone_pdf() -> None:
    [doc] = read("requirements_multipage_table.pdf")
    notice = notice_from_document(doc)
    assert notice.title == "溪宁大学智能计算平台建设项目采购需求"
    assert (notice.project_code, notice.buyer, notice.budget_cny) == ("XNDX-2025-GK-0088", "溪宁大学", 5_800_000)
    assert notice.notice_type == "tender"


def test_a_font_without_a_unicode_map_is_detected_and_read_by_ocr() -> None:
    [doc] = read("no_tounicode.pdf")
    [page] = doc.pages
    assert page.ocr and garbage_ratio(page.text) < 0.05
    assert "A800" in page.text and "960000" in page.text


def test_without_ocr_the_garbage_is_not_passed_on_as_text() -> None:
    [doc] = read("no_tounicode.pdf", ocr=False)
    assert doc.error == "PDF has no text layer and OCR is off"
    assert any("OCR is off" in w for w in doc.warnings)


def test_scanned_pdf_is_recognised_with_its_page_number() -> None:
    [doc] = read("scanned_result.pdf")
    [page] = doc.pages
    assert page.number == 1 and page.ocr
    assert "成交结果公告" in page.text and "386000" in page.text and "XNEY-2025-017" in page.text


def test_ocr_stops_at_the_page_limit_and_says_so() -> None:
    [doc] = read("scanned_result.pdf", ocr_max_pages=0)
    assert doc.error == "PDF has no readable text" and "OCR stopped after 0 pages" in doc.warnings[0]


def test_docx_tables_keep_columns_under_merged_cells_and_nested_tables_count() -> None:
    [doc] = read("requirements.docx")
    names = [(i.name, i.table, i.row) for i in doc.line_items]
    assert names == [("GPU工作站", 1, 1), ("交换机", 1, 2), ("驻场运维", 2, 1)]
    assert doc.line_items[0].quantity == 10 and doc.line_items[0].unit_price_cny == 68_000
    assert "合计 | 732,000.00" in doc.text  # the merged cell once in the text
    assert notice_from_document(doc).budget_cny == 1_200_000


@pytest.mark.parametrize("name", ["price_list.xlsx", "price_list.xls"])
def test_spreadsheets_find_the_header_below_a_title_row(name: str) -> None:
    [doc] = read(name)
    assert [p.number for p in doc.pages] == [1]
    first = doc.line_items[0]
    assert (first.name, first.quantity, first.unit, first.unit_price_cny, first.total_cny) == (
        "GPU算力租赁", 20000, "卡时", 25, 500_000)
    assert (first.page, first.table, first.row) == (1, 1, 2)


@pytest.mark.parametrize("name", ["consultation_notice.doc", "consultation_notice.wps"])
def test_legacy_word_and_wps_are_read_with_antiword(name: str) -> None:
    assert sniff_format((EXTRACT / name).read_bytes(), name) == "doc"
    [doc] = read(name)
    notice = notice_from_document(doc)
    assert notice.title == "溪宁职业技术学院虚拟仿真实训室建设项目竞争性磋商公告"
    assert notice.notice_type == "consultation"
    assert (notice.buyer, notice.budget_cny) == ("溪宁职业技术学院", 860_000)
    assert [(i.name, i.quantity, i.unit) for i in doc.line_items] == [("VR头显", 40, "套")]


def test_zip_members_are_read_recursively_with_gbk_names_and_safe_paths() -> None:
    docs = read("attachments_gbk_names.zip")
    assert [d.part for d in docs] == ["技术要求.pdf", "价格表.xlsx", "nested.zip/forms/报价单.docx", "etc/说明.txt"]
    assert all(d.error is None for d in docs)
    assert docs[0].name == "attachments_gbk_names.zip/技术要求.pdf"
    assert docs[0].line_items[-1].source == "attachments_gbk_names.zip/技术要求.pdf"
    assert docs[2].line_items[0].name == "GPU工作站"


def test_archives_nested_deeper_than_the_limit_are_not_opened() -> None:
    docs = read("attachments_gbk_names.zip", archive_max_depth=1)
    nested = next(d for d in docs if d.part == "nested.zip")
    assert nested.error == "archive nested deeper than 1 levels"


def test_archive_member_count_is_limited() -> None:
    docs = read("attachments_gbk_names.zip", archive_max_members=2)
    assert [d.part for d in docs if not d.error] == ["技术要求.pdf", "价格表.xlsx"]
    assert "more than 2 files" in docs[-1].error


def test_a_zip_bomb_stops_at_the_byte_limit() -> None:
    [doc] = read("bomb.zip")
    assert doc.error == "member unpacks to more than 150 MB (a zip bomb?)"
    [small] = read("bomb.zip", archive_max_bytes=2**20)
    assert "more than 1 MB" in small.error


def test_7z_and_rar_members() -> None:
    seven = read("docs.7z")
    assert [d.part for d in seven] == ["采购需求.txt", "需求书.docx"]
    assert seven[0].line_items[0].spec == "4×NVIDIA L40S 48GB"
    [rar] = read("notice_stored.rar")
    assert rar.part == "notice.txt" and "溪宁云算科技有限公司" in rar.text


def test_text_dumps_in_gbk_with_pipe_tables_and_page_footers() -> None:
    doc = read_document((EXTRACT / "award_dump_gbk.txt").read_bytes(), "award_dump_gbk.txt")
    assert [p.number for p in doc.pages] == [1, 2]
    notice = notice_from_document(doc)
    assert notice.buyer == "溪宁市机关事务管理局"  # after the page footer that splits its contact block
    assert [(s.name, s.amount_cny) for s in notice.suppliers] == [("溪宁华美家具有限公司", 462_000)]
    assert notice.award_cny == 462_000
    assert [(i.name, i.quantity, i.page) for i in notice.line_items] == [("办公桌", 120, 1), ("文件柜", 70, 1)]


@pytest.mark.parametrize("data, name, expected", [
    (b"%PDF-1.4", "a.bin", "pdf"), (b"Rar!\x1a\x07\x00", "x", "rar"), (b"7z\xbc\xaf\x27\x1c\0\0", "x.zip", "7z"),
    (b"<!DOCTYPE html><html>", "notice.doc", "html"), (b"{\\rtf1\\ansi", "a.doc", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "scan.pdf", "png"),
])
def test_the_format_comes_from_the_bytes_not_the_name(data: bytes, name: str, expected: str) -> None:
    assert sniff_format(data, name) == expected


def test_unsupported_formats_are_reported_not_raised() -> None:
    [doc] = read_attachment(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "scan.png")
    assert doc.error == "unsupported format (png)"


def test_a_result_table_of_suppliers_and_goods_gives_the_goods_as_line_items() -> None:
    from extract.items import line_items_from_table

    rows = [["序号", "供应商名称", "货物名称", "货物品牌", "货物型号", "货物数量", "货物单价(元)"],
            ["1", "溪宁联信科技有限公司", "高性能GPU服务器", "超聚变", "G8600 V7（8×NVIDIA H200 141GB）", "1台", "2395000.00"]]
    [item] = line_items_from_table(rows, "body", table_no=3)
    assert (item.name, item.quantity, item.unit, item.unit_price_cny, item.table, item.row) == (
        "高性能GPU服务器", 1, "台", 2_395_000, 3, 1)
    assert "H200" in item.spec and "溪宁联信" not in item.spec
    bids = [["序号", "投标人名称", "投标报价（元）", "得分"], ["1", "溪宁联信科技有限公司", "2395000", "91.5"]]
    assert line_items_from_table(bids, "body") == []


def test_a_technical_parameter_table_is_one_line_item_listing_its_rows() -> None:
    from extract.items import line_items_from_table

    rows = [["序号", "指标项", "技术要求", "备注"], ["1", "GPU型号", "NVIDIA H800 SXM5 80GB", "★"],
            ["2", "单节点配置", "8卡/节点", ""]]
    [item] = line_items_from_table(rows, "annex.pdf", row_pages=[3, 3, 4])
    assert (item.name, item.spec, item.page) == ("技术参数", "GPU型号：NVIDIA H800 SXM5 80GB；单节点配置：8卡/节点", 3)


def test_a_table_headed_content_and_requirement_gives_its_rows_as_line_items() -> None:
    from extract.items import line_items_from_table

    rows = [["序号", "内容", "要求", "数量"],
            ["1", "大模型调用服务", "通过Amazon Bedrock调用Claude 3.5 Sonnet，预估输入Token 8亿", "1年"],
            ["2", "技术服务", "月度用量及费用报告", "1项"]]
    first, second = line_items_from_table(rows, "body")
    assert (first.name, first.quantity, first.unit, second.name) == ("大模型调用服务", 1, "年", "技术服务")
    assert "Bedrock" in first.spec
    # a correction table's 更正前内容/更正后内容 and a qualification column are no item or spec columns
    corrections = [["序号", "更正事项", "更正前内容", "更正后内容"], ["1", "预算金额", "100万元", "120万元"]]
    assert line_items_from_table(corrections, "body") == []
