"""The plan page and the contact page meet WCAG 2.1 AA as far as axe-core can tell, on a desktop
and on a phone, filled in and with their errors shown; and both work without JavaScript.

Agency A's organization admin signs in through the real form, so every form and button an
editor sees is on the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from govcx.reporting.models import AgencyContact, CustomerServicePlan
from govcx.reporting.plans import (
    InitiativeFields,
    MechanismFields,
    plan_initiative_add,
    plan_mechanism_add,
    plan_milestone_add,
    plan_standards_set,
)
from tests.browser.conftest import assert_accessible
from tests.conftest import World
from tests.reporting.test_plans import complete_plan, milestone_fields
from tests.standards.standard_fixtures import email_standard

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-plan-editor-password-2026"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]


def sign_in(page: Page, live_server: LiveServer, world: World, settings: Settings) -> Page:
    """Sign in as agency A's organization admin; a fast hasher keeps it from costing a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world.admin_a.set_password(PASSWORD)
    world.admin_a.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/plans/")
    page.get_by_label("Username").fill(world.admin_a.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Customer service plans")
    return page


@pytest.fixture(params=WIDTHS)
def editor_page(
    request: pytest.FixtureRequest,
    page: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
) -> Page:
    page.set_viewport_size({"width": request.param, "height": 900})
    return sign_in(page, live_server, world, settings)


@pytest.fixture
def plan(world: World) -> CustomerServicePlan:
    """A plan with every part filled in, so that every list and table has rows."""
    plan = complete_plan(world.a)
    plan_initiative_add(
        plan=plan,
        fields=InitiativeFields(title="Online renewals", service=world.a.service),
        user=None,
    )
    plan_mechanism_add(
        plan=plan, fields=MechanismFields(name="Listening sessions", channel="in_person"), user=None
    )
    plan_milestone_add(plan=plan, fields=milestone_fields(goal=plan.goals.get()), user=None)
    standard = email_standard(world.a)
    email_standard(world.a, public_wording="We answer letters within ten business days.")
    plan_standards_set(plan=plan, standards=[standard], user=None)
    return plan


def test_the_plan_page(
    editor_page: Page, live_server: LiveServer, plan: CustomerServicePlan
) -> None:
    page = editor_page
    page.goto(f"{live_server.url}/staff/plans/{plan.public_id}/")
    expect(page.get_by_role("heading", name="Milestones")).to_be_visible()
    assert_accessible(page, "the plan page")

    page.locator("summary", has_text="Add a milestone").click()
    page.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_text("The milestone was not added")).to_be_visible()
    expect(page.get_by_text("Describe the milestone.").first).to_be_visible()
    assert_accessible(page, "the plan page with a milestone's errors")

    page.goto(f"{live_server.url}/staff/plans/{plan.public_id}/")
    # A USWDS checkbox is drawn by its label; the input itself sits off screen.
    page.locator("label", has_text="We answer letters within ten business days.").click()
    page.get_by_role("button", name="Save the standards").click()
    expect(page.get_by_text("The plan's standards were saved.")).to_be_visible()
    assert plan.standards.count() == 2
    assert_accessible(page, "the plan page after saving its standards")


def test_the_contact_page(editor_page: Page, live_server: LiveServer, world: World) -> None:
    page = editor_page
    page.get_by_role("link", name="Edit the public contact of Agency A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public contact")
    assert_accessible(page, "the contact page")

    page.get_by_label("Contact page").fill("http://agency-a.example.gov/contact")
    page.get_by_role("button", name="Save the contact").click()
    expect(page.get_by_text("The contact was not saved")).to_be_visible()
    expect(page.get_by_text("Name the customer relations representative.").first).to_be_visible()
    assert_accessible(page, "the contact page with errors")


def test_the_plan_and_contact_work_without_javascript(
    page_without_javascript: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
    plan: CustomerServicePlan,
) -> None:
    page = sign_in(page_without_javascript, live_server, world, settings)
    page.get_by_role("link", name=plan.title).click()
    page.locator("summary", has_text="Add a goal").click()
    page.get_by_label("Goal", exact=True).fill("Letters customers understand")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("The goal was added.")).to_be_visible()
    assert plan.goals.filter(title="Letters customers understand").exists()

    page.goto(f"{live_server.url}/staff/plans/")
    page.get_by_role("link", name="Edit the public contact of Agency A").click()
    page.get_by_label("Customer relations representative").fill("Sam Lee")
    page.get_by_label("Public phone").fill("1-800-555-0100")
    page.get_by_role("button", name="Save the contact").click()
    expect(page.get_by_text("The public contact of Agency A was saved.")).to_be_visible()
    assert AgencyContact.objects.get().public_phone == "1-800-555-0100"
