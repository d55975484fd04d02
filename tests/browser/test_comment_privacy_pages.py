"""The pages that guard comments' personal information, in a real browser: axe-clean on a
desktop and a phone, and the original read without JavaScript, leaving an audit entry."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from govcx.registry.models import AuditEvent, Role, User
from govcx.registry.services import (
    membership_grant,
    organization_set_comment_policy,
    redaction_pattern_create,
)
from govcx.responses.models import Response
from govcx.responses.originals import READ_ACTION
from tests.browser.conftest import assert_accessible
from tests.conftest import World, make_user
from tests.responses.helpers import submit

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-staff-password-2026"
PHONE = "202-555-0143"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]


@pytest.fixture
def kept(world: World, settings: Settings) -> Response:
    """A response of agency A whose original was kept, and one of its patterns."""
    settings.COMMENT_KEYS = [Fernet.generate_key().decode()]
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=True, user=world.admin_a
    )
    redaction_pattern_create(
        organization=world.a.organization,
        name="Case number",
        label="CASE_NUMBER",
        pattern=r"\bCASE-\d{6}\b",
        test_string="case CASE-000001",
        user=None,
    )
    comment = f"Please call me at {PHONE} about CASE-123456."
    return submit(world.a.survey, {"trust": 0, "drivers_negative": ["ease"], "comments": comment})


def sign_in(page: Page, live_server: LiveServer, user: User, settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def reader(world: World) -> User:
    user = make_user("reader_a")
    for role in (Role.ORIGINAL_COMMENT_READER, Role.RESPONSE_VIEWER):
        membership_grant(user=user, organization=world.a.organization, role=role)
    return user


@pytest.mark.parametrize("width", WIDTHS)
def test_the_patterns_and_audit_pages_are_accessible(
    page: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
    kept: Response,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, world.admin_a, settings)
    page.goto(f"{live_server.url}/staff/redaction-patterns/")
    assert_accessible(page, "the redaction patterns page")
    page.get_by_label("Pattern", exact=True).fill("(a+)+")
    page.get_by_role("button", name="Add the pattern").click()
    assert_accessible(page, "the redaction patterns page with errors")
    page.goto(f"{live_server.url}/staff/audit-log/")
    assert_accessible(page, "the audit log")


def test_a_reader_opens_an_original_without_javascript_and_it_is_audited(
    page_without_javascript: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
    kept: Response,
) -> None:
    page = page_without_javascript
    sign_in(page, live_server, reader(world), settings)
    page.goto(f"{live_server.url}/staff/responses/")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    expect(page.locator("main")).to_contain_text("[PHONE]")
    page.get_by_role("button", name="Read the original").first.click()
    expect(page.locator("main")).to_contain_text(PHONE)
    assert AuditEvent.objects.filter(action=READ_ACTION).count() == 1


def test_the_original_page_is_accessible(
    page: Page, live_server: LiveServer, world: World, settings: Settings, kept: Response
) -> None:
    sign_in(page, live_server, reader(world), settings)
    page.goto(f"{live_server.url}/staff/responses/")
    page.get_by_role("button", name="Read the original").first.click()
    assert_accessible(page, "an original comment")
