"""The widget's script at /w/<survey id>.js: headers, size, the configuration it carries."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from govcx.surveys.models import Survey
from govcx.surveys.services import survey_archive, survey_create_from_template
from tests.collection.surveys import EVERY_TYPE, SurveyMaker
from tests.conftest import World

pytestmark = pytest.mark.django_db

SIZE_BUDGET_GZIPPED = 30 * 1024


def script_url(survey: Survey) -> str:
    return f"/w/{survey.public_id}.js"


def body_of(survey: Survey) -> str:
    reply = Client().get(script_url(survey))
    assert reply.status_code == 200
    return reply.content.decode()


def config_of(body: str) -> dict[str, Any]:
    """The configuration the script passes to the widget's function, as JSON."""
    _head, separator, tail = body.rpartition("})(")
    assert separator
    assert tail.endswith(");\n")
    config: dict[str, Any] = json.loads(tail[: -len(");\n")])
    return config


def test_the_script_is_javascript_cacheable_and_sets_no_cookie(world: World) -> None:
    reply = Client().get(script_url(world.a.survey))
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/javascript; charset=utf-8"
    assert reply["Cache-Control"] == "public, max-age=300"
    assert reply["X-Content-Type-Options"] == "nosniff"
    assert not reply.cookies
    assert "Vary" not in reply or "Cookie" not in reply["Vary"]


def test_the_script_stays_within_its_size_budget(world: World, every_type: Survey) -> None:
    for survey in (world.a.survey, every_type):
        size = len(gzip.compress(Client().get(script_url(survey)).content, compresslevel=9))
        assert size <= SIZE_BUDGET_GZIPPED, f"{size:,} bytes gzipped"


def test_the_configuration_carries_the_published_survey(world: World) -> None:
    survey = world.a.survey
    survey.omb_control_number, survey.omb_expiration_date = "1234-5678", dt.date(2099, 9, 30)
    survey.sample_percent = 40
    survey.save()
    world.a.organization.survey_fatigue_days = 14
    world.a.organization.save()
    assert survey.current_version is not None

    config = config_of(body_of(survey))
    assert config["survey_id"] == str(survey.public_id)
    assert config["version"] == survey.current_version.number
    assert config["structure"] == survey.current_version.parsed().to_json()
    assert config["title"] == survey.title
    assert config["instructions"] == survey.instructions
    assert config["success_message"] == survey.success_message
    assert config["pra_line"] == "OMB Control No. 1234-5678 · Expires 09/30/2099"
    assert config["submit_url"] == f"/api/v1/surveys/{survey.public_id}/responses"
    assert config["sample_percent"] == 40
    assert config["survey_fatigue_days"] == 14
    assert config["organization_id"] == str(world.a.organization.public_id)
    assert config["us_states"] == [], "sent only to surveys that ask for a state"


def test_states_are_sent_to_a_survey_that_asks_for_one(every_type: Survey) -> None:
    states = dict(config_of(body_of(every_type))["us_states"])
    assert states["PR"] == "Puerto Rico"


def test_survey_texts_cannot_break_out_of_the_script(make_survey: SurveyMaker) -> None:
    title = "</script><script>alert(1)</script> <!-- & \u2028\u2029"
    survey = make_survey(EVERY_TYPE, title=title)
    body = body_of(survey)
    assert "</script" not in body.lower()
    assert "<!--" not in body
    assert "\u2028" not in body
    assert "\u2029" not in body
    assert config_of(body)["title"] == title


@pytest.fixture
def every_type(make_survey: SurveyMaker) -> Survey:
    return make_survey(EVERY_TYPE, title="Every question type")


def missing_status(reply_body: str) -> int:
    return int(reply_body.rstrip().removesuffix(");").rsplit(",", 1)[1])


def test_a_survey_that_cannot_be_answered_gets_a_script_that_only_reports_it(
    world: World,
) -> None:
    draft = survey_create_from_template(
        organization=world.a.organization, service=None, template_key="yes_no", user=None
    )
    archived = survey_archive(survey=world.a.v1_survey, user=None)
    cases = [(uuid.uuid4(), 404), (draft.public_id, 404), (archived.public_id, 410)]
    for public_id, status in cases:
        reply = Client().get(f"/w/{public_id}.js")
        assert reply.status_code == 200, "a script with an error status would not run"
        assert reply["Content-Type"] == "application/javascript; charset=utf-8"
        assert reply["Cache-Control"] == "public, max-age=60"
        body = reply.content.decode()
        assert "govcx:failed" in body
        assert str(public_id) in body
        assert missing_status(body) == status
        assert "structure" not in body
