"""What the report says about a buyer: the one place the buyer registry reaches the report.

Every buyer fact the report shows (English name, type, parent, list flags) comes from ``buyer_facts``,
which reads what the pipeline stored when it resolved each notice's buyer against the registry
(``entity_resolutions``, see refdata/): the same answer ``tenderwatch buyers resolve NAME --json`` gives,
``{query, name, english_name, type, parent, identifiers, flags: [{list, source, date, via_parent}]}``.
A buyer never resolved (a database filled before the registry existed) keeps its stored name and type,
with ``resolved`` False so the report says "not checked" rather than "not listed".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb

from store.db import records


@dataclass(frozen=True)
class ListFlag:
    """A buyer's listing on a list (``entity_list``, ``meu``, ``1260h``, ``1286``, ``ns_cmic``, ``aspi``)."""

    list: str
    source: str
    date: str | None = None
    via_parent: bool = False


@dataclass(frozen=True)
class BuyerFacts:
    """A buyer as the report shows it."""

    query: str                      # the name as the notice gave it
    name: str                       # the normalised Chinese name
    english_name: str | None = None
    type: str | None = None         # university | research_institute | lab | hospital | company | government | other
    parent: BuyerFacts | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    flags: tuple[ListFlag, ...] = ()
    resolved: bool = False          # the registry answered: an empty ``flags`` then means "on no list"


def buyer_facts(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, BuyerFacts]:
    """Facts for each buyer name, keyed by the name as given (names the store does not know get bare facts)."""
    wanted = sorted({n for n in names if n})
    if not wanted:
        return {}
    rows = records(con, """
        WITH stored AS (SELECT buyer, mode(buyer_type) AS buyer_type FROM notices
                        WHERE buyer IN (SELECT unnest(?::VARCHAR[])) GROUP BY buyer),
        resolved AS (SELECT DISTINCT ON (query) query, name, english_name, type, parent_name, identifiers, flags
                     FROM entity_resolutions WHERE role = 'buyer' AND query IN (SELECT unnest(?::VARCHAR[]))
                     ORDER BY query, resolved_at DESC)
        SELECT s.buyer, s.buyer_type, r.query IS NOT NULL AS resolved, r.name, r.english_name, r.type,
               r.parent_name, r.identifiers, r.flags
        FROM stored s LEFT JOIN resolved r ON r.query = s.buyer""", [wanted, wanted])
    facts = {}
    for row in rows:
        flags = tuple(ListFlag(f["list"], f.get("source", ""), f.get("date"), bool(f.get("via_parent")))
                      for f in json.loads(row["flags"] or "[]"))
        parent = BuyerFacts(query=row["parent_name"], name=row["parent_name"]) if row["parent_name"] else None
        facts[row["buyer"]] = BuyerFacts(
            query=row["buyer"], name=row["name"] or row["buyer"], english_name=row["english_name"],
            type=row["type"] or row["buyer_type"], parent=parent, identifiers=json.loads(row["identifiers"] or "{}"),
            flags=flags, resolved=row["resolved"])
    return {name: facts.get(name) or BuyerFacts(query=name, name=name) for name in wanted}
