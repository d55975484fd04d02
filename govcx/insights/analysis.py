"""Breakdowns, the equity view, trends and driver analysis, all of the trust share.

Comparisons are marked significant only after a Holm correction across every comparison
shown together, and each names its test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd

from govcx.insights.facts import ANSWER_SEGMENT_PREFIX, PAGE_SEGMENT, PAIR_SEPARATOR
from govcx.insights.metrics import (
    DRIVER_NAMES,
    NEGATIVE_DRIVERS,
    POSITIVE_DRIVERS,
    V1_DRIVERS,
    V1_ITEMS,
    V2_DRIVERS,
    Context,
    base_rows,
    chosen_counts,
    figures_by,
    offered_counts,
    share_row,
)
from govcx.insights.periods import fiscal_quarter_key, fiscal_year_key, month_key
from govcx.insights.rows import REST, SMALL, FigureRow, suppress_complements
from govcx.lib.stats import (
    Comparison,
    compare_shares,
    holm,
    pearson_from_joint_counts,
    relative_importance,
)

CALENDAR_DIMENSIONS: dict[str, Callable[[dt.date], str]] = {
    "fiscal_year": fiscal_year_key,
    "fiscal_quarter": fiscal_quarter_key,
    "month": month_key,
}
COLUMN_DIMENSIONS = ("channel", "language")
DIMENSION_LABELS = {
    "service": "Service",
    "channel": "Channel",
    "survey": "Survey",
    "language": "Language",
    "fiscal_year": "Fiscal year",
    "fiscal_quarter": "Fiscal quarter",
    "month": "Month",
    "page": "Page",
}
IMPORTANCE_METHOD = (
    "Relative importance: the share of the variance in the outcome explained by each driver, "
    "averaged over every order of entry into a linear regression (LMG / Shapley value), "
    "from pairwise correlations of the five-point answers."
)
SEPARATION_METHOD = (
    "For each driver, the share of respondents with negative trust who said it did not go "
    "well, against the share of respondents with positive trust who said it went well; a "
    "difference is marked only when significant after a Holm correction across drivers."
)


def dimension_label(dimension: str) -> str:
    if dimension.startswith(ANSWER_SEGMENT_PREFIX):
        return f"Answer to “{dimension.removeprefix(ANSWER_SEGMENT_PREFIX)}”"
    return DIMENSION_LABELS.get(dimension, dimension)


def segment_dimensions(frame: pd.DataFrame) -> list[str]:
    """The page and answer breakdowns present in these rows."""
    return sorted(set(frame["segment"].unique()) - {""})


def trust_by_dimension(
    trust: pd.DataFrame, context: Context, dimension: str
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Trust rows (from `trust_rows`) with a column named `dimension`, and group labels."""
    if dimension == PAGE_SEGMENT or dimension.startswith(ANSWER_SEGMENT_PREFIX):
        rows = trust[trust["segment"] == dimension].copy()
        rows[dimension] = rows["segment_value"]
        return rows, {}
    rows = base_rows(trust).copy()
    if dimension in CALENDAR_DIMENSIONS:
        rows[dimension] = rows["month"].map(CALENDAR_DIMENSIONS[dimension])
        return rows, {}
    if dimension == "survey":
        rows[dimension] = rows["survey_id"].map(lambda s: str(context.surveys[int(s)].public_id))
        return rows, {str(s.public_id): s.title for s in context.surveys.values()}
    if dimension == "service":
        rows[dimension] = rows["survey_id"].map(
            lambda s: str(context.surveys[int(s)].service_id or "")
        )
        return rows, {str(k): v for k, v in context.service_names.items()}
    if dimension in COLUMN_DIMENSIONS:
        return rows, {}
    raise ValueError(f"There is no breakdown by “{dimension}”.")


def breakdown(trust: pd.DataFrame, context: Context, dimension: str) -> list[FigureRow]:
    rows, labels = trust_by_dimension(trust, context, dimension)
    return figures_by(
        rows,
        dimension,
        labels,
        context,
        section="breakdown",
        metric="trust",
        label="Trust: share positive",
    )


def equity(trust: pd.DataFrame, context: Context, dimension: str) -> list[FigureRow]:
    """Each group against everyone else in the same breakdown, Holm-corrected across groups."""
    rows, labels = trust_by_dimension(trust, context, dimension)
    grouped = rows.groupby(dimension)[["positive", "count"]].sum()
    total_positive, total = int(grouped["positive"].sum()), int(grouped["count"].sum())
    figures: list[FigureRow] = []
    comparisons: list[Comparison | None] = []
    for group, (positive, count) in grouped.iterrows():
        row = share_row(
            positive,
            count,
            context,
            section="equity",
            metric="trust",
            label="Trust: share positive",
            group_by=dimension,
            group=str(group),
            group_label=labels.get(str(group), str(group)),
        )
        rest_positive, rest = total_positive - int(positive), total - int(count)
        rest_too_small = 0 < rest < context.minimum_size
        figures.append(row.suppress(REST) if rest_too_small else row)
        comparisons.append(
            None
            if row.suppressed or rest_too_small
            else compare_shares(int(positive), int(count), rest_positive, rest)
        )
    adjusted = holm(comparisons)
    result = [
        row.compared(comparison, "rest") for row, comparison in zip(figures, adjusted, strict=True)
    ]
    return suppress_complements(result)


def trend(trust: pd.DataFrame, context: Context, grain: str = "fiscal_quarter") -> list[FigureRow]:
    """Trust per fiscal period; each change from the period before is tested (Holm)."""
    rows, _labels = trust_by_dimension(trust, context, grain)
    points = figures_by(
        rows, grain, {}, context, section="trend", metric="trust", label="Trust: share positive"
    )
    points = sorted(points, key=lambda row: row.group)
    grouped = rows.groupby(grain)[["positive", "count"]].sum()
    totals = {
        str(group): (int(positive), int(count))
        for group, positive, count in zip(
            grouped.index, grouped["positive"], grouped["count"], strict=True
        )
    }
    comparisons: list[Comparison | None] = [None] if points else []  # the first has no before
    for previous, current in itertools.pairwise(points):
        if previous.suppressed or current.suppressed:
            comparisons.append(None)
            continue
        now, before = totals[current.group], totals[previous.group]
        comparisons.append(compare_shares(*now, *before))
    adjusted = holm(comparisons)
    return [
        point.compared(comparison, points[index - 1].group if index else "")
        for index, (point, comparison) in enumerate(zip(points, adjusted, strict=True))
    ]


def correlation_matrix(pairs: pd.DataFrame) -> tuple[npt.NDArray[np.float64], int]:
    """Pairwise correlations of the version-1 items, and the smallest pairwise n."""
    keys = list(V1_ITEMS)
    index = {key: position for position, key in enumerate(keys)}
    matrix = np.eye(len(keys))
    if pairs.empty:
        matrix[:] = math.nan
        return matrix, 0
    smallest = 0
    for question, group in pairs.groupby("question"):
        first, second = str(question).split(PAIR_SEPARATOR)
        if first not in index or second not in index:
            continue
        counts: dict[tuple[float, float], int] = {}
        for value, count in zip(group["value"], group["count"], strict=True):
            x, y = (float(part) for part in str(value).split(PAIR_SEPARATOR))
            counts[x, y] = counts.get((x, y), 0) + int(count)
        r, n = pearson_from_joint_counts(counts)
        matrix[index[first], index[second]] = matrix[index[second], index[first]] = r
        smallest = n if smallest == 0 else min(smallest, n)
    return matrix, smallest


def v1_importance(pairs: pd.DataFrame, context: Context) -> list[FigureRow]:
    """Importance (relative importance for trust and for satisfaction) of each driver.

    A driver everyone answered alike has no correlation with anything; it is left out (its
    importance reads as unknown) rather than blanking the importance of the others.
    """
    matrix, smallest = correlation_matrix(pairs)
    keys = list(V1_ITEMS)
    suppressed = 0 < smallest < context.minimum_size
    result: list[FigureRow] = []
    for outcome in ("trust", "satisfaction"):
        shares = {} if suppressed else _importance_shares(matrix, keys.index(outcome))
        for driver in V1_DRIVERS:
            value = shares.get(keys.index(driver))
            result.append(
                FigureRow(
                    section="importance",
                    metric=f"{outcome}:{driver}",
                    label=DRIVER_NAMES[driver],
                    unit="importance",
                    group_by="outcome",
                    group=outcome,
                    group_label=V1_ITEMS[outcome],
                    value=None if value is None else float(value),
                    n=None if suppressed or smallest == 0 else smallest,
                    suppressed=suppressed,
                    suppression=SMALL if suppressed else "",
                    minimum_size=context.minimum_size,
                )
            )
    return result


def _importance_shares(matrix: npt.NDArray[np.float64], outcome: int) -> dict[int, float]:
    keys = list(V1_ITEMS)
    drivers = [keys.index(driver) for driver in V1_DRIVERS]
    related = [d for d in drivers if np.isfinite(matrix[d, outcome])]
    usable = [d for d in related if np.isfinite(matrix[d, related]).all()]
    if not usable:
        return {}
    try:
        return relative_importance(matrix, outcome, usable)
    except ValueError:  # the outcome itself has no variance
        return {}


def v2_separation(frame: pd.DataFrame, context: Context) -> list[FigureRow]:
    """How much more often the dissatisfied name a driver than the satisfied (Holm)."""
    base = base_rows(frame)
    went_well = chosen_counts(base, POSITIVE_DRIVERS)
    not_well = chosen_counts(base, NEGATIVE_DRIVERS)
    offered_positive = offered_counts(base, context, POSITIVE_DRIVERS)
    offered_negative = offered_counts(base, context, NEGATIVE_DRIVERS)
    rows: list[FigureRow] = []
    comparisons: list[Comparison | None] = []
    for driver in V2_DRIVERS:
        negative = share_row(
            not_well.get(driver, 0),
            offered_negative[driver],
            context,
            section="separation",
            metric=f"separation:{driver}",
            label=DRIVER_NAMES[driver],
            group_by="trust",
            group="negative",
            group_label="Named as not going well",
        )
        positive_n = offered_positive[driver]
        too_small = 0 < positive_n < context.minimum_size
        rows.append(negative.suppress(REST) if too_small else negative)
        comparisons.append(
            None
            if negative.suppressed or too_small
            else compare_shares(
                not_well.get(driver, 0),
                offered_negative[driver],
                went_well.get(driver, 0),
                positive_n,
            )
        )
    adjusted = holm(comparisons)
    return [
        row.compared(comparison, "went well among the positive")
        for row, comparison in zip(rows, adjusted, strict=True)
    ]


def with_section(rows: list[FigureRow], section: str) -> list[FigureRow]:
    return [dataclasses.replace(row, section=section) for row in rows]
