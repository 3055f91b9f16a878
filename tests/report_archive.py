"""A small archive written into a real database, for the report tests: notices, hits, reviews, crawl runs.

The rows go through the real schema (store.db.connect applies the migrations), with the values the crawler,
extractor and classifier store; only the crawl itself is skipped, so each test can say exactly which week a
notice was published and first archived in.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

from report.week import Week
from store.db import connect

WEEK = Week(2025, 37)          # 2025-09-08 … 2025-09-14
TODAY = date(2025, 9, 20)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Archive:
    """Writes notices as the pipeline would leave them."""

    def __init__(self, con):
        self.con = con

    def notice(self, notice_id: str, published: str | None, buyer: str, *, title: str, portal: str = "ccgp",
               fetched: str, candidate: bool = True, buyer_type: str = "university", notice_type: str = "tender",
               region: str = "北京", budget: float | None = None, award: float | None = None,
               suppliers: tuple[str, ...] = (), agency: str | None = None, hit: dict | None = None,
               review: tuple[str, str] | None = None, attachment: str | None = None) -> str:
        """Store one notice (its detail page, optionally an attachment, hit and review); return the page's sha256."""
        url = f"http://127.0.0.1/{portal}/{notice_id.split(':')[1]}.htm"
        sha256 = _digest(url)
        doc_id = _digest(url + "\n" + sha256)[:32]
        self._document(doc_id, url, sha256, fetched, portal, "detail", notice_id, None)
        if attachment:
            attachment_url = url + "/" + attachment
            self._document(_digest(attachment_url)[:32], attachment_url, _digest(attachment_url + "bytes"), fetched,
                           portal, "attachment", notice_id, attachment)
        self.con.execute("""
            INSERT INTO notices (notice_id, portal, url, doc_id, title, notice_type, published, region, buyer, agency,
                                 budget_cny, award_cny, suppliers, text, extractor_version, extracted_at, candidate,
                                 buyer_type, classifier_version, classified_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '0.1.0', now(), ?, ?, '0.1.0', now())
        """, [notice_id, portal, url, doc_id, title, notice_type, published, region, buyer, agency, budget, award,
              json.dumps([{"name": s, "amount_cny": award, "lot": "1"} for s in suppliers], ensure_ascii=False),
              title, candidate, buyer_type])
        if hit:
            self.con.execute("""
                INSERT INTO hits (notice_id, label, score, chips, providers, evidence, rules, classifier_version,
                                  classified_at)
                VALUES (?, ?, ?, ?, ?, ?, ['test rule'], '0.1.0', now())
            """, [notice_id, hit["label"], hit.get("score", 0.95), hit.get("chips", []), hit.get("providers", []),
                  json.dumps(hit["evidence"], ensure_ascii=False)])
        if review:
            self.con.execute("INSERT INTO reviews (notice_id, decision, note, reviewed_at) VALUES (?, ?, ?, now())",
                             [notice_id, *review])
        return sha256

    def _document(self, doc_id, url, sha256, fetched, source, kind, notice_id, name) -> None:
        self.con.execute("""
            INSERT INTO documents (doc_id, url, sha256, size, content_type, fetched_at, http_status, source, kind,
                                   notice_id, name)
            VALUES (?, ?, ?, 1000, 'text/html', ?, 200, ?, ?, ?, ?)
        """, [doc_id, url, sha256, datetime.fromisoformat(fetched), source, kind, notice_id, name])

    def crawl_run(self, run_id: str, source: str, since: str, until: str, *, blocked: int = 0,
                  status: str = "complete") -> None:
        self.con.execute("""
            INSERT INTO crawl_runs (run_id, source, started_at, ended_at, args, fetched, new_docs, unchanged, blocked,
                                    failed, errors, status)
            VALUES (?, ?, ?, ?, ?, 40, 10, 0, ?, 0, '[]', ?)
        """, [run_id, source, datetime.fromisoformat(until + " 23:00"), datetime.fromisoformat(until + " 23:30"),
              json.dumps({"since": since, "until": until, "keywords": ["A100", "算力", "AWS"]}), blocked, status])


def quote(text: str, where: str = "body") -> list[dict]:
    return [{"text": text, "where": where}]


def build_archive(path: Path) -> Path:
    """Week 2025-W37 with every case the report distinguishes (see the comment on each notice)."""
    with connect(path) as con:
        archive = Archive(con)
        # Published this week: a remote-access hit whose evidence is in an attachment.
        archive.notice("ccgp:1", "2025-09-08", "星海大学", title="星海大学GPU算力租赁服务采购项目公开招标公告",
                       fetched="2025-09-09 02:00", budget=3_600_000, agency="中澜国际招标有限公司",
                       attachment="招标文件.pdf",
                       hit={"label": "remote_access", "chips": ["A100"],
                            "evidence": quote("提供不少于64张NVIDIA A100 80GB GPU卡的独享算力", "attachment 招标文件.pdf p.2")})
        # Published this week: a hardware award, confirmed by a researcher.
        archive.notice("ccgp:2", "2025-09-10", "东川大学", title="东川大学GPU服务器采购项目中标公告", notice_type="award",
                       region="湖北", fetched="2025-09-11 02:00", award=7_650_000, suppliers=("东川云智科技有限公司",),
                       hit={"label": "hardware_purchase", "chips": ["H800"],
                            "evidence": quote("NF5688M7（8×NVIDIA H800 80GB SXM5）", "line item 1")},
                       review=("confirmed", "checked against the award notice"))
        # Published this week: a hit a researcher rejected (AWS = automatic weather station).
        archive.notice("ccgp:3", "2025-09-11", "澄江市气象局", title="澄江市气象局自动气象站（AWS）建设项目",
                       buyer_type="government", fetched="2025-09-12 02:00", budget=1_260_000,
                       hit={"label": "remote_access", "providers": ["AWS"], "evidence": quote("自动气象站（AWS）")},
                       review=("rejected", "weather stations"))
        # Published this week: an ordinary notice that is not a candidate.
        archive.notice("ccgp:4", "2025-09-12", "岭北工业大学", title="岭北工业大学离心机采购项目成交公告",
                       fetched="2025-09-13 02:00", candidate=False, award=98_700)
        # Late find: published in August, first archived this week.
        archive.notice("ccgp:5", "2025-08-20", "云岭省人民医院", title="云岭省人民医院Azure OpenAI服务单一来源采购公示",
                       notice_type="single_source", buyer_type="hospital", region="云南",
                       fetched="2025-09-12 05:00", budget=680_000,
                       hit={"label": "remote_access", "providers": ["Azure", "OpenAI"],
                            "evidence": quote("微软Azure OpenAI服务（GPT-4o）调用额度")})
        # Late find without a date: archived this week.
        archive.notice("ccgp:10", None, "澜州智能计算研究院", title="澜州智能计算研究院H20算力服务器采购",
                       buyer_type="research_institute", region="湖南", fetched="2025-09-13 07:00",
                       hit={"label": "hardware_purchase", "chips": ["H20"], "evidence": quote("H20 96GB 8卡服务器")})
        # Earlier: 星海大学 already had a hit in July, so it is not a new buyer; 东川大学 had a notice but no hit.
        archive.notice("ccgp:6", "2025-07-01", "星海大学", title="星海大学A100云服务器租用", fetched="2025-07-02 02:00",
                       hit={"label": "remote_access", "chips": ["A100"], "evidence": quote("A100云服务器租用")})
        archive.notice("ccgp:7", "2025-06-01", "东川大学", title="东川大学办公家具采购", fetched="2025-06-02 02:00",
                       candidate=False)
        # The previous week (W36): one hit.
        archive.notice("ccgp:8", "2025-09-01", "南溪理工大学", title="南溪理工大学亚马逊云科技账号采购询价公告",
                       notice_type="inquiry", fetched="2025-09-02 02:00", budget=186_000,
                       hit={"label": "remote_access", "providers": ["AWS"], "evidence": quote("AWS云服务账号")})
        # Another portal, with a notice this week but no crawl run covering the week.
        archive.notice("ggzy:9", "2025-09-09", "青岚市财政局", title="青岚市财政局打印纸采购", portal="ggzy",
                       buyer_type="government", fetched="2025-09-10 02:00", candidate=False)
        archive.crawl_run("run-1", "ccgp", "2025-09-01", "2025-09-14", blocked=4)
        archive.crawl_run("run-0", "ccgp", "2025-07-01", "2025-07-07")
        archive.crawl_run("run-ggzy", "ggzy", "2025-08-01", "2025-08-07", status="interrupted")
    return path


LISTED = ["ccgp:1", "ccgp:5", "ccgp:2", "ccgp:10"]   # in report order: by label, then date, late finds last
