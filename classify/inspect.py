"""Extract and classify one local file: what ``tenderwatch inspect`` and ``tenderwatch eval`` run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classify.buyer_type import buyer_type_of
from classify.rules import classify
from classify.verdict import Verdict
from extract.notice import add_attachments, notice_from_document, notice_from_html
from extract.readers import ARCHIVES, read_attachment, read_document, sniff_format
from extract.records import Notice

SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".xlsx", ".txt")


@dataclass
class Inspection:
    """A file's notice and verdict, or why it could not be read."""

    path: str
    notice: Notice | None = None
    verdict: Verdict | None = None
    buyer_type: str | None = None
    buyer_type_rule: str | None = None
    error: str | None = None

    def contract_dict(self) -> dict:
        """The ``inspect --json`` contract of DESIGN.md."""
        if self.error or self.notice is None or self.verdict is None:
            return {"path": self.path, "error": self.error, "notice": None, "verdict": None}
        n = self.notice
        return {
            "path": self.path,
            "error": None,
            "notice": {
                "title": n.title, "notice_type": n.notice_type, "buyer": n.buyer, "buyer_type": self.buyer_type,
                "agency": n.agency, "project_code": n.project_code,
                "published": n.published.isoformat() if n.published else None,
                "budget_cny": n.budget_cny, "award_cny": n.award_cny,
                "suppliers": [s.name for s in n.suppliers],
                "line_items": [item.contract_dict() for item in n.all_line_items()],
            },
            "verdict": self.verdict.contract_dict(),
        }


BuyerTyper = Callable[[Notice], tuple[str, str]]


def inspect_file(path: Path | str, buyer_typer: BuyerTyper = buyer_type_of) -> Inspection:
    """Read, extract and classify a local file; problems come back as ``error``, never as an exception.

    ``buyer_typer`` gives the buyer's type and the rule that decided it (the commands pass one that asks the
    buyer registry first).
    """
    path = Path(path)
    result = Inspection(path=str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        result.error = "no such file"
        return result
    except IsADirectoryError:
        result.error = "is a directory"
        return result
    except OSError as exc:
        result.error = f"cannot read: {exc.strerror}"
        return result
    if not data:
        result.error = "empty file"
        return result
    fmt = sniff_format(data, path.name)
    if fmt in ("html", "htm"):
        try:
            notice = notice_from_html(data)
        except ValueError as exc:
            result.error = str(exc)
            return result
    elif fmt in ARCHIVES:
        members = [doc for doc in read_attachment(data, path.name) if not doc.error]
        if not members:
            result.error = f"no readable file in the {fmt} archive"
            return result
        notice = Notice(title=path.name)  # an archive is read as a notice made only of its attachments
        add_attachments(notice, members)
    else:
        document = read_document(data, path.name)
        if document.error:
            result.error = document.error
            return result
        notice = notice_from_document(document)
    result.notice = notice
    result.verdict = classify(notice)
    result.buyer_type, result.buyer_type_rule = buyer_typer(notice)
    return result
