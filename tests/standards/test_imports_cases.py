"""Importing cases and their status changes: order rules, histories replaced, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from govcx.standards.imports.formats import DataFormat
from govcx.standards.models import CaseRecord, CaseStatusChange, RecordImport
from govcx.standards.services import case_records_import
from tests.conftest import World
from tests.standards.fixtures.record_files import (
    CASE_HEADER,
    SERVICE_A,
    STATUS_HEADER,
    case_line,
    counts,
    csv_text,
    errors,
    import_cases,
    jsonl_text,
    places,
    summary,
    write,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def history(case: CaseRecord) -> list[tuple[str, dt.datetime]]:
    return list(case.status_changes.values_list("status", "changed_at"))


def case_object(external_id: str = "e-1", **fields: Any) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "service": SERVICE_A,
        "channel": "email",
        "received_at": "2025-01-06T09:00:00-05:00",
        "resolved_at": "2025-01-10T09:00:00-05:00",
        "status": "resolved",
        **fields,
    }


PAUSE = [
    {"status": "waiting_on_customer", "at": "2025-01-07T10:00:00-05:00"},
    {"status": "open", "at": "2025-01-08T10:00:00-05:00"},
]


def test_a_good_csv_file_is_stored_exactly(world: World, tmp_path: Path) -> None:
    lines = [
        case_line("e-1", transaction_id="T-9"),
        case_line("e-2", first_response_at="", resolved_at="", status=""),
        case_line("e-3", resolved_at="2025-01-09T12:00:00Z", status=""),
        case_line("e-4", resolved_at="", status="waiting_on_customer"),
    ]
    outcome = import_cases(
        world.a.organization, write(tmp_path, "cases.csv", csv_text(CASE_HEADER, lines))
    )
    assert counts(outcome) == (4, 4, 0, 0)
    resolved, fresh, derived, waiting = CaseRecord.objects.order_by("external_id")
    assert resolved.received_at == dt.datetime(2025, 1, 6, 14, 0, tzinfo=UTC)
    assert resolved.first_response_at == dt.datetime(2025, 1, 6, 18, 0, tzinfo=UTC)
    assert resolved.resolved_at == dt.datetime(2025, 1, 8, 15, 0, tzinfo=UTC)
    assert (resolved.status, resolved.channel, resolved.transaction_id) == (
        "resolved",
        "email",
        "T-9",
    )
    assert (fresh.status, fresh.first_response_at, fresh.resolved_at) == ("open", None, None)
    assert derived.status == "resolved"  # a blank status follows resolved_at
    assert waiting.status == "waiting_on_customer"
    assert summary(outcome).record_import.kind == "cases"


def test_json_lines_carry_status_changes_inline(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "cases.jsonl", jsonl_text([case_object(status_changes=PAUSE)]))
    outcome = import_cases(world.a.organization, path)
    assert counts(outcome) == (1, 1, 0, 0)
    assert (summary(outcome).status_changes_added, summary(outcome).status_changes_removed) == (
        2,
        0,
    )
    assert history(CaseRecord.objects.get()) == [
        ("waiting_on_customer", dt.datetime(2025, 1, 7, 15, 0, tzinfo=UTC)),
        ("open", dt.datetime(2025, 1, 8, 15, 0, tzinfo=UTC)),
    ]


def test_importing_cases_again_changes_nothing(world: World, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "cases.jsonl",
        jsonl_text([case_object("e-1", status_changes=PAUSE), case_object("e-2")]),
    )
    import_cases(world.a.organization, path)
    before = dict(CaseRecord.objects.values_list("external_id", "imported_at"))
    changes_before = list(CaseStatusChange.objects.values_list("pk", flat=True))
    outcome = import_cases(world.a.organization, path)
    assert counts(outcome) == (2, 0, 0, 2)
    assert (summary(outcome).status_changes_added, summary(outcome).status_changes_removed) == (
        0,
        0,
    )
    assert dict(CaseRecord.objects.values_list("external_id", "imported_at")) == before
    assert list(CaseStatusChange.objects.values_list("pk", flat=True)) == changes_before


def test_a_new_history_replaces_the_old_one_by_its_differences(
    world: World, tmp_path: Path
) -> None:
    import_cases(
        world.a.organization,
        write(tmp_path, "a.jsonl", jsonl_text([case_object(status_changes=PAUSE)])),
    )
    kept = CaseStatusChange.objects.get(status="waiting_on_customer")
    new_history = [PAUSE[0], {"status": "open", "at": "2025-01-09T08:00:00-05:00"}]
    outcome = import_cases(
        world.a.organization,
        write(tmp_path, "b.jsonl", jsonl_text([case_object(status_changes=new_history)])),
    )
    assert (summary(outcome).status_changes_added, summary(outcome).status_changes_removed) == (
        1,
        1,
    )
    assert counts(outcome) == (1, 0, 0, 1)  # the case's own fields did not change
    assert CaseStatusChange.objects.filter(pk=kept.pk).exists()
    assert [status for status, _ in history(CaseRecord.objects.get())] == [
        "waiting_on_customer",
        "open",
    ]


def test_records_without_status_changes_leave_the_history_alone(
    world: World, tmp_path: Path
) -> None:
    import_cases(
        world.a.organization,
        write(tmp_path, "a.jsonl", jsonl_text([case_object(status_changes=PAUSE)])),
    )
    changed = case_object(transaction_id="T-1")
    outcome = import_cases(world.a.organization, write(tmp_path, "b.jsonl", jsonl_text([changed])))
    assert counts(outcome) == (1, 0, 1, 0)
    assert len(history(CaseRecord.objects.get())) == 2
    cleared = case_object(transaction_id="T-1", status_changes=[])
    outcome = import_cases(world.a.organization, write(tmp_path, "c.jsonl", jsonl_text([cleared])))
    assert summary(outcome).status_changes_removed == 2
    assert history(CaseRecord.objects.get()) == []


@pytest.mark.parametrize(
    ("fields", "column", "message"),
    [
        (
            {"first_response_at": "2025-01-06T08:59:59-05:00"},
            "first_response_at",
            "The first response is before the case was received.",
        ),
        (
            {"resolved_at": "2025-01-05T09:00:00-05:00", "first_response_at": ""},
            "resolved_at",
            "The case is resolved before it was received.",
        ),
        (
            {
                "first_response_at": "2025-01-09T09:00:00-05:00",
                "resolved_at": "2025-01-08T09:00:00-05:00",
            },
            "first_response_at",
            "The first response is after the case was resolved.",
        ),
        ({"resolved_at": ""}, "resolved_at", "Required when the status is resolved."),
        ({"status": "open"}, "status", "A case with a resolved_at time is resolved, not open."),
        ({"channel": ""}, "channel", "Required: one of computer, mobile, email"),
        ({"received_at": "yesterday"}, "received_at", "“yesterday” is not an ISO 8601 date"),
    ],
)
def test_order_and_status_rules(
    world: World, tmp_path: Path, fields: dict[str, str], column: str, message: str
) -> None:
    values = {
        "first_response_at": "2025-01-06T13:00:00-05:00",
        "resolved_at": "2025-01-08T10:00:00-05:00",
        **fields,
    }
    line = case_line("e-1", **values)
    outcome = import_cases(
        world.a.organization,
        write(tmp_path, "cases.csv", csv_text(CASE_HEADER, [case_line("e-0"), line])),
    )
    [error] = errors(outcome)
    assert (error.line, error.column) == (3, column)
    assert error.message.startswith(message)
    assert not CaseRecord.objects.exists()


def test_inline_status_changes_are_checked_against_the_case(world: World, tmp_path: Path) -> None:
    changes = [
        {"status": "waiting_on_customer", "at": "2025-01-06T08:00:00-05:00"},
        {"status": "open", "at": "2025-01-11T08:00:00-05:00"},
        {"status": "closed", "at": "2025-01-07T08:00:00-05:00", "by": "me"},
        {"status": "open", "at": "2025-01-11T08:00:00-05:00"},
        "open",
    ]
    path = write(
        tmp_path,
        "cases.jsonl",
        jsonl_text([case_object(), case_object("e-2", status_changes=changes)]),
    )
    outcome = import_cases(world.a.organization, path)
    assert [(error.line, error.column, error.message) for error in errors(outcome)] == [
        (2, "status_changes[2].by", "Unknown field; a status change has status and at."),
        (
            2,
            "status_changes[2].status",
            "“closed” is not one of open, waiting_on_customer, resolved.",
        ),
        (
            2,
            "status_changes[4]",
            'Give an object such as {"status": "waiting_on_customer", "at": "…"}.',
        ),
        (2, "status_changes[0].at", "This change is before the case was received."),
        (2, "status_changes[1].at", "This change is after the case was resolved."),
        (2, "status_changes[3].at", "This change is after the case was resolved."),
        (
            2,
            "status_changes[3].at",
            "The same status at the same time is already given (status_changes[1].at on line 2).",
        ),
    ]
    assert not CaseRecord.objects.exists()


# A separate CSV file of status changes -------------------------------------------------------


def import_with_status_file(
    world: World, tmp_path: Path, cases: list[str], changes: list[str]
) -> Any:
    return import_cases(
        world.a.organization,
        write(tmp_path, "cases.csv", csv_text(CASE_HEADER, cases)),
        status_changes=write(tmp_path, "statuses.csv", csv_text(STATUS_HEADER, changes)),
    )


CHANGES = [
    "e-1,waiting_on_customer,2025-01-07T10:00:00-05:00",
    "e-1,open,2025-01-07T16:00:00-05:00",
    "e-2,waiting_on_customer,2025-01-06T16:00:00Z",
]


def test_a_status_file_gives_the_cases_their_histories(world: World, tmp_path: Path) -> None:
    cases = [case_line("e-1"), case_line("e-2", resolved_at="", status="open")]
    outcome = import_with_status_file(world, tmp_path, cases, CHANGES)
    assert counts(outcome) == (2, 2, 0, 0)
    assert summary(outcome).status_changes_added == 3
    assert [status for status, _ in history(CaseRecord.objects.get(external_id="e-1"))] == [
        "waiting_on_customer",
        "open",
    ]
    again = import_with_status_file(world, tmp_path, cases, CHANGES)
    assert counts(again) == (2, 0, 0, 2)
    assert (summary(again).status_changes_added, summary(again).status_changes_removed) == (0, 0)


def test_a_status_file_may_name_cases_imported_before(world: World, tmp_path: Path) -> None:
    import_with_status_file(world, tmp_path, [case_line("e-1")], [])
    outcome = import_with_status_file(
        world, tmp_path, [case_line("e-2", resolved_at="", status="open")], CHANGES
    )
    assert summary(outcome).status_changes_added == 3
    assert RecordImport.objects.count() == 2


def test_a_case_s_status_changes_must_be_on_consecutive_lines(world: World, tmp_path: Path) -> None:
    cases = [case_line("e-1"), case_line("e-2", resolved_at="", status="open")]
    changes = [CHANGES[0], CHANGES[2], CHANGES[1]]
    outcome = import_with_status_file(world, tmp_path, cases, changes)
    [error] = errors(outcome)
    assert (error.file, error.line, error.column) == ("statuses.csv", 4, "external_id")
    assert "consecutive lines; this case's also start on line 2" in error.message
    assert not CaseRecord.objects.exists()
    assert not CaseStatusChange.objects.exists()


def test_status_file_errors_name_the_file_line_and_column(world: World, tmp_path: Path) -> None:
    cases = [case_line("e-1"), case_line("e-2", received_at="2025-01-06T09:00:00-05:00x")]
    changes = [
        "e-1,waiting_on_customer,2025-01-05T10:00:00-05:00",
        "e-9,open,2025-01-07T16:00:00-05:00",
        "e-2,open,2025-01-07T16:00:00-05:00",
        "e-1,paused,2025-01-07",
    ]
    outcome = import_with_status_file(world, tmp_path, cases, changes)
    assert [(error.file, error.line, error.column) for error in errors(outcome)] == [
        ("", 3, "received_at"),
        ("statuses.csv", 2, "changed_at"),
        ("statuses.csv", 3, "external_id"),
        ("statuses.csv", 4, "external_id"),  # e-2 was not stored: its row has an error
        ("statuses.csv", 5, "status"),
        ("statuses.csv", 5, "changed_at"),
    ]
    assert not CaseRecord.objects.exists()


def test_a_status_file_with_a_wrong_header_is_one_error(world: World, tmp_path: Path) -> None:
    outcome = import_cases(
        world.a.organization,
        write(tmp_path, "cases.csv", csv_text(CASE_HEADER, [case_line()])),
        status_changes=write(tmp_path, "statuses.csv", "case,status,at\n"),
    )
    assert places(outcome) == [(1, None)]
    assert errors(outcome)[0].file == "statuses.csv"
    assert not CaseRecord.objects.exists()


def test_a_status_file_goes_with_csv_cases_only(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "cases.jsonl", jsonl_text([case_object()]))
    with path.open("rb") as source, pytest.raises(ValueError, match="CSV cases file only"):
        case_records_import(
            organization=world.a.organization,
            source=source,
            data_format=DataFormat.JSONL,
            source_name="cases.jsonl",
            status_changes=io.BytesIO(STATUS_HEADER.encode()),
        )
