"""Reads for the insights pages beyond the figures: which scopes a person can open, and
what a dashboard's filters can offer.

Everything starts from what the person may read (the same selectors `scope_for` uses), so
the list of dashboards never names another agency's organization, service or survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govcx.insights.models import FactKind, RollupMonth
from govcx.insights.selectors import Scope, readable_surveys, scopes_for
from govcx.registry.models import Organization, Service, ServiceProvider
from govcx.registry.selectors import AnyUser, services_visible_to
from govcx.surveys.models import Survey


@dataclass
class ServiceEntry:
    service: Service
    surveys: list[Survey] = field(default_factory=list)


@dataclass
class ProviderEntry:
    provider: ServiceProvider
    services: list[ServiceEntry] = field(default_factory=list)


@dataclass
class OrganizationEntry:
    organization: Organization
    providers: list[ProviderEntry] = field(default_factory=list)
    services: list[ServiceEntry] = field(default_factory=list)  # run by no provider
    surveys: list[Survey] = field(default_factory=list)  # about no service


def scope_tree(user: AnyUser) -> list[OrganizationEntry]:
    """The person's organizations, each with its providers, services and readable surveys.

    Four queries, however many there are of each.
    """
    entries = {org.pk: OrganizationEntry(org) for org in scopes_for(user)}
    providers: dict[int, ProviderEntry] = {}
    for provider in ServiceProvider.objects.filter(organization__in=list(entries)).order_by("name"):
        providers[provider.pk] = ProviderEntry(provider)
        entries[provider.organization_id].providers.append(providers[provider.pk])
    services: dict[int, ServiceEntry] = {}
    for service in services_visible_to(user).filter(organization__in=list(entries)):
        services[service.pk] = ServiceEntry(service)
        owner = providers.get(service.provider_id) if service.provider_id else None
        owner_list = owner.services if owner else entries[service.organization_id].services
        owner_list.append(services[service.pk])
    for survey in readable_surveys(user).filter(organization__in=list(entries)).order_by("title"):
        service_entry = services.get(survey.service_id) if survey.service_id else None
        if service_entry is not None:
            service_entry.surveys.append(survey)
        else:
            entries[survey.organization_id].surveys.append(survey)
    return list(entries.values())


@dataclass(frozen=True)
class FilterChoices:
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    segments: tuple[str, ...]  # "page", "answer:<key>"


def filter_choices(scope: Scope) -> FilterChoices:
    """The channels, languages and breakdowns present in the scope's counted responses."""
    if not scope.survey_ids:
        return FilterChoices((), (), ())
    found = (
        RollupMonth.objects.filter(survey_id__in=scope.survey_ids, kind=FactKind.RESPONDENTS)
        .values_list("channel", "language", "segment")
        .distinct()
    )
    channels, languages, segments = set(), set(), set()
    for channel, language, segment in found:
        channels.add(channel)
        languages.add(language)
        if segment:
            segments.add(segment)
    return FilterChoices(tuple(sorted(channels)), tuple(sorted(languages)), tuple(sorted(segments)))
