"""Answers that cannot be accepted keep the respondent on the page, told what to fix."""

from __future__ import annotations

import pytest
from django.test import Client

from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.collection.survey_form import parse_form, post_page, question_html
from tests.collection.surveys import PAGE_1_ANSWERS, survey_url

pytestmark = pytest.mark.django_db


def test_errors_are_shown_per_field_and_nothing_is_stored(every_type_survey: Survey) -> None:
    client = Client()
    url = survey_url(every_type_survey)
    page = post_page(
        client,
        url,
        client.get(url),
        {"name": "", "email": "not-an-email", "phone": "555-0100", "state": "AK"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Page 1 of 2" in html
    assert Response.objects.count() == 0
    assert "<title>Error: Every question type · Page 1 of 2</title>" in html

    summary = html[html.index('id="error-summary"') : html.index("</ul>")]
    assert 'tabindex="-1" autofocus' in summary
    assert '<a class="usa-link" href="#q-name">Your first name — This answer is required.</a>' in (
        summary
    )
    assert 'href="#q-email">Email address — Enter an email address like name@example.gov.' in (
        summary
    )
    assert 'href="#q-phone">Phone number — Enter a 10-digit U.S. phone number' in summary

    for key in ("name", "email", "phone"):
        markup = question_html(html, key)
        assert 'class="usa-form-group usa-form-group--error"' in markup
        assert f'<span class="usa-error-message" id="q-{key}-error">' in markup
        assert "usa-input--error" in markup
        assert f"q-{key}-error" in parse_form(page).input(key).attrs["aria-describedby"]
    assert "usa-form-group--error" not in question_html(html, "state")

    form = parse_form(page)
    assert form.values("email") == ["not-an-email"], "what was typed is kept"
    assert form.values("phone") == ["555-0100"]
    assert form.values("state") == ["AK"]


def test_over_the_character_limit_on_the_last_page(every_type_survey: Survey) -> None:
    client = Client()
    url = survey_url(every_type_survey)
    page_2 = post_page(client, url, client.get(url), PAGE_1_ANSWERS)
    too_long = "x" * 201
    page = post_page(client, url, page_2, {"thumbs": "0", "story": too_long})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Page 2 of 2" in html
    assert "Use at most 200 characters (this answer has 201)." in question_html(html, "story")
    assert parse_form(page).values("story") == [too_long]
    assert parse_form(page).values("thumbs") == ["0"]
    assert Response.objects.count() == 0


def test_a_write_in_without_its_option_is_an_error_on_the_write_in(
    every_type_survey: Survey,
) -> None:
    client = Client()
    url = survey_url(every_type_survey)
    page_2 = post_page(client, url, client.get(url), PAGE_1_ANSWERS)
    page = post_page(
        client, url, page_2, {"thumbs": "1", "topic": "records", "topic.other": "Passport"}
    )
    html = page.content.decode()
    assert 'href="#q-topic-other-text">If you chose “Something else”, please describe — ' in html
    assert 'id="q-topic-other-text-error"' in question_html(html, "topic")
    assert Response.objects.count() == 0


def test_a_required_choice_links_to_its_first_option(every_type_survey: Survey) -> None:
    client = Client()
    url = survey_url(every_type_survey)
    page_2 = post_page(client, url, client.get(url), PAGE_1_ANSWERS)
    page = post_page(client, url, page_2, {"stars": "3"})
    html = page.content.decode()
    assert 'href="#q-thumbs-1">Did the visit go well? — This answer is required.' in html
    assert 'aria-describedby="q-thumbs-error"' in question_html(html, "thumbs")
    assert parse_form(page).values("stars") == ["3"]


def test_errors_on_an_earlier_page_send_the_respondent_back_there(
    every_type_survey: Survey,
) -> None:
    """A page skipped by a forged page number is still checked when the survey is submitted."""
    client = Client()
    url = survey_url(every_type_survey)
    page_2 = post_page(client, url, client.get(url), PAGE_1_ANSWERS)
    data = dict(parse_form(page_2).fields) | {"thumbs": "1", "name": "", "govcx.action": "next"}
    page = client.post(url, data)
    html = page.content.decode()
    assert "Page 1 of 2" in html
    assert 'href="#q-name">Your first name — This answer is required.' in html
    assert parse_form(page).hidden_values("thumbs") == ["1"]
    assert Response.objects.count() == 0
