"""POST /api/v1/responses/batch: a result per item; one bad item never rejects the others."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govcx.api.keys import api_key_create, api_key_revoke
from govcx.responses.models import Response
from govcx.surveys.services import survey_archive
from tests.conftest import World

URL = "/api/v1/responses/batch"


def key_for(world: World, agency: str = "a") -> str:
    organization = world.a.organization if agency == "a" else world.b.organization
    return api_key_create(organization=organization, name="Field app", user=None).key


def send(key: str | None, items: Any) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    body = items if isinstance(items, dict) else {"responses": items}
    return Client().post(URL, json.dumps(body), content_type="application/json", headers=headers)


def item(world: World, **fields: Any) -> dict[str, Any]:
    return {"survey_id": str(world.a.survey.public_id), "answers": {"trust": 1}, **fields}


def test_a_bad_item_is_reported_and_the_good_ones_are_stored(world: World) -> None:
    reply = send(
        key_for(world),
        [
            item(world, idempotency_key="q-1"),
            item(world, answers={"trust": 7}),
            item(world, answers={"trust": 0, "comments": "Long wait"}, channel="phone"),
        ],
    )
    assert reply.status_code == 200, reply.content
    body = reply.json()
    assert (body["stored"], body["duplicates"], body["errors"]) == (2, 0, 1)
    statuses = [(result["index"], result["status"]) for result in body["results"]]
    assert statuses == [(0, "stored"), (1, "error"), (2, "stored")]
    assert "trust" in body["results"][1]["errors"]
    stored_ids = {str(pk) for pk in Response.objects.values_list("uuid", flat=True)}
    assert stored_ids == {body["results"][0]["id"], body["results"][2]["id"]}
    assert Response.objects.get(uuid=body["results"][2]["id"]).channel == "phone"


def test_a_retried_batch_reports_duplicates_and_stores_nothing_new(world: World) -> None:
    key = key_for(world)
    items = [item(world, idempotency_key=f"offline-{n}") for n in range(3)]
    first = send(key, items).json()
    again = send(key, items).json()
    assert (first["stored"], again["stored"], again["duplicates"]) == (3, 0, 3)
    assert [r["id"] for r in again["results"]] == [r["id"] for r in first["results"]]
    assert Response.objects.count() == 3


def test_items_that_are_not_even_shaped_right_are_named_per_item(world: World) -> None:
    reply = send(
        key_for(world),
        [
            {"answers": {"trust": 1}},
            item(world, survey_id="not-a-uuid"),
            item(world, colour="blue"),
            item(world),
        ],
    )
    results = reply.json()["results"]
    assert [r["status"] for r in results] == ["error", "error", "error", "stored"]
    assert "survey_id" in results[0]["errors"]
    assert "survey_id" in results[1]["errors"]
    assert "colour" in results[2]["errors"]
    assert Response.objects.count() == 1


def test_another_agencys_survey_is_an_error_for_that_item_only(world: World) -> None:
    other = item(world, survey_id=str(world.b.survey.public_id))
    results = send(key_for(world), [other, item(world)]).json()["results"]
    assert results[0]["status"] == "error"
    assert "survey_id" in results[0]["errors"]
    assert not Response.objects.filter(survey=world.b.survey).exists()
    assert Response.objects.filter(survey=world.a.survey).count() == 1


def test_a_closed_survey_is_an_error_for_its_items(world: World) -> None:
    survey_archive(survey=world.a.v1_survey, user=None)
    closed = item(world, survey_id=str(world.a.v1_survey.public_id), answers={"satisfaction": 5})
    results = send(key_for(world), [closed, item(world)]).json()["results"]
    assert [r["status"] for r in results] == ["error", "stored"]


def test_answered_at_keeps_when_an_offline_answer_was_given(world: World) -> None:
    answered = timezone.now() - dt.timedelta(days=3)
    results = send(key_for(world), [item(world, answered_at=answered.isoformat())]).json()
    stored = Response.objects.get(uuid=results["results"][0]["id"])
    assert stored.created_at == answered


@pytest.mark.parametrize(
    ("answered_at", "message"),
    [
        ("2026-11-30T14:05:00", "time zone"),
        ((timezone.now() + dt.timedelta(hours=1)).isoformat(), "future"),
        ((timezone.now() - dt.timedelta(days=400)).isoformat(), "year"),
    ],
)
def test_an_implausible_answered_at_is_named(world: World, answered_at: str, message: str) -> None:
    results = send(key_for(world), [item(world, answered_at=answered_at)]).json()["results"]
    assert results[0]["status"] == "error"
    assert message in results[0]["errors"]["answered_at"][0]
    assert not Response.objects.exists()


def test_more_than_500_items_are_refused_whole(world: World) -> None:
    reply = send(key_for(world), [item(world)] * 501)
    assert reply.status_code == 422
    assert "responses" in reply.json()["errors"]
    assert not Response.objects.exists()


def test_500_items_are_accepted(world: World) -> None:
    reply = send(key_for(world), [item(world)] * 500)
    assert reply.json()["stored"] == 500
    assert Response.objects.count() == 500


def test_an_empty_batch_is_refused(world: World) -> None:
    assert send(key_for(world), []).status_code == 422


@pytest.mark.parametrize("key", [None, "gcx_000000000000_wrong"])
def test_a_batch_needs_a_valid_key(world: World, key: str | None) -> None:
    assert send(key, [item(world)]).status_code == 401
    assert not Response.objects.exists()


def test_a_revoked_key_can_no_longer_send(world: World) -> None:
    made = api_key_create(organization=world.a.organization, name="Old app", user=None)
    api_key_revoke(api_key=made.record)
    assert send(made.key, [item(world)]).status_code == 401
