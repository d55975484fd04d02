"""People the reporting tests need beyond the shared world: each agency's performance manager."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from govcx.registry.models import Role, User
from govcx.registry.services import membership_grant
from tests.conftest import World, make_user


@dataclass
class Reviewers:
    performance_a: User  # performance manager of agency A
    performance_b: User  # performance manager of agency B


@pytest.fixture
def reviewers(world: World) -> Reviewers:
    performance_a = make_user("performance_a")
    performance_b = make_user("performance_b")
    membership_grant(
        user=performance_a, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER
    )
    membership_grant(
        user=performance_b, organization=world.b.organization, role=Role.PERFORMANCE_MANAGER
    )
    return Reviewers(performance_a=performance_a, performance_b=performance_b)
