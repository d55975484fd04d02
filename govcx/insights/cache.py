"""Dashboards kept in the cache until the rollups, volumes or suppression rule change.

A dashboard is a pure function of the rollups, the organization's minimum group size, the
volumes entered, the scope's surveys and the filters. The cache key holds all of them (the
rollups by how far updates and rebuilds have got), so a cached dashboard is never staler
than one computed now — it is the same dashboard.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max

from govcx.insights.dashboard import Dashboard, dashboard_for
from govcx.insights.models import RollupState
from govcx.insights.selectors import InsightsFilters, Scope
from govcx.registry.models import ServiceVolume

TIMEOUT_SECONDS = 600
# Part of every key: raise it when a release changes how a dashboard's figures are worked out,
# so that dashboards cached by the release before are not served after it.
FIGURES_REVISION = 2


def dashboard_cached(
    scope: Scope,
    filters: InsightsFilters,
    *,
    equity_dimension: str = "channel",
    trend_grain: str = "fiscal_quarter",
) -> Dashboard:
    key = _key(scope, filters, equity_dimension, trend_grain)
    found = cache.get(key)
    if isinstance(found, Dashboard):
        return found
    board = dashboard_for(
        scope, filters, equity_dimension=equity_dimension, trend_grain=trend_grain
    )
    cache.set(key, board, TIMEOUT_SECONDS)
    return board


def _key(scope: Scope, filters: InsightsFilters, equity: str, trend: str) -> str:
    state = (
        RollupState.objects.filter(pk=1)
        .values_list("changes_applied", "updated_at", "rebuilt_at")
        .first()
    )
    services = {survey.service_id for survey in scope.surveys if survey.service_id}
    volumes = ServiceVolume.objects.filter(service_id__in=services).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    parts = (
        FIGURES_REVISION,
        scope.level,
        scope.organization.pk,
        scope.organization.minimum_group_size,
        tuple((s.pk, s.title, s.kind, s.service_id) for s in scope.surveys),
        filters,
        equity,
        trend,
        state,
        tuple(sorted(volumes.items())),
    )
    return "insights:dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()
