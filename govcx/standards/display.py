"""How standards and their figures read, the same in pages, alert emails and the public page.

A figure always reads with its n and, where there is one, its 95% interval; a suppressed one
reads only as "fewer than N cases".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from govcx.lib.stats import Figure
from govcx.standards.models import Measure, Standard, TargetUnit

SHARE = "share"  # a proportion 0–1, shown as a percentage
SECONDS = "seconds"
COUNT = "count"


@dataclass(frozen=True)
class FigureText:
    """A figure's parts as text: `value` is empty when the figure is suppressed or empty."""

    value: str
    interval: str  # e.g. "46.8% to 91.1%"; empty when there is none
    n: str  # e.g. "12 cases"; empty for a count, which is its own n
    missing: str  # what to say instead of a value: "fewer than 10 cases", "no cases"

    def sentence(self) -> str:
        if not self.value:
            return self.missing
        if not self.n:
            return self.value
        if not self.interval:
            return f"{self.value} (n = {self.n})"
        return f"{self.value} (95% interval {self.interval}; n = {self.n})"


def plural(count: int | float, noun: str) -> str:
    """ "1 case", "12 cases": nouns here are regular English plurals ending in s."""
    singular = noun[:-1] if noun.endswith("s") else noun
    return f"{count:,} {singular if count == 1 else noun}"


def number(value: float) -> str:
    """At most one decimal: 2, 2.5, 1,204."""
    rounded = round(value, 1)
    return f"{rounded:,.0f}" if rounded == int(rounded) else f"{rounded:,.1f}"


def formatted(value: float, kind: str, unit: str = "") -> str:
    if kind == SHARE:
        return f"{value * 100:.1f}%"
    if kind == SECONDS:
        return f"{number(value)} seconds"
    if kind == COUNT:
        return f"{int(value):,}"
    if not unit:
        return number(value)
    return f"{number(value)} {unit[:-1] if number(value) == '1' else unit}"


def figure_text(figure: Figure, *, kind: str, noun: str, unit: str = "") -> FigureText:
    """The parts of a figure; `noun` is what n counts ("cases"), `unit` the value's unit."""
    n = plural(figure.n, noun)
    if kind == COUNT and not figure.suppressed:
        return FigureText(n, "", "", "")  # a count is its own n: "12 cases"
    if figure.suppressed:
        missing = f"fewer than {plural(figure.minimum_size, noun)}"
        return FigureText("", "", n, missing)
    if figure.value is None:
        return FigureText("", "", n, f"no {noun}")
    interval = ""
    if figure.low is not None and figure.high is not None:
        interval = f"{formatted(figure.low, kind, unit)} to {formatted(figure.high, kind, unit)}"
    return FigureText(formatted(figure.value, kind, unit), interval, n, "")


def target_unit_text(value: Decimal, unit: str) -> str:
    label = TargetUnit(unit).label
    if unit == TargetUnit.PERCENT:
        return f"{number(float(value))}%"
    return f"{number(float(value))} {label[:-1] if value == 1 else label}"


def target_text(standard: Standard) -> str:
    """The promise in numbers, e.g. "at least 80% of cases within 1 business day"."""
    target = target_unit_text(standard.target_value, standard.target_unit)
    if standard.measure == Measure.ABANDONMENT_RATE:
        return f"no more than {target} of calls abandoned"
    if standard.measure == Measure.SPEED_OF_ANSWER:
        if standard.required_share is None:
            return f"calls answered in {target} on average"
        return (
            f"at least {number(float(standard.required_share))}% of calls answered within {target}"
        )
    share = 100 if standard.required_share is None else standard.required_share
    measure = Measure(standard.measure).label.lower()
    return f"at least {number(float(share))}% of cases: {measure} within {target}"


def record_noun(standard: Standard) -> str:
    return (
        "calls"
        if standard.measure in {Measure.SPEED_OF_ANSWER, Measure.ABANDONMENT_RATE}
        else "cases"
    )


def headline_label(standard: Standard) -> str:
    """What the figure a standard is judged on measures."""
    if standard.measure == Measure.ABANDONMENT_RATE:
        return "Calls abandoned"
    if standard.measure == Measure.SPEED_OF_ANSWER:
        if standard.required_share is None:
            return "Average speed of answer"
        target = target_unit_text(standard.target_value, standard.target_unit)
        return f"Calls answered within {target}"
    return "Cases meeting the target"


def period_span(start: dt.date, end: dt.date) -> str:
    """ "October 1, 2024 to December 31, 2024"."""
    return f"{_long_date(start)} to {_long_date(end)}"


def _long_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"
