"""What each chart shows, in sentences generated from its rows.

A change or a difference is called significant only when its row says so (after the
correction the row names), and every such sentence names the test and the correction. Rows
that are suppressed are never described, only counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from govcx.insights.analysis import dimension_label
from govcx.insights.charts import driver_name, importance_points, shown
from govcx.insights.formatting import (
    comparison_text,
    figure_in_sentence,
    group_text,
    number,
    percent,
)
from govcx.insights.rows import FigureRow

RATES_NOT_BY_GROUP = (
    "Response rates are not shown for a language or segment: customer volumes are recorded "
    "per service, channel and quarter only, so how many customers in this group were offered "
    "a survey is not known."
)


def _plural(count: int, singular: str, plural: str = "") -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def left_out(rows: Sequence[FigureRow], noun: str, plural: str = "") -> list[str]:
    """A sentence on the rows not drawn: suppressed, or without a figure."""
    sentences = []
    hidden = [row for row in rows if row.suppressed]
    if hidden:
        sentences.append(
            f"The figures of {_plural(len(hidden), noun, plural)} are not shown: fewer than "
            f"{hidden[0].minimum_size} responses, or hidden so that a smaller group's figure "
            "cannot be worked out from the others."
        )
    empty = [row for row in rows if not row.suppressed and row.value is None and row.n]
    if empty:
        sentences.append(f"No figure could be worked out for {_plural(len(empty), noun, plural)}.")
    return sentences


def tests_used(rows: Sequence[FigureRow]) -> str:
    names = list(dict.fromkeys(row.test for row in rows if row.test))
    corrections = list(dict.fromkeys(row.correction for row in rows if row.correction))
    compared = sum(1 for row in rows if row.test)
    text = "; ".join(names) or "no test"
    if corrections:
        text += f"; {' and '.join(corrections)} correction across {compared} comparisons"
    return text


def trend_summary(rows: Sequence[FigureRow], grain: str) -> list[str]:
    points = shown(rows)
    if not points:
        return ["There are no figures to show over time yet.", *left_out(rows, "period")]
    by_group = {row.group: row for row in points}
    last = points[-1]
    previous = by_group.get(last.compared_with)
    if len(points) == 1:
        sentences = [f"In {group_text(last)}, trust was {figure_in_sentence(last)}."]
    elif previous is None or previous.value is None or last.value is None:
        sentences = [
            f"In {group_text(last)}, trust was {figure_in_sentence(last)}; it could not be "
            "compared with the period before, which has too few responses or none."
        ]
    else:
        sentences = [_change_sentence(previous, last)]
    changes = [row for row in points if row.test]
    significant = [row for row in changes if row.significant is True]
    if len(changes) > 1:
        sentences.append(
            f"Of {_plural(len(changes), 'change')} from one {dimension_label(grain).lower()} "
            f"to the next, {len(significant)} {'is' if len(significant) == 1 else 'are'} "
            f"significant ({tests_used(changes)})."
        )
    return sentences + left_out(rows, "period")


def _change_sentence(before: FigureRow, after: FigureRow) -> str:
    assert before.value is not None
    assert after.value is not None
    if after.value > before.value:
        verb = "rose"
    elif after.value < before.value:
        verb = "fell"
    else:
        verb = "stayed the same"
    moved = (
        f"Trust {verb} from {percent(before.value)} in {group_text(before)} to "
        f"{percent(after.value)} in {group_text(after)}"
    )
    if verb == "stayed the same":
        moved = f"Trust stayed at {percent(after.value)} from {group_text(before)} to " + (
            group_text(after)
        )
    if after.significant is True:
        return f"{moved}, a significant change ({comparison_text(after)})."
    return f"{moved}; the change is not significant ({comparison_text(after)})."


def breakdown_summary(rows: Sequence[FigureRow], dimension: str) -> list[str]:
    points = shown(rows)
    noun = dimension_label(dimension).lower()
    if not points:
        return [f"There are no figures by {noun} to show.", *left_out(rows, "group")]
    if len(points) == 1:
        sentences = [f"Trust for {group_text(points[0])} is {figure_in_sentence(points[0])}."]
    else:
        high = max(points, key=lambda row: row.value or 0.0)
        low = min(points, key=lambda row: row.value or 0.0)
        sentences = [
            f"Across {_plural(len(points), 'group')} by {noun}, trust is highest for "
            f"{group_text(high)}, at {figure_in_sentence(high)}, and lowest for "
            f"{group_text(low)}, at {figure_in_sentence(low)}.",
            "These groups are not tested against each other here; the comparison of each "
            "group with everyone else does that.",
        ]
    return sentences + left_out(rows, "group")


def equity_summary(rows: Sequence[FigureRow], dimension: str) -> list[str]:
    points = shown(rows)
    noun = dimension_label(dimension).lower()
    compared = [row for row in points if row.test]
    if not compared:
        return [
            f"No {noun} could be compared with everyone else: a comparison needs enough "
            "responses in the group and outside it.",
            *left_out(rows, "group"),
        ]
    significant = [row for row in compared if row.significant is True]
    sentences = [_equity_sentence(row) for row in significant]
    if not significant:
        sentences.append(
            f"No {noun} differs significantly from everyone else ({tests_used(compared)})."
        )
    elif len(significant) < len(compared):
        others = len(compared) - len(significant)
        sentences.append(
            f"The other {_plural(others, 'group')} compared "
            f"{'does' if others == 1 else 'do'} not differ significantly."
        )
    return sentences + left_out(rows, "group")


def _equity_sentence(row: FigureRow) -> str:
    assert row.value is not None
    assert row.difference is not None
    rest = row.value - row.difference
    direction = "higher" if row.difference > 0 else "lower"
    return (
        f"{group_text(row)}: trust of {percent(row.value)} against {percent(rest)} for everyone "
        f"else, significantly {direction} ({comparison_text(row)})."
    )


def v1_items_summary(rows: Sequence[FigureRow]) -> list[str]:
    agree = shown(row for row in rows if row.metric.endswith(":agree"))
    items = [row for row in rows if row.metric.endswith(":agree")]
    if not agree:
        return ["There are no version 1 answers to show.", *left_out(items, "item")]
    high = max(agree, key=lambda row: row.value or 0.0)
    low = min(agree, key=lambda row: row.value or 0.0)
    return [
        f"The share agreeing (4 or 5 on the five-point scale) is highest for {high.label}, at "
        f"{figure_in_sentence(high)}, and lowest for {low.label}, at {figure_in_sentence(low)}.",
        "Means are on the scale from 1 (strongly disagree) to 5 (strongly agree).",
        *left_out(items, "item"),
    ]


def importance_summary(items: Sequence[FigureRow], importance: Sequence[FigureRow]) -> list[str]:
    points = importance_points(items, importance)
    if not points:
        return [
            "The importance of the drivers could not be worked out: it needs enough "
            "respondents who answered the items, with answers that vary."
        ]
    top = max(points, key=lambda point: point["importance"])
    sentences = [
        f"For trust, {top['driver']} matters most: it explains "
        f"{percent(top['importance'])} of the variance in trust."
    ]
    mean_importance = sum(point["importance"] for point in points) / len(points)
    mean_performance = sum(point["performance"] for point in points) / len(points)
    priorities = [
        point["driver"]
        for point in points
        if point["importance"] > mean_importance and point["performance"] < mean_performance
    ]
    if priorities:
        sentences.append(
            "More important than average and performing below average, where improvement "
            f"should matter most: {', '.join(priorities)}."
        )
    else:
        sentences.append("No driver is both more important and weaker than average.")
    return sentences


def v2_drivers_summary(went_well: Sequence[FigureRow], not_well: Sequence[FigureRow]) -> list[str]:
    sentences = []
    for rows, who, what in (
        (went_well, "positive on trust", "going well"),
        (not_well, "negative on trust", "not going well"),
    ):
        points = shown(rows)
        if points:
            top = max(points, key=lambda row: row.value or 0.0)
            sentences.append(
                f"Of respondents {who}, the driver named most often as {what} is "
                f"{driver_name(top)}, at {figure_in_sentence(top)}."
            )
        else:
            sentences.append(f"There are no figures on what was named as {what}.")
    return (
        sentences
        + left_out(went_well, "driver named as going well", "drivers named as going well")
        + left_out(not_well, "driver named as not going well", "drivers named as not going well")
    )


def separation_summary(
    separation: Sequence[FigureRow], went_well: Sequence[FigureRow]
) -> list[str]:
    points = shown(separation)
    positive = {row.metric.rsplit(":", 1)[-1]: row for row in shown(went_well)}
    compared = [row for row in points if row.test]
    if not compared:
        return [
            "No driver could be compared between negative and positive respondents.",
            *left_out(separation, "driver"),
        ]
    sentences = []
    for row in compared:
        if row.significant is not True:
            continue
        match = positive.get(row.metric.rsplit(":", 1)[-1])
        against = (
            f" against {percent(match.value)} of the positive naming it as going well"
            if match is not None and match.value is not None
            else ""
        )
        sentences.append(
            f"{driver_name(row)}: named as not going well by {percent(row.value or 0.0)} of "
            f"the negative{against}, a significant difference ({comparison_text(row)})."
        )
    if not sentences:
        sentences.append(
            f"No driver separates the negative from the positive significantly "
            f"({tests_used(compared)})."
        )
    return sentences + left_out(separation, "driver")


def response_rate_summary(rows: Sequence[FigureRow], *, withheld: bool = False) -> list[str]:
    """Sentences on the rates; `withheld` when a language or segment filter leaves none."""
    if withheld:
        return [RATES_NOT_BY_GROUP]
    if not rows:
        return [
            "No customer volumes have been entered for these services, so there is no "
            "response rate to show."
        ]
    points = shown(rows)
    sentences = []
    if len(points) == 1:
        only = points[0]
        sentences.append(f"The response rate for {only.label} is {figure_in_sentence(only)}.")
    elif points:
        high = max(points, key=lambda row: row.value or 0.0)
        low = min(points, key=lambda row: row.value or 0.0)
        sentences.append(
            f"Response rates range from {number(low.value or 0.0, 'share')} ({low.label}) to "
            f"{number(high.value or 0.0, 'share')} ({high.label})."
        )
    unknown = [row for row in rows if not row.suppressed and row.value is None]
    if unknown:
        sentences.append(
            f"For {_plural(len(unknown), 'service and channel', 'services and channels')} no "
            "rate can be worked out: no customers were offered a survey, or more responses "
            "were counted than offers were entered."
        )
    hidden = [row for row in rows if row.suppressed]
    return sentences + left_out(hidden, "service and channel", "services and channels")
