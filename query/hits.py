"""The hit list: hits joined to their notices, with filters, as plain dicts in the JSON contract's shape."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import duckdb

HITS_SQL = """
SELECT n.notice_id, n.url, n.portal, n.title, n.buyer, n.buyer_type, n.published, n.region, n.notice_type,
       h.label, h.score, h.chips, h.providers,
       coalesce(n.award_cny, n.budget_cny, n.max_price_cny) AS amount_cny,
       n.suppliers, h.evidence, h.rules, h.classifier_version, r.decision AS review, r.note AS review_note,
       b.english_name AS buyer_english_name, b.name AS buyer_name, b.parent_name AS buyer_parent,
       b.flags AS buyer_flags, coalesce(b.us_listed, false) AS buyer_us_listed, s.supplier_entities
FROM hits h
JOIN notices n USING (notice_id)
LEFT JOIN reviews r USING (notice_id)
LEFT JOIN entity_resolutions b ON b.notice_id = n.notice_id AND b.role = 'buyer'
LEFT JOIN (
    SELECT notice_id, list({'name': name, 'english_name': english_name, 'type': type, 'flags': flag_lists,
                            'us_listed': us_listed} ORDER BY seq) AS supplier_entities
    FROM entity_resolutions WHERE role = 'supplier' GROUP BY notice_id
) s ON s.notice_id = n.notice_id
"""


@dataclass
class HitFilter:
    """Which hits to list; every field is optional."""

    since: date | None = None
    until: date | None = None
    label: str | None = None
    buyer_type: str | None = None
    chip: str | None = None
    provider: str | None = None
    name: str | None = None  # buyer or supplier, substring
    min_amount: float | None = None
    region: str | None = None
    portal: str | None = None

    def where(self) -> tuple[str, list[object]]:
        clauses, params = [], []
        if self.since:
            clauses.append("n.published >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("n.published <= ?")
            params.append(self.until)
        for column, value in (("h.label", self.label), ("n.buyer_type", self.buyer_type),
                              ("n.region", self.region), ("n.portal", self.portal)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.chip:
            clauses.append("list_contains(h.chips, ?)")
            params.append(self.chip)
        if self.provider:
            clauses.append("list_contains(h.providers, ?)")
            params.append(self.provider)
        if self.name:
            clauses.append("(n.buyer ILIKE ? OR CAST(n.suppliers AS VARCHAR) ILIKE ?)")
            params += [f"%{self.name}%", f"%{self.name}%"]
        if self.min_amount is not None:
            clauses.append("coalesce(n.award_cny, n.budget_cny, n.max_price_cny) >= ?")
            params.append(self.min_amount)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def fetch_hits(con: duckdb.DuckDBPyConnection, filters: HitFilter | None = None) -> list[dict]:
    """Hits, newest first, each a dict with the ``hits --format json`` fields."""
    where, params = (filters or HitFilter()).where()
    cursor = con.execute(HITS_SQL + where + " ORDER BY n.published DESC NULLS LAST, n.notice_id", params)
    columns = [d[0] for d in cursor.description]
    hits = []
    for row in cursor.fetchall():
        hit = dict(zip(columns, row, strict=True))
        hit["published"] = hit["published"].isoformat() if hit["published"] else None
        hit["suppliers"] = [s["name"] for s in json.loads(hit["suppliers"] or "[]")]
        hit["evidence"] = json.loads(hit["evidence"] or "[]")
        hit["chips"] = list(hit["chips"] or [])
        hit["providers"] = list(hit["providers"] or [])
        hit["rules"] = list(hit["rules"] or [])
        # from the buyer registry (refdata): English name, parent and flags of the buyer and the suppliers
        hit["buyer_flags"] = json.loads(hit["buyer_flags"] or "[]")
        hit["supplier_entities"] = [{**s, "flags": list(s["flags"] or [])} for s in hit["supplier_entities"] or []]
        hits.append(hit)
    return hits
