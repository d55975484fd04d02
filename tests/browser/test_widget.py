"""The embeddable widget on a hostile agency page of another origin, in a real browser.

The agency page is served by a small HTTP server on 127.0.0.1 while govcx runs on localhost:
two origins, as on the web. The page sends a strict Content-Security-Policy (a nonce for its
scripts, govcx's origin for the widget and its requests, style-src 'self') and loads a
stylesheet that tries hard to restyle everything.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, Request, Route, expect
from pytest_django.live_server_helper import LiveServer

from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.browser.conftest import AXE_SCRIPT, WCAG_21_AA, _describe
from tests.collection.surveys import EVERY_TYPE, SurveyMaker
from tests.conftest import World

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

NONCE = "c2VjcmV0LW5vbmNl"
HOSTILE_CSS = """
* { color: rgb(139, 0, 0) !important; font-size: 40px !important; line-height: 3 !important;
    font-family: "Comic Sans MS", cursive !important; letter-spacing: 3px !important;
    margin: 12px !important; text-transform: uppercase !important; }
button, dialog, fieldset, select, textarea { display: none !important; }
input { display: none !important; visibility: hidden !important; }
div { display: inline !important; position: relative !important; z-index: 1 !important; }
label { display: none !important; }
[hidden] { display: block !important; }
html { font-size: 40px !important; }
"""
EVENTS_SCRIPT = """
window.__govcx = [];
for (const name of ["loaded", "opened", "closed", "page-changed", "submitted", "succeeded",
                    "failed"]) {
  document.addEventListener("govcx:" + name, (event) => {
    window.__govcx.push({ type: event.type, detail: event.detail, target: event.target.id });
  });
}
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""
# The element that has focus, looking through shadow roots.
FOCUSED = """() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) {
    element = element.shadowRoot.activeElement;
  }
  return element ? element.id || element.textContent.trim() : null;
}"""
API_PATH = "/api/"


@dataclass
class HostSite:
    """An agency's web site on its own origin, with pages the tests write."""

    govcx: str
    pages: dict[str, str] = field(default_factory=dict)
    origin: str = ""

    def csp(self) -> str:
        return (
            f"default-src 'none'; script-src 'nonce-{NONCE}' {self.govcx}; "
            f"connect-src {self.govcx}; style-src 'self'; img-src 'self'"
        )

    def add(self, path: str, survey: Survey, *, lang: str = "en", **attributes: str) -> str:
        """A page embedding the widget with these script attributes; returns its address."""
        script_attributes = " ".join(f'{name}="{value}"' for name, value in attributes.items())
        self.pages[path] = f"""<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>Agency page</title>
<link rel="stylesheet" href="/hostile.css"></head>
<body>
<header><p>Agency of Examples</p></header>
<main>
<h1>Apply for benefits</h1>
<p><a id="my-link" href="#">Tell us how we did</a></p>
<div id="feedback"></div>
</main>
<script nonce="{NONCE}" src="{self.govcx}/w/{survey.public_id}.js" {script_attributes} async>
</script>
</body>
</html>"""
        return self.origin + path


def _handler(site: HostSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/hostile.css":
                self._reply(HOSTILE_CSS, "text/css")
            elif path in site.pages:
                self._reply(site.pages[path], "text/html; charset=utf-8")
            else:
                self.send_error(404)

        def _reply(self, body: str, content_type: str) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", site.csp())
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output quiet

    return Handler


@pytest.fixture
def host(live_server: LiveServer) -> Iterator[HostSite]:
    site = HostSite(govcx=live_server.url)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def agency_page(page: Page) -> Page:
    """The browser page, listening for the widget's events and for CSP violations."""
    page.add_init_script(EVENTS_SCRIPT)
    return page


def allow(survey: Survey, host: HostSite, **fields: Any) -> None:
    survey.allowed_origins = [host.origin]
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()


def events(page: Page) -> list[dict[str, Any]]:
    recorded: list[dict[str, Any]] = page.evaluate("window.__govcx")
    return recorded


def event_types(page: Page) -> list[str]:
    return [event["type"] for event in events(page)]


def focused(page: Page) -> str:
    return str(page.evaluate(FOCUSED))


def tab_to(page: Page, element_id: str, *, shift: bool = False, limit: int = 25) -> None:
    """Press Tab (or Shift+Tab) until the element is focused, as a keyboard user would."""
    for _ in range(limit):
        if focused(page) == element_id:
            return
        page.keyboard.press("Shift+Tab" if shift else "Tab")
    assert focused(page) == element_id, f"Tab never reached #{element_id}"


def assert_widget_accessible(page: Page, what: str) -> None:
    """axe-core over the whole page, shadow tree included.

    The page's CSP forbids inline scripts, so axe is evaluated through the browser's own
    debugging channel (as `page.evaluate` is) rather than added as a <script> element.
    """
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    violations = result["violations"]
    report = "\n".join(_describe(violation) for violation in violations)
    assert not violations, f"axe-core found WCAG 2.1 AA problems on {what}:\n{report}"


def assert_no_csp_violations(page: Page) -> None:
    assert page.evaluate("window.__csp") == []


def widget_text(page: Page) -> str:
    return str(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('[data-govcx-survey]'))"
            ".map((host) => host.shadowRoot.textContent).join(' ')"
        )
    )


# --- the three modes ---------------------------------------------------------------------------


def test_keyboard_user_answers_in_the_modal(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.survey
    allow(survey, host)
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.goto(host.add("/modal", survey, **{"data-mode": "modal", "data-opener": "#my-link"}))
    expect(page.get_by_role("dialog")).to_be_hidden()

    tab_to(page, "my-link")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name=survey.title)
    expect(dialog).to_be_visible()
    assert focused(page) == "govcx-title"
    assert_widget_accessible(page, "the modal, first page")

    # Focus stays inside: past the last control it comes back to the first, and back again.
    tab_to(page, "q-trust-1")
    page.keyboard.press("Space")
    tab_to(page, "Next")
    page.keyboard.press("Tab")
    assert focused(page) == "× Close"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == "Next"

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused(page) == "my-link"
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()

    tab_to(page, "Next")
    page.keyboard.press("Enter")
    expect(dialog.get_by_text("Page 2 of 2")).to_be_focused()
    expect(dialog.get_by_text("What went well?")).to_be_visible()
    expect(dialog.get_by_text("What didn't go so well?")).to_be_hidden()
    tab_to(page, "q-drivers_positive-1")
    page.keyboard.press("Space")
    tab_to(page, "q-drivers_positive-2")
    page.keyboard.press("Space")
    tab_to(page, "q-drivers_positive-7")
    page.keyboard.press("Space")
    tab_to(page, "q-drivers_positive-other-text")
    page.keyboard.type("Quick reply")
    tab_to(page, "q-comments")
    page.keyboard.type("Thank you.")
    assert_widget_accessible(page, "the modal, second page")
    tab_to(page, "Submit")
    page.keyboard.press("Enter")

    expect(dialog.get_by_text("Your response has been received")).to_be_visible()
    response = Response.objects.get(survey=survey)
    expect(dialog.get_by_text(response.receipt_id)).to_be_visible()
    assert response.answers == {
        "trust": 1,
        "drivers_positive": ["effectiveness", "ease", "other"],
        "drivers_positive.other": "Quick reply",
        "comments": "Thank you.",
    }
    assert (response.language, response.channel) == ("en", "website")
    assert response.page_url == host.origin + "/modal"
    (post,) = posts
    sent = post.post_data_json
    assert isinstance(sent, dict)
    assert set(sent) == {
        "answers",
        "channel",
        "language",
        "page_url",
        "honeypot",
        "seconds_to_complete",
    }
    assert sent["honeypot"] == ""
    assert 0 < sent["seconds_to_complete"] < 120
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
        post.headers["idempotency-key"],
    )
    assert response.idempotency_key == post.headers["idempotency-key"]

    page.keyboard.press("Escape")
    assert focused(page) == "my-link"
    recorded = events(page)
    assert [event["type"] for event in recorded] == [
        "govcx:loaded",
        "govcx:opened",
        "govcx:closed",
        "govcx:opened",
        "govcx:page-changed",
        "govcx:submitted",
        "govcx:succeeded",
        "govcx:closed",
    ]
    assert {event["target"] for event in recorded} == {"my-link"}
    assert recorded[4]["detail"]["page"] == 2
    assert recorded[6]["detail"] == {
        "surveyId": str(survey.public_id),
        "mode": "modal",
        "receiptId": response.receipt_id,
    }
    assert_no_csp_violations(page)


def test_inline_survey_ignores_the_page_css_and_survives_a_reload(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.survey
    allow(survey, host)
    address = host.add("/inline", survey, **{"data-mode": "inline", "data-target": "#feedback"})
    page.goto(address)
    widget = page.locator("#feedback [data-govcx-survey]")
    thumbs_down = widget.get_by_label("Thumbs down")
    expect(thumbs_down).to_be_visible()

    next_button = widget.get_by_role("button", name="Next")
    style = next_button.evaluate(
        "(button) => { const s = getComputedStyle(button);"
        " return [s.display, s.fontSize, s.color, s.textTransform, s.fontFamily]; }"
    )
    assert style[0] != "none"
    assert style[1:4] == ["16px", "rgb(255, 255, 255)", "none"]
    assert "Comic Sans" not in style[4]
    title_color = widget.get_by_role("heading", name=survey.title).evaluate(
        "(heading) => getComputedStyle(heading).color"
    )
    assert title_color == "rgb(27, 27, 27)"
    assert_widget_accessible(page, "the inline survey")

    next_button.click()
    expect(widget.get_by_role("group", name="There is a problem")).to_be_focused()
    assert_widget_accessible(page, "the inline survey with an error")
    thumbs_down.check()
    next_button.click()
    widget.get_by_label("It took too long to do what I needed to do").check()
    widget.get_by_role("checkbox", name="Something else", exact=True).check()
    write_in = "If you chose “Something else”, please describe"
    widget.get_by_role("textbox", name=write_in).fill("Lost form")

    page.reload()
    expect(widget.get_by_text("Page 2 of 2")).to_be_visible()
    expect(widget.get_by_label("It took too long to do what I needed to do")).to_be_checked()
    expect(widget.get_by_role("textbox", name=write_in)).to_have_value("Lost form")
    widget.get_by_role("button", name="Back").click()
    expect(widget.get_by_label("Thumbs down")).to_be_checked()
    widget.get_by_role("button", name="Next").click()
    widget.get_by_role("button", name="Submit").click()

    expect(widget.get_by_text("Your response has been received")).to_be_visible()
    assert Response.objects.get(survey=survey).answers == {
        "trust": 0,
        "drivers_negative": ["efficiency", "other"],
        "drivers_negative.other": "Lost form",
    }
    assert page.evaluate(f"localStorage.getItem('govcx:progress:{survey.public_id}')") is None
    assert {event["target"] for event in events(page)} == {"feedback"}
    assert_no_csp_violations(page)


def test_button_mode_opens_a_dialog_from_the_page_corner(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.v1_survey
    allow(survey, host)
    page.goto(host.add("/button", survey, **{"data-mode": "button"}))
    launcher = page.get_by_role("button", name="Feedback")
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert viewport is not None
    assert box["x"] + box["width"] > viewport["width"] - 60
    assert box["y"] + box["height"] > viewport["height"] - 60

    launcher.click()
    dialog = page.get_by_role("dialog", name=survey.title)
    expect(dialog).to_be_visible()
    assert_widget_accessible(page, "the button mode's dialog")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(launcher).to_be_focused()

    launcher.click()
    expect(dialog.get_by_role("group", name="I am satisfied with the service")).to_be_visible()
    dialog.locator("#q-satisfaction-4").check()
    dialog.locator("#q-trust-5").check()
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.get_by_text("Page 2 of 2")).to_be_visible()
    dialog.get_by_role("button", name="Submit").click()
    expect(dialog.get_by_text("Your response has been received")).to_be_visible()
    assert Response.objects.get(survey=survey).answers == {"satisfaction": 4, "trust": 5}
    assert event_types(page)[:3] == ["govcx:loaded", "govcx:opened", "govcx:closed"]
    assert_no_csp_violations(page)


def test_every_question_type_and_the_servers_errors(
    agency_page: Page, host: HostSite, make_survey: SurveyMaker
) -> None:
    page = agency_page
    survey = make_survey(
        EVERY_TYPE,
        instructions="It takes two minutes.",
        disclaimer="Do not include personal information.",
        omb_control_number="1234-5678",
        omb_expiration_date=dt.date(2099, 9, 30),
    )
    allow(survey, host)
    attributes = {"data-target": "#feedback", "data-answer-transaction_id": "T-123"}
    page.goto(host.add("/every", survey, **attributes))
    widget = page.locator("#feedback [data-govcx-survey]")
    expect(widget.get_by_text("OMB Control No. 1234-5678 · Expires 09/30/2099")).to_be_visible()
    expect(widget.get_by_text("It takes two minutes.")).to_be_visible()
    expect(widget.get_by_text("Do not include personal information.")).to_be_visible()
    expect(widget.get_by_text("Thank you for helping us improve.")).to_be_visible()
    expect(widget.get_by_text("You can enter up to 40 characters.")).to_be_visible()
    widget.get_by_label("Your first name").fill("Ana")
    expect(widget.get_by_text("37 characters left")).to_be_visible()
    # Passes the widget's quick check, not the server's: a one-letter top-level domain.
    widget.get_by_label("Email address").fill("ana@example.c")
    widget.get_by_label("Phone number").fill("(202) 555-0123")
    widget.get_by_label("When did you visit?").fill("2025-03-04")
    widget.get_by_label("Where do you live?").select_option("AK")
    assert_widget_accessible(page, "page 1 of every question type")
    widget.get_by_role("button", name="Next").click()

    expect(widget.get_by_text("Page 2 of 2")).to_be_visible()
    widget.get_by_role("radio", name="Something else").check()
    widget.get_by_role("textbox", name="If you chose “Something else”, please describe").first.fill(
        "Taxes"
    )
    widget.get_by_role("checkbox", name="Forms").check()
    widget.get_by_label("Which office?").select_option("elsewhere")
    widget.get_by_role("textbox", name="If you chose “Another office”, please describe").fill(
        "East"
    )
    widget.get_by_role("group", name="Have you visited before?").get_by_label("Yes").check()
    widget.get_by_label("Thumbs up").check()
    widget.get_by_label("4 stars").check()
    widget.get_by_role("group", name="Staff were helpful.").get_by_label(
        "Agree", exact=True
    ).check()
    widget.get_by_label("Tell us more").fill("Short wait.")
    assert_widget_accessible(page, "page 2 of every question type")
    widget.get_by_role("button", name="Submit").click()

    # The server's 422 brings the respondent back to the page and field it names.
    expect(widget.get_by_text("Page 1 of 2")).to_be_visible()
    summary = widget.get_by_role("group", name="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Email address — Enter an email address like")
    email = widget.get_by_label("Email address")
    expect(email).to_have_attribute("aria-invalid", "true")
    assert_widget_accessible(page, "a field the server refused")
    summary.get_by_role("link").click()
    expect(email).to_be_focused()
    assert event_types(page)[-1] == "govcx:failed"
    email.fill("ana@example.gov")
    widget.get_by_role("button", name="Next").click()
    widget.get_by_role("button", name="Submit").click()

    expect(widget.get_by_text("Your response has been received")).to_be_visible()
    assert Response.objects.get(survey=survey).answers == {
        "name": "[NAME]",  # a typed name is removed before storage
        "email": "ana@example.gov",
        "phone": "202-555-0123",
        "visit_date": "2025-03-04",
        "state": "AK",
        "transaction_id": "T-123",
        "topic": "other",
        "topic.other": "Taxes",
        "needs": ["forms"],
        "office": "elsewhere",
        "office.other": "East",
        "returning": "yes",
        "thumbs": 1,
        "stars": 4,
        "agree": 4,
        "story": "Short wait.",
    }
    assert_no_csp_violations(page)


# --- who is asked ------------------------------------------------------------------------------


def test_a_visitor_outside_the_sample_sees_nothing_and_sends_nothing(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.survey
    allow(survey, host, sample_percent=1)
    page.add_init_script("Math.random = () => 0.99;")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    address = host.add("/sampled", survey, **{"data-mode": "inline", "data-target": "#feedback"})
    page.goto(address)
    page.wait_for_function("window.__govcx.length > 0")
    page.reload()
    page.wait_for_function("window.__govcx.length > 0")

    assert page.locator("[data-govcx-survey]").count() == 0
    assert events(page)[0]["detail"]["shown"] is False
    assert events(page)[0]["detail"]["reason"] == "sample"
    assert not [url for url in requests if API_PATH in url]
    decision = json.loads(page.evaluate(f"localStorage.getItem('govcx:sample:{survey.public_id}')"))
    assert (decision["percent"], decision["chosen"]) == (1, False)


def test_survey_fatigue_stops_a_second_invitation(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    organization = world.a.organization
    organization.survey_fatigue_days = 30
    organization.save()
    allow(world.a.survey, host)
    allow(world.a.v1_survey, host)
    page.goto(
        host.add("/first", world.a.survey, **{"data-mode": "inline", "data-target": "#feedback"})
    )
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()

    page.goto(host.add("/second", world.a.v1_survey, **{"data-mode": "button"}))
    page.wait_for_function("window.__govcx.length > 0")
    expect(page.get_by_role("button", name="Feedback")).to_have_count(0)
    assert events(page)[0]["detail"] == {
        "surveyId": str(world.a.v1_survey.public_id),
        "mode": "button",
        "shown": False,
        "reason": "fatigue",
    }

    # An agency's own link is the visitor asking: it always opens.
    page.goto(
        host.add("/asked", world.a.v1_survey, **{"data-mode": "modal", "data-opener": "#my-link"})
    )
    page.get_by_role("link", name="Tell us how we did").click()
    expect(page.get_by_role("dialog", name=world.a.v1_survey.title)).to_be_visible()


# --- language, origins, failures ---------------------------------------------------------------


def test_spanish_page_gets_a_spanish_widget(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.survey
    allow(survey, host)
    address = host.add(
        "/es", survey, lang="es", **{"data-mode": "inline", "data-target": "#feedback"}
    )
    page.goto(address)
    widget = page.locator("#feedback [data-govcx-survey]")
    expect(widget.get_by_text("Página 1 de 2")).to_be_visible()
    widget.get_by_role("button", name="Siguiente").click()
    expect(widget.get_by_text("Hay un problema")).to_be_visible()
    expect(widget.get_by_text("Esta respuesta es obligatoria.").first).to_be_visible()
    widget.get_by_label("Pulgar arriba").check()
    widget.get_by_role("button", name="Siguiente").click()
    expect(widget.get_by_role("button", name="Atrás")).to_be_visible()
    widget.get_by_role("button", name="Enviar").click()
    expect(widget.get_by_text("Hemos recibido su respuesta")).to_be_visible()
    response = Response.objects.get(survey=survey)
    assert (response.language, response.answers) == ("es", {"trust": 1})
    assert_widget_accessible(page, "the Spanish widget after sending")


def test_an_origin_not_allowed_cannot_post(agency_page: Page, host: HostSite, world: World) -> None:
    page = agency_page
    survey = world.a.survey
    survey.allowed_origins = ["https://www.agency-a.example.gov"]
    survey.save()
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.goto(host.add("/elsewhere", survey, **{"data-mode": "inline", "data-target": "#feedback"}))
    widget = page.locator("#feedback [data-govcx-survey]")
    widget.get_by_label("Thumbs up").check()
    widget.get_by_role("button", name="Next").click()
    widget.get_by_role("button", name="Submit").click()

    expect(widget.get_by_role("alert")).to_contain_text("There is a problem")
    assert posts, "the widget tried to send the response"
    assert not Response.objects.filter(survey=survey).exists()
    assert event_types(page)[-1] == "govcx:failed"
    # The answers are kept for a later try.
    expect(widget.get_by_role("button", name="Submit")).to_be_enabled()


def test_a_lost_reply_is_retried_and_counted_once(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.survey
    allow(survey, host)
    lost: list[str] = []

    def lose_the_first_reply(route: Route) -> None:
        if route.request.method != "POST" or lost:
            route.continue_()
            return
        lost.append(route.request.headers["idempotency-key"])
        route.fetch()  # the server stores the response ...
        route.abort()  # ... and the reply never reaches the page

    page.route("**/api/v1/surveys/*/responses", lose_the_first_reply)
    page.goto(host.add("/flaky", survey, **{"data-target": "#feedback"}))
    widget = page.locator("#feedback [data-govcx-survey]")
    widget.get_by_label("Thumbs up").check()
    widget.get_by_role("button", name="Next").click()
    widget.get_by_role("button", name="Submit").click()
    expect(widget.get_by_role("alert")).to_contain_text("Check your connection")
    assert Response.objects.filter(survey=survey).count() == 1

    page.reload()  # even after a reload, the attempt keeps its key
    widget.get_by_role("button", name="Submit").click()
    expect(widget.get_by_text("Your response has been received")).to_be_visible()
    response = Response.objects.get(survey=survey)
    assert response.idempotency_key == lost[0]
    expect(widget.get_by_text(response.receipt_id)).to_be_visible()


def test_too_many_responses_say_when_to_try_again(
    agency_page: Page, host: HostSite, world: World, settings: Any
) -> None:
    page = agency_page
    survey = world.a.survey
    allow(survey, host)
    settings.RATE_LIMIT_PER_SURVEY = "1/h"
    spent = Client().post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        {"answers": {"trust": 1}},
        content_type="application/json",
    )
    assert spent.status_code == 201
    page.goto(host.add("/busy", survey, **{"data-target": "#feedback"}))
    widget = page.locator("#feedback [data-govcx-survey]")
    widget.get_by_label("Thumbs down").check()
    widget.get_by_role("button", name="Next").click()
    widget.get_by_role("button", name="Submit").click()
    expect(widget.get_by_role("alert")).to_contain_text(re.compile(r"try again in \d+ seconds"))
    assert Response.objects.filter(survey=survey).count() == 1
    assert events(page)[-1]["detail"]["status"] == 429


def test_an_unknown_survey_only_reports_that_it_failed(
    agency_page: Page, host: HostSite, world: World
) -> None:
    page = agency_page
    survey = world.a.survey
    address = host.add("/gone", survey, **{"data-mode": "inline", "data-target": "#feedback"})
    Survey.objects.filter(pk=survey.pk).update(state="archived")
    page.goto(address)
    page.wait_for_function("window.__govcx.length > 0")
    assert events(page) == [
        {
            "type": "govcx:failed",
            "detail": {"surveyId": str(survey.public_id), "status": 410},
            "target": "",
        }
    ]
    assert page.locator("[data-govcx-survey]").count() == 0
    assert_no_csp_violations(page)
