"""Everything one weekly report says, read from the store into plain records.

Which hits a week's report lists: hits on notices published in the week, and *late finds* — hits on
notices published earlier (or undated) whose first copy was archived during the week, so that a hit
the crawler found late is still reported once. Hits a researcher rejected on review are counted in
the funnel but not listed. Trend and headline counts go by publication week.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb

from query.hits import HitFilter, fetch_hits
from report.buyers import BuyerFacts, buyer_facts
from report.summary import summarize
from report.week import Week, week_of
from store.db import records, scalar

LABELS = ("remote_access", "hardware_purchase")
TREND_WEEKS = 12          # weeks before the report's week in the trend chart and the average
NOTABLE_AMOUNT_CNY = 1_000_000
EVIDENCE_SHOWN = 3        # quotes per hit; the rest are in the archive

# When each notice was first archived: its earliest detail page or attachment (timestamps are UTC).
FIRST_SEEN = """
first_seen AS (SELECT notice_id, min(fetched_at) AS first_seen FROM documents
               WHERE notice_id IS NOT NULL GROUP BY notice_id)
"""


@dataclass
class ArchivedCopy:
    """A raw file kept for a hit: the detail page or an attachment that carries evidence."""

    what: str        # "notice page" or the attachment's name
    doc_id: str
    sha256: str


@dataclass
class HitEntry:
    """One listed hit with everything the report shows about it."""

    hit: dict                       # the ``hits --format json`` fields from query.hits
    buyer: BuyerFacts
    summary: str
    amount_kind: str | None         # award | budget | max_price
    agency: str | None
    late: bool                      # published before the week, first archived in it
    first_seen: datetime | None
    archived: list[ArchivedCopy]
    evidence: list[dict]            # the first EVIDENCE_SHOWN quotes
    more_evidence: int              # quotes not shown
    number: int = 0                 # its number in the report, 1…


@dataclass
class NewBuyer:
    """A buyer whose first hit is in this report."""

    buyer: BuyerFacts
    hits: int
    earlier_notices: int


@dataclass
class PortalFunnel:
    """Per portal: the week's notices → candidates → hits → reviews."""

    portal: str
    notices: int = 0
    candidates: int = 0
    hits: int = 0
    confirmed: int = 0
    rejected: int = 0


@dataclass
class PortalCoverage:
    """Per portal: the crawl runs whose date window includes some of the week."""

    portal: str
    runs: int = 0
    windows: list[str] = field(default_factory=list)
    fetched: int = 0
    blocked: int = 0
    failed: int = 0
    incomplete: int = 0             # runs interrupted before they finished
    keywords: int = 0


@dataclass
class WeeklyReport:
    """Everything one week's report shows, in the order the templates show it."""

    week: Week
    today: date
    generated_at: datetime
    entries: list[HitEntry]
    trend: list[tuple[Week, dict[str, int]]]   # oldest first, the report's week last
    new_buyers: list[NewBuyer]
    notable: list[HitEntry]
    funnel: list[PortalFunnel]
    coverage: list[PortalCoverage]
    classifier_versions: list[str]

    @property
    def in_progress(self) -> bool:
        """The week has not ended yet: the report covers it up to ``today``."""
        return self.week.end >= self.today

    def by_label(self) -> dict[str, list[HitEntry]]:
        return {label: [e for e in self.entries if e.hit["label"] == label] for label in LABELS}

    @property
    def published_count(self) -> int:
        return sum(self.trend[-1][1].values())

    @property
    def previous_count(self) -> int:
        return sum(self.trend[-2][1].values())

    @property
    def average_before(self) -> float:
        """Hits per week over the TREND_WEEKS weeks before this one."""
        return sum(sum(counts.values()) for _, counts in self.trend[:-1]) / TREND_WEEKS

    @property
    def late_count(self) -> int:
        return sum(e.late for e in self.entries)

    @property
    def listed_buyer_count(self) -> int | None:
        """Hits whose buyer is on a list (directly or via its parent); None when no buyer was checked."""
        if not any(e.buyer.resolved for e in self.entries):
            return None
        return sum(bool(e.buyer.flags) for e in self.entries)

    @property
    def uncovered_portals(self) -> list[str]:
        return [c.portal for c in self.coverage if not c.runs]


def collect(con: duckdb.DuckDBPyConnection, week: Week, today: date) -> WeeklyReport:
    """Read the week's report from the store (a connection opened read-only is enough)."""
    start, end = week.start, week.end
    late_ids = _late_find_ids(con, week)
    listed = [h for h in fetch_hits(con, HitFilter(since=start, until=end)) if h["review"] != "rejected"]
    if late_ids:
        listed += [h for h in fetch_hits(con) if h["notice_id"] in late_ids and h["review"] != "rejected"]
    facts = buyer_facts(con, [h["buyer"] for h in listed])
    entries = _entries(con, listed, facts, late_ids)
    notable = sorted((e for e in entries if (e.hit["amount_cny"] or 0) >= NOTABLE_AMOUNT_CNY),
                     key=lambda e: -e.hit["amount_cny"])
    return WeeklyReport(
        week=week, today=today, generated_at=datetime.now().astimezone().replace(microsecond=0),
        entries=entries, trend=_trend(con, week), new_buyers=_new_buyers(con, week, entries, facts),
        notable=notable, funnel=_funnel(con, week, late_ids), coverage=_coverage(con, week),
        classifier_versions=sorted({e.hit["classifier_version"] for e in entries}),
    )


def busiest_week(con: duckdb.DuckDBPyConnection) -> Week | None:
    """The publication week with the most (unrejected) hits, the latest on a tie; None without hits."""
    monday = scalar(con, """
        SELECT CAST(date_trunc('week', n.published) AS DATE) AS monday
        FROM hits h JOIN notices n USING (notice_id) LEFT JOIN reviews r USING (notice_id)
        WHERE n.published IS NOT NULL AND r.decision IS DISTINCT FROM 'rejected'
        GROUP BY monday ORDER BY count(*) DESC, monday DESC LIMIT 1
    """)
    return week_of(monday) if monday else None


def _late_find_ids(con: duckdb.DuckDBPyConnection, week: Week) -> set[str]:
    """Notices published before the week (or undated) whose first copy was archived during it."""
    rows = records(con, f"""
        WITH {FIRST_SEEN}
        SELECT notice_id FROM notices n JOIN first_seen USING (notice_id)
        WHERE first_seen >= ? AND first_seen < ? AND (n.published IS NULL OR n.published < ?)
    """, [week.start, week.end + timedelta(days=1), week.start])
    return {r["notice_id"] for r in rows}


def _entries(con: duckdb.DuckDBPyConnection, listed: list[dict], facts: dict[str, BuyerFacts],
             late_ids: set[str]) -> list[HitEntry]:
    ids = [h["notice_id"] for h in listed]
    notices = {r["notice_id"]: r for r in records(con, f"""
        WITH {FIRST_SEEN}
        SELECT n.notice_id, n.agency, n.award_cny, n.budget_cny, n.max_price_cny, n.doc_id, d.sha256, first_seen
        FROM notices n LEFT JOIN documents d ON d.doc_id = n.doc_id
        LEFT JOIN first_seen f ON f.notice_id = n.notice_id
        WHERE n.notice_id IN (SELECT unnest(?::VARCHAR[]))
    """, [ids])}
    attachments: dict[str, dict[str, ArchivedCopy]] = {}
    for row in records(con, """
        SELECT notice_id, name, doc_id, sha256 FROM documents
        WHERE kind = 'attachment' AND notice_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY fetched_at
    """, [ids]):
        # The latest version of each attachment name wins.
        attachments.setdefault(row["notice_id"], {})[row["name"] or ""] = ArchivedCopy(
            row["name"] or "attachment", row["doc_id"], row["sha256"])

    entries = []
    for hit in listed:
        notice = notices[hit["notice_id"]]
        hit["amount_kind"] = next((kind for kind in ("award", "budget", "max_price")
                                   if notice[f"{kind}_cny"] is not None), None)
        buyer = facts.get(hit["buyer"]) or BuyerFacts(query=hit["buyer"] or "", name=hit["buyer"] or "")
        archived = [ArchivedCopy("notice page", notice["doc_id"], notice["sha256"])]
        for name, copy in attachments.get(hit["notice_id"], {}).items():
            if any(name and name in e["where"] for e in hit["evidence"]):
                archived.append(copy)
        entries.append(HitEntry(
            hit=hit, buyer=buyer, summary=summarize(hit, buyer.english_name, buyer.type or hit["buyer_type"]),
            amount_kind=hit["amount_kind"], agency=notice["agency"], late=hit["notice_id"] in late_ids,
            first_seen=notice["first_seen"], archived=archived, evidence=hit["evidence"][:EVIDENCE_SHOWN],
            more_evidence=max(0, len(hit["evidence"]) - EVIDENCE_SHOWN),
        ))
    # The report's order: by label, then this week's hits by date, then late finds.
    entries.sort(key=lambda e: (LABELS.index(e.hit["label"]), e.late, e.hit["published"] or "", e.hit["notice_id"]))
    for number, entry in enumerate(entries, start=1):
        entry.number = number
    return entries


def _trend(con: duckdb.DuckDBPyConnection, week: Week) -> list[tuple[Week, dict[str, int]]]:
    """Hits (not rejected) per publication week and label: the TREND_WEEKS weeks before and this one."""
    first = week.shifted(-TREND_WEEKS)
    rows = records(con, """
        SELECT CAST(date_trunc('week', n.published) AS DATE) AS monday, h.label, count(*) AS hits
        FROM hits h JOIN notices n USING (notice_id) LEFT JOIN reviews r USING (notice_id)
        WHERE n.published BETWEEN ? AND ? AND r.decision IS DISTINCT FROM 'rejected'
        GROUP BY ALL
    """, [first.start, week.end])
    counts = {(r["monday"], r["label"]): r["hits"] for r in rows}
    weeks = [first.shifted(i) for i in range(TREND_WEEKS + 1)]
    return [(w, {label: counts.get((w.start, label), 0) for label in LABELS}) for w in weeks]


# Who a notice's buyer is: the registry entity it resolved to, else its normalised name (so 北京大學 and
# 北京大学（本级） are one buyer), else the name as stored (a database filled before the registry).
BUYER_KEYS = """
buyer_keys AS (SELECT n.notice_id, coalesce(r.entity_id, r.name, n.buyer) AS buyer_key
               FROM notices n LEFT JOIN entity_resolutions r
                 ON r.notice_id = n.notice_id AND r.role = 'buyer' AND r.seq = 0 AND r.name <> '')
"""


def _new_buyers(con: duckdb.DuckDBPyConnection, week: Week, entries: list[HitEntry],
                facts: dict[str, BuyerFacts]) -> list[NewBuyer]:
    """Buyers of this report's hits with no (unrejected) hit published before the week outside this report;
    a buyer is the same across spellings that resolve to one registry entity or one normalised name."""
    listed = [e.hit["notice_id"] for e in entries if e.hit["buyer"]]
    if not listed:
        return []
    key_of = dict(con.execute(f"WITH {BUYER_KEYS} SELECT notice_id, buyer_key FROM buyer_keys "
                              "WHERE notice_id IN (SELECT unnest(?::VARCHAR[]))", [listed]).fetchall())
    earlier = {r["buyer_key"]: r for r in records(con, f"""
        WITH {BUYER_KEYS}
        SELECT k.buyer_key,
               count(h.notice_id) FILTER (WHERE r.decision IS DISTINCT FROM 'rejected') AS hits,
               count(*) AS notices
        FROM notices n JOIN buyer_keys k USING (notice_id)
        LEFT JOIN hits h USING (notice_id) LEFT JOIN reviews r USING (notice_id)
        WHERE k.buyer_key IN (SELECT unnest(?::VARCHAR[])) AND n.published < ?
          AND n.notice_id NOT IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY k.buyer_key
    """, [sorted(set(key_of.values())), week.start, listed])}
    by_key: dict[str, list[HitEntry]] = {}
    for entry in entries:
        if entry.hit["buyer"]:
            by_key.setdefault(key_of[entry.hit["notice_id"]], []).append(entry)
    new = [NewBuyer(facts[found[0].hit["buyer"]], len(found), earlier.get(key, {}).get("notices", 0))
           for key, found in by_key.items() if not earlier.get(key, {}).get("hits")]
    return sorted(new, key=lambda b: b.buyer.query)


def _funnel(con: duckdb.DuckDBPyConnection, week: Week, late_ids: set[str]) -> list[PortalFunnel]:
    """Per portal, over the week's notices (published in it, or late finds): candidates, hits, reviews.

    Every portal the store has crawled gets a row, so a portal with nothing this week shows as zero.
    """
    rows = records(con, """
        SELECT n.portal, count(*) AS notices, count(*) FILTER (WHERE n.candidate) AS candidates,
               count(h.notice_id) AS hits,
               count(h.notice_id) FILTER (WHERE r.decision = 'confirmed') AS confirmed,
               count(h.notice_id) FILTER (WHERE r.decision = 'rejected') AS rejected
        FROM notices n LEFT JOIN hits h USING (notice_id) LEFT JOIN reviews r USING (notice_id)
        WHERE n.published BETWEEN ? AND ? OR n.notice_id IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY n.portal
    """, [week.start, week.end, sorted(late_ids)])
    funnel = {r["portal"]: PortalFunnel(**r) for r in rows}
    for portal in _known_portals(con):
        funnel.setdefault(portal, PortalFunnel(portal))
    return [funnel[p] for p in sorted(funnel)]


def _known_portals(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every portal the store has crawled or holds notices from."""
    return [r["portal"] for r in records(con, """
        SELECT source AS portal FROM crawl_runs UNION SELECT portal FROM notices
    """)]


def _coverage(con: duckdb.DuckDBPyConnection, week: Week) -> list[PortalCoverage]:
    """Per portal, the crawl runs whose publication-date window overlaps the week.

    A run without a recorded window used the spiders' default: the 7 days up to the day it started.
    """
    rows = records(con, """
        WITH runs AS (
            SELECT source, fetched, blocked, failed, status, args,
                   coalesce(TRY_CAST(args->>'until' AS DATE), CAST(started_at AS DATE)) AS until_day
            FROM crawl_runs
        ), windows AS (
            SELECT *, coalesce(TRY_CAST(args->>'since' AS DATE), until_day - 7) AS since_day FROM runs
        )
        SELECT source, since_day, until_day, fetched, blocked, failed, status, args->'keywords' AS keywords
        FROM windows WHERE since_day <= ? AND until_day >= ?
        ORDER BY since_day
    """, [week.end, week.start])
    coverage = {p: PortalCoverage(p) for p in _known_portals(con)}
    keywords: dict[str, set[str]] = {}
    for row in rows:
        entry = coverage.setdefault(row["source"], PortalCoverage(row["source"]))
        entry.runs += 1
        window = f"{row['since_day']} … {row['until_day']}"
        if window not in entry.windows:
            entry.windows.append(window)
        entry.fetched += row["fetched"] or 0
        entry.blocked += row["blocked"] or 0
        entry.failed += row["failed"] or 0
        entry.incomplete += row["status"] != "complete"
        terms = json.loads(row["keywords"] or "[]") or []
        keywords.setdefault(row["source"], set()).update(terms.split(",") if isinstance(terms, str) else terms)
    for portal, terms in keywords.items():
        coverage[portal].keywords = len(terms)
    return [coverage[p] for p in sorted(coverage)]
