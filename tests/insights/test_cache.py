"""A cached dashboard is never staler than one computed now."""

from __future__ import annotations

from govcx.insights.cache import dashboard_cached
from govcx.insights.rollups import rollups_update
from govcx.insights.selectors import InsightsFilters, scope_for
from govcx.registry.models import Organization
from govcx.responses.services import response_mark_spam
from tests.conftest import World
from tests.responses.helpers import submit


def _trust_n(world: World) -> int | None:
    scope = scope_for(world.admin_a, "organization", "AGA")
    assert scope is not None
    return dashboard_cached(scope, InsightsFilters()).trust.n


def test_new_counts_and_a_new_minimum_reach_a_cached_dashboard(world: World) -> None:
    made = [submit(world.a.survey) for _ in range(11)]
    rollups_update()
    assert _trust_n(world) == 11
    assert _trust_n(world) == 11  # from the cache
    response_mark_spam(response=made[0], user=world.manager_a, is_spam=True)
    assert _trust_n(world) == 11  # not yet counted: the rollups have not changed
    rollups_update()
    assert _trust_n(world) == 10
    Organization.objects.filter(pk=world.a.organization.pk).update(minimum_group_size=20)
    assert _trust_n(world) is None  # now under the minimum: suppressed, not served stale
