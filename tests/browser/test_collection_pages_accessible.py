"""The quarterly collection pages meet WCAG 2.1 AA as far as axe-core can tell, on a desktop and
on a phone: the list, a collection as its preparer and as its reviewer sees it, a row's form and
a workflow action with their errors, and a refused file's problems. And a quarter goes from an
uploaded file to the public results page without JavaScript.

People sign in through the real form: agency A's survey manager prepares, its performance
manager reviews, so every form and button each of them may see is on the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Role, User
from govcx.registry.services import membership_grant
from govcx.reporting.collections import (
    collections_open,
    detail_create,
    respondents_upload,
)
from govcx.reporting.models import (
    RESPONDENT_COLUMNS,
    Collection,
    CollectionState,
    Rating,
    RespondentSource,
    SurveyType,
)
from govcx.reporting.workflow import (
    collection_rate,
    collection_request_changes,
    collection_submit,
)
from tests.browser.conftest import assert_accessible
from tests.conftest import World, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "a-long-collection-password-2026"
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(400, id="phone")]
QUARTER = FiscalQuarter(2026, 1)
LATER_QUARTER = FiscalQuarter(2026, 2)
TRUST_QUESTION = "I trust the agency to fulfill our country's commitment to the public."
PHONE_SURVEY = "Phone survey after a call"
EMAIL_SURVEY = "Email survey after a renewal"
YELLOW_REASON = "The phone channel's offered volume is an estimate."
CHANGES_REASON = "Add the email survey's respondents and volumes."
HISTORY = "History of this collection"


# The respondent file --------------------------------------------------------------------------


def respondent_line(number: int, *, thumbs_up: bool) -> str:
    """One thumbs up / down respondent in the A-11 version 2 file: the side the respondent saw
    offers effectiveness and ease (1 or 0); the other side has no driver chosen (null)."""
    seen = ["1", "1", "0", "null", "null", "0", "null"]
    unseen = ["null"] * 7
    if thumbs_up:
        cells = [f"R-{number}", "1", *seen, *unseen, "Quick and clear."]
    else:
        cells = [f"R-{number}", "0", *unseen, *seen, '"Too slow, and the form timed out."']
    return ",".join(cells)


def respondent_file(up: int, down: int) -> bytes:
    lines = [",".join(RESPONDENT_COLUMNS)]
    lines += [respondent_line(number, thumbs_up=True) for number in range(1, up + 1)]
    lines += [respondent_line(up + number, thumbs_up=False) for number in range(1, down + 1)]
    return ("\n".join(lines) + "\n").encode()


def refused_file() -> bytes:
    """A file with a problem of each kind: a score off the scale, an unknown flag, a short
    line and a driver chosen on the side the respondent did not see."""
    header = ",".join(RESPONDENT_COLUMNS)
    off_scale = respondent_line(1, thumbs_up=True).replace("R-1,1,", "R-1,2,", 1)
    bad_flag = respondent_line(2, thumbs_up=True).replace(",0,", ",yes,", 1)
    short = "R-3,1,1,1"
    wrong_side = "R-4,1,1,1,0,null,null,0,null,1,null,null,null,null,null,null,Both sides."
    return "\n".join([header, off_scale, bad_flag, short, wrong_side, ""]).encode()


# People and collections ----------------------------------------------------------------------


@pytest.fixture
def reviewer(world: World) -> User:
    """Agency A's performance manager, who rates and publishes its collections."""
    user = make_user("performance_a")
    membership_grant(user=user, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER)
    return user


def sign_in(page: Page, live_server: LiveServer, settings: Settings, user: User, path: str) -> None:
    """Sign in through the form, landing on `path`; a fast hasher keeps it from costing a
    second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()


def collection_path(collection: Collection) -> str:
    return f"/staff/collections/{collection.public_id}/"


@pytest.fixture
def submitted(world: World, reviewer: User) -> Collection:
    """Agency A's collection, submitted and rated yellow: a survey-linked row and a row with
    an uploaded file, both with volumes; a history of two steps."""
    (collection,) = collections_open(QUARTER, world.a.organization)
    detail_create(
        collection,
        user=world.manager_a,
        source=RespondentSource.SURVEY,
        survey=world.a.survey,
        channel="website",
        volume_of_customers=2_000,
        volume_offered_survey=500,
    )
    upload = detail_create(
        collection,
        user=world.manager_a,
        source=RespondentSource.UPLOAD,
        channel="phone",
        survey_type=SurveyType.THUMBS_UP_DOWN,
        survey_title=PHONE_SURVEY,
        omb_control_number="1234-5678",
        service_stage="Renew",
        trust_question_text=TRUST_QUESTION,
        volume_of_customers=1_200,
        volume_offered_survey=300,
    )
    stored = respondents_upload(
        upload, data=respondent_file(9, 3), file_name="phone.csv", user=world.manager_a
    )
    assert stored == 12
    collection = collection_submit(collection=collection, user=world.manager_a)
    return collection_rate(
        collection=collection, user=reviewer, rating=Rating.YELLOW, reason=YELLOW_REASON
    )


@pytest.fixture
def sent_back(world: World, reviewer: User, submitted: Collection) -> Collection:
    """The same collection sent back for changes, with a new row still lacking its file and
    volumes, so that its preparer sees what stands in the way of submitting it again."""
    collection = collection_request_changes(
        collection=submitted, user=reviewer, reason=CHANGES_REASON
    )
    detail_create(
        collection,
        user=world.manager_a,
        source=RespondentSource.UPLOAD,
        channel="email",
        survey_type=SurveyType.THUMBS_UP_DOWN,
        survey_title=EMAIL_SURVEY,
        trust_question_text=TRUST_QUESTION,
    )
    return collection


@pytest.fixture(params=WIDTHS)
def preparer_page(
    request: pytest.FixtureRequest,
    page: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
) -> Page:
    """The browser page at the given width, signed in as agency A's survey manager."""
    page.set_viewport_size({"width": request.param, "height": 900})
    sign_in(page, live_server, settings, world.manager_a, "/staff/collections/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly collections")
    return page


@pytest.fixture(params=WIDTHS)
def reviewer_page(
    request: pytest.FixtureRequest,
    page: Page,
    live_server: LiveServer,
    settings: Settings,
    reviewer: User,
) -> Page:
    """The browser page at the given width, signed in as agency A's performance manager."""
    page.set_viewport_size({"width": request.param, "height": 900})
    sign_in(page, live_server, settings, reviewer, "/staff/collections/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly collections")
    return page


def history(page: Page) -> list[str]:
    """The history table's lines after the time: who | from | to | rating | why."""
    lines = page.get_by_role("table", name=HISTORY).locator("tbody tr").all()
    return [
        " | ".join(text.strip() for text in line.locator("td").all_inner_texts()) for line in lines
    ]


# Accessibility --------------------------------------------------------------------------------


def test_the_collection_list(
    preparer_page: Page, live_server: LiveServer, world: World, submitted: Collection
) -> None:
    collections_open(LATER_QUARTER, world.a.organization)
    page = preparer_page
    page.reload()  # the list was first shown before the collections were opened
    table = page.get_by_role("table", name="Collections (2)")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name=QUARTER.label)).to_contain_text("Yellow")
    expect(page.get_by_role("heading", name="Open a quarter's collections")).to_be_visible()
    assert_accessible(page, "the collection list")

    page.goto(f"{live_server.url}/staff/collections/?quarter=FY1999-Q9")
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_accessible(page, "the collection list with a filter error")


def test_the_collection_page_of_its_preparer(
    preparer_page: Page, live_server: LiveServer, sent_back: Collection, tmp_path: Path
) -> None:
    page = preparer_page
    page.goto(live_server.url + collection_path(sent_back))
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUARTER.label)
    expect(page.locator("#submission-problems")).to_contain_text(
        f"Row 3 ({EMAIL_SURVEY}, Email): upload its respondent file."
    )
    expect(page.get_by_role("button", name="Submit for review")).to_be_visible()
    expect(page.get_by_role("table", name=HISTORY)).to_contain_text(CHANGES_REASON)
    assert_accessible(page, "a collection's page as its preparer sees it")

    page.get_by_role("link", name="Add a row").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a row")
    assert_accessible(page, "the new-row form")
    page.get_by_label("Respondents from").select_option(label="An uploaded A-11 respondent file")
    page.get_by_label("Customers served").fill("100")
    page.get_by_label("Customers offered a survey").fill("250")
    page.get_by_role("button", name="Add the row").click()
    expect(page.get_by_text("The row was not saved")).to_be_visible()
    expect(page.get_by_text("Give the survey's title as respondents saw it.").first).to_be_visible()
    expect(
        page.get_by_text("Customers offered a survey cannot be more than the customers").first
    ).to_be_visible()
    assert_accessible(page, "the row form with errors")

    page.goto(live_server.url + collection_path(sent_back))
    page.get_by_role("link", name=f"Edit {PHONE_SURVEY}").click()
    expect(page.get_by_label("Survey title")).to_have_value(PHONE_SURVEY)
    assert_accessible(page, "the row form of an uploaded file")
    page.goto(live_server.url + collection_path(sent_back))
    page.get_by_role("link", name=f"Delete {EMAIL_SURVEY}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this row?")
    assert_accessible(page, "the page confirming a row's deletion")

    page.goto(live_server.url + collection_path(sent_back))
    page.get_by_role("link", name=f"Upload file for {EMAIL_SURVEY}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload respondents")
    assert_accessible(page, "the upload page")
    refused = tmp_path / "refused.csv"
    refused.write_bytes(refused_file())
    page.get_by_label("Respondent file (CSV)").set_input_files(refused)
    page.get_by_role("button", name="Upload and check").click()
    problems = page.get_by_role("table", name="Problems in the file")
    expect(problems).to_be_visible()
    expect(problems.locator("tbody tr")).to_have_count(4)
    assert_accessible(page, "the upload page with a refused file's problems")


def test_the_collection_page_of_its_reviewer(
    reviewer_page: Page, live_server: LiveServer, submitted: Collection
) -> None:
    page = reviewer_page
    page.goto(live_server.url + collection_path(submitted))
    expect(page.get_by_role("heading", level=1)).to_contain_text(QUARTER.label)
    for button in ("Save the rating", "Publish", "Request changes"):
        expect(page.get_by_role("button", name=button)).to_be_visible()
    expect(page.get_by_role("table", name=HISTORY).locator("tbody tr")).to_have_count(2)
    assert_accessible(page, "a collection's page as its reviewer sees it")

    # A USWDS radio button is drawn by its label; the input itself sits off screen.
    page.locator("label", has_text="Yellow: partially in line with A-11").click()
    page.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save the rating")
    expect(page.get_by_text("Nothing was changed")).to_be_visible()
    expect(page.get_by_label("Why this rating")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "the rating page with a missing reason")

    page.goto(live_server.url + collection_path(submitted))
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Say what needs to change").first).to_be_visible()
    assert_accessible(page, "the request-changes page with a missing reason")
    submitted.refresh_from_db()
    assert submitted.state == CollectionState.SUBMITTED
    assert submitted.rating_reason == YELLOW_REASON


# The flow without JavaScript -----------------------------------------------------------------


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_quarter_goes_from_a_file_to_the_public_results_without_javascript(
    page_without_javascript: Page,
    live_server: LiveServer,
    world: World,
    settings: Settings,
    reviewer: User,
    tmp_path: Path,
) -> None:
    page = page_without_javascript
    sign_in(page, live_server, settings, world.manager_a, "/staff/collections/")
    expect(page.locator("#no-collections")).to_be_visible()
    page.get_by_role("button", name="Open collections").click()
    expect(page.get_by_text("Opened 1 collection of Agency A")).to_be_visible()
    page.get_by_role("link", name=world.a.service.name).click()
    expect(page.locator("#no-rows")).to_be_visible()
    collection = Collection.objects.get(organization=world.a.organization)

    # The survey manager adds a row for a file, uploads the file and gives the volumes.
    page.get_by_role("link", name="Add a row").click()
    page.get_by_label("Respondents from").select_option(label="An uploaded A-11 respondent file")
    page.get_by_label("Channel").select_option(label="Phone")
    page.get_by_label("Survey type").select_option(label="Thumbs up / down")
    page.get_by_label("Survey title").fill(PHONE_SURVEY)
    page.get_by_label("Trust question text").fill(TRUST_QUESTION)
    page.get_by_role("button", name="Add the row").click()
    expect(page.get_by_text("The row was added.")).to_be_visible()
    problems = page.locator("#submission-problems")
    expect(problems).to_contain_text(f"Row 1 ({PHONE_SURVEY}, Phone): upload its respondent file.")
    expect(problems).to_contain_text("give the volume of customers.")

    page.get_by_role("link", name=f"Upload file for {PHONE_SURVEY}").click()
    respondents = tmp_path / "phone-respondents.csv"
    respondents.write_bytes(respondent_file(11, 4))
    page.get_by_label("Respondent file (CSV)").set_input_files(respondents)
    page.get_by_role("button", name="Upload and check").click()
    expect(
        page.get_by_text("15 respondents were stored from phone-respondents.csv.")
    ).to_be_visible()
    expect(page.locator("#total-respondents")).to_contain_text("15")
    expect(problems).not_to_contain_text("upload its respondent file")

    page.get_by_role("link", name=f"Edit {PHONE_SURVEY}").click()
    page.get_by_label("Customers served").fill("1,200")
    page.get_by_label("Customers offered a survey").fill("300")
    page.get_by_role("button", name="Save the row").click()
    expect(page.get_by_text("The row was saved.")).to_be_visible()
    expect(problems).to_have_count(0)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("The collection was submitted")).to_be_visible()
    expect(page.get_by_role("link", name="Add a row")).to_have_count(0)
    sign_out(page)

    # The performance manager rates it green and publishes it.
    sign_in(page, live_server, settings, reviewer, collection_path(collection))
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.a.service.name)
    page.locator("label", has_text="Green: in line with A-11").click()
    page.get_by_role("button", name="Save the rating").click()
    expect(page.get_by_text("The rating was saved.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("The collection was published.")).to_be_visible()
    assert history(page) == [
        "manager_a | Draft | Submitted | — | —",
        "performance_a | Submitted | Submitted | Green: in line with A-11 | —",
        "performance_a | Submitted | Published | Green: in line with A-11 | —",
    ]
    collection.refresh_from_db()
    assert collection.state == CollectionState.PUBLISHED
    assert collection.rating == Rating.GREEN
    assert collection.details.get().respondents.count() == 15

    # The public reads it.
    page.goto(f"{live_server.url}/agencies/{world.a.organization.abbreviation}/results/")
    expect(page.get_by_role("heading", name=collection.fiscal_quarter.label)).to_be_visible()
    expect(page.get_by_role("heading", name=world.a.service.name, exact=True)).to_be_visible()
    results = page.get_by_role("table", name=f"{world.a.service.name}, ")
    expect(results.get_by_role("row", name="All channels")).to_contain_text("15")
    expect(results.get_by_role("row", name=f"Phone · {PHONE_SURVEY}")).to_contain_text("15")
