"""Rate limits counted in Redis, as production runs them: every server process shares them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.test import Client
from pytest_django import Settings

from govcx.responses.models import Response
from tests.conftest import World

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_counters(settings: Settings) -> Iterator[str]:
    """The default cache in Redis under a prefix of this test's own, removed afterwards."""
    prefix = f"govcx-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def post(survey_id: uuid.UUID, address: str) -> int:
    reply = Client().post(
        f"/api/v1/surveys/{survey_id}/responses",
        json.dumps({"answers": {"trust": 1}}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )
    return reply.status_code


def test_an_address_past_its_limit_waits_with_the_count_kept_in_redis(
    world: World, settings: Settings, redis_counters: str
) -> None:
    settings.RATE_LIMIT_PER_IP = "3/m"
    statuses = [post(world.a.survey.public_id, "192.0.2.10") for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    assert post(world.a.survey.public_id, "192.0.2.11") == 201
    settings.RATE_LIMIT_PER_SURVEY = "6/m"  # refused posts count too: five so far
    assert post(world.a.survey.public_id, "192.0.2.12") == 201
    assert post(world.a.survey.public_id, "192.0.2.13") == 429, "the survey's own limit"
    assert Response.objects.count() == 5
    server = redis.Redis.from_url(REDIS_URL)
    assert any(server.scan_iter(f"{redis_counters}:*")), "the counters are not in Redis"
