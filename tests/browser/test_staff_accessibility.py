"""Every signed-in staff page meets WCAG 2.1 AA as far as axe-core can tell, on a desktop and on
a phone: with data in its tables, and with its form's errors shown.

Agency A's organization admin signs in through the real form, so every link and button an
admin may see is on the page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from govcx.standards.models import Standard
from tests.browser.conftest import assert_accessible
from tests.conftest import World
from tests.standards.standard_fixtures import (
    add_calls,
    add_case,
    add_cases,
    email_standard,
    phone_standard,
)
from tests.standards.test_pages import at, business_days_in_last_quarter

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-staff-password-2026"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]


@pytest.fixture(params=WIDTHS)
def staff_page(
    request: pytest.FixtureRequest,
    page: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
) -> Page:
    """The browser page at the given width, signed in as agency A's organization admin.

    A fast password hasher keeps signing in from costing a second per test.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page.set_viewport_size({"width": request.param, "height": 900})
    world.admin_a.set_password(PASSWORD)
    world.admin_a.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.get_by_label("Username").fill(world.admin_a.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    return page


@pytest.fixture
def standard(world: World) -> Standard:
    """An email standard with last quarter's cases and one still open, and a phone standard
    with calls: every table of the standards pages has rows."""
    standard = email_standard(world.a)
    assert standard.calendar is not None
    day = business_days_in_last_quarter(standard.calendar)
    add_cases(standard, 9, at(day, 10), at(day + dt.timedelta(days=1), 12))
    add_cases(standard, 3, at(day, 10), at(day + dt.timedelta(days=2), 12))
    add_case(standard, timezone.now() - dt.timedelta(days=3))
    phone = phone_standard(world.a)
    add_calls(phone, at(day, 11), [5, 20, 45, 90, 12, 8, 30, 31, 2, 60])
    return standard


def test_home_services_and_surveys(staff_page: Page, live_server: LiveServer, world: World) -> None:
    page = staff_page
    assert_accessible(page, "the staff home page")
    for path, what in [
        ("/staff/services/", "the services list"),
        ("/staff/surveys/", "the surveys list"),
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page, what)

    page.goto(f"{live_server.url}/staff/surveys/new/")
    assert_accessible(page, "the new-survey form")
    page.get_by_role("button", name="Create the survey").click()
    expect(page.get_by_text("The survey was not created")).to_be_visible()
    assert_accessible(page, "the new-survey form with errors")

    survey_path = f"/staff/surveys/{world.a.survey.public_id}/"
    page.goto(live_server.url + survey_path)
    assert_accessible(page, "a survey's detail page")
    page.goto(f"{live_server.url}{survey_path}edit/")
    assert_accessible(page, "the survey details form")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("The details were not saved")).to_be_visible()
    assert_accessible(page, "the survey details form with errors")


def test_embed_page(staff_page: Page, live_server: LiveServer, world: World) -> None:
    page = staff_page
    page.goto(f"{live_server.url}/staff/surveys/{world.a.survey.public_id}/")
    page.get_by_role("link", name="Embed on your site").click()
    assert_accessible(page, "the embed page")
    page.get_by_label("Sites that may show this survey").fill("www.agency.gov")
    page.get_by_role("button", name="Save embedding settings").click()
    expect(page.get_by_text("The embedding settings were not saved")).to_be_visible()
    assert_accessible(page, "the embed page with errors")


def test_responses(staff_page: Page, live_server: LiveServer, world: World) -> None:
    page = staff_page
    reply = page.request.post(
        f"{live_server.url}/api/v1/surveys/{world.a.survey.public_id}/responses",
        data={"answers": {"trust": 1}},
    )
    assert reply.status == 201, reply.text()
    page.goto(f"{live_server.url}/staff/responses/")
    expect(page.get_by_text(reply.json()["receipt_id"], exact=True)).to_be_visible()
    assert_accessible(page, "the responses list")
    page.goto(f"{live_server.url}/staff/responses/?date_from=bad")
    expect(page.get_by_text("These filters cannot be used")).to_be_visible()
    assert_accessible(page, "the responses list with a filter error")


def test_api_keys(staff_page: Page, live_server: LiveServer) -> None:
    page = staff_page
    page.goto(f"{live_server.url}/staff/api-keys/")
    assert_accessible(page, "the API keys page")
    page.get_by_role("button", name="Make a key").click()
    expect(page.get_by_text("The key was not made")).to_be_visible()
    assert_accessible(page, "the API keys page with errors")
    page.get_by_label("Organization").select_option(label="Agency A")
    page.get_by_label("Name").fill("Benefits mobile app")
    page.get_by_role("button", name="Make a key").click()
    expect(page.get_by_text("Copy this key now")).to_be_visible()
    assert_accessible(page, "the API keys page showing a new key")


def test_standards(staff_page: Page, live_server: LiveServer, standard: Standard) -> None:
    page = staff_page
    page.goto(f"{live_server.url}/staff/standards/")
    assert_accessible(page, "the standards list")
    page.goto(f"{live_server.url}/staff/standards/{standard.public_id}/")
    expect(page.get_by_role("heading", name="Backlog")).to_be_visible()
    assert_accessible(page, "a standard's detail page")
    page.goto(f"{live_server.url}/staff/standards/{standard.public_id}/edit/")
    assert_accessible(page, "the standard form")
    page.get_by_label("Target", exact=True).fill("")
    page.get_by_role("button", name="Save the standard").click()
    expect(page.get_by_text("The standard was not saved")).to_be_visible()
    assert_accessible(page, "the standard form with an error")

    page.goto(f"{live_server.url}/staff/standards/calendars/new/")
    assert_accessible(page, "the calendar form")
    page.get_by_role("button", name="Create the calendar").click()
    expect(page.get_by_text("The calendar was not saved")).to_be_visible()
    assert_accessible(page, "the calendar form with errors")
    assert standard.calendar is not None
    page.goto(f"{live_server.url}/staff/standards/calendars/{standard.calendar.public_id}/edit/")
    assert_accessible(page, "the calendar edit form")


def test_customer_volumes(staff_page: Page, live_server: LiveServer, world: World) -> None:
    page = staff_page
    page.goto(f"{live_server.url}/staff/services/{world.a.service.public_id}/volumes/")
    assert_accessible(page, "the customer volumes page")
    first_input = page.locator("input[inputmode=numeric]").first
    first_input.fill("not a number")
    page.get_by_role("button", name="Save volumes").click()
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_accessible(page, "the customer volumes page with errors")
