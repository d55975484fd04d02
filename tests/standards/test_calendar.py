"""Business time on federal calendars: holidays, closures, time zones, daylight saving, pauses."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

import numpy as np
import pytest
from pytest_django import DjangoAssertNumQueries

from govcx.standards.calendar import (
    BucketedSearch,
    BusinessCalendar,
    Interval,
    OpeningHours,
    merge_intervals,
)
from govcx.standards.models import Calendar, CalendarClosure
from tests.conftest import World

EASTERN = zoneinfo.ZoneInfo("America/New_York")
PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
HAWAII = zoneinfo.ZoneInfo("Pacific/Honolulu")
HOUR = 3_600
EIGHT_TO_FIVE: tuple[OpeningHours, ...] = ((dt.time(8), dt.time(17)),) * 5 + (None, None)


def office(
    time_zone: zoneinfo.ZoneInfo = EASTERN,
    *,
    weekly_hours: tuple[OpeningHours, ...] = EIGHT_TO_FIVE,
    closures: frozenset[dt.date] = frozenset(),
    observes_federal_holidays: bool = True,
) -> BusinessCalendar:
    return BusinessCalendar(time_zone, weekly_hours, closures, observes_federal_holidays)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: dt.tzinfo = EASTERN
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


# A case received Friday 4:59 pm before a Monday holiday


def test_friday_4_59_pm_before_martin_luther_king_day_has_one_minute_then_tuesday() -> None:
    calendar = office()
    received = at(2025, 1, 17, 16, 59)
    assert not calendar.is_business_day(dt.date(2025, 1, 20))
    assert calendar.business_seconds_between(received, at(2025, 1, 21, 9)) == 60 + HOUR
    assert calendar.add_business_seconds(received, 120) == at(2025, 1, 21, 8, 1)


def test_friday_4_59_pm_before_a_holiday_is_due_tuesday_within_one_business_day() -> None:
    calendar = office()
    received = at(2025, 1, 17, 16, 59)
    assert calendar.add_business_days(received, 0) == at(2025, 1, 17, 17)
    assert calendar.add_business_days(received, 1) == at(2025, 1, 21, 17)


def test_a_request_at_closing_time_counts_from_the_next_business_day() -> None:
    calendar = office()
    assert calendar.receipt_day(at(2025, 1, 17, 17)) == dt.date(2025, 1, 21)
    assert calendar.add_business_days(at(2025, 1, 17, 17), 1) == at(2025, 1, 22, 17)


# Observed holidays


def test_a_saturday_holiday_is_observed_on_the_friday_before() -> None:
    calendar = office()
    assert not calendar.is_business_day(dt.date(2026, 7, 3))
    assert calendar.is_business_day(dt.date(2026, 7, 2))
    assert calendar.federal_holidays(2026)[dt.date(2026, 7, 3)] == "Independence Day (observed)"
    # Thursday 4 pm to Monday 9 am: an hour on Thursday, an hour on Monday.
    assert calendar.business_seconds_between(at(2026, 7, 2, 16), at(2026, 7, 6, 9)) == 2 * HOUR


def test_a_sunday_holiday_is_observed_on_the_monday_after() -> None:
    calendar = office()
    assert not calendar.is_business_day(dt.date(2023, 1, 2))  # New Year's Day was a Sunday
    assert not calendar.is_business_day(dt.date(2022, 6, 20))  # Juneteenth was a Sunday
    assert calendar.add_business_days(at(2022, 6, 17, 12), 1) == at(2022, 6, 21, 17)


def test_new_years_day_on_a_saturday_is_observed_on_the_last_day_of_the_year_before() -> None:
    calendar = office()
    assert not calendar.is_business_day(dt.date(2021, 12, 31))
    assert calendar.add_business_days(at(2021, 12, 30, 9), 1) == at(2022, 1, 3, 17)


# Executive-order closures


def test_the_24_december_2024_executive_order_closure_is_not_a_business_day() -> None:
    calendar = office()
    assert not calendar.is_business_day(dt.date(2024, 12, 24))
    assert calendar.federal_holidays(2024)[dt.date(2024, 12, 24)] == "Christmas Eve"
    # Received Monday the 23rd: the next business day is Thursday the 26th.
    assert calendar.add_business_days(at(2024, 12, 23, 10), 1) == at(2024, 12, 26, 17)
    assert calendar.business_seconds_between(at(2024, 12, 23, 16), at(2024, 12, 26, 9)) == 2 * HOUR


def test_a_calendar_that_ignores_federal_holidays_stays_open_on_them() -> None:
    calendar = office(observes_federal_holidays=False)
    assert calendar.is_business_day(dt.date(2024, 12, 24))
    assert calendar.is_business_day(dt.date(2025, 1, 20))
    assert calendar.federal_holidays(2024) == {}


def test_federal_holidays_are_the_governments_days_off_of_that_year() -> None:
    days = office().federal_holidays(2025)
    assert dt.date(2025, 1, 9) in days  # the national day of mourning for President Carter
    assert dt.date(2025, 12, 26) in days  # the day after Christmas, by executive order
    assert all(day.year == 2025 for day in days)
    assert len(office().federal_holidays(2022)) == 13  # 11 holidays, 2 observed on weekdays


# Agency closures


def test_an_agency_closure_is_not_a_business_day_and_moves_deadlines() -> None:
    snow_day = dt.date(2025, 2, 5)  # a Wednesday
    calendar = office(closures=frozenset({snow_day}))
    assert not calendar.is_business_day(snow_day)
    assert office().add_business_days(at(2025, 2, 4, 10), 1) == at(2025, 2, 5, 17)
    assert calendar.add_business_days(at(2025, 2, 4, 10), 1) == at(2025, 2, 6, 17)
    assert calendar.business_seconds_between(at(2025, 2, 4, 16), at(2025, 2, 6, 9)) == 2 * HOUR


# Daylight saving


def test_a_spring_forward_weekend_adds_no_business_time() -> None:
    calendar = office()
    received, answered = at(2025, 3, 7, 16), at(2025, 3, 10, 10)
    assert calendar.business_seconds_between(received, answered) == 3 * HOUR
    assert calendar.opening_hours(dt.date(2025, 3, 10)) == (
        dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC),  # 8 am daylight time
        dt.datetime(2025, 3, 10, 21, tzinfo=dt.UTC),
    )


def test_a_fall_back_weekend_removes_no_business_time() -> None:
    calendar = office()
    received, answered = at(2025, 10, 31, 16), at(2025, 11, 3, 10)
    assert calendar.business_seconds_between(received, answered) == 3 * HOUR


def test_nine_to_five_is_eight_hours_on_the_daylight_saving_sunday_itself() -> None:
    nine_to_five = (dt.time(9), dt.time(17))
    calendar = office(weekly_hours=(nine_to_five,) * 7)
    for day in (dt.date(2025, 3, 9), dt.date(2025, 11, 2)):
        whole_day = (at(day.year, day.month, day.day), at(day.year, day.month, day.day, 23))
        assert calendar.business_seconds_between(*whole_day) == 8 * HOUR


def test_a_round_the_clock_sunday_is_as_long_as_the_day_really_is() -> None:
    all_day = (dt.time(0), dt.time(0))  # 00:00 to 24:00
    calendar = office(weekly_hours=(None,) * 6 + (all_day,), observes_federal_holidays=False)
    for sunday, hours in (
        (dt.date(2025, 3, 9), 23),
        (dt.date(2025, 11, 2), 25),
        (dt.date(2025, 6, 1), 24),
    ):
        monday = sunday + dt.timedelta(days=1)
        start = dt.datetime.combine(sunday, dt.time(0), tzinfo=EASTERN)
        end = dt.datetime.combine(monday, dt.time(0), tzinfo=EASTERN)
        assert calendar.business_seconds_between(start, end) == hours * HOUR


# Other time zones


def test_business_hours_are_read_in_the_calendars_own_time_zone() -> None:
    # 21:00 UTC on Friday 7 March 2025 is 4 pm in Washington and 11 am in Honolulu.
    received = dt.datetime(2025, 3, 7, 21, tzinfo=dt.UTC)
    answered = dt.datetime(2025, 3, 10, 20, tzinfo=dt.UTC)  # 4 pm EDT, 10 am HST
    assert office(EASTERN).business_seconds_between(received, answered) == (1 + 8) * HOUR
    assert office(HAWAII).business_seconds_between(received, answered) == (6 + 2) * HOUR


def test_a_pacific_office_crosses_daylight_saving_like_an_eastern_one() -> None:
    calendar = office(PACIFIC)
    received, answered = at(2025, 3, 7, 16, tz=PACIFIC), at(2025, 3, 10, 10, tz=PACIFIC)
    assert calendar.business_seconds_between(received, answered) == 3 * HOUR
    # 4:59 pm Pacific is already 7:59 pm in Washington: only the Pacific office is still open.
    late_friday = at(2025, 1, 17, 16, 59, tz=PACIFIC)
    assert calendar.add_business_days(late_friday, 0) == at(2025, 1, 17, 17, tz=PACIFIC)
    assert office(EASTERN).add_business_days(late_friday, 0) == at(2025, 1, 21, 17)


def test_honolulu_keeps_the_same_utc_hours_all_year() -> None:
    calendar = office(HAWAII)
    winter = calendar.opening_hours(dt.date(2025, 1, 6))
    summer = calendar.opening_hours(dt.date(2025, 7, 7))
    assert winter is not None
    assert summer is not None
    assert (winter[0].hour, summer[0].hour) == (18, 18)  # 8 am HST is 18:00 UTC


# Pauses


def test_three_days_waiting_on_the_customer_do_not_count() -> None:
    calendar = office()
    received, answered = at(2025, 2, 3, 9), at(2025, 2, 7, 12)  # Monday to Friday
    waiting = [(at(2025, 2, 3, 12), at(2025, 2, 6, 12))]  # Monday noon to Thursday noon
    assert calendar.business_seconds_between(received, answered) == (8 + 9 + 9 + 9 + 4) * HOUR
    # Still counted: Monday 9 to noon, Thursday noon to 5 pm, Friday 8 to noon.
    assert calendar.business_seconds_between(received, answered, waiting) == (3 + 5 + 4) * HOUR
    assert calendar.business_days_taken(received, answered) == 4
    assert calendar.business_days_taken(received, answered, waiting) == 1


def test_overlapping_pauses_are_taken_off_once() -> None:
    calendar = office()
    received, answered = at(2025, 2, 3, 8), at(2025, 2, 3, 17)
    pauses = [
        (at(2025, 2, 3, 11), at(2025, 2, 3, 14)),
        (at(2025, 2, 3, 10), at(2025, 2, 3, 12)),
        (at(2025, 2, 3, 13), at(2025, 2, 3, 13, 30)),
    ]
    assert calendar.business_seconds_between(received, answered, pauses) == 5 * HOUR


def test_pauses_are_clipped_to_the_interval_measured() -> None:
    calendar = office()
    received, answered = at(2025, 2, 3, 10), at(2025, 2, 3, 15)
    pauses = [(at(2025, 2, 3, 7), at(2025, 2, 3, 11)), (at(2025, 2, 3, 14), at(2025, 2, 4, 12))]
    assert calendar.business_seconds_between(received, answered, pauses) == 3 * HOUR


def test_merge_intervals_joins_touching_and_overlapping_intervals() -> None:
    a, b, c, d = (at(2025, 2, 3, hour) for hour in (9, 10, 11, 12))
    assert merge_intervals([(c, d), (a, b), (b, c)]) == [(a, d)]
    assert merge_intervals([(a, b), (c, d)], within=(b, d)) == [(c, d)]
    assert merge_intervals([(b, a)]) == []


# The business-day rule


def test_before_opening_on_a_business_day_counts_as_received_that_day() -> None:
    calendar = office()
    assert calendar.add_business_days(at(2025, 2, 4, 6), 0) == at(2025, 2, 4, 17)
    assert calendar.add_business_days(at(2025, 2, 4, 6), 2) == at(2025, 2, 6, 17)


def test_a_weekend_request_counts_as_received_on_monday() -> None:
    calendar = office()
    assert calendar.receipt_day(at(2025, 2, 8, 11)) == dt.date(2025, 2, 10)
    assert calendar.add_business_days(at(2025, 2, 8, 11), 1) == at(2025, 2, 11, 17)
    assert calendar.business_days_taken(at(2025, 2, 8, 11), at(2025, 2, 8, 12)) == 0


def test_business_days_taken_is_the_smallest_n_whose_deadline_is_met() -> None:
    calendar = office()
    received = at(2025, 1, 17, 16, 59)
    for days in range(6):
        deadline = calendar.add_business_days(received, days)
        assert calendar.business_days_taken(received, deadline) == days
        one_second_late = deadline + dt.timedelta(seconds=1)
        assert calendar.business_days_taken(received, one_second_late) == days + 1


def test_an_answer_in_the_evening_after_closing_misses_that_days_deadline() -> None:
    calendar = office()
    assert calendar.business_days_taken(at(2025, 2, 4, 10), at(2025, 2, 4, 18)) == 1
    assert calendar.business_days_taken(at(2025, 2, 4, 10), at(2025, 2, 4, 17)) == 0


def test_adding_business_seconds_lands_on_closing_for_a_full_day() -> None:
    calendar = office()
    assert calendar.add_business_seconds(at(2025, 2, 4, 8), 9 * HOUR) == at(2025, 2, 4, 17)
    assert calendar.add_business_seconds(at(2025, 2, 4, 20), 1) == at(
        2025, 2, 5, 8, 0
    ) + dt.timedelta(seconds=1)
    assert calendar.add_business_seconds(at(2025, 2, 8, 20), 0) == at(2025, 2, 8, 20)


def test_adding_then_measuring_business_seconds_round_trips() -> None:
    calendar = office()
    generator = random.Random(5)
    for _ in range(200):
        start = at(2025, 1, 1) + dt.timedelta(minutes=generator.randrange(365 * 24 * 60))
        seconds = generator.randrange(40 * 9 * HOUR)
        end = calendar.add_business_seconds(start, seconds)
        assert calendar.business_seconds_between(start, end) == seconds


# Bad input


def test_an_end_before_the_start_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the start"):
        office().business_seconds_between(at(2025, 2, 4, 12), at(2025, 2, 4, 11))
    with pytest.raises(ValueError, match="before the start"):
        office().business_days_taken(at(2025, 2, 4, 12), at(2025, 2, 4, 11))


def test_an_empty_interval_has_no_business_time() -> None:
    assert office().business_seconds_between(at(2025, 2, 4, 12), at(2025, 2, 4, 12)) == 0


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        office().business_seconds_between(dt.datetime(2025, 2, 4, 9), at(2025, 2, 4, 12))


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        office().add_business_days(at(2025, 2, 4, 9), -1)
    with pytest.raises(ValueError, match="negative"):
        office().add_business_seconds(at(2025, 2, 4, 9), -1)


@pytest.mark.parametrize(
    ("weekly_hours", "message"),
    [
        (EIGHT_TO_FIVE[:6], "seven entries"),
        (((dt.time(17), dt.time(8)),) * 7, "not before closing"),
        ((None,) * 7, "at least one weekday"),
    ],
)
def test_impossible_weekly_hours_are_refused(
    weekly_hours: tuple[OpeningHours, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        office(weekly_hours=weekly_hours)


# The calendar stored in the database


def test_from_model_reads_hours_zone_and_closures_in_one_query(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    calendar = Calendar.objects.create(
        organization=world.a.organization,
        name="Honolulu office",
        time_zone="Pacific/Honolulu",
        business_hours=[["07:30", "16:00"]] * 4 + [["07:30", "24:00"], None, None],
        observes_federal_holidays=False,
    )
    CalendarClosure.objects.create(calendar=calendar, date=dt.date(2025, 3, 26), name="Kuhio Day")
    with django_assert_num_queries(1):
        business = BusinessCalendar.from_model(calendar)
    assert business.time_zone == HAWAII
    assert business.weekly_hours[0] == (dt.time(7, 30), dt.time(16))
    assert business.weekly_hours[4] == (dt.time(7, 30), dt.time(0))  # 24:00
    assert business.weekly_hours[5] is None
    assert business.closures == frozenset({dt.date(2025, 3, 26)})
    assert not business.observes_federal_holidays
    friday = business.opening_hours(dt.date(2025, 3, 28))
    assert friday is not None
    assert friday[1] == at(2025, 3, 29, 0, tz=HAWAII)


# The vectorised table agrees with the day-by-day arithmetic

CALENDARS = {
    "eastern": office(),
    "pacific with a closure": office(PACIFIC, closures=frozenset({dt.date(2025, 3, 12)})),
    "honolulu": office(HAWAII),
    "eastern to midnight": office(
        weekly_hours=((dt.time(9), dt.time(0)),) * 5 + (None, (dt.time(0), dt.time(0)))
    ),
}
HARD_DAYS = [
    dt.date(2025, 1, 17),  # the Friday before Martin Luther King Day
    dt.date(2025, 3, 7),  # the Friday before daylight saving starts
    dt.date(2025, 10, 31),  # the Friday before it ends
    dt.date(2024, 12, 23),  # the Monday before the Christmas Eve closure
    dt.date(2025, 7, 2),
    dt.date(2025, 12, 30),  # into the new year
    dt.date(2025, 3, 11),  # the Pacific closure
]


def random_moment(generator: random.Random, calendar: BusinessCalendar) -> dt.datetime:
    """A moment near a hard day, often exactly at an opening or a closing."""
    day = generator.choice(HARD_DAYS) + dt.timedelta(days=generator.randrange(-1, 4))
    hours = calendar.opening_hours(day)
    if hours is not None and generator.random() < 0.25:
        return generator.choice(hours)
    local = dt.datetime.combine(day, dt.time(0), tzinfo=calendar.time_zone)
    return (local + dt.timedelta(minutes=generator.randrange(24 * 60))).astimezone(dt.UTC)


def random_case(
    generator: random.Random, calendar: BusinessCalendar
) -> tuple[dt.datetime, dt.datetime, list[Interval]]:
    start = random_moment(generator, calendar)
    end = max(start, random_moment(generator, calendar))
    if generator.random() < 0.2:
        end += dt.timedelta(days=generator.randrange(30))
    pauses = []
    for _ in range(generator.choice([0, 0, 1, 2])):
        pause_start = start + (end - start) * generator.random()
        pauses.append((pause_start, pause_start + (end - start) * generator.random()))
    return start, end, pauses


def epoch(moments: list[dt.datetime]) -> np.ndarray[tuple[int], np.dtype[np.int64]]:
    return np.array([int(moment.timestamp()) for moment in moments], dtype=np.int64)


@pytest.mark.parametrize("name", CALENDARS)
def test_the_table_agrees_with_the_calendar_on_random_hard_cases(name: str) -> None:
    calendar = CALENDARS[name]
    generator = random.Random(name)
    cases = [random_case(generator, calendar) for _ in range(750)]
    starts, ends = epoch([c[0] for c in cases]), epoch([c[1] for c in cases])
    table = calendar.time_table(2024, 2026)
    paused = np.array(
        [
            calendar.business_seconds_between(s, e) - calendar.business_seconds_between(s, e, p)
            for s, e, p in cases
        ],
        dtype=np.int64,
    )
    expected_seconds = [calendar.business_seconds_between(s, e) for s, e, _ in cases]
    expected_days = [calendar.business_days_taken(s, e, p) for s, e, p in cases]
    assert table.business_seconds(starts, ends).tolist() == expected_seconds
    assert table.business_days_taken(starts, ends, paused).tolist() == expected_days


def test_the_table_refuses_times_outside_its_years() -> None:
    table = office().time_table(2025, 2025)
    with pytest.raises(ValueError, match="between"):
        table.require_within(epoch([at(2026, 1, 2, 9)]))


def test_bucketed_search_matches_numpy_searchsorted() -> None:
    generator = np.random.default_rng(3)
    table = np.sort(generator.integers(0, 10_000, 300)).astype(np.int64)
    values = generator.integers(0, 10_000, 5_000).astype(np.int64)
    values[:300] = table  # exact hits decide between left and right
    search = BucketedSearch(table, 0, 10_000, 7)  # buckets of 128 hold several entries
    assert search.steps > 1
    assert (search.left(values) == np.searchsorted(table, values, side="left")).all()
    assert (search.right(values) == np.searchsorted(table, values, side="right")).all()
