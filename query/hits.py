"""The hit list: rows of the ``v_hits`` view with filters, as plain dicts in the ``hits --format json`` shape.

The filters apply to ``v_hits`` and ``v_notices`` alike (the two views share the column names), so the hit
list, the notice export and full-text search all filter the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date

import duckdb

from store.db import records

REVIEW_CHOICES = ("confirmed", "rejected", "unreviewed")


@dataclass
class HitFilter:
    """Which hits (or notices) to list; every field is optional and they combine with AND."""

    since: date | None = None
    until: date | None = None
    label: str | None = None
    buyer_type: str | None = None
    chip: str | None = None
    provider: str | None = None
    name: str | None = None  # buyer or supplier name contains this (case-insensitive)
    min_amount: float | None = None
    region: str | None = None
    portal: str | None = None
    review: str | None = None  # confirmed | rejected | unreviewed

    def where(self, alias: str = "") -> tuple[str, list[object]]:
        """A SQL ``WHERE …`` clause (or "") over v_hits / v_notices columns, and its parameters."""
        col = (alias + ".") if alias else ""
        clauses: list[str] = []
        params: list[object] = []
        if self.since:
            clauses.append(f"{col}published >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{col}published <= ?")
            params.append(self.until)
        for column, value in (("label", self.label), ("buyer_type", self.buyer_type),
                              ("region", self.region), ("portal", self.portal)):
            if value:
                clauses.append(f"{col}{column} = ?")
                params.append(value)
        for column, value in (("chips", self.chip), ("providers", self.provider)):
            if value:
                clauses.append(f"list_contains({col}{column}, ?)")
                params.append(value)
        if self.name:
            clauses.append(f"({col}buyer ILIKE ? OR list_bool_or([s ILIKE ? FOR s IN {col}suppliers]))")
            params += [f"%{self.name}%", f"%{self.name}%"]
        if self.min_amount is not None:
            clauses.append(f"{col}amount_cny >= ?")
            params.append(self.min_amount)
        if self.review == "unreviewed":
            clauses.append(f"{col}review IS NULL")
        elif self.review:
            clauses.append(f"{col}review = ?")
            params.append(self.review)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))


HIT_COLUMNS = """notice_id, url, portal, title, buyer, buyer_type, published, region, notice_type, label, score,
    chips, providers, amount_cny, suppliers, evidence, rules, classifier_version, review, review_note,
    agency, project_code, budget_cny, award_cny, reviewed_at,
    buyer_name, buyer_english_name, buyer_parent, buyer_flags, buyer_us_listed, supplier_entities"""


def decode_hit(row: dict) -> dict:
    """A v_hits row in the JSON contract's shape: ISO dates, plain lists, evidence as a list of dicts."""
    row["published"] = row["published"].isoformat() if row.get("published") else None
    if row.get("reviewed_at") is not None:
        row["reviewed_at"] = row["reviewed_at"].isoformat(timespec="seconds")
    evidence = row.get("evidence")
    row["evidence"] = json.loads(evidence) if isinstance(evidence, str) else list(evidence or [])
    for key in ("chips", "providers", "rules", "suppliers"):
        if key in row:
            row[key] = list(row[key] or [])
    # from the buyer registry (refdata): the flags of the buyer, and each supplier as the registry knows it
    if "buyer_flags" in row:
        flags = row["buyer_flags"]
        row["buyer_flags"] = json.loads(flags) if isinstance(flags, str) else list(flags or [])
    if "supplier_entities" in row:
        row["supplier_entities"] = [{**s, "flags": list(s["flags"] or [])} for s in row["supplier_entities"] or []]
    return row


def fetch_hits(con: duckdb.DuckDBPyConnection, filters: HitFilter | None = None, limit: int | None = None) -> list[dict]:
    """Hits, newest first, each a dict with the ``hits --format json`` fields."""
    where, params = (filters or HitFilter()).where()
    sql = f"SELECT {HIT_COLUMNS} FROM v_hits{where} ORDER BY published DESC NULLS LAST, notice_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [decode_hit(row) for row in records(con, sql, params)]


NOTICE_COLUMNS = """notice_id, url, portal, title, notice_type, published, region, buyer, buyer_type, agency,
    project_code, category, budget_cny, max_price_cny, award_cny, amount_cny, deadline, suppliers, label, score,
    chips, providers, review, review_note"""


def fetch_notices(con: duckdb.DuckDBPyConnection, filters: HitFilter | None = None, with_text: bool = False) -> list[dict]:
    """Notices (hits or not), newest first, with their label ('none' when not a hit)."""
    where, params = (filters or HitFilter()).where()
    columns = NOTICE_COLUMNS + (", text" if with_text else "")
    rows = records(con, f"SELECT {columns} FROM v_notices{where} ORDER BY published DESC NULLS LAST, notice_id", params)
    for row in rows:
        row["published"] = row["published"].isoformat() if row["published"] else None
        for key in ("chips", "providers", "suppliers"):
            row[key] = list(row[key] or [])
    return rows
