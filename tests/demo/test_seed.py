"""`demo_seed` against the real database: what it builds, and the responses it stores."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from contextlib import suppress
from typing import Any

import pytest
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from govcx.demo.blueprint import SECOND_AGENCY_RESPONSES
from govcx.demo.seed import DemoExistsError, SeedOutcome, demo_seed
from govcx.lib.a11 import CHANNELS, SERVICE_KINDS
from govcx.registry.models import Membership, Organization, Role, Service, ServiceProvider, User
from govcx.responses.models import RECEIPT_ALPHABET, Response
from govcx.surveys.models import Survey, SurveyState, SurveyVersion
from govcx.surveys.validation import validate_answers

N = 300
pytestmark = pytest.mark.django_db


def quiet(_line: str) -> None:
    """Progress lines are not under test here."""


def seed(**options: Any) -> SeedOutcome:
    return demo_seed(say=quiet, **{"responses": N, **options})


def demo() -> Organization:
    return Organization.objects.get(abbreviation="DDS")


def generated() -> QuerySet[Response]:
    """The survey generator's responses, without those linked to case records afterwards."""
    return Response.objects.exclude(answers__has_key="transaction_id")


def second() -> Organization:
    return Organization.objects.get(abbreviation="AEP")


def eight_quarters_ago(now: dt.datetime) -> dt.datetime:
    """First day of the fiscal quarter seven before the current one (fiscal = calendar quarters)."""
    quarter = (now.year * 12 + now.month - 1) // 3 - 7
    return dt.datetime(quarter // 4, quarter % 4 * 3 + 1, 1, tzinfo=dt.UTC)


def test_builds_the_demo_agency_its_providers_and_services() -> None:
    seed()
    organization = demo()
    assert organization.name == "Department of Demonstration Services"
    assert organization.email_domains == ["demo.example.gov"]
    providers = list(ServiceProvider.objects.filter(organization=organization))
    assert len(providers) == 2
    assert all(p.department and p.bureau and p.year_designated for p in providers)
    services = list(Service.objects.filter(organization=organization))
    assert len(services) == 5
    assert {s.kind for s in services} <= set(SERVICE_KINDS)
    assert len({s.kind for s in services}) >= 3
    assert all(len(s.channels) >= 3 and set(s.channels) <= set(CHANNELS) for s in services)
    assert sum(s.is_hisp_service for s in services) == 4
    assert all(s.description and s.estimated_annual_customers for s in services)


def test_publishes_the_a11_surveys_with_pra_data_and_filled_wording() -> None:
    seed()
    surveys = list(Survey.objects.filter(organization=demo()))
    assert {s.kind for s in surveys} >= {"a11_v1", "a11_v2_thumbs", "a11_v2_likert", "yes_no"}
    today = timezone.localdate()
    for survey in surveys:
        assert survey.state == SurveyState.PUBLISHED
        assert survey.current_version is not None
        assert survey.service is not None
        has_pra = (bool(survey.omb_control_number), survey.omb_expiration_date is not None)
        assert has_pra in {(True, True), (False, False)}
        if survey.kind.startswith("a11"):
            assert survey.omb_expiration_date is not None
            assert survey.omb_expiration_date > today
        texts = [q.text for q in survey.current_version.parsed().questions()]
        assert not any("[" in text for text in texts), texts
    trust = next(s for s in surveys if s.kind == "a11_v2_likert").current_version
    assert trust is not None
    wording = trust.parsed().question_map()["trust"].text
    assert wording.startswith("I trust the Department of Demonstration Services to fulfill")
    assert "[relevant population]" not in wording


def test_creates_the_people_with_their_roles() -> None:
    seed()
    roles = {
        (m.user.username, m.organization.abbreviation, m.role)
        for m in Membership.objects.select_related("user", "organization")
    }
    assert roles == {
        ("demo", "DDS", Role.ORGANIZATION_ADMIN),
        ("demo-manager", "DDS", Role.SURVEY_MANAGER),
        ("demo-viewer", "DDS", Role.RESPONSE_VIEWER),
        ("demo-performance", "DDS", Role.PERFORMANCE_MANAGER),
        ("aep-admin", "AEP", Role.ORGANIZATION_ADMIN),
    }
    assert User.objects.get(username="demo").check_password("govcx-demo-2026")


def test_demo_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "another-long-passphrase")
    seed(responses=0)
    assert User.objects.get(username="demo").check_password("another-long-passphrase")
    assert not User.objects.get(username="demo").check_password("govcx-demo-2026")


def test_second_agency_is_small_and_separate() -> None:
    seed()
    organization = second()
    assert Service.objects.filter(organization=organization).count() == 1
    assert Survey.objects.filter(organization=organization).count() == 1
    theirs = Response.objects.filter(organization=organization)
    assert theirs.count() == min(N, SECOND_AGENCY_RESPONSES)
    survey = Survey.objects.get(organization=organization)
    assert set(theirs.values_list("survey_id", flat=True)) == {survey.pk}
    assert not Response.objects.filter(organization=demo(), survey=survey).exists()


def test_response_count_is_n_for_the_demo_agency_plus_the_second_agencys_share() -> None:
    outcome = seed()
    assert generated().filter(organization=demo()).count() == N
    assert generated().count() == N + min(N, SECOND_AGENCY_RESPONSES)
    assert outcome.responses == Response.objects.count()


def test_small_runs_give_the_second_agency_no_more_than_the_first() -> None:
    seed(responses=40)
    assert generated().filter(organization=demo()).count() == 40
    assert generated().filter(organization=second()).count() == 40


def test_every_stored_response_validates_against_its_version() -> None:
    seed()
    structures = {v.pk: v.parsed() for v in SurveyVersion.objects.all()}
    responses = list(Response.objects.select_related("survey", "survey_version"))
    for response in responses:
        result = validate_answers(structures[response.survey_version_id], response.answers)
        assert result.is_valid, (response.survey.kind, response.answers, result.errors)
        assert result.answers == response.answers
        assert response.survey_version.survey_id == response.survey_id
        assert response.survey.organization_id == response.organization_id
        assert response.survey.service_id == response.service_id
        assert response.service is not None
        assert response.channel in response.service.channels


def test_identifiers_are_unique_and_well_formed() -> None:
    seed()
    receipts = list(Response.objects.values_list("receipt_id", flat=True))
    assert len(set(receipts)) == len(receipts)
    assert all(len(r) == 10 and set(r) <= set(RECEIPT_ALPHABET) for r in receipts)
    uuids = list(Response.objects.values_list("uuid", flat=True))
    assert len(set(uuids)) == len(uuids)
    assert {u.version for u in uuids} == {4}


def test_responses_fall_in_the_last_eight_fiscal_quarters() -> None:
    before = timezone.now()
    seed()
    after = timezone.now()
    times = list(Response.objects.values_list("created_at", flat=True))
    assert min(times) >= eight_quarters_ago(before)
    assert max(times) <= after
    quarters = {(t.year, (t.month - 1) // 3) for t in times}
    assert len(quarters) == 8


def test_languages_channels_comments_and_states_vary() -> None:
    seed()
    responses = list(Response.objects.filter(organization=demo()))
    languages = Counter(r.language for r in responses)
    assert set(languages) == {"en", "es"}
    assert languages["en"] > languages["es"]
    assert len({r.channel for r in responses}) >= 8
    commented = sum(any(k.startswith("comments") for k in r.answers) for r in responses)
    assert 0.15 * N < commented < 0.4 * N
    assert sum(r.is_spam or r.is_flagged for r in responses) < 0.05 * N
    assert not any(r.is_deleted for r in responses)


def test_surveys_are_live_before_their_first_response() -> None:
    seed()
    for survey in Survey.objects.filter(organization=demo()):
        first = Response.objects.filter(survey=survey).order_by("created_at").first()
        assert first is not None
        assert survey.published_at is not None
        assert survey.published_at <= first.created_at
        assert survey.current_version is not None
        assert survey.current_version.published_at <= first.created_at


class RollbackError(Exception):
    """Raised to undo a seed inside a test, keeping what was read from it."""


def answers_after_seeding(seed_value: int) -> list[tuple[str, dict[str, Any]]]:
    captured: list[tuple[str, dict[str, Any]]] = []
    with suppress(RollbackError), transaction.atomic():
        seed(seed=seed_value)
        ordered = Response.objects.order_by("created_at", "receipt_id")
        captured.extend(ordered.values_list("receipt_id", "answers"))
        raise RollbackError
    return captured


def test_same_seed_gives_identical_responses() -> None:
    first = answers_after_seeding(7)
    assert not Organization.objects.exists()
    again = answers_after_seeding(7)
    generated_count = sum("transaction_id" not in answers for _receipt, answers in first)
    assert generated_count == N + min(N, SECOND_AGENCY_RESPONSES)
    assert first == again
    assert [answers for _r, answers in answers_after_seeding(8)] != [a for _r, a in first]


def _row_counts() -> dict[str, int]:
    models = (Organization, ServiceProvider, Service, User, Membership, Survey, Response)
    return {model.__name__: model.objects.count() for model in models}


def test_if_empty_creates_nothing_the_second_time() -> None:
    seed()
    counts = _row_counts()
    outcome = seed(if_empty=True)
    assert not outcome.created
    assert outcome.organization == demo()
    assert outcome.public_survey is not None
    assert _row_counts() == counts


def test_seeding_twice_without_if_empty_is_refused() -> None:
    seed(responses=0)
    counts = _row_counts()
    with pytest.raises(DemoExistsError, match="already exists"):
        seed(responses=0)
    assert _row_counts() == counts


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        seed(responses=-1)
    assert not Organization.objects.exists()
