"""The first-day story end to end: staff sign in, answer their own survey as the public would,
then find that response in the list and in the CSV export — and another agency cannot."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from govcx.registry.models import User
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]
PASSWORD = "a-long-demo-password-2026"


def sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()


def answer_thumbs_up(page: Page, live_server: LiveServer, world: World) -> str:
    page.goto(f"{live_server.url}/s/{world.a.survey.public_id}/")
    page.get_by_text("Thumbs up").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_text("It was easy to complete what I needed to do").click()
    page.get_by_label("Additional comments").fill("=HYPERLINK(1) quick and kind")
    page.get_by_role("button", name="Submit").click()
    receipt = page.locator("[data-receipt-id]").get_attribute("data-receipt-id")
    assert receipt
    return receipt


def test_sign_in_answer_and_find_the_response(
    page: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(page, live_server, world.viewer_a)
    receipt = answer_thumbs_up(page, live_server, world)

    page.goto(f"{live_server.url}/staff/responses/")
    expect(page.get_by_text(receipt)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these responses as CSV").click()
    path = download.value.path()
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    [row] = [row for row in rows if row["receipt_id"] == receipt]
    assert row["trust"] == "1"
    assert row["drivers_positive"] == "ease"
    assert row["comments"] == "'=HYPERLINK(1) quick and kind"


def test_another_agency_cannot_find_it(page: Page, live_server: LiveServer, world: World) -> None:
    receipt = answer_thumbs_up(page, live_server, world)
    sign_in(page, live_server, world.outsider)
    page.goto(f"{live_server.url}/staff/responses/")
    expect(page.get_by_role("heading", name="Responses", exact=True)).to_be_visible()
    assert receipt not in page.content()
    reply = page.request.get(f"{live_server.url}/staff/surveys/{world.a.survey.public_id}/")
    assert reply.status == 404
