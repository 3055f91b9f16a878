"""Regenerate the replay's attachment files (PDF, DOCX) from the text below.

A development tool: the generated files are committed, so neither the replay nor the tests need
reportlab. Run ``python -m replay.build_files`` after changing a document here.
"""

from __future__ import annotations

import io
from pathlib import Path

SITES = Path(__file__).parent / "sites"
FILES = SITES / "ccgp" / "files"

# Each document: a list of pages; a page is a list of paragraphs or tables (lists of rows).
XINGHAI_TENDER = [
    [
        "星海大学人工智能研究院GPU算力租赁服务采购项目",
        "招 标 文 件",
        "项目编号：XHDX-2025-GK-0412",
        "采购人：星海大学",
        "采购代理机构：中澜国际招标有限公司",
        "二〇二五年九月",
    ],
    [
        "第三章 采购需求",
        "一、项目概述",
        "本项目为星海大学人工智能研究院租赁GPU算力资源，用于大模型预训练、微调及科学计算，服务期12个月。",
        "二、技术要求",
        [["序号", "指标项", "技术要求"],
         ["1", "GPU型号", "NVIDIA A100 80GB SXM4，不少于64卡"],
         ["2", "节点配置", "8卡/节点，CPU≥2×64核，内存≥1TB"],
         ["3", "网络", "节点间≥200Gb/s InfiniBand"],
         ["4", "计费方式", "按月计费，12个月"]],
        "三、服务要求",
        "供应商须提供7×24小时运维服务，算力可用率不低于99.5%。",
    ],
]

QINGLAN_REQUIREMENTS = [
    [
        "附件1：采购需求书",
        "项目名称：青岚医科大学生物信息学平台算力服务采购项目",
        "项目编号：QLYK-CS-2025-0033",
        "一、服务内容",
        "为我校生物信息学平台的基因组组装、蛋白质结构预测及医学影像模型训练提供算力服务，服务期12个月。",
        "供应商负责算力资源的交付、调度平台接入及运维保障，采购人通过远程方式使用算力。",
    ],
    [
        "二、算力资源要求",
        [["序号", "资源名称", "技术参数", "数量", "单位", "单价（元）", "总价（元）"],
         ["1", "GPU算力服务", "NVIDIA H800 80GB SXM5，8卡/节点，NVLink全互联，按卡时计费", "40000", "卡时", "28.00", "1120000.00"],
         ["2", "并行存储服务", "全闪并行文件存储，可用容量≥200TB", "12", "月", "10000.00", "120000.00"],
         ["3", "运维保障服务", "7×24小时远程运维，可用率≥99.5%", "12", "月", "3333.33", "40000.00"]],
        "三、验收要求",
        "按月根据调度平台统计的实际卡时数进行结算。",
    ],
]


# Hits whose only evidence is in the attachment: the title and body say 详见附件 and name no chip, cloud or
# compute word that a portal keyword search could match, so only a date sweep finds them.
LANHU_REQUIREMENTS = [
    [
        "附件：采购需求",
        "项目名称：澜湖大学科研计算公共平台扩容服务采购项目",
        "项目编号：LHDX-CS-2025-0061",
        "一、服务内容",
        "为我校材料、生命科学等学科的模型训练提供远程计算资源租用服务，服务期12个月。",
        "供应商在其数据中心部署计算节点，采购人通过专线远程登录使用，不转移设备所有权。",
    ],
    [
        "二、资源配置要求",
        [["序号", "资源名称", "技术参数", "数量", "单位"],
         ["1", "GPU计算节点租用", "每节点8张NVIDIA A800 80GB SXM4，NVLink互联", "6", "节点·年"],
         ["2", "高速存储", "并行文件系统可用容量≥500TB", "1", "项"]],
        "三、计费方式：按节点月租计费，按月结算。",
    ],
]

QINGHE_REQUIREMENTS = [
    [
        "采购需求书",
        "项目名称：青禾大学脑科学研究院科研数据处理服务采购项目",
        "一、采购内容",
        "租用境外云服务商提供的高性能计算实例，用于脑影像大模型训练，服务期一年。",
        "二、技术要求",
        [["序号", "指标", "要求"],
         ["1", "计算实例", "AWS p5.48xlarge实例（8×NVIDIA H100 80GB），不少于4个实例"],
         ["2", "访问方式", "通过互联网远程访问，供应商负责账号开通及费用结算"],
         ["3", "服务期", "12个月"]],
    ],
]

PRICE_LIST = [
    [
        "报价明细表",
        [["序号", "名称", "单位", "数量", "单价（元）"],
         ["1", "云服务账号开通及配置", "项", "1", "8000.00"],
         ["2", "技术支持服务", "月", "12", "2000.00"]],
    ],
]

SZU_REQUIREMENTS = [
    [
        "采购需求",
        "项目名称：深圳大学计算机学院实验室设备采购",
        "一、采购清单",
        [["序号", "名称", "规格", "数量"],
         ["1", "台式计算机", "i7处理器，32GB内存，1TB固态硬盘", "40台"],
         ["2", "交换机", "48口千兆", "2台"]],
    ],
]


def _pdf(pages: list[list]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=18, wordWrap="CJK")
    story: list = []
    for number, page in enumerate(pages):
        if number:
            story.append(PageBreak())
        for block in page:
            if isinstance(block, list):
                table = Table([[Paragraph(c, style) for c in row] for row in block], repeatRows=1)
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
                story.append(table)
            else:
                story.append(Paragraph(block, style))
            story.append(Spacer(1, 6))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    from datetime import datetime

    import docx

    document = docx.Document()
    document.core_properties.created = datetime(2025, 9, 12)  # fixed, so the bytes are reproducible
    document.core_properties.modified = datetime(2025, 9, 12)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    for family in ("ccgp", "ggzy", "zcy", "gpcms", "univ"):
        (SITES / family / "files").mkdir(parents=True, exist_ok=True)
    (FILES / "lanhu-hpc-requirements.pdf").write_bytes(_pdf(LANHU_REQUIREMENTS))
    (SITES / "zcy" / "files" / "qinghe-requirements.pdf").write_bytes(_pdf(QINGHE_REQUIREMENTS))
    (SITES / "gpcms" / "files" / "price-list.pdf").write_bytes(_pdf(PRICE_LIST))
    (SITES / "univ" / "files" / "szu-requirements.pdf").write_bytes(_pdf(SZU_REQUIREMENTS))
    (SITES / "ggzy" / "files" / "bid-forms.docx").write_bytes(_docx([
        "投标文件格式", "一、投标函", "二、开标一览表", "三、法定代表人身份证明",
    ]))
    (FILES / "xinghai-tender.pdf").write_bytes(_pdf(XINGHAI_TENDER))
    (FILES / "qinglan-requirements.pdf").write_bytes(_pdf(QINGLAN_REQUIREMENTS))
    (FILES / "qinglan-forms.docx").write_bytes(_docx([
        "附件2：响应文件格式", "一、响应函", "致：青岚医科大学", "我方愿意按照磋商文件的要求提供服务。",
        "二、报价一览表", "三、法定代表人授权书",
    ]))


if __name__ == "__main__":
    main()
