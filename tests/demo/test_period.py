import datetime as dt

import pytest

from govcx.demo.period import DemoPeriod, fiscal_quarter_label, fiscal_quarter_start


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2024, 10, 1), "FY2025 Q1"),
        (dt.date(2024, 12, 31), "FY2025 Q1"),
        (dt.date(2025, 1, 1), "FY2025 Q2"),
        (dt.date(2025, 6, 30), "FY2025 Q3"),
        (dt.date(2025, 9, 30), "FY2025 Q4"),
        (dt.date(2026, 11, 22), "FY2027 Q1"),
    ],
)
def test_fiscal_quarter_label_follows_the_federal_fiscal_year(day: dt.date, label: str) -> None:
    assert fiscal_quarter_label(day) == label


def test_fiscal_quarter_start() -> None:
    assert fiscal_quarter_start(dt.date(2026, 11, 22)) == dt.date(2026, 10, 1)
    assert fiscal_quarter_start(dt.date(2026, 9, 30)) == dt.date(2026, 7, 1)
    assert fiscal_quarter_start(dt.date(2027, 1, 1)) == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("now", "start", "label"),
    [
        (dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC), dt.date(2025, 1, 1), "FY2025 Q2 – FY2027 Q1"),
        (
            dt.datetime(2026, 10, 1, 0, 5, tzinfo=dt.UTC),
            dt.date(2025, 1, 1),
            "FY2025 Q2 – FY2027 Q1",
        ),
        (
            dt.datetime(2026, 9, 30, 23, tzinfo=dt.UTC),
            dt.date(2024, 10, 1),
            "FY2025 Q1 – FY2026 Q4",
        ),
        (dt.datetime(2025, 2, 14, 12, tzinfo=dt.UTC), dt.date(2023, 4, 1), "FY2023 Q3 – FY2025 Q2"),
    ],
)
def test_period_is_the_current_quarter_and_the_seven_before(
    now: dt.datetime, start: dt.date, label: str
) -> None:
    period = DemoPeriod.ending(now)
    assert period.start == dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
    assert period.end == now
    assert period.label() == label


def test_last_hour_stops_at_now() -> None:
    now = dt.datetime(2026, 11, 22, 15, 20, 30, tzinfo=dt.UTC)
    period = DemoPeriod.ending(now)
    last = period.hour_count - 1
    assert period.hour_start(last) == dt.datetime(2026, 11, 22, 15, tzinfo=dt.UTC)
    assert period.seconds_in_hour(last) == 20 * 60 + 30
    assert period.seconds_in_hour(0) == 3600


def test_period_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        DemoPeriod.ending(dt.datetime(2026, 11, 22, 12))
