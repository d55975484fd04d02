"""Nothing unpublished reaches the public: a distinctive word and number are planted in every
unpublished thing, and every public page and download is searched for them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from govcx.registry.models import Service, User
from govcx.registry.services import service_create
from govcx.reporting.models import (
    Collection,
    CollectionState,
    FeedbackMechanism,
    PlanInitiative,
    SurveyType,
)
from tests.conftest import Agency, World, make_agency
from tests.public.builders import (
    UNPUBLISHED_STATES,
    action,
    add_respondents,
    collection,
    detail,
    goal_with_milestone,
    plan,
    v1_counts,
)
from tests.public.site import build_site

WORD = "Zephyr"
# Seven digits: no group of a UUID has seven characters, so it cannot turn up by chance.
RESPONDENTS = 7919413
NUMBER = re.compile(rf"\b{RESPONDENTS}\b|{RESPONDENTS:,}")


def hidden_service(agency: Agency) -> Service:
    return service_create(
        organization=agency.organization,
        provider=agency.provider,
        name=f"{WORD} hidden service",
        kind="benefits",
        channels=["website"],
        is_hisp_service=True,
        estimated_annual_customers=1000,
    )


def plant_everything_unpublished(agency: Agency) -> None:
    """A collection in every unpublished state, a draft plan and an unpublished action."""
    service = hidden_service(agency)
    quarters = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1)]
    for state, (year, quarter) in zip(UNPUBLISHED_STATES, quarters, strict=True):
        unpublished = collection(
            agency, fiscal_year=year, quarter=quarter, state=state, service=service
        )
        v2 = detail(unpublished, title=f"{WORD} survey {state}", offered=500)
        add_respondents(v2, 23, question_1=1, chosen=["ease"])
        detail(
            unpublished,
            channel="phone",
            title=f"{WORD} call survey {state}",
            survey=agency.v1_survey,
            survey_type=SurveyType.LIKERT_SCALE,
            v1_counts=v1_counts(q1_5=RESPONDENTS, q2_5=RESPONDENTS),
        )
    draft = plan(agency, fiscal_year=2027, published=False, title=f"{WORD} draft plan")
    goal_with_milestone(draft, f"{WORD} goal", f"{WORD} milestone", dt.date(2027, 3, 1))
    PlanInitiative.objects.create(plan=draft, title=f"{WORD} initiative")
    FeedbackMechanism.objects.create(plan=draft, name=f"{WORD} mechanism")
    action(
        agency,
        you_said=f"{WORD} said",
        we_did=f"{WORD} did",
        on=dt.date(2025, 7, 1),
        published=False,
    )


def public_paths(abbreviations: list[str]) -> list[str]:
    paths = ["/", "/agencies/", "/open-data/", "/open-data/results.csv", "/open-data/results.json"]
    for abbreviation in abbreviations:
        for page in (
            "",
            "plan/",
            "plan/FY2024/",
            "plan/FY2025/",
            "plan/FY2027/",
            "results/",
            "you-said-we-did/",
            "standards/",
        ):
            paths.append(f"/agencies/{abbreviation}/{page}")
        paths.append(f"/agencies/{abbreviation}/results.csv")
        paths.append(f"/agencies/{abbreviation}/results.json")
    return paths


def body(path: str, client: Client | None = None) -> str:
    reply = (client or Client()).get(path)
    assert reply.status_code in (200, 404), path
    if reply.streaming:
        return b"".join(reply.streaming_content).decode()  # type: ignore[attr-defined]
    return reply.content.decode()


@pytest.fixture
def planted(world: World) -> list[str]:
    """Everything published as in the other tests, and the planted unpublished things beside it."""
    build_site(world)
    quiet = make_agency("Agency C", "AGC", "agency-c")
    for agency in (world.a, world.b, quiet):
        plant_everything_unpublished(agency)
    return public_paths(["AGA", "AGB", "AGC"])


def test_the_planted_things_would_be_found_if_they_were_published(
    world: World, planted: list[str]
) -> None:
    """The search can fail: publish one planted collection and both marks appear."""
    one = Collection.objects.filter(
        organization=world.a.organization, service__name__startswith=WORD
    ).first()
    assert one is not None
    one.state = CollectionState.PUBLISHED
    one.save(update_fields=["state"])
    found = body("/agencies/AGA/results/") + body("/open-data/results.csv")
    assert WORD in found
    assert NUMBER.search(found)


def test_nothing_unpublished_appears_on_any_public_page_or_download(planted: list[str]) -> None:
    for path in planted:
        text = body(path)
        assert WORD not in text, path
        assert not NUMBER.search(text), path


def test_an_agency_that_published_nothing_is_listed_nowhere(planted: list[str]) -> None:
    for path in ("/agencies/", "/open-data/", "/open-data/results.csv", "/open-data/results.json"):
        text = body(path)
        assert "AGC" not in text, path
        assert "Agency C" not in text, path


def test_the_agencys_own_staff_see_no_more_on_the_public_site(
    world: World, planted: list[str], client_for: Callable[[User], Client]
) -> None:
    """The public pages never look at who is signed in: an admin sees only what was published."""
    admin = client_for(world.admin_a)
    for path in planted:
        text = body(path, admin)
        assert WORD not in text, path
        assert not NUMBER.search(text), path
