"""One notice whole: its fields, line items, attachments, verdict with evidence, review and archived raw files."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from store.db import records
from store.raw import RawStore


class NoticeNotFound(LookupError):
    """No notice has this id."""


def notice_detail(con: duckdb.DuckDBPyConnection, notice_id: str, raw_root: Path | None = None) -> dict:
    """Everything stored about one notice, as one JSON-ready dict.

    ``documents`` lists every fetched version of the detail page and of each attachment, newest first, with the
    path of its archived bytes under ``raw_root`` (``raw/ab/cd/<sha256>`` beside the database) and whether that
    file is there.
    """
    rows = records(con, "SELECT * EXCLUDE (week) FROM v_notices WHERE notice_id = ?", [notice_id])
    if not rows:
        raise NoticeNotFound(notice_id)
    notice = rows[0]
    for key in ("published", "deadline", "extracted_at", "classified_at"):
        if notice[key] is not None:
            notice[key] = notice[key].isoformat()
    notice["chips"], notice["providers"], notice["suppliers"] = (
        list(notice["chips"]), list(notice["providers"]), list(notice["suppliers"]))
    notice["supplier_details"] = json.loads(_json_column(con, "SELECT suppliers FROM notices WHERE notice_id = ?", notice_id))
    notice["links"] = json.loads(_json_column(con, "SELECT links FROM notices WHERE notice_id = ?", notice_id))
    notice["line_items"] = records(
        con, "SELECT seq, name, spec, quantity, unit, unit_price_cny, total_cny, source, page, table_no, row_no "
             "FROM v_line_items WHERE notice_id = ? ORDER BY seq", [notice_id])
    hit = records(con, "SELECT evidence, rules, classifier_version, classified_at FROM hits WHERE notice_id = ?", [notice_id])
    notice["evidence"] = json.loads(hit[0]["evidence"] or "[]") if hit else []
    notice["rules"] = list(hit[0]["rules"] or []) if hit else []
    review = records(con, "SELECT decision, label, hit_label, note, reviewer, reviewed_at FROM reviews WHERE notice_id = ?",
                     [notice_id])
    if review:
        review[0]["reviewed_at"] = review[0]["reviewed_at"].isoformat(timespec="seconds")
    notice["review"] = review[0] if review else None
    notice["documents"] = _documents(con, notice_id, RawStore(raw_root) if raw_root else None)
    notice["attachments"] = _attachments(con, notice_id)
    return notice


def _json_column(con: duckdb.DuckDBPyConnection, sql: str, notice_id: str) -> str:
    rows = con.execute(sql, [notice_id]).fetchall()
    return rows[0][0] if rows and rows[0][0] else "[]"


def _documents(con: duckdb.DuckDBPyConnection, notice_id: str, raw: RawStore | None) -> list[dict]:
    docs = records(
        con, """SELECT doc_id, kind, coalesce(name, '') AS name, url, sha256, size, content_type, fetched_at,
                       http_status, run_id, error
                FROM documents WHERE notice_id = ? ORDER BY kind DESC, name, fetched_at DESC""", [notice_id])
    for doc in docs:
        doc["fetched_at"] = doc["fetched_at"].isoformat(timespec="seconds")
        if raw is not None:
            path = raw.path(doc["sha256"])
            doc["raw_path"] = str(path)
            doc["raw_present"] = path.exists()
    return docs


def _attachments(con: duckdb.DuckDBPyConnection, notice_id: str) -> list[dict]:
    """The newest version of each attachment with its page count and the first characters of its text."""
    return records(
        con, """WITH newest AS (
                    SELECT * FROM documents WHERE notice_id = ? AND kind = 'attachment'
                    QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1)
                SELECT coalesce(d.name, d.url) AS name, d.url, d.doc_id, d.error, count(p.page) AS pages,
                       left(string_agg(p.text, '\n' ORDER BY p.page), 300) AS text_start
                FROM newest d LEFT JOIN attachment_pages p USING (doc_id)
                GROUP BY d.name, d.url, d.doc_id, d.error ORDER BY name""", [notice_id])
