"""The ``tenderwatch`` command: one Typer app made of the command modules in tenderwatch/commands.

Every command takes ``--db PATH`` and exits non-zero with one clear line on bad input.
"""

from __future__ import annotations

import sys

import typer

from store.db import DatabaseError
from tenderwatch.commands import buyers, crawling, files, reading, report, research, stages, training
from tenderwatch.options import UserError, err

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
    help="Find Chinese procurement notices that buy remote access to restricted US AI chips or US cloud accounts.",
)
for module in (crawling, stages, files, reading, research, training, buyers, report):
    app.add_typer(module.app)


def main() -> None:
    """Entry point: run the app, turning expected failures into one line and exit status 2."""
    try:
        app()
    except (UserError, DatabaseError) as exc:
        err.print(f"error: {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
