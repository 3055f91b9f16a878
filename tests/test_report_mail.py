"""Mailing the report: a real SMTP server (aiosmtpd) on 127.0.0.1 receives it, plain and with STARTTLS + login."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from report.mail import MailError, SmtpSettings, parse_recipients
from tests.conftest import tenderwatch
from tests.report_archive import LISTED, build_archive

USER, PASSWORD = "reports@example.org", "s3cret-pass"


class Inbox:
    """The aiosmtpd handler: keeps every message that arrives, with its envelope and whether it logged in."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage, bool]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message, bool(session.authenticated)))
        return "250 OK"


def _check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@contextmanager
def smtp_server(**options) -> Iterator[tuple[Inbox, int]]:
    """aiosmtpd on a free port of 127.0.0.1, in its own thread and event loop, stopped after the test."""
    inbox = Inbox()
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(inbox, loop=loop, **options), host="127.0.0.1", port=0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield inbox, server.sockets[0].getsockname()[1]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, the kind an in-house mail server presents."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tenderwatch test mail server")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "mail.crt", folder / "mail.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_archive(tmp_path_factory.mktemp("archive") / "tw.duckdb")


@pytest.fixture(autouse=True)
def no_smtp_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets the TENDERWATCH_SMTP_* it means; nothing leaks in from the machine."""
    for key in ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM", "CAFILE"):
        monkeypatch.delenv(f"TENDERWATCH_SMTP_{key}", raising=False)
    monkeypatch.delenv("TENDERWATCH_MAIL_SETTINGS", raising=False)


def _parts(message: EmailMessage) -> dict[str, list]:
    parts: dict[str, list] = {}
    for part in message.walk():
        parts.setdefault(part.get_content_type(), []).append(part)
    return parts


def test_report_arrives_with_html_body_inline_chart_text_twin_and_pdf(archive: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as (inbox, port):
        monkeypatch.setenv("TENDERWATCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TENDERWATCH_SMTP_PORT", str(port))
        monkeypatch.setenv("TENDERWATCH_SMTP_SECURITY", "none")
        monkeypatch.setenv("TENDERWATCH_SMTP_FROM", "tenderwatch@example.org")
        result = tenderwatch("report", "--week", "2025-W37", "--out", str(tmp_path), "--db", str(archive),
                             "--mail-to", "policy@example.org, desk@example.net")
    assert "mailed to policy@example.org, desk@example.net" in result.stdout
    assert len(inbox.received) == 1
    sender, recipients, message, logged_in = inbox.received[0]
    assert (sender, recipients, logged_in) == ("tenderwatch@example.org", ["policy@example.org", "desk@example.net"], False)
    assert message["Subject"] == "tenderwatch weekly report 2025-W37: 2 new hits and 2 late finds"
    assert message["To"] == "policy@example.org, desk@example.net"

    parts = _parts(message)
    html = parts["text/html"][0].get_content()
    for notice_id in LISTED:
        assert notice_id in html
    assert "东川云智科技有限公司" in html and "data:image" not in html
    chart = parts["image/png"][0]
    assert f'src="cid:{chart["Content-ID"].strip("<>")}"' in html
    assert chart.get_content().startswith(b"\x89PNG")
    text = parts["text/plain"][0].get_content().replace("\r\n", "\n")   # SMTP carries CRLF line ends
    assert text == (tmp_path / "tenderwatch-2025-W37.md").read_text(encoding="utf-8")
    pdf = parts["application/pdf"][0]
    assert pdf.get_filename() == "tenderwatch-2025-W37.pdf"
    assert pdf.get_content() == (tmp_path / "tenderwatch-2025-W37.pdf").read_bytes()


def test_report_is_sent_over_starttls_with_a_login_from_the_settings_file(archive: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    cert, key = self_signed_certificate(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)
    settings = tmp_path / "mail.toml"
    settings.write_text(f'[smtp]\nuser = "{USER}"\npassword = "{PASSWORD}"\ncafile = "{cert}"\n', encoding="utf-8")
    with smtp_server(tls_context=tls, require_starttls=True, authenticator=_check_login,
                     auth_require_tls=True) as (inbox, port):
        monkeypatch.setenv("TENDERWATCH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("TENDERWATCH_SMTP_PORT", str(port))
        tenderwatch("report", "--week", "2025-W37", "--out", str(tmp_path / "out"), "--db", str(archive),
                    "--mail-to", "policy@example.org", "--mail-settings", str(settings))
        assert [(r[0], r[1], r[3]) for r in inbox.received] == [(USER, ["policy@example.org"], True)]

        # A wrong password is refused by the server: one line, the files are still written.
        settings.write_text(f'[smtp]\nuser = "{USER}"\npassword = "wrong"\ncafile = "{cert}"\n', encoding="utf-8")
        result = tenderwatch("report", "--week", "2025-W37", "--out", str(tmp_path / "again"), "--db", str(archive),
                             "--mail-to", "policy@example.org", "--mail-settings", str(settings), check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "could not mail the report" in result.stderr and "the report files were written" in result.stderr
    assert (tmp_path / "again" / "tenderwatch-2025-W37.pdf").exists()
    assert len(inbox.received) == 1


def test_a_server_that_does_not_answer_is_a_one_line_error(archive: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server() as (_, port):
        pass  # the port was free a moment ago and nobody listens on it now
    monkeypatch.setenv("TENDERWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TENDERWATCH_SMTP_PORT", str(port))
    monkeypatch.setenv("TENDERWATCH_SMTP_SECURITY", "none")
    monkeypatch.setenv("TENDERWATCH_SMTP_FROM", "tenderwatch@example.org")
    result = tenderwatch("report", "--week", "2025-W37", "--out", str(tmp_path), "--db", str(archive),
                         "--mail-to", "policy@example.org", check=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"could not mail the report via 127.0.0.1:{port}" in result.stderr


def test_mail_settings_are_checked_before_the_report_is_built(archive: Path, tmp_path: Path) -> None:
    result = tenderwatch("report", "--week", "2025-W37", "--out", str(tmp_path), "--db", str(archive),
                         "--mail-to", "policy@example.org", check=False)
    assert result.returncode == 2 and "no SMTP server: set TENDERWATCH_SMTP_HOST" in result.stderr
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_settings_come_from_the_file_and_the_environment_wins(tmp_path: Path) -> None:
    settings = tmp_path / "mail.toml"
    settings.write_text('[smtp]\nhost = "mail.example.org"\nsecurity = "tls"\nuser = "a@example.org"\n'
                        'password = "from-file"\n', encoding="utf-8")
    loaded = SmtpSettings.load({"TENDERWATCH_SMTP_PASSWORD": "from-env"}, settings)
    assert (loaded.host, loaded.port, loaded.security, loaded.sender, loaded.password) == (
        "mail.example.org", 465, "tls", "a@example.org", "from-env")
    assert SmtpSettings.load({"TENDERWATCH_SMTP_HOST": "h", "TENDERWATCH_SMTP_FROM": "x@y"}).port == 587


@pytest.mark.parametrize(("environ", "message"), [
    ({"TENDERWATCH_SMTP_HOST": "h"}, "no sender address"),
    ({"TENDERWATCH_SMTP_HOST": "h", "TENDERWATCH_SMTP_FROM": "x@y", "TENDERWATCH_SMTP_SECURITY": "ssl"},
     "must be starttls, tls or none"),
    ({"TENDERWATCH_SMTP_HOST": "h", "TENDERWATCH_SMTP_FROM": "x@y", "TENDERWATCH_SMTP_PORT": "smtp"},
     "port must be a number"),
    ({"TENDERWATCH_SMTP_HOST": "h", "TENDERWATCH_SMTP_USER": "x@y", "TENDERWATCH_SMTP_SECURITY": "none"},
     "refusing to send SMTP credentials without TLS"),
])
def test_bad_mail_settings_are_explained(environ: dict, message: str) -> None:
    with pytest.raises(MailError, match=message):
        SmtpSettings.load(environ)


def test_recipients_must_be_addresses() -> None:
    assert parse_recipients("a@b, c@d.org,") == ["a@b", "c@d.org"]
    for bad in ("", "policy", "a@b;c@d", "Name <a@b>"):
        with pytest.raises(MailError):
            parse_recipients(bad)
