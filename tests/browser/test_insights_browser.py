"""The insights dashboards in a real Chromium: accessible as far as axe-core can tell, with a
filter form that works, and complete without JavaScript (charts are server-rendered images).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Response, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from govcx.insights.rollups import rollups_update
from govcx.surveys.models import Survey
from tests.browser.conftest import assert_accessible
from tests.conftest import World
from tests.responses.helpers import submit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-staff-password-2026"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]


def _thumbs(survey: Survey, up: int, down: int, channel: str) -> None:
    for index in range(up + down):
        answers = (
            {"trust": 1, "drivers_positive": ["ease"]}
            if index < up
            else {"trust": 0, "drivers_negative": ["efficiency"]}
        )
        submit(survey, answers, channel=channel)


@pytest.fixture
def counted(world: World, settings: Settings) -> World:
    """Agency A's surveys with enough responses for every chart to draw something."""
    settings.RATE_LIMIT_PER_IP = "100000/m"
    settings.RATE_LIMIT_PER_SURVEY = "100000/m"
    _thumbs(world.a.survey, 18, 6, "website")
    _thumbs(world.a.survey, 9, 5, "phone")
    for index in range(15):
        trust = 1 + index % 5
        answers = {
            "satisfaction": trust,
            "trust": trust,
            "effectiveness": 1 + (index * 2) % 5,
            "ease": 1 + (index * 3) % 5,
            "efficiency": trust,
            "transparency": 5 - index % 3,
            "employee": 2 + index % 4,
        }
        submit(world.a.v1_survey, answers)
    rollups_update()
    return world


def sign_in(page: Page, live_server: LiveServer, world: World, settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world.admin_a.set_password(PASSWORD)
    world.admin_a.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/insights/")
    page.get_by_label("Username").fill(world.admin_a.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_dashboards_are_accessible_and_the_filters_work(
    page: Page, live_server: LiveServer, counted: World, settings: Settings, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, counted, settings)
    assert_accessible(page, "the list of dashboards")

    page.get_by_role("link", name=counted.a.organization.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(counted.a.organization.name)
    expect(page.locator('[data-figure="headline"]')).to_contain_text("n = 53")
    assert_accessible(page, "an organization's dashboard")

    page.get_by_label("Trend by (optional)", exact=True).select_option("month")
    page.get_by_label("Channel (optional)", exact=True).select_option("website")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(
        re.compile(r"/staff/insights/org/AGA/\?.*channel=website.*trend=month")
    )
    expect(page.get_by_text("Trust by month", exact=True)).to_be_visible()
    expect(page.locator('[data-figure="headline"]')).to_contain_text("n = 39")
    expect(page.get_by_text("Channel: Website")).to_be_visible()
    assert_accessible(page, "a filtered dashboard")

    page.goto(f"{live_server.url}/staff/insights/org/AGA/?period=FY20x")
    expect(page.get_by_role("alert")).to_contain_text("is not a period")
    assert_accessible(page, "the dashboard with a bad period")


def test_without_javascript_the_dashboard_and_its_charts_load(
    page_without_javascript: Page, live_server: LiveServer, counted: World, settings: Settings
) -> None:
    page = page_without_javascript
    sign_in(page, live_server, counted, settings)
    images: list[Response] = []
    page.on(
        "response",
        lambda response: images.append(response) if "/charts/" in response.url else None,
    )
    page.goto(f"{live_server.url}/staff/insights/services/{counted.a.service.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(counted.a.service.name)
    expect(page.locator('[data-figure="headline"]')).to_contain_text("n = 53")
    charts = page.locator("img.govcx-chart")
    count = charts.count()
    assert count >= 8
    page.wait_for_load_state("load")
    for index in range(count):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        assert chart.get_attribute("alt")
        box = chart.bounding_box()
        assert box is not None
        assert box["width"] > 100, chart.get_attribute("src")
        assert box["height"] > 30, chart.get_attribute("src")
    svgs = [response for response in images if response.url.split("?")[0].endswith(".svg")]
    assert len(svgs) == count
    assert all(response.status == 200 for response in svgs)
    assert all(response.headers["content-type"] == "image/svg+xml" for response in svgs)
