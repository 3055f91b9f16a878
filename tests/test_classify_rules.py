"""The first classifier: lexicon rules in context, and the traps real notices set."""

from __future__ import annotations

import pytest

from classify.buyer_type import buyer_type
from classify.rules import classify
from extract.records import DocumentText, LineItem, Link, Notice, Page


def notice(title: str, body: str = "", **fields) -> Notice:
    return Notice(title=title, text=body, **fields)


@pytest.mark.parametrize("title, body, label, chips, providers", [
    ("GPU算力租赁服务采购", "租赁NVIDIA A100 80GB GPU算力，服务期12个月。", "remote_access", ["A100"], []),
    ("云服务采购", "开通亚马逊云科技（AWS）云服务账号并充值。", "remote_access", [], ["AWS"]),
    ("GPU服务器采购项目", "采购GPU服务器2台，每台配置8×NVIDIA H800 80GB。", "hardware_purchase", ["H800"], []),
    ("算力服务", "提供Ａ１００　GPU卡时算力租赁。", "remote_access", ["A100"], []),
    ("智算服务", "提供8卡H800裸金属服务器租用，按卡时计费。", "remote_access", ["H800"], []),
    ("大模型服务", "采购Azure OpenAI服务（GPT-4o）调用额度。", "remote_access", [], ["Azure", "OpenAI"]),
])
def test_positives(title, body, label, chips, providers) -> None:
    verdict = classify(notice(title, body))
    assert (verdict.label, verdict.chips, verdict.providers) == (label, chips, providers)
    assert verdict.evidence and all(e.text and e.where for e in verdict.evidence)


@pytest.mark.parametrize("title, body", [
    ("区域自动气象站（AWS）建设项目", "建设自动气象站（AWS）30套，型号TH-AWS3000。"),
    ("仪器采购", "台式高速离心机，型号KDJ-H100；恒温振荡器，型号KDZ-A100。"),
    ("AI服务器采购", "AI训练服务器4台，每台8×昇腾910B。"),
    ("推理服务器采购", "配置2张NVIDIA Tesla T4 16GB推理卡。"),
    ("跨境电商实训", "亚马逊跨境电商运营模拟软件一套。"),
    ("办公软件", "Microsoft 365 商业版订阅50个。"),
])
def test_traps_are_not_hits(title, body) -> None:
    assert classify(notice(title, body)).label == "none"


def test_a_terminated_rental_bought_nothing() -> None:
    verdict = classify(notice("A100算力租赁服务项目终止公告", "原采购内容为NVIDIA A100 GPU算力租赁服务。",
                              notice_type="termination"))
    assert verdict.label == "none"
    assert "terminated" in verdict.rules[0]


def test_evidence_only_in_an_attachment_page_says_where() -> None:
    attachment = DocumentText(name="采购需求书.pdf", pages=[
        Page(1, "一、服务内容\n提供计算服务。"), Page(2, "GPU算力服务：NVIDIA H800 80GB，按卡时计费，40000卡时。")])
    verdict = classify(notice("平台计算服务采购项目竞争性磋商公告", "采购需求：详见附件。", attachments=[attachment]))
    assert verdict.label == "remote_access"
    assert verdict.evidence[0].where == "attachment 采购需求书.pdf p.2"
    assert "H800" in verdict.evidence[0].text


def test_a_chip_only_in_a_line_item_is_found() -> None:
    item = LineItem(name="GPU计算服务器", spec="8×NVIDIA H200 141GB")
    verdict = classify(notice("计算设备采购中标公告", "详见主要标的信息。", line_items=[item]))
    assert (verdict.label, verdict.chips) == ("hardware_purchase", ["H200"])
    assert verdict.evidence[0].where == "line item 1"


def test_a_chip_only_in_an_attachment_link_name_is_found() -> None:
    verdict = classify(notice("模型训练服务采购", "详见附件。", links=[Link("附件1：GPU算力服务（A800）需求清单.xlsx", "http://x/a")]))
    assert (verdict.label, verdict.chips) == ("remote_access", ["A800"])


def test_ordinary_notices_never_reach_the_rules() -> None:
    verdict = classify(notice("学生公寓家具采购项目", "采购学生公寓组合床200套。"))
    assert verdict.label == "none" and not verdict.candidate


@pytest.mark.parametrize("name, kind", [
    ("星海大学", "university"), ("澜湾职业技术学院", "university"), ("云岭省人民医院", "hospital"),
    ("西岭医科大学附属第一医院", "hospital"), ("澜湾实验室", "lab"), ("澜州智能计算研究院", "research_institute"),
    ("中国科学院澜州物理研究所", "research_institute"), ("东川云智科技有限公司", "company"),
    ("澄江市气象局", "government"), ("澜州市第三中学", "other"), ("青川理工大学图书馆", "university"),
])
def test_buyer_type(name, kind) -> None:
    assert buyer_type(name)[0] == kind
