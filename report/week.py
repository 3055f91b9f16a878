"""ISO weeks as the report names them (``2025-W37``): parsing, checking, and the last complete one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


class WeekError(ValueError):
    """A week that cannot be reported on, explained in one line."""


@dataclass(frozen=True, order=True)
class Week:
    """One ISO week: Monday ``start`` to Sunday ``end``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        try:
            date.fromisocalendar(self.year, self.number, 1)
        except ValueError:
            raise WeekError(f"{self.year} has no ISO week {self.number}") from None

    @property
    def start(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def shifted(self, weeks: int) -> Week:
        """The week ``weeks`` later (negative: earlier)."""
        return week_of(self.start + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return self.label


def week_of(day: date) -> Week:
    """The ISO week a day falls in."""
    year, number, _ = day.isocalendar()
    return Week(year, number)


def last_complete_week(today: date) -> Week:
    """The most recent ISO week that ended before today."""
    return week_of(today - timedelta(days=today.isoweekday()))


def parse_week(text: str, today: date) -> Week:
    """A ``YYYY-Www`` week that has begun by ``today``; WeekError says what is wrong with anything else."""
    match = _WEEK.match(text.strip())
    if not match:
        raise WeekError(f"--week must be an ISO week as YYYY-Www (e.g. 2025-W37), not {text!r}")
    week = Week(int(match.group(1)), int(match.group(2)))
    if week.start > today:
        raise WeekError(f"week {week} has not begun yet (it starts {week.start}; today is {today})")
    return week
