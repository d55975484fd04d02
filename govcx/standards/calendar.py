"""Business time on an agency calendar: weekly hours in a time zone, federal holidays, closures.

The rules (docs/decisions/0007-business-time.md):

- Business hours are read in the calendar's own time zone, one opening per day. A day's
  opening and closing are turned into UTC instants, so 9:00-17:00 is eight business hours on
  both sides of a daylight-saving change and a weekend change adds or removes nothing.
- A closing time of 00:00 means midnight at the end of the day (the model's "24:00").
- A moment outside business hours counts from the next opening.
- "Within N business days": the deadline is the close of business N business days after the
  day of receipt. A request received after closing, or on a day the office is closed, counts
  as received on the next business day. N = 0 means "by the close of the day of receipt".
- Time paused (waiting on the customer) moves the deadline later by the business time paused.

`BusinessCalendar` answers questions one at a time by walking days; `BusinessTimeTable` answers
them for millions of instants at once from per-day arrays. Tests hold the two to each other.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import holidays
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from govcx.standards.models import Calendar

Int64Array = npt.NDArray[np.int64]
Interval = tuple[dt.datetime, dt.datetime]
OpeningHours = tuple[dt.time, dt.time] | None

UTC = dt.UTC
ONE_DAY = dt.timedelta(days=1)
ONE_SECOND = dt.timedelta(seconds=1)
MIDNIGHT = dt.time(0, 0)
WEEKDAY_COUNT = 7
# Long enough for any closure list an agency could enter, short enough to stop a bad calendar.
SEARCH_HORIZON_DAYS = 3_660


@functools.cache
def _federal_holidays_of(year: int) -> dict[dt.date, str]:
    """The US federal government's days off in `year`, observed dates included.

    The `holidays` package's government category holds the federal holidays, their observed
    Fridays and Mondays (a New Year's Day on a Saturday is observed on 31 December of the year
    before, and is listed in that year) and one-off executive-order closures such as
    24 December 2024. It is cached: computing a year takes milliseconds, a page asks thousands
    of times.
    """
    calendar = holidays.country_holidays("US", categories=(holidays.GOVERNMENT,), years=year)
    return {day: name for day, name in sorted(calendar.items()) if day.year == year}


def _parse_clock_time(value: str) -> dt.time:
    return MIDNIGHT if value == "24:00" else dt.time.fromisoformat(value)


def _utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC.

    Every datetime is moved to UTC on the way in: Python compares and subtracts two datetimes
    that share a tzinfo by their wall clocks, which is an hour off across a DST change.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; business time needs aware datetimes.")
    return moment.astimezone(UTC)


def _require_ordered(start: dt.datetime, end: dt.datetime) -> None:
    # A reply before its request is a data error; counting it as zero would call it on time.
    if end < start:
        raise ValueError(f"The end {end.isoformat()} is before the start {start.isoformat()}.")


def merge_intervals(
    intervals: Sequence[Interval], *, within: Interval | None = None
) -> list[Interval]:
    """Sorted, non-overlapping intervals covering the same time, optionally clipped to `within`.

    Overlapping pauses (two systems both marking a case as waiting) must not count twice.
    """
    clipped = []
    for start, end in ((_utc(start), _utc(end)) for start, end in intervals):
        if within is not None:
            start, end = max(start, _utc(within[0])), min(end, _utc(within[1]))
        if start < end:
            clipped.append((start, end))
    merged: list[Interval] = []
    for start, end in sorted(clipped):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True)
class BusinessCalendar:
    """When an office is open, and the arithmetic of business time on it."""

    time_zone: zoneinfo.ZoneInfo
    weekly_hours: tuple[OpeningHours, ...]  # 7 entries, Monday first; closing 00:00 = 24:00
    closures: frozenset[dt.date] = frozenset()
    observes_federal_holidays: bool = True

    def __post_init__(self) -> None:
        if len(self.weekly_hours) != WEEKDAY_COUNT:
            raise ValueError("Weekly hours need seven entries, Monday to Sunday.")
        for hours in self.weekly_hours:
            if hours is not None and hours[1] != MIDNIGHT and hours[0] >= hours[1]:
                raise ValueError(f"Opening {hours[0]} is not before closing {hours[1]}.")
        if all(hours is None for hours in self.weekly_hours):
            raise ValueError("A calendar needs at least one weekday with business hours.")

    @classmethod
    def from_model(cls, calendar: Calendar) -> BusinessCalendar:
        """The calendar a `Calendar` row describes, with its closures (one query)."""
        weekly_hours = tuple(
            None if hours is None else (_parse_clock_time(hours[0]), _parse_clock_time(hours[1]))
            for hours in calendar.business_hours
        )
        return cls(
            time_zone=zoneinfo.ZoneInfo(calendar.time_zone),
            weekly_hours=weekly_hours,
            closures=frozenset(calendar.closures.values_list("date", flat=True)),
            observes_federal_holidays=calendar.observes_federal_holidays,
        )

    # Days

    def federal_holidays(self, year: int) -> dict[dt.date, str]:
        """The federal holidays this calendar closes for in `year` (none if it ignores them)."""
        if not self.observes_federal_holidays:
            return {}
        return dict(_federal_holidays_of(year))

    def is_business_day(self, day: dt.date) -> bool:
        """Open that weekday, not a federal holiday (if observed) and not one of the closures."""
        if self.weekly_hours[day.weekday()] is None or day in self.closures:
            return False
        return not (self.observes_federal_holidays and day in _federal_holidays_of(day.year))

    def opening_hours(self, day: dt.date) -> Interval | None:
        """The UTC instants the office opens and closes on the local date `day`, None if closed.

        A local time that a daylight-saving change skips is read with the offset before the
        change (02:30 on a spring-forward night is 03:30 daylight time); a repeated one is its
        first occurrence.
        """
        return _opening_hours(self, day)

    def local_date(self, moment: dt.datetime) -> dt.date:
        return _utc(moment).astimezone(self.time_zone).date()

    def next_business_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a business day, otherwise the first business day after it."""
        for offset in range(SEARCH_HORIZON_DAYS):
            candidate = day + dt.timedelta(days=offset)
            if self.is_business_day(candidate):
                return candidate
        raise ValueError(f"No business day within {SEARCH_HORIZON_DAYS} days of {day}.")

    def _business_days_from(self, day: dt.date) -> Iterator[tuple[dt.date, Interval]]:
        while True:
            day = self.next_business_day(day)
            hours = self.opening_hours(day)
            assert hours is not None  # next_business_day returned a business day
            yield day, hours
            day += ONE_DAY

    # Business seconds

    def business_seconds_between(
        self, start: dt.datetime, end: dt.datetime, pauses: Sequence[Interval] = ()
    ) -> int:
        """Seconds inside business hours from `start` to `end`, less those inside `pauses`.

        Pauses are clipped to the interval and may overlap each other; each paused business
        second is taken off once. An `end` before `start` is an error.
        """
        start, end = _utc(start), _utc(end)
        _require_ordered(start, end)
        paused = sum(
            self._open_seconds_within(pause_start, pause_end)
            for pause_start, pause_end in merge_intervals(pauses, within=(start, end))
        )
        return self._open_seconds_within(start, end) - paused

    def _open_seconds_within(self, start: dt.datetime, end: dt.datetime) -> int:
        open_time = dt.timedelta(0)
        day = self.local_date(start)
        last_day = self.local_date(end)
        while day <= last_day:
            hours = self.opening_hours(day)
            if hours is not None:
                overlap = min(end, hours[1]) - max(start, hours[0])
                open_time += max(overlap, dt.timedelta(0))
            day += ONE_DAY
        return open_time // ONE_SECOND

    def add_business_seconds(self, start: dt.datetime, seconds: int) -> dt.datetime:
        """The earliest instant (UTC) at which `seconds` business seconds have passed since `start`.

        Exactly a day's worth lands on that day's closing, not the next opening.
        """
        start = _utc(start)
        if seconds < 0:
            raise ValueError("Business seconds to add cannot be negative.")
        if seconds == 0:
            return start
        remaining = dt.timedelta(seconds=seconds)
        for _day, (opening, closing) in self._business_days_from(self.local_date(start)):
            begins = max(start, opening)
            if begins < closing and remaining <= closing - begins:
                return begins + remaining
            remaining -= max(closing - begins, dt.timedelta(0))
        raise AssertionError("unreachable: _business_days_from never ends")

    # Business days

    def receipt_day(self, received: dt.datetime) -> dt.date:
        """The business day a request counts as received on.

        The day itself if it is a business day and the office has not yet closed; otherwise the
        next business day (received after closing, on a weekend, holiday or closure).
        """
        day = self.next_business_day(self.local_date(received))
        if _utc(received) >= self._closing(day):
            day = self.next_business_day(day + ONE_DAY)
        return day

    def add_business_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The deadline (UTC) for "within `days` business days" of a request made at `start`:
        the close of business `days` business days after the day it counts as received on."""
        if days < 0:
            raise ValueError("Business days to add cannot be negative.")
        day = self.receipt_day(start)
        for _ in range(days):
            day = self.next_business_day(day + ONE_DAY)
        return self._closing(day)

    def business_days_taken(
        self, start: dt.datetime, end: dt.datetime, pauses: Sequence[Interval] = ()
    ) -> int:
        """The fewest business days N for which `end` meets "within N business days".

        That is the smallest N with end <= the deadline of `add_business_days(start, N)`, the
        deadline moved later by the business seconds paused between `start` and `end`.
        """
        start, end = _utc(start), _utc(end)
        _require_ordered(start, end)
        paused = self.business_seconds_between(start, end) - self.business_seconds_between(
            start, end, pauses
        )
        day = self.receipt_day(start)
        deadline = self.add_business_seconds(self._closing(day), paused)
        taken = 0
        while end > deadline:
            # The next day's deadline is that day's business time later: walking from one moved
            # deadline to the next keeps the loop linear in the days taken.
            day = self.next_business_day(day + ONE_DAY)
            deadline = self.add_business_seconds(deadline, self._business_seconds_of(day))
            taken += 1
        return taken

    def _closing(self, business_day: dt.date) -> dt.datetime:
        hours = self.opening_hours(business_day)
        assert hours is not None, f"{business_day} is not a business day"
        return hours[1]

    def _business_seconds_of(self, business_day: dt.date) -> int:
        hours = self.opening_hours(business_day)
        assert hours is not None, f"{business_day} is not a business day"
        return (hours[1] - hours[0]) // ONE_SECOND

    # Many instants at once

    def time_table(self, first_year: int, last_year: int) -> BusinessTimeTable:
        """Per-day arrays covering 1 January `first_year` to 31 December `last_year` (local)."""
        return _time_table(self, first_year, last_year)


class BucketedSearch:
    """`np.searchsorted` on a short sorted table for many values, in a few array passes.

    Values are placed in buckets of 2**`width_bits` by a shift; each bucket knows the first
    table entry at or after its start and holds at most `steps` entries, so `steps` comparisons
    finish the search. For ten million values this is a handful of numpy passes instead of a
    binary search each. Values must lie in [lowest, highest]; the caller checks, once.
    """

    def __init__(self, table: Int64Array, lowest: int, highest: int, width_bits: int) -> None:
        self.lowest, self.highest, self.width_bits = lowest, highest, width_bits
        count = ((highest - lowest) >> width_bits) + 1
        bucket_starts = lowest + (np.arange(count + 1, dtype=np.int64) << width_bits)
        self.first_at_or_after: Int64Array = np.searchsorted(table, bucket_starts, side="left")
        self.steps = int(np.diff(self.first_at_or_after).max(initial=0))
        sentinel = np.full(self.steps + 1, np.iinfo(np.int64).max, dtype=np.int64)
        self.padded = np.concatenate([table, sentinel])

    def left(self, values: Int64Array) -> Int64Array:
        """Index of the first entry >= each value, as np.searchsorted(side="left")."""
        index = self._bucket_first(values)
        for _ in range(self.steps):
            index += self.padded[index] < values
        return index

    def right(self, values: Int64Array) -> Int64Array:
        """Index of the first entry > each value, as np.searchsorted(side="right")."""
        index = self._bucket_first(values)
        for _ in range(self.steps):
            index += self.padded[index] <= values
        return index

    def _bucket_first(self, values: Int64Array) -> Int64Array:
        buckets = values - self.lowest
        buckets >>= self.width_bits
        first: Int64Array = self.first_at_or_after[buckets]
        return first


# 2**16 seconds is about 18 hours: shorter than a day, so a bucket rarely holds two openings.
BUCKET_BITS = 16


class BusinessTimeTable:
    """A calendar's business days over a span of years, as arrays for vectorised arithmetic.

    Business time is a single axis: `position(t)` is the business seconds from the table's
    first opening to the instant t (UTC epoch seconds). Differences of positions are business
    seconds between instants; business days are counted against the closing instants.
    Every method takes int64 epoch seconds within the table's years and refuses others.
    """

    def __init__(self, calendar: BusinessCalendar, first_day: dt.date, last_day: dt.date) -> None:
        days = [first_day + dt.timedelta(days=n) for n in range((last_day - first_day).days + 1)]
        hours = [h for h in (calendar.opening_hours(day) for day in days) if h is not None]
        self.first_day, self.last_day = first_day, last_day
        self.opens: Int64Array = np.array([int(o.timestamp()) for o, _ in hours], dtype=np.int64)
        self.closes: Int64Array = np.array([int(c.timestamp()) for _, c in hours], dtype=np.int64)
        self.durations: Int64Array = self.closes - self.opens
        # Business seconds before each business day opens, and when it closes.
        self.position_at_close: Int64Array = np.cumsum(self.durations, dtype=np.int64)
        self.position_at_open: Int64Array = self.position_at_close - self.durations
        # Indexed by the first opening after an instant, i.e. the day after the one it is in,
        # so `position` needs neither a "minus one" pass nor a separate duration lookup.
        self._shift_after: Int64Array = np.concatenate([[0], self.position_at_open - self.opens])
        self._cap_after: Int64Array = np.concatenate([[0], self.position_at_close])
        self.lowest = int(self.opens[0])
        self.highest = _local_midnight(calendar, last_day + ONE_DAY) - 1
        self.open_search = BucketedSearch(self.opens, self.lowest, self.highest, BUCKET_BITS)
        self.close_search = BucketedSearch(self.closes, self.lowest, self.highest, BUCKET_BITS)

    def require_within(self, moments: Int64Array) -> None:
        if len(moments) and (moments.min() < self.lowest or moments.max() > self.highest):
            raise ValueError(
                f"Times must fall between the first opening in {self.first_day.year} "
                f"and the end of {self.last_day.year}."
            )

    def position(self, moments: Int64Array) -> Int64Array:
        """Business seconds from the table's first opening to each instant."""
        self.require_within(moments)
        after = self.open_search.right(moments)  # >= 1: no moment precedes the first opening
        # The position counts on from the last opening, and stops at that day's closing.
        positions: Int64Array = moments + self._shift_after[after]
        np.minimum(positions, self._cap_after[after], out=positions)
        return positions

    def business_seconds(self, starts: Int64Array, ends: Int64Array) -> Int64Array:
        seconds = self.position(ends)
        seconds -= self.position(starts)
        return seconds

    def receipt_index(self, received: Int64Array) -> Int64Array:
        """Index of the business day each request counts as received on: the first whose
        closing is after the moment received."""
        self.require_within(received)
        return self.close_search.right(received)

    def deadline_index(self, ends: Int64Array) -> Int64Array:
        """Index of the first business day closing at or after each instant."""
        self.require_within(ends)
        return self.close_search.left(ends)

    def business_days_taken(
        self, received: Int64Array, ends: Int64Array, paused: Int64Array | None = None
    ) -> Int64Array:
        """As `BusinessCalendar.business_days_taken`, for arrays of epoch seconds.

        `paused` holds the business seconds paused between each pair; where it is positive the
        deadline moves by that much business time, so the end is compared on the business axis.
        """
        taken = self.deadline_index(ends)
        if paused is not None and np.any(paused > 0):
            moved = np.flatnonzero(paused > 0)
            taken[moved] = self._deadline_index_after_pause(ends[moved], paused[moved])
        taken -= self.receipt_index(received)
        np.maximum(taken, 0, out=taken)  # answered before the receipt day's close: same day
        return taken

    def _deadline_index_after_pause(self, ends: Int64Array, paused: Int64Array) -> Int64Array:
        """First business day whose (paused-moved) deadline the end meets.

        The moved deadline of day k is the earliest instant at business position
        close(k) + paused. An end meets it if its own position minus the pause is below
        close(k), or equal to it while the end is not past the first instant at that position
        (an end in the evening after a closing is later than the closing itself).
        """
        position = self.position(ends)
        past_first_instant = ends > self.earliest_instant(position)
        shifted = position - paused
        at_or_after = np.searchsorted(self.position_at_close, shifted, side="left")
        after = np.searchsorted(self.position_at_close, shifted, side="right")
        return np.where(past_first_instant, after, at_or_after).astype(np.int64)

    def earliest_instant(self, positions: Int64Array) -> Int64Array:
        """The first instant at each business position (the inverse of `position`)."""
        day = np.searchsorted(self.position_at_close, positions, side="left")
        return self.closes[day] - (self.position_at_close[day] - positions)


# Walking day by day asks for the same days again and again; zone conversions are the cost.
@functools.lru_cache(maxsize=100_000)
def _opening_hours(calendar: BusinessCalendar, day: dt.date) -> Interval | None:
    if not calendar.is_business_day(day):
        return None
    hours = calendar.weekly_hours[day.weekday()]
    assert hours is not None  # a business day has hours
    opens, closes = hours
    closing_day = day + ONE_DAY if closes == MIDNIGHT else day
    opening = dt.datetime.combine(day, opens, tzinfo=calendar.time_zone).astimezone(UTC)
    closing = dt.datetime.combine(closing_day, closes, tzinfo=calendar.time_zone).astimezone(UTC)
    return opening, max(opening, closing)


def _local_midnight(calendar: BusinessCalendar, day: dt.date) -> int:
    return int(dt.datetime.combine(day, MIDNIGHT, tzinfo=calendar.time_zone).timestamp())


@functools.lru_cache(maxsize=32)
def _time_table(calendar: BusinessCalendar, first_year: int, last_year: int) -> BusinessTimeTable:
    return BusinessTimeTable(calendar, dt.date(first_year, 1, 1), dt.date(last_year, 12, 31))
