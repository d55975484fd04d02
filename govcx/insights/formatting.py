"""Figures as a person reads them: "64.2 % (95 % CI 64.1–64.3 %), n = 462,753".

Pages, chart summaries and tables all format through here, so a share reads the same way
everywhere and a suppressed figure never shows anything but the fact that it is suppressed.
"""

from __future__ import annotations

from govcx.insights.analysis import CALENDAR_DIMENSIONS
from govcx.insights.periods import PeriodError, period_from_key
from govcx.insights.rows import FigureRow
from govcx.lib.a11 import CHANNELS

SMALLEST_SHOWN_P = 0.001


def percent(share: float) -> str:
    return f"{share * 100:.1f} %"


def number(value: float, unit: str) -> str:
    """A value in its unit: shares and importances as percentages, means to one decimal."""
    if unit in ("share", "importance"):
        return percent(value)
    if unit == "difference":
        return points(value)
    return f"{value:.1f}"


def points(difference: float) -> str:
    """A difference of two shares in percentage points, with its sign."""
    return f"{difference * 100:+.1f} percentage points".replace("-", "−")


def interval(row: FigureRow) -> str:
    """ "95 % CI 64.1–64.3 %", or "" when the row has no interval."""
    if row.low is None or row.high is None:
        return ""
    if row.unit in ("share", "importance"):
        return f"95 % CI {row.low * 100:.1f}–{row.high * 100:.1f} %"
    return f"95 % CI {row.low:.1f}–{row.high:.1f}"


def value_text(row: FigureRow) -> str:
    """The value with its interval, "fewer than N responses", or "no responses"."""
    if row.suppressed:
        return row.suppression_text
    if row.value is None:
        return "no responses" if not row.n else "not available"
    around = interval(row)
    return f"{number(row.value, row.unit)} ({around})" if around else number(row.value, row.unit)


def n_text(row: FigureRow) -> str:
    if row.suppressed:
        return row.suppression_text
    return f"{row.n:,}" if row.n is not None else "—"


def figure_text(row: FigureRow) -> str:
    """The whole figure on one line: value, interval and n."""
    if row.suppressed or row.value is None:
        return value_text(row)
    return f"{value_text(row)}, n = {row.n:,}" if row.n is not None else value_text(row)


def figure_in_sentence(row: FigureRow) -> str:
    """The figure inside a sentence: "73.3 % (95 % CI 48.0–89.1 %, n = 15)"."""
    if row.suppressed or row.value is None:
        return value_text(row)
    details = ", ".join(part for part in (interval(row), _n_part(row)) if part)
    return f"{number(row.value, row.unit)} ({details})" if details else number(row.value, row.unit)


def _n_part(row: FigureRow) -> str:
    return f"n = {row.n:,}" if row.n is not None else ""


def count_text(count: int, minimum_size: int) -> str:
    """A number of respondents, itself suppressed when it is under the minimum."""
    if 0 < count < minimum_size:
        return f"fewer than {minimum_size}"
    return f"{count:,}"


def p_text(row: FigureRow) -> str:
    """ "Holm-adjusted p < 0.001", "p = 0.042" …"""
    p_value = row.adjusted_p_value if row.correction else row.p_value
    if p_value is None:
        return ""
    name = f"{row.correction}-adjusted p" if row.correction else "p"
    if p_value < SMALLEST_SHOWN_P:
        return f"{name} < {SMALLEST_SHOWN_P}"
    return f"{name} = {p_value:.3f}"


def comparison_text(row: FigureRow) -> str:
    """The test and correction behind a comparison: "Two-proportion z-test, Holm-adjusted p = …"."""
    return ", ".join(part for part in (row.test, p_text(row)) if part)


def group_text(row: FigureRow) -> str:
    """What a person calls the row's group: a channel's name, a period's label …"""
    return group_name(row.group_by, row.group, row.group_label)


def group_name(dimension: str, group: str, label: str = "") -> str:
    if dimension == "channel":
        return CHANNELS.get(group, label or group)
    if dimension in CALENDAR_DIMENSIONS:
        try:
            return period_from_key(group).label
        except PeriodError:
            return label or group
    return label or group or "(none)"
