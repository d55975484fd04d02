"""How fast ten million cases are measured against business-day and business-hour standards.

    .venv/bin/python bench/standards_compliance.py --records 10000000

Generates synthetic cases (seeded) received over 2024-2025 on an Eastern-time calendar open
8:00-17:00 on weekdays, closed on federal holidays and three agency closures, most answered
within days. Measures them against "first response within 1 business day" and "within 8
business hours" with `evaluate_case_arrays`, and in the same run times NumPy's
`np.busday_count` on the receipt and response dates: the date part alone, with no hours, time
zone or after-hours rule. Also checks a sample against the day-by-day calendar arithmetic.
Touches no database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import resource
import statistics
import sys
import time
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from govcx.standards.calendar import BusinessCalendar
from govcx.standards.measurement import NOT_YET, Target, evaluate_case_arrays

Int64Array = npt.NDArray[np.int64]
Result = TypeVar("Result")

EASTERN = zoneinfo.ZoneInfo("America/New_York")
FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
CLOSURES = frozenset({dt.date(2024, 1, 16), dt.date(2025, 1, 6), dt.date(2025, 2, 19)})
CALENDAR = BusinessCalendar(EASTERN, ((dt.time(8), dt.time(17)),) * 5 + (None, None), CLOSURES)
WITHIN_ONE_BUSINESS_DAY = Target("time_to_first_response", 1, "business_days", CALENDAR)
WITHIN_EIGHT_BUSINESS_HOURS = Target("time_to_first_response", 8, "business_hours", CALENDAR)
SHARE_DURING_BUSINESS_HOURS = 0.7
SHARE_NOT_ANSWERED_YET = 0.02
MEDIAN_DELAY_SECONDS = 20 * 3_600
LONGEST_DELAY_SECONDS = 60 * 86_400
# The baseline reads dates with one fixed offset: the date part alone has no time zone rules.
EASTERN_STANDARD_OFFSET = -5 * 3_600


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each (best kept)")
    parser.add_argument("--check", type=int, default=2_000, help="cases checked one by one")
    return parser.parse_args()


def local_midnights() -> Int64Array:
    """UTC epoch seconds of each local midnight in the period (23- and 25-hour days included)."""
    days = (LAST_DAY - FIRST_DAY).days + 1
    return np.array(
        [
            int(
                dt.datetime.combine(
                    FIRST_DAY + dt.timedelta(days=n), dt.time(0), EASTERN
                ).timestamp()
            )
            for n in range(days)
        ],
        dtype=np.int64,
    )


def synthetic_cases(records: int, seed: int) -> tuple[Int64Array, Int64Array]:
    """Receipt and first-response instants; NOT_YET for the cases still waiting."""
    generator = np.random.default_rng(seed)
    midnights = local_midnights()
    day = generator.integers(0, len(midnights), records)
    in_hours = generator.random(records) < SHARE_DURING_BUSINESS_HOURS
    second_of_day = np.where(
        in_hours,
        8 * 3_600 + generator.integers(0, 9 * 3_600, records),
        generator.integers(0, 86_400, records),
    )
    received = midnights[day] + second_of_day
    delay = generator.lognormal(np.log(MEDIAN_DELAY_SECONDS), 1.2, records)
    responded = received + np.minimum(delay, LONGEST_DELAY_SECONDS).astype(np.int64)
    responded[generator.random(records) < SHARE_NOT_ANSWERED_YET] = NOT_YET
    return received, responded


def local_dates(moments: Int64Array) -> npt.NDArray[np.datetime64]:
    return ((moments + EASTERN_STANDARD_OFFSET) // 86_400).astype("datetime64[D]")


def holiday_dates() -> npt.NDArray[np.datetime64]:
    federal = [day for year in (2024, 2025, 2026) for day in CALENDAR.federal_holidays(year)]
    return np.array(sorted({*federal, *CLOSURES}), dtype="datetime64[D]")


def timed(repeats: int, work: Callable[[], Result]) -> tuple[list[float], Result]:
    seconds, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - started)
    assert result is not None
    return seconds, result


def share_met(target: Target, received: Int64Array, responded: Int64Array) -> npt.NDArray[np.bool_]:
    """The work a compliance figure needs: elapsed per case, then whether it met the target."""
    elapsed = evaluate_case_arrays(target, received, responded)
    met: npt.NDArray[np.bool_] = elapsed <= target.value
    return met


def check_against_calendar(
    received: Int64Array, responded: Int64Array, sample: int, seed: int
) -> int:
    """How many of a random sample disagree with the day-by-day calendar (should be none)."""
    generator = np.random.default_rng(seed + 1)
    answered = np.flatnonzero(responded != NOT_YET)
    picked = generator.choice(answered, size=min(sample, len(answered)), replace=False)
    days = evaluate_case_arrays(WITHIN_ONE_BUSINESS_DAY, received[picked], responded[picked])
    hours = evaluate_case_arrays(WITHIN_EIGHT_BUSINESS_HOURS, received[picked], responded[picked])
    disagreements = 0
    for index, case in enumerate(picked):
        start = dt.datetime.fromtimestamp(int(received[case]), dt.UTC)
        end = dt.datetime.fromtimestamp(int(responded[case]), dt.UTC)
        expected_days = CALENDAR.business_days_taken(start, end)
        expected_seconds = CALENDAR.business_seconds_between(start, end)
        if days[index] != expected_days or round(hours[index] * 3_600) != expected_seconds:
            disagreements += 1
    return disagreements


def describe(seconds: list[float]) -> str:
    runs = ", ".join(f"{s:.2f}" for s in seconds)
    return f"{min(seconds):.2f} s best (runs: {runs}; median {statistics.median(seconds):.2f})"


def time_standards(
    received: Int64Array, responded: Int64Array, repeats: int
) -> dict[str, tuple[list[float], npt.NDArray[np.bool_]]]:
    # The first run of each also builds the calendar's per-day table (cached afterwards).
    return {
        name: timed(repeats, functools.partial(share_met, target, received, responded))
        for name, target in (
            ("1 business day", WITHIN_ONE_BUSINESS_DAY),
            ("8 business hours", WITHIN_EIGHT_BUSINESS_HOURS),
        )
    }


def time_baseline(
    received: Int64Array, responded: Int64Array, repeats: int
) -> tuple[list[float], npt.NDArray[np.int_]]:
    """`np.busday_count` from the receipt date to the response date, dates made beforehand."""
    answered_or_received = np.where(responded == NOT_YET, received, responded)
    received_dates, responded_dates = local_dates(received), local_dates(answered_or_received)
    calendar = np.busdaycalendar(weekmask="1111100", holidays=holiday_dates())
    return timed(
        repeats, lambda: np.busday_count(received_dates, responded_dates, busdaycal=calendar)
    )


def main() -> None:
    arguments = parse_arguments()
    started = time.perf_counter()
    received, responded = synthetic_cases(arguments.records, arguments.seed)
    generated = time.perf_counter() - started
    peak_after_generation = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    standards = time_standards(received, responded, arguments.repeats)
    baseline_seconds, counts = time_baseline(received, responded, arguments.repeats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    disagreements = check_against_calendar(received, responded, arguments.check, arguments.seed)

    finished = responded != NOT_YET
    print(f"records                 {arguments.records:,} ({finished.mean():.1%} answered)")
    print(f"generated in            {generated:.2f} s")
    for name, (seconds, met) in standards.items():
        print(f"within {name:<16} {describe(seconds)}; met by {met[finished].mean():.1%}")
    print(
        f"np.busday_count         {describe(baseline_seconds)}; "
        f"count <= 1 for {(counts[finished] <= 1).mean():.1%}"
    )
    days_seconds = standards["1 business day"][0]
    print(
        f"ratio, business days to baseline: {min(days_seconds) / min(baseline_seconds):.2f} "
        f"best to best, {statistics.median(days_seconds) / statistics.median(baseline_seconds):.2f}"
        " median to median"
    )
    print(
        f"peak memory             {peak / 1024:.0f} MiB resident "
        f"({peak_after_generation / 1024:.0f} MiB after generating the records)"
    )
    print(f"checked one by one      {arguments.check:,} cases, {disagreements} disagreements")
    print(f"numpy                   {np.__version__}")


if __name__ == "__main__":
    main()
