"""What the report says about a buyer: THE single place where the buyer registry plugs in.

Every buyer fact the report shows (English name, type, parent, list flags) comes from
``buyer_facts``. Today it answers from the store alone: the Chinese name as the notice gave it and
the buyer type the classifier stored on the notice; English name, parent and flags stay empty.
When the buyer registry (``tenderwatch buyers resolve NAME --json``) is available, resolve each name
here and fill the same fields from its answer, whose shape ``BuyerFacts`` mirrors:
``{query, name, english_name, type, parent, identifiers, flags: [{list, source, date, via_parent}]}``.
Nothing else in ``report/`` looks buyers up. (One thing to revisit then: "buyers seen for the first time" in
``collect.py`` matches earlier notices by the buyer name as stored, so spelling variants count as different buyers.)
"""

from __future__ import annotations

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
    # The store's buyer type for each name: the most frequent one across its notices.
    rows = records(con, """
        SELECT buyer, mode(buyer_type) AS buyer_type
        FROM notices WHERE buyer IN (SELECT unnest(?::VARCHAR[])) GROUP BY buyer
    """, [wanted])
    types = {r["buyer"]: r["buyer_type"] for r in rows}
    return {name: BuyerFacts(query=name, name=name, type=types.get(name)) for name in wanted}
