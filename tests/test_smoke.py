from django.test import Client

from tests.conftest import World


def test_world_builds_and_api_accepts_a_response(world: World) -> None:
    survey = world.a.survey
    reply = Client().post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        {"answers": {"trust": 1, "drivers_positive": ["ease"], "comments": "Quick."}},
        content_type="application/json",
    )
    assert reply.status_code == 201, reply.content
