"""Every public page meets WCAG 2.1 AA as far as axe-core can tell: zero violations."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from govcx.surveys.models import Survey
from govcx.surveys.services import survey_archive
from tests.browser.conftest import assert_accessible
from tests.collection.surveys import EVERY_TYPE, SurveyMaker
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def open_survey(page: Page, live_server: LiveServer, survey: Survey, query: str = "") -> None:
    page.goto(f"{live_server.url}/s/{survey.public_id}/{query}")


def test_home_and_sign_in_pages(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    assert_accessible(page, "the home page")
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page, "the sign-in page")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert_accessible(page, "the sign-in page with an error")


def test_v2_survey_from_first_page_to_receipt(
    page: Page, live_server: LiveServer, world: World
) -> None:
    open_survey(page, live_server, world.a.survey)
    assert_accessible(page, "page 1 of the A-11 v2 survey")

    page.get_by_role("button", name="Next").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page, "page 1 with an error")

    page.get_by_text("Thumbs up").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Page 2 of 2").wait_for()
    assert_accessible(page, "page 2 of the A-11 v2 survey")

    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Your response has been received").wait_for()
    assert_accessible(page, "the receipt page")


def test_every_question_type(page: Page, live_server: LiveServer, make_survey: SurveyMaker) -> None:
    survey = make_survey(
        EVERY_TYPE,
        instructions="It takes two minutes.",
        disclaimer="Do not include personal information.",
        omb_control_number="1234-5678",
        omb_expiration_date=dt.date(2099, 9, 30),
    )
    open_survey(page, live_server, survey, "?transaction_id=T-1")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page, "page 1 of every question type, with errors")

    page.get_by_label("Your first name").fill("Ana")
    page.get_by_label("Email address").fill("")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Page 2 of 2").wait_for()
    page.get_by_label("Tell us more").fill("x" * 250)
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("There is a problem").wait_for()
    assert_accessible(page, "page 2 of every question type, with errors")


def test_closed_and_unavailable_pages(page: Page, live_server: LiveServer, world: World) -> None:
    survey_archive(survey=world.b.survey, user=None)
    open_survey(page, live_server, world.b.survey)
    page.get_by_text("This survey is closed").wait_for()
    assert_accessible(page, "the closed page")
    page.goto(f"{live_server.url}/s/00000000-0000-4000-8000-000000000000/")
    page.get_by_text("This survey is not available").wait_for()
    assert_accessible(page, "the not-available page")
