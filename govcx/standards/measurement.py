"""Measuring cases against a standard's target, one case or ten million at a time.

`evaluate_case_arrays` is the vectorised core on UTC epoch seconds; `evaluate_cases` turns
case times (with their pauses) into those arrays and adds whether each case met the target or
is open past its deadline. The business-time rules are in govcx/standards/calendar.py and
docs/decisions/0007-business-time.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from govcx.standards.calendar import BusinessCalendar, BusinessTimeTable, Interval, merge_intervals

if TYPE_CHECKING:
    from govcx.standards.models import Standard

Int64Array = npt.NDArray[np.int64]
Float64Array = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ONE_SECOND = dt.timedelta(seconds=1)
NOT_YET = -1  # in `ended`: the measured event has not happened
CHUNK_SIZE = 1 << 16
SECONDS_PER_HOUR = 3_600
SECONDS_PER_DAY = 86_400

# The values of the models' TargetUnit, Measure and CaseStatus choices, spelled out so that this
# module (and the benchmark) runs without Django; a test keeps them equal to the models'.
BUSINESS_DAYS, BUSINESS_HOURS = "business_days", "business_hours"
CALENDAR_DAYS, SECONDS, PERCENT = "calendar_days", "seconds", "percent"
BUSINESS_UNITS = frozenset({BUSINESS_DAYS, BUSINESS_HOURS})
ELAPSED_UNITS = BUSINESS_UNITS | {CALENDAR_DAYS, SECONDS}
TARGET_UNITS = ELAPSED_UNITS | {PERCENT}
MEASURED_FROM_FIRST_RESPONSE = frozenset({"time_to_first_response"})
MEASURED_FROM_RESOLUTION = frozenset({"time_to_resolution", "processing_time"})
MEASURED_ON_CALLS = frozenset({"speed_of_answer", "abandonment_rate"})
MEASURES = MEASURED_FROM_FIRST_RESPONSE | MEASURED_FROM_RESOLUTION | MEASURED_ON_CALLS
WAITING_ON_CUSTOMER = "waiting_on_customer"


@dataclass(frozen=True)
class Target:
    """What a case is measured against: e.g. first response within 1 business day."""

    measure: str  # a Measure value
    value: float
    unit: str  # a TargetUnit value
    calendar: BusinessCalendar | None  # required for business_days / business_hours

    def __post_init__(self) -> None:
        if self.unit not in TARGET_UNITS:
            raise ValueError(f"“{self.unit}” is not a target unit.")
        if self.measure not in MEASURES:
            raise ValueError(f"“{self.measure}” is not a measure.")
        if self.unit in BUSINESS_UNITS and self.calendar is None:
            raise ValueError(f"A target in {self.unit.replace('_', ' ')} needs a calendar.")
        if self.value < 0:
            raise ValueError("A target cannot be negative.")

    @classmethod
    def from_standard(cls, standard: Standard) -> Target:
        calendar = standard.calendar
        return cls(
            measure=standard.measure,
            value=float(standard.target_value),
            unit=standard.target_unit,
            calendar=None if calendar is None else BusinessCalendar.from_model(calendar),
        )


@dataclass(frozen=True)
class CaseTimes:
    received_at: dt.datetime
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    pauses: tuple[Interval, ...] = ()  # waiting on the customer


@dataclass(frozen=True)
class CaseEvaluation:
    """Per case, in the order given; elapsed and age in the target's unit."""

    elapsed: Float64Array  # NaN where the measured event has not happened by `as_of`
    finished: BoolArray  # the measured event (first response, or resolution) happened
    met: BoolArray  # finished and elapsed <= target value
    overdue_open: BoolArray  # not finished and already past the deadline at `as_of`
    open_age: Float64Array  # time so far for cases not finished by `as_of`; NaN for the rest


def pauses_from_status_changes(
    changes: Sequence[tuple[str, dt.datetime]], until: dt.datetime
) -> tuple[Interval, ...]:
    """The intervals spent waiting on the customer, from status changes in time order.

    A pause begins when the case enters "waiting_on_customer" and ends at the next change to
    any other status; one still open runs to `until`. Changes after `until` are ignored.
    """
    pauses: list[Interval] = []
    paused_since: dt.datetime | None = None
    for status, changed_at in changes:
        if changed_at > until:
            break
        waiting = status == WAITING_ON_CUSTOMER
        if waiting and paused_since is None:
            paused_since = changed_at
        elif not waiting and paused_since is not None:
            pauses.append((paused_since, changed_at))
            paused_since = None
    if paused_since is not None:
        pauses.append((paused_since, until))
    return tuple((start, end) for start, end in pauses if start < end)


def evaluate_case_arrays(
    target: Target,
    received: Int64Array,
    ended: Int64Array,
    paused_seconds: Int64Array | None = None,
) -> Float64Array:
    """Elapsed time from received to ended in the target's unit (NaN where ended is -1).

    Times are UTC epoch seconds. `paused_seconds` is the time paused between the two on the
    target's own clock: business seconds for business units, real seconds otherwise.
    Business days are whole days (see `BusinessCalendar.business_days_taken`).
    """
    _require_elapsed_unit(target)
    received, ended = _as_epoch_seconds(received), _as_epoch_seconds(ended)
    paused = None if paused_seconds is None else _as_epoch_seconds(paused_seconds)
    if received.shape != ended.shape or (paused is not None and paused.shape != ended.shape):
        raise ValueError("received, ended and paused_seconds must have the same length.")
    if len(received) == 0:
        return _no_times()
    table = _table_for(target, received, ended)
    elapsed = np.empty(len(received), dtype=np.float64)
    # Every step below is a pass over the data; slices of 64 Ki values keep those passes in
    # the processor's cache and reuse memory, instead of streaming ten million values from
    # main memory into freshly allocated pages at each step (docs/benchmarks.md).
    for begin in range(0, len(received), CHUNK_SIZE):
        part = slice(begin, begin + CHUNK_SIZE)
        _require_forward(received[part], ended[part], begin)
        elapsed[part] = _elapsed_of_part(
            target, table, received[part], ended[part], None if paused is None else paused[part]
        )
    return elapsed


def _require_forward(received: Int64Array, ended: Int64Array, offset: int) -> None:
    backwards = ended < received
    backwards &= ended != NOT_YET
    if backwards.any():
        first = offset + int(np.flatnonzero(backwards)[0])
        raise ValueError(f"Case {first}: the measured event is before it was received.")


def _elapsed_of_part(
    target: Target,
    table: BusinessTimeTable | None,
    received: Int64Array,
    ended: Int64Array,
    paused: Int64Array | None,
) -> Float64Array:
    # Unfinished cases are measured as if ended on receipt, then blanked: cheaper than
    # picking out the finished ones.
    not_yet = ended == NOT_YET
    ends = np.where(not_yet, received, ended) if not_yet.any() else ended
    elapsed = _elapsed_in_unit(target, table, received, ends, paused)
    elapsed[not_yet] = np.nan
    return elapsed


def _elapsed_in_unit(
    target: Target,
    table: BusinessTimeTable | None,
    received: Int64Array,
    ended: Int64Array,
    paused: Int64Array | None,
) -> Float64Array:
    if target.unit == SECONDS:
        return _less_paused(ended - received, paused).astype(np.float64)
    if target.unit == CALENDAR_DAYS:
        return _less_paused(ended - received, paused) / SECONDS_PER_DAY
    assert table is not None  # business units always have one
    if target.unit == BUSINESS_HOURS:
        return _less_paused(table.business_seconds(received, ended), paused) / SECONDS_PER_HOUR
    return table.business_days_taken(received, ended, paused).astype(np.float64)


def _no_times() -> Float64Array:
    return np.empty(0, dtype=np.float64)


def _less_paused(seconds: Int64Array, paused: Int64Array | None) -> Int64Array:
    return seconds if paused is None else seconds - paused


def _table_for(target: Target, received: Int64Array, ended: Int64Array) -> BusinessTimeTable | None:
    """The calendar's table for the years the times fall in, a year either side to spare
    (a request on 31 December counts on the first business day of January)."""
    if target.unit not in BUSINESS_UNITS:
        return None
    assert target.calendar is not None  # Target checks business units have one
    first = _year_of(int(received.min())) - 1
    last = _year_of(int(max(received.max(), ended.max()))) + 1
    return target.calendar.time_table(first, last)


def _year_of(epoch_seconds: int) -> int:
    return dt.datetime.fromtimestamp(epoch_seconds, dt.UTC).year


def _as_epoch_seconds(values: npt.ArrayLike) -> Int64Array:
    return np.asarray(values, dtype=np.int64)


def _require_elapsed_unit(target: Target) -> None:
    if target.unit not in ELAPSED_UNITS:
        raise ValueError(f"A target in {target.unit} is a rate, not a time per case.")


def evaluate_cases(
    target: Target, cases: Sequence[CaseTimes], *, as_of: dt.datetime
) -> CaseEvaluation:
    """Whether each case met the target, as things stood at `as_of`.

    Time to first response runs from receipt to the first response; time to resolution and
    processing time from receipt to resolution. An event later than `as_of` has not happened
    yet, so the evaluation of a past period does not change as later records arrive. Pauses
    (waiting on the customer) count for nothing, on whichever clock the target uses.
    """
    _require_elapsed_unit(target)
    if as_of.tzinfo is None:
        raise ValueError("as_of needs a time zone.")
    received = _epoch_array(case.received_at for case in cases)
    ends = [_measured_end(target, case, as_of) for case in cases]
    ended = np.array([NOT_YET if end is None else _epoch(end) for end in ends], dtype=np.int64)
    finished = ended != NOT_YET
    paused = _paused_on_target_clock(target, cases, ends, as_of)
    elapsed = evaluate_case_arrays(target, received, ended, paused)
    age = _open_age(target, cases, received, finished, as_of)
    return CaseEvaluation(
        elapsed=elapsed,
        finished=finished,
        met=finished & (np.nan_to_num(elapsed, nan=np.inf) <= target.value),
        overdue_open=np.nan_to_num(age, nan=-np.inf) > target.value,
        open_age=age,
    )


def _measured_end(target: Target, case: CaseTimes, as_of: dt.datetime) -> dt.datetime | None:
    if target.measure in MEASURED_FROM_FIRST_RESPONSE:
        end = case.first_response_at
    elif target.measure in MEASURED_FROM_RESOLUTION:
        end = case.resolved_at
    else:
        raise ValueError(f"{target.measure} is measured on calls, not cases.")
    return None if end is None or end > as_of else end


def _open_age(
    target: Target,
    cases: Sequence[CaseTimes],
    received: Int64Array,
    finished: BoolArray,
    as_of: dt.datetime,
) -> Float64Array:
    """How long each unfinished case has waited by `as_of`, on the target's clock.

    The age is measured exactly like a response arriving at `as_of`, so "age > target" is the
    same as "the deadline has passed". Cases received after `as_of` have no age.
    """
    waiting = ~finished & (received <= _epoch(as_of))
    ended = np.where(waiting, _epoch(as_of), NOT_YET).astype(np.int64)
    ends = [as_of if is_waiting else None for is_waiting in waiting]
    paused = _paused_on_target_clock(target, cases, ends, as_of)
    return evaluate_case_arrays(target, received, ended, paused)


def _paused_on_target_clock(
    target: Target,
    cases: Sequence[CaseTimes],
    ends: Sequence[dt.datetime | None],
    as_of: dt.datetime,
) -> Int64Array | None:
    """Per case, the time paused between receipt and its end, on the target's clock.

    Cases without pauses (most of them) cost nothing; the rest are few enough to count one
    by one with the calendar.
    """
    if not any(case.pauses for case in cases):
        return None
    paused = np.zeros(len(cases), dtype=np.int64)
    for index, (case, end) in enumerate(zip(cases, ends, strict=True)):
        if case.pauses and end is not None:
            paused[index] = _paused_seconds(target, case, min(end, as_of))
    return paused


def _paused_seconds(target: Target, case: CaseTimes, end: dt.datetime) -> int:
    # Whole seconds, like the epoch seconds the rest of the measurement works on, so the
    # pause taken off never exceeds the time measured.
    window = (_whole_second(case.received_at), _whole_second(end))
    pauses = merge_intervals(
        [(_whole_second(start), _whole_second(stop)) for start, stop in case.pauses],
        within=window,
    )
    if target.calendar is not None and target.unit in BUSINESS_UNITS:
        calendar = target.calendar
        return sum(calendar.business_seconds_between(start, stop) for start, stop in pauses)
    return sum(_epoch(stop) - _epoch(start) for start, stop in pauses)


def _epoch(moment: dt.datetime) -> int:
    """Whole UTC epoch seconds, rounded down, computed exactly (no float)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone.")
    return (moment - EPOCH) // ONE_SECOND


def _whole_second(moment: dt.datetime) -> dt.datetime:
    return EPOCH + dt.timedelta(seconds=_epoch(moment))


def _epoch_array(moments: Iterable[dt.datetime]) -> Int64Array:
    return np.fromiter((_epoch(moment) for moment in moments), dtype=np.int64)
