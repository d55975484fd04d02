"""How a standard did in each period, from its records, with n, intervals and suppression.

The rules, which the pages state in the same words:

- Periods are fiscal quarters and calendar months, counted in the time zone of the standard's
  calendar (UTC for a standard without one).
- Cases belong to the period they were received in. A case counts once its measured event
  (first response, or resolution) has happened, or once it is still open past its deadline,
  which counts as missed. Cases still open within their deadline are not counted yet. The
  share meeting the target is met ÷ counted, with a Wilson 95% interval. Median and 90th
  percentile are over finished cases, in the target's unit.
- Calls belong to the period they were offered in. Average speed of answer = total wait of
  answered calls ÷ answered calls; abandonment rate = abandoned ÷ offered; service level =
  calls answered within the target's seconds ÷ calls offered (abandoned calls count against
  it).
- A period meets a standard when: for cases, the share meeting the target is at least the
  required share; for speed of answer, the service level is at least the required share (or,
  without a required share, the average speed of answer is at most the target); for
  abandonment, the rate is at most the target. Periods with fewer records than the
  organization's minimum group size are not judged, and their figures are suppressed.
- Backlog: cases received by now whose measured event has not happened, by business days
  since receipt (calendar days for a standard without a calendar), paused time included.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

import numpy as np
import numpy.typing as npt

from govcx.lib.fiscal import FiscalQuarter, Month, Period, months_ending_with, quarters_ending_with
from govcx.lib.stats import (
    Figure,
    ProportionComparison,
    compare_proportions,
    mean,
    percentile_figure,
    proportion,
)
from govcx.standards import selectors
from govcx.standards.measurement import (
    CaseEvaluation,
    CaseTimes,
    Target,
    evaluate_case_arrays,
    evaluate_cases,
)
from govcx.standards.models import Measure, Standard, TargetUnit
from govcx.standards.selectors import CallColumns, CustomerAnswer
from govcx.standards.standard_services import CALL_MEASURES

BoolArray = npt.NDArray[np.bool_]
DayArray = npt.NDArray[np.datetime64]
UTC_ZONE = zoneinfo.ZoneInfo("UTC")
PERCENT = Decimal(100)
SECONDS_PER_DAY = 86_400
QUARTERS_SHOWN = 5  # this quarter and the four before it: a year of complete quarters
MONTHS_SHOWN = 12
MEDIAN = 50
NINETIETH = 90


class Verdict(StrEnum):
    MET = "met"
    MISSED = "missed"
    NOT_ENOUGH = "not_enough"  # fewer records than the minimum group size: not judged
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Promise:
    """What a standard promises, with its numbers kept exact for judging."""

    measure: str
    target_value: Decimal
    target_unit: str
    required_share: Decimal | None  # percent

    @classmethod
    def from_standard(cls, standard: Standard) -> Promise:
        return cls(
            measure=standard.measure,
            target_value=Decimal(standard.target_value),
            target_unit=standard.target_unit,
            required_share=(
                None if standard.required_share is None else Decimal(standard.required_share)
            ),
        )

    @property
    def is_about_calls(self) -> bool:
        return self.measure in CALL_MEASURES

    @property
    def share_required_of_cases(self) -> Decimal:
        """A case standard without a stated share promises every case."""
        return PERCENT if self.required_share is None else self.required_share


@dataclass(frozen=True)
class CaseFigures:
    share_met: Figure  # n: cases counted (finished, or open past their deadline)
    median: Figure  # n: finished cases; in the target's unit
    ninetieth_percentile: Figure
    open_past_deadline: Figure  # a count, suppressed when small
    open_within_deadline: Figure


@dataclass(frozen=True)
class CallFigures:
    offered: Figure
    average_speed_of_answer: Figure  # seconds; n: answered calls
    abandonment_rate: Figure  # n: offered calls
    service_level: Figure | None  # speed-of-answer standards only; n: offered calls


@dataclass(frozen=True)
class PeriodCompliance:
    period: Period
    complete: bool
    headline: Figure  # the figure the standard is judged on
    headline_is_share: bool  # a share (shown as percent) rather than seconds
    verdict: Verdict
    cases: CaseFigures | None = None
    calls: CallFigures | None = None


def count_figure(count: int, *, minimum_size: int) -> Figure:
    return Figure.of(float(count), count, minimum_size=minimum_size)


def _verdict(n: int, *, minimum_size: int, meets: bool) -> Verdict:
    if n == 0:
        return Verdict.NO_DATA
    if n < minimum_size:
        return Verdict.NOT_ENOUGH
    return Verdict.MET if meets else Verdict.MISSED


# --- periods in a time zone -----------------------------------------------------------------------


def standard_zone(standard: Standard) -> zoneinfo.ZoneInfo:
    if standard.calendar is None:
        return UTC_ZONE
    return zoneinfo.ZoneInfo(standard.calendar.time_zone)


def local_midnight(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def is_complete(period: Period, zone: zoneinfo.ZoneInfo, as_of: dt.datetime) -> bool:
    return local_midnight(period.end_exclusive, zone) <= as_of


def local_days(moments: Sequence[dt.datetime], zone: zoneinfo.ZoneInfo) -> DayArray:
    return np.array([moment.astimezone(zone).date() for moment in moments], dtype="datetime64[D]")


def within(days: DayArray, period: Period) -> BoolArray:
    start = np.datetime64(period.start, "D")
    end = np.datetime64(period.end_exclusive, "D")
    return (days >= start) & (days < end)


# --- cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseMeasurement:
    """A standard's cases over a range, each evaluated once; periods are slices of it."""

    promise: Promise
    evaluation: CaseEvaluation
    days: DayArray  # local day received
    transaction_ids: Sequence[str]
    minimum_size: int

    def compliance(self, period: Period, *, complete: bool) -> PeriodCompliance:
        evaluation, size = self.evaluation, self.minimum_size
        in_period = within(self.days, period)
        counted = in_period & (evaluation.finished | evaluation.overdue_open)
        n = int(counted.sum())
        met = int((counted & evaluation.met).sum())
        share = proportion(met, n, minimum_size=size)
        elapsed = evaluation.elapsed[in_period & evaluation.finished]
        waiting = in_period & ~evaluation.finished
        figures = CaseFigures(
            share_met=share,
            median=percentile_figure(elapsed, MEDIAN, minimum_size=size),
            ninetieth_percentile=percentile_figure(elapsed, NINETIETH, minimum_size=size),
            open_past_deadline=count_figure(
                int((waiting & evaluation.overdue_open).sum()), minimum_size=size
            ),
            open_within_deadline=count_figure(
                int((waiting & ~evaluation.overdue_open).sum()), minimum_size=size
            ),
        )
        meets = met * PERCENT >= self.promise.share_required_of_cases * n
        verdict = _verdict(n, minimum_size=size, meets=meets)
        return PeriodCompliance(period, complete, share, True, verdict, cases=figures)

    def customer_outcomes(self) -> dict[str, bool]:
        """Per transaction ID, whether the customer's standard was met (counted cases only)."""
        counted = self.evaluation.finished | self.evaluation.overdue_open
        return _outcomes_by_transaction(self.transaction_ids, counted, self.evaluation.met)


def measure_cases(
    standard: Standard,
    target: Target,
    *,
    start_at: dt.datetime,
    end_at: dt.datetime,
    as_of: dt.datetime,
) -> CaseMeasurement:
    columns = selectors.case_columns(standard, start_at=start_at, end_at=end_at, as_of=as_of)
    return CaseMeasurement(
        promise=Promise.from_standard(standard),
        evaluation=evaluate_cases(target, columns.times, as_of=as_of),
        days=local_days([case.received_at for case in columns.times], standard_zone(standard)),
        transaction_ids=columns.transaction_ids,
        minimum_size=standard.organization.minimum_group_size,
    )


def _outcomes_by_transaction(
    transaction_ids: Sequence[str], counted: BoolArray, met: BoolArray
) -> dict[str, bool]:
    """A customer with several records under one transaction ID was let down if any missed."""
    outcomes: dict[str, bool] = {}
    for index in np.flatnonzero(counted):
        transaction_id = transaction_ids[int(index)]
        if transaction_id:
            outcomes[transaction_id] = outcomes.get(transaction_id, True) and bool(met[index])
    return outcomes


# --- calls ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallMeasurement:
    promise: Promise
    columns: CallColumns
    days: DayArray  # local day offered
    minimum_size: int

    def compliance(self, period: Period, *, complete: bool) -> PeriodCompliance:
        calls, size, promise = self.columns, self.minimum_size, self.promise
        in_period = within(self.days, period)
        answered = in_period & calls.answered
        offered_count, answered_count = int(in_period.sum()), int(answered.sum())
        waits = calls.wait_seconds[answered]
        abandonment = proportion(offered_count - answered_count, offered_count, minimum_size=size)
        figures = CallFigures(
            offered=count_figure(offered_count, minimum_size=size),
            average_speed_of_answer=mean(waits, minimum_size=size),
            abandonment_rate=abandonment,
            service_level=None,
        )
        if promise.measure == Measure.ABANDONMENT_RATE:
            meets = (
                offered_count - answered_count
            ) * PERCENT <= promise.target_value * offered_count
            verdict = _verdict(offered_count, minimum_size=size, meets=meets)
            return PeriodCompliance(period, complete, abandonment, True, verdict, calls=figures)
        return self._speed_of_answer(period, complete, in_period, answered, figures)

    def _speed_of_answer(
        self,
        period: Period,
        complete: bool,
        in_period: BoolArray,
        answered: BoolArray,
        figures: CallFigures,
    ) -> PeriodCompliance:
        calls, size, promise = self.columns, self.minimum_size, self.promise
        offered_count, answered_count = int(in_period.sum()), int(answered.sum())
        in_time = int((answered & (calls.wait_seconds <= float(promise.target_value))).sum())
        service_level = proportion(in_time, offered_count, minimum_size=size)
        figures = CallFigures(
            offered=figures.offered,
            average_speed_of_answer=figures.average_speed_of_answer,
            abandonment_rate=figures.abandonment_rate,
            service_level=service_level,
        )
        if promise.required_share is not None:
            meets = in_time * PERCENT >= promise.required_share * offered_count
            verdict = _verdict(offered_count, minimum_size=size, meets=meets)
            return PeriodCompliance(period, complete, service_level, True, verdict, calls=figures)
        total_wait = Decimal(int(calls.wait_seconds[answered].sum()))
        meets = total_wait <= promise.target_value * answered_count
        verdict = _verdict(answered_count, minimum_size=size, meets=meets)
        asa = figures.average_speed_of_answer
        return PeriodCompliance(period, complete, asa, False, verdict, calls=figures)

    def customer_outcomes(self) -> dict[str, bool]:
        """A caller's standard was met when answered (within the target, for speed of answer)."""
        met = self.columns.answered
        if self.promise.measure == Measure.SPEED_OF_ANSWER:
            met = met & (self.columns.wait_seconds <= float(self.promise.target_value))
        everyone = np.ones(len(self.columns.transaction_ids), dtype=np.bool_)
        return _outcomes_by_transaction(self.columns.transaction_ids, everyone, met)


def measure_calls(
    standard: Standard, *, start_at: dt.datetime, end_at: dt.datetime
) -> CallMeasurement:
    columns = selectors.call_columns(standard, start_at=start_at, end_at=end_at)
    return CallMeasurement(
        promise=Promise.from_standard(standard),
        columns=columns,
        days=local_days(columns.offered_at, standard_zone(standard)),
        minimum_size=standard.organization.minimum_group_size,
    )


# --- a standard over several periods --------------------------------------------------------------


class Measurement(Protocol):
    def compliance(self, period: Period, *, complete: bool) -> PeriodCompliance: ...

    def customer_outcomes(self) -> dict[str, bool]: ...


def measure_standard(
    standard: Standard, periods: Sequence[Period], *, as_of: dt.datetime, target: Target | None
) -> Measurement:
    """The standard's records over the span of `periods` (up to `as_of`), read in one pass."""
    zone = standard_zone(standard)
    start_at = local_midnight(min(period.start for period in periods), zone)
    end_at = min(local_midnight(max(period.end_exclusive for period in periods), zone), as_of)
    if Promise.from_standard(standard).is_about_calls:
        return measure_calls(standard, start_at=start_at, end_at=end_at)
    assert target is not None  # case standards are measured against a target
    return measure_cases(standard, target, start_at=start_at, end_at=end_at, as_of=as_of)


def case_target(standard: Standard) -> Target | None:
    """The per-case target of a case standard (reads its calendar's closures); None for calls."""
    if Promise.from_standard(standard).is_about_calls:
        return None
    return Target.from_standard(standard)


def compliance_by_period(
    standard: Standard, periods: Sequence[Period], *, as_of: dt.datetime
) -> list[PeriodCompliance]:
    measurement = measure_standard(standard, periods, as_of=as_of, target=case_target(standard))
    zone = standard_zone(standard)
    return [
        measurement.compliance(period, complete=is_complete(period, zone, as_of))
        for period in periods
    ]


def current_quarter(standard: Standard, as_of: dt.datetime) -> FiscalQuarter:
    return FiscalQuarter.of(as_of.astimezone(standard_zone(standard)).date())


def latest_complete_quarter(standard: Standard, as_of: dt.datetime) -> FiscalQuarter:
    return current_quarter(standard, as_of).previous()


def latest_complete_months(standard: Standard, as_of: dt.datetime, count: int) -> list[Month]:
    this_month = Month.of(as_of.astimezone(standard_zone(standard)).date())
    return months_ending_with(this_month.previous(), count)


# --- backlog --------------------------------------------------------------------------------------

BACKLOG_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0–1", 0, 1),
    ("2–5", 2, 5),
    ("6–10", 6, 10),
    ("11–30", 11, 30),
    ("more than 30", 31, None),
)


@dataclass(frozen=True)
class Backlog:
    as_of: dt.datetime
    day_kind: str  # "business days" or "calendar days"
    total: Figure
    bands: list[tuple[str, Figure]]


def backlog_of(standard: Standard, target: Target, *, as_of: dt.datetime) -> Backlog:
    open_cases = selectors.open_case_times(standard, as_of=as_of)
    days_open, day_kind = days_open_at(target, open_cases, as_of)
    size = standard.organization.minimum_group_size
    bands = [
        (label, count_figure(_count_between(days_open, low, high), minimum_size=size))
        for label, low, high in BACKLOG_BANDS
    ]
    return Backlog(as_of, day_kind, count_figure(len(open_cases), minimum_size=size), bands)


def days_open_at(
    target: Target, cases: Sequence[CaseTimes], as_of: dt.datetime
) -> tuple[npt.NDArray[np.int64], str]:
    """Whole days each case has been open at `as_of`: business days on the target's calendar
    (as "within N business days" counts them), calendar days without one."""
    received = np.array([_epoch(case.received_at) for case in cases], dtype=np.int64)
    now = np.full(received.shape, _epoch(as_of), dtype=np.int64)
    if target.calendar is None:
        return (now - received) // SECONDS_PER_DAY, "calendar days"
    in_business_days = Target(
        measure=target.measure, value=0, unit=TargetUnit.BUSINESS_DAYS, calendar=target.calendar
    )
    taken = evaluate_case_arrays(in_business_days, received, now)
    return taken.astype(np.int64), "business days"


def _count_between(days: npt.NDArray[np.int64], low: int, high: int | None) -> int:
    selected = days >= low if high is None else (days >= low) & (days <= high)
    return int(selected.sum())


def _epoch(moment: dt.datetime) -> int:
    return int(moment.timestamp())


# --- joined with what customers said --------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackGroup:
    customers: Figure  # customers in the group who answered a survey
    trust: Figure  # share positive: thumbs up, or 4–5 of 5
    satisfaction: Figure  # share 4–5 of 5, where the survey asked


@dataclass(frozen=True)
class FeedbackComparison:
    customers_with_transaction_id: int
    met: FeedbackGroup
    missed: FeedbackGroup
    trust_test: ProportionComparison | None  # None unless both groups are shown
    satisfaction_test: ProportionComparison | None


def _feedback_group(
    answers: Sequence[CustomerAnswer], *, minimum_size: int
) -> tuple[FeedbackGroup, tuple[int, int], tuple[int, int]]:
    trusts = [answer.trusts for answer in answers if answer.trusts is not None]
    satisfied = [answer.satisfied for answer in answers if answer.satisfied is not None]
    trust_counts = (sum(trusts), len(trusts))
    satisfaction_counts = (sum(satisfied), len(satisfied))
    group = FeedbackGroup(
        customers=count_figure(len(answers), minimum_size=minimum_size),
        trust=proportion(*trust_counts, minimum_size=minimum_size),
        satisfaction=proportion(*satisfaction_counts, minimum_size=minimum_size),
    )
    return group, trust_counts, satisfaction_counts


def _test_if_shown(
    first: Figure, second: Figure, counts: tuple[tuple[int, int], tuple[int, int]]
) -> ProportionComparison | None:
    """Fisher's exact test, only where both shares are published (a test on a suppressed group
    would let its share be worked out)."""
    if not (first.has_value and second.has_value):
        return None
    (successes_a, n_a), (successes_b, n_b) = counts
    return compare_proportions(successes_a, n_a, successes_b, n_b)


def compare_feedback(
    outcomes: dict[str, bool], answers: dict[str, CustomerAnswer], *, minimum_size: int
) -> FeedbackComparison:
    """Trust and satisfaction of customers whose standard was met against those it missed."""
    met_answers = [answers[tid] for tid, met in outcomes.items() if met and tid in answers]
    missed_answers = [answers[tid] for tid, met in outcomes.items() if not met and tid in answers]
    met, met_trust, met_satisfaction = _feedback_group(met_answers, minimum_size=minimum_size)
    missed, missed_trust, missed_satisfaction = _feedback_group(
        missed_answers, minimum_size=minimum_size
    )
    return FeedbackComparison(
        customers_with_transaction_id=len(outcomes),
        met=met,
        missed=missed,
        trust_test=_test_if_shown(met.trust, missed.trust, (met_trust, missed_trust)),
        satisfaction_test=_test_if_shown(
            met.satisfaction, missed.satisfaction, (met_satisfaction, missed_satisfaction)
        ),
    )


def feedback_for(standard: Standard, measurement: Measurement) -> FeedbackComparison:
    outcomes = measurement.customer_outcomes()
    answers = selectors.customer_answers(standard.organization_id, outcomes.keys())
    size = standard.organization.minimum_group_size
    return compare_feedback(outcomes, answers, minimum_size=size)


# --- the detail page in one read ------------------------------------------------------------------


@dataclass(frozen=True)
class StandardReport:
    standard: Standard
    as_of: dt.datetime
    time_zone: str
    quarters: list[PeriodCompliance]
    months: list[PeriodCompliance]
    backlog: Backlog | None  # case standards only
    feedback: FeedbackComparison


def standard_report(standard: Standard, *, as_of: dt.datetime) -> StandardReport:
    """Quarters and months from one read of the records, the backlog, and the feedback join
    over the quarters shown."""
    zone = standard_zone(standard)
    today = as_of.astimezone(zone).date()
    quarters = quarters_ending_with(FiscalQuarter.of(today), QUARTERS_SHOWN)
    months = months_ending_with(Month.of(today), MONTHS_SHOWN)
    target = case_target(standard)
    measurement = measure_standard(standard, [*quarters, *months], as_of=as_of, target=target)
    return StandardReport(
        standard=standard,
        as_of=as_of,
        time_zone=str(zone),
        quarters=[
            measurement.compliance(q, complete=is_complete(q, zone, as_of)) for q in quarters
        ],
        months=[measurement.compliance(m, complete=is_complete(m, zone, as_of)) for m in months],
        backlog=None if target is None else backlog_of(standard, target, as_of=as_of),
        feedback=feedback_for(standard, measurement),
    )
