"""Which surveys can be answered, what the page says around the questions, and receipts."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.test import Client

from govcx.registry.services import organization_create
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_archive, survey_create_from_template
from tests.collection.survey_form import parse_form, post_page
from tests.collection.surveys import EVERY_TYPE, SurveyMaker, survey_url
from tests.conftest import World

pytestmark = pytest.mark.django_db


def answer_v2(client: Client, survey: Survey) -> str:
    """Answer an A-11 v2 survey with a thumbs up; returns the receipt page's address."""
    url = survey_url(survey)
    page_2 = post_page(client, url, client.get(url), {"trust": "1"})
    done = post_page(client, url, page_2)
    assert done.status_code == 302
    location: str = done["Location"]
    return location


def test_unknown_survey_is_not_available() -> None:
    page = Client().get(f"/s/{uuid.uuid4()}/")
    assert page.status_code == 404
    assert "This survey is not available" in page.content.decode()
    assert "usa-header" in page.content.decode(), "a full USWDS page, not a bare error"


def test_never_published_survey_is_not_available(world: World) -> None:
    draft = survey_create_from_template(
        organization=world.a.organization, template_key="a11_v2_thumbs", user=None
    )
    assert Client().get(survey_url(draft)).status_code == 404
    assert Client().post(survey_url(draft), {"trust": "1"}).status_code == 404
    assert Response.objects.count() == 0


def test_archived_survey_is_closed(world: World) -> None:
    survey = survey_archive(survey=world.a.survey, user=None)
    page = Client().get(survey_url(survey))
    assert page.status_code == 410
    assert "This survey is closed" in page.content.decode()
    posted = Client().post(survey_url(survey), {"trust": "1", "govcx.action": "next"})
    assert posted.status_code == 410
    assert Response.objects.count() == 0


def test_survey_past_its_omb_expiration_is_closed(make_survey: SurveyMaker) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    survey = make_survey(EVERY_TYPE, omb_control_number="1234-5678", omb_expiration_date=yesterday)
    page = Client().get(survey_url(survey))
    assert page.status_code == 410
    assert "This survey is closed" in page.content.decode()


def test_survey_closed_between_pages_stores_nothing(world: World) -> None:
    client = Client()
    url = survey_url(world.a.survey)
    page_2 = post_page(client, url, client.get(url), {"trust": "1"})
    survey_archive(survey=world.a.survey, user=None)
    assert post_page(client, url, page_2).status_code == 410
    assert Response.objects.count() == 0


def test_pra_line_title_instructions_and_disclaimer(make_survey: SurveyMaker) -> None:
    survey = make_survey(
        EVERY_TYPE,
        title="Passport office feedback",
        instructions="It takes two minutes.",
        disclaimer="Do not include personal information.",
        omb_control_number="1234-5678",
        omb_expiration_date=dt.date(2099, 9, 30),
    )
    html = Client().get(survey_url(survey)).content.decode()
    assert re.search(r"<h1[^>]*>Passport office feedback</h1>", html)
    assert "OMB Control No. 1234-5678 · Expires 09/30/2099" in html
    assert "It takes two minutes." in html
    assert "Do not include personal information." in html
    assert "Agency A" in html, "the agency is named in the header"


def test_no_pra_line_when_not_set(world: World) -> None:
    assert "OMB Control No." not in Client().get(survey_url(world.a.survey)).content.decode()


def test_receipt_page(world: World) -> None:
    client = Client()
    location = answer_v2(client, world.a.survey)
    response = Response.objects.get()
    assert location == f"/s/{world.a.survey.public_id}/received/{response.receipt_id}/"
    page = client.get(location)
    assert page.status_code == 200
    assert "Thank you. Your feedback has been received." in page.content.decode()
    assert f'data-receipt-id="{response.receipt_id}"' in page.content.decode()


def test_receipt_of_another_survey_is_not_shown(world: World) -> None:
    answer_v2(Client(), world.a.survey)
    receipt_id = Response.objects.get().receipt_id
    for survey in (world.a.v1_survey, world.b.survey):
        page = Client().get(f"/s/{survey.public_id}/received/{receipt_id}/")
        assert page.status_code == 404
        assert receipt_id not in page.content.decode()
    assert Client().get(f"/s/{world.a.survey.public_id}/received/NOSUCHID00/").status_code == 404
    assert Client().get(f"/s/{uuid.uuid4()}/received/{receipt_id}/").status_code == 404


def test_receipt_stays_readable_after_the_survey_closes(world: World) -> None:
    location = answer_v2(Client(), world.a.survey)
    survey_archive(survey=world.a.survey, user=None)
    assert Client().get(location).status_code == 200


def test_hidden_values_language_and_ip(make_survey: SurveyMaker) -> None:
    organization = organization_create(
        name="Agency C", abbreviation="AGC", collect_ip_addresses=True
    )
    survey = make_survey(EVERY_TYPE, organization=organization)
    client = Client(REMOTE_ADDR="203.0.113.7")
    url = survey_url(survey)
    page_1 = client.get(url + "?transaction_id=" + "T" * 600)
    assert parse_form(page_1).hidden_values("transaction_id") == ["T" * 500]
    page_2 = post_page(client, url, page_1, {"name": "Ana", "govcx.language": "not a tag!"})
    post_page(client, url, page_2, {"thumbs": "1"})
    response = Response.objects.get()
    # The typed name is removed before storage; the hidden transaction ID is the agency's own.
    assert response.answers == {"name": "[NAME]", "transaction_id": "T" * 500, "thumbs": 1}
    assert response.ip_address == "203.0.113.7"
    assert response.language == "en"
    assert response.page_url == ""


def test_page_url_falls_back_to_the_referer(world: World) -> None:
    survey = world.a.survey
    survey.allowed_origins = ["https://*.example.gov"]
    survey.save(update_fields=["allowed_origins"])
    client = Client()
    url = survey_url(survey)
    page_2 = post_page(client, url, client.get(url), {"trust": "0"})
    post_page(client, url, page_2, HTTP_REFERER="https://agency-a.example.gov/s")
    assert Response.objects.get().page_url == "https://agency-a.example.gov/s"


def test_a_form_posted_from_an_origin_not_allowed_stores_nothing(world: World) -> None:
    client = Client()
    url = survey_url(world.a.survey)
    page_2 = post_page(client, url, client.get(url), {"trust": "0"})
    refused = post_page(client, url, page_2, HTTP_ORIGIN="https://elsewhere.example.com")
    assert refused.status_code == 403
    assert "does not accept responses sent from https://elsewhere.example.com" in (
        refused.content.decode()
    )
    assert not Response.objects.exists()


def test_only_get_and_post(world: World) -> None:
    assert Client().put(survey_url(world.a.survey)).status_code == 405
