"""One headless Chromium for the whole session, and the axe-core check every public page passes.

Playwright's sync API runs an event loop in this thread, which makes Django refuse database
access "from an async context" unless told that this is deliberate.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from govcx.surveys.models import Survey
from govcx.surveys.structure import SurveyStructure
from tests.collection.surveys import SurveyMaker, publish_survey
from tests.conftest import World

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _page_in(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield _page_in(context)
    context.close()


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    yield _page_in(context)
    context.close()


def _describe(violation: dict[str, Any]) -> str:
    nodes = "\n".join(
        f"    {node['target']}: {node.get('failureSummary', '').strip()}"
        for node in violation["nodes"]
    )
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']}\n{nodes}"


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def assert_accessible(page: Page, what: str) -> None:
    violations = axe_violations(page)
    report = "\n".join(_describe(violation) for violation in violations)
    assert not violations, f"axe-core found WCAG 2.1 AA problems on {what} ({page.url}):\n{report}"


@pytest.fixture
def make_survey(world: World) -> SurveyMaker:
    """A published survey of agency A with the given structure."""

    def make(structure: SurveyStructure, **fields: Any) -> Survey:
        return publish_survey(world.a.organization, structure, **fields)

    return make
