"""Dashboards for callers that act for one organization rather than as a signed-in person.

An API key belongs to one organization, and an analyst's notebook names the organization it
studies. Both read the scopes an organization admin reads on the pages (every survey of the
organization) and the same dashboards (`dashboard_for`, through the dashboard cache). A scope
of another organization is not found, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from govcx.insights.analysis import CALENDAR_DIMENSIONS
from govcx.insights.cache import dashboard_cached
from govcx.insights.dashboard import BREAKDOWNS_BY_LEVEL, Dashboard
from govcx.insights.facts import ANSWER_SEGMENT_PREFIX, PAGE_SEGMENT
from govcx.insights.periods import PeriodError, period_from_key
from govcx.insights.selectors import InsightsFilters, Scope, scope_within
from govcx.lib.a11 import CHANNELS
from govcx.registry.models import Organization
from govcx.surveys.models import Survey

COLUMN_DIMENSIONS = frozenset(
    dimension for dims in BREAKDOWNS_BY_LEVEL.values() for dimension in dims
)


class QueryError(ValueError):
    """A filter that cannot be right; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def organization_surveys(organization: Organization) -> QuerySet[Survey]:
    """Every survey of the organization: what its organization admin reads through scope_for."""
    return Survey.objects.filter(organization=organization).select_related(
        "organization", "service", "current_version"
    )


def scope_for_organization(organization: Organization, level: str, identifier: str) -> Scope | None:
    """The organization's scope named by `level` and `identifier`, or None if it has none."""
    organizations = Organization.objects.filter(pk=organization.pk)
    return scope_within(organizations, organization_surveys(organization), level, identifier)


@dataclass(frozen=True)
class DashboardQuery:
    """The filters and views of a dashboard as text, the way an address or a notebook gives them."""

    period: str = "all"
    channel: str = ""
    language: str = ""
    segment: str = ""  # "page" or "answer:<question key>"
    segment_value: str = ""
    compare: str = "channel"  # the equity view's dimension
    trend: str = "fiscal_quarter"

    def filters(self) -> InsightsFilters:
        """The filters, after checking every one; a QueryError names the first that is wrong."""
        try:
            period = period_from_key(self.period)
        except PeriodError as error:
            raise QueryError("period", str(error)) from None
        if self.channel and self.channel not in CHANNELS:
            raise QueryError("channel", f"“{self.channel}” is not a channel: use {_all(CHANNELS)}.")
        self._check_segment()
        self._check_views()
        return InsightsFilters(
            period=period,
            channel=self.channel,
            language=self.language,
            segment=self.segment,
            segment_value=self.segment_value,
        )

    def _check_segment(self) -> None:
        if bool(self.segment) != bool(self.segment_value):
            message = "Give segment and segment_value together, or neither."
            raise QueryError("segment" if not self.segment else "segment_value", message)
        if self.segment and not _is_segment(self.segment):
            message = f"“{self.segment}” is not a segment: use page or answer:<question key>."
            raise QueryError("segment", message)

    def _check_views(self) -> None:
        if not (self.compare in COLUMN_DIMENSIONS or _is_segment(self.compare)):
            choices = _all([*sorted(COLUMN_DIMENSIONS), PAGE_SEGMENT, "answer:<question key>"])
            message = f"There is no comparison by “{self.compare}”: use {choices}."
            raise QueryError("compare", message)
        if self.trend not in CALENDAR_DIMENSIONS:
            message = f"“{self.trend}” is not a trend grain: use {_all(CALENDAR_DIMENSIONS)}."
            raise QueryError("trend", message)


def _is_segment(dimension: str) -> bool:
    is_answer = dimension.startswith(ANSWER_SEGMENT_PREFIX) and dimension != ANSWER_SEGMENT_PREFIX
    return dimension == PAGE_SEGMENT or is_answer


def _all(choices: Iterable[str]) -> str:
    names = list(choices)
    return ", ".join(str(name) for name in names[:-1]) + f" or {names[-1]}"


def organization_dashboard(
    organization: Organization, level: str, identifier: str, query: DashboardQuery
) -> Dashboard | None:
    """The dashboard of one of the organization's scopes; None when it has no such scope.

    The query is checked before the scope is looked up, so a bad filter is named (QueryError)
    whether or not the scope exists, and says nothing about which scopes do.
    """
    filters = query.filters()
    scope = scope_for_organization(organization, level, identifier)
    if scope is None:
        return None
    return dashboard_cached(scope, filters, equity_dimension=query.compare, trend_grain=query.trend)
