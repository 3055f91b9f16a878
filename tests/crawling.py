"""Helpers of the crawl tests: the replay's expected notice ids per source, and what a database holds."""

from __future__ import annotations

from pathlib import Path

from replay.ccgp import CcgpSite
from replay.corpus import ReplayNotice
from replay.ggzy import record_id
from replay.gpcms import info_id
from replay.server import Site
from replay.univ import UnivSite
from replay.zcy import article_id
from store.db import connect, records
from tests.conftest import FAST, tenderwatch

WINDOW = ["--since", "2025-09-01", "--until", "2025-10-31"]


def notice_id(source: str, site: Site, n: ReplayNotice) -> str:
    """The id the crawler gives a replay notice: ``<source>:<the portal's own id>``."""
    family = source.split("_")[0]
    own = {
        "ccgp": lambda: str(n.id),
        "ggzy": lambda: record_id(n),
        "zcy": lambda: article_id(n),
        "gpcms": lambda: info_id(n),
        "univ": lambda: f"{site.layout.columns[site.column_of[n.id]][1]}/{n.id}" if isinstance(site, UnivSite) else "",
    }[family]()
    return f"{source}:{own}"


def replay_ids(source: str, site: Site, keep=lambda n: True) -> set[str]:  # noqa: ANN001
    """Every notice id of a site (optionally only the notices ``keep`` accepts)."""
    notices = site.notices  # type: ignore[attr-defined]
    return {notice_id(source, site, n) for n in notices if keep(n)}


def crawl(source: str, base: str, db: Path, *extra: str, check: bool = True):
    """``tenderwatch crawl`` of the replay window at loopback speed."""
    return tenderwatch("crawl", source, "--base-url", base, *WINDOW, *FAST, *extra, "--db", str(db), check=check)


def stored(db: Path, kind: str = "detail", source: str | None = None) -> set[str]:
    """Notice ids (details) or names (attachments) the database holds."""
    column = "notice_id" if kind == "detail" else "name"
    where = "kind = ?" + (" AND source = ?" if source else "")
    params = [kind, source] if source else [kind]
    with connect(db, read_only=True) as con:
        return {r[column] for r in records(con, f"SELECT {column} FROM documents WHERE {where}", params)}


def ccgp_ids(site: CcgpSite, keyword: str) -> set[str]:
    """What the CCGP replay's full-text search holds for a keyword."""
    return {f"ccgp:{n.id}" for n in site.notices if keyword.lower() in (n.title + n.text).lower()}
