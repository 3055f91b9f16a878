"""Exports of hits or notices: CSV, Parquet, XLSX, and OCDS release packages (query/ocds.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd

from query.hits import HitFilter, fetch_hits, fetch_notices
from query.ocds import DEFAULT_PREFIX, release_package

FORMATS = ("csv", "parquet", "xlsx", "ocds")
XLSX_CELL_LIMIT = 32_767
# Characters that XML 1.0 (and so XLSX) cannot hold: openpyxl refuses them.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
LIST_COLUMNS = ("chips", "providers", "suppliers", "rules")


def export(con: duckdb.DuckDBPyConnection, what: str, fmt: str, out: Path, filters: HitFilter | None = None,
           ocid_prefix: str = DEFAULT_PREFIX) -> int:
    """Write hits or notices matching the filters to ``out`` in a format; return how many rows were written."""
    if what not in ("hits", "notices"):
        raise ValueError(f"export hits or notices, not {what!r}")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rows = fetch_hits(con, filters) if what == "hits" else fetch_notices(con, filters, with_text=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "ocds":
        package = release_package(con, [r["notice_id"] for r in rows], ocid_prefix, uri=out.resolve().as_uri())
        out.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
        return len(package["releases"])
    frame = pd.DataFrame(rows)
    if fmt == "parquet":
        frame.to_parquet(out, index=False)  # lists stay lists, evidence a list of {text, where}
    elif fmt == "csv":
        flatten(frame).to_csv(out, index=False, encoding="utf-8-sig")  # the BOM lets Excel read Chinese right
    else:
        flat = flatten(frame).map(_cell)
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            flat.to_excel(writer, index=False, sheet_name=what)
    return len(frame)


def flatten(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined by ';' and evidence as 'quote (where)' lines, for formats with plain cells."""
    flat = frame.copy()
    for column in LIST_COLUMNS:
        if column in flat:
            flat[column] = flat[column].map(lambda v: ";".join(v or []))
    if "evidence" in flat:
        flat["evidence"] = flat["evidence"].map(lambda ev: "\n".join(f"{e['text']} ({e['where']})" for e in ev or []))
    return flat


def _cell(value: object) -> object:
    if isinstance(value, str):
        value = XML_ILLEGAL.sub("", value)
        return value if len(value) <= XLSX_CELL_LIMIT else value[: XLSX_CELL_LIMIT - 1] + "…"
    return value
