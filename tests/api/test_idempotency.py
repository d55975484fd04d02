"""An Idempotency-Key makes a retried submission count once, enforced by the database."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from govcx.responses.models import Response
from tests.collection.survey_form import parse_form, post_page
from tests.conftest import World

ANSWERS = {"trust": 1, "drivers_positive": ["ease"], "comments": "Quick and clear."}


def post(survey_id: object, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return Client().post(
        f"/api/v1/surveys/{survey_id}/responses",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_the_same_key_twice_stores_one_response_and_replays_it(world: World) -> None:
    survey_id = world.a.survey.public_id
    first = post(survey_id, {"answers": ANSWERS}, key="app-7f3a-0001")
    again = post(survey_id, {"answers": ANSWERS}, key="app-7f3a-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Response.objects.count() == 1
    assert Response.objects.get().idempotency_key == "app-7f3a-0001"


def test_different_keys_and_no_key_store_separately(world: World) -> None:
    survey_id = world.a.survey.public_id
    for key in ("one", "two", None, None):
        assert post(survey_id, {"answers": ANSWERS}, key=key).status_code == 201
    assert Response.objects.count() == 4


def test_a_key_is_per_survey(world: World) -> None:
    assert post(world.a.survey.public_id, {"answers": ANSWERS}, key="k1").status_code == 201
    assert post(world.b.survey.public_id, {"answers": ANSWERS}, key="k1").status_code == 201
    assert Response.objects.count() == 2


def test_a_key_reused_for_other_answers_is_refused_and_stores_nothing(world: World) -> None:
    survey_id = world.a.survey.public_id
    post(survey_id, {"answers": ANSWERS}, key="reused")
    other = post(survey_id, {"answers": {"trust": 0}}, key="reused")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["errors"]
    assert Response.objects.count() == 1
    assert Response.objects.get().answers["trust"] == 1


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
def test_a_malformed_key_is_named(world: World, key: str) -> None:
    reply = post(world.a.survey.public_id, {"answers": ANSWERS}, key=key)
    assert reply.status_code == 422
    assert "Idempotency-Key" in reply.json()["errors"]
    assert not Response.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_one_key_store_one_response(world: World) -> None:
    """Eight clients post the same key at once; the unique index lets exactly one insert win."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises every write")
    survey_id = world.a.survey.public_id
    start = threading.Barrier(8)
    statuses: list[int] = []

    def submit() -> None:
        try:
            start.wait()
            statuses.append(post(survey_id, {"answers": ANSWERS}, key="same-key").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    assert Response.objects.filter(survey__public_id=survey_id).count() == 1


def test_the_hosted_page_stores_a_double_submit_once(world: World) -> None:
    client = Client()
    url = f"/s/{world.a.survey.public_id}/"
    page_2 = post_page(client, url, client.get(url), {"trust": "1"})
    first = post_page(client, url, page_2, {"comments": "Fine"})
    second = post_page(client, url, page_2, {"comments": "Fine"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Response.objects.count() == 1
    assert parse_form(page_2).hidden_values("govcx.submission")


def test_two_respondents_on_the_hosted_page_are_two_responses(world: World) -> None:
    url = f"/s/{world.a.survey.public_id}/"
    for _ in range(2):
        client = Client()
        page_2 = post_page(client, url, client.get(url), {"trust": "1"})
        assert post_page(client, url, page_2).status_code == 302
    assert Response.objects.count() == 2
