"""Reads about who may see what. Every scoped page and endpoint starts from these."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Q, QuerySet

from govcx.lib.fiscal import FiscalQuarter
from govcx.lib.redaction import AgencyPattern, PatternError, compile_agency_pattern
from govcx.registry.models import (
    AuditEvent,
    Membership,
    Organization,
    RedactionPattern,
    Role,
    Service,
    ServiceVolume,
    User,
)

logger = logging.getLogger(__name__)

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


# --- redaction patterns and the audit log ---------------------------------------------------------

# Every stored comment is run through its organization's patterns, so they are cached; a
# change through the services below forgets the entry at once, and the timeout bounds how
# long a process whose cache was not told (an unreachable cache) can run on old patterns.
REDACTION_PATTERNS_CACHE_SECONDS = 300
# Who may read the original of a comment: this role only. A superuser or an organization
# admin is not a reader unless granted the role, so that every reader was chosen by name.
ORIGINAL_READER_ROLES = (Role.ORIGINAL_COMMENT_READER,)
# Who manages redaction patterns and reads the audit log of their organization.
REDACTION_ADMIN_ROLES = (Role.ORGANIZATION_ADMIN,)


def redaction_patterns_cache_key(organization_id: int) -> str:
    return f"redaction-patterns:{organization_id}"


PatternSource = tuple[str, str, str]  # label, pattern, test string


def redaction_patterns_compiled(organization_id: int) -> tuple[AgencyPattern, ...]:
    """The organization's active patterns, checked and compiled, for the redactor."""
    sources = _redaction_pattern_sources(organization_id)
    compiled = (_compiled_pattern(organization_id, source) for source in sources)
    return tuple(pattern for pattern in compiled if pattern is not None)


def _redaction_pattern_sources(organization_id: int) -> tuple[PatternSource, ...]:
    key = redaction_patterns_cache_key(organization_id)
    try:
        cached = cache.get(key)
    except Exception:  # an unreachable cache must not stop responses from being stored
        logger.warning("Redaction pattern cache unavailable; read from the database", exc_info=True)
        cached = None
    if cached is not None:
        return tuple(cached)
    sources = tuple(
        RedactionPattern.objects.filter(organization_id=organization_id, active=True)
        .order_by("label")
        .values_list("label", "pattern", "test_string")
    )
    try:
        cache.set(key, sources, REDACTION_PATTERNS_CACHE_SECONDS)
    except Exception:
        logger.warning("Redaction pattern cache unavailable; not cached", exc_info=True)
    return sources


def _compiled_pattern(organization_id: int, source: PatternSource) -> AgencyPattern | None:
    try:
        return _compile_once(source)
    except PatternError:
        # Checked when saved, so only a stricter redactor can refuse it now. The label, never
        # a comment, goes to the log; the other patterns still apply.
        logger.warning(
            "Redaction pattern %s of organization %s is refused by the redactor and not applied",
            source[0],
            organization_id,
        )
        return None


@functools.lru_cache(maxsize=1024)
def _compile_once(source: PatternSource) -> AgencyPattern:
    label, pattern, test_string = source
    return compile_agency_pattern(label, pattern, test_string)


def redaction_patterns_administered(user: AnyUser) -> QuerySet[RedactionPattern]:
    """Every pattern, active or not, of the organizations the user administers."""
    return (
        RedactionPattern.objects.filter(
            organization__in=organizations_where(user, REDACTION_ADMIN_ROLES)
        )
        .select_related("organization", "created_by")
        .order_by("organization__name", "-active", "name", "pk")
    )


def original_reader_organization_ids(user: AnyUser) -> frozenset[int]:
    """Organizations whose original comments the user may read: by the role alone."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, role__in=ORIGINAL_READER_ROLES).values_list(
            "organization_id", flat=True
        )
    )


def can_read_original_comments(user: AnyUser, organization_id: int) -> bool:
    return organization_id in original_reader_organization_ids(user)


def audit_events_visible_to(user: AnyUser) -> QuerySet[AuditEvent]:
    """The audit log of the organizations the user administers, newest first."""
    return (
        AuditEvent.objects.filter(organization__in=organizations_where(user, REDACTION_ADMIN_ROLES))
        .select_related("organization", "user")
        .order_by("-created_at", "-id")
    )
