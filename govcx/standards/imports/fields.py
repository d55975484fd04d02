"""One rule per kind of value, each returning the clean value or raising a plain message."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Collection
from typing import TypeVar

from govcx.registry.models import Organization, Service
from govcx.standards.imports.formats import Record
from govcx.standards.imports.problems import RowError

T = TypeVar("T")

MAX_ID_LENGTH = 100  # external_id and transaction_id columns
# The largest value a PositiveIntegerField holds on every supported database.
MAX_SECONDS = 2_147_483_647
EXAMPLE_TIME = "2025-01-31T14:05:00-05:00"
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
SHOWN_CHARACTERS = 40


class FieldProblemError(ValueError):
    """What is wrong with one value, in words a person fixing the file can act on."""


def shown(text: str) -> str:
    """The value quoted in a message, cut short so one bad cell cannot flood the report."""
    if len(text) > SHOWN_CHARACTERS:
        text = text[: SHOWN_CHARACTERS - 1] + "…"
    return f"“{text}”"


def identifier(text: str) -> str:
    if not text:
        raise FieldProblemError("Required.")
    return optional_identifier(text)


def optional_identifier(text: str) -> str:
    if len(text) > MAX_ID_LENGTH:
        raise FieldProblemError(f"At most {MAX_ID_LENGTH} characters; this has {len(text)}.")
    return text


def instant(text: str) -> dt.datetime:
    """An ISO 8601 date and time with its UTC offset, as a UTC datetime."""
    if not text:
        raise FieldProblemError(f"Required: a date and time such as {EXAMPLE_TIME}.")
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise FieldProblemError(
            f"{shown(text)} is not an ISO 8601 date and time such as {EXAMPLE_TIME}."
        ) from None
    if value.utcoffset() is None:
        raise FieldProblemError(_naive_message(text))
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise FieldProblemError(f"{shown(text)} is out of range.") from None


def _naive_message(text: str) -> str:
    if "T" not in text.upper() and " " not in text:
        return (
            f"{shown(text)} is a date without a time; give a date and time such as {EXAMPLE_TIME}."
        )
    # Without an offset the same clock time means different instants in different zones.
    return f"{shown(text)} has no UTC offset; add Z or an offset such as -05:00."


def optional_instant(text: str) -> dt.datetime | None:
    return instant(text) if text else None


def seconds(text: str) -> int:
    if not text:
        raise FieldProblemError("Required: a whole number of seconds, 0 or more.")
    if not WHOLE_NUMBER.fullmatch(text):
        raise FieldProblemError(f"{shown(text)} is not a whole number of seconds.")
    value = int(text)
    if value < 0:
        raise FieldProblemError(f"{shown(text)} is negative; give 0 or more seconds.")
    if value > MAX_SECONDS:
        raise FieldProblemError(f"{shown(text)} is more than {MAX_SECONDS:,} seconds.")
    return value


def optional_seconds(text: str) -> int | None:
    return seconds(text) if text else None


def one_of(choices: Collection[str], *, default: str | None = None) -> Callable[[str], str]:
    """A rule accepting one of `choices` in any letter case; blank gives `default` if any.
    Build it once, not per row: it is called for every value of a column."""
    allowed = frozenset(choices)
    listed = ", ".join(choices)

    def choose(text: str) -> str:
        if not text and default is not None:
            return default
        if not text:
            raise FieldProblemError(f"Required: one of {listed}.")
        value = text.lower()
        if value not in allowed:
            raise FieldProblemError(f"{shown(text)} is not one of {listed}.")
        return value

    return choose


class FieldReader:
    """Reads a record's cells through the rules, collecting every problem instead of stopping."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.errors: list[RowError] = []
        self._failed: set[str] = set()

    def get(self, column: str, rule: Callable[[str], T], fallback: T) -> T:
        """The clean value of a cell; on a problem, `fallback`, which is never stored: a row
        with errors is reported, not written."""
        return self.read(column, self.record.cells.get(column, ""), rule, fallback)

    def read(self, column: str, text: str, rule: Callable[[str], T], fallback: T) -> T:
        """The clean value of `text`, found in `column` of this record's line."""
        try:
            return rule(text.strip())
        except FieldProblemError as problem:
            self.problem(column, str(problem))
            self._failed.add(column)
            return fallback

    def ok(self, *columns: str) -> bool:
        """Whether these columns were read without a problem, so a rule across them can run."""
        return self._failed.isdisjoint(columns)

    def problem(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.record.line, column, message))


class ServiceDirectory:
    """One organization's services by exact name and by public id. Any other organization's
    service is unknown here, exactly like a service that does not exist."""

    def __init__(self, organization: Organization) -> None:
        services = Service.objects.filter(organization=organization)
        self._by_name: dict[str, int] = {}
        self._by_id: dict[str, int] = {}
        for pk, public_id, name in services.values_list("pk", "public_id", "name"):
            self._by_name[name] = pk
            self._by_id[str(public_id)] = pk

    def resolve(self, text: str) -> int:
        """The service's primary key."""
        if not text:
            raise FieldProblemError("Required: the service's name or id.")
        found = self._by_name.get(text) or self._by_id.get(_canonical_uuid(text))
        if found is None:
            raise FieldProblemError(
                f"Unknown service {shown(text)}: give the exact name or the id of one of "
                "this organization's services."
            )
        return found


def _canonical_uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return ""
