"""The stages over the store: documents -> notices (extract) -> hits (classify), incrementally.

Extraction also resolves every notice's buyer and suppliers against the buyer registry (refdata/), and
re-resolves them when the registry changes.

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

from classify.buyer_type import buyer_type_of
from classify.rules import classify
from classify.verdict import CLASSIFIER_VERSION, Verdict
from extract.detail import notice_from_detail
from extract.notice import add_attachments
from extract.options import DEFAULT_OPTIONS, ReadOptions
from extract.readers import read_attachment
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
from refdata import Registry, load_registry, registry_type
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


def extract_one(raw: RawStore, detail: dict, attachments: list[dict],
                options: ReadOptions = DEFAULT_OPTIONS) -> tuple[Notice, list[DocumentText]]:
    """Extract one notice from its stored detail document and attachments (an archive gives one text per member)."""
    listing = json.loads(detail["listing"]) if isinstance(detail.get("listing"), str) else None
    try:
        notice = notice_from_detail(raw.get(detail["sha256"]), source=detail["source"], url=detail["url"],
                                    content_type=detail.get("content_type"), listing=listing)
    except Exception as exc:  # a parser bug must not stop the run: the notice keeps the error
        notice = Notice(url=detail["url"], portal=detail["source"], errors=[f"{type(exc).__name__}: {exc}"])
        notice.title = (listing or {}).get("title")
    notice.notice_id = detail["notice_id"]
    read = []
    for doc in attachments:
        name = doc["name"] or doc["url"].rsplit("/", 1)[-1]
        try:
            texts = read_attachment(raw.get(doc["sha256"]), name, options)
        except FileNotFoundError as exc:
            texts = [DocumentText(name=name, error=str(exc))]
        for text in texts:
            text.doc_id = doc["doc_id"]
        read.extend(texts)
    add_attachments(notice, read)
    return notice, read


def extract_pending(con: duckdb.DuckDBPyConnection, raw: RawStore, redo_all: bool = False,
                    progress: Progress | None = None, options: ReadOptions = DEFAULT_OPTIONS) -> StageResult:
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
            notice, read = extract_one(raw, detail, attachments, options)
            notices.append((notice, detail["doc_id"]))
            texts.extend(read)
            result.errors += bool(notice.errors) + sum(bool(t.error) for t in read)
        _write_notices(con, notices, texts)
        index_notices(con, batch)  # keep full-text search in step with what was (re)extracted
        result.done += len(batch)
        if progress:
            progress(len(batch))
    resolve_pending(con)
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
            "project_code": notice.project_code, "project_name": notice.project_name, "method": notice.method,
            "category": notice.category, "budget_cny": notice.budget_cny,
            "max_price_cny": notice.max_price_cny, "award_cny": notice.award_cny, "deadline": notice.deadline,
            "suppliers": json.dumps([asdict(s) for s in notice.suppliers], ensure_ascii=False),
            "contacts": json.dumps(notice.contacts, ensure_ascii=False),
            "links": json.dumps([asdict(link) for link in notice.links], ensure_ascii=False),
            "text": notice.text, "extractor_version": notice.extractor_version, "extracted_at": now,
            "error": "; ".join(notice.errors) or None,
            "candidate": None, "classifier_version": None, "classified_at": None,
        })
        doc_errors.append({"doc_id": doc_id, "error": "; ".join(notice.errors) or None})
        for seq, item in enumerate(notice.all_line_items(), start=1):
            owner = next((t for t in notice.attachments if t.name == item.source), None)
            items.append({"notice_id": notice.notice_id, "seq": seq, "name": item.name, "spec": item.spec,
                          "quantity": item.quantity, "unit": item.unit, "unit_price_cny": item.unit_price_cny,
                          "total_cny": item.total_cny, "doc_id": owner.doc_id if owner else doc_id,
                          "part": owner.part if owner else None, "page": item.page, "table_no": item.table,
                          "row_no": item.row, "lot": item.lot})
    by_doc: dict[str, list[str]] = {}
    for text in texts:
        problems = by_doc.setdefault(text.doc_id, [])
        if text.error:
            problems.append(f"{text.part}: {text.error}" if text.part else text.error)
        for page in text.pages:
            pages.append({"doc_id": text.doc_id, "part": text.part or "", "page": page.number, "text": page.text,
                          "ocr": page.ocr})
    doc_errors.extend({"doc_id": d, "error": "; ".join(problems) or None} for d, problems in by_doc.items())
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


# --- buyers and suppliers against the registry ---------------------------------------------------

PENDING_RESOLUTION = """
SELECT n.notice_id FROM notices n
LEFT JOIN entity_resolutions r ON r.notice_id = n.notice_id AND r.role = 'buyer'
WHERE r.notice_id IS NULL OR r.registry_version <> ? OR r.resolved_at < n.extracted_at
ORDER BY n.notice_id
"""


def pending_resolution(con: duckdb.DuckDBPyConnection, registry: Registry) -> list[str]:
    """Notices whose buyer and suppliers were never resolved, or by another registry, or before re-extraction."""
    return [r[0] for r in con.execute(PENDING_RESOLUTION, [registry.version]).fetchall()]


def resolve_pending(con: duckdb.DuckDBPyConnection, registry: Registry | None = None) -> StageResult:
    """Resolve the buyer (seq 0) and every supplier (seq 1…) of each pending notice into entity_resolutions."""
    registry = registry or load_registry()
    result = StageResult()
    pending = pending_resolution(con, registry)
    for start in range(0, len(pending), BATCH):
        batch = pending[start:start + BATCH]
        rows = []
        now = datetime.now()
        for notice in records(con, "SELECT notice_id, buyer, suppliers FROM notices WHERE notice_id IN (SELECT unnest(?))",
                              [batch]):
            names = [("buyer", 0, notice["buyer"] or "")]
            names += [("supplier", i, s.get("name") or "")
                      for i, s in enumerate(json.loads(notice["suppliers"] or "[]"), start=1)]
            for role, seq, name in names:
                found = registry.resolve(name)
                rows.append({
                    "notice_id": notice["notice_id"], "role": role, "seq": seq, "query": name, "name": found.name,
                    "entity_id": found.entity_id, "match": found.match, "english_name": found.english_name,
                    "type": found.type, "parent_name": found.parent.name if found.parent else None,
                    "parent_id": found.parent.entity_id if found.parent else None,
                    "identifiers": json.dumps(found.identifiers, ensure_ascii=False),
                    "flags": json.dumps([f.to_dict() for f in found.flags], ensure_ascii=False),
                    "flag_lists": [f.list for f in found.flags], "us_listed": found.us_listed,
                    "registry_version": registry.version, "resolved_at": now,
                })
        with transaction(con):
            con.execute("DELETE FROM entity_resolutions WHERE notice_id IN (SELECT unnest(?))", [batch])
            _insert(con, "entity_resolutions", rows, json_columns=("identifiers", "flags"))
        result.done += len(batch)
    return result


# --- classification -----------------------------------------------------------------------------

def buyer_type_with_registry(notice: Notice) -> tuple[str, str]:
    """(type, rule) of a notice's buyer: the buyer registry's where it knows the buyer, else the name rules."""
    return registry_type(notice.buyer) or buyer_type_of(notice)


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
        """SELECT d.notice_id, d.doc_id, coalesce(d.name, d.url) AS name, p.part, p.page, p.text, p.ocr
           FROM documents d JOIN attachment_pages p USING (doc_id)
           WHERE d.notice_id IN (SELECT unnest(?)) AND d.kind = 'attachment'
           QUALIFY dense_rank() OVER (PARTITION BY d.url ORDER BY d.fetched_at DESC) = 1
           ORDER BY d.notice_id, name, p.part, p.page""", [notice_ids])
    notices = []
    for row in rows:
        notice = Notice(
            notice_id=row["notice_id"], portal=row["portal"], url=row["url"], title=row["title"],
            notice_type=row["notice_type"] or "other", buyer=row["buyer"], agency=row["agency"],
            project_code=row["project_code"], project_name=row["project_name"], method=row["method"],
            region=row["region"], category=row["category"],
            published=row["published"], budget_cny=row["budget_cny"], max_price_cny=row["max_price_cny"],
            award_cny=row["award_cny"], suppliers=[Supplier(**s) for s in json.loads(row["suppliers"] or "[]")],
            links=[Link(**link) for link in json.loads(row["links"] or "[]")], text=row["text"] or "",
        )
        by_doc: dict[tuple[str, str], DocumentText] = {}  # (doc_id, archive member or '')
        for p in pages:
            if p["notice_id"] == row["notice_id"]:
                name = f"{p['name']}/{p['part']}" if p["part"] else p["name"]
                doc = by_doc.setdefault((p["doc_id"], p["part"]), DocumentText(name=name, doc_id=p["doc_id"],
                                                                                part=p["part"] or None))
                doc.pages.append(Page(p["page"], p["text"] or "", ocr=bool(p["ocr"])))
        notice.attachments = list(by_doc.values())
        notice.line_items = []
        for i in items:
            if i["notice_id"] != row["notice_id"]:
                continue
            owner = by_doc.get((i["doc_id"], i["part"] or ""))
            notice.line_items.append(LineItem(
                name=i["name"], spec=i["spec"], quantity=i["quantity"], unit=i["unit"],
                unit_price_cny=i["unit_price_cny"], total_cny=i["total_cny"], page=i["page"], table=i["table_no"],
                row=i["row_no"], lot=i["lot"], source=owner.name if owner else "body"))
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
        _write_verdicts(con, verdicts, {n.notice_id: buyer_type_with_registry(n) for n in notices})
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
        "amount_cny": v.amount_cny, "classifier_version": v.version, "classified_at": now,
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
