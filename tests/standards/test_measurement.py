"""Measuring cases against targets: which event ends the clock, pauses, deadlines, units."""

from __future__ import annotations

import datetime as dt
import math
import random
import zoneinfo
from decimal import Decimal

import numpy as np
import pytest

from govcx.standards import measurement
from govcx.standards.calendar import BusinessCalendar, OpeningHours
from govcx.standards.measurement import (
    CaseTimes,
    Target,
    evaluate_case_arrays,
    evaluate_cases,
    pauses_from_status_changes,
)
from govcx.standards.models import Calendar, CaseStatus, Measure, Standard, TargetUnit
from tests.conftest import World

EASTERN = zoneinfo.ZoneInfo("America/New_York")
EIGHT_TO_FIVE: tuple[OpeningHours, ...] = ((dt.time(8), dt.time(17)),) * 5 + (None, None)
CALENDAR = BusinessCalendar(EASTERN, EIGHT_TO_FIVE)
HOUR = 3_600


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=EASTERN)


def target(
    value: float,
    unit: str = TargetUnit.BUSINESS_DAYS,
    measure: str = Measure.TIME_TO_FIRST_RESPONSE,
) -> Target:
    calendar = CALENDAR if unit in (TargetUnit.BUSINESS_DAYS, TargetUnit.BUSINESS_HOURS) else None
    return Target(measure=measure, value=value, unit=unit, calendar=calendar)


def case(
    received: dt.datetime,
    responded: dt.datetime | None = None,
    resolved: dt.datetime | None = None,
    pauses: tuple[tuple[dt.datetime, dt.datetime], ...] = (),
) -> CaseTimes:
    return CaseTimes(received, responded, resolved, pauses)


LATER = at(2030, 1, 1)


# The acceptance cases, through the evaluation


def test_friday_4_59_pm_before_a_monday_holiday_is_on_time_on_tuesday() -> None:
    friday = at(2025, 1, 17, 16, 59)
    cases = [
        case(friday, at(2025, 1, 21, 16)),  # Tuesday afternoon: one business day
        case(friday, at(2025, 1, 22, 8, 30)),  # Wednesday morning: two
        case(friday, at(2025, 1, 17, 17)),  # at closing the same day
    ]
    result = evaluate_cases(target(1), cases, as_of=LATER)
    assert result.elapsed.tolist() == [1.0, 2.0, 0.0]
    assert result.met.tolist() == [True, False, True]


def test_business_hours_across_a_daylight_saving_weekend() -> None:
    cases = [
        case(at(2025, 3, 7, 16), at(2025, 3, 10, 10)),
        case(at(2025, 10, 31, 16), at(2025, 11, 3, 10)),
    ]
    result = evaluate_cases(target(3, TargetUnit.BUSINESS_HOURS), cases, as_of=LATER)
    assert result.elapsed.tolist() == [3.0, 3.0]
    assert result.met.all()


def test_three_days_waiting_on_the_customer_do_not_count_against_the_standard() -> None:
    waiting = ((at(2025, 2, 3, 12), at(2025, 2, 6, 12)),)  # Monday noon to Thursday noon
    paused = case(at(2025, 2, 3, 9), at(2025, 2, 7, 12), pauses=waiting)
    unpaused = case(at(2025, 2, 3, 9), at(2025, 2, 7, 12))
    in_days = evaluate_cases(target(1), [paused, unpaused], as_of=LATER)
    assert in_days.elapsed.tolist() == [1.0, 4.0]
    assert in_days.met.tolist() == [True, False]
    in_hours = evaluate_cases(target(12, TargetUnit.BUSINESS_HOURS), [paused], as_of=LATER)
    assert in_hours.elapsed.tolist() == [12.0]


def test_pauses_count_for_nothing_on_a_calendar_day_clock_too() -> None:
    waiting = ((at(2025, 2, 3), at(2025, 2, 13)),)
    slow = case(at(2025, 2, 1), resolved=at(2025, 3, 8), pauses=waiting)
    target_30_days = target(30, TargetUnit.CALENDAR_DAYS, Measure.TIME_TO_RESOLUTION)
    result = evaluate_cases(target_30_days, [slow], as_of=LATER)
    assert result.elapsed.tolist() == [35.0 - 10.0]
    assert result.met.tolist() == [True]


# Which event stops the clock, and open cases


def test_first_response_and_resolution_measure_different_events() -> None:
    one = case(at(2025, 2, 3, 9), at(2025, 2, 3, 9, 1), at(2025, 2, 3, 11))
    seconds = TargetUnit.SECONDS
    response = evaluate_cases(target(60, seconds), [one], as_of=LATER)
    resolution = evaluate_cases(target(60, seconds, Measure.TIME_TO_RESOLUTION), [one], as_of=LATER)
    processing = evaluate_cases(target(60, seconds, Measure.PROCESSING_TIME), [one], as_of=LATER)
    assert response.elapsed.tolist() == [60.0]
    assert resolution.elapsed.tolist() == processing.elapsed.tolist() == [2 * HOUR]
    assert (response.met.tolist(), resolution.met.tolist()) == ([True], [False])


def test_an_open_case_is_overdue_only_once_its_deadline_has_passed() -> None:
    received = at(2025, 2, 3, 10)  # Monday, due by close of business Tuesday
    cases = [case(received)]
    before = evaluate_cases(target(1), cases, as_of=at(2025, 2, 4, 17))
    after = evaluate_cases(target(1), cases, as_of=at(2025, 2, 4, 17, 1))
    for result in (before, after):
        assert math.isnan(result.elapsed[0])
        assert not result.finished[0]
        assert not result.met[0]
    assert before.overdue_open.tolist() == [False]
    assert after.overdue_open.tolist() == [True]
    assert after.open_age.tolist() == [2.0]


def test_an_answer_after_as_of_has_not_happened_yet() -> None:
    one = case(at(2025, 2, 3, 10), at(2025, 2, 10, 10))
    result = evaluate_cases(target(1), [one], as_of=at(2025, 2, 5, 12))
    assert result.finished.tolist() == [False]
    assert result.overdue_open.tolist() == [True]
    assert math.isnan(result.elapsed[0])


def test_a_case_received_after_as_of_is_neither_open_nor_overdue() -> None:
    result = evaluate_cases(target(1), [case(at(2025, 2, 10, 10))], as_of=at(2025, 2, 5))
    assert result.finished.tolist() == result.overdue_open.tolist() == [False]
    assert math.isnan(result.open_age[0])


def test_a_paused_open_case_gets_more_time() -> None:
    received = at(2025, 2, 3, 10)
    waiting = ((at(2025, 2, 3, 11), at(2025, 2, 5, 11)),)  # two business days of business time
    result = evaluate_cases(target(1), [case(received, pauses=waiting)], as_of=at(2025, 2, 5, 18))
    assert result.overdue_open.tolist() == [False]
    assert result.open_age.tolist() == [1.0]


def test_no_cases_give_empty_arrays() -> None:
    result = evaluate_cases(target(1), [], as_of=LATER)
    assert result.elapsed.shape == result.met.shape == result.overdue_open.shape == (0,)


def test_met_is_the_same_as_answering_by_the_deadline() -> None:
    generator = random.Random(11)
    start = at(2024, 11, 1)
    cases = []
    for _ in range(400):
        received = start + dt.timedelta(minutes=generator.randrange(200 * 24 * 60))
        delay = dt.timedelta(minutes=generator.randrange(10 * 24 * 60))
        cases.append(case(received, received + delay))
    for days in (0, 1, 2, 5):
        result = evaluate_cases(target(days), cases, as_of=LATER)
        assert result.finished.all()
        deadlines = [CALENDAR.add_business_days(c.received_at, days) for c in cases]
        ends = [c.first_response_at or LATER for c in cases]
        expected = [end <= deadline for end, deadline in zip(ends, deadlines, strict=True)]
        assert result.met.tolist() == expected


# The vectorised core


def epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def test_the_core_gives_nan_for_events_not_yet_happened() -> None:
    received = np.array([epoch(at(2025, 2, 3, 9)), epoch(at(2025, 2, 3, 9))], dtype=np.int64)
    ended = np.array([epoch(at(2025, 2, 3, 10)), -1], dtype=np.int64)
    elapsed = evaluate_case_arrays(target(1, TargetUnit.BUSINESS_HOURS), received, ended)
    assert elapsed[0] == 1.0
    assert math.isnan(elapsed[1])


def test_the_core_refuses_an_event_before_receipt() -> None:
    received = np.array([epoch(at(2025, 2, 3, 9))], dtype=np.int64)
    ended = received - 60
    with pytest.raises(ValueError, match="Case 0: the measured event is before"):
        evaluate_case_arrays(target(1), received, ended)


def test_an_event_before_receipt_is_reported_by_its_position_in_a_long_array() -> None:
    received = np.full(200_000, epoch(at(2025, 2, 3, 9)), dtype=np.int64)
    ended = received + 60
    ended[150_001] = received[150_001] - 1
    with pytest.raises(ValueError, match="Case 150001:"):
        evaluate_case_arrays(target(1), received, ended)


def test_long_arrays_give_the_same_answers_as_short_ones() -> None:
    generator = np.random.default_rng(2)
    received = epoch(at(2025, 1, 1)) + generator.integers(0, 300 * 86_400, 150_000)
    ended = received + generator.integers(0, 9 * 86_400, 150_000)
    ended[::7] = -1
    whole = evaluate_case_arrays(target(1, TargetUnit.BUSINESS_HOURS), received, ended)
    piece = evaluate_case_arrays(target(1, TargetUnit.BUSINESS_HOURS), received[-9:], ended[-9:])
    assert np.array_equal(whole[-9:], piece, equal_nan=True)
    assert np.isnan(whole[::7]).all()
    assert not np.isnan(whole[1::7]).any()


def test_pauses_with_fractions_of_a_second_never_exceed_the_time_measured() -> None:
    tick = dt.timedelta(microseconds=600_000)
    received, responded = at(2025, 2, 3, 9) + tick, at(2025, 2, 3, 10) + tick
    waiting = ((received, responded),)
    for unit in (TargetUnit.SECONDS, TargetUnit.BUSINESS_HOURS):
        result = evaluate_cases(
            target(1, unit), [case(received, responded, pauses=waiting)], as_of=LATER
        )
        assert result.elapsed.tolist() == [0.0]


def test_the_core_takes_off_paused_time_on_the_targets_clock() -> None:
    received = np.array([0, 100], dtype=np.int64)
    ended = np.array([1_000, 86_500], dtype=np.int64)
    paused = np.array([400, 0], dtype=np.int64)
    assert evaluate_case_arrays(
        target(1, TargetUnit.SECONDS), received, ended, paused
    ).tolist() == [
        600.0,
        86_400.0,
    ]
    in_days = evaluate_case_arrays(target(1, TargetUnit.CALENDAR_DAYS), received, ended)
    assert in_days.tolist() == [1_000 / 86_400, 1.0]


def test_a_rate_is_not_a_time_per_case() -> None:
    rate = Target(Measure.ABANDONMENT_RATE, 5, TargetUnit.PERCENT, None)
    with pytest.raises(ValueError, match="rate"):
        evaluate_case_arrays(rate, np.zeros(1, np.int64), np.zeros(1, np.int64))


def test_call_measures_are_not_evaluated_on_cases() -> None:
    speed = Target(Measure.SPEED_OF_ANSWER, 30, TargetUnit.SECONDS, None)
    with pytest.raises(ValueError, match="calls"):
        evaluate_cases(speed, [case(at(2025, 2, 3, 9))], as_of=LATER)


def test_the_core_agrees_with_the_calendar_on_random_cases_with_pauses() -> None:
    generator = random.Random(7)
    cases = []
    for _ in range(1_500):
        received = at(2024, 12, 15) + dt.timedelta(minutes=generator.randrange(120 * 24 * 60))
        responded = received + dt.timedelta(minutes=generator.randrange(15 * 24 * 60))
        seconds = int((responded - received).total_seconds())
        pauses = tuple(
            (received + dt.timedelta(seconds=a), received + dt.timedelta(seconds=max(a, b)))
            for a, b in (
                (generator.randrange(seconds + 1), generator.randrange(seconds + 1))
                for _ in range(generator.randrange(3))
            )
        )
        cases.append(case(received, responded, pauses=pauses))
    in_days = evaluate_cases(target(1), cases, as_of=LATER)
    in_hours = evaluate_cases(target(9, TargetUnit.BUSINESS_HOURS), cases, as_of=LATER)
    answered = [(c.received_at, c.first_response_at or LATER, c.pauses) for c in cases]
    expected_days = [CALENDAR.business_days_taken(*times) for times in answered]
    expected_seconds = [CALENDAR.business_seconds_between(*times) for times in answered]
    assert in_days.elapsed.tolist() == expected_days
    assert (in_hours.elapsed * HOUR).round().tolist() == expected_seconds


# Building the target and pauses from the database's records


def test_pauses_come_from_entering_and_leaving_waiting_on_the_customer() -> None:
    changes = [
        ("open", at(2025, 2, 3, 9)),
        ("waiting_on_customer", at(2025, 2, 3, 10)),
        ("waiting_on_customer", at(2025, 2, 3, 11)),  # a repeated status changes nothing
        ("open", at(2025, 2, 4, 10)),
        ("waiting_on_customer", at(2025, 2, 5, 10)),
        ("resolved", at(2025, 2, 5, 10)),  # an empty pause is dropped
        ("waiting_on_customer", at(2025, 2, 6, 9)),
        ("open", at(2025, 2, 9, 9)),  # after `until`: ignored
    ]
    assert pauses_from_status_changes(changes, until=at(2025, 2, 7)) == (
        (at(2025, 2, 3, 10), at(2025, 2, 4, 10)),
        (at(2025, 2, 6, 9), at(2025, 2, 7)),
    )


def test_the_choices_spelled_out_for_measurement_are_the_models_choices() -> None:
    assert set(TargetUnit.values) == measurement.TARGET_UNITS
    assert set(Measure.values) == measurement.MEASURES
    assert measurement.WAITING_ON_CUSTOMER == CaseStatus.WAITING_ON_CUSTOMER
    assert {TargetUnit.BUSINESS_DAYS, TargetUnit.BUSINESS_HOURS} == measurement.BUSINESS_UNITS


def test_a_target_in_business_time_needs_a_calendar() -> None:
    with pytest.raises(ValueError, match="needs a calendar"):
        Target(Measure.TIME_TO_FIRST_RESPONSE, 1, TargetUnit.BUSINESS_DAYS, None)
    with pytest.raises(ValueError, match="not a target unit"):
        Target(Measure.TIME_TO_FIRST_RESPONSE, 1, "fortnights", None)


def test_target_from_standard_reads_its_calendar(world: World) -> None:
    calendar = Calendar.objects.create(organization=world.a.organization, name="Head office")
    standard = Standard.objects.create(
        organization=world.a.organization,
        service=world.a.service,
        channel="email",
        measure=Measure.TIME_TO_FIRST_RESPONSE,
        target_value=Decimal("1.00"),
        target_unit=TargetUnit.BUSINESS_DAYS,
        required_share=Decimal("80.00"),
        calendar=calendar,
        public_wording="We answer email within one business day.",
    )
    loaded = Target.from_standard(standard)
    assert loaded == Target(Measure.TIME_TO_FIRST_RESPONSE, 1.0, TargetUnit.BUSINESS_DAYS, CALENDAR)


def test_target_from_standard_without_a_calendar(world: World) -> None:
    standard = Standard.objects.create(
        organization=world.a.organization,
        service=world.a.service,
        channel="phone",
        measure=Measure.SPEED_OF_ANSWER,
        target_value=Decimal("30"),
        target_unit=TargetUnit.SECONDS,
        required_share=Decimal("80"),
        public_wording="We answer the phone within 30 seconds.",
    )
    assert Target.from_standard(standard).calendar is None
