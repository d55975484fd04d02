"""The collection pages: who sees them, who changes them, and what they show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter, latest_complete_quarter
from govcx.registry.models import User
from govcx.reporting import collection_views
from govcx.reporting.collections import collections_open, detail_create, detail_update
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionRespondent,
    CollectionState,
    RespondentSource,
)
from tests.conftest import World
from tests.reporting.conftest import Reviewers
from tests.responses.helpers import received_at, submit

ClientFor = Callable[[User], Client]
QUARTER = FiscalQuarter(2026, 1)
INSIDE = dt.datetime(2025, 11, 14, 15, 30, tzinfo=dt.UTC)
FILES = Path(__file__).parent / "files"
COLLECTION_PAGES = (
    "collection_detail",
    "detail_new",
    "collection_csv",
    "collection_json",
    "collection_respondents_csv",
    "collection_v1_summary_csv",
)
DETAIL_PAGES = ("detail_edit", "detail_delete", "detail_upload", "detail_respondents_csv")
PREPARERS_PAGES = ("detail_new", "detail_edit", "detail_delete", "detail_upload")


class Setup:
    """Agency A's collection with a version 2 row (2 respondents, 8 offered), a version 1 row
    and an uploaded-file row; agency B's collection of the same quarter."""

    def __init__(self, world: World) -> None:
        for _ in range(2):
            received_at(submit(world.a.survey), INSIDE)
        received_at(submit(world.a.v1_survey, {"satisfaction": 4, "trust": 4}), INSIDE)
        received_at(submit(world.b.survey), INSIDE)
        self.collection, self.b_collection = collections_open(QUARTER)
        assert self.collection.organization == world.a.organization
        self.v2 = self.collection.details.get(survey=world.a.survey)
        self.v1 = self.collection.details.get(survey=world.a.v1_survey)
        detail_update(self.v2, user=world.admin_a, volume_of_customers=100, volume_offered_survey=8)
        self.upload = detail_create(
            self.collection,
            user=world.admin_a,
            source=RespondentSource.UPLOAD,
            channel="phone",
            survey_type="thumbs_up_down",
            survey_title="Phone survey",
            trust_question_text="I trust the agency.",
        )

    def address(self, name: str, detail: CollectionDetail | None = None) -> str:
        if name in COLLECTION_PAGES:
            return reverse(f"reporting:{name}", kwargs={"public_id": self.collection.public_id})
        target = detail or self.upload
        return reverse(f"reporting:{name}", kwargs={"public_id": target.public_id})

    def submit_collection(self) -> None:
        Collection.objects.filter(pk=self.collection.pk).update(state=CollectionState.SUBMITTED)


@pytest.fixture
def setup(world: World) -> Setup:
    return Setup(world)


LIST = reverse("reporting:collection_list")


def detail_form(**changes: str) -> dict[str, str]:
    data = {
        "respondents_from": "upload",
        "channel": "email",
        "transaction_point": "post_service_journey",
        "service_stage": "Renew",
        "survey_type": "likert_scale",
        "survey_title": "Email survey",
        "omb_control_number": "",
        "trust_question_text": "I trust the agency to answer.",
        "volume_of_customers": "1,200",
        "volume_offered_survey": "300",
    }
    return data | changes


def upload(client: Client, address: str, name: str) -> Any:
    data = (FILES / name).read_bytes()
    return client.post(address, {"file": SimpleUploadedFile(name, data, "text/csv")})


# Who sees what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COLLECTION_PAGES + DETAIL_PAGES)
def test_a_member_of_another_agency_gets_404_on_every_page(
    world: World, reviewers: Reviewers, setup: Setup, client_for: ClientFor, name: str
) -> None:
    for user in (world.outsider, reviewers.performance_b):
        client = client_for(user)
        assert client.get(setup.address(name)).status_code == 404
        posted = client.post(setup.address(name), detail_form()).status_code
        # Pages that take no POST refuse it before looking anything up.
        assert posted == (404 if name in PREPARERS_PAGES else 405)
    assert CollectionDetail.objects.filter(collection=setup.collection).count() == 3


def test_detail_pages_of_a_version_2_row_are_hidden_from_another_agency_too(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.outsider)
    for name in ("detail_edit", "detail_delete", "detail_respondents_csv"):
        assert client.get(setup.address(name, setup.v2)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(setup: Setup) -> None:
    for address in (LIST, setup.address("collection_detail"), setup.address("collection_csv")):
        reply = Client().get(address)
        assert reply.status_code == 302
        assert reply["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", PREPARERS_PAGES)
def test_members_who_do_not_prepare_get_403_on_the_preparers_pages(
    world: World, reviewers: Reviewers, setup: Setup, client_for: ClientFor, name: str
) -> None:
    for user in (world.viewer_a, reviewers.performance_a):
        client = client_for(user)
        assert client.get(setup.address(name)).status_code == 403
        assert client.post(setup.address(name), detail_form()).status_code == 403
    assert CollectionDetail.objects.filter(collection=setup.collection).count() == 3


@pytest.mark.parametrize("name", PREPARERS_PAGES)
def test_rows_of_a_submitted_collection_cannot_be_changed_from_the_pages(
    world: World, setup: Setup, client_for: ClientFor, name: str
) -> None:
    setup.submit_collection()
    client = client_for(world.admin_a)

    reply = client.post(setup.address(name), detail_form())

    assert reply.status_code == 403
    assert CollectionDetail.objects.filter(collection=setup.collection).count() == 3
    page = client.get(setup.address("collection_detail")).content.decode()
    assert "Add a row" not in page
    assert setup.address("detail_edit") not in page


# The list ---------------------------------------------------------------------------------------


def test_the_list_shows_only_the_users_agency_with_respondents_and_due_dates(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    page = client_for(world.viewer_a).get(LIST)
    html = page.content.decode()

    assert page.status_code == 200
    assert "AGA benefit applications" in html
    assert "AGB benefit applications" not in html
    assert "Jan 30, 2026" in html
    assert '<td class="text-right">3</td>' in html  # 2 version 2 and 1 version 1 respondents
    assert 'id="open-heading"' not in html  # a response viewer prepares nothing


def test_the_list_filters_by_quarter_and_state(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    collections_open(QUARTER.next(), world.a.organization)
    client = client_for(world.admin_a)

    by_quarter = client.get(LIST, {"quarter": "FY2026-Q2"}).content.decode()
    by_state = client.get(LIST, {"state": "submitted"}).content.decode()
    bad = client.get(LIST, {"quarter": "FY1999-Q1"})

    assert "FY2026 Q2" in by_quarter
    assert "<td>FY2026 Q1</td>" not in by_quarter
    assert 'id="no-collections"' in by_state
    assert bad.status_code == 400


def test_the_list_takes_the_same_queries_for_one_or_many_collections(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.viewer_a)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for offset in range(1, 4):
        (collection,) = collections_open(QUARTER.shifted(offset), world.a.organization)
        for channel in ("website", "phone"):
            detail_create(
                collection,
                user=world.admin_a,
                source=RespondentSource.SURVEY,
                survey=world.a.survey,
                channel=channel,
            )
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST)

    assert page.content.decode().count('<th scope="row">') == 4
    # One grouped count per quarter shown, never one per collection or row.
    assert len(many) == len(few) + 3


def test_a_preparer_opens_a_quarters_collections_from_the_list(
    world: World, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)
    form = client.get(LIST).content.decode()
    assert 'id="open-heading"' in form
    latest = latest_complete_quarter(timezone.localdate())
    sent = {"organization": str(world.a.organization.public_id), "fiscal_quarter": latest.key}

    reply = client.post(LIST, sent)
    again = client.post(LIST, sent, follow=True)

    assert reply.status_code == 302
    opened = Collection.objects.get(organization=world.a.organization)
    assert (opened.fiscal_year, opened.quarter) == (latest.fiscal_year, latest.quarter)
    assert f"already had a collection for {latest.label}" in again.content.decode()
    assert not Collection.objects.filter(organization=world.b.organization).exists()


def test_opening_for_another_agency_or_by_a_reader_is_refused(
    world: World, client_for: ClientFor
) -> None:
    latest = latest_complete_quarter(timezone.localdate()).key
    other = {"organization": str(world.b.organization.public_id), "fiscal_quarter": latest}
    own = {"organization": str(world.a.organization.public_id), "fiscal_quarter": latest}

    refused = client_for(world.admin_a).post(LIST, other)
    reader = client_for(world.viewer_a).post(LIST, own)

    assert refused.status_code == 400
    assert "Choose an organization from the list." in refused.content.decode()
    assert reader.status_code == 403
    assert not Collection.objects.exists()


# A collection -----------------------------------------------------------------------------------


def test_the_collection_page_shows_rows_respondents_rates_and_downloads(
    world: World, reviewers: Reviewers, setup: Setup, client_for: ClientFor
) -> None:
    for user in (world.admin_a, reviewers.performance_a):
        page = client_for(user).get(setup.address("collection_detail"))
        assert page.status_code == 200
    html = client_for(world.admin_a).get(setup.address("collection_detail")).content.decode()

    assert "January 30, 2026" in html
    assert "25.0%" in html  # 2 respondents of 8 offered
    assert 'id="total-respondents">3' in html
    for name in ("collection_csv", "collection_json", "collection_respondents_csv"):
        assert setup.address(name) in html
    assert setup.address("collection_v1_summary_csv") in html
    assert setup.address("detail_upload") in html
    assert setup.address("detail_respondents_csv", setup.v1) not in html
    assert 'scope="col"' in html
    assert "<caption" in html


def test_readers_see_no_preparers_links(world: World, setup: Setup, client_for: ClientFor) -> None:
    html = client_for(world.viewer_a).get(setup.address("collection_detail")).content.decode()

    assert "Add a row" not in html
    assert setup.address("detail_upload") not in html
    assert setup.address("collection_csv") in html


# Rows -------------------------------------------------------------------------------------------


def test_a_preparer_adds_a_row_for_an_uploaded_file(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    reply = client_for(world.manager_a).post(setup.address("detail_new"), detail_form())

    assert reply.status_code == 302
    added = setup.collection.details.get(channel="email")
    assert (added.source, added.survey_type, added.volume_of_customers) == (
        RespondentSource.UPLOAD,
        "likert_scale",
        1200,
    )
    assert added.position == 4


def test_a_bad_row_shows_the_field_and_stores_nothing(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)

    too_many = client.post(setup.address("detail_new"), detail_form(volume_offered_survey="1,201"))
    untitled = client.post(setup.address("detail_new"), detail_form(survey_title=""))
    other_agency = client.post(
        setup.address("detail_new"), detail_form(respondents_from=str(world.b.survey.public_id))
    )
    twice = client.post(
        setup.address("detail_new"),
        detail_form(respondents_from=str(world.a.survey.public_id), channel="website"),
    )

    assert too_many.status_code == 400
    assert "Customers offered a survey cannot be more than the customers served (1,200)." in (
        too_many.content.decode()
    )
    assert 'href="#id_survey_title"' in untitled.content.decode()
    assert "Choose a survey of this service or an uploaded file." in other_agency.content.decode()
    assert "already has a row for this channel" in twice.content.decode()
    assert setup.collection.details.count() == 3


def test_a_preparer_edits_and_deletes_a_row(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    form = client.get(setup.address("detail_edit", setup.v2)).content.decode()
    assert 'value="100"' in form  # the recorded customers, ready to change

    edited = client.post(
        setup.address("detail_edit", setup.v2),
        detail_form(
            respondents_from=str(world.a.survey.public_id),
            channel="website",
            survey_title="",
            trust_question_text="",
            volume_of_customers="90",
            volume_offered_survey="9",
        ),
    )
    deleted = client.post(setup.address("detail_delete"))

    setup.v2.refresh_from_db()
    assert (edited.status_code, deleted.status_code) == (302, 302)
    assert (setup.v2.volume_offered_survey, setup.v2.survey_title) == (9, world.a.survey.title)
    assert not CollectionDetail.objects.filter(pk=setup.upload.pk).exists()


def test_an_uploaded_rows_source_cannot_be_switched_to_a_survey(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    reply = client_for(world.admin_a).post(
        setup.address("detail_edit"),
        detail_form(respondents_from=str(world.a.survey.public_id)),
    )

    assert reply.status_code == 400
    setup.upload.refresh_from_db()
    assert setup.upload.survey is None


# Upload -----------------------------------------------------------------------------------------


def test_a_good_file_is_stored_and_the_page_says_how_many(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)

    reply = upload(client, setup.address("detail_upload"), "thumbs_lf.csv")
    page = client.get(setup.address("collection_detail")).content.decode()

    assert reply.status_code == 302
    assert CollectionRespondent.objects.filter(detail=setup.upload).count() == 6
    assert "6 respondents were stored from thumbs_lf.csv." in page


def test_a_file_larger_than_an_ordinary_form_is_accepted(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    # Ordinary forms are capped at 256 KiB; a quarter's respondent file is routinely larger.
    header = (FILES / "thumbs_lf.csv").read_text().splitlines()[0]
    flags = "1,0,1,0,null,null,null," + ",".join(["null"] * 7)
    lines = [header] + [f"r{number},1,{flags},Fine service overall" for number in range(8_000)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 512 * 1024

    reply = client_for(world.manager_a).post(
        setup.address("detail_upload"), {"file": SimpleUploadedFile("big.csv", data, "text/csv")}
    )

    assert reply.status_code == 302
    assert CollectionRespondent.objects.filter(detail=setup.upload).count() == 8_000


def test_a_file_wrong_on_every_line_lists_the_first_problems_and_counts_them_all(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    header = (FILES / "thumbs_lf.csv").read_text().splitlines()[0]
    flags = ",".join(["maybe"] * 14)
    lines = [header] + [f"r{number},1,{flags}," for number in range(100)]
    data = ("\n".join(lines) + "\n").encode()

    reply = client_for(world.manager_a).post(
        setup.address("detail_upload"), {"file": SimpleUploadedFile("bad.csv", data, "text/csv")}
    )

    html = reply.content.decode()
    assert reply.status_code == 400
    assert "It has 1400 problems" in html
    assert html.count("Expected 1 (chosen), 0 (offered, not chosen) or null") == 500
    assert "The first 500 of 1400 problems are listed" in html
    assert not CollectionRespondent.objects.filter(detail=setup.upload).exists()


def test_a_file_sent_as_the_collection_is_submitted_is_refused_with_a_message(
    world: World, setup: Setup, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The page checked the collection was editable; it is submitted before the file is stored.
    def preparer_then_submitted(request: Any, collection: Any) -> User:
        user = real_preparable(request, collection)
        collection.__class__.objects.filter(pk=collection.pk).update(state="submitted")
        return user

    real_preparable = collection_views._preparable
    monkeypatch.setattr(collection_views, "_preparable", preparer_then_submitted)
    client = client_for(world.manager_a)

    reply = upload(client, setup.address("detail_upload"), "thumbs_lf.csv")
    page = client.get(setup.address("collection_detail")).content.decode()

    assert reply.status_code == 302
    assert not CollectionRespondent.objects.filter(detail=setup.upload).exists()
    assert "This collection is" in page


def test_a_bad_file_shows_every_problem_by_line_and_column_and_stores_nothing(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)
    upload(client, setup.address("detail_upload"), "thumbs_lf.csv")

    reply = upload(client, setup.address("detail_upload"), "thumbs_bad_flag.csv")

    html = reply.content.decode()
    assert reply.status_code == 400
    assert 'id="file-problems"' in html
    assert '<tr><th scope="row">4</th><td>positive_transparency</td><td>Expected 1' in html
    assert "the earlier upload is kept" in html
    stored = CollectionRespondent.objects.filter(detail=setup.upload)
    assert list(stored.values_list("external_id", flat=True)[:2]) == ["A-1", "A-2"]
    setup.upload.refresh_from_db()
    assert setup.upload.uploaded_file_name == "thumbs_lf.csv"


def test_a_survey_linked_row_has_no_upload_page(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    reply = client_for(world.admin_a).get(setup.address("detail_upload", setup.v2))

    assert reply.status_code == 404


def test_a_missing_file_is_named(world: World, setup: Setup, client_for: ClientFor) -> None:
    reply = client_for(world.admin_a).post(setup.address("detail_upload"), {})

    assert reply.status_code == 400
    assert 'href="#id_file"' in reply.content.decode()


# Downloads --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content_type", "suffix"),
    [
        ("collection_csv", "text/csv; charset=utf-8", "collection.csv"),
        ("collection_json", "application/json; charset=utf-8", "collection.json"),
        ("collection_respondents_csv", "text/csv; charset=utf-8", "respondents.csv"),
        ("collection_v1_summary_csv", "text/csv; charset=utf-8", "a11-v1-summary.csv"),
    ],
)
def test_downloads_are_private_attachments(
    world: World, setup: Setup, client_for: ClientFor, name: str, content_type: str, suffix: str
) -> None:
    reply = client_for(world.viewer_a).get(setup.address(name))

    assert reply.status_code == 200
    assert reply["Content-Type"] == content_type
    assert reply["Content-Disposition"] == (
        f'attachment; filename="AGA-aga-benefit-applications-FY2026-Q1-{suffix}"'
    )
    assert "no-store" in reply["Cache-Control"]


def test_the_json_download_is_the_collection(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    data = client_for(world.viewer_a).get(setup.address("collection_json")).json()

    assert data["public_id"] == str(setup.collection.public_id)
    assert [d["volume_of_respondents"] for d in data["details"]] == [1, 2, 0]


def test_a_rows_respondent_file_downloads_and_a_version_1_row_has_none(
    world: World, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(world.viewer_a)

    v2 = client.get(setup.address("detail_respondents_csv", setup.v2))
    v1 = client.get(setup.address("detail_respondents_csv", setup.v1))

    text = v2.getvalue().decode()
    assert text.startswith("external_id,question_1,")
    assert len(text.strip().splitlines()) == 3
    assert v1.status_code == 404
