"""The annual report pages meet WCAG 2.1 AA as far as axe-core can tell, on a desktop and on a
phone: with figures, a chart and hidden rows in their tables.

Agency A's response viewer signs in through the real form: any member reads the report.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible
from tests.conftest import World
from tests.reporting.test_annual_report import (
    make_small_year,
    make_standard,
    make_year,
    report_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-staff-password-2026"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]


def sign_in(
    page: Page, live_server: LiveServer, world: World, settings: Settings, path: str
) -> None:
    """Sign in as agency A's response viewer through the form, landing on `path`; a fast
    password hasher keeps it from costing a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world.viewer_a.set_password(PASSWORD)
    world.viewer_a.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.get_by_label("Username").fill(world.viewer_a.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()


@pytest.fixture(params=WIDTHS)
def member_page(
    request: pytest.FixtureRequest,
    page: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
) -> Page:
    """The browser page at the given width, signed in and on the reports index."""
    page.set_viewport_size({"width": request.param, "height": 900})
    sign_in(page, live_server, world, settings, "/staff/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reports")
    return page


def test_report_and_index(member_page: Page, live_server: LiveServer, world: World) -> None:
    make_year(world)
    make_standard(world)
    page = member_page
    page.reload()  # the index was first shown before there were responses
    assert_accessible(page, "the annual reports index")
    page.get_by_role("link", name="FY2026 annual report", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FY2026 annual customer")
    chart = page.get_by_role("img", name="Trust by quarter with 95 % intervals")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.naturalWidth") > 0  # the inline SVG was drawn
    expect(page.locator('[data-figure="trust"]')).to_have_text(
        "74.1 % (95 % CI 65.3–81.3 %, n = 112)"
    )
    assert_accessible(page, "the FY2026 annual report")


def test_report_with_hidden_rows(member_page: Page, live_server: LiveServer, world: World) -> None:
    make_small_year(world)
    page = member_page
    page.goto(f"{live_server.url}{report_url('annual_report')}")
    expect(page.locator("tr.govcx-suppressed").first).to_be_visible()
    assert_accessible(page, "an annual report with hidden figures")


def test_report_reads_without_javascript(
    page_without_javascript: Page, live_server: LiveServer, world: World, settings: Settings
) -> None:
    """Signed in through the form with scripts off: the report is plain HTML and images."""
    make_year(world)
    page = page_without_javascript
    sign_in(page, live_server, world, settings, report_url("annual_report"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.a.organization.name)
    expect(page.get_by_role("img", name="Trust by quarter with 95 % intervals")).to_be_visible()
    expect(page.get_by_role("link", name="Download the report as a PDF")).to_be_visible()
