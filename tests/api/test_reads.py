"""Reading surveys and responses with an API key: only the key's own organization's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from govcx.api.keys import api_key_create
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World


def key_of(world: World, agency: str) -> str:
    organization = world.a.organization if agency == "a" else world.b.organization
    return api_key_create(organization=organization, name="Analyst", user=None).key


def get(path: str, key: str | None, **query: Any) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return Client().get(f"/api/v1{path}", query, headers=headers)


def submit(survey: Survey, trust: int, key: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    reply = Client().post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        json.dumps({"answers": {"trust": trust}}),
        content_type="application/json",
        headers=headers,
    )
    assert reply.status_code == 201, reply.content
    body: dict[str, Any] = reply.json()
    return body


def test_a_key_lists_only_its_own_organizations_surveys(world: World) -> None:
    surveys = get("/surveys", key_of(world, "a")).json()
    assert {s["id"] for s in surveys} == {
        str(world.a.survey.public_id),
        str(world.a.v1_survey.public_id),
    }
    v2 = next(s for s in surveys if s["id"] == str(world.a.survey.public_id))
    assert (v2["state"], v2["version"], v2["kind"]) == ("published", 1, "a11_v2_thumbs")


def test_a_key_reads_its_surveys_responses_without_spam_or_deleted(world: World) -> None:
    kept = submit(world.a.survey, 1)
    spam = submit(world.a.survey, 0)
    deleted = submit(world.a.survey, 0)
    Response.objects.filter(uuid=spam["id"]).update(is_spam=True, spam_score=90)
    Response.objects.filter(uuid=deleted["id"]).update(is_deleted=True)
    path = f"/surveys/{world.a.survey.public_id}/responses"
    key = key_of(world, "a")
    plain = get(path, key).json()
    assert [r["id"] for r in plain["responses"]] == [kept["id"]]
    assert plain["responses"][0]["answers"] == {"trust": 1}
    assert plain["next_cursor"] is None
    with_spam = get(path, key, include_spam="true").json()
    assert {r["id"] for r in with_spam["responses"]} == {kept["id"], spam["id"]}


def test_another_agencys_key_reads_nothing_of_this_agency(world: World) -> None:
    submit(world.a.survey, 1)
    outsider = key_of(world, "b")
    reply = get(f"/surveys/{world.a.survey.public_id}/responses", outsider)
    assert reply.status_code == 404
    assert "answers" not in reply.content.decode()
    listed = {s["id"] for s in get("/surveys", outsider).json()}
    assert str(world.a.survey.public_id) not in listed


def test_another_agencys_key_cannot_post_to_this_agencys_survey(world: World) -> None:
    reply = Client().post(
        f"/api/v1/surveys/{world.a.survey.public_id}/responses",
        json.dumps({"answers": {"trust": 1}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key_of(world, 'b')}"},
    )
    assert reply.status_code == 403
    assert not Response.objects.exists()


def test_an_invalid_key_on_the_submission_endpoint_is_refused_not_ignored(world: World) -> None:
    reply = Client().post(
        f"/api/v1/surveys/{world.a.survey.public_id}/responses",
        json.dumps({"answers": {"trust": 1}}),
        content_type="application/json",
        headers={"Authorization": "Bearer gcx_000000000000_nope"},
    )
    assert reply.status_code == 401
    assert not Response.objects.exists()


@pytest.mark.parametrize("path", ["/surveys", "/surveys/{id}/responses"])
def test_reading_needs_a_key(world: World, path: str) -> None:
    reply = get(path.format(id=world.a.survey.public_id), None)
    assert reply.status_code == 401


def test_pages_follow_the_cursor_without_gaps_or_repeats(world: World) -> None:
    key = key_of(world, "a")
    made = [submit(world.a.survey, n % 2, key)["id"] for n in range(7)]
    path = f"/surveys/{world.a.survey.public_id}/responses"
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = get(path, key, **query).json()
        seen += [r["id"] for r in page["responses"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_a_forged_cursor_is_named(world: World) -> None:
    reply = get(f"/surveys/{world.a.survey.public_id}/responses", key_of(world, "a"), cursor="!!")
    assert reply.status_code == 422
    assert "cursor" in reply.json()["errors"]


def test_the_new_endpoints_are_in_the_openapi_document(world: World) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/responses/batch" in paths
    assert set(paths["/api/v1/surveys/{survey_id}/responses"]) == {"get", "post"}
    assert "/api/v1/surveys" in paths
    post = paths["/api/v1/surveys/{survey_id}/responses"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in post["parameters"])
    assert {"200", "201", "403", "413", "422", "429"} <= set(post["responses"])
