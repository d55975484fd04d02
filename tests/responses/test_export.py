"""The CSV export, read back with the csv module as an analyst's tools would read it."""

from __future__ import annotations

import csv
import io

from govcx.registry.selectors import AnyUser
from govcx.responses.export import (
    FIXED_COLUMNS,
    ROWS_PER_WRITE,
    answer_column_name,
    answer_keys,
    exported_versions,
    responses_csv,
)
from govcx.responses.selectors import ResponseFilters, responses_for
from govcx.surveys.services import survey_create_from_template, survey_publish
from tests.conftest import World
from tests.responses.helpers import bulk_responses, mark, received_at, submit, utc

V1_KEYS = [
    "satisfaction",
    "trust",
    "comments_scores",
    "effectiveness",
    "ease",
    "efficiency",
    "transparency",
    "employee",
    "comments",
]
V2_KEYS = ["trust", "drivers_positive", "drivers_positive.other", "drivers_negative"]
V2_KEYS += ["drivers_negative.other", "comments"]


def read_export(user: AnyUser, filters: ResponseFilters | None = None) -> list[dict[str, str]]:
    text = "".join(responses_csv(user, filters or ResponseFilters()))
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def export_header(user: AnyUser, filters: ResponseFilters | None = None) -> list[str]:
    text = "".join(responses_csv(user, filters or ResponseFilters())).removeprefix("\ufeff")
    return next(csv.reader(io.StringIO(text)))


def test_header_is_fixed_columns_then_the_union_of_answer_keys_in_survey_order(
    world: World,
) -> None:
    submit(world.a.survey)
    submit(world.a.v1_survey, {"satisfaction": 4, "trust": 5})
    header = export_header(world.admin_a)
    assert header[: len(FIXED_COLUMNS)] == list(FIXED_COLUMNS)
    # Titles sort "AGA benefit applications customer feedback" (v1) before "… feedback" (v2).
    assert world.a.v1_survey.title < world.a.survey.title
    expected = V1_KEYS + [key for key in V2_KEYS if key not in V1_KEYS]
    assert header[len(FIXED_COLUMNS) :] == expected


def test_only_versions_with_exported_responses_give_columns(world: World) -> None:
    submit(world.a.survey)
    header = export_header(world.admin_a)
    assert header[len(FIXED_COLUMNS) :] == V2_KEYS
    assert "satisfaction" not in header


def test_rows_carry_metadata_and_answers(world: World) -> None:
    response = received_at(
        submit(
            world.a.survey,
            {"trust": 1, "drivers_positive": ["ease", "other"], "drivers_positive.other": "Nice"},
            channel="phone",
            language="es",
            page_url="https://agency-a.example.gov/apply",
        ),
        utc(2025, 2, 3, 4, 5),
    )
    [row] = read_export(world.viewer_a)
    assert row["response_id"] == str(response.uuid)
    assert row["receipt_id"] == response.receipt_id
    assert row["created_at"] == "2025-02-03T04:05:00+00:00"
    assert row["organization"] == "Agency A"
    assert row["service"] == world.a.service.name
    assert row["survey"] == world.a.survey.title
    assert row["survey_id"] == str(world.a.survey.public_id)
    assert row["survey_version"] == "1"
    assert (row["channel"], row["language"]) == ("phone", "es")
    assert row["page_url"] == "https://agency-a.example.gov/apply"
    assert (row["is_spam"], row["is_flagged"]) == ("false", "false")
    assert row["trust"] == "1"
    assert row["drivers_positive"] == "ease; other"
    assert row["drivers_positive.other"] == "Nice"
    assert row["drivers_negative"] == ""
    assert row["comments"] == ""


def test_formula_cells_are_neutralised(world: World) -> None:
    submit(world.a.survey, {"trust": 0, "comments": "=SUM(1+1)"}, page_url="@evil")
    [row] = read_export(world.admin_a)
    assert row["comments"] == "'=SUM(1+1)"
    assert row["page_url"] == "'@evil"


def test_spam_is_left_out_unless_asked_for_and_deleted_always(world: World) -> None:
    kept, spam, deleted = (submit(world.a.survey) for _ in range(3))
    mark(spam, is_spam=True)
    mark(deleted, is_deleted=True)
    assert [row["receipt_id"] for row in read_export(world.admin_a)] == [kept.receipt_id]
    with_spam = read_export(world.admin_a, ResponseFilters(include_spam=True))
    assert {row["receipt_id"]: row["is_spam"] for row in with_spam} == {
        kept.receipt_id: "false",
        spam.receipt_id: "true",
    }


def test_the_outsider_exports_nothing_of_agency_a(world: World) -> None:
    own = submit(world.a.survey)
    theirs = submit(world.b.survey)
    rows = read_export(world.outsider)
    assert [row["receipt_id"] for row in rows] == [theirs.receipt_id]
    assert own.receipt_id not in "".join(responses_csv(world.outsider, ResponseFilters()))
    assert read_export(world.outsider, ResponseFilters(survey=world.a.survey)) == []


def test_an_export_with_no_rows_still_has_its_header(world: World) -> None:
    assert export_header(world.viewer_a) == list(FIXED_COLUMNS)


def test_columns_come_from_the_answered_surveys_questions(world: World) -> None:
    survey = survey_create_from_template(
        organization=world.a.organization,
        service=world.a.service,
        template_key="yes_no",
        user=world.manager_a,
    )
    survey_publish(survey=survey, user=world.manager_a)
    survey.refresh_from_db()
    submit(survey, {"helpful": "yes", "comments": "+1 great"})
    versions = exported_versions(world.admin_a, responses_for(world.admin_a, ResponseFilters()))
    assert [version.survey_id for version in versions] == [survey.pk]
    assert answer_keys(versions) == ["helpful", "comments"]
    [row] = read_export(world.admin_a)
    assert (row["helpful"], row["comments"]) == ("yes", "'+1 great")


def test_a_question_key_that_reads_like_a_fixed_column_is_marked() -> None:
    assert answer_column_name("channel") == "answer:channel"
    assert answer_column_name("trust") == "trust"


def test_a_long_export_is_sent_in_many_chunks(world: World) -> None:
    """Rows go out as they are read, so memory does not grow with the number of rows."""
    bulk_responses(world.a.survey, ROWS_PER_WRITE * 3 + 1)
    chunks = list(responses_csv(world.viewer_a, ResponseFilters()))
    assert len(chunks) == 1 + 4  # the header, three full chunks and the last row
    assert all(chunk.count("\n") <= ROWS_PER_WRITE for chunk in chunks)
