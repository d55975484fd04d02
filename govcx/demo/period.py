"""The span of time the demo data covers: the last eight federal fiscal quarters.

The federal fiscal year starts on 1 October, so fiscal quarters coincide with calendar
quarters (FY2025 Q1 is October–December 2024). The demo covers the current quarter, up to
now, and the seven before it, so dashboards show both a full history and this quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

QUARTERS_COVERED = 8
MONTHS_PER_QUARTER = 3
HOUR = dt.timedelta(hours=1)


def fiscal_quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month - (day.month - 1) % MONTHS_PER_QUARTER, 1)


def months_before(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` before `day`'s month."""
    index = day.year * 12 + (day.month - 1) - months
    return dt.date(index // 12, index % 12 + 1, 1)


def fiscal_year(day: dt.date) -> int:
    return day.year + 1 if day.month >= 10 else day.year


def fiscal_quarter_label(day: dt.date) -> str:
    """`FY2027 Q1` for any day from 1 October to 31 December 2026."""
    quarter = ((day.month - 10) % 12) // MONTHS_PER_QUARTER + 1
    return f"FY{fiscal_year(day)} Q{quarter}"


@dataclass(frozen=True)
class DemoPeriod:
    """From midnight UTC on the first day of the earliest quarter to `end` (now)."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def ending(cls, now: dt.datetime) -> DemoPeriod:
        if now.tzinfo is None:
            raise ValueError("The demo period needs a timezone-aware datetime.")
        now = now.astimezone(dt.UTC)
        current = fiscal_quarter_start(now.date())
        first = months_before(current, (QUARTERS_COVERED - 1) * MONTHS_PER_QUARTER)
        start = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)
        return cls(start=start, end=now)

    @property
    def hour_count(self) -> int:
        """Whole or partial hours in the period; the last one may be cut short by `end`."""
        seconds = (self.end - self.start).total_seconds()
        return max(1, int(-(-seconds // HOUR.total_seconds())))

    def hour_start(self, index: int) -> dt.datetime:
        return self.start + index * HOUR

    def seconds_in_hour(self, index: int) -> int:
        """3600, except in the last hour, which ends now."""
        remaining = (self.end - self.hour_start(index)).total_seconds()
        return max(1, min(3600, int(remaining)))

    def label(self) -> str:
        return (
            f"{fiscal_quarter_label(self.start.date())} – {fiscal_quarter_label(self.end.date())}"
        )
