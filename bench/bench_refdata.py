"""Buyer registry: time to load it, and names resolved per second (whole names, traditional forms, sub-units,
unknown names), over the MoE institutions shipped in data/refdata."""

from __future__ import annotations

import csv
import time

from opencc import OpenCC

from refdata.registry import REFDATA_DIR, Registry


def main() -> None:
    started = time.perf_counter()
    registry = Registry.load(REFDATA_DIR)
    print(f"load: {len(registry.entities)} organisations in {time.perf_counter() - started:.2f} s")
    with (REFDATA_DIR / "moe_institutions.csv").open(encoding="utf-8") as f:
        names = [r["name_zh"] for r in csv.DictReader(f)]
    s2t = OpenCC("s2t")
    sets = {"names": names, "traditional": [s2t.convert(n) for n in names],
            "sub-units": [n + "信息化建设与管理办公室" for n in names], "unknown": [f"某某{i}号供应商有限公司" for i in range(len(names))]}
    for label, queries in sets.items():
        started = time.perf_counter()
        for q in queries:
            registry.resolve(q)
        elapsed = time.perf_counter() - started
        print(f"{label}: {len(queries)} names in {elapsed:.2f} s = {len(queries) / elapsed:,.0f} names/s")
