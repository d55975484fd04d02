"""Reads that only the staff pages need."""

from __future__ import annotations

from dataclasses import dataclass, field

from govcx.registry.models import Membership, Organization, User
from govcx.registry.selectors import organizations_where
from govcx.surveys.selectors import MANAGING_ROLES


@dataclass
class OrganizationRoles:
    organization: Organization
    roles: list[str] = field(default_factory=list)


def organization_roles_of(user: User) -> list[OrganizationRoles]:
    """The user's organizations, each with the names of the roles held there, from one query."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name", "role")
    )
    grouped: dict[int, OrganizationRoles] = {}
    for membership in memberships:
        entry = grouped.setdefault(
            membership.organization_id, OrganizationRoles(membership.organization)
        )
        entry.roles.append(membership.get_role_display())
    return list(grouped.values())


def manages_surveys_somewhere(user: User) -> bool:
    """Whether the user may create surveys in at least one organization."""
    return organizations_where(user, MANAGING_ROLES).exists()
