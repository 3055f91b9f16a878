"""Mailing the report: the HTML as the message body (Markdown as its plain-text twin), the PDF attached, over SMTP.

Server, port, TLS mode and credentials come from a settings file and the environment, never from the
command line (where they would land in shell history and process lists):

=============================  ==================  =====================================================
environment variable           settings file key   meaning
=============================  ==================  =====================================================
``TENDERWATCH_SMTP_HOST``      ``host``            the SMTP server (required)
``TENDERWATCH_SMTP_PORT``      ``port``            default 587 for starttls, 465 for tls, 25 for none
``TENDERWATCH_SMTP_SECURITY``  ``security``        ``starttls`` (default), ``tls`` (implicit TLS) or ``none``
``TENDERWATCH_SMTP_USER``      ``user``            login name, if the server wants one
``TENDERWATCH_SMTP_PASSWORD``  ``password``        its password
``TENDERWATCH_SMTP_FROM``      ``from``            the sender address (default: the user, if it is an address)
``TENDERWATCH_SMTP_CAFILE``    ``cafile``          a CA bundle to trust instead of the system's (an in-house CA)
=============================  ==================  =====================================================

The settings file is TOML with these keys under ``[smtp]``; the environment wins over it.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from report.chart import trend_chart
from report.collect import WeeklyReport
from report.render import ReportFiles, render_html

SECURITY_PORTS = {"starttls": 587, "tls": 465, "none": 25}
_ADDRESS = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+$")


class MailError(Exception):
    """Mail settings or delivery went wrong, explained in one line."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    sender: str
    user: str | None = None
    password: str | None = None
    cafile: str | None = None
    timeout: float = 60.0

    @classmethod
    def load(cls, environ: Mapping[str, str] = os.environ, settings_file: Path | None = None) -> SmtpSettings:
        """Settings from the file's ``[smtp]`` table overlaid with ``TENDERWATCH_SMTP_*`` variables."""
        values: dict[str, object] = {}
        if settings_file is not None:
            try:
                values = dict(tomllib.loads(settings_file.read_text(encoding="utf-8")).get("smtp", {}))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise MailError(f"cannot read mail settings {settings_file}: {exc}") from None
        for key in ("host", "port", "security", "user", "password", "from", "cafile"):
            if environ.get(f"TENDERWATCH_SMTP_{key.upper()}"):
                values[key] = environ[f"TENDERWATCH_SMTP_{key.upper()}"]
        if not values.get("host"):
            raise MailError("no SMTP server: set TENDERWATCH_SMTP_HOST (or host under [smtp] in the settings file)")
        security = str(values.get("security", "starttls")).lower()
        if security not in SECURITY_PORTS:
            raise MailError(f"SMTP security must be starttls, tls or none, not {security!r}")
        try:
            port = int(values.get("port", SECURITY_PORTS[security]))
        except ValueError:
            raise MailError(f"SMTP port must be a number, not {values['port']!r}") from None
        user = str(values["user"]) if values.get("user") else None
        sender = str(values.get("from") or (user if user and _ADDRESS.match(user) else ""))
        if not _ADDRESS.match(sender):
            raise MailError("no sender address: set TENDERWATCH_SMTP_FROM (or from under [smtp] in the settings file)")
        if user and security == "none":
            raise MailError("refusing to send SMTP credentials without TLS: set TENDERWATCH_SMTP_SECURITY to starttls or tls")
        return cls(host=str(values["host"]), port=port, security=security, sender=sender, user=user,
                   password=str(values["password"]) if values.get("password") else None,
                   cafile=str(values["cafile"]) if values.get("cafile") else None)


def parse_recipients(text: str) -> list[str]:
    """``a@b,c@d`` as a list of addresses; MailError names the first that is not one."""
    recipients = [part.strip() for part in text.split(",") if part.strip()]
    if not recipients:
        raise MailError("--mail-to needs at least one address")
    for address in recipients:
        if not _ADDRESS.match(address):
            raise MailError(f"--mail-to: {address!r} is not a mail address")
    return recipients


def build_message(*, subject: str, sender: str, recipients: list[str], markdown: str, html_with_cid: str,
                  chart_cid: str, chart_png: bytes, pdf: bytes, pdf_name: str) -> EmailMessage:
    """multipart/mixed: [alternative: text (Markdown), related: HTML + the chart PNG], then the PDF.

    ``html_with_cid`` shows the chart as ``cid:<chart_cid>`` (mail clients do not show data: URIs or SVG).
    """
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="tenderwatch")
    message.set_content(markdown)
    message.add_alternative(html_with_cid, subtype="html")
    message.get_payload()[1].add_related(chart_png, maintype="image", subtype="png", cid=f"<{chart_cid}>",
                                         filename="trend.png")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message


def send(message: EmailMessage, settings: SmtpSettings, recipients: list[str]) -> None:
    """Deliver the message to every recipient; MailError if the server cannot be reached or refuses any."""
    context = ssl.create_default_context(cafile=settings.cafile)
    try:
        if settings.security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                                     context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password or "")
            refused = client.send_message(message, from_addr=settings.sender, to_addrs=recipients)
    except (smtplib.SMTPException, OSError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MailError(f"could not mail the report via {settings.host}:{settings.port}: {reason}") from None
    if refused:
        raise MailError(f"the SMTP server refused {', '.join(sorted(refused))}; the others were sent")


def subject_for(report: WeeklyReport) -> str:
    """tenderwatch weekly report 2025-W37: 3 new hits (and 1 late find)."""
    count = report.published_count
    subject = f"tenderwatch weekly report {report.week.label}: {count or 'no'} new {'hit' if count == 1 else 'hits'}"
    if report.late_count:
        subject += f" and {report.late_count} late {'find' if report.late_count == 1 else 'finds'}"
    return subject


def mail_report(report: WeeklyReport, files: ReportFiles, settings: SmtpSettings, recipients: list[str]) -> None:
    """Mail the written report: its HTML (chart as an inline PNG), its Markdown as plain text, its PDF attached."""
    chart_cid = make_msgid(idstring="trend", domain="tenderwatch")[1:-1]
    message = build_message(
        subject=subject_for(report), sender=settings.sender, recipients=recipients,
        markdown=files.markdown.read_text(encoding="utf-8"),
        html_with_cid=render_html(report, chart_src=f"cid:{chart_cid}"), chart_cid=chart_cid,
        chart_png=trend_chart(report.trend, "png"), pdf=files.pdf.read_bytes(), pdf_name=files.pdf.name,
    )
    send(message, settings, recipients)
