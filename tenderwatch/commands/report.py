"""The weekly report: ``tenderwatch report --week 2025-W37 --out reports/ --mail-to a@b,c@d``."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from store.db import connect
from tenderwatch.options import DEFAULT_DB, DbOption, UserError, err, out

app = typer.Typer()


def write_weekly_report(db: Path, week_text: str | None, out_dir: Path, today: date | None = None):
    """Read the week (default: the last complete one) from the database and write its HTML, PDF and Markdown.

    Returns the collected report and the files written; bad weeks raise UserError.
    """
    from report.collect import collect
    from report.render import write_report
    from report.week import WeekError, last_complete_week, parse_week

    today = today or date.today()
    try:
        week = parse_week(week_text, today) if week_text else last_complete_week(today)
    except WeekError as exc:
        raise UserError(str(exc)) from None
    with connect(db, read_only=True) as con:
        weekly = collect(con, week, today)
    return weekly, write_report(weekly, out_dir)


@app.command()
def report(
    week: Annotated[Optional[str], typer.Option(help="ISO week as YYYY-Www, e.g. 2025-W37 (default: the last complete week).")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the HTML, PDF and Markdown files.")] = Path("reports"),
    mail_to: Annotated[Optional[str], typer.Option("--mail-to", help="Comma-separated addresses to mail the report to (SMTP settings from TENDERWATCH_SMTP_* or --mail-settings).")] = None,
    mail_settings: Annotated[Optional[Path], typer.Option("--mail-settings", envvar="TENDERWATCH_MAIL_SETTINGS", help="A TOML file with an [smtp] table (host, port, security, user, password, from, cafile).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the weekly report for policy staff (HTML, PDF, Markdown) and optionally mail it.

    Example: tenderwatch report --week 2025-W37 --out reports/ --mail-to policy@example.org
    """
    from report.mail import MailError, SmtpSettings, mail_report, parse_recipients

    started = time.monotonic()
    try:
        # Check the mail settings before the work, so a typo fails in a second rather than after the report.
        recipients = parse_recipients(mail_to) if mail_to is not None else []
        settings = SmtpSettings.load(settings_file=mail_settings) if recipients else None
    except MailError as exc:
        raise UserError(str(exc)) from None
    with err.status("building the report"):
        weekly, files = write_weekly_report(db, week, out_dir)
    count = len(weekly.entries)
    out.print(f"report for {weekly.week.label} ({weekly.week.start} … {weekly.week.end}): "
              f"{count} {'hit' if count == 1 else 'hits'} listed, {time.monotonic() - started:.1f} s")
    for path in (files.html, files.pdf, files.markdown):
        out.print(f"  {path}")
    if settings:
        try:
            with err.status(f"mailing to {', '.join(recipients)}"):
                mail_report(weekly, files, settings, recipients)
        except MailError as exc:
            raise UserError(f"{exc} (the report files were written)") from None
        out.print(f"mailed to {', '.join(recipients)} via {settings.host}:{settings.port}")
