"""The filter options that hits, search and export share, and their check into a HitFilter."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from query.hits import REVIEW_CHOICES, HitFilter
from tenderwatch.options import UserError, parse_day

BUYER_TYPES = ("university", "research_institute", "lab", "hospital", "company", "government", "other")
LABELS = ("remote_access", "hardware_purchase", "none")

Since = Annotated[Optional[str], typer.Option(help="Published on or after, YYYY-MM-DD.")]
Until = Annotated[Optional[str], typer.Option(help="Published on or before, YYYY-MM-DD.")]
Label = Annotated[Optional[str], typer.Option(help="remote_access, hardware_purchase (or none: notices that are not hits).")]
BuyerType = Annotated[Optional[str], typer.Option("--buyer-type", help=", ".join(BUYER_TYPES) + ".")]
Chip = Annotated[Optional[str], typer.Option(help="A canonical chip name, e.g. A100.")]
Provider = Annotated[Optional[str], typer.Option(help="AWS, Azure, GoogleCloud, Oracle, OpenAI, Anthropic.")]
Name = Annotated[Optional[str], typer.Option(help="Buyer or supplier name contains this.")]
MinAmount = Annotated[Optional[float], typer.Option("--min-amount", help="Amount in yuan at least this.")]
Region = Annotated[Optional[str], typer.Option(help="Region as the portal gives it, e.g. 北京.")]
Portal = Annotated[Optional[str], typer.Option(help="Only this portal, e.g. ccgp.")]
Review = Annotated[Optional[str], typer.Option(help="confirmed, rejected or unreviewed.")]


def hit_filter(since: str | None = None, until: str | None = None, label: str | None = None,
               buyer_type: str | None = None, chip: str | None = None, provider: str | None = None,
               name: str | None = None, min_amount: float | None = None, region: str | None = None,
               portal: str | None = None, review: str | None = None) -> HitFilter:
    """The options checked (one clear UserError for a bad value) and gathered into a HitFilter."""
    for option, value, allowed in (("--label", label, LABELS), ("--buyer-type", buyer_type, BUYER_TYPES),
                                   ("--review", review, REVIEW_CHOICES)):
        if value is not None and value not in allowed:
            raise UserError(f"{option} must be one of {', '.join(allowed)}, not {value!r}")
    since_day, until_day = parse_day(since, "--since"), parse_day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise UserError(f"--since {since_day} is after --until {until_day}")
    return HitFilter(since_day, until_day, label, buyer_type, chip, provider, name, min_amount, region, portal, review)
