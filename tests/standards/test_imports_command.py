"""`govcx import-calls` and `govcx import-cases` as a person runs them: output and exit status."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import (
    CommandError,
    call_command,
    execute_from_command_line,
    get_commands,
)
from django.db import connections

from govcx.standards.models import CallRecord, CaseRecord, CaseStatusChange, RecordImport
from tests.conftest import World
from tests.standards.fixtures.record_files import (
    CALL_HEADER,
    CASE_HEADER,
    STATUS_HEADER,
    call_line,
    case_line,
    csv_text,
    jsonl_text,
    write,
)

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_commands_belong_to_standards() -> None:
    assert get_commands()["import-calls"] == "govcx.standards"
    assert get_commands()["import-cases"] == "govcx.standards"


def test_import_calls_prints_the_summary_and_shows_progress(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, [call_line("c-1"), call_line("c-2")]))
    out, err = run("import-calls", str(path), "--organization", "AGA")
    assert out == "Imported 2 calls from calls.csv into AGA: 2 created, 0 updated, 0 unchanged.\n"
    assert "100%" in err
    assert f"{path.stat().st_size}/{path.stat().st_size}" in err
    out, _ = run("import-calls", str(path), "--organization", "AGA")
    assert "0 created, 0 updated, 2 unchanged" in out
    assert CallRecord.objects.count() == 2


def test_errors_go_to_stderr_and_the_command_fails(world: World, tmp_path: Path) -> None:
    lines = [call_line("c-1", wait_seconds="x"), call_line("c-2", offered_at="2025-01-06T09:00:00")]
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    err = StringIO()
    with pytest.raises(CommandError, match=r"^Nothing was imported: 2 errors\.$"):
        call_command("import-calls", str(path), "--organization", "AGA", stderr=err)
    assert "line 2, wait_seconds: “x” is not a whole number of seconds.\n" in err.getvalue()
    assert "line 3, offered_at: “2025-01-06T09:00:00” has no UTC offset" in err.getvalue()
    assert not CallRecord.objects.exists()


def test_the_exit_status_is_non_zero_on_errors_and_zero_on_success(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A command run from the command line closes its connections when it ends; the test's
    # connection holds the test's transaction, so it has to stay open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    bad = write(tmp_path, "bad.csv", "id,when\n1,now\n")
    with pytest.raises(SystemExit) as exit_status:
        execute_from_command_line(["govcx", "import-calls", str(bad), "--organization", "AGA"])
    assert exit_status.value.code == 1
    captured = capsys.readouterr()
    assert "line 1: The header must be exactly" in captured.err
    assert "Nothing was imported: 1 error." in captured.err
    good = write(tmp_path, "good.csv", csv_text(CALL_HEADER, [call_line()]))
    execute_from_command_line(["govcx", "import-calls", str(good), "--organization", "AGA"])
    assert "1 created" in capsys.readouterr().out


def test_a_long_error_list_says_how_many_more(world: World, tmp_path: Path) -> None:
    lines = [call_line(f"c-{number}", outcome="maybe") for number in range(130)]
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, lines))
    err = StringIO()
    with pytest.raises(CommandError, match="130 errors"):
        call_command("import-calls", str(path), "--organization", "AGA", stderr=err)
    assert err.getvalue().count(", outcome: ") == 100
    assert "… and 30 more.\n" in err.getvalue()


def test_the_format_comes_from_the_extension_or_the_option(world: World, tmp_path: Path) -> None:
    call = {
        "external_id": "c-1",
        "service": "AGA benefit applications",
        "offered_at": "2025-01-06T09:00:00Z",
        "outcome": "abandoned",
        "wait_seconds": 3,
    }
    objects = [call]
    jsonl = write(tmp_path, "calls.ndjson", jsonl_text(objects))
    out, _ = run("import-calls", str(jsonl), "--organization", "AGA")
    assert "1 created" in out
    untyped = write(tmp_path, "calls.txt", jsonl_text(objects))
    with pytest.raises(CommandError, match=r"Cannot tell the format of calls\.txt"):
        run("import-calls", str(untyped), "--organization", "AGA")
    out, _ = run("import-calls", str(untyped), "--organization", "AGA", "--format", "jsonl")
    assert "1 unchanged" in out


def test_an_unknown_organization_or_file_is_a_clear_error(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, [call_line()]))
    with pytest.raises(CommandError, match="No organization has the abbreviation 'XYZ'"):
        run("import-calls", str(path), "--organization", "XYZ")
    with pytest.raises(CommandError, match="no such file"):
        run("import-calls", str(tmp_path / "missing.csv"), "--organization", "AGA")


def test_another_agencys_abbreviation_gets_that_agency_only(world: World, tmp_path: Path) -> None:
    """Agency B's records name B's service; A's service is unknown in B."""
    path = write(tmp_path, "calls.csv", csv_text(CALL_HEADER, [call_line()]))
    with pytest.raises(CommandError, match="1 error"):
        run("import-calls", str(path), "--organization", "AGB")
    assert not CallRecord.objects.exists()


def test_import_cases_with_a_status_changes_file(world: World, tmp_path: Path) -> None:
    cases = write(tmp_path, "cases.csv", csv_text(CASE_HEADER, [case_line("e-1")]))
    changes = write(
        tmp_path,
        "statuses.csv",
        csv_text(STATUS_HEADER, ["e-1,waiting_on_customer,2025-01-07T10:00:00Z"]),
    )
    out, err = run(
        "import-cases", str(cases), "--organization", "AGA", "--status-changes", str(changes)
    )
    assert out == (
        "Imported 1 cases from cases.csv into AGA: 1 created, 0 updated, 0 unchanged.\n"
        "Status changes: 1 added, 0 removed.\n"
    )
    assert "100%" in err
    assert CaseStatusChange.objects.get().case == CaseRecord.objects.get()
    assert RecordImport.objects.get().kind == "cases"


def test_import_cases_names_the_status_file_in_its_errors(world: World, tmp_path: Path) -> None:
    cases = write(tmp_path, "cases.csv", csv_text(CASE_HEADER, [case_line("e-1")]))
    changes = write(
        tmp_path, "statuses.csv", csv_text(STATUS_HEADER, ["e-1,gone,2025-01-07T10:00:00Z"])
    )
    err = StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command(
            "import-cases",
            str(cases),
            "--organization",
            "AGA",
            "--status-changes",
            str(changes),
            stderr=err,
        )
    assert "statuses.csv, line 2, status: “gone” is not one of" in err.getvalue()
    assert not CaseRecord.objects.exists()


def test_status_changes_file_needs_a_csv_cases_file(world: World, tmp_path: Path) -> None:
    cases = write(tmp_path, "cases.jsonl", "")
    changes = write(tmp_path, "statuses.csv", STATUS_HEADER + "\n")
    with pytest.raises(CommandError, match="goes with a CSV cases file"):
        run("import-cases", str(cases), "--organization", "AGA", "--status-changes", str(changes))
