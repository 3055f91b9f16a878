"""Regenerate the replay's attachment files (PDF, DOCX) from the text below.

A development tool: the generated files are committed, so neither the replay nor the tests need
reportlab. Run ``python -m replay.build_files`` after changing a document here.
"""

from __future__ import annotations

import io
from pathlib import Path

FILES = Path(__file__).parent / "sites" / "ccgp" / "files"

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
    FILES.mkdir(parents=True, exist_ok=True)
    (FILES / "xinghai-tender.pdf").write_bytes(_pdf(XINGHAI_TENDER))
    (FILES / "qinglan-requirements.pdf").write_bytes(_pdf(QINGLAN_REQUIREMENTS))
    (FILES / "qinglan-forms.docx").write_bytes(_docx([
        "附件2：响应文件格式", "一、响应函", "致：青岚医科大学", "我方愿意按照磋商文件的要求提供服务。",
        "二、报价一览表", "三、法定代表人授权书",
    ]))


if __name__ == "__main__":
    main()
