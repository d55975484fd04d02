"""Every write to the registry goes through one of these functions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from govcx.registry.models import Membership, Organization, Role, Service, ServiceProvider, User


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
