"""POST /api/v1/surveys/{id}/responses: stored on 201, named errors and nothing stored otherwise."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govcx.responses.models import Response
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_archive, survey_create_from_template
from tests.conftest import World


def post(survey_id: object, body: Any, **headers: str) -> Any:
    return Client().post(
        f"/api/v1/surveys/{survey_id}/responses",
        body if isinstance(body, str) else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_valid_submission_is_stored_before_201(world: World) -> None:
    survey = world.a.survey
    reply = post(
        survey.public_id,
        {
            "answers": {
                "trust": 0,
                "drivers_negative": ["efficiency", "other"],
                "drivers_negative.other": "Lost my form",
                "comments": "Slow",
            },
            "channel": "mobile_app",
            "language": "es",
            "page_url": "https://benefits.example.gov/apply",
        },
        user_agent="govcx-test/1.0",
    )
    assert reply.status_code == 201, reply.content
    body = reply.json()
    stored = Response.objects.get(uuid=body["id"])
    assert stored.receipt_id == body["receipt_id"]
    assert len(body["receipt_id"]) == 10
    assert stored.answers == {
        "trust": 0,
        "drivers_negative": ["efficiency", "other"],
        "drivers_negative.other": "Lost my form",
        "comments": "Slow",
    }
    assert stored.survey_version == survey.current_version
    assert stored.organization == world.a.organization
    assert stored.service == world.a.service
    assert (stored.channel, stored.language) == ("mobile_app", "es")
    assert stored.page_url == "https://benefits.example.gov/apply"
    assert stored.user_agent == "govcx-test/1.0"
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() == dt.timedelta(0)
    assert abs(timezone.now() - stored.created_at) < dt.timedelta(minutes=1)


def test_ip_address_is_kept_only_when_the_agency_turns_it_on(world: World) -> None:
    survey = world.a.survey
    first = post(survey.public_id, {"answers": {"trust": 1}})
    assert Response.objects.get(uuid=first.json()["id"]).ip_address is None
    world.a.organization.collect_ip_addresses = True
    world.a.organization.save()
    second = post(survey.public_id, {"answers": {"trust": 1}})
    assert Response.objects.get(uuid=second.json()["id"]).ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"answers": {}}, {"trust"}),
        ({"answers": {"trust": 7}}, {"trust"}),
        ({"answers": {"trust": 1, "drivers_negative": ["ease"]}}, {"drivers_negative"}),
        ({"answers": {"trust": 1, "drivers_positive": ["speed"]}}, {"drivers_positive"}),
        ({"answers": {"trust": 1, "surprise": "x"}}, {"surprise"}),
        ({"answers": {"trust": 1, "comments": "x" * 2001}}, {"comments"}),
        ({"answers": {"trust": 1}, "channel": "carrier_pigeon"}, {"channel"}),
        ({"answers": {"trust": 1}, "language": ""}, {"language"}),
        ({"answers": {"trust": "yes", "comments": 5}}, {"trust", "comments"}),
    ],
)
def test_invalid_answers_get_422_naming_each_field_and_store_nothing(
    world: World, body: dict[str, Any], fields: set[str]
) -> None:
    reply = post(world.a.survey.public_id, body)
    assert reply.status_code == 422, reply.content
    assert set(reply.json()["errors"]) == fields
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"answers": {"trust": 1}, "extra": True}, "extra"),
        ({}, "answers"),
        ({"answers": ["trust", 1]}, "answers"),
        ({"answers": {"trust": 1}, "page_url": "x" * 2001}, "page_url"),
    ],
)
def test_malformed_requests_get_422_naming_the_field(
    world: World, body: dict[str, Any], field: str
) -> None:
    reply = post(world.a.survey.public_id, body)
    assert reply.status_code == 422
    assert field in reply.json()["errors"]
    assert Response.objects.count() == 0


def test_body_that_is_not_json_gets_400(world: World) -> None:
    reply = post(world.a.survey.public_id, "{not json")
    assert reply.status_code == 400
    assert Response.objects.count() == 0


def test_unknown_and_unpublished_surveys_get_404(world: World) -> None:
    assert post(uuid.uuid4(), {"answers": {"trust": 1}}).status_code == 404
    draft = survey_create_from_template(
        organization=world.a.organization, template_key="a11_v2_thumbs", user=None
    )
    assert post(draft.public_id, {"answers": {"trust": 1}}).status_code == 404
    assert Response.objects.count() == 0


def test_archived_and_expired_surveys_get_410(world: World) -> None:
    survey_archive(survey=world.a.survey, user=None)
    assert post(world.a.survey.public_id, {"answers": {"trust": 1}}).status_code == 410
    Survey.objects.filter(pk=world.a.v1_survey.pk).update(
        omb_control_number="1234-5678",
        omb_expiration_date=timezone.localdate() - dt.timedelta(days=1),
    )
    answers = {"satisfaction": 4, "trust": 5}
    assert post(world.a.v1_survey.public_id, {"answers": answers}).status_code == 410
    assert Response.objects.count() == 0


def test_openapi_document_describes_the_endpoint() -> None:
    reply = Client().get("/api/v1/openapi.json")
    assert reply.status_code == 200
    operation = reply.json()["paths"]["/api/v1/surveys/{survey_id}/responses"]["post"]
    assert {"201", "404", "410", "422"} <= set(operation["responses"])
