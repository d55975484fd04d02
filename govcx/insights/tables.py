"""The data table under each chart: every figure it draws, with its n and interval.

Cells are text, formatted here, so the template only lays them out; a suppressed figure's
cells read "fewer than N responses" and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from govcx.insights.analysis import dimension_label
from govcx.insights.charts import driver_name
from govcx.insights.formatting import (
    comparison_text,
    group_text,
    n_text,
    percent,
    points,
    value_text,
)
from govcx.insights.metrics import V1_DRIVERS
from govcx.insights.rows import FigureRow

NOT_COMPARED = "—"


@dataclass(frozen=True)
class TableRow:
    header: str  # the row's name, shown as <th scope="row">
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    header: str  # the first column's heading
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]


def significance_text(row: FigureRow) -> str:
    if row.significant is None:
        return NOT_COMPARED
    return "Yes" if row.significant else "No"


def difference_text(row: FigureRow) -> str:
    return points(row.difference) if row.difference is not None else NOT_COMPARED


def trend_table(rows: Sequence[FigureRow], grain: str) -> Table:
    return Table(
        caption=f"Trust by {dimension_label(grain).lower()}",
        header=dimension_label(grain),
        columns=(
            "Trust: share positive (95 % CI)",
            "n",
            "Change from the period before",
            "Test",
            "Significant",
        ),
        rows=tuple(
            TableRow(
                group_text(row),
                (
                    value_text(row),
                    n_text(row),
                    difference_text(row),
                    comparison_text(row) or NOT_COMPARED,
                    significance_text(row),
                ),
            )
            for row in rows
        ),
    )


def breakdown_table(rows: Sequence[FigureRow], dimension: str) -> Table:
    label = dimension_label(dimension)
    return Table(
        caption=f"Trust by {label.lower()}",
        header=label,
        columns=("Trust: share positive (95 % CI)", "n"),
        rows=tuple(TableRow(group_text(row), (value_text(row), n_text(row))) for row in rows),
    )


def equity_table(rows: Sequence[FigureRow], dimension: str) -> Table:
    label = dimension_label(dimension)
    return Table(
        caption=f"Trust of each {label.lower()} against everyone else",
        header=label,
        columns=(
            "Trust: share positive (95 % CI)",
            "n",
            "Everyone else",
            "Difference",
            "Test",
            "Significant",
        ),
        rows=tuple(
            TableRow(
                group_text(row),
                (
                    value_text(row),
                    n_text(row),
                    _rest_text(row),
                    difference_text(row),
                    comparison_text(row) or NOT_COMPARED,
                    significance_text(row),
                ),
            )
            for row in rows
        ),
    )


def _rest_text(row: FigureRow) -> str:
    if row.suppressed or row.value is None or row.difference is None:
        return NOT_COMPARED
    return percent(row.value - row.difference)


def v1_items_table(rows: Sequence[FigureRow]) -> Table:
    by_metric = {row.metric: row for row in rows}
    items = list(dict.fromkeys(row.metric.split(":")[0] for row in rows))
    table_rows = []
    for item in items:
        mean, agree = by_metric[f"{item}:mean"], by_metric[f"{item}:agree"]
        scale = tuple(value_text(by_metric[f"{item}:{point}"]) for point in range(1, 6))
        cells = (value_text(mean), value_text(agree), n_text(agree), *scale)
        table_rows.append(TableRow(agree.label, cells))
    return Table(
        caption="Version 1 items: mean, share agreeing and the share at each point of the scale",
        header="Item",
        columns=(
            "Mean, 1–5 (95 % CI)",
            "Share agreeing, 4–5 (95 % CI)",
            "n",
            *(f"Share answering {point} (95 % CI)" for point in range(1, 6)),
        ),
        rows=tuple(table_rows),
    )


def importance_table(items: Sequence[FigureRow], importance: Sequence[FigureRow]) -> Table:
    agree = {row.metric.split(":")[0]: row for row in items if row.metric.endswith(":agree")}
    weights = {row.metric: row for row in importance}
    table_rows = []
    for driver in V1_DRIVERS:
        performance = agree.get(driver)
        trust, satisfaction = weights.get(f"trust:{driver}"), weights.get(f"satisfaction:{driver}")
        if performance is None or trust is None or satisfaction is None:
            continue
        cells = (
            value_text(performance),
            value_text(trust),
            value_text(satisfaction),
            n_text(trust),
        )
        table_rows.append(TableRow(trust.label, cells))
    return Table(
        caption="Importance and performance of each driver",
        header="Driver",
        columns=(
            "Performance: share agreeing (95 % CI)",
            "Importance for trust (share of variance explained)",
            "Importance for satisfaction (share of variance explained)",
            "n (respondents answering both items, smallest pair)",
        ),
        rows=tuple(table_rows),
    )


def v2_drivers_table(went_well: Sequence[FigureRow], not_well: Sequence[FigureRow]) -> Table:
    negative = {driver_name(row): row for row in not_well}
    table_rows = []
    for row in went_well:
        other = negative.get(driver_name(row))
        negative_cells = (
            (value_text(other), n_text(other)) if other is not None else (NOT_COMPARED,) * 2
        )
        table_rows.append(
            TableRow(driver_name(row), (value_text(row), n_text(row), *negative_cells))
        )
    return Table(
        caption="What went well (positive respondents) and what did not (negative respondents)",
        header="Driver",
        columns=(
            "Went well: share of the positive (95 % CI)",
            "n (positive, shown the question)",
            "Did not go well: share of the negative (95 % CI)",
            "n (negative, shown the question)",
        ),
        rows=tuple(table_rows),
    )


def separation_table(separation: Sequence[FigureRow], went_well: Sequence[FigureRow]) -> Table:
    positive = {driver_name(row): row for row in went_well}
    table_rows = []
    for row in separation:
        match = positive.get(driver_name(row))
        positive_text = NOT_COMPARED if match is None or row.suppressed else value_text(match)
        cells = (
            value_text(row),
            n_text(row),
            positive_text,
            difference_text(row),
            comparison_text(row) or NOT_COMPARED,
            significance_text(row),
        )
        table_rows.append(TableRow(driver_name(row), cells))
    return Table(
        caption="Drivers named by the negative as not going well, against the positive",
        header="Driver",
        columns=(
            "Not well: share of the negative (95 % CI)",
            "n (negative)",
            "Went well: share of the positive (95 % CI)",
            "Difference",
            "Test",
            "Significant",
        ),
        rows=tuple(table_rows),
    )


def response_rate_table(rows: Sequence[FigureRow]) -> Table:
    return Table(
        caption="Response rate: respondents ÷ customers offered a survey",
        header="Service · channel",
        columns=("Response rate (95 % CI)", "Customers offered a survey (n)"),
        rows=tuple(TableRow(row.label, (value_text(row), n_text(row))) for row in rows),
    )


def questions_table(rows: Sequence[FigureRow]) -> Table:
    return Table(
        caption="Answers to the survey's questions",
        header="Question",
        columns=("Answer", "Figure (95 % CI)", "n"),
        rows=tuple(
            TableRow(
                row.label,
                (
                    row.group_label or ("Mean" if row.unit == "mean" else NOT_COMPARED),
                    value_text(row),
                    n_text(row),
                ),
            )
            for row in rows
        ),
    )
