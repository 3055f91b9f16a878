"""The loader: crawl manifests into the ``documents`` and ``crawl_runs`` tables, idempotently."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from store.db import scalar, transaction
from store.manifest import RunManifest, run_dirs

BATCH = 5000


def doc_id_for(url: str, sha256: str) -> str:
    """The id of one version of one URL."""
    return hashlib.sha256(f"{url}\n{sha256}".encode()).hexdigest()[:32]


@dataclass
class LoadResult:
    run_id: str
    new: int = 0
    unchanged: int = 0
    blocked: int = 0
    failed: int = 0


def _run_row(manifest: RunManifest, result: LoadResult, kept: int, errors: list[dict]) -> dict:
    info = manifest.info()
    stats = info.get("stats") or {}
    result.blocked = int(stats.get("blocked", result.blocked))
    return {
        "run_id": manifest.run_id,
        "source": info.get("source"),
        "started_at": info.get("started_at"),
        "ended_at": info.get("ended_at"),
        "args": json.dumps(info.get("args", {}), ensure_ascii=False),
        "fetched": int(stats.get("responses", kept)),
        "new_docs": result.new,
        "unchanged": result.unchanged,
        "blocked": result.blocked,
        "failed": result.failed,
        "errors": json.dumps(errors[:200], ensure_ascii=False),
        "status": "complete" if stats.get("finish_reason") == "finished" else "interrupted",
    }


def load_run(con: duckdb.DuckDBPyConnection, manifest: RunManifest) -> LoadResult:
    """Load one run's manifest; documents already in the table (same URL, same bytes) are left alone."""
    result = LoadResult(manifest.run_id)
    rows, errors, kept = [], [], 0
    seen_in_run: set[str] = set()
    for rec in manifest.records():
        kept += 1
        if rec.outcome == "blocked":
            result.blocked += 1
            continue
        if rec.outcome != "stored" or not rec.sha256:
            result.failed += 1
            errors.append({"url": rec.url, "status": rec.http_status, "error": rec.error})
            continue
        doc_id = doc_id_for(rec.url, rec.sha256)
        if doc_id in seen_in_run:
            continue
        seen_in_run.add(doc_id)
        rows.append({
            "doc_id": doc_id, "url": rec.url, "sha256": rec.sha256, "size": rec.size,
            "content_type": rec.content_type, "fetched_at": pd.Timestamp(rec.fetched_at).tz_convert(None),
            "http_status": rec.http_status, "source": rec.source, "kind": rec.kind,
            "notice_id": rec.notice_id, "name": rec.name, "parent_url": rec.parent_url,
            "listing": json.dumps(rec.listing, ensure_ascii=False) if rec.listing else None,
            "run_id": manifest.run_id, "error": None,
        })
    for start in range(0, len(rows), BATCH):
        batch = pd.DataFrame(rows[start:start + BATCH])
        with transaction(con):
            con.register("incoming", batch)
            before = scalar(con, "SELECT count(*) FROM documents")
            con.execute(
                "INSERT INTO documents BY NAME SELECT * FROM incoming "
                "WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
            )
            after = scalar(con, "SELECT count(*) FROM documents")
            con.unregister("incoming")
        result.new += after - before
    result.unchanged = len(rows) - result.new
    row = _run_row(manifest, result, kept, errors)
    with transaction(con):
        con.execute("DELETE FROM crawl_runs WHERE run_id = ?", [row["run_id"]])
        con.execute(
            f"INSERT INTO crawl_runs ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    return result


def pending_runs(con: duckdb.DuckDBPyConnection, runs_root: Path) -> list[RunManifest]:
    """Run folders whose manifest has not been loaded in its final state."""
    loaded = {
        run_id for (run_id,) in con.execute("SELECT run_id FROM crawl_runs WHERE status = 'complete'").fetchall()
    }
    return [m for m in run_dirs(runs_root) if m.run_id not in loaded]
