"""Run every benchmark module in this folder (``bench_*.py``), or those named: ``python -m bench extract``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    found = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    chosen = [m for m in found if not names or m.removeprefix("bench_") in names]
    if not chosen:
        sys.exit(f"no benchmark named {', '.join(names)}; have: {', '.join(m.removeprefix('bench_') for m in found)}")
    for name in chosen:
        print(f"== {name.removeprefix('bench_')}", flush=True)
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
