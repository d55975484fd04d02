"""Every write to the registry goes through one of these functions."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from govcx.lib.a11 import CHANNELS
from govcx.lib.fiscal import FiscalQuarter
from govcx.lib.redaction import PatternError, compile_agency_pattern
from govcx.registry.models import (
    AuditEvent,
    Membership,
    Organization,
    RedactionPattern,
    Role,
    Service,
    ServiceProvider,
    ServiceVolume,
    User,
)
from govcx.registry.selectors import redaction_patterns_cache_key, service_volumes

logger = logging.getLogger(__name__)


@transaction.atomic
def organization_create(
    *,
    name: str,
    abbreviation: str,
    email_domains: list[str] | None = None,
    parent: Organization | None = None,
    require_survey_approval: bool = False,
    collect_ip_addresses: bool = False,
) -> Organization:
    organization = Organization(
        name=name,
        abbreviation=abbreviation,
        email_domains=[domain.lower() for domain in email_domains or []],
        parent=parent,
        require_survey_approval=require_survey_approval,
        collect_ip_addresses=collect_ip_addresses,
    )
    organization.full_clean()
    organization.save()
    return organization


@transaction.atomic
def service_provider_create(
    *,
    organization: Organization,
    name: str,
    slug: str,
    department: str = "",
    bureau: str = "",
    year_designated: int | None = None,
    active: bool = True,
) -> ServiceProvider:
    provider = ServiceProvider(
        organization=organization,
        name=name,
        slug=slug,
        department=department,
        bureau=bureau,
        year_designated=year_designated,
        active=active,
    )
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def service_create(
    *,
    organization: Organization,
    name: str,
    kind: str,
    channels: list[str],
    provider: ServiceProvider | None = None,
    description: str = "",
    is_hisp_service: bool = False,
    estimated_annual_customers: int | None = None,
) -> Service:
    if provider is not None and provider.organization_id != organization.pk:
        raise ValueError("A service's provider must belong to the same organization.")
    service = Service(
        organization=organization,
        provider=provider,
        name=name,
        description=description,
        channels=channels,
        kind=kind,
        is_hisp_service=is_hisp_service,
        estimated_annual_customers=estimated_annual_customers,
    )
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def membership_grant(*, user: User, organization: Organization, role: Role) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    return membership


@transaction.atomic
def membership_revoke(*, user: User, organization: Organization, role: Role) -> None:
    Membership.objects.filter(user=user, organization=organization, role=role).delete()


MAX_SURVEY_FATIGUE_DAYS = 365


@transaction.atomic
def organization_update_survey_fatigue(*, organization: Organization, days: int) -> Organization:
    """How long a visitor shown one of the organization's embedded surveys is not asked again."""
    if not 0 <= days <= MAX_SURVEY_FATIGUE_DAYS:
        message = f"Give a number of days from 0 to {MAX_SURVEY_FATIGUE_DAYS}."
        raise ValidationError({"survey_fatigue_days": message})
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.survey_fatigue_days = days
    organization.full_clean()
    organization.save(update_fields=["survey_fatigue_days"])
    return organization


# --- service volumes -----------------------------------------------------------------------------


@transaction.atomic
def service_volume_set(
    *,
    service: Service,
    channel: str,
    quarter: FiscalQuarter,
    customers: int,
    offered_survey: int,
    user: User | None,
) -> ServiceVolume:
    """Record how many customers a service served on a channel in a quarter, and how many of
    them were offered a survey; replaces what was recorded before."""
    _require_quarter_begun(quarter)
    volume = ServiceVolume.objects.select_for_update().filter(
        service=service,
        channel=channel,
        fiscal_year=quarter.fiscal_year,
        fiscal_quarter=quarter.quarter,
    ).first() or ServiceVolume(
        service=service,
        channel=channel,
        fiscal_year=quarter.fiscal_year,
        fiscal_quarter=quarter.quarter,
    )
    volume.service = service  # so that clean() reads the service's channels without a query
    volume.customers = customers
    volume.offered_survey = offered_survey
    volume.updated_by = user
    volume.full_clean()
    volume.save()
    return volume


def _require_quarter_begun(quarter: FiscalQuarter) -> None:
    # Today in UTC (settings.TIME_ZONE), which is ahead of every US time zone: a quarter that
    # has begun anywhere in the country is accepted.
    if quarter.start > timezone.localdate():
        message = f"{quarter.label} has not begun yet; give volumes for quarters that have."
        raise ValidationError({"fiscal_quarter": message})


@transaction.atomic
def service_volume_clear(
    *, service: Service, channel: str, quarter: FiscalQuarter, user: User | None
) -> None:
    """Forget the volumes recorded for a service's channel in a quarter, if any.

    `user` is taken for symmetry with `service_volume_set`; a cleared cell keeps no row to
    record it on.
    """
    ServiceVolume.objects.filter(
        service=service,
        channel=channel,
        fiscal_year=quarter.fiscal_year,
        fiscal_quarter=quarter.quarter,
    ).delete()


VOLUME_FIELDS = ("customers", "offered_survey")


@dataclass(frozen=True)
class VolumeEntry:
    """One cell of a service's volumes: both figures to record them, or neither to clear it."""

    quarter: FiscalQuarter
    channel: str
    customers: int | None
    offered_survey: int | None

    @property
    def clears(self) -> bool:
        return self.customers is None and self.offered_survey is None


def volume_entry_key(quarter: FiscalQuarter, channel: str, field: str) -> str:
    """The name a cell's figure is given and reported under, such as FY2026-Q1-phone-customers."""
    return f"{quarter.key}-{channel}-{field}"


@transaction.atomic
def service_volumes_save(
    *, service: Service, entries: Iterable[VolumeEntry], user: User | None
) -> int:
    """Set or clear every cell that changed, all or none; the number of cells changed.

    A ValidationError names each bad figure by `volume_entry_key`; problems that concern a
    whole cell are non-field errors naming its quarter and channel.
    """
    # Saves of one service's table wait for each other, so that two people saving at once
    # cannot both create the same cell, and each compares against what the other left.
    Service.objects.select_for_update().filter(pk=service.pk).values_list("pk").get()
    entries = list(entries)
    quarters = {entry.quarter for entry in entries}
    recorded = {
        (volume.quarter, volume.channel): (volume.customers, volume.offered_survey)
        for volume in service_volumes(services=[service], quarters=quarters)
    }
    errors: dict[str, list[str]] = {}
    changed = 0
    for entry in entries:
        before = recorded.get((entry.quarter, entry.channel))
        if before == (entry.customers, entry.offered_survey) or (entry.clears and before is None):
            continue
        try:
            _volume_entry_save(service, entry, user)
        except ValidationError as error:
            _collect_entry_errors(errors, entry, error)
        else:
            changed += 1
    if errors:
        raise ValidationError(errors)  # the transaction is rolled back: nothing is kept
    return changed


def _volume_entry_save(service: Service, entry: VolumeEntry, user: User | None) -> None:
    if entry.clears:
        service_volume_clear(
            service=service, channel=entry.channel, quarter=entry.quarter, user=user
        )
        return
    if entry.customers is None or entry.offered_survey is None:
        missing = "customers" if entry.customers is None else "offered_survey"
        raise ValidationError({missing: "Give both figures, or leave both empty to clear them."})
    service_volume_set(
        service=service,
        channel=entry.channel,
        quarter=entry.quarter,
        customers=entry.customers,
        offered_survey=entry.offered_survey,
        user=user,
    )


def _collect_entry_errors(
    errors: dict[str, list[str]], entry: VolumeEntry, error: ValidationError
) -> None:
    where = f"{entry.quarter.label}, {CHANNELS.get(entry.channel, entry.channel)}"
    for field, messages in error.message_dict.items():
        if field in VOLUME_FIELDS:
            errors.setdefault(volume_entry_key(entry.quarter, entry.channel, field), []).extend(
                messages
            )
        else:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(f"{where}: {m}" for m in messages)


# --- the audit log, original-comment policy and redaction patterns ----------------------------


def audit_event_record(
    *,
    organization: Organization,
    user: User | None,
    action: str,
    target_type: str,
    target_id: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that someone did something sensitive. `details` names things, never content:
    a question key, a label, never the text read."""
    return AuditEvent.objects.create(
        organization=organization,
        user=user,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details or {},
    )


@transaction.atomic
def organization_set_comment_policy(
    *, organization: Organization, keep_original_comments: bool, user: User | None
) -> Organization:
    """Keep encrypted originals of redacted comments from now on, or stop keeping them.

    Originals already kept stay until their responses go; turning the policy on never brings
    back an original that was discarded.
    """
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.keep_original_comments == keep_original_comments:
        return organization
    organization.keep_original_comments = keep_original_comments
    organization.save(update_fields=["keep_original_comments"])
    audit_event_record(
        organization=organization,
        user=user,
        action="organization.comment_policy",
        target_type="organization",
        target_id=organization.abbreviation,
        details={"keep_original_comments": keep_original_comments},
    )
    return organization


# Which field a PatternError is about, from the start of its message; the rest is the pattern's.
PATTERN_ERROR_FIELDS = (("the label", "label"), ("the pattern does not find", "test_string"))


def _pattern_error_field(message: str) -> str:
    for prefix, field in PATTERN_ERROR_FIELDS:
        if message.startswith(prefix):
            return field
    return "pattern"


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:].rstrip(".") + "."


@transaction.atomic
def redaction_pattern_create(
    *,
    organization: Organization,
    name: str,
    label: str,
    pattern: str,
    test_string: str,
    user: User | None,
) -> RedactionPattern:
    """Add an agency pattern; it applies to every comment stored from now on.

    The pattern must find something in its test string and be safe to run on any comment;
    a ValidationError names the field at fault. Existing comments are redacted with it by
    `govcx redact-comments`.
    """
    record = RedactionPattern(
        organization=organization,
        name=name.strip(),
        label=label.strip(),
        pattern=pattern,
        test_string=test_string,
        created_by=user,
    )
    record.full_clean(validate_constraints=False)
    _require_unused_label(record)
    try:
        compile_agency_pattern(record.label, record.pattern, record.test_string)
    except PatternError as error:
        message = str(error)
        raise ValidationError({_pattern_error_field(message): _sentence(message)}) from None
    record.save()
    _pattern_change_recorded(record, user, "redaction_pattern.create")
    return record


def _require_unused_label(record: RedactionPattern) -> None:
    others = RedactionPattern.objects.filter(organization_id=record.organization_id)
    existing = others.filter(label=record.label).first()
    if existing is None:
        return
    state = "" if existing.active else " (inactive: activate it again instead)"
    raise ValidationError(
        {"label": f"The pattern “{existing.name}” already has the label {record.label}{state}."}
    )


@transaction.atomic
def redaction_pattern_set_active(
    *, pattern: RedactionPattern, active: bool, user: User | None
) -> RedactionPattern:
    """Stop applying a pattern to new comments, or apply it again. Comments already
    redacted with it stay redacted."""
    pattern = RedactionPattern.objects.select_for_update().get(pk=pattern.pk)
    if pattern.active == active:
        return pattern
    pattern.active = active
    pattern.save(update_fields=["active"])
    action = "redaction_pattern.activate" if active else "redaction_pattern.deactivate"
    _pattern_change_recorded(pattern, user, action)
    return pattern


def _pattern_change_recorded(pattern: RedactionPattern, user: User | None, action: str) -> None:
    audit_event_record(
        organization=pattern.organization,
        user=user,
        action=action,
        target_type="redaction_pattern",
        target_id=str(pattern.public_id),
        details={"label": pattern.label, "name": pattern.name},
    )
    # Forgotten now, and again after commit: a process that read the patterns in between
    # would otherwise have cached the old list for the whole timeout.
    key = redaction_patterns_cache_key(pattern.organization_id)
    _cache_forget(key)
    transaction.on_commit(lambda: _cache_forget(key))


def _cache_forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # the entry then expires by itself
        logger.warning("Redaction pattern cache unavailable; entry left to expire", exc_info=True)
