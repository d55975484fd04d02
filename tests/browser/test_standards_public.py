"""The public standards page in a real browser: readable without JavaScript, and axe-clean.

The staff standards pages are checked with axe-core too, signed in through the real form.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from govcx.standards.models import Standard
from tests.browser.conftest import assert_accessible
from tests.conftest import World
from tests.standards.standard_fixtures import add_cases, email_standard, phone_standard
from tests.standards.test_pages import at, business_days_in_last_quarter

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def published(world: World) -> Standard:
    """An email standard met by 9 of 12 cases last quarter, and a phone standard with no calls."""
    standard = email_standard(
        world.a, public_wording="We answer benefit questions by email within one business day."
    )
    assert standard.calendar is not None
    day = business_days_in_last_quarter(standard.calendar)
    add_cases(standard, 9, at(day, 10), at(day + dt.timedelta(days=1), 12))
    add_cases(standard, 3, at(day, 10), at(day + dt.timedelta(days=2), 12))
    phone_standard(world.a)
    return standard


def test_the_public_page_reads_without_javascript(
    page_without_javascript: Page, live_server: LiveServer, published: Standard
) -> None:
    page = page_without_javascript
    page.goto(f"{live_server.url}/agencies/aga/standards/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Agency A: our customer service standards"
    )
    card = page.get_by_role("listitem").filter(has_text=published.public_wording)
    expect(card).to_contain_text("75.0% (95% interval 46.8% to 91.1%; n = 12 cases)")
    expect(card).to_contain_text("Below the standard")
    phone = page.get_by_role("listitem").filter(has_text="We answer the phone within 30 seconds.")
    expect(phone).to_contain_text("no calls were counted")


def test_the_public_page_is_accessible(
    page: Page, live_server: LiveServer, published: Standard
) -> None:
    page.goto(f"{live_server.url}/agencies/AGA/standards/")
    assert_accessible(page, "the public standards page")


def test_the_staff_standards_pages_are_accessible(
    page: Page, live_server: LiveServer, world: World, published: Standard
) -> None:
    world.admin_a.set_password(PASSWORD)
    world.admin_a.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/standards/")
    page.get_by_label("Username").fill(world.admin_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service standards")
    assert_accessible(page, "the standards list")

    page.get_by_role("link", name=published.public_wording).click()
    expect(page.get_by_role("heading", name="By fiscal quarter")).to_be_visible()
    assert_accessible(page, "a standard's detail page")

    page.get_by_role("link", name="Edit the standard").click()
    page.get_by_label("Target", exact=True).fill("")
    page.get_by_role("button", name="Save the standard").click()
    expect(page.get_by_text("The standard was not saved")).to_be_visible()
    assert_accessible(page, "the standard form with an error")

    page.goto(f"{live_server.url}/staff/standards/calendars/new/")
    assert_accessible(page, "the calendar form")
