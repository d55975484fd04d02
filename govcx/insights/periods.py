"""The periods a dashboard can be filtered to: all time, a fiscal year, quarter or month.

Rollups are kept by calendar month, and every fiscal period is a run of whole months, so a
period is just its first and last month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from govcx.lib.fiscal import QUARTERS_PER_YEAR, FiscalQuarter, Month, fiscal_year_of

PERIOD_PATTERN = re.compile(r"^(?:all|FY\d{4}|FY\d{4}-Q[1-4]|\d{4}-(?:0[1-9]|1[0-2]))$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first_month: dt.date | None = None  # None: from the beginning
    last_month: dt.date | None = None  # None: to the end

    def contains(self, month: dt.date) -> bool:
        after_start = self.first_month is None or month >= self.first_month
        before_end = self.last_month is None or month <= self.last_month
        return after_start and before_end


ALL_TIME = Period(key="all", label="All time")


def period_from_key(key: str) -> Period:
    """`all`, `FY2026`, `FY2026-Q1` or `2026-03`; anything else is a PeriodError."""
    if not PERIOD_PATTERN.match(key):
        raise PeriodError(f"“{key}” is not a period: use FY2026, FY2026-Q1, 2026-03 or all.")
    if key == "all":
        return ALL_TIME
    if "-Q" in key:
        year, quarter = key[2:].split("-Q")
        return quarter_period(FiscalQuarter(int(year), int(quarter)))
    if key.startswith("FY"):
        return fiscal_year_period(int(key[2:]))
    year, month = key.split("-")
    return month_period(Month(int(year), int(month)))


def fiscal_year_period(fiscal_year: int) -> Period:
    first = FiscalQuarter(fiscal_year, 1).start
    last = FiscalQuarter(fiscal_year, 4).months[-1].start
    return Period(
        key=f"FY{fiscal_year}", label=f"FY{fiscal_year}", first_month=first, last_month=last
    )


def quarter_period(quarter: FiscalQuarter) -> Period:
    months = quarter.months
    return Period(quarter.key, quarter.label, months[0].start, months[-1].start)


def month_period(month: Month) -> Period:
    return Period(month.key, month.label, month.start, month.start)


def quarters_of(period: Period) -> tuple[FiscalQuarter, ...] | None:
    """The fiscal quarters a period lies in, in order; None for all time (every quarter)."""
    if period.first_month is None or period.last_month is None:
        return None
    first, last = FiscalQuarter.of(period.first_month), FiscalQuarter.of(period.last_month)
    years = last.fiscal_year - first.fiscal_year
    count = years * QUARTERS_PER_YEAR + last.quarter - first.quarter + 1
    return tuple(first.shifted(index) for index in range(count))


def response_rate_period(period: Period) -> Period:
    """The period a response rate shown for `period` covers.

    Volumes are entered per fiscal quarter, and a quarter's customers cannot honestly be
    split into its months (offers are not spread evenly, and nothing records how they fell).
    So a month's rate is the whole quarter containing it, with that quarter's respondents,
    and says so in its label; every other period is made of whole quarters and is its own.
    """
    if period.first_month is None or period.first_month != period.last_month:
        return period
    return quarter_period(FiscalQuarter.of(period.first_month))


def fiscal_year_key(month: dt.date) -> str:
    return f"FY{fiscal_year_of(month)}"


def fiscal_quarter_key(month: dt.date) -> str:
    return FiscalQuarter.of(month).key


def month_key(month: dt.date) -> str:
    return Month.of(month).key


def recent_periods(today: dt.date, *, years: int = 3) -> list[Period]:
    """The choices a filter offers: all time, recent fiscal years and their quarters."""
    current = fiscal_year_of(today)
    choices = [ALL_TIME]
    for fiscal_year in range(current, current - years, -1):
        choices.append(fiscal_year_period(fiscal_year))
        choices.extend(
            quarter_period(FiscalQuarter(fiscal_year, quarter))
            for quarter in range(4, 0, -1)
            if FiscalQuarter(fiscal_year, quarter).start <= today
        )
    return choices
