"""Buyers: the list of buyers (or suppliers) as the registry resolved them, with notice and hit counts and
flags; and one buyer's profile (timeline, spending, suppliers and intermediaries, the other buyers its
suppliers serve), read from the views (v_notices, v_suppliers, v_buyers)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import pandas as pd

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


@dataclass
class BuyerProfile:
    """Everything the buyer-profile notebook shows about one buyer, as DataFrames."""

    name: str
    summary: dict            # the buyer's row of v_buyers
    timeline: pd.DataFrame   # its notices, oldest first: date, type, label, amount, title, suppliers
    spend: pd.DataFrame      # amount and notice count per month and label
    suppliers: pd.DataFrame  # who it paid: supplier, notices, amount, labels
    agencies: pd.DataFrame   # procurement agencies that ran its purchases
    network: pd.DataFrame    # other buyers served by the same suppliers


class BuyerNotFound(LookupError):
    """No notice names this buyer."""


def buyer_names(con: duckdb.DuckDBPyConnection, like: str) -> list[str]:
    """Buyer names containing a text, those with the most hits first."""
    return [r[0] for r in con.execute(
        "SELECT name FROM v_buyers WHERE name ILIKE ? ORDER BY hits DESC, notices DESC, name", [f"%{like}%"]).fetchall()]


def buyer_profile(con: duckdb.DuckDBPyConnection, name: str) -> BuyerProfile:
    """The profile of the buyer with exactly this name (see ``buyer_names`` to find it)."""
    summary = con.execute("SELECT * FROM v_buyers WHERE name = ?", [name]).df()
    if summary.empty:
        raise BuyerNotFound(name)
    timeline = con.execute(
        """SELECT published, notice_type, label, amount_cny, title, suppliers, agency, notice_id, url
           FROM v_notices WHERE buyer = ? ORDER BY published NULLS LAST, notice_id""", [name]).df()
    spend = con.execute(
        """SELECT CAST(date_trunc('month', published) AS DATE) AS month, label, count(*) AS notices,
                  sum(amount_cny) AS amount_cny
           FROM v_notices WHERE buyer = ? GROUP BY ALL ORDER BY month, label""", [name]).df()
    suppliers = con.execute(
        """SELECT supplier, count(DISTINCT notice_id) AS notices, sum(amount_cny) AS amount_cny,
                  list_sort(list_distinct(list(label))) AS labels, min(published) AS first, max(published) AS last
           FROM v_suppliers WHERE buyer = ? GROUP BY supplier ORDER BY amount_cny DESC NULLS LAST, supplier""",
        [name]).df()
    agencies = con.execute(
        """SELECT agency, count(*) AS notices, count(*) FILTER (WHERE label <> 'none') AS hits,
                  sum(amount_cny) AS amount_cny
           FROM v_notices WHERE buyer = ? AND agency IS NOT NULL GROUP BY agency ORDER BY notices DESC, agency""",
        [name]).df()
    network = con.execute(
        """SELECT s.supplier, o.buyer AS other_buyer, o.buyer_type, count(DISTINCT o.notice_id) AS notices,
                  sum(o.amount_cny) AS amount_cny, list_sort(list_distinct(list(o.label))) AS labels
           FROM (SELECT DISTINCT supplier FROM v_suppliers WHERE buyer = ?) s
           JOIN v_suppliers o ON o.supplier = s.supplier AND o.buyer <> ?
           GROUP BY ALL ORDER BY notices DESC, s.supplier, other_buyer""", [name, name]).df()
    return BuyerProfile(name, summary.iloc[0].to_dict(), timeline, spend, suppliers, agencies, network)
