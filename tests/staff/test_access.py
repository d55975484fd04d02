"""Who gets what on every staff page: anonymous visitors sign in, the outsider gets nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from govcx.registry.models import User
from govcx.surveys.models import Survey, SurveyState
from tests.conftest import World
from tests.responses.helpers import submit
from tests.staff.helpers import ClientFor, content_of

# Every GET page, as a function of the world (some name agency A's survey).
PAGES: dict[str, Callable[[World], str]] = {
    "home": lambda w: "/staff/",
    "services": lambda w: "/staff/services/",
    "surveys": lambda w: "/staff/surveys/",
    "survey_new": lambda w: "/staff/surveys/new/",
    "survey_detail": lambda w: f"/staff/surveys/{w.a.survey.public_id}/",
    "survey_edit": lambda w: f"/staff/surveys/{w.a.survey.public_id}/edit/",
    "survey_embed": lambda w: f"/staff/surveys/{w.a.survey.public_id}/embed/",
    "responses": lambda w: "/staff/responses/",
    "export": lambda w: "/staff/responses/export.csv",
}
ACTIONS = ["submit", "approve", "return", "publish", "archive", "reopen", "copy"]


def agency_a_secrets(world: World, receipt_ids: list[str]) -> list[str]:
    """Strings that would show agency A's data leaked into a page."""
    a = world.a
    return [
        a.organization.name,
        a.service.name,
        a.provider.name,
        a.survey.title,
        a.v1_survey.title,
        str(a.survey.public_id),
        str(a.organization.public_id),
        str(a.service.public_id),
        *receipt_ids,
    ]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(world: World, page: str) -> None:
    url = PAGES[page](world)
    reply = Client().get(url)
    assert reply.status_code == 302
    assert reply["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitors_cannot_post_survey_actions(world: World, action: str) -> None:
    url = f"/staff/surveys/{world.a.survey.public_id}/{action}/"
    reply = Client().post(url, {"reason": "x"})
    assert reply.status_code == 302
    assert reply["Location"].startswith("/accounts/login/")
    world.a.survey.refresh_from_db()
    assert world.a.survey.state == SurveyState.PUBLISHED


@pytest.mark.parametrize("page", PAGES)
def test_the_outsider_sees_nothing_of_agency_a(
    world: World, client_for: ClientFor, page: str
) -> None:
    receipt = submit(world.a.survey).receipt_id
    reply = client_for(world.outsider).get(PAGES[page](world))
    expected_status = 404 if page in {"survey_detail", "survey_edit", "survey_embed"} else 200
    assert reply.status_code == expected_status
    content = content_of(reply)
    for secret in agency_a_secrets(world, [receipt]):
        assert secret not in content, secret


@pytest.mark.parametrize("action", ACTIONS)
def test_the_outsider_cannot_act_on_agency_a_surveys(
    world: World, client_for: ClientFor, action: str
) -> None:
    url = f"/staff/surveys/{world.a.survey.public_id}/{action}/"
    transitions_before = world.a.survey.transitions.count()
    surveys_before = Survey.objects.count()
    reply = client_for(world.outsider).post(url, {"reason": "Because."})
    assert reply.status_code == 404
    assert world.a.survey.title not in reply.content.decode()
    world.a.survey.refresh_from_db()
    assert world.a.survey.state == SurveyState.PUBLISHED
    assert world.a.survey.transitions.count() == transitions_before
    assert Survey.objects.count() == surveys_before


@pytest.mark.parametrize("filter_name", ["survey", "service"])
def test_the_outsider_cannot_filter_by_agency_a_records(
    world: World, client_for: ClientFor, filter_name: str
) -> None:
    receipt = submit(world.a.survey).receipt_id
    record = world.a.survey if filter_name == "survey" else world.a.service
    query = {filter_name: str(record.public_id)}
    client = client_for(world.outsider)
    page = client.get("/staff/responses/", query)
    assert page.status_code == 400
    assert "from the list" in page.content.decode()
    export = client.get("/staff/responses/export.csv", query)
    assert export.status_code == 404
    for reply in (page, export):
        for secret in agency_a_secrets(world, [receipt]):
            if secret != str(record.public_id):  # the id they typed may be echoed back
                assert secret not in reply.content.decode(), secret


@pytest.mark.parametrize("persona", ["admin_a", "manager_a", "viewer_a"])
@pytest.mark.parametrize("page", PAGES)
def test_agency_a_personas_see_their_data(
    world: World, client_for: ClientFor, persona: str, page: str
) -> None:
    receipt = submit(world.a.survey).receipt_id
    user: User = getattr(world, persona)
    reply = client_for(user).get(PAGES[page](world))
    if page in {"survey_new", "survey_edit"} and persona == "viewer_a":
        assert reply.status_code == 403
        return
    assert reply.status_code == 200
    content = content_of(reply)
    expected = {
        "home": [world.a.organization.name],
        "services": [world.a.service.name, world.a.provider.name],
        "surveys": [world.a.survey.title, world.a.v1_survey.title],
        "survey_new": [world.a.organization.name, world.a.service.name],
        "survey_detail": [world.a.survey.title, world.a.survey.pra_line() or "No OMB"],
        "survey_edit": [world.a.survey.title, world.a.service.name],
        "survey_embed": [world.a.survey.title, f"/w/{world.a.survey.public_id}.js"],
        "responses": [receipt, world.a.survey.title],
        "export": [receipt, world.a.survey.title],
    }[page]
    for text in expected:
        assert text in content, text
    assert world.b.survey.title not in content
    assert world.b.organization.name not in content
