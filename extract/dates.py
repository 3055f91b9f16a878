"""Dates and times as notices write them: 2024年3月12日, 2024.03.12 10:22:12, 2024-03-12, 2024:03:12, epoch ms."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from extract.amounts import nfkc

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-./:])\s*(?P<m>\d{1,2})\s*(?:月|[-./:])\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s*|T)(?P<H>\d{1,2})\s*(?:[:：时點点])\s*(?P<M>\d{1,2})\s*分?(?:\s*[:：]?\s*(?P<S>\d{1,2})\s*秒?)?)?"
)
CHINA = timezone(timedelta(hours=8))


def parse_datetime(text: str | int | float | None) -> datetime | None:
    """The first date (with its time when given) in a text, or an epoch in milliseconds; naive, China time."""
    if text is None:
        return None
    if isinstance(text, (int, float)) or (isinstance(text, str) and text.strip().isdigit() and len(text.strip()) >= 12):
        try:
            millis = int(text)
            return datetime.fromtimestamp(millis / 1000, CHINA).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            return None
    match = _DATE.search(nfkc(text))
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime(parts["y"], parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0), parts.get("S", 0))
    except ValueError:
        try:
            return datetime(parts["y"], parts["m"], parts["d"])
        except ValueError:
            return None


def parse_date(text: str | int | float | None) -> date | None:
    """The first date in a text (see :func:`parse_datetime`), without its time."""
    moment = parse_datetime(text)
    return moment.date() if moment else None
