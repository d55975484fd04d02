"""Reads about who may see what. Every scoped page and endpoint starts from these."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from govcx.registry.models import Organization, Role, Service, User

AnyUser = User | AnonymousUser

ALL_ROLES: tuple[Role, ...] = tuple(Role)


def organizations_where(user: AnyUser, roles: Iterable[Role] = ALL_ROLES) -> QuerySet[Organization]:
    """Organizations in which the user holds at least one of `roles` (all, for a superuser)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=list(roles)
    ).distinct()


def user_has_role(user: AnyUser, organization: Organization, roles: Iterable[Role]) -> bool:
    return organizations_where(user, roles).filter(pk=organization.pk).exists()


def services_visible_to(user: AnyUser) -> QuerySet[Service]:
    return (
        Service.objects.filter(organization__in=organizations_where(user))
        .select_related("organization", "provider")
        .order_by("organization__name", "name")
    )
