"""Reads about who may see what. Every scoped page and endpoint starts from these."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Organization, Role, Service, ServiceVolume, User

AnyUser = User | AnonymousUser

ALL_ROLES: tuple[Role, ...] = tuple(Role)
# Who records a service's volumes; every other member of its organization reads them.
VOLUME_EDITING_ROLES = (Role.ORGANIZATION_ADMIN, Role.SURVEY_MANAGER)


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


def can_edit_service_volumes(user: AnyUser, service: Service) -> bool:
    return (
        organizations_where(user, VOLUME_EDITING_ROLES).filter(pk=service.organization_id).exists()
    )


def service_volumes(
    *,
    services: Iterable[Service] | QuerySet[Service],
    quarters: Iterable[FiscalQuarter] | None = None,
) -> list[ServiceVolume]:
    """The volumes recorded for these services (in these quarters, or all), from one query."""
    if isinstance(services, QuerySet):
        volumes = ServiceVolume.objects.filter(service__in=services)
    else:
        volumes = ServiceVolume.objects.filter(service__in=[service.pk for service in services])
    if quarters is not None:
        in_quarters = Q(pk__in=[])  # no quarters asked for: nothing
        for quarter in set(quarters):
            in_quarters |= Q(fiscal_year=quarter.fiscal_year, fiscal_quarter=quarter.quarter)
        volumes = volumes.filter(in_quarters)
    return list(
        volumes.select_related("service").order_by(
            "service__organization__name",
            "service__name",
            "service_id",
            "fiscal_year",
            "fiscal_quarter",
            "channel",
        )
    )
