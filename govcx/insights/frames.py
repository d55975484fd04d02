"""The Python API: the figures the dashboards show, as pandas DataFrames, for notebooks.

    import django, os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govcx.settings")
    django.setup()
    from govcx import insights
    insights.trust(organization="VA", period="FY2026")

Every function computes the same `Dashboard` the pages and the JSON API compute and returns
its rows (`FigureRow`, one column per field of `ROW_FIELDS`), so a notebook, a page and an
API response cannot disagree. Suppressed rows keep no value, interval or n (NaN / <NA>).
See docs/insights-python-api.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Required, TypedDict, Unpack

import pandas as pd

from govcx.insights.access import DashboardQuery, organization_dashboard
from govcx.insights.dashboard import Dashboard
from govcx.insights.rows import ROW_FIELDS, FigureRow
from govcx.registry.models import Organization

FLOAT_FIELDS = ("value", "low", "high", "difference", "p_value", "adjusted_p_value")
# Nullable integers and booleans, so that a suppressed row's n is missing rather than 0.0.
DTYPES = {**dict.fromkeys(FLOAT_FIELDS, "float64"), "n": "Int64", "significant": "boolean"}
DRIVER_SECTIONS = ("v1_items", "importance", "v2_went_well", "v2_not_well", "separation")
NARROWER_LEVELS = ("provider", "service", "survey")


class Selection(TypedDict, total=False):
    """The scope and filters every function here takes, as keyword arguments."""

    organization: Required[str]  # the abbreviation, e.g. "VA"
    provider: str | None  # a service provider's slug
    service: str | None  # a service's public id (a UUID)
    survey: str | None  # a survey's public id (a UUID)
    period: str  # "all", "FY2026", "FY2026-Q1" or "2026-03"
    channel: str
    language: str
    segment: str  # "page" or "answer:<question key>"
    segment_value: str
    compare: str  # the equity view's dimension
    trend: str  # "fiscal_year", "fiscal_quarter" or "month"


def figures(
    *,
    organization: str,
    provider: str | None = None,
    service: str | None = None,
    survey: str | None = None,
    period: str = "all",
    channel: str = "",
    language: str = "",
    segment: str = "",
    segment_value: str = "",
    compare: str = "channel",
    trend: str = "fiscal_quarter",
) -> pd.DataFrame:
    """Every figure of a dashboard, one row per figure, in the order the page shows them.

    `organization` is an abbreviation; `provider` (a slug), `service` or `survey` (public ids)
    narrow the scope to one of its providers, services or surveys. An unknown scope, or one of
    another organization, raises LookupError; a filter that cannot be right, ValueError.
    """
    dashboard = dashboard_of(
        Selection(
            organization=organization,
            provider=provider,
            service=service,
            survey=survey,
            period=period,
            channel=channel,
            language=language,
            segment=segment,
            segment_value=segment_value,
            compare=compare,
            trend=trend,
        )
    )
    return frame_of(dashboard.rows)


def trust(**selection: Unpack[Selection]) -> pd.DataFrame:
    """The headline: the share of respondents who trust, as a one-row DataFrame."""
    return _section(dashboard_of(selection), ("trust",))


def trend(**selection: Unpack[Selection]) -> pd.DataFrame:
    """Trust per fiscal year, quarter or month (`trend=`), each tested against the one before."""
    return _section(dashboard_of(selection), ("trend",))


def breakdown(*, by: str, **selection: Unpack[Selection]) -> pd.DataFrame:
    """Trust per group of `by`: service, channel, language, survey, or a segment present."""
    dashboard = dashboard_of(selection)
    if by not in dashboard.breakdown_dimensions:
        raise ValueError(_no_dimension("breakdown", by, dashboard))
    rows = dashboard.section("breakdown", group_by=by)
    return frame_of(rows)


def equity(*, by: str, **selection: Unpack[Selection]) -> pd.DataFrame:
    """Trust of each group of `by` against everyone else, Holm-corrected across the groups."""
    if "compare" in selection:
        raise TypeError("equity() takes the dimension as `by`, not `compare`.")
    dashboard = dashboard_of(Selection(**selection, compare=by))
    if dashboard.equity_dimension != by:
        raise ValueError(_no_dimension("comparison", by, dashboard))
    return _section(dashboard, ("equity",))


def drivers(**selection: Unpack[Selection]) -> pd.DataFrame:
    """Version 1: each item and its importance; version 2: each driver and its separation."""
    return _section(dashboard_of(selection), DRIVER_SECTIONS)


def response_rates(**selection: Unpack[Selection]) -> pd.DataFrame:
    """Respondents ÷ customers offered a survey, per service and channel with volumes entered."""
    return _section(dashboard_of(selection), ("response_rate",))


def dashboard_of(selection: Selection) -> Dashboard:
    """The dashboard a selection names; LookupError for a scope the organization lacks."""
    organization = Organization.objects.filter(abbreviation=selection["organization"]).first()
    if organization is None:
        raise LookupError(f"There is no organization “{selection['organization']}”.")
    level, identifier = _level(selection, organization)
    dashboard = organization_dashboard(organization, level, identifier, _query(selection))
    if dashboard is None:
        raise LookupError(f"{organization.abbreviation} has no {level} “{identifier}”.")
    return dashboard


def _level(selection: Selection, organization: Organization) -> tuple[str, str]:
    given = [
        (level, str(selection.get(level)))
        for level in NARROWER_LEVELS
        if selection.get(level) is not None
    ]
    if len(given) > 1:
        names = " and ".join(level for level, _ in given)
        raise ValueError(f"Give one of provider, service or survey, not {names}.")
    return given[0] if given else ("organization", organization.abbreviation)


def _query(selection: Selection) -> DashboardQuery:
    default = DashboardQuery()
    return DashboardQuery(
        period=selection.get("period", default.period),
        channel=selection.get("channel", default.channel),
        language=selection.get("language", default.language),
        segment=selection.get("segment", default.segment),
        segment_value=selection.get("segment_value", default.segment_value),
        compare=selection.get("compare", default.compare),
        trend=selection.get("trend", default.trend),
    )


def frame_of(rows: Sequence[FigureRow]) -> pd.DataFrame:
    """FigureRows as a DataFrame with the columns of ROW_FIELDS, in order, even when empty."""
    frame = pd.DataFrame([row.as_dict() for row in rows], columns=list(ROW_FIELDS))
    return frame.astype(DTYPES | {"suppressed": "bool", "minimum_size": "int64"})


def _section(dashboard: Dashboard, sections: Sequence[str]) -> pd.DataFrame:
    return frame_of([row for row in dashboard.rows if row.section in sections])


def _no_dimension(view: str, by: str, dashboard: Dashboard) -> str:
    choices = ", ".join(dashboard.breakdown_dimensions)
    return f"There is no {view} by “{by}” for {dashboard.scope.title}: use one of {choices}."
