"""The federal fiscal calendar: fiscal years, quarters, months and when quarterly data is due.

The federal fiscal year starts on 1 October: FY2025 runs from 1 October 2024 to 30 September
2025, and its first quarter is October to December 2024. Quarterly A-11 data is due 30 days
after a quarter ends.

A period is a run of whole days, `start` to `end` inclusive. Callers that filter timestamps
use `end_exclusive` so that the last day counts up to its final instant.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

FISCAL_YEAR_FIRST_MONTH = 10  # October
MONTHS_PER_QUARTER = 3
QUARTERS_PER_YEAR = 4
MONTHS_PER_YEAR = 12
DAYS_UNTIL_QUARTERLY_DATA_DUE = 30


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a day falls in: October onwards belongs to the next calendar year's FY."""
    return day.year + 1 if day.month >= FISCAL_YEAR_FIRST_MONTH else day.year


def fiscal_month_index(day: dt.date) -> int:
    """0 for October, 11 for September: how far into its fiscal year a day's month is."""
    return (day.month - FISCAL_YEAR_FIRST_MONTH) % MONTHS_PER_YEAR


class Period(Protocol):
    """What reports need of any period: its days, a stable key and a label a person reads."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...

    @property
    def end_exclusive(self) -> dt.date: ...

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...


@dataclass(frozen=True, order=True)
class FiscalQuarter:
    fiscal_year: int
    quarter: int  # 1 to 4

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= QUARTERS_PER_YEAR:
            raise ValueError(f"A fiscal quarter is 1 to 4, not {self.quarter}.")

    @classmethod
    def of(cls, day: dt.date) -> FiscalQuarter:
        return cls(fiscal_year_of(day), fiscal_month_index(day) // MONTHS_PER_QUARTER + 1)

    @property
    def start(self) -> dt.date:
        months_in = (self.quarter - 1) * MONTHS_PER_QUARTER
        first = Month(self.fiscal_year - 1, FISCAL_YEAR_FIRST_MONTH).shifted(months_in)
        return first.start

    @property
    def end(self) -> dt.date:
        return self.end_exclusive - dt.timedelta(days=1)

    @property
    def end_exclusive(self) -> dt.date:
        return self.next().start

    @property
    def due_date(self) -> dt.date:
        """Quarterly data is due 30 days after the quarter's last day."""
        return self.end + dt.timedelta(days=DAYS_UNTIL_QUARTERLY_DATA_DUE)

    @property
    def months(self) -> tuple[Month, Month, Month]:
        first = Month.of(self.start)
        return (first, first.shifted(1), first.shifted(2))

    @property
    def key(self) -> str:
        return f"FY{self.fiscal_year}-Q{self.quarter}"

    @property
    def label(self) -> str:
        return f"FY{self.fiscal_year} Q{self.quarter}"

    def shifted(self, quarters: int) -> FiscalQuarter:
        index = self.fiscal_year * QUARTERS_PER_YEAR + (self.quarter - 1) + quarters
        return FiscalQuarter(index // QUARTERS_PER_YEAR, index % QUARTERS_PER_YEAR + 1)

    def next(self) -> FiscalQuarter:
        return self.shifted(1)

    def previous(self) -> FiscalQuarter:
        return self.shifted(-1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, order=True)
class Month:
    year: int  # calendar year
    month: int  # 1 to 12

    def __post_init__(self) -> None:
        if not 1 <= self.month <= MONTHS_PER_YEAR:
            raise ValueError(f"A month is 1 to 12, not {self.month}.")

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def end_exclusive(self) -> dt.date:
        return self.next().start

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.start)

    @property
    def fiscal_quarter(self) -> FiscalQuarter:
        return FiscalQuarter.of(self.start)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    def shifted(self, months: int) -> Month:
        index = self.year * MONTHS_PER_YEAR + (self.month - 1) + months
        return Month(index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1)

    def next(self) -> Month:
        return self.shifted(1)

    def previous(self) -> Month:
        return self.shifted(-1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def quarter_start(fiscal_year: int, quarter: int) -> dt.date:
    return FiscalQuarter(fiscal_year, quarter).start


def quarter_end(fiscal_year: int, quarter: int) -> dt.date:
    return FiscalQuarter(fiscal_year, quarter).end


def quarter_due_date(fiscal_year: int, quarter: int) -> dt.date:
    return FiscalQuarter(fiscal_year, quarter).due_date


def latest_complete_quarter(today: dt.date) -> FiscalQuarter:
    """The last quarter that has wholly ended before `today`."""
    return FiscalQuarter.of(today).previous()


def latest_complete_month(today: dt.date) -> Month:
    return Month.of(today).previous()


def quarters_ending_with(last: FiscalQuarter, count: int) -> list[FiscalQuarter]:
    """`count` consecutive quarters, oldest first, the last of them `last`."""
    return [last.shifted(offset) for offset in range(1 - count, 1)]


def months_ending_with(last: Month, count: int) -> list[Month]:
    """`count` consecutive months, oldest first, the last of them `last`."""
    return [last.shifted(offset) for offset in range(1 - count, 1)]
