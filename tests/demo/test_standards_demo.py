"""The demo agency's standards: created through the standard services, measurable, varied."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from govcx.demo.seed import demo_seed, standard_record_count
from govcx.registry.models import Organization
from govcx.responses.models import Response
from govcx.standards.compliance import Verdict, compliance_by_period, latest_complete_quarter
from govcx.standards.models import CallRecord, CaseRecord, CaseStatusChange, Standard
from govcx.surveys.validation import validate_answers

pytestmark = pytest.mark.django_db


def quiet(_line: str) -> None:
    """Progress lines are not under test here."""


def test_the_demo_has_standards_with_records_to_measure() -> None:
    demo_seed(responses=300, say=quiet)
    organization = Organization.objects.get(abbreviation="DDS")
    standards = list(Standard.objects.filter(organization=organization))
    assert len(standards) == 5
    assert all(s.calendar is not None and s.public_wording for s in standards)
    records = CallRecord.objects.count() + CaseRecord.objects.count()
    assert records == standard_record_count(300)
    assert CaseStatusChange.objects.filter(status="waiting_on_customer").exists()
    assert not CaseRecord.objects.exclude(organization=organization).exists()
    now = timezone.now()
    for standard in standards:
        quarter = latest_complete_quarter(standard, now)
        [result] = compliance_by_period(standard, [quarter], as_of=now)
        # Every standard has enough records last quarter to be judged, met or missed.
        assert result.verdict in {Verdict.MET, Verdict.MISSED}, standard.public_wording
    page = Client().get("/agencies/dds/standards/")
    assert page.status_code == 200
    for standard in standards:
        assert standard.public_wording in page.content.decode()


def test_record_counts_follow_the_responses_within_bounds() -> None:
    assert standard_record_count(0) == 2_000
    assert standard_record_count(20_000) == 10_000
    assert standard_record_count(10_000_000) == 40_000


def test_some_customers_answered_after_their_email_case() -> None:
    demo_seed(responses=300, say=quiet)
    linked = list(Response.objects.filter(answers__has_key="transaction_id"))
    assert linked
    cases = dict(CaseRecord.objects.values_list("transaction_id", "channel"))
    assert {cases[r.answers["transaction_id"]] for r in linked} == {"email"}
    for response in linked:
        assert validate_answers(response.survey_version.parsed(), response.answers).is_valid
    survey = linked[0].survey
    assert "transaction_id" in survey.build_structure().question_map()


def test_the_same_seed_gives_the_same_records_and_linked_answers_within_the_hour() -> None:
    now = timezone.now().replace(minute=0, second=1, microsecond=0)

    def snapshot(at: dt.datetime) -> tuple[list[tuple[str, dt.datetime | None]], list[str]]:
        with transaction.atomic():
            demo_seed(responses=100, say=quiet, now=at)
            cases = list(
                CaseRecord.objects.order_by("external_id").values_list("external_id", "resolved_at")
            )
            linked = sorted(
                str(r.answers) for r in Response.objects.filter(answers__has_key="transaction_id")
            )
            transaction.set_rollback(True)
        return cases, linked

    assert snapshot(now) == snapshot(now + dt.timedelta(minutes=58))
