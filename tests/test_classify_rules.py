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


# --- traps and forms beyond the first rules (each shape seen in real notices) ---------------------------

@pytest.mark.parametrize("title, body, label, chips, providers", [
    # a correction strikes the old chip: 原“…”更正为“…”
    ("GPU服务器采购项目更正公告", "采购需求：原“GPU服务器（8×A100 40GB）4台”更正为“GPU服务器（8×A800 80GB）4台”。",
     "hardware_purchase", ["A800"], []),
    # a yardstick counts as the chip asked for when nothing domestic is bought
    ("算力租赁服务", "租赁GPU算力不少于32卡，单卡性能不低于NVIDIA A100 40GB，服务期一年。", "remote_access", ["A100"], []),
    # chips with a memory size glued on, spaced and multiplied forms
    ("推理服务器采购", "推理服务器2台，配置4×NVIDIA L40S48GB，原厂质保。", "hardware_purchase", ["L40S"], []),
    ("深度学习服务器采购", "服务器1台，配置8xA 100 80GB GPU，交货期30天。", "hardware_purchase", ["A100"], []),
    # a hard-wrapped text dump splits 英伟达 across lines
    ("算力服务采购", "本项目拟租赁高性能GPU算力用于大模型训练，供应商须提供英伟\n达H800 GPU不少于64卡，服务期一年。",
     "remote_access", ["H800"], []),
    # metered use of a consumer card through a cloud render farm
    ("云渲染资源采购", "采购云渲染平台算力充值额度，渲染节点显卡为ＲＴＸ　４０９０，按实际渲染时长扣费。",
     "remote_access", ["RTX4090"], []),
    # the AWS China operator names the provider
    ("云资源服务采购", "采购亚马逊云科技（宁夏区域，由西云数据运营）计算实例一年。", "remote_access", [], ["AWS"]),
    ("大模型评测服务", "通过Amazon Bedrock调用Claude 3.5 Sonnet模型接口，额度充值。", "remote_access", [],
     ["AWS", "Anthropic"]),
])
def test_hits_in_their_many_forms(title, body, label, chips, providers) -> None:
    verdict = classify(notice(title, body))
    assert (verdict.label, verdict.chips, verdict.providers) == (label, chips, providers), verdict.rules


@pytest.mark.parametrize("title, body, reason", [
    ("焊接检验服务", "检验人员须持有AWS D1.1证书，按美国焊接学会（AWS）标准出具报告。", "AWS"),
    ("农业监测站建设", "建设内容：田间自动气象站(AWS)50套，土壤墒情站30套。\n数据接入AWS平台。", "means"),
    ("化学实验室设备采购", "旋转蒸发仪2台（型号RE-H100）；超纯水机1台，型号A100-UP。", "model code"),
    ("仪器采购", "便携式电导率仪2台，型号H20，恒温培养箱1台。", "instrument"),
    ("国产智算平台", "华为Atlas 800T A2训练服务器16台，可替代NVIDIA A800集群。", "yardstick"),
    ("异构计算集群", "海光DCU计算节点32台，整体性能对标A800集群。", "yardstick"),
    ("政务大模型", "国产大模型API调用服务，能力对标GPT-4，部署于政务云。", "yardstick"),
    ("云迁移服务", "迁移至政务云，不得使用境外云服务（如AWS、Azure、Google Cloud）。", "forbidden"),
    ("GCP培训服务", "为研究者开展GCP培训及药物临床试验质量管理规范考核。", "no restricted chip"),
    ("对象存储扩容", "分布式对象存储1套，兼容Amazon S3协议。", "prefilter"),
    ("GPU集群运维服务", "对现有A100 GPU集群提供运维服务，服务期一年。", "already has"),
    ("智慧教室建设", "随着ChatGPT等大模型技术的兴起，人工智能教育日益重要。采购智慧黑板20套。", "no chip or provider"),
    ("废旧服务器处置", "报废GPU服务器12台（NVIDIA A100 40GB），公开拍卖。", "disposal"),
    ("渲染工作站采购", "渲染工作站8台，显卡RTX 4090D 24GB，质保三年。", "unrestricted"),
    ("正版软件", "Microsoft 365 A3许可1200个（含Azure AD Premium）。", "no restricted chip"),
    ("数据库维保", "Oracle Database 19c企业版原厂维保服务一年。", "prefilter"),
    ("AI服务器", "对标ChatGPT的国产大模型，严禁调用Claude等境外大模型服务。", "forbidden"),
])
def test_traps_say_why_they_are_not_hits(title, body, reason) -> None:
    verdict = classify(notice(title, body))
    assert verdict.label == "none"
    assert reason in " ".join(verdict.rules), verdict.rules


def test_a_failed_tender_named_in_the_title_bought_nothing() -> None:
    verdict = classify(notice("云台大学A100服务器采购项目废标公告", "满足要求的供应商不足三家，本项目废标。"))
    assert verdict.label == "none" and "nothing was bought" in verdict.rules[0]


def test_a_rental_line_item_unit_outweighs_the_word_server() -> None:
    items = [LineItem(name="GPU服务器", spec="8卡H800", quantity=12, unit="月")]
    verdict = classify(notice("计算资源服务项目", "详见采购清单。", line_items=items))
    assert verdict.label == "remote_access"


def test_evidence_in_a_body_names_its_section() -> None:
    verdict = classify(notice("算力服务", "一、项目概况\n为满足需求。\n二、采购需求\n租赁NVIDIA H100 GPU算力2000卡时。"))
    assert verdict.evidence[0].where == "body: 二、采购需求"


def test_a_chip_rule_date_is_compared_with_the_notice_date() -> None:
    from datetime import date

    verdict = classify(notice("推理服务器采购", "服务器2台，配置8张NVIDIA H20 96GB。", published=date(2024, 6, 1)))
    assert any("predates the restriction" in rule and rule.startswith("H20") for rule in verdict.rules)


def test_buyer_type_from_the_notice_when_no_buyer_was_extracted() -> None:
    from classify.buyer_type import buyer_type_of

    assert buyer_type_of(notice("采购意向", "1.采购人信息：名称：澜州理工大学；地址：澜州市"))[0] == "university"
    kind, rule = buyer_type_of(notice("东海海洋信息研究所2023年5至7月政府采购意向"))
    assert kind == "research_institute" and "title" in rule
    assert buyer_type_of(notice("2024年体检服务采购项目")) == ("other", "no buyer name")
