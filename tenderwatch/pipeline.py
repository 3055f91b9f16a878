"""The stages over the store: documents -> notices (extract) -> hits (classify), incrementally.

Each stage reads what the previous one stored and writes in short transactions, so readers are
never locked out for long and a crash loses at most one batch (which the next run redoes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb
import pandas as pd

from classify.buyer_type import buyer_type
from classify.rules import classify
from classify.verdict import CLASSIFIER_VERSION, Verdict
from extract.notice import add_attachments, notice_from_html
from extract.readers import read_document
from extract.records import (
    EXTRACTOR_VERSION,
    DocumentText,
    LineItem,
    Link,
    Notice,
    Page,
    Supplier,
)
from query.search import index_notices, stale_notices
from store.db import records, transaction
from store.raw import RawStore

BATCH = 100
Progress = Callable[[int], None]


@dataclass
class StageResult:
    done: int = 0
    errors: int = 0
    hits: int = 0


# --- extraction ---------------------------------------------------------------------------------

PENDING_EXTRACTION = """
WITH latest AS (
    SELECT notice_id, arg_max(doc_id, fetched_at) AS doc_id, max(fetched_at) AS fetched_at
    FROM documents WHERE kind = 'detail' AND notice_id IS NOT NULL GROUP BY notice_id
), newest_attachment AS (
    SELECT notice_id, max(fetched_at) AS fetched_at FROM documents WHERE kind = 'attachment' GROUP BY notice_id
)
SELECT l.notice_id FROM latest l
LEFT JOIN notices n USING (notice_id)
LEFT JOIN newest_attachment a USING (notice_id)
WHERE ? OR n.notice_id IS NULL OR n.doc_id <> l.doc_id OR n.extractor_version <> ?
   OR a.fetched_at > n.extracted_at
ORDER BY l.notice_id
"""


def pending_extraction(con: duckdb.DuckDBPyConnection, redo_all: bool = False) -> list[str]:
    """Notices whose detail page or attachments are newer than their record, or extracted by an older version."""
    return [r[0] for r in con.execute(PENDING_EXTRACTION, [redo_all, EXTRACTOR_VERSION]).fetchall()]


def _documents_of(con: duckdb.DuckDBPyConnection, notice_ids: list[str]) -> list[dict]:
    """The newest version of every detail page and attachment URL of these notices."""
    return records(
        con,
        """SELECT * FROM documents WHERE notice_id IN (SELECT unnest(?)) AND kind IN ('detail', 'attachment')
           QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1""",
        [notice_ids],
    )


def extract_one(raw: RawStore, detail: dict, attachments: list[dict]) -> tuple[Notice, list[DocumentText]]:
    """Extract one notice from its stored detail page and attachments."""
    listing = json.loads(detail["listing"]) if isinstance(detail.get("listing"), str) else None
    try:
        notice = notice_from_html(raw.get(detail["sha256"]), url=detail["url"], portal=detail["source"], listing=listing)
    except Exception as exc:  # a parser bug must not stop the run: the notice keeps the error
        notice = Notice(url=detail["url"], portal=detail["source"], errors=[f"{type(exc).__name__}: {exc}"])
        notice.title = (listing or {}).get("title")
    notice.notice_id = detail["notice_id"]
    read = []
    for doc in attachments:
        try:
            text = read_document(raw.get(doc["sha256"]), doc["name"] or doc["url"].rsplit("/", 1)[-1])
        except FileNotFoundError as exc:
            text = DocumentText(name=doc["name"] or doc["url"], error=str(exc))
        text.doc_id = doc["doc_id"]
        read.append(text)
    add_attachments(notice, read)
    return notice, read


def extract_pending(con: duckdb.DuckDBPyConnection, raw: RawStore, redo_all: bool = False,
                    progress: Progress | None = None) -> StageResult:
    """Extract every notice that needs it, in batches of short transactions."""
    result = StageResult()
    pending = pending_extraction(con, redo_all)
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        docs = _documents_of(con, batch)
        notices, texts = [], []
        for notice_id in batch:
            mine = [d for d in docs if d["notice_id"] == notice_id]
            detail = max((d for d in mine if d["kind"] == "detail"), key=lambda d: d["fetched_at"])
            attachments = [d for d in mine if d["kind"] == "attachment"]
            notice, read = extract_one(raw, detail, attachments)
            notices.append((notice, detail["doc_id"]))
            texts.extend(read)
            result.errors += bool(notice.errors) + sum(bool(t.error) for t in read)
        _write_notices(con, notices, texts)
        index_notices(con, batch)  # keep full-text search in step with what was (re)extracted
        result.done += len(batch)
        if progress:
            progress(len(batch))
    index_notices(con, stale_notices(con))  # notices extracted before the search index existed
    return result


def _write_notices(con: duckdb.DuckDBPyConnection, notices: list[tuple[Notice, str]], texts: list[DocumentText]) -> None:
    now = datetime.now()
    rows, items, pages, doc_errors = [], [], [], []
    for notice, doc_id in notices:
        rows.append({
            "notice_id": notice.notice_id, "portal": notice.portal, "url": notice.url, "doc_id": doc_id,
            "title": notice.title, "notice_type": notice.notice_type, "published": notice.published,
            "region": notice.region, "buyer": notice.buyer, "agency": notice.agency,
            "project_code": notice.project_code, "category": notice.category, "budget_cny": notice.budget_cny,
            "max_price_cny": notice.max_price_cny, "award_cny": notice.award_cny, "deadline": notice.deadline,
            "suppliers": json.dumps([asdict(s) for s in notice.suppliers], ensure_ascii=False),
            "contacts": json.dumps(notice.contacts, ensure_ascii=False),
            "links": json.dumps([asdict(link) for link in notice.links], ensure_ascii=False),
            "text": notice.text, "extractor_version": notice.extractor_version, "extracted_at": now,
            "error": "; ".join(notice.errors) or None,
            "candidate": None, "classifier_version": None, "classified_at": None,
        })
        for seq, item in enumerate(notice.all_line_items(), start=1):
            doc = next((t.doc_id for t in notice.attachments if t.name == item.source), doc_id)
            items.append({"notice_id": notice.notice_id, "seq": seq, "name": item.name, "spec": item.spec,
                          "quantity": item.quantity, "unit": item.unit, "unit_price_cny": item.unit_price_cny,
                          "total_cny": item.total_cny, "doc_id": doc, "page": item.page,
                          "table_no": item.table, "row_no": item.row})
    for text in texts:
        doc_errors.append({"doc_id": text.doc_id, "error": text.error})
        for page in text.pages:
            pages.append({"doc_id": text.doc_id, "page": page.number, "text": page.text})
    ids = [r["notice_id"] for r in rows]
    with transaction(con):
        con.execute("DELETE FROM line_items WHERE notice_id IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM notices WHERE notice_id IN (SELECT unnest(?))", [ids])
        _insert(con, "notices", rows, json_columns=("suppliers", "contacts", "links"))
        _insert(con, "line_items", items)
        if pages:
            con.execute("DELETE FROM attachment_pages WHERE doc_id IN (SELECT unnest(?))", [[p["doc_id"] for p in pages]])
            _insert(con, "attachment_pages", pages)
        for err in doc_errors:
            con.execute("UPDATE documents SET error = ? WHERE doc_id = ?", [err["error"], err["doc_id"]])


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict], json_columns: Iterable[str] = ()) -> None:
    if not rows:
        return
    frame = pd.DataFrame(rows)
    con.register("incoming_rows", frame)
    try:
        columns = ", ".join(f'CAST("{c}" AS JSON) AS "{c}"' if c in json_columns else f'"{c}"' for c in frame.columns)
        con.execute(f"INSERT INTO {table} BY NAME SELECT {columns} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


# --- classification -----------------------------------------------------------------------------

def pending_classification(con: duckdb.DuckDBPyConnection, redo_all: bool = False) -> list[str]:
    """Notices never classified, classified by another version, or re-extracted since."""
    return [r[0] for r in con.execute(
        """SELECT notice_id FROM notices WHERE ? OR classifier_version IS NULL OR classifier_version <> ?
           OR classified_at < extracted_at ORDER BY notice_id""", [redo_all, CLASSIFIER_VERSION]).fetchall()]


def load_notices(con: duckdb.DuckDBPyConnection, notice_ids: list[str]) -> list[Notice]:
    """Rebuild Notice records (with line items and attachment text) from the store."""
    rows = records(con, "SELECT * FROM notices WHERE notice_id IN (SELECT unnest(?)) ORDER BY notice_id", [notice_ids])
    items = records(con, "SELECT * FROM line_items WHERE notice_id IN (SELECT unnest(?)) ORDER BY notice_id, seq",
                    [notice_ids])
    pages = records(
        con,
        """SELECT d.notice_id, d.doc_id, coalesce(d.name, d.url) AS name, p.page, p.text
           FROM documents d JOIN attachment_pages p USING (doc_id)
           WHERE d.notice_id IN (SELECT unnest(?)) AND d.kind = 'attachment'
           QUALIFY dense_rank() OVER (PARTITION BY d.url ORDER BY d.fetched_at DESC) = 1
           ORDER BY d.notice_id, name, p.page""", [notice_ids])
    notices = []
    for row in rows:
        notice = Notice(
            notice_id=row["notice_id"], portal=row["portal"], url=row["url"], title=row["title"],
            notice_type=row["notice_type"] or "other", buyer=row["buyer"], agency=row["agency"],
            project_code=row["project_code"], region=row["region"], category=row["category"],
            published=row["published"], budget_cny=row["budget_cny"], max_price_cny=row["max_price_cny"],
            award_cny=row["award_cny"], suppliers=[Supplier(**s) for s in json.loads(row["suppliers"] or "[]")],
            links=[Link(**link) for link in json.loads(row["links"] or "[]")], text=row["text"] or "",
        )
        by_doc: dict[str, DocumentText] = {}
        for p in pages:
            if p["notice_id"] == row["notice_id"]:
                doc = by_doc.setdefault(p["doc_id"], DocumentText(name=p["name"], doc_id=p["doc_id"]))
                doc.pages.append(Page(p["page"], p["text"] or ""))
        notice.attachments = list(by_doc.values())
        notice.line_items = [
            LineItem(name=i["name"], spec=i["spec"], quantity=i["quantity"], unit=i["unit"],
                     unit_price_cny=i["unit_price_cny"], total_cny=i["total_cny"], page=i["page"],
                     table=i["table_no"], row=i["row_no"],
                     source=by_doc[i["doc_id"]].name if i["doc_id"] in by_doc else "body")
            for i in items if i["notice_id"] == row["notice_id"]
        ]
        notices.append(notice)
    return notices


def classify_pending(con: duckdb.DuckDBPyConnection, redo_all: bool = False, progress: Progress | None = None) -> StageResult:
    """Classify every notice that needs it; hits go to the ``hits`` table, reviews are left untouched."""
    result = StageResult()
    pending = pending_classification(con, redo_all)
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        notices = load_notices(con, batch)
        verdicts = [(n.notice_id, classify(n)) for n in notices]
        _write_verdicts(con, verdicts, {n.notice_id: buyer_type(n.buyer) for n in notices})
        result.done += len(batch)
        result.hits += sum(v.is_hit for _, v in verdicts)
        if progress:
            progress(len(batch))
    return result


def _write_verdicts(con: duckdb.DuckDBPyConnection, verdicts: list[tuple[str, Verdict]],
                    buyer_types: dict[str, tuple[str, str]]) -> None:
    now = datetime.now()
    ids = [notice_id for notice_id, _ in verdicts]
    hits = [{
        "notice_id": notice_id, "label": v.label, "score": v.score, "chips": v.chips, "providers": v.providers,
        "evidence": json.dumps([asdict(e) for e in v.evidence], ensure_ascii=False), "rules": v.rules,
        "classifier_version": v.version, "classified_at": now,
    } for notice_id, v in verdicts if v.is_hit]
    flags = pd.DataFrame({
        "notice_id": ids, "candidate": [v.candidate for _, v in verdicts],
        "buyer_type": [buyer_types[i][0] for i in ids], "buyer_type_rule": [buyer_types[i][1] for i in ids],
    })
    with transaction(con):
        con.execute("DELETE FROM hits WHERE notice_id IN (SELECT unnest(?))", [ids])
        _insert(con, "hits", hits, json_columns=("evidence",))
        con.register("flags", flags)
        con.execute(
            """UPDATE notices SET candidate = flags.candidate, buyer_type = flags.buyer_type,
                   buyer_type_rule = flags.buyer_type_rule, classifier_version = ?, classified_at = ?
               FROM flags WHERE notices.notice_id = flags.notice_id""", [CLASSIFIER_VERSION, now])
        con.unregister("flags")
