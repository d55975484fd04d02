"""Importing calls: stored exactly, all or nothing, idempotent, errors by line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govcx.registry.services import service_create
from govcx.standards.models import CallRecord, RecordImport
from tests.conftest import World
from tests.standards.fixtures.record_files import (
    CALL_HEADER,
    SERVICE_A,
    call_line,
    counts,
    csv_text,
    errors,
    failure,
    import_calls,
    jsonl_text,
    places,
    summary,
    write,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def three_calls() -> list[str]:
    return [
        call_line("c-1", transaction_id="T-100"),
        call_line(
            "c-2",
            channel="",
            offered_at="2025-01-06T14:30:05Z",
            outcome="abandoned",
            wait_seconds="95",
            handle_seconds="",
        ),
        call_line("c-3", channel="live_chat", offered_at="2025-01-07T08:00:00.250+01:00"),
    ]


def test_a_good_csv_file_is_stored_exactly(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, three_calls()))
    outcome = import_calls(world.a.organization, path, user=world.admin_a)
    assert counts(outcome) == (3, 3, 0, 0)
    first, abandoned, chat = CallRecord.objects.order_by("external_id")
    assert first.organization == world.a.organization
    assert first.service == world.a.service
    assert first.offered_at == dt.datetime(2025, 1, 6, 14, 0, tzinfo=UTC)
    assert (first.outcome, first.wait_seconds, first.handle_seconds) == ("answered", 30, 240)
    assert first.transaction_id == "T-100"
    assert abandoned.channel == "phone"  # a blank channel is a phone call
    assert (abandoned.outcome, abandoned.handle_seconds) == ("abandoned", None)
    assert chat.offered_at == dt.datetime(2025, 1, 7, 7, 0, 0, 250_000, tzinfo=UTC)
    record = summary(outcome).record_import
    assert (record.kind, record.source_name, record.user) == ("calls", "calls.csv", world.admin_a)
    assert record.organization == world.a.organization


def test_json_lines_and_a_json_array_store_the_same_calls(world: World, tmp_path: Path) -> None:
    call = {
        "external_id": "j-1",
        "service": str(world.a.service.public_id),
        "offered_at": "2025-01-06T09:00:00-05:00",
        "outcome": "answered",
        "wait_seconds": 12,
        "handle_seconds": None,
    }
    jsonl = write(tmp_path, "calls.jsonl", jsonl_text([call]))
    assert counts(import_calls(world.a.organization, jsonl)) == (1, 1, 0, 0)
    stored = CallRecord.objects.get()
    assert (stored.channel, stored.wait_seconds, stored.handle_seconds) == ("phone", 12, None)
    array = write(tmp_path, "calls.json", f"[{jsonl_text([call]).strip()}]")
    assert counts(import_calls(world.a.organization, array)) == (1, 0, 0, 1)


def test_importing_the_same_file_again_changes_nothing(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, three_calls()))
    import_calls(world.a.organization, path)
    before = dict(CallRecord.objects.values_list("external_id", "imported_at"))
    outcome = import_calls(world.a.organization, path)
    assert counts(outcome) == (3, 0, 0, 3)
    assert dict(CallRecord.objects.values_list("external_id", "imported_at")) == before
    assert CallRecord.objects.count() == 3
    assert RecordImport.objects.count() == 2


def test_a_changed_row_updates_its_call_and_only_that_one(world: World, tmp_path: Path) -> None:
    import_calls(
        world.a.organization, write(tmp_path, "a.csv", csv_text(CALL_HEADER, three_calls()))
    )
    before = dict(CallRecord.objects.values_list("external_id", "imported_at"))
    changed = three_calls()
    changed[0] = call_line("c-1", wait_seconds="31", transaction_id="T-100")
    outcome = import_calls(
        world.a.organization, write(tmp_path, "b.csv", csv_text(CALL_HEADER, changed))
    )
    assert counts(outcome) == (3, 0, 1, 2)
    after = dict(CallRecord.objects.values_list("external_id", "imported_at"))
    assert after["c-1"] > before["c-1"]
    assert (after["c-2"], after["c-3"]) == (before["c-2"], before["c-3"])
    assert CallRecord.objects.get(external_id="c-1").wait_seconds == 31


def test_the_same_instant_written_another_way_is_unchanged(world: World, tmp_path: Path) -> None:
    import_calls(
        world.a.organization, write(tmp_path, "a.csv", csv_text(CALL_HEADER, [call_line()]))
    )
    again = call_line(offered_at="2025-01-06T14:00:00Z", outcome="ANSWERED")
    outcome = import_calls(
        world.a.organization, write(tmp_path, "b.csv", csv_text(CALL_HEADER, [again]))
    )
    assert counts(outcome) == (1, 0, 0, 1)


def test_a_wrong_header_is_one_error_and_nothing_is_stored(world: World, tmp_path: Path) -> None:
    header = CALL_HEADER.replace("wait_seconds", "queue_seconds")
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(header, [call_line()]))
    )
    [error] = errors(outcome)
    assert (error.line, error.column) == (1, None)
    assert f"must be exactly {CALL_HEADER}" in error.message
    assert "missing: wait_seconds; not expected: queue_seconds" in error.message
    assert not CallRecord.objects.exists()
    assert not RecordImport.objects.exists()


def test_a_bad_date_on_line_9000_of_10000_stores_nothing(world: World, tmp_path: Path) -> None:
    lines = [call_line(f"c-{line}") for line in range(2, 10_001)]
    lines[9000 - 2] = call_line("c-9000", offered_at="2025-02-30T09:00:00Z")
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    outcome = import_calls(world.a.organization, path)
    [error] = errors(outcome)
    assert (error.line, error.column) == (9000, "offered_at")
    assert "“2025-02-30T09:00:00Z” is not an ISO 8601 date and time" in error.message
    assert not CallRecord.objects.exists()
    assert not RecordImport.objects.exists()


def test_latin_1_text_is_refused_with_its_line(world: World, tmp_path: Path) -> None:
    text = csv_text(CALL_HEADER, [call_line("c-1"), call_line("c-2", transaction_id="José")])
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", text.encode("latin-1"))
    )
    [error] = errors(outcome)
    assert error.line == 3
    assert "not UTF-8" in error.message
    assert not CallRecord.objects.exists()


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted(world: World, tmp_path: Path) -> None:
    text = "\r\n".join([CALL_HEADER, call_line("c-1"), call_line("c-2", transaction_id="José")])
    path = write(tmp_path, "calls.csv", "\ufeff".encode() + (text + "\r\n").encode())
    assert counts(import_calls(world.a.organization, path)) == (2, 2, 0, 0)
    assert CallRecord.objects.get(external_id="c-2").transaction_id == "José"


def test_an_external_id_used_twice_names_both_lines(world: World, tmp_path: Path) -> None:
    lines = [
        call_line("c-1"),
        call_line("c-2"),
        call_line("c-1", wait_seconds="50"),
        call_line("c-2"),
    ]
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    )
    assert [(e.line, e.column, e.message) for e in errors(outcome)] == [
        (4, "external_id", "Also on line 2."),
        (5, "external_id", "Also on line 3."),
    ]
    assert not CallRecord.objects.exists()


def test_an_external_id_repeated_in_a_later_batch_is_found(world: World, tmp_path: Path) -> None:
    lines = [call_line(f"c-{number}") for number in range(6_000)] + [call_line("c-7")]
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    )
    assert [(e.line, e.message) for e in errors(outcome)] == [(6002, "Also on line 9.")]
    assert not CallRecord.objects.exists()


def test_a_time_without_an_offset_is_refused(world: World, tmp_path: Path) -> None:
    lines = [call_line(offered_at="2025-01-06T09:00:00"), call_line("c-2", offered_at="2025-01-06")]
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    )
    first, second = errors(outcome)
    assert (first.line, first.column) == (2, "offered_at")
    assert "has no UTC offset; add Z or an offset such as -05:00" in first.message
    assert "is a date without a time" in second.message


def test_every_bad_value_of_a_row_is_reported(world: World, tmp_path: Path) -> None:
    line = call_line(
        "",
        service="Nope",
        channel="pigeon",
        offered_at="",
        outcome="hung up",
        wait_seconds="-1",
        handle_seconds="2.5",
        transaction_id="t" * 101,
    )
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, [line]))
    )
    assert places(outcome) == [
        (2, "external_id"),
        (2, "service"),
        (2, "channel"),
        (2, "offered_at"),
        (2, "outcome"),
        (2, "wait_seconds"),
        (2, "handle_seconds"),
        (2, "transaction_id"),
    ]
    messages = [error.message for error in errors(outcome)]
    assert "“pigeon” is not one of computer, mobile, email" in messages[2]
    assert messages[5] == "“-1” is negative; give 0 or more seconds."
    assert messages[6] == "“2.5” is not a whole number of seconds."


def test_an_abandoned_call_has_no_handle_time(world: World, tmp_path: Path) -> None:
    line = call_line(outcome="abandoned", handle_seconds="30")
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, [line]))
    )
    assert [(e.column, e.message) for e in errors(outcome)] == [
        ("handle_seconds", "Leave this blank for an abandoned call.")
    ]


def test_another_agencys_service_is_unknown_by_name_and_by_id(world: World, tmp_path: Path) -> None:
    lines = [
        call_line("c-1", service=world.b.service.name),
        call_line("c-2", service=str(world.b.service.public_id)),
    ]
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    )
    assert places(outcome) == [(2, "service"), (3, "service")]
    assert errors(outcome)[0].message.startswith(f"Unknown service “{world.b.service.name}”")
    assert not CallRecord.objects.exists()


def test_services_are_matched_by_exact_name_within_the_organization(
    world: World, tmp_path: Path
) -> None:
    other = service_create(
        organization=world.a.organization, name="Passport renewals", kind="other", channels=[]
    )
    lines = [
        call_line("c-1", service="Passport renewals"),
        call_line("c-2", service=SERVICE_A.upper()),
    ]
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    )
    assert places(outcome) == [(3, "service")]
    lines[1] = call_line("c-2")
    import_calls(world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines)))
    assert CallRecord.objects.get(external_id="c-1").service == other


def test_the_same_external_id_in_two_agencies_is_two_calls(world: World, tmp_path: Path) -> None:
    import_calls(
        world.a.organization, write(tmp_path, "a.csv", csv_text(CALL_HEADER, [call_line("c-1")]))
    )
    b_line = call_line("c-1", service=world.b.service.name, wait_seconds="99")
    outcome = import_calls(
        world.b.organization, write(tmp_path, "b.csv", csv_text(CALL_HEADER, [b_line]))
    )
    assert counts(outcome) == (1, 1, 0, 0)
    assert CallRecord.objects.get(organization=world.a.organization).wait_seconds == 30
    assert CallRecord.objects.get(organization=world.b.organization).wait_seconds == 99


def test_the_report_shows_a_hundred_errors_and_counts_the_rest(
    world: World, tmp_path: Path
) -> None:
    lines = [call_line(f"c-{number}", wait_seconds="soon") for number in range(250)]
    outcome = import_calls(
        world.a.organization, write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    )
    assert len(errors(outcome)) == 100
    assert failure(outcome).error_count == 250
    assert [error.line for error in errors(outcome)] == list(range(2, 102))


def test_a_header_only_file_imports_nothing_and_says_so(world: World, tmp_path: Path) -> None:
    outcome = import_calls(world.a.organization, write(tmp_path, "calls.csv", CALL_HEADER + "\n"))
    assert counts(outcome) == (0, 0, 0, 0)


def test_a_file_pasted_twice_reports_every_repeat_by_count(world: World, tmp_path: Path) -> None:
    lines = [call_line(f"c-{number}") for number in range(300)]
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines + lines))
    outcome = import_calls(world.a.organization, path)
    assert failure(outcome).error_count == 300
    shown = errors(outcome)
    assert len(shown) == 100
    assert (shown[0].line, shown[0].message) == (302, "Also on line 2.")
    assert (shown[-1].line, shown[-1].message) == (401, "Also on line 101.")
    assert not CallRecord.objects.exists()
