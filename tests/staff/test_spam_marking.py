"""Managers mark responses as spam, or take that back, from the responses page."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import Settings

from govcx.registry.models import User
from govcx.responses.models import Response, SpamDecision
from govcx.staff.formatting import spam_explanation
from govcx.surveys.models import Survey, SurveyGrantLevel
from govcx.surveys.services import survey_grant
from tests.conftest import World, make_user
from tests.responses.helpers import bulk_responses, mark, submit
from tests.staff.helpers import ClientFor, content_of

LIST = "/staff/responses/"
EXPORT = "/staff/responses/export.csv"
SURVEYS = "/staff/surveys/"
MARK_BUTTON = "Mark as spam<span"
UNMARK_BUTTON = "Not spam<span"


def spam_url(response: Response) -> str:
    return f"/staff/responses/{response.uuid}/spam/"


def rule(client: Client, response: Response, *, is_spam: bool, back: str = LIST) -> str:
    """Press the button on the list; return where the reply sends the browser."""
    reply = client.post(spam_url(response), {"is_spam": "1" if is_spam else "0", "next": back})
    assert reply.status_code == 302, reply.content
    return reply["Location"]


def listed(client: Client, query: dict[str, str] | None = None) -> str:
    reply = client.get(LIST, query or {})
    assert reply.status_code == 200
    return reply.content.decode()


def exported_receipts(client: Client) -> set[str]:
    text = content_of(client.get(EXPORT)).removeprefix("\ufeff")
    return {row["receipt_id"] for row in csv.DictReader(io.StringIO(text))}


def counted(client: Client, survey: Survey) -> int:
    """The response count the survey list shows for `survey`."""
    rows = client.get(SURVEYS).context["surveys"]
    count: int = next(shown.response_count for shown, _path in rows if shown.pk == survey.pk)
    return count


def grantee(world: World, level: SurveyGrantLevel) -> User:
    """Someone with no role in agency A, only a grant on its thumbs survey."""
    user = make_user(f"grant_{level}")
    survey_grant(survey=world.a.survey, user=user, level=level)
    return user


# --- who may mark --------------------------------------------------------------------------------


def test_marking_takes_a_response_out_of_the_list_the_export_and_the_counts(
    world: World, client_for: ClientFor
) -> None:
    kept, spam = submit(world.a.survey), submit(world.a.survey)
    client = client_for(world.manager_a)
    assert counted(client, world.a.survey) == 2
    rule(client, spam, is_spam=True)
    spam.refresh_from_db()
    assert spam.is_spam
    assert f"Response {spam.receipt_id} is marked as spam" in listed(client)
    content = listed(client)  # the message was shown once; now only the rows name responses
    assert kept.receipt_id in content
    assert spam.receipt_id not in content
    assert exported_receipts(client) == {kept.receipt_id}
    assert counted(client, world.a.survey) == 1
    assert spam.receipt_id in listed(client, {"include_spam": "1"})


def test_unmarking_brings_it_back(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    client = client_for(world.manager_a)
    rule(client, response, is_spam=True)
    rule(client, response, is_spam=False)
    response.refresh_from_db()
    assert not response.is_spam
    assert response.receipt_id in listed(client)
    assert exported_receipts(client) == {response.receipt_id}
    assert counted(client, world.a.survey) == 1


def test_the_ruling_is_recorded_with_who_and_when(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    before = timezone.now()
    rule(client_for(world.manager_a), response, is_spam=True)
    rule(client_for(world.admin_a), response, is_spam=False)
    after = timezone.now()
    decisions = list(SpamDecision.objects.filter(response=response))
    assert [(d.user, d.is_spam) for d in decisions] == [
        (world.manager_a, True),
        (world.admin_a, False),
    ]
    assert all(before <= d.created_at <= after for d in decisions)


def test_a_person_overrules_the_score_which_stays_as_computed(
    world: World, client_for: ClientFor
) -> None:
    response = submit(world.a.survey)
    Response.objects.filter(pk=response.pk).update(
        is_spam=True, spam_score=80, spam_signals=["links", "too_fast"]
    )
    rule(client_for(world.admin_a), response, is_spam=False)
    response.refresh_from_db()
    assert not response.is_spam
    assert (response.spam_score, response.spam_signals) == (80, ["links", "too_fast"])


def test_a_manager_by_survey_grant_may_mark(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    client = client_for(grantee(world, SurveyGrantLevel.MANAGER))
    assert MARK_BUTTON in listed(client)
    rule(client, response, is_spam=True)
    response.refresh_from_db()
    assert response.is_spam


@pytest.mark.parametrize("who", ["viewer", "grant_viewer"])
def test_viewers_see_no_button_and_may_not_mark(
    world: World, client_for: ClientFor, who: str
) -> None:
    response = submit(world.a.survey)
    user = world.viewer_a if who == "viewer" else grantee(world, SurveyGrantLevel.VIEWER)
    client = client_for(user)
    content = listed(client)
    assert response.receipt_id in content
    assert MARK_BUTTON not in content
    assert spam_url(response) not in content
    reply = client.post(spam_url(response), {"is_spam": "1", "next": LIST})
    assert reply.status_code == 403
    response.refresh_from_db()
    assert not response.is_spam
    assert not SpamDecision.objects.exists()


def test_the_outsider_gets_404_and_changes_nothing(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    reply = client_for(world.outsider).post(spam_url(response), {"is_spam": "1", "next": LIST})
    assert reply.status_code == 404
    assert response.receipt_id not in reply.content.decode()
    response.refresh_from_db()
    assert not response.is_spam
    assert not SpamDecision.objects.exists()


def test_a_deleted_response_cannot_be_ruled_on(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    mark(response, is_deleted=True)
    reply = client_for(world.admin_a).post(spam_url(response), {"is_spam": "1"})
    assert reply.status_code == 404


def test_only_a_signed_in_post_with_a_ruling_counts(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    anonymous = Client().post(spam_url(response), {"is_spam": "1"})
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"] or "next=" in anonymous["Location"]
    client = client_for(world.manager_a)
    assert client.get(spam_url(response)).status_code == 405
    assert client.post(spam_url(response), {"is_spam": "maybe"}).status_code == 400
    response.refresh_from_db()
    assert not response.is_spam
    assert not SpamDecision.objects.exists()


def test_the_buttons_are_csrf_protected(world: World) -> None:
    response = submit(world.a.survey)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager_a)
    assert 'name="csrfmiddlewaretoken"' in listed(client)
    assert client.post(spam_url(response), {"is_spam": "1"}).status_code == 403
    response.refresh_from_db()
    assert not response.is_spam


# --- where the button leads back to --------------------------------------------------------------


def test_the_button_returns_to_the_same_page_and_filters(
    world: World, client_for: ClientFor
) -> None:
    response = submit(world.a.survey)
    client = client_for(world.manager_a)
    here = f"{LIST}?survey={world.a.survey.public_id}&include_spam=on&page=1"
    content = listed(client, {"survey": str(world.a.survey.public_id), "include_spam": "on"})
    assert f'name="next" value="{LIST}?survey={world.a.survey.public_id}' in content
    assert rule(client, response, is_spam=True, back=here) == here


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", "", "\\\\evil"],
)
def test_an_unsafe_next_address_is_ignored(
    world: World, client_for: ClientFor, unsafe: str
) -> None:
    response = submit(world.a.survey)
    assert rule(client_for(world.manager_a), response, is_spam=True, back=unsafe) == LIST
    response.refresh_from_db()
    assert response.is_spam


# --- what the list shows -------------------------------------------------------------------------


def test_managers_see_the_right_button_for_each_row(world: World, client_for: ClientFor) -> None:
    clean, spam = submit(world.a.survey), submit(world.a.survey)
    mark(spam, is_spam=True)
    default = listed(client_for(world.manager_a))
    assert default.count(MARK_BUTTON) == 1
    assert UNMARK_BUTTON not in default
    with_spam = listed(client_for(world.manager_a), {"include_spam": "1"})
    assert with_spam.count(MARK_BUTTON) == 1
    assert with_spam.count(UNMARK_BUTTON) == 1
    assert f"(response {clean.receipt_id})</span>" in with_spam
    assert f"(response {spam.receipt_id})</span>" in with_spam


def test_the_score_and_its_signals_are_shown_with_spam(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey)
    Response.objects.filter(pk=response.pk).update(
        is_spam=True, spam_score=80, spam_signals=["links", "too_fast"]
    )
    content = listed(client_for(world.viewer_a), {"include_spam": "1"})
    assert "Spam score 80: links, answered too fast" in content


def test_signals_read_as_words() -> None:
    assert spam_explanation(100, ["honeypot"]) == "score 100: hidden field filled in"
    assert spam_explanation(55, ["burst", "repeated_text"]) == (
        "score 55: many responses at once, repeated text"
    )
    assert spam_explanation(30, ["new_signal"]) == "score 30: new signal"
    assert spam_explanation(90, None) == "score 90"


def test_the_list_asks_permission_once_per_page_not_per_row(
    world: World, client_for: ClientFor, settings: Settings
) -> None:
    settings.RESPONSES_PAGE_SIZE = 100
    client = client_for(world.manager_a)
    bulk_responses(world.a.survey, 3)
    bulk_responses(world.a.v1_survey, 2)
    with CaptureQueriesContext(connection) as five:
        content = listed(client, {"include_spam": "1"})
    assert content.count(MARK_BUTTON) == 5
    bulk_responses(world.a.survey, 25)
    bulk_responses(world.a.v1_survey, 20)
    with CaptureQueriesContext(connection) as fifty:
        content = listed(client, {"include_spam": "1"})
    assert content.count(MARK_BUTTON) == 50
    assert len(fifty) == len(five)
