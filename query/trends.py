"""Weekly counts of hits by label, chip, provider or buyer type: the tables behind the trends notebook."""

from __future__ import annotations

import duckdb
import pandas as pd

# How each grouping is read from v_hits: chips and providers are lists (a hit counts once for each).
GROUPINGS = {
    "label": "label",
    "buyer_type": "coalesce(buyer_type, 'unknown')",
    "chip": "unnest(CASE WHEN len(chips) = 0 THEN ['(none)'] ELSE chips END)",
    "provider": "unnest(CASE WHEN len(providers) = 0 THEN ['(none)'] ELSE providers END)",
}


def weekly_counts(con: duckdb.DuckDBPyConnection, by: str = "label", include_empty: bool = False) -> pd.DataFrame:
    """Hits per ISO week (Monday) and group, as a table with one row per week and one column per group.

    Every week from the first notice's to the last notice's appears, with zeros, so a chart shows the gaps.
    ``include_empty`` keeps the '(none)' column of hits without a chip or provider.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    long = con.execute(
        f"""SELECT week, grp, count(*) AS hits FROM (SELECT week, {GROUPINGS[by]} AS grp FROM v_hits
                                                      WHERE week IS NOT NULL)
            GROUP BY ALL ORDER BY week, grp""").df()
    if not include_empty:
        long = long[long["grp"] != "(none)"]
    if long.empty:
        return pd.DataFrame()
    table = long.pivot_table(index="week", columns="grp", values="hits", aggfunc="sum", fill_value=0)
    first, last = con.execute("SELECT min(week), max(week) FROM v_notices").fetchone()
    weeks = pd.date_range(first, last, freq="7D")
    table.index = pd.to_datetime(table.index)
    table = table.reindex(weeks, fill_value=0)
    table.index.name, table.columns.name = "week", by
    return table.astype(int)


def weekly_notices(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """All notices and hits per week: the denominator that puts the hit counts in proportion."""
    return con.execute(
        """SELECT week, count(*) AS notices, count(*) FILTER (WHERE label <> 'none') AS hits
           FROM v_notices WHERE week IS NOT NULL GROUP BY week ORDER BY week""").df()
