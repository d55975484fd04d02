"""The embed page: snippets to copy, allowed origins, sampling, and survey fatigue."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from govcx.registry.models import Organization
from govcx.registry.services import organization_update_survey_fatigue
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_update_embedding
from tests.conftest import World
from tests.staff.helpers import ClientFor


def embed_url(survey: Survey) -> str:
    return f"/staff/surveys/{survey.public_id}/embed/"


def settings_form(**changes: str) -> dict[str, str]:
    return {
        "allowed_origins": "https://www.agency-a.example.gov\nhttps://*.benefits.example.gov/",
        "sample_percent": "25",
        "survey_fatigue_days": "30",
        **changes,
    }


def stored(survey: Survey) -> Survey:
    return Survey.objects.select_related("organization").get(pk=survey.pk)


def test_the_page_shows_the_three_snippets(world: World, client_for: ClientFor) -> None:
    survey = world.a.survey
    detail = client_for(world.manager_a).get(f"/staff/surveys/{survey.public_id}/")
    assert embed_url(survey) in detail.content.decode()
    reply = client_for(world.manager_a).get(embed_url(survey))
    assert reply.status_code == 200
    content = html.unescape(reply.content.decode())
    src = f"{settings.SITE_URL}/w/{survey.public_id}.js"
    assert f'<script src="{src}" data-mode="inline" data-target="#govcx-feedback" async>' in content
    assert f'<script src="{src}" data-mode="button" async></script>' in content
    assert 'data-mode="modal" data-opener="#govcx-open-survey"' in content


def test_an_admin_sets_origins_sampling_and_fatigue(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.admin_a).post(embed_url(world.a.survey), settings_form(), follow=True)
    assert reply.status_code == 200
    assert "The embedding settings were saved." in reply.content.decode()
    survey = stored(world.a.survey)
    assert survey.allowed_origins == [
        "https://www.agency-a.example.gov",
        "https://*.benefits.example.gov",
    ]
    assert survey.sample_percent == 25
    assert survey.organization.survey_fatigue_days == 30


def test_a_survey_manager_sets_the_survey_but_not_the_organization(
    world: World, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)
    page = client.get(embed_url(world.a.survey)).content.decode()
    assert 'name="allowed_origins"' in page
    assert 'name="survey_fatigue_days"' not in page
    reply = client.post(embed_url(world.a.survey), settings_form(survey_fatigue_days="90"))
    assert reply.status_code == 302
    survey = stored(world.a.survey)
    assert survey.sample_percent == 25
    assert survey.organization.survey_fatigue_days == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"allowed_origins": "www.agency.gov"}, "allowed_origins", "is not an origin"),
        ({"allowed_origins": "http://www.agency.gov"}, "allowed_origins", "must use https://"),
        ({"allowed_origins": "https://*.gov"}, "allowed_origins", "allows too much"),
        ({"sample_percent": "0"}, "sample_percent", "Give a percentage from 1 to 100."),
        ({"sample_percent": "101"}, "sample_percent", "Give a percentage from 1 to 100."),
        ({"sample_percent": "ten"}, "sample_percent", "Give a whole number from 1 to 100."),
        ({"survey_fatigue_days": "366"}, "survey_fatigue_days", "from 0 to 365"),
        ({"survey_fatigue_days": "-1"}, "survey_fatigue_days", "from 0 to 365"),
    ],
)
def test_bad_settings_are_named_on_their_field_and_nothing_is_stored(
    world: World, client_for: ClientFor, change: dict[str, str], field: str, message: str
) -> None:
    reply = client_for(world.admin_a).post(embed_url(world.a.survey), settings_form(**change))
    assert reply.status_code == 400
    content = html.unescape(reply.content.decode())
    assert f'id="id_{field}-error"' in content
    assert message in content
    assert 'aria-invalid="true"' in content
    survey = stored(world.a.survey)
    assert (survey.allowed_origins, survey.sample_percent) == ([], 100)
    assert survey.organization.survey_fatigue_days == 0


def test_a_viewer_sees_the_snippets_but_cannot_edit(world: World, client_for: ClientFor) -> None:
    client = client_for(world.viewer_a)
    page = client.get(embed_url(world.a.survey))
    assert page.status_code == 200
    assert 'name="allowed_origins"' not in page.content.decode()
    assert f"/w/{world.a.survey.public_id}.js" in page.content.decode()
    reply = client.post(embed_url(world.a.survey), settings_form())
    assert reply.status_code == 403
    survey = stored(world.a.survey)
    assert (survey.allowed_origins, survey.sample_percent) == ([], 100)
    assert survey.organization.survey_fatigue_days == 0


def test_the_outsider_gets_404_and_changes_nothing(world: World, client_for: ClientFor) -> None:
    client = client_for(world.outsider)  # an organization admin, of agency B
    for reply in (
        client.get(embed_url(world.a.survey)),
        client.post(embed_url(world.a.survey), settings_form()),
    ):
        assert reply.status_code == 404
        assert world.a.survey.title not in reply.content.decode()
        assert str(world.a.organization.public_id) not in reply.content.decode()
    survey = stored(world.a.survey)
    assert (survey.allowed_origins, survey.sample_percent) == ([], 100)
    assert survey.organization.survey_fatigue_days == 0


def test_the_services_refuse_what_the_rules_refuse(world: World) -> None:
    with pytest.raises(ValidationError) as origin_error:
        survey_update_embedding(
            survey=world.a.survey, user=None, allowed_origins=["ftp://x.gov"], sample_percent=50
        )
    assert "allowed_origins" in origin_error.value.message_dict
    with pytest.raises(ValidationError) as percent_error:
        survey_update_embedding(
            survey=world.a.survey, user=None, allowed_origins=[], sample_percent=0
        )
    assert "sample_percent" in percent_error.value.message_dict
    with pytest.raises(ValidationError):
        organization_update_survey_fatigue(organization=world.a.organization, days=400)
    assert Organization.objects.get(pk=world.a.organization.pk).survey_fatigue_days == 0
    assert stored(world.a.survey).sample_percent == 100
