"""What every command shares: the --db option, one-line errors, date and setting parsing, consoles."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from store.paths import DEFAULT_DB

# Off a terminal (a pipe, a file) rich would wrap tables at 80 columns; a wide table is more use to `less` or grep.
PIPED_WIDTH = 200
out = Console(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else PIPED_WIDTH)
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="The DuckDB database file.", envvar="TENDERWATCH_DB")]
__all__ = ["DEFAULT_DB", "DbOption", "UserError", "err", "money", "out", "parse_day", "parse_settings"]


class UserError(Exception):
    """Bad input: reported as one line, exit status 2."""


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD option value, or a UserError naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """NAME=VALUE pairs as a dict."""
    settings = {}
    for pair in pairs:
        if "=" not in pair:
            raise UserError(f"expected NAME=VALUE, not {pair!r}")
        key, value = pair.split("=", 1)
        settings[key.strip()] = value
    return settings


def money(value: float | None) -> str:
    """An amount in yuan as people read it: ¥360.00万 or ¥98,700."""
    if value is None:
        return "-"
    return f"¥{value / 10000:,.2f}万" if value >= 10000 else f"¥{value:,.0f}"
