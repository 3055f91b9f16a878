"""Buyers (or suppliers) as the registry resolved them, with their notice and hit counts and their flags."""

from __future__ import annotations

import json

import duckdb

BUYERS_SQL = """
SELECT r.name, arg_max(r.english_name, r.resolved_at) AS english_name, arg_max(r.type, r.resolved_at) AS type,
       arg_max(r.parent_name, r.resolved_at) AS parent, arg_max(r.match, r.resolved_at) AS match,
       count(DISTINCT r.notice_id) AS notices, count(DISTINCT h.notice_id) AS hits,
       bool_or(r.us_listed) AS us_listed, arg_max(r.flags, r.resolved_at) AS flags
FROM entity_resolutions r
LEFT JOIN hits h ON h.notice_id = r.notice_id
WHERE r.role = ? AND r.query <> ''
GROUP BY r.name
HAVING ? = false OR bool_or(r.us_listed)
ORDER BY hits DESC, notices DESC, r.name
LIMIT ?
"""


def fetch_buyers(con: duckdb.DuckDBPyConnection, role: str = "buyer", listed_only: bool = False,
                 limit: int = 1000) -> list[dict]:
    """One dict per resolved name: name, english_name, type, parent, match, notices, hits, us_listed, flags."""
    cursor = con.execute(BUYERS_SQL, [role, listed_only, limit])
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["flags"] = json.loads(row["flags"] or "[]")
    return rows
