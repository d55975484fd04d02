"""Cases (emails, applications, tickets) and their status changes: layouts and row rules.

A case's status changes are its whole history: when a file gives them for a case, they
replace what was stored for it; when it gives none, the stored history is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from govcx.lib.a11 import CHANNELS
from govcx.standards.imports.fields import (
    FieldReader,
    ServiceDirectory,
    identifier,
    instant,
    one_of,
    optional_identifier,
    optional_instant,
)
from govcx.standards.imports.formats import JsonObject, Layout, Record, cell_text
from govcx.standards.imports.problems import RowError
from govcx.standards.models import CaseStatus

CASE_LAYOUT = Layout(
    columns=(
        "external_id",
        "service",
        "channel",
        "received_at",
        "first_response_at",
        "resolved_at",
        "status",
        "transaction_id",
    ),
    list_fields=("status_changes",),
)
STATUS_CHANGE_LAYOUT = Layout(columns=("external_id", "status", "changed_at"))
INLINE_CHANGE_FIELDS = ("status", "at")
CHANNEL = one_of(CHANNELS)
STATUS = one_of(CaseStatus.values)
STATUS_OR_BLANK = one_of(CaseStatus.values, default="")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class StatusChangeRow(NamedTuple):
    line: int
    status: str
    changed_at: dt.datetime
    at_column: str  # where the time was given, for messages: changed_at or status_changes[2].at


History = tuple[StatusChangeRow, ...]


class CaseRow(NamedTuple):
    """A valid case, as stored; `status_changes` is None when the file gives no history."""

    line: int
    external_id: str
    service_id: int
    channel: str
    received_at: dt.datetime
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    status: str
    transaction_id: str
    status_changes: History | None

    def stored_values(self) -> tuple[object, ...]:
        """The values compared with the stored case, in `CASE_STORED_FIELDS` order."""
        return (
            self.service_id,
            self.channel,
            self.received_at,
            self.first_response_at,
            self.resolved_at,
            self.status,
            self.transaction_id,
        )


CASE_STORED_FIELDS = (
    "service_id",
    "channel",
    "received_at",
    "first_response_at",
    "resolved_at",
    "status",
    "transaction_id",
)


def case_row(record: Record, services: ServiceDirectory) -> CaseRow | list[RowError]:
    fields = FieldReader(record)
    resolved_at = fields.get("resolved_at", optional_instant, None)
    given_status = fields.get("status", STATUS_OR_BLANK, "")
    row = CaseRow(
        line=record.line,
        external_id=fields.get("external_id", identifier, ""),
        service_id=fields.get("service", services.resolve, 0),
        channel=fields.get("channel", CHANNEL, ""),
        received_at=fields.get("received_at", instant, EPOCH),
        first_response_at=fields.get("first_response_at", optional_instant, None),
        resolved_at=resolved_at,
        status=given_status or _status_from(resolved_at),
        transaction_id=fields.get("transaction_id", optional_identifier, ""),
        status_changes=_inline_history(fields, record.lists.get("status_changes")),
    )
    _check_order(fields, row)
    if given_status:
        _check_status(fields, row)
    if row.status_changes is not None and fields.ok("received_at", "resolved_at"):
        fields.errors += history_errors(row.status_changes, row.received_at, row.resolved_at)
    return fields.errors or row


def _status_from(resolved_at: dt.datetime | None) -> str:
    """A blank status: resolved when the case has a resolution time, open otherwise."""
    return CaseStatus.RESOLVED if resolved_at is not None else CaseStatus.OPEN


def _check_order(fields: FieldReader, row: CaseRow) -> None:
    if fields.ok("received_at", "first_response_at") and _before(
        row.first_response_at, row.received_at
    ):
        fields.problem("first_response_at", "The first response is before the case was received.")
    if fields.ok("received_at", "resolved_at") and _before(row.resolved_at, row.received_at):
        fields.problem("resolved_at", "The case is resolved before it was received.")
    if fields.ok("first_response_at", "resolved_at") and _before(
        row.resolved_at, row.first_response_at
    ):
        fields.problem("first_response_at", "The first response is after the case was resolved.")


def _before(later: dt.datetime | None, earlier: dt.datetime | None) -> bool:
    return later is not None and earlier is not None and later < earlier


def _check_status(fields: FieldReader, row: CaseRow) -> None:
    """A case is resolved exactly when it has a resolution time."""
    if not fields.ok("status", "resolved_at"):
        return
    if row.status == CaseStatus.RESOLVED and row.resolved_at is None:
        fields.problem("resolved_at", "Required when the status is resolved.")
    if row.status != CaseStatus.RESOLVED and row.resolved_at is not None:
        fields.problem("status", f"A case with a resolved_at time is resolved, not {row.status}.")


def _inline_history(fields: FieldReader, given: list[Any] | None) -> History | None:
    """`status_changes` of a JSON record: [{"status": "waiting_on_customer", "at": "…"}, …]."""
    if given is None or not isinstance(given, list):
        return None  # absent, or not a list, which the format has already reported
    changes = (
        _inline_change(fields, f"status_changes[{index}]", item) for index, item in enumerate(given)
    )
    return tuple(change for change in changes if change is not None)


def _inline_change(fields: FieldReader, name: str, item: object) -> StatusChangeRow | None:
    if not isinstance(item, JsonObject):
        fields.problem(name, 'Give an object such as {"status": "waiting_on_customer", "at": "…"}.')
        return None
    errors_before = len(fields.errors)
    for key in item.repeated:
        fields.problem(f"{name}.{key}", "This field is given twice.")
    for key in item.keys() - set(INLINE_CHANGE_FIELDS):
        fields.problem(f"{name}.{key}", "Unknown field; a status change has status and at.")
    status = fields.read(f"{name}.status", _text(item, "status"), STATUS, "")
    changed_at = fields.read(f"{name}.at", _text(item, "at"), instant, EPOCH)
    if len(fields.errors) > errors_before:
        return None
    return StatusChangeRow(fields.record.line, status, changed_at, f"{name}.at")


def _text(item: JsonObject, key: str) -> str:
    """The value as text; a list or true/false becomes text the rule will refuse."""
    text = cell_text(item.get(key))
    return text if text is not None else repr(item.get(key))


def history_errors(
    changes: Sequence[StatusChangeRow],
    received_at: dt.datetime,
    resolved_at: dt.datetime | None,
) -> list[RowError]:
    """A case's status changes fall between its receipt and its resolution, each once."""
    errors: list[RowError] = []
    seen: dict[tuple[str, dt.datetime], StatusChangeRow] = {}
    for change in changes:
        if change.changed_at < received_at:
            errors.append(_change_error(change, "This change is before the case was received."))
        elif resolved_at is not None and change.changed_at > resolved_at:
            errors.append(_change_error(change, "This change is after the case was resolved."))
        earlier = seen.setdefault((change.status, change.changed_at), change)
        if earlier is not change:
            errors.append(
                _change_error(
                    change,
                    f"The same status at the same time is already given "
                    f"({earlier.at_column} on line {earlier.line}).",
                )
            )
    return errors


def _change_error(change: StatusChangeRow, message: str) -> RowError:
    return RowError(change.line, change.at_column, message)


# The separate CSV file of status changes: external_id,status,changed_at ---------------------


class StatusFileRow(NamedTuple):
    external_id: str
    change: StatusChangeRow


class CaseHistory(NamedTuple):
    """All the status changes a status file gives for one case, from consecutive lines."""

    external_id: str
    line: int  # the first
    changes: History


def status_file_row(record: Record) -> StatusFileRow | list[RowError]:
    fields = FieldReader(record)
    external_id = fields.get("external_id", identifier, "")
    status = fields.get("status", STATUS, "")
    changed_at = fields.get("changed_at", instant, EPOCH)
    if fields.errors:
        return fields.errors
    return StatusFileRow(
        external_id, StatusChangeRow(record.line, status, changed_at, "changed_at")
    )


def consecutive_histories(rows: Iterable[StatusFileRow]) -> Iterator[CaseHistory]:
    """Group consecutive rows of the same case; a case seen again later is a new group, which
    the caller reports, because a history must be complete before it replaces the stored one."""
    current: list[StatusChangeRow] = []
    external_id = ""
    for row in rows:
        if current and row.external_id != external_id:
            yield CaseHistory(external_id, current[0].line, tuple(current))
            current = []
        external_id = row.external_id
        current.append(row.change)
    if current:
        yield CaseHistory(external_id, current[0].line, tuple(current))
