"""Shared pieces for the demo tests: survey plans without a database, and a fast hasher."""

from __future__ import annotations

import datetime as dt

import pytest
from pytest_django.fixtures import Settings

from govcx.demo.blueprint import DEMO_AGENCY, AgencyBlueprint
from govcx.demo.generate import SurveyPlan
from govcx.surveys.catalog import TEMPLATES

# A fixed "now" for tests that need no database: 22 November 2026 is in FY2027 Q1.
NOW = dt.datetime(2026, 11, 22, 15, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """The demo hashes one password per run; the real hasher would add half a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def plans_for(agency: AgencyBlueprint = DEMO_AGENCY) -> list[SurveyPlan]:
    """The agency's surveys straight from the templates, with made-up database ids."""
    plans = []
    for number, service in enumerate(agency.services, start=1):
        template = TEMPLATES[service.survey.template_key]
        plans.append(
            SurveyPlan(
                organization_id=1,
                service_id=100 + number,
                survey_id=200 + number,
                version_id=300 + number,
                kind=template.kind,
                structure=template.structure,
                service=service,
                website=agency.website,
            )
        )
    return plans
