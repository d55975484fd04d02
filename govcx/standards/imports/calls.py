"""Calls offered to a contact center: the file's layout and the rules for one row."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from govcx.lib.a11 import CHANNELS
from govcx.standards.imports.fields import (
    FieldReader,
    ServiceDirectory,
    identifier,
    instant,
    one_of,
    optional_identifier,
    optional_seconds,
    seconds,
)
from govcx.standards.imports.formats import Layout, Record
from govcx.standards.imports.problems import RowError
from govcx.standards.models import CallOutcome

CALL_LAYOUT = Layout(
    columns=(
        "external_id",
        "service",
        "channel",
        "offered_at",
        "outcome",
        "wait_seconds",
        "handle_seconds",
        "transaction_id",
    )
)
DEFAULT_CHANNEL = "phone"
CHANNEL = one_of(CHANNELS, default=DEFAULT_CHANNEL)
OUTCOME = one_of(CallOutcome.values)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class CallRow(NamedTuple):
    """A valid call, as stored. A tuple, because a batch of thousands is held at a time."""

    line: int
    external_id: str
    service_id: int
    channel: str
    offered_at: dt.datetime
    outcome: str
    wait_seconds: int
    handle_seconds: int | None
    transaction_id: str

    def stored_values(self) -> tuple[object, ...]:
        """The values compared with the stored call, in `CALL_STORED_FIELDS` order."""
        return (
            self.service_id,
            self.channel,
            self.offered_at,
            self.outcome,
            self.wait_seconds,
            self.handle_seconds,
            self.transaction_id,
        )


CALL_STORED_FIELDS = (
    "service_id",
    "channel",
    "offered_at",
    "outcome",
    "wait_seconds",
    "handle_seconds",
    "transaction_id",
)


def call_row(record: Record, services: ServiceDirectory) -> CallRow | list[RowError]:
    fields = FieldReader(record)
    row = CallRow(
        line=record.line,
        external_id=fields.get("external_id", identifier, ""),
        service_id=fields.get("service", services.resolve, 0),
        channel=fields.get("channel", CHANNEL, ""),
        offered_at=fields.get("offered_at", instant, EPOCH),
        outcome=fields.get("outcome", OUTCOME, ""),
        wait_seconds=fields.get("wait_seconds", seconds, 0),
        handle_seconds=fields.get("handle_seconds", optional_seconds, None),
        transaction_id=fields.get("transaction_id", optional_identifier, ""),
    )
    _check_handle_time(fields, row)
    return fields.errors or row


def _check_handle_time(fields: FieldReader, row: CallRow) -> None:
    """An abandoned call was never handled, so a handle time for it is a mistake in the export."""
    if not fields.ok("outcome", "handle_seconds"):
        return
    if row.outcome == CallOutcome.ABANDONED and row.handle_seconds is not None:
        fields.problem("handle_seconds", "Leave this blank for an abandoned call.")
