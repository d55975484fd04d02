"""The demo's reporting: collections through the real workflow, a plan, a contact and actions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from govcx.demo.period import DemoPeriod
from govcx.demo.reporting import finished_quarters
from govcx.demo.seed import demo_seed
from govcx.registry.models import Organization, ServiceVolume
from govcx.reporting.models import (
    Collection,
    CollectionRespondent,
    CollectionState,
    CustomerServicePlan,
    FeedbackAction,
    PlanState,
)
from govcx.reporting.published import published_figures

pytestmark = pytest.mark.django_db(transaction=True)
NOW = dt.datetime(2026, 12, 2, 12, tzinfo=dt.UTC)


def quiet(_line: str) -> None:
    """Progress lines are not under test here."""


def test_the_finished_quarters_end_before_today() -> None:
    quarters = finished_quarters(DemoPeriod.ending(NOW))
    assert [q.key for q in quarters] == [
        "FY2025-Q2",
        "FY2025-Q3",
        "FY2025-Q4",
        "FY2026-Q1",
        "FY2026-Q2",
        "FY2026-Q3",
        "FY2026-Q4",
    ]


def test_the_demo_publishes_its_collections_plan_and_actions_without_sending_mail(
    settings: Settings, tmp_path: Path
) -> None:
    # Mail that escaped the seed would land in this folder, the configured backend.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    demo_seed(responses=3000, now=NOW, say=quiet)
    organization = Organization.objects.get(abbreviation="DDS")
    collections = Collection.objects.filter(organization=organization)
    latest = collections.order_by("-fiscal_year", "-quarter").first()
    assert latest is not None
    assert latest.state == CollectionState.SUBMITTED
    published = collections.filter(state=CollectionState.PUBLISHED)
    assert published.count() > 0
    assert all(c.transitions.exists() for c in published)
    assert CollectionRespondent.objects.filter(detail__collection__in=published).exists()
    assert ServiceVolume.objects.filter(service__organization=organization).exists()
    assert published_figures(organization)
    plan = CustomerServicePlan.objects.get(organization=organization)
    assert plan.state == PlanState.PUBLISHED
    assert plan.goals.count() == 2
    assert FeedbackAction.objects.filter(organization=organization, published=True).count() == 3
    assert list(tmp_path.iterdir()) == []
    page = Client().get("/agencies/DDS/")
    assert page.status_code == 200
    assert "Jordan Rivera" in page.content.decode()
