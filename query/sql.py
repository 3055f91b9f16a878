"""Read-only SQL for researchers: one SELECT (or WITH … SELECT) over the documented views and tables."""

from __future__ import annotations

import duckdb
import pandas as pd

VIEWS = ("v_hits", "v_notices", "v_line_items", "v_suppliers", "v_buyers")


class QueryError(ValueError):
    """A query that is not allowed or does not run, explained in one line."""


def check_read_only(sql: str) -> None:
    """Refuse anything but a single SELECT statement, with a one-line reason."""
    try:
        statements = duckdb.connect(":memory:").extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(first_line(exc)) from None
    if not statements:
        raise QueryError("the query is empty")
    if len(statements) > 1:
        raise QueryError(f"one statement at a time, not {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryError(f"queries are read-only: only SELECT is allowed, not {kind.name}")


def first_line(exc: Exception) -> str:
    """DuckDB's error message without its multi-line context."""
    return str(exc).strip().splitlines()[0]


def run_query(con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = None) -> pd.DataFrame:
    """The rows of a read-only query as a DataFrame; QueryError for a write or an error in the query."""
    check_read_only(sql)
    try:
        relation = con.sql(sql)
        if limit is not None:
            relation = relation.limit(limit)
        return relation.df()
    except duckdb.Error as exc:
        raise QueryError(first_line(exc)) from None
