"""GET /api/v1/insights/{level}/{identifier}: a dashboard's figures, read with an API key.

The figures are the rows of the same `Dashboard` the pages and the Python API show, so the
three agree. A key reads only its own organization's scopes: another organization's
identifier answers 404, exactly like one that does not exist or is not even a UUID.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from govcx.api.keys import ApiKeyAuth
from govcx.api.models import ApiKey
from govcx.api.submissions import Problem
from govcx.insights.access import DashboardQuery, QueryError, organization_dashboard
from govcx.insights.analysis import CALENDAR_DIMENSIONS
from govcx.insights.dashboard import Dashboard
from govcx.insights.rows import FigureRow

router = Router(tags=["insights"])

NOT_FOUND = "Your organization has nothing at this level with this identifier."
IDENTIFIER_HELP = (
    "The organization's abbreviation, a provider's slug, or a service's or survey's id (UUID)."
)
Level = Literal["organization", "provider", "service", "survey"]


class InsightsQuery(Schema):
    period: str = Field(
        "all",
        description="all, a fiscal year (FY2026), a quarter (FY2026-Q1) or a month (2026-03)",
    )
    channel: str = Field("", description="Only responses through this A-11 channel.")
    language: str = Field("", description="Only responses in this language (e.g. en, es).")
    segment: str = Field("", description="page, or answer:<question key>; with segment_value.")
    segment_value: str = Field("", description="Only respondents in this group of the segment.")
    compare: str = Field(
        "channel", description="The equity view's dimension: each group against the rest."
    )
    # Checked with the other filters, so that every bad filter is named the same way.
    trend: str = Field(
        "fiscal_quarter",
        description="The trend's grain.",
        json_schema_extra={"enum": list(CALENDAR_DIMENSIONS)},
    )


class ScopeOut(Schema):
    level: Level
    identifier: str
    title: str
    organization: str = Field(description="The organization's abbreviation.")


class FiltersOut(Schema):
    period: str
    period_label: str
    channel: str
    language: str
    segment: str
    segment_value: str
    compare: str = Field(description="The equity view's dimension as shown (see `compare`).")
    trend: str


class FigureOut(Schema):
    """One figure (a FigureRow); a suppressed one has no value, interval or n."""

    section: str = Field(description='The part of the dashboard: "trust", "trend", "v1_items" …')
    metric: str = Field(description='A stable key: "trust", "ease:mean", …')
    label: str
    unit: str = Field(description='"share" (0–1), "mean", "importance" or "difference".')
    group_by: str = Field(description='"" for the whole scope, else the dimension grouped by.')
    group: str
    group_label: str
    value: float | None
    low: float | None = Field(description="The 95% interval's lower end.")
    high: float | None = Field(description="The 95% interval's upper end.")
    n: int | None = Field(description="Respondents (or cases) behind the figure.")
    suppressed: bool = Field(description="Hidden: nothing about it is shown.")
    suppression: str = Field(
        description=(
            '"small" (fewer than minimum_size respondents), "complement" (hidden so that a '
            'smaller hidden group cannot be worked out by subtraction), "rest" (everyone else '
            'is fewer than minimum_size); "" when shown.'
        )
    )
    minimum_size: int
    compared_with: str = Field(description='"rest", the previous period, …; "" if not compared.')
    test: str = Field(description="The test named when compared.")
    difference: float | None
    p_value: float | None
    adjusted_p_value: float | None = Field(description="After the correction named.")
    correction: str
    significant: bool | None


class DashboardOut(Schema):
    scope: ScopeOut
    filters: FiltersOut
    respondents: int
    minimum_group_size: int = Field(description="Groups smaller than this are suppressed.")
    methods: dict[str, str] = Field(description="How importance and separation are computed.")
    figures: list[FigureOut]


@router.get(
    "/{level}/{identifier}",
    response={200: DashboardOut, 401: Problem, 404: Problem, 422: Problem},
    summary="Read the figures of your organization, a provider, a service or a survey",
    description=(
        "The figures the dashboard shows for the same scope and filters, one per FigureRow. "
        "A group smaller than minimum_group_size is suppressed: it has no value, interval or n."
    ),
    auth=ApiKeyAuth(),
)
def insights_read(
    request: HttpRequest,
    level: Level,
    identifier: Annotated[str, Path(description=IDENTIFIER_HELP)],
    query: Query[InsightsQuery],
) -> Status[dict[str, Any]]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    wanted = DashboardQuery(**query.dict())
    try:
        dashboard = organization_dashboard(api_key.organization, level, identifier, wanted)
    except QueryError as error:
        problem = {"detail": "The request is not valid.", "errors": {error.field: [str(error)]}}
        return Status(422, problem)
    if dashboard is None:
        return Status(404, {"detail": NOT_FOUND})
    return Status(200, _dashboard_out(dashboard, identifier, wanted.trend))


def _dashboard_out(dashboard: Dashboard, identifier: str, trend: str) -> dict[str, Any]:
    filters, scope = dashboard.filters, dashboard.scope
    return {
        "scope": {
            "level": scope.level,
            "identifier": identifier,
            "title": scope.title,
            "organization": scope.organization.abbreviation,
        },
        "filters": {
            "period": filters.period.key,
            "period_label": filters.period.label,
            "channel": filters.channel,
            "language": filters.language,
            "segment": filters.segment,
            "segment_value": filters.segment_value,
            "compare": dashboard.equity_dimension,
            "trend": trend,
        },
        "respondents": dashboard.respondents,
        "minimum_group_size": dashboard.minimum_size,
        "methods": dashboard.methods,
        "figures": [_figure_out(row) for row in dashboard.rows],
    }


def _figure_out(row: FigureRow) -> dict[str, Any]:
    """The row as a dict; JSON has no NaN, so a figure that is not a number is null."""
    return {
        name: None if isinstance(value, float) and not math.isfinite(value) else value
        for name, value in row.as_dict().items()
    }
