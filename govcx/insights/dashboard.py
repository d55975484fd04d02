"""Everything a dashboard shows for one scope and set of filters, computed once.

Pages, CSV downloads, the JSON API and the Python API all start here, so they cannot
disagree: each reads `Dashboard.rows`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd

from govcx.insights import analysis, metrics
from govcx.insights.periods import response_rate_period
from govcx.insights.rows import FigureRow
from govcx.insights.selectors import (
    InsightsFilters,
    Scope,
    context_for,
    pair_frame,
    respondent_frame,
    rollup_frame,
)

BREAKDOWNS_BY_LEVEL: dict[str, tuple[str, ...]] = {
    "organization": ("service", "channel", "language", "survey"),
    "provider": ("service", "channel", "language", "survey"),
    "service": ("channel", "language", "survey"),
    "survey": ("channel", "language"),
}


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    filters: InsightsFilters
    respondents: int
    rows: list[FigureRow]
    breakdown_dimensions: tuple[str, ...]
    equity_dimension: str
    has_v1: bool
    has_v2: bool
    minimum_size: int
    methods: dict[str, str] = field(default_factory=dict)

    def section(self, name: str, group_by: str | None = None) -> list[FigureRow]:
        return [
            row
            for row in self.rows
            if row.section == name and (group_by is None or row.group_by == group_by)
        ]

    @property
    def trust(self) -> FigureRow:
        return self.section("trust")[0]

    @property
    def response_rates_withheld(self) -> bool:
        return response_rates_withheld(self.filters)


def dashboard_for(
    scope: Scope,
    filters: InsightsFilters,
    *,
    equity_dimension: str = "channel",
    trend_grain: str = "fiscal_quarter",
) -> Dashboard:
    frame = rollup_frame(scope, filters)
    context = context_for(scope, frame, response_rate_period(filters.period))
    kinds = {survey.kind for survey in scope.surveys}
    segments = tuple(analysis.segment_dimensions(frame))
    dimensions = BREAKDOWNS_BY_LEVEL[scope.level] + segments
    if equity_dimension not in dimensions:
        equity_dimension = dimensions[0]
    trust = metrics.trust_rows(frame, context)
    rows: list[FigureRow] = [metrics.trust_figure(trust, context)]
    rows.extend(analysis.trend(trust, context, trend_grain))
    for dimension in dimensions:
        rows.extend(analysis.breakdown(trust, context, dimension))
    rows.extend(analysis.equity(trust, context, equity_dimension))
    has_v1 = metrics.V1_KIND in kinds
    has_v2 = bool(kinds & {"a11_v2_thumbs", "a11_v2_likert"})
    if has_v1:
        rows.extend(metrics.v1_item_rows(frame, context))
        rows.extend(analysis.v1_importance(pair_frame(scope, filters), context))
    if has_v2:
        rows.extend(metrics.v2_driver_rows(frame, context))
        rows.extend(analysis.v2_separation(frame, context))
    rows.extend(response_rates(scope, filters, frame, context))
    for survey in scope.surveys:
        if survey.kind not in metrics.A11_KINDS or scope.level == "survey":
            rows.extend(metrics.question_rows(frame, context, survey.pk))
    return Dashboard(
        scope=scope,
        filters=filters,
        respondents=metrics.respondents(frame),
        rows=rows,
        breakdown_dimensions=dimensions,
        equity_dimension=equity_dimension,
        has_v1=has_v1,
        has_v2=has_v2,
        minimum_size=context.minimum_size,
        methods={
            "importance": analysis.IMPORTANCE_METHOD,
            "separation": analysis.SEPARATION_METHOD,
        },
    )


def response_rates_withheld(filters: InsightsFilters) -> bool:
    """Whether the filters pick a group of respondents no response rate can describe.

    Volumes count the customers offered a survey per service, channel and quarter only; how
    many of them spoke a language, or would have answered a question a certain way, is not
    recorded. A group's respondents divided by everyone's offers would understate its rate.
    """
    return bool(filters.language or filters.segment)


def response_rates(
    scope: Scope, filters: InsightsFilters, frame: pd.DataFrame, context: metrics.Context
) -> list[FigureRow]:
    """The response rates shown with the figures of `frame` (the filters' rows): the filtered
    channel's only, and none for a language or segment (see `response_rates_withheld`). A
    month's dashboard shows its whole quarter's rates, labelled so, from that quarter's
    respondents: volumes are entered per quarter and cannot be split into months (see
    `periods.response_rate_period`)."""
    if response_rates_withheld(filters):
        return []
    period = response_rate_period(filters.period)
    if period == filters.period:
        return metrics.response_rate_rows(frame, context, period, channel=filters.channel)
    quarter = respondent_frame(scope, dataclasses.replace(filters, period=period))
    return metrics.response_rate_rows(
        quarter, context, period, channel=filters.channel, name_period=True
    )
