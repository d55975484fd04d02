"""The federal fiscal calendar at every boundary: year ends, quarter ends, February, leap years."""

from __future__ import annotations

import datetime as dt

import pytest

from govcx.lib.fiscal import (
    FiscalQuarter,
    Month,
    fiscal_year_of,
    latest_complete_month,
    latest_complete_quarter,
    months_ending_with,
    quarter_due_date,
    quarter_end,
    quarter_start,
    quarters_ending_with,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (D(2024, 9, 30), 2024),
        (D(2024, 10, 1), 2025),
        (D(2024, 12, 31), 2025),
        (D(2025, 1, 1), 2025),
        (D(2025, 9, 30), 2025),
        (D(2025, 10, 1), 2026),
    ],
)
def test_the_fiscal_year_turns_on_1_october(day: dt.date, fiscal_year: int) -> None:
    assert fiscal_year_of(day) == fiscal_year


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2024, 10, 1), FiscalQuarter(2025, 1)),
        (D(2024, 12, 31), FiscalQuarter(2025, 1)),
        (D(2025, 1, 1), FiscalQuarter(2025, 2)),
        (D(2025, 3, 31), FiscalQuarter(2025, 2)),
        (D(2025, 4, 1), FiscalQuarter(2025, 3)),
        (D(2025, 6, 30), FiscalQuarter(2025, 3)),
        (D(2025, 7, 1), FiscalQuarter(2025, 4)),
        (D(2025, 9, 30), FiscalQuarter(2025, 4)),
        (D(2024, 2, 29), FiscalQuarter(2024, 2)),
    ],
)
def test_a_day_falls_in_its_fiscal_quarter(day: dt.date, quarter: FiscalQuarter) -> None:
    assert FiscalQuarter.of(day) == quarter
    assert day in quarter
    assert day not in quarter.next()
    assert day not in quarter.previous()


@pytest.mark.parametrize(
    ("fiscal_year", "quarter", "start", "end", "due"),
    [
        (2025, 1, D(2024, 10, 1), D(2024, 12, 31), D(2025, 1, 30)),
        (2025, 2, D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 30)),
        (2025, 3, D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 30)),
        (2025, 4, D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 30)),
        (2024, 2, D(2024, 1, 1), D(2024, 3, 31), D(2024, 4, 30)),
    ],
)
def test_quarter_start_end_and_due_date(
    fiscal_year: int, quarter: int, start: dt.date, end: dt.date, due: dt.date
) -> None:
    assert quarter_start(fiscal_year, quarter) == start
    assert quarter_end(fiscal_year, quarter) == end
    assert quarter_due_date(fiscal_year, quarter) == due
    assert FiscalQuarter(fiscal_year, quarter).end_exclusive == end + dt.timedelta(days=1)


def test_quarters_step_across_fiscal_years() -> None:
    assert FiscalQuarter(2025, 4).next() == FiscalQuarter(2026, 1)
    assert FiscalQuarter(2025, 1).previous() == FiscalQuarter(2024, 4)
    assert FiscalQuarter(2025, 1).shifted(-5) == FiscalQuarter(2023, 4)
    assert FiscalQuarter(2025, 1).label == "FY2025 Q1"
    assert FiscalQuarter(2025, 1).key == "FY2025-Q1"


@pytest.mark.parametrize("quarter", [0, 5])
def test_there_are_four_quarters(quarter: int) -> None:
    with pytest.raises(ValueError, match="1 to 4"):
        FiscalQuarter(2025, quarter)


def test_a_quarter_has_its_three_months() -> None:
    assert FiscalQuarter(2025, 1).months == (Month(2024, 10), Month(2024, 11), Month(2024, 12))
    assert FiscalQuarter(2024, 2).months == (Month(2024, 1), Month(2024, 2), Month(2024, 3))


@pytest.mark.parametrize(
    ("month", "last_day"),
    [
        (Month(2024, 2), D(2024, 2, 29)),  # divisible by 4: a leap year
        (Month(2025, 2), D(2025, 2, 28)),
        (Month(2100, 2), D(2100, 2, 28)),  # a century, not divisible by 400: not a leap year
        (Month(2000, 2), D(2000, 2, 29)),  # divisible by 400: a leap year
        (Month(2024, 4), D(2024, 4, 30)),
        (Month(2024, 12), D(2024, 12, 31)),
    ],
)
def test_months_end_on_their_last_day(month: Month, last_day: dt.date) -> None:
    assert month.end == last_day
    assert month.end_exclusive == last_day + dt.timedelta(days=1)
    assert last_day in month
    assert last_day + dt.timedelta(days=1) not in month


def test_months_step_across_years_and_know_their_fiscal_year() -> None:
    assert Month(2024, 12).next() == Month(2025, 1)
    assert Month(2025, 1).previous() == Month(2024, 12)
    assert Month(2024, 9).fiscal_year == 2024
    assert Month(2024, 10).fiscal_year == 2025
    assert Month(2025, 2).fiscal_quarter == FiscalQuarter(2025, 2)
    assert Month(2024, 2).label == "February 2024"
    assert Month(2024, 2).key == "2024-02"


@pytest.mark.parametrize("month", [0, 13])
def test_there_are_twelve_months(month: int) -> None:
    with pytest.raises(ValueError, match="1 to 12"):
        Month(2025, month)


def test_latest_complete_periods_end_before_today() -> None:
    assert latest_complete_quarter(D(2025, 1, 1)) == FiscalQuarter(2025, 1)
    assert latest_complete_quarter(D(2024, 12, 31)) == FiscalQuarter(2024, 4)
    assert latest_complete_month(D(2024, 3, 1)) == Month(2024, 2)
    assert latest_complete_month(D(2025, 1, 15)) == Month(2024, 12)


def test_runs_of_periods_are_oldest_first() -> None:
    assert quarters_ending_with(FiscalQuarter(2025, 2), 3) == [
        FiscalQuarter(2024, 4),
        FiscalQuarter(2025, 1),
        FiscalQuarter(2025, 2),
    ]
    assert months_ending_with(Month(2025, 1), 2) == [Month(2024, 12), Month(2025, 1)]


def test_something_that_is_not_a_date_is_in_no_period() -> None:
    assert "2025-01-01" not in Month(2025, 1)
    assert "2025-01-01" not in FiscalQuarter(2025, 2)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (D(2025, 2, 28), FiscalQuarter(2025, 2)),
        (D(2025, 3, 1), FiscalQuarter(2025, 2)),
        (D(2028, 2, 29), FiscalQuarter(2028, 2)),
        (D(2028, 2, 28), FiscalQuarter(2028, 2)),
        (D(2100, 2, 28), FiscalQuarter(2100, 2)),  # 2100 is not a leap year
        (D(2100, 3, 1), FiscalQuarter(2100, 2)),
    ],
)
def test_february_days_fall_in_the_second_quarter(day: dt.date, quarter: FiscalQuarter) -> None:
    # Adding "three months" to a late-February date by hand is where calendars slip.
    assert FiscalQuarter.of(day) == quarter
    assert quarter.start == D(quarter.fiscal_year, 1, 1)
    assert quarter.end == D(quarter.fiscal_year, 3, 31)


def test_every_day_for_a_decade_is_in_exactly_one_quarter_with_its_due_date() -> None:
    day = D(2019, 10, 1)
    while day < D(2031, 10, 1):
        quarter = FiscalQuarter.of(day)
        assert quarter.start <= day <= quarter.end
        assert quarter.previous().end < day < quarter.next().start
        assert quarter.due_date == quarter.end + dt.timedelta(days=30)
        assert quarter.next().start == quarter.end + dt.timedelta(days=1)
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("quarter", "due"),
    [
        (FiscalQuarter(2024, 1), D(2024, 1, 30)),  # the quarter ending 31 December 2023
        (FiscalQuarter(2024, 2), D(2024, 4, 30)),  # a leap-year February inside the quarter
        (FiscalQuarter(2026, 4), D(2026, 10, 30)),  # due in the next fiscal year
    ],
)
def test_quarterly_data_is_due_thirty_days_after_the_quarter(
    quarter: FiscalQuarter, due: dt.date
) -> None:
    assert quarter.due_date == due
