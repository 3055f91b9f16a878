"""Full-text search at scale: generate 100k and 1M notices, index them, and time typical queries.

    python -m bench search                      # 100k and 1M notices (1M: about 15 minutes and 1.5 GB of disk)
    BENCH_SEARCH_SIZES=20000 python -m bench search

The notices are generated from templates in the shape of CCGP notices (title, buyer, agency, budget, items,
boilerplate), about 300 characters each; a few percent mention GPU rental, cloud accounts or servers. They are
written through the real schema and indexed by ``query.search.index_notices``, batch by batch, as the pipeline
does; then ``compact_index`` sorts the postings. Each query runs once to warm up, then five times; the median
is printed, through the same ``search()`` that ``tenderwatch search`` calls (ranking, filters and snippets).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from query.hits import HitFilter
from query.search import compact_index, index_notices, load_segmenter, search
from store.db import connect

PLACES = ["星海", "南溪", "青岚", "东川", "云岭", "澄江", "岭北", "澜州", "云峤", "西陵", "北渚", "临川", "安平", "江宁",
          "桐庐", "白鹭", "金沙", "青州", "洛川", "苍梧"]
INSTITUTIONS = ["大学", "理工大学", "医科大学", "师范大学", "人民医院", "中医院", "气象局", "教育局", "疾病预防控制中心",
                "智能计算研究院", "信息中心", "公安局", "农业科学院", "图书馆", "职业技术学院"]
ORDINARY = [("办公家具", "套"), ("实验室离心机", "台"), ("台式计算机", "台"), ("空调设备", "台"), ("物业管理服务", "年"),
            ("网络安全设备", "台"), ("图书采购", "批"), ("印刷服务", "项"), ("车辆租赁服务", "年"), ("医用耗材", "批"),
            ("视频会议系统", "套"), ("档案数字化服务", "项"), ("门户网站运维服务", "年"), ("云主机租用服务", "年")]
COMPUTE = [("GPU算力租赁服务", "月", "提供不少于{n}张NVIDIA {chip} 80GB GPU卡的独享算力，按卡时计费"),
           ("GPU服务器", "台", "8×NVIDIA {chip} SXM5，2TB内存"),
           ("云服务账号", "年", "开通亚马逊云科技（AWS）云服务账号，含EC2计算实例"),
           ("大模型API服务", "年", "通过微软Azure OpenAI服务调用GPT-4模型"),
           ("智算算力服务", "卡时", "提供HGX {chip} 裸金属算力，总量不少于{n}万卡时")]
CHIPS = ["A100", "A800", "H100", "H800", "H20", "L40S", "RTX 4090", "V100"]
TYPES = [("公开招标公告", "tender"), ("询价公告", "inquiry"), ("竞争性磋商公告", "consultation"),
         ("中标公告", "award"), ("成交公告", "deal"), ("单一来源采购公示", "single_source")]
REGIONS = ["北京", "上海", "浙江", "四川", "湖北", "云南", "江西", "湖南", "黑龙江", "广东", "江苏", "山东"]
BOILERPLATE = [
    "申请人的资格要求：满足《中华人民共和国政府采购法》第二十二条规定；落实政府采购政策需满足的资格要求：无。",
    "获取采购文件：自本公告发布之日起5个工作日，每天上午09:00至12:00，下午14:00至17:00（北京时间，法定节假日除外）。",
    "本项目不专门面向中小企业采购。凡对本次招标提出询问，请按以下方式联系。",
    "响应文件提交地点：中国政府采购网电子交易平台（远程不见面开标）。公告期限：自本公告发布之日起3个工作日。",
    "代理服务收费标准：按国家发展改革委计价格〔2002〕1980号文件规定的标准收取。",
]
QUERIES = [
    ('"算力租赁"', None),
    ("算力租赁", None),
    ("A100", None),
    ("H800 服务器", None),
    ('"亚马逊云科技"', None),
    ("离心机", None),
    ("采购", None),  # in every notice: the worst case for the index
    ("星海大学 GPU", None),
    ('"算力租赁"', HitFilter(since=date(2025, 6, 1), region="北京")),
    ("算力中心", None),  # 中心 and 算/力 are indexed, but the words rarely meet
    ("KDZ-A100", None),  # a model number that no notice has: the index answers at once
]


def notice_text(rng: random.Random, n: int) -> dict:
    """One generated notice as a row of the notices table."""
    buyer = rng.choice(PLACES) + rng.choice(INSTITUTIONS)
    agency = rng.choice(PLACES) + rng.choice(["国际招标有限公司", "公诚招标代理有限公司", "采购服务中心"])
    title_type, notice_type = rng.choice(TYPES)
    compute = rng.random() < 0.04
    if compute:
        name, unit, spec = rng.choice(COMPUTE)
        spec = spec.format(chip=rng.choice(CHIPS), n=rng.choice([8, 16, 64, 120]))
    else:
        name, unit = rng.choice(ORDINARY)
        spec = f"{rng.choice(PLACES)}牌 型号{rng.choice('ABCDKX')}{rng.randint(100, 9999)}"
    published = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
    budget = rng.randint(5, 5000) * 1000.0
    code = f"{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')}-{published.year}-{n:07d}"
    title = f"{buyer}{name}采购项目{title_type}"
    body = "\n".join([
        title, f"项目编号：{code}", f"采购人：{buyer}", f"采购代理机构：{agency}",
        f"预算金额：{budget / 10000:.6f} 万元（人民币）",
        f"采购需求：{name} | 数量 {rng.randint(1, 24)} | 单位 {unit} | 技术参数：{spec}",
        *rng.sample(BOILERPLATE, 3),
        f"联系人：{rng.choice('王李张刘陈杨赵黄')}工，电话：0{rng.randint(10, 999)}-{rng.randint(10000000, 99999999)}",
    ])
    return {"notice_id": f"bench:{n}", "portal": "bench", "url": f"http://127.0.0.1/bench/{n}.htm",
            "doc_id": f"doc{n}", "title": title, "notice_type": notice_type, "published": published,
            "region": rng.choice(REGIONS), "buyer": buyer, "agency": agency, "project_code": code,
            "budget_cny": budget, "text": body, "extractor_version": "bench", "extracted_at": datetime.now()}


def build(path: Path, size: int, seed: int = 6) -> dict[str, float]:
    """Write ``size`` generated notices and index them; return the timings."""
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    with connect(path) as con:
        started = time.perf_counter()
        chunk = 50_000
        for start in range(0, size, chunk):
            frame = pd.DataFrame([notice_text(rng, n) for n in range(start, min(size, start + chunk))])
            con.register("generated", frame)
            con.execute("INSERT INTO notices BY NAME SELECT * FROM generated")
            con.unregister("generated")
        timings["generate_s"] = time.perf_counter() - started
        ids = [r[0] for r in con.execute("SELECT notice_id FROM notices ORDER BY notice_id").fetchall()]
        chars = con.execute("SELECT sum(length(text)) FROM notices").fetchone()[0]
        started = time.perf_counter()
        for start in range(0, len(ids), 10_000):
            index_notices(con, ids[start:start + 10_000])
        timings["index_s"] = time.perf_counter() - started
        timings["chars"] = chars
        started = time.perf_counter()
        compact_index(con)
        timings["compact_s"] = time.perf_counter() - started
        timings["postings"] = con.execute("SELECT count(*) FROM search_postings").fetchone()[0]
    timings["db_mb"] = path.stat().st_size / 1e6
    return timings


def time_queries(path: Path) -> None:
    load_segmenter()
    with connect(path, read_only=True) as con:
        for text, filters in QUERIES:
            search(con, text, filters)  # warm-up
            runs, result = [], None
            for _ in range(5):
                started = time.perf_counter()
                result = search(con, text, filters)
                runs.append(time.perf_counter() - started)
            label = text + (" (since 2025-06-01, 北京)" if filters else "")
            print(f"  {label:<32} {statistics.median(runs) * 1000:8.1f} ms  {result.total:>8} matches  [{result.method}]",
                  flush=True)
        for text in ('"算力租赁"', "A100"):
            started = time.perf_counter()
            result = search(con, text, scan=True)
            print(f"  {text + ' (plain scan)':<32} {(time.perf_counter() - started) * 1000:8.1f} ms  "
                  f"{result.total:>8} matches  [scan]", flush=True)


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SEARCH_SIZES", "100000,1000000").split(",")]
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix="bench-search-"))
        try:
            path = folder / "bench.duckdb"
            t = build(path, size)
            print(f"{size:,} notices ({t['chars'] / 1e6:.0f} M characters): generated in {t['generate_s']:.0f} s, "
                  f"indexed in {t['index_s']:.0f} s ({size / t['index_s']:,.0f} notices/s), compacted in "
                  f"{t['compact_s']:.0f} s; {t['postings']:,} postings; database {t['db_mb']:,.0f} MB", flush=True)
            time_queries(path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
