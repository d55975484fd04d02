"""The comment analysis pages in a real browser: axe-clean on a desktop and a phone, and the
work of an analyst done without JavaScript — discover themes, adopt one, correct a comment,
read the root causes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import AssignmentSource, Comment, Theme, ThemeCorrection
from govcx.comments.services import discovery_run, theme_create
from govcx.registry.models import User
from tests.browser.conftest import assert_accessible
from tests.comments.conftest import store_response
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-staff-password-2026"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]
NEGATIVE = (
    "I waited on hold for over an hour before anyone answered the phone.",
    "On hold for two hours, the phone line kept me waiting forever.",
    "The phone wait was terrible, hours on hold before anyone answered.",
)
POSITIVE = (
    "The website was easy and the online form took five minutes.",
    "Easy online form on the website, done in minutes.",
    "The website form was simple and quick to fill in online.",
)


@pytest.fixture
def comments(world: World) -> None:
    """Sixty analysed comments of agency A's service: complaints about waiting on the phone
    from unhappy customers, praise for the website from happy ones."""
    now = timezone.now()
    for index in range(30):
        when = now - dt.timedelta(days=index)
        store_response(world.a, NEGATIVE[index % 3], trust="0", created_at=when)
        store_response(world.a, POSITIVE[index % 3], trust="1", created_at=when)
    theme_create(
        organization=world.a.organization,
        name="Waiting on the phone",
        description="Long waits on hold.",
        key_terms=["hold", "phone", "waiting"],
        examples=[],
        user=None,
    )
    comments_analyse()


def sign_in(page: Page, live_server: LiveServer, user: User, settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_comment_page_is_accessible(
    page: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
    comments: None,
    width: int,
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, world.admin_a, settings)
    theme = Theme.objects.get(organization=world.a.organization)
    service = world.a.service.public_id
    today = timezone.now().date()
    discovery = discovery_run(
        organization=world.a.organization,
        service=world.a.service,
        date_from=today - dt.timedelta(days=60),
        date_to=today,
        user=None,
    )
    for path, what in (
        ("/staff/root-causes/", "the root-cause home"),
        (f"/staff/services/{service}/root-causes/?period=all", "a service's root causes"),
        ("/staff/themes/", "the taxonomy"),
        (f"/staff/themes/{theme.uuid}/", "a theme"),
        ("/staff/themes/discover/", "the discovery form"),
        (f"/staff/themes/discoveries/{discovery.uuid}/", "a discovery's themes"),
        ("/staff/comments/", "the comment list"),
        ("/staff/coding/", "the coding samples"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, what)


def test_an_analyst_discovers_adopts_and_corrects_without_javascript(
    page_without_javascript: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
    comments: None,
) -> None:
    page = page_without_javascript
    sign_in(page, live_server, world.admin_a, settings)

    page.goto(f"{live_server.url}/staff/themes/discover/")
    page.get_by_label("Service").select_option(value=str(world.a.service.public_id))
    today = timezone.now().date()
    page.locator("input[name=date_from]").fill((today - dt.timedelta(days=60)).isoformat())
    page.locator("input[name=date_to]").fill(today.isoformat())
    page.locator("main").get_by_role("button", name="Find themes").click()
    expect(page.get_by_text("fit no theme")).to_be_visible()

    adopt = page.locator("form[action*='adopt']").first
    adopt.get_by_role("textbox").fill("Website praise")
    adopt.get_by_role("button").click()
    adopted = Theme.objects.get(organization=world.a.organization, name="Website praise")
    assert Comment.objects.filter(theme=adopted).exists()

    comment = Comment.objects.filter(theme=adopted).first()
    assert comment is not None
    page.goto(f"{live_server.url}/staff/themes/{adopted.uuid}/")
    form = page.locator(f"form[action*='{comment.uuid}']")
    form.get_by_role("combobox").select_option(label="No theme")
    form.get_by_role("button").click()
    comment.refresh_from_db()
    assert comment.theme is None
    assert comment.theme_source == AssignmentSource.PERSON
    assert ThemeCorrection.objects.filter(comment=comment, from_theme=adopted).exists()

    page.goto(f"{live_server.url}/staff/services/{world.a.service.public_id}/root-causes/")
    expect(page.get_by_role("table").first).to_contain_text("Waiting on the phone")
    expect(page.get_by_role("table").first).to_contain_text("%")
