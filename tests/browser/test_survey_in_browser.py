"""The hosted survey in a real browser: without JavaScript, and with the live follow-ups."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from govcx.responses.models import Response
from tests.collection.surveys import SAME_PAGE_FOLLOW_UP, SurveyMaker
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_v2_survey_without_javascript(
    page_without_javascript: Page, live_server: LiveServer, world: World
) -> None:
    page = page_without_javascript
    survey = world.a.survey
    page.goto(f"{live_server.url}/s/{survey.public_id}/")
    page.get_by_text("Thumbs down").click()
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.get_by_text("What didn't go so well?")).to_be_visible()
    expect(page.get_by_text("What went well?")).to_have_count(0)
    page.get_by_text("It took too long to do what I needed to do").click()
    page.get_by_text("Something else", exact=True).click()
    page.get_by_label("If you chose “Something else”, please describe").fill("Lost form")
    page.get_by_label("Additional comments").fill("Please call back.")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("Your response has been received")).to_be_visible()
    response = Response.objects.get(survey=survey)
    assert response.receipt_id in page.content()
    assert response.answers == {
        "trust": 0,
        "drivers_negative": ["efficiency", "other"],
        "drivers_negative.other": "Lost form",
        "comments": "Please call back.",
    }


def test_same_page_follow_up_shows_and_hides_live(
    page: Page, live_server: LiveServer, make_survey: SurveyMaker
) -> None:
    survey = make_survey(SAME_PAGE_FOLLOW_UP)
    page.goto(f"{live_server.url}/s/{survey.public_id}/")
    follow_up = page.get_by_label("What went wrong?")
    expect(follow_up).to_be_hidden()
    expect(page.get_by_text("Answer this only if")).to_have_count(0)

    page.get_by_text("Thumbs down").click()
    expect(follow_up).to_be_visible()
    follow_up.fill("The line was long")
    page.get_by_text("Thumbs up").click()
    expect(follow_up).to_be_hidden()
    page.get_by_text("Thumbs down").click()
    expect(follow_up).to_have_value("The line was long")

    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Your response has been received")).to_be_visible()
    assert Response.objects.get(survey=survey).answers == {
        "trust": 0,
        "what_went_wrong": "The line was long",
    }


def test_error_summary_takes_focus_and_links_to_the_field(
    page: Page, live_server: LiveServer, world: World
) -> None:
    page.goto(f"{live_server.url}/s/{world.a.v1_survey.public_id}/")
    page.get_by_role("button", name="Next").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.locator("#q-satisfaction-1")).to_be_focused()


def test_long_answers_count_their_characters(
    page: Page, live_server: LiveServer, world: World
) -> None:
    page.goto(f"{live_server.url}/s/{world.a.v1_survey.public_id}/")
    comments = page.get_by_label("Any additional feedback on your scores above?")
    comments.fill("Twelve chars")
    expect(page.get_by_text("1,988 characters left")).to_be_visible()
    comments.fill("x" * 2001)
    expect(page.get_by_text("1 character over the limit")).to_be_visible()
