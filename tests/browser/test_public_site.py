"""The public site in a real browser: every page axe-clean, and the whole site read and walked
through, downloads included, with JavaScript turned off."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import assert_accessible
from tests.conftest import World, make_agency
from tests.public.builders import add_respondents, collection, detail, plan
from tests.public.site import Site, build_site

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PAGES = {
    "/": "the home page",
    "/agencies/": "the list of agencies",
    "/agencies/AGA/": "an agency's page",
    "/agencies/AGA/plan/": "the latest customer service plan",
    "/agencies/AGA/plan/FY2024/": "an earlier customer service plan",
    "/agencies/AGA/results/": "the quarterly results",
    "/agencies/AGA/you-said-we-did/": "you said, we did",
    "/open-data/": "the open data page",
    "/agencies/AGC/": "the page of an agency that published nothing",
    "/agencies/AGC/plan/": "a plan page without a plan",
    "/agencies/AGC/results/": "a results page without results",
    "/agencies/AGC/you-said-we-did/": "you said, we did without actions",
}


@pytest.fixture
def site(world: World) -> Site:
    published = build_site(world)
    plan(make_agency("Agency C", "AGC", "agency-c"), published=False)
    return published


@pytest.mark.parametrize(("path", "what"), PAGES.items())
def test_every_public_page_is_accessible(
    page: Page, live_server: LiveServer, site: Site, path: str, what: str
) -> None:
    page.goto(live_server.url + path)
    assert_accessible(page, what)


def test_the_results_page_with_a_channels_drivers_open_is_accessible(
    page: Page, live_server: LiveServer, site: Site
) -> None:
    page.goto(live_server.url + "/agencies/AGA/results/")
    page.get_by_text("What went well and what did not: Website · Apply online survey").click()
    assert_accessible(page, "the results page with a channel's drivers open")


@pytest.fixture
def two_years(world: World, site: Site) -> Site:
    later = collection(world.a, fiscal_year=2026, quarter=1)
    add_respondents(detail(later), 30, question_1=1)
    return site


def test_the_choice_of_fiscal_years_is_accessible(
    page: Page, live_server: LiveServer, two_years: Site
) -> None:
    page.goto(live_server.url + "/agencies/AGA/results/")
    assert_accessible(page, "the results page with a choice of fiscal years")


def test_the_fiscal_years_of_results_work_without_javascript(
    page_without_javascript: Page, live_server: LiveServer, two_years: Site
) -> None:
    page = page_without_javascript
    page.goto(live_server.url + "/agencies/AGA/results/")
    expect(page.get_by_role("heading", name="FY2026 Q1")).to_be_visible()
    page.get_by_role("navigation", name="Fiscal years").get_by_role("link", name="FY2025").click()
    expect(page.get_by_role("heading", name="FY2025 Q2")).to_be_visible()
    expect(page.get_by_role("link", name="FY2025")).to_have_attribute("aria-current", "page")


def heading(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_the_site_reads_and_navigates_without_javascript(
    page_without_javascript: Page, live_server: LiveServer, site: Site
) -> None:
    page = page_without_javascript
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="See the agencies").click()
    assert heading(page) == "Agencies"
    page.get_by_role("link", name="Agency A (AGA)").click()
    assert heading(page) == "Agency A"
    expect(page.get_by_text("help@agency-a.example.gov")).to_be_visible()

    page.get_by_role("link", name="Our customer service plan").click()
    assert heading(page) == "Agency A: Customer service plan 2025"
    expect(
        page.get_by_role("table", name="Milestones for Shorter waits on the phone")
    ).to_contain_text("Add a call-back option")
    page.get_by_role("link", name="Customer service plan for fiscal year 2024").click()
    assert heading(page) == "Agency A: Customer service plan 2024"

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Agency A").click()
    page.get_by_role("link", name="Results of our customer feedback").click()
    assert heading(page) == "Agency A: results of our customer feedback"
    website = page.get_by_role("row", name="Website · Apply online survey")
    expect(website).to_contain_text("75.0% (95% interval 59.8% to 85.8%; n = 40 responses)")
    email = page.get_by_role("row", name="Email · Email survey")
    expect(email).to_contain_text("fewer than 10 responses")
    drivers = page.get_by_role("table", name="what went well and what did not, Website")
    expect(drivers).to_be_hidden()
    page.get_by_text("What went well and what did not: Website · Apply online survey").click()
    expect(drivers).to_be_visible()  # <details> opens without any script
    expect(drivers.get_by_role("row", name="Ease")).to_contain_text("40.0%")

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Agency A").click()
    page.get_by_role("link", name="You said, we did").click()
    expect(
        page.get_by_role("listitem").filter(has_text="We removed the second address")
    ).to_contain_text("1 March 2025")

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Agency A").click()
    page.get_by_role("link", name="Our customer service standards").click()
    assert heading(page) == "Agency A: our customer service standards"


def test_the_open_data_downloads_work_without_javascript(
    page_without_javascript: Page, live_server: LiveServer, site: Site
) -> None:
    page = page_without_javascript
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Get the open data").click()
    assert heading(page) == "Open data"
    every_agency = page.get_by_role("listitem").filter(has_text="Every agency")
    with page.expect_download() as download:
        every_agency.get_by_role("link", name="results.csv").click()
    path = download.value.path()
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("schema_version,agency,agency_abbreviation,")
    assert download.value.suggested_filename == "govcx-results.csv"
