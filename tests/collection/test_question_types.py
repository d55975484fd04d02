"""Every question type renders as accessible USWDS markup and survives the round trip."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from govcx.lib.a11 import LIKERT_LABELS
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from govcx.surveys.structure import QuestionType
from govcx.surveys.us_states import US_STATES
from tests.collection.survey_form import parse_form, post_page, question_html
from tests.collection.surveys import EVERY_TYPE, PAGE_1_ANSWERS, survey_url

pytestmark = pytest.mark.django_db

PAGE_2_ANSWERS: dict[str, str | list[str]] = {
    "topic": "other",
    "topic.other": "Passport",
    "needs": ["forms", "other"],
    "needs.other": "Directions",
    "office": "elsewhere",
    "office.other": "Downtown",
    "returning": "yes",
    "thumbs": "1",
    "stars": "4",
    "agree": "5",
    "story": "It went fine.\r\nThanks.",
}


def page_2_html(client: Client, survey: Survey) -> str:
    page_1 = client.get(survey_url(survey))
    page_2 = post_page(client, survey_url(survey), page_1, PAGE_1_ANSWERS)
    assert "Page 2 of 2" in page_2.content.decode()
    return page_2.content.decode()


def test_the_fixture_covers_every_question_type() -> None:
    assert {question.type for question in EVERY_TYPE.questions()} == set(QuestionType)


def test_text_like_inputs(every_type_survey: Survey) -> None:
    html = Client().get(survey_url(every_type_survey)).content.decode()
    expected = {"name": "text", "email": "email", "phone": "tel", "visit_date": "date"}
    for key, input_type in expected.items():
        markup = question_html(html, key)
        assert f'<label class="usa-label" for="q-{key}">' in markup
        assert re.search(
            rf'<input class="usa-input" id="q-{key}" name="{key}" type="{input_type}"', markup
        )
    assert 'autocomplete="email"' in question_html(html, "email")
    assert 'autocomplete="tel"' in question_html(html, "phone")


def test_required_question_is_marked_and_its_help_text_described(
    every_type_survey: Survey,
) -> None:
    markup = question_html(Client().get(survey_url(every_type_survey)).content.decode(), "name")
    assert '<abbr title="required" class="usa-hint usa-hint--required">*</abbr>' in markup
    assert " required" in markup
    assert '<div class="usa-hint" id="q-name-hint">Your first name is enough.</div>' in markup
    assert 'aria-describedby="q-name-hint q-name-limit"' in markup
    assert "You can enter up to 40 characters." in markup
    assert (
        "Required questions are marked with an asterisk"
        in Client().get(survey_url(every_type_survey)).content.decode()
    )


def test_us_state_is_a_select_of_every_state_and_territory(every_type_survey: Survey) -> None:
    markup = question_html(Client().get(survey_url(every_type_survey)).content.decode(), "state")
    assert '<select class="usa-select" id="q-state" name="state">' in markup
    options = re.findall(r'<option value="([A-Z]*)">', markup)
    assert options == ["", *US_STATES]


def test_display_text_is_text_only(every_type_survey: Survey) -> None:
    html = Client().get(survey_url(every_type_survey)).content.decode()
    assert "<p>Thank you for helping us improve.</p>" in question_html(html, "intro")
    assert "<input" not in question_html(html, "intro")


def test_hidden_field_comes_from_the_link(every_type_survey: Survey) -> None:
    page = Client().get(survey_url(every_type_survey) + "?transaction_id=ABC-123&other=ignored")
    form = parse_form(page)
    assert form.hidden_values("transaction_id") == ["ABC-123"]
    assert "transaction_id" not in form.visible_names()
    assert "other" not in {name for name, _value in form.fields}


def test_grouped_choices_are_fieldsets_with_legends(every_type_survey: Survey) -> None:
    html = page_2_html(Client(), every_type_survey)
    expected_values = {
        "topic": ["benefits", "records", "other"],
        "returning": ["yes", "no"],
        "thumbs": ["1", "0"],
        "stars": ["1", "2", "3", "4", "5"],
        "agree": ["1", "2", "3", "4", "5"],
    }
    for key, values in expected_values.items():
        markup = question_html(html, key)
        assert '<fieldset class="usa-fieldset"' in markup
        assert '<legend class="usa-legend">' in markup
        assert re.findall(r'type="radio" name="[a-z_]+" value="([^"]*)"', markup) == values
    needs = question_html(html, "needs")
    assert '<legend class="usa-legend">What did you need?' in needs
    assert re.findall(r'type="checkbox" name="needs" value="([^"]*)"', needs) == [
        "forms",
        "status",
        "other",
    ]


def test_scale_labels(every_type_survey: Survey) -> None:
    html = page_2_html(Client(), every_type_survey)

    def labels(key: str) -> list[str]:
        label = r'<label class="usa-radio__label" for="q-[a-z]+-\d">(?:<svg.*?</svg> )?([^<]*)<'
        return re.findall(label, question_html(html, key))

    assert labels("agree") == list(LIKERT_LABELS.values())
    assert labels("thumbs") == ["Thumbs up", "Thumbs down"]
    assert labels("stars") == ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]
    assert labels("returning") == ["Yes", "No"]
    assert 'aria-hidden="true"' in question_html(html, "thumbs"), "icons are decoration only"


def test_other_options_have_a_write_in(every_type_survey: Survey) -> None:
    html = page_2_html(Client(), every_type_survey)
    for key in ("topic", "needs", "office"):
        markup = question_html(html, key)
        assert f'name="{key}.other" type="text"' in markup
        assert f'<label class="usa-label" for="q-{key}-other-text">' in markup
    assert 'name="returning.other"' not in html


def test_dropdown_and_long_text(every_type_survey: Survey) -> None:
    html = page_2_html(Client(), every_type_survey)
    office = question_html(html, "office")
    assert '<select class="usa-select" id="q-office" name="office">' in office
    assert re.findall(r'<option value="([a-z]*)">', office) == ["", "north", "south", "elsewhere"]
    story = question_html(html, "story")
    assert '<textarea class="usa-textarea" id="q-story" name="story"' in story
    assert "You can enter up to 200 characters." in story


def test_every_type_round_trips_through_the_form(every_type_survey: Survey) -> None:
    client = Client()
    url = survey_url(every_type_survey)
    page_1 = client.get(url + "?transaction_id=ABC-123")
    page_2 = post_page(client, url, page_1, PAGE_1_ANSWERS)
    page_2 = post_page(client, url, page_2, PAGE_2_ANSWERS, action="back")
    page_2 = post_page(client, url, page_2)  # next again, changing nothing
    form = parse_form(page_2)
    for key, value in PAGE_2_ANSWERS.items():
        assert form.values(key) == (value if isinstance(value, list) else [value]), key

    done = post_page(client, url, page_2)
    assert done.status_code == 302
    # A name typed into a text answer is personal information, removed before storage.
    assert Response.objects.get(survey=every_type_survey).answers == {
        "name": "[NAME]",
        "email": "ana@example.com",
        "phone": "202-555-0123",
        "visit_date": "2025-03-04",
        "state": "AK",
        "transaction_id": "ABC-123",
        "topic": "other",
        "topic.other": "Passport",
        "needs": ["forms", "other"],
        "needs.other": "Directions",
        "office": "elsewhere",
        "office.other": "Downtown",
        "returning": "yes",
        "thumbs": 1,
        "stars": 4,
        "agree": 5,
        "story": "It went fine.\nThanks.",
    }


def test_page_1_values_are_shown_again_after_going_back(every_type_survey: Survey) -> None:
    client = Client()
    url = survey_url(every_type_survey)
    page_2 = post_page(client, url, client.get(url), PAGE_1_ANSWERS)
    page_1 = post_page(client, url, page_2, {"stars": "2"}, action="back")
    form = parse_form(page_1)
    for key, value in PAGE_1_ANSWERS.items():
        assert form.values(key) == [value], key
    assert form.hidden_values("stars") == ["2"]
