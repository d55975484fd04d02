"""The responses page and its CSV export, as staff use them."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from tests.conftest import World
from tests.responses.helpers import bulk_responses, mark, received_at, submit, utc
from tests.staff.helpers import ClientFor, content_of

LIST = "/staff/responses/"
EXPORT = "/staff/responses/export.csv"


def listed(client: Client, query: dict[str, str] | None = None) -> str:
    reply = client.get(LIST, query or {})
    assert reply.status_code == 200, reply.content
    return reply.content.decode()


def exported(client: Client, query: dict[str, str] | None = None) -> list[dict[str, str]]:
    reply = client.get(EXPORT, query or {})
    assert reply.status_code == 200
    text = content_of(reply).removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


# --- the list ----------------------------------------------------------------------------------


def test_a_viewer_sees_responses_newest_first_with_a_summary(
    world: World, client_for: ClientFor
) -> None:
    older = received_at(submit(world.a.survey, channel="phone", language="es"), utc(2025, 1, 1))
    newer = received_at(submit(world.a.survey, {"trust": 0, "comments": "Slow."}), utc(2025, 1, 2))
    content = listed(client_for(world.viewer_a))
    assert content.index(newer.receipt_id) < content.index(older.receipt_id)
    assert "2025-01-02 00:00" in content
    assert "Phone" in content
    assert ">es<" in content
    assert "trust: 0 · comments: Slow." in content
    assert "trust: 1 · drivers_positive: ease, efficiency" in content
    assert "<caption>" in content
    assert '<th scope="col">Receipt</th>' in content


def test_deleted_and_spam_responses_are_hidden_unless_spam_is_asked_for(
    world: World, client_for: ClientFor
) -> None:
    kept, spam, deleted = (submit(world.a.survey) for _ in range(3))
    mark(spam, is_spam=True)
    mark(deleted, is_deleted=True)
    client = client_for(world.admin_a)
    content = listed(client)
    assert kept.receipt_id in content
    assert spam.receipt_id not in content
    assert deleted.receipt_id not in content
    with_spam = listed(client, {"include_spam": "1"})
    assert spam.receipt_id in with_spam
    assert deleted.receipt_id not in with_spam


def test_the_date_range_is_inclusive_utc_days(world: World, client_for: ClientFor) -> None:
    before = received_at(submit(world.a.survey), utc(2025, 4, 30, 23, 59))
    first = received_at(submit(world.a.survey), utc(2025, 5, 1, 0, 0))
    last = received_at(submit(world.a.survey), utc(2025, 5, 31, 23, 59))
    after = received_at(submit(world.a.survey), utc(2025, 6, 1, 0, 0))
    content = listed(
        client_for(world.viewer_a), {"date_from": "2025-05-01", "date_to": "2025-05-31"}
    )
    assert first.receipt_id in content
    assert last.receipt_id in content
    assert before.receipt_id not in content
    assert after.receipt_id not in content


def test_service_and_survey_filters(world: World, client_for: ClientFor) -> None:
    v2 = submit(world.a.survey)
    v1 = submit(world.a.v1_survey, {"satisfaction": 4, "trust": 5})
    client = client_for(world.manager_a)
    by_survey = listed(client, {"survey": str(world.a.v1_survey.public_id)})
    assert v1.receipt_id in by_survey
    assert v2.receipt_id not in by_survey
    by_service = listed(client, {"service": str(world.a.service.public_id)})
    assert v1.receipt_id in by_service
    assert v2.receipt_id in by_service


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2025-02-30"}, "Enter a real date as YYYY-MM-DD"),
        ({"date_to": "yesterday"}, "Enter a real date as YYYY-MM-DD"),
        ({"date_from": "2025-05-02", "date_to": "2025-05-01"}, "on or after the start date"),
        ({"survey": "not-a-uuid"}, "Choose a survey from the list."),
        ({"service": "00000000-0000-0000-0000-000000000000"}, "Choose a service from the list."),
    ],
)
def test_invalid_filters_are_explained_and_show_no_rows(
    world: World, client_for: ClientFor, query: dict[str, str], message: str
) -> None:
    receipt = submit(world.a.survey).receipt_id
    reply = client_for(world.viewer_a).get(LIST, query)
    assert reply.status_code == 400
    content = reply.content.decode()
    assert message in content
    assert "usa-error-message" in content
    assert receipt not in content


def test_filter_choices_are_only_the_users_own(world: World, client_for: ClientFor) -> None:
    content = listed(client_for(world.viewer_a))
    assert f'value="{world.a.survey.public_id}"' in content
    assert f'value="{world.a.service.public_id}"' in content
    assert str(world.b.survey.public_id) not in content
    assert str(world.b.service.public_id) not in content


def test_pages_follow_the_page_size_and_keep_the_filters(
    world: World, client_for: ClientFor, settings: Settings
) -> None:
    settings.RESPONSES_PAGE_SIZE = 2
    receipts = [submit(world.a.survey).receipt_id for _ in range(5)]
    client = client_for(world.viewer_a)
    query = {"service": str(world.a.service.public_id)}
    first = listed(client, query)
    assert 'class="usa-pagination"' in first
    assert 'aria-current="page"' in first
    assert f"?service={world.a.service.public_id}&amp;page=2" in first
    assert "Showing 1–2 of 5 responses." in first
    last = listed(client, {**query, "page": "3"})
    assert "Showing 5–5 of 5 responses." in last
    shown = [receipt for receipt in receipts if receipt in first + listed(client, {"page": "2"})]
    assert len(shown) == 4
    # A page number that makes no sense shows the first page instead of failing.
    assert "Showing 1–2 of 5 responses." in listed(client, {"page": "x"})


def test_the_list_does_not_query_per_row(
    world: World, client_for: ClientFor, settings: Settings
) -> None:
    settings.RESPONSES_PAGE_SIZE = 100
    client = client_for(world.viewer_a)
    bulk_responses(world.a.survey, 5)
    with CaptureQueriesContext(connection) as five:
        content = listed(client)
    assert content.count("<tr>") == 5 + 1
    bulk_responses(world.a.survey, 45)
    with CaptureQueriesContext(connection) as fifty:
        content = listed(client)
    assert content.count("<tr>") == 50 + 1
    assert len(fifty) == len(five)
    assert len(fifty) <= 9  # one of them: which rows keep an original the reader may open


# --- the export --------------------------------------------------------------------------------


def test_the_export_streams_a_dated_csv_attachment(world: World, client_for: ClientFor) -> None:
    submit(world.a.survey)
    reply = client_for(world.viewer_a).get(EXPORT)
    assert reply.status_code == 200
    assert isinstance(reply, StreamingHttpResponse)
    assert reply["Content-Type"] == "text/csv; charset=utf-8"
    disposition = reply["Content-Disposition"]
    assert disposition.startswith('attachment; filename="govcx-responses-20')
    assert disposition.endswith('.csv"')
    assert "no-store" in reply["Cache-Control"]


def test_the_export_header_and_rows(world: World, client_for: ClientFor) -> None:
    response = submit(world.a.survey, {"trust": 0, "drivers_negative": ["ease", "efficiency"]})
    [row] = exported(client_for(world.viewer_a))
    assert list(row)[:13] == [
        "response_id",
        "receipt_id",
        "created_at",
        "organization",
        "service",
        "survey",
        "survey_id",
        "survey_version",
        "channel",
        "language",
        "page_url",
        "is_spam",
        "is_flagged",
    ]
    assert row["response_id"] == str(response.uuid)
    assert row["receipt_id"] == response.receipt_id
    assert row["created_at"].endswith("+00:00")
    assert row["drivers_negative"] == "ease; efficiency"
    assert row["trust"] == "0"


def test_the_export_neutralises_formulas(world: World, client_for: ClientFor) -> None:
    submit(world.a.survey, {"trust": 1, "comments": "=SUM(1+1)"})
    [row] = exported(client_for(world.manager_a))
    assert row["comments"] == "'=SUM(1+1)"


def test_the_export_uses_the_same_filters(world: World, client_for: ClientFor) -> None:
    inside = received_at(submit(world.a.survey), utc(2025, 7, 4, 12))
    received_at(submit(world.a.survey), utc(2025, 7, 5, 12))
    received_at(submit(world.a.v1_survey, {"satisfaction": 2, "trust": 2}), utc(2025, 7, 4, 13))
    rows = exported(
        client_for(world.viewer_a),
        {
            "date_from": "2025-07-04",
            "date_to": "2025-07-04",
            "survey": str(world.a.survey.public_id),
        },
    )
    assert [row["receipt_id"] for row in rows] == [inside.receipt_id]


def test_the_export_leaves_out_spam_unless_asked(world: World, client_for: ClientFor) -> None:
    kept, spam = submit(world.a.survey), submit(world.a.survey)
    mark(spam, is_spam=True)
    client = client_for(world.admin_a)
    assert [row["receipt_id"] for row in exported(client)] == [kept.receipt_id]
    with_spam = {row["receipt_id"] for row in exported(client, {"include_spam": "1"})}
    assert with_spam == {kept.receipt_id, spam.receipt_id}


def test_the_export_has_no_row_cap(world: World, client_for: ClientFor, settings: Settings) -> None:
    settings.RESPONSES_PAGE_SIZE = 10
    bulk_responses(world.a.survey, 2500)  # more than one fetch chunk and the page size
    rows = exported(client_for(world.viewer_a))
    assert len(rows) == 2500
    assert len({row["response_id"] for row in rows}) == 2500


def test_the_outsider_exports_only_agency_b(world: World, client_for: ClientFor) -> None:
    own = submit(world.a.survey)
    theirs = submit(world.b.survey)
    client = client_for(world.outsider)
    reply = client.get(EXPORT)
    content = content_of(reply)
    assert theirs.receipt_id in content
    assert own.receipt_id not in content
    assert world.a.survey.title not in content
    foreign = client.get(EXPORT, {"survey": str(world.a.survey.public_id)})
    assert foreign.status_code == 404
    assert own.receipt_id not in content_of(foreign)


def test_a_bad_date_in_an_export_is_a_bad_request(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.viewer_a).get(EXPORT, {"date_from": "2025-13-01"})
    assert reply.status_code == 400
    assert "Enter a real date as YYYY-MM-DD" in reply.content.decode()


def test_the_list_links_to_the_export_with_its_filters(world: World, client_for: ClientFor) -> None:
    content = listed(
        client_for(world.viewer_a), {"survey": str(world.a.survey.public_id), "page": "1"}
    )
    assert f'href="{EXPORT}?survey={world.a.survey.public_id}"' in content
