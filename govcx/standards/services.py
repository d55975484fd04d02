"""Every write of operational records. An import is one transaction: all of it or none of it.

Rows are validated while the file streams by and written a batch at a time inside the
transaction; when any row was wrong, the transaction is rolled back at the end, so a file
never half-arrives. Rows are matched on (organization, external_id): a row equal to the stored
one is left alone (its `imported_at` too), a different one replaces it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from django.db import connection, models, transaction

from govcx.registry.models import Organization, User
from govcx.standards.imports.batches import BATCH_ROWS, batched, valid_rows
from govcx.standards.imports.calls import CALL_LAYOUT, CALL_STORED_FIELDS, CallRow, call_row
from govcx.standards.imports.cases import (
    CASE_LAYOUT,
    CASE_STORED_FIELDS,
    STATUS_CHANGE_LAYOUT,
    CaseHistory,
    CaseRow,
    History,
    consecutive_histories,
    history_errors,
    status_file_row,
)
from govcx.standards.imports.cases import case_row as case_row_rule
from govcx.standards.imports.fields import ServiceDirectory
from govcx.standards.imports.formats import DataFormat, Record, read_records
from govcx.standards.imports.ledger import KeyLedger, key_ledger
from govcx.standards.imports.problems import (
    REPORTED_ERRORS,
    ErrorLog,
    ErrorSink,
    ImportAbortedError,
    RowError,
)
from govcx.standards.imports.text import ProgressCallback, Readable
from govcx.standards.models import CallRecord, CaseRecord, CaseStatusChange, RecordImport

# SQLite allows 999 parameters in a query on older builds; look rows up in slices below that.
LOOKUP_SLICE = 900
# Any fixed number: with the organization's id it names the PostgreSQL lock on its imports.
IMPORT_LOCK_NAMESPACE = 280_100
SOURCE_NAME_LENGTH = 300

Stored = TypeVar("Stored", CallRecord, CaseRecord)
RowT = TypeVar("RowT", CallRow, CaseRow)
StoredRows = dict[str, tuple[int, tuple[Any, ...]]]
ChangeKey = tuple[str, dt.datetime]


@dataclass(frozen=True)
class ImportSummary:
    record_import: RecordImport
    status_changes_added: int = 0
    status_changes_removed: int = 0


@dataclass(frozen=True)
class ImportFailure:
    """Nothing was stored. `errors` are the first problems in line order, of `error_count`."""

    errors: list[RowError]
    error_count: int


ImportOutcome = ImportSummary | ImportFailure


@dataclass
class _Tally:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes_added: int = 0
    status_changes_removed: int = 0


Loader = Callable[[_Tally, ErrorLog], None]


def call_records_import(
    *,
    organization: Organization,
    source: Readable,
    data_format: DataFormat,
    source_name: str,
    user: User | None = None,
    on_progress: ProgressCallback | None = None,
) -> ImportOutcome:
    """Import a calls file into `organization`: every row, or nothing and the errors."""

    def load(tally: _Tally, errors: ErrorLog) -> None:
        rule = partial(call_row, services=ServiceDirectory(organization))
        records = read_records(source, data_format, CALL_LAYOUT, on_progress)
        with key_ledger() as ledger:
            rows = valid_rows(records, rule, errors, on_record=partial(_note_external_id, ledger))
            for batch in batched(rows):
                _calls_upsert(organization, batch, tally)
            _report_repeats(ledger, errors, _also_on_line)

    return _import_atomically(organization, "calls", source_name, user, load)


def case_records_import(
    *,
    organization: Organization,
    source: Readable,
    data_format: DataFormat,
    source_name: str,
    status_changes: Readable | None = None,
    status_changes_name: str = "status changes",
    user: User | None = None,
    on_progress: ProgressCallback | None = None,
) -> ImportOutcome:
    """Import a cases file into `organization`, with a CSV file of their status changes if
    given (JSON records carry theirs inline instead): every row, or nothing and the errors."""
    if status_changes is not None and data_format is not DataFormat.CSV:
        raise ValueError("A separate status changes file goes with a CSV cases file only.")

    def load(tally: _Tally, errors: ErrorLog) -> None:
        rule = partial(case_row_rule, services=ServiceDirectory(organization))
        records = read_records(source, data_format, CASE_LAYOUT, on_progress)
        with key_ledger() as ledger:
            rows = valid_rows(records, rule, errors, on_record=partial(_note_external_id, ledger))
            for batch in batched(rows):
                _cases_upsert(organization, batch, tally)
            _report_repeats(ledger, errors, _also_on_line)
        if status_changes is not None:
            file_errors = _FileErrors(errors, status_changes_name)
            _load_status_file(organization, status_changes, file_errors, tally, on_progress)

    return _import_atomically(organization, "cases", source_name, user, load)


def _import_atomically(
    organization: Organization,
    kind: str,
    source_name: str,
    user: User | None,
    load: Loader,
) -> ImportOutcome:
    with transaction.atomic():
        _lock_imports_of(organization)
        tally, errors = _Tally(), ErrorLog()
        try:
            load(tally, errors)
        except ImportAbortedError as aborted:
            errors.add(aborted.error)
        if errors:
            transaction.set_rollback(True)
            return ImportFailure(errors=errors.shown, error_count=errors.count)
        record = RecordImport.objects.create(
            organization=organization,
            kind=kind,
            source_name=source_name[:SOURCE_NAME_LENGTH],
            rows=tally.rows,
            created=tally.created,
            updated=tally.updated,
            unchanged=tally.unchanged,
            user=user,
        )
        return ImportSummary(record, tally.status_changes_added, tally.status_changes_removed)


def _lock_imports_of(organization: Organization) -> None:
    """One import at a time per organization, so each one's counts are exact. PostgreSQL
    needs the lock; SQLite runs one write transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [IMPORT_LOCK_NAMESPACE, organization.pk % 2**31],
            )


def _note_external_id(ledger: KeyLedger, record: Record) -> None:
    """Every record's external_id, valid row or not, so a repeat is reported either way."""
    external_id = record.cells.get("external_id", "").strip()
    if external_id:
        ledger.add(external_id, record.line)


def _also_on_line(first_line: int) -> str:
    return f"Also on line {first_line}."


def _report_repeats(ledger: KeyLedger, errors: ErrorSink, message: Callable[[int], str]) -> None:
    repeats = ledger.repeats(REPORTED_ERRORS)
    earliest = [RowError(line, "external_id", message(first)) for line, first in repeats.earliest]
    errors.merge_sorted(earliest, repeats.count)


# Writing calls and cases -------------------------------------------------------------------


def _calls_upsert(organization: Organization, batch: list[CallRow], tally: _Tally) -> None:
    stored = _stored_rows(CallRecord, organization, batch, CALL_STORED_FIELDS)
    changed = _tally_changes(batch, stored, tally)
    records = [_call_record(organization, row) for row in changed]
    _upsert(CallRecord, records, CALL_STORED_FIELDS)


def _call_record(organization: Organization, row: CallRow) -> CallRecord:
    return CallRecord(
        organization=organization,
        external_id=row.external_id,
        service_id=row.service_id,
        channel=row.channel,
        offered_at=row.offered_at,
        outcome=row.outcome,
        wait_seconds=row.wait_seconds,
        handle_seconds=row.handle_seconds,
        transaction_id=row.transaction_id,
    )


def _cases_upsert(organization: Organization, batch: list[CaseRow], tally: _Tally) -> None:
    stored = _stored_rows(CaseRecord, organization, batch, CASE_STORED_FIELDS)
    changed = _tally_changes(batch, stored, tally)
    _upsert(CaseRecord, [_case_record(organization, row) for row in changed], CASE_STORED_FIELDS)
    histories = {
        row.external_id: row.status_changes for row in batch if row.status_changes is not None
    }
    if histories:
        case_ids = _case_ids(organization, histories)
        wanted = {case_ids[external_id]: history for external_id, history in histories.items()}
        _histories_replace(wanted, tally)


def _case_record(organization: Organization, row: CaseRow) -> CaseRecord:
    return CaseRecord(
        organization=organization,
        external_id=row.external_id,
        service_id=row.service_id,
        channel=row.channel,
        received_at=row.received_at,
        first_response_at=row.first_response_at,
        resolved_at=row.resolved_at,
        status=row.status,
        transaction_id=row.transaction_id,
    )


def _stored_rows(
    model: type[Stored],
    organization: Organization,
    batch: Sequence[CallRow] | Sequence[CaseRow],
    fields: tuple[str, ...],
) -> StoredRows:
    """The stored values of the batch's rows that exist already, by external_id."""
    external_ids = [row.external_id for row in batch]
    found = _by_external_id(model, organization, external_ids, ("id", *fields))
    return {external_id: (pk, tuple(values)) for external_id, pk, *values in found}


def _by_external_id(
    model: type[Stored],
    organization: Organization,
    external_ids: list[str],
    fields: tuple[str, ...],
) -> Iterator[tuple[Any, ...]]:
    """(external_id, *fields) of the organization's records among `external_ids`."""
    if connection.vendor == "postgresql":
        yield from _probe_by_external_id(model, organization, external_ids, fields)
        return
    for ids in _slices(external_ids):
        query = model._default_manager.filter(organization=organization, external_id__in=ids)
        yield from query.values_list("external_id", *fields)


# PostgreSQL looks each ID up in the unique (organization, external_id) index. Given an IN
# list instead, its planner trusts statistics that a large first import makes stale (its rows
# are not committed yet) and reads every record of the organization for every batch.
PROBE = """
    SELECT {columns} FROM unnest(%s::text[]) AS wanted(external_id)
    CROSS JOIN LATERAL (
        SELECT * FROM {table} AS record
        WHERE record.{organization} = %s AND record.{external_id} = wanted.external_id
        LIMIT 1
    ) AS found
"""


def _probe_by_external_id(
    model: type[Stored],
    organization: Organization,
    external_ids: list[str],
    fields: tuple[str, ...],
) -> list[tuple[Any, ...]]:
    column = {name: _column(model, name) for name in ("organization", "external_id", *fields)}
    sql = PROBE.format(  # names from the model's own metadata; every value is a parameter
        columns=", ".join(f"found.{column[name]}" for name in ("external_id", *fields)),
        table=connection.ops.quote_name(model._meta.db_table),
        organization=column["organization"],
        external_id=column["external_id"],
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [external_ids, organization.pk])
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _column(model: type[Stored], name: str) -> str:
    field = model._meta.get_field(name)
    # A column of this table, not the reverse side of a relation.
    assert isinstance(field, models.Field), name
    assert field.column is not None, name
    return connection.ops.quote_name(field.column)


def _tally_changes(batch: Sequence[RowT], stored: StoredRows, tally: _Tally) -> list[RowT]:
    """The rows to write (new or different), counting each row as created, updated or
    unchanged. A repeated external_id keeps its last row; the repeat fails the import anyway."""
    changed: dict[str, RowT] = {}
    for row in batch:
        found = stored.get(row.external_id)
        if found is None:
            tally.created += 1
        elif found[1] == row.stored_values():
            tally.unchanged += 1
            continue
        else:
            tally.updated += 1
        changed[row.external_id] = row
    tally.rows += len(batch)
    return list(changed.values())


def _upsert(model: type[Stored], records: Sequence[Stored], fields: tuple[str, ...]) -> None:
    """Insert new rows and overwrite changed ones in one statement per slice; `imported_at`
    is set to now for exactly these rows."""
    if not records:
        return
    model._default_manager.bulk_create(
        records,
        update_conflicts=True,
        unique_fields=["organization", "external_id"],
        update_fields=[*fields, "imported_at"],
    )


def _case_ids(organization: Organization, external_ids: Iterable[str]) -> dict[str, int]:
    found = _by_external_id(CaseRecord, organization, list(external_ids), ("id",))
    return dict(found)


# Status changes ----------------------------------------------------------------------------


def _histories_replace(histories: dict[int, History], tally: _Tally) -> None:
    """Make each case's stored status changes exactly the given ones, touching only the
    differences, so an unchanged history costs no writes."""
    stored = _stored_histories(histories.keys())
    removed: list[int] = []
    added: list[CaseStatusChange] = []
    for case_id, history in histories.items():
        wanted = {(change.status, change.changed_at) for change in history}
        have = stored.get(case_id, {})
        removed += [pk for key, pk in have.items() if key not in wanted]
        added += [
            CaseStatusChange(case_id=case_id, status=status, changed_at=changed_at)
            for status, changed_at in wanted - have.keys()
        ]
    for pks in _slices(removed):
        CaseStatusChange.objects.filter(pk__in=pks).delete()
    CaseStatusChange.objects.bulk_create(added)
    tally.status_changes_added += len(added)
    tally.status_changes_removed += len(removed)


def _stored_histories(case_ids: Iterable[int]) -> dict[int, dict[ChangeKey, int]]:
    stored: dict[int, dict[ChangeKey, int]] = defaultdict(dict)
    for ids in _slices(list(case_ids)):
        query = CaseStatusChange.objects.filter(case_id__in=ids)
        for pk, case_id, status, changed_at in query.values_list(
            "pk", "case_id", "status", "changed_at"
        ):
            stored[case_id][(status, changed_at)] = pk
    return stored


@dataclass
class _FileErrors:
    """Errors of the second file of an import, marked with its name."""

    log: ErrorLog
    name: str

    def add(self, error: RowError) -> None:
        self.log.add(dataclasses.replace(error, file=self.name))

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error)

    def merge_sorted(self, earliest: list[RowError], count: int) -> None:
        marked = [dataclasses.replace(error, file=self.name) for error in earliest]
        self.log.merge_sorted(marked, count)


def _load_status_file(
    organization: Organization,
    source: Readable,
    errors: _FileErrors,
    tally: _Tally,
    on_progress: ProgressCallback | None,
) -> None:
    """`external_id,status,changed_at`, a case's rows on consecutive lines; each case must be
    in the cases file or already stored."""
    try:
        records = read_records(source, DataFormat.CSV, STATUS_CHANGE_LAYOUT, on_progress)
        rows = valid_rows(records, status_file_row, errors)
        with key_ledger() as cases_seen:
            for batch in _history_batches(consecutive_histories(rows)):
                for history in batch:
                    cases_seen.add(history.external_id, history.line)
                _status_histories_write(organization, batch, errors, tally)
            _report_repeats(cases_seen, errors, _history_split)
    except ImportAbortedError as aborted:
        errors.add(aborted.error)


def _history_split(first_line: int) -> str:
    return (
        "A case's status changes must be on consecutive lines; this case's also start on "
        f"line {first_line}."
    )


def _history_batches(histories: Iterable[CaseHistory]) -> Iterator[list[CaseHistory]]:
    batch: list[CaseHistory] = []
    changes = 0
    for history in histories:
        batch.append(history)
        changes += len(history.changes)
        if changes >= BATCH_ROWS:
            yield batch
            batch, changes = [], 0
    if batch:
        yield batch


def _status_histories_write(
    organization: Organization, batch: list[CaseHistory], errors: _FileErrors, tally: _Tally
) -> None:
    cases = _case_times(organization, [history.external_id for history in batch])
    wanted: dict[int, History] = {}
    for history in batch:
        case = cases.get(history.external_id)
        if case is None:
            errors.add(
                RowError(
                    history.line,
                    "external_id",
                    "No case has this external_id, in the cases file or already imported.",
                )
            )
            continue
        case_id, received_at, resolved_at = case
        problems = history_errors(history.changes, received_at, resolved_at)
        if problems:
            errors.extend(problems)
        else:
            wanted[case_id] = history.changes
    _histories_replace(wanted, tally)


def _case_times(
    organization: Organization, external_ids: list[str]
) -> dict[str, tuple[int, dt.datetime, dt.datetime | None]]:
    fields = ("id", "received_at", "resolved_at")
    found = _by_external_id(CaseRecord, organization, external_ids, fields)
    return {external_id: (pk, received, resolved) for external_id, pk, received, resolved in found}


T = TypeVar("T")


def _slices(items: list[T]) -> Iterator[list[T]]:
    for start in range(0, len(items), LOOKUP_SLICE):
        yield items[start : start + LOOKUP_SLICE]
