"""The test base: two agencies and named personas, built through the same services as the product.

Agency A has an organization admin, a survey manager and a response viewer; agency B has one
member, the outsider, who must never see anything of agency A's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from govcx.registry.models import Organization, Role, Service, ServiceProvider, User
from govcx.registry.services import (
    membership_grant,
    organization_create,
    service_create,
    service_provider_create,
)
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_create_from_template, survey_publish

# Every test client builds its own middleware; WhiteNoise would rescan every static file each
# time. Autorefresh looks files up per request instead, which is what a test run wants.
django_settings.WHITENOISE_AUTOREFRESH = True


def pytest_report_header() -> str:
    engine = django_settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"govcx database: {engine}"


@dataclass
class Agency:
    organization: Organization
    provider: ServiceProvider
    service: Service
    survey: Survey  # A-11 v2 thumbs, published
    v1_survey: Survey  # A-11 v1, published


@dataclass
class World:
    a: Agency
    b: Agency
    admin_a: User
    manager_a: User
    viewer_a: User
    outsider: User  # a member of agency B only


def make_user(username: str) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.gov")


def make_agency(name: str, abbreviation: str, slug: str) -> Agency:
    organization = organization_create(
        name=name, abbreviation=abbreviation, email_domains=[f"{slug}.example.gov"]
    )
    provider = service_provider_create(
        organization=organization, name=f"{abbreviation} Benefits Office", slug=f"{slug}-benefits"
    )
    service = service_create(
        organization=organization,
        provider=provider,
        name=f"{abbreviation} benefit applications",
        kind="benefits",
        channels=["website", "phone"],
        is_hisp_service=True,
        estimated_annual_customers=100_000,
    )
    survey = survey_create_from_template(
        organization=organization, service=service, template_key="a11_v2_thumbs", user=None
    )
    survey = survey_publish(survey=survey, user=None)
    v1_survey = survey_create_from_template(
        organization=organization, service=service, template_key="a11_v1", user=None
    )
    v1_survey = survey_publish(survey=v1_survey, user=None)
    return Agency(organization, provider, service, survey, v1_survey)


@pytest.fixture
def world(db: None) -> World:
    a = make_agency("Agency A", "AGA", "agency-a")
    b = make_agency("Agency B", "AGB", "agency-b")
    admin_a, manager_a, viewer_a = (make_user(n) for n in ("admin_a", "manager_a", "viewer_a"))
    outsider = make_user("outsider_b")
    membership_grant(user=admin_a, organization=a.organization, role=Role.ORGANIZATION_ADMIN)
    membership_grant(user=manager_a, organization=a.organization, role=Role.SURVEY_MANAGER)
    membership_grant(user=viewer_a, organization=a.organization, role=Role.RESPONSE_VIEWER)
    membership_grant(user=outsider, organization=b.organization, role=Role.ORGANIZATION_ADMIN)
    return World(
        a=a, b=b, admin_a=admin_a, manager_a=manager_a, viewer_a=viewer_a, outsider=outsider
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Rate-limit counters live in the cache; each test starts with none spent."""
    cache.clear()


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    """A test client already signed in as the given persona."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"
