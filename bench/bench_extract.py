"""Extraction speed on one core: HTML notices/s, PDF pages/s beside plain pdfplumber, peak memory on 2,000 pages.

The corpus is generated into a temporary folder: hundreds of detail pages in the CCGP and gpcms templates, and
PDFs of 1–50 pages (text pages, a ruled item table that may run onto the next page) written with reportlab.
Run: ``python -m bench extract`` (or ``make bench``).
"""

from __future__ import annotations

import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HTML_NOTICES = 400
PDF_FILES = 30
SEED = 20250901

CCGP_AWARD = """<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="{buyer}{item}采购项目中标（成交）结果公告">
<meta name="PubDate" content="2025-{month:02d}-{day:02d} 10:22"></head><body>
<div class="vF_deail_currentloc"><p>当前位置：首页 » 政采公告 » 地方公告 » 中标公告</p></div>
<div class="vF_deail_maincontent"><div class="vF_detail_main pzln75">
<div class="vF_detail_header"><h2 class="tc">{buyer}{item}采购项目中标（成交）结果公告</h2></div>
<div class='table'><h5>公告概要：</h5><table>
<tr><td class='title'>采购项目名称</td><td colspan='3'>{item}采购项目</td></tr>
<tr><td class='title'>采购单位</td><td colspan='3'>{buyer}</td></tr>
<tr><td class='title'>行政区域</td><td>浙江省</td><td class='title'>公告时间</td><td>2025年{month:02d}月{day:02d}日 10:22</td></tr>
<tr><td class='title'>总中标金额</td><td colspan='3'>￥{award_wan:.6f} 万元（人民币）</td></tr>
<tr><td class='title'>代理机构名称</td><td colspan='3'>溪宁公信招标有限公司</td></tr></table></div>
<div class="vF_detail_content_container"><div class="vF_detail_content">
<p>一、项目编号：XN-{code}</p><p>二、项目名称：{item}采购项目</p><p>三、中标（成交）信息</p>
<table><tr><th>序号</th><th>供应商名称</th><th>供应商地址</th><th>中标（成交）金额</th></tr>
<tr><td>1</td><td>溪宁{supplier}科技有限公司</td><td>溪宁市高新区创新路{code}号</td><td>{award:,.2f}元</td></tr></table>
<p>四、主要标的信息</p><table><tr><th>名称</th><th>品牌</th><th>规格型号</th><th>数量</th><th>单价</th></tr>
{rows}</table>
<p>九、凡对本次公告内容提出询问，请按以下方式联系。</p><p>1.采购人信息</p><p>名 称：{buyer}</p>
<p>地址：溪宁市学院路1号</p><p>联系方式：0825-0000001</p><p>2.采购代理机构信息</p><p>名 称：溪宁公信招标有限公司</p>
</div></div></div></div></body></html>"""

GPCMS_TENDER = """<html><head><meta charset="utf-8"><title>政府采购网</title></head><body>
<div class="title-box"><p>{buyer}{item}采购项目公开招标公告</p></div><div class="protect" id="noticeArea">
<h4><strong>一、项目基本情况</strong></h4><p>项目编号：XN-{code}</p><p>项目名称：{item}采购项目</p>
<p>采购方式：公开招标</p><p>预算金额：{award:,.2f}元</p><div id="noticeDemandExternal"><table>
<tr><th>品目号</th><th>品目名称</th><th>采购标的</th><th>数量（单位）</th><th>技术规格、参数及要求</th><th>品目预算(元)</th></tr>
<tr><td>1-1</td><td>服务器</td><td>{item}</td><td>4(台)</td><td>详见招标文件</td><td>{award:.2f}</td></tr></table></div>
<p>提交投标文件截止时间：<span class="bidFileSubmitTime3">2025年{month:02d}月{day:02d}日 09时30分00秒</span></p>
<div class="innercontent"><h6>1.釆购人信息</h6><p>名 称：<span class="noticePurchase-purchaserOrgName">{buyer}</span></p>
<h6>2.采购代理机构信息</h6><p>名 称：<span class="noticeAgency-agencyName">溪宁公信招标有限公司</span></p></div>
<p name="releaseDateSpan">2025年{month:02d}月{day:02d}日</p></div></body></html>"""

ITEMS = ["GPU服务器", "存储扩容", "交换机", "实验台", "录播系统", "显示终端", "算力租赁服务"]
BUYERS = ["溪宁大学", "青澜师范大学", "溪宁市人民医院", "云川市教育局", "东陵理工学院"]


def html_corpus(n: int, rnd: random.Random) -> list[bytes]:
    pages = []
    for k in range(n):
        award = rnd.randint(50_000, 9_000_000) + 0.5
        values = {"buyer": rnd.choice(BUYERS), "item": rnd.choice(ITEMS), "month": rnd.randint(1, 12),
                  "day": rnd.randint(1, 28), "code": 1000 + k, "award": award, "award_wan": award / 10_000,
                  "supplier": "云算" if k % 2 else "华信"}
        values["rows"] = "".join(f"<tr><td>{rnd.choice(ITEMS)}</td><td>品牌{r}</td><td>型号X{r}（8×NVIDIA A800）</td>"
                                 f"<td>{r + 1}台</td><td>{rnd.randint(1000, 90000)}.00元</td></tr>" for r in range(rnd.randint(1, 6)))
        pages.append((CCGP_AWARD if k % 2 else GPCMS_TENDER).format(**values).encode())
    return pages


def pdf_bytes(pages: int, rnd: random.Random) -> bytes:
    """A tender annex of ``pages`` pages: text pages, and a ruled item table (one per ten pages, running onto
    the next page when long)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16)
    story = []
    sentence = "投标人应按招标文件要求编制投标文件，所投产品须满足采购需求中全部技术参数，负偏离将按评分办法扣分。"
    for page in range(pages):
        if page % 10 == 9 or (pages < 10 and page == pages - 1):
            rows = [["序号", "货物名称", "规格型号", "数量", "单价（元）", "总价（元）"]]
            for r in range(rnd.choice([12, 30, 55])):
                rows.append([str(r + 1), rnd.choice(ITEMS), "8×NVIDIA H20 96GB；2×Xeon 8468；2TB内存", "2台",
                             "468,000.00", "936,000.00"])
            table = Table(rows, repeatRows=1)
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "STSong-Light", 8),
                                       ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        else:
            story.extend(Paragraph(sentence * 2, style) for _ in range(14))
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def bench_html(pages: list[bytes]) -> float:
    from extract.detail import notice_from_detail

    for page in pages[:20]:
        notice_from_detail(page, source="ccgp")  # warm up imports and caches
    start = time.perf_counter()
    for page in pages:
        notice_from_detail(page, source="ccgp")
    return len(pages) / (time.perf_counter() - start)


def bench_pdfs(pdfs: list[bytes]) -> tuple[float, float, int, int]:
    """(our pages/s, plain pdfplumber text pages/s, pages, line items)."""
    import pdfplumber

    from extract.options import ReadOptions
    from extract.readers import read_attachment

    total = sum(page_count(p) for p in pdfs)
    start = time.perf_counter()
    items = 0
    for n, data in enumerate(pdfs):
        for doc in read_attachment(data, f"annex{n}.pdf", ReadOptions(ocr=False)):
            items += len(doc.line_items)
    ours = total / (time.perf_counter() - start)
    start = time.perf_counter()
    for data in pdfs:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
    plumber = total / (time.perf_counter() - start)
    return ours, plumber, total, items


PEAK = """
import json, sys
from extract.readers import read_attachment
data = open(sys.argv[1], "rb").read()
[doc] = read_attachment(data, "long.pdf")
# VmHWM is this process's own peak; ru_maxrss would also count the parent's memory copied at fork.
peak_kb = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1])
print(json.dumps({"pages": len(doc.pages), "tables": len(doc.tables), "items": len(doc.line_items),
                  "error": doc.error, "peak_mb": peak_kb / 1024}))
"""


def bench_peak_memory(folder: Path, rnd: random.Random) -> dict:
    """Peak resident memory of a child process that reads a 2,000-page PDF (text and tables)."""
    path = folder / "long.pdf"
    path.write_bytes(pdf_bytes(2000, rnd))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, check=True)
    found = json.loads(result.stdout)
    found["seconds"] = time.perf_counter() - started
    found["mb_on_disk"] = path.stat().st_size / 2**20
    return found


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    rnd = random.Random(SEED)
    print(f"python {platform.python_version()}, {platform.machine()}, pinned to one core; figures are noisy on a "
          "shared machine (±50 %)", flush=True)
    html = html_corpus(HTML_NOTICES, rnd)
    print(f"HTML: {bench_html(html):.0f} notices/s over {len(html)} generated detail pages "
          "(CCGP summary+body and gpcms #noticeArea, fields, suppliers, line items)", flush=True)
    pdfs = [pdf_bytes(rnd.randint(1, 50), rnd) for _ in range(PDF_FILES)]
    ours, plumber, pages, items = bench_pdfs(pdfs)
    print(f"PDF: {ours:.0f} pages/s (text of every page + pdfplumber tables on table pages, {items} line items) "
          f"vs plain pdfplumber extract_text {plumber:.1f} pages/s: {ours / plumber:.1f}x, over {len(pdfs)} PDFs "
          f"of 1-50 pages ({pages} pages)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        peak = bench_peak_memory(Path(folder), rnd)
    print(f"2,000-page PDF ({peak['mb_on_disk']:.1f} MB, {peak['tables']} tables, {peak['items']} line items): "
          f"peak memory {peak['peak_mb']:.0f} MB, {peak['seconds']:.1f} s in a child process", flush=True)


if __name__ == "__main__":
    main()
