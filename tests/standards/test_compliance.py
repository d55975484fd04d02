"""Compliance per standard and period, against answers worked out by hand for small fixtures.

The clock is Tuesday 15 April 2025, noon Eastern; FY2025 Q2 (January to March 2025) is the
latest complete quarter.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from statsmodels.stats.proportion import proportion_confint

from govcx.lib.fiscal import FiscalQuarter, Month
from govcx.registry.models import Organization
from govcx.standards.compliance import (
    PeriodCompliance,
    Verdict,
    backlog_of,
    compliance_by_period,
    standard_report,
)
from govcx.standards.measurement import Target
from govcx.standards.models import CallOutcome, Measure, Standard, TargetUnit
from tests.conftest import World
from tests.standards.standard_fixtures import (
    add_calls,
    add_case,
    add_cases,
    eastern,
    email_standard,
    phone_standard,
)

AS_OF = eastern(2025, 4, 15, 12)
Q2 = FiscalQuarter(2025, 2)
RECEIVED = eastern(2025, 2, 4, 10)  # a Tuesday morning
NEXT_DAY = eastern(2025, 2, 5, 12)  # within one business day
TWO_DAYS_LATER = eastern(2025, 2, 6, 12)  # two business days: missed


def q2_of(standard: Standard, as_of: dt.datetime = AS_OF) -> PeriodCompliance:
    (result,) = compliance_by_period(standard, [Q2], as_of=as_of)
    return result


def wilson(successes: int, n: int) -> tuple[float, float]:
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    return float(low), float(high)


def set_minimum_group_size(organization: Organization, size: int) -> None:
    organization.minimum_group_size = size
    organization.save(update_fields=["minimum_group_size"])


@pytest.fixture
def twelve_cases(world: World) -> Standard:
    """9 answered within a business day, 2 after two, 1 never answered (open past deadline)."""
    standard = email_standard(world.a)
    add_cases(standard, 9, RECEIVED, NEXT_DAY)
    add_cases(standard, 2, RECEIVED, TWO_DAYS_LATER)
    add_case(standard, RECEIVED)
    return standard


def test_nine_of_twelve_cases_is_75_percent_with_its_wilson_interval(
    twelve_cases: Standard,
) -> None:
    result = q2_of(twelve_cases)
    share = result.headline
    assert (share.value, share.n) == (0.75, 12)
    assert (share.low, share.high) == pytest.approx(wilson(9, 12))
    assert result.headline_is_share
    assert result.complete
    assert result.verdict == Verdict.MISSED  # 75% is below the 80% required


def test_median_and_90th_percentile_are_over_finished_cases_in_business_days(
    twelve_cases: Standard,
) -> None:
    figures = q2_of(twelve_cases).cases
    assert figures is not None
    # Eleven finished: nine took 1 business day and two took 2.
    assert (figures.median.value, figures.median.n) == (1.0, 11)
    assert (figures.ninetieth_percentile.value, figures.ninetieth_percentile.n) == (2.0, 11)
    # One open past its deadline: a count of one is suppressed like any small group.
    assert figures.open_past_deadline.n == 1
    assert figures.open_past_deadline.suppressed


def test_a_share_exactly_at_the_required_share_meets_the_standard(world: World) -> None:
    standard = email_standard(world.a, required_share="75")
    add_cases(standard, 9, RECEIVED, NEXT_DAY)
    add_cases(standard, 3, RECEIVED, TWO_DAYS_LATER)
    assert q2_of(standard).verdict == Verdict.MET


def test_fewer_cases_than_the_minimum_group_size_are_suppressed_and_not_judged(
    world: World,
) -> None:
    standard = email_standard(world.a)
    add_cases(standard, 9, RECEIVED, NEXT_DAY)
    result = q2_of(standard)
    assert result.headline.suppressed
    assert result.headline.n == 9
    assert result.headline.value is None
    assert result.headline.low is None
    assert result.verdict == Verdict.NOT_ENOUGH
    set_minimum_group_size(world.a.organization, 5)
    shown = q2_of(Standard.objects.get(pk=standard.pk))
    assert (shown.headline.value, shown.verdict) == (1.0, Verdict.MET)


def test_a_period_without_records_has_no_data(world: World) -> None:
    result = q2_of(email_standard(world.a))
    assert result.verdict == Verdict.NO_DATA
    assert result.headline.n == 0


def test_cases_still_open_within_their_deadline_are_not_counted_yet(world: World) -> None:
    standard = email_standard(world.a)
    set_minimum_group_size(world.a.organization, 1)
    add_case(standard, eastern(2025, 4, 14, 9), eastern(2025, 4, 14, 15))  # met
    add_case(standard, eastern(2025, 4, 15, 9))  # open, due at Wednesday's close
    add_case(standard, eastern(2025, 4, 10, 9))  # open since Thursday: past its deadline
    (this_quarter,) = compliance_by_period(
        Standard.objects.get(pk=standard.pk), [FiscalQuarter(2025, 3)], as_of=AS_OF
    )
    assert not this_quarter.complete
    assert (this_quarter.headline.value, this_quarter.headline.n) == (0.5, 2)
    assert this_quarter.cases is not None
    assert this_quarter.cases.open_within_deadline.n == 1
    assert this_quarter.cases.open_past_deadline.n == 1


def test_a_case_belongs_to_the_day_it_was_received_in_the_calendars_time_zone(
    world: World,
) -> None:
    standard = email_standard(world.a)
    set_minimum_group_size(world.a.organization, 1)
    # 02:00 UTC on 1 April is 22:00 Eastern on 31 March: March, and so FY2025 Q2.
    late_march = dt.datetime(2025, 4, 1, 2, tzinfo=dt.UTC)
    add_case(standard, late_march, late_march + dt.timedelta(hours=1))
    standard = Standard.objects.get(pk=standard.pk)
    march, april = compliance_by_period(standard, [Month(2025, 3), Month(2025, 4)], as_of=AS_OF)
    assert (march.headline.n, april.headline.n) == (1, 0)
    assert q2_of(standard).headline.n == 1


def test_time_waiting_on_the_customer_does_not_count(world: World) -> None:
    standard = email_standard(world.a)
    set_minimum_group_size(world.a.organization, 1)
    standard = Standard.objects.get(pk=standard.pk)
    friday_noon = eastern(2025, 2, 7, 12)
    add_case(
        standard,
        RECEIVED,
        friday_noon,
        pauses=[(eastern(2025, 2, 4, 11), eastern(2025, 2, 7, 11))],
    )
    paused = q2_of(standard)
    assert paused.verdict == Verdict.MET  # one business hour Tuesday, one on Friday
    add_case(standard, RECEIVED, friday_noon)  # the same case without the pause: 3 days
    both = q2_of(standard)
    assert (both.headline.value, both.headline.n) == (0.5, 2)


def test_a_response_after_as_of_has_not_happened_yet(world: World) -> None:
    standard = email_standard(world.a)
    set_minimum_group_size(world.a.organization, 1)
    standard = Standard.objects.get(pk=standard.pk)
    add_case(standard, RECEIVED, eastern(2025, 2, 20, 9))  # answered very late
    as_of_feb_10 = eastern(2025, 2, 10, 9)
    february = Month(2025, 2)
    (then,) = compliance_by_period(standard, [february], as_of=as_of_feb_10)
    assert then.cases is not None
    assert then.cases.open_past_deadline.n == 1  # open, and already past its deadline
    assert then.cases.median.n == 0
    assert then.verdict == Verdict.MISSED


def test_records_of_other_channels_services_and_agencies_are_not_counted(world: World) -> None:
    standard = email_standard(world.a)
    set_minimum_group_size(world.a.organization, 1)
    standard = Standard.objects.get(pk=standard.pk)
    add_case(standard, RECEIVED, NEXT_DAY)
    website = email_standard(world.a, channel="website", calendar=standard.calendar)
    add_cases(website, 3, RECEIVED, TWO_DAYS_LATER)
    other_agency = email_standard(world.b)
    add_cases(other_agency, 3, RECEIVED, TWO_DAYS_LATER)
    result = q2_of(standard)
    assert (result.headline.value, result.headline.n) == (1.0, 1)


def test_reading_compliance_takes_the_same_queries_for_two_cases_or_forty(world: World) -> None:
    standard = email_standard(world.a)

    def queries_to_read() -> int:
        fresh = Standard.objects.select_related("organization", "calendar").get(pk=standard.pk)
        with CaptureQueriesContext(connection) as captured:
            standard_report(fresh, as_of=AS_OF)
        return len(captured.captured_queries)

    pause = [(eastern(2025, 2, 4, 11), eastern(2025, 2, 5, 9))]
    for _ in range(2):
        add_case(standard, RECEIVED, NEXT_DAY, transaction_id="t", pauses=pause)
    few = queries_to_read()
    for index in range(38):
        add_case(standard, RECEIVED, NEXT_DAY, transaction_id=f"t{index}", pauses=pause)
    assert queries_to_read() == few


# --- calls ----------------------------------------------------------------------------------------

FEBRUARY_CALLS = eastern(2025, 2, 11, 10)


def twenty_calls(standard: Standard) -> None:
    """16 answered (8 after 10 s, 8 after 40 s) and 4 abandoned after 50 s."""
    add_calls(standard, FEBRUARY_CALLS, [10] * 8 + [40] * 8)
    add_calls(standard, FEBRUARY_CALLS, [50] * 4, outcome=CallOutcome.ABANDONED)


def test_call_figures_use_the_contact_center_formulas(world: World) -> None:
    standard = phone_standard(world.a)
    twenty_calls(standard)
    result = q2_of(standard)
    calls = result.calls
    assert calls is not None
    assert calls.offered.n == 20
    # Average speed of answer: (8 × 10 + 8 × 40) ÷ 16 answered = 25 seconds.
    assert (calls.average_speed_of_answer.value, calls.average_speed_of_answer.n) == (25.0, 16)
    assert calls.average_speed_of_answer.has_interval
    # Abandonment: 4 ÷ 20 offered.
    assert (calls.abandonment_rate.value, calls.abandonment_rate.n) == (0.2, 20)
    abandonment = calls.abandonment_rate
    assert (abandonment.low, abandonment.high) == pytest.approx(wilson(4, 20))
    # Service level: 8 answered within 30 seconds ÷ 20 offered.
    assert calls.service_level is not None
    assert (calls.service_level.value, calls.service_level.n) == (0.4, 20)
    assert result.headline == calls.service_level
    assert result.verdict == Verdict.MISSED  # 40% is below the 80% required


def test_speed_of_answer_without_a_required_share_is_judged_on_the_average(
    world: World,
) -> None:
    standard = phone_standard(world.a, required_share=None)
    twenty_calls(standard)
    result = q2_of(standard)
    assert not result.headline_is_share
    assert result.headline.value == 25.0
    assert result.verdict == Verdict.MET  # 25 seconds on average is within 30


@pytest.mark.parametrize(("target", "verdict"), [("5", Verdict.MISSED), ("20", Verdict.MET)])
def test_an_abandonment_standard_is_met_at_or_below_its_rate(
    world: World, target: str, verdict: Verdict
) -> None:
    standard = phone_standard(
        world.a,
        measure=Measure.ABANDONMENT_RATE,
        target_value=Decimal(target),
        target_unit=TargetUnit.PERCENT,
        required_share=None,
    )
    twenty_calls(standard)
    result = q2_of(standard)
    assert result.headline.value == 0.2
    assert result.verdict == verdict
    assert result.calls is not None
    assert result.calls.service_level is None


def test_few_calls_are_suppressed(world: World) -> None:
    standard = phone_standard(world.a)
    add_calls(standard, FEBRUARY_CALLS, [5] * 9)
    result = q2_of(standard)
    assert result.calls is not None
    for figure in (
        result.headline,
        result.calls.average_speed_of_answer,
        result.calls.abandonment_rate,
    ):
        assert figure.suppressed
        assert figure.value is None
    assert result.verdict == Verdict.NOT_ENOUGH


# --- backlog --------------------------------------------------------------------------------------


def test_backlog_ages_open_cases_in_business_days(world: World) -> None:
    standard = email_standard(world.a)
    set_minimum_group_size(world.a.organization, 1)
    standard = Standard.objects.get(pk=standard.pk)
    received_days_and_ages = [
        (eastern(2025, 4, 15, 9), "0–1"),  # today: 0
        (eastern(2025, 4, 14, 9), "0–1"),  # Monday: 1
        (eastern(2025, 4, 9, 9), "2–5"),  # last Wednesday: 4
        (eastern(2025, 4, 4, 9), "6–10"),  # the Friday before: 7
        (eastern(2025, 3, 25, 9), "11–30"),  # 15
        (eastern(2025, 1, 2, 9), "more than 30"),
    ]
    for received_at, _band in received_days_and_ages:
        add_case(standard, received_at)
    add_case(standard, eastern(2025, 4, 1, 9), eastern(2025, 4, 1, 10))  # answered: not backlog
    backlog = backlog_of(standard, Target.from_standard(standard), as_of=AS_OF)
    counts = {label: figure.n for label, figure in backlog.bands}
    assert counts == {"0–1": 2, "2–5": 1, "6–10": 1, "11–30": 1, "more than 30": 1}
    assert backlog.total.n == 6
    assert backlog.day_kind == "business days"


def test_small_backlog_bands_are_suppressed(world: World) -> None:
    standard = email_standard(world.a)
    add_cases(standard, 12, eastern(2025, 4, 15, 9), None)
    add_case(standard, eastern(2025, 1, 2, 9))
    standard = Standard.objects.get(pk=standard.pk)
    backlog = backlog_of(standard, Target.from_standard(standard), as_of=AS_OF)
    bands = dict(backlog.bands)
    assert (bands["0–1"].value, bands["0–1"].n) == (12.0, 12)
    assert bands["more than 30"].suppressed
    assert bands["more than 30"].value is None


def test_backlog_without_a_calendar_is_in_calendar_days(world: World) -> None:
    standard = email_standard(
        world.a, target_value=Decimal(30), target_unit=TargetUnit.CALENDAR_DAYS, calendar=None
    )
    set_minimum_group_size(world.a.organization, 1)
    standard = Standard.objects.get(pk=standard.pk)
    add_case(standard, AS_OF - dt.timedelta(days=3, hours=1))
    backlog = backlog_of(standard, Target.from_standard(standard), as_of=AS_OF)
    assert backlog.day_kind == "calendar days"
    assert {label: figure.n for label, figure in backlog.bands}["2–5"] == 1


# --- the detail page's report ---------------------------------------------------------------------


def test_the_report_shows_five_quarters_and_twelve_months(twelve_cases: Standard) -> None:
    report = standard_report(twelve_cases, as_of=AS_OF)
    assert [result.period for result in report.quarters] == [
        FiscalQuarter(2024, 3),
        FiscalQuarter(2024, 4),
        FiscalQuarter(2025, 1),
        FiscalQuarter(2025, 2),
        FiscalQuarter(2025, 3),
    ]
    assert report.months[0].period == Month(2024, 5)
    assert report.months[-1].period == Month(2025, 4)
    assert not report.months[-1].complete
    assert report.quarters[3].headline.n == 12
    assert report.months[-3].headline.n == 12  # February
    assert report.time_zone == "America/New_York"
    assert report.backlog is not None
    assert report.backlog.total.n == 1
