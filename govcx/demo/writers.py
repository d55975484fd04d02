"""Writing a stream of generated responses to the database, fast, in bounded memory.

PostgreSQL gets one `COPY … FROM STDIN` in text format, fed in chunks of rows, through the
psycopg 3 cursor under Django's connection: it is several times faster than INSERTs and
needs no temporary files. Other databases (SQLite) get `bulk_create` in batches.
Both run inside the caller's transaction, so a failure leaves nothing half-written.

Generated comments pass through the redactor like every stored comment, with the
organization's patterns. They come from a fixed set of sentences, so each distinct comment
is redacted once and remembered.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db import connection
from django.db.models import Field

from govcx.demo.answers import Answers
from govcx.demo.generate import (
    Cell,
    GeneratedResponse,
    created_at,
    hour_start_text,
)
from govcx.demo.period import DemoPeriod
from govcx.lib.redaction import AgencyPattern, Redaction, redact
from govcx.registry.models import RedactionPattern
from govcx.registry.selectors import redaction_patterns_compiled
from govcx.responses.models import Response
from govcx.responses.redaction import Positions, free_text_keys

Progress = Callable[[int], None]
COPY_CHUNK_ROWS = 5_000
BULK_CREATE_ROWS = 2_000

# The columns COPY fills, in the order each line lists them.
COPY_FIELDS = (
    "uuid",
    "receipt_id",
    "organization",
    "service",
    "survey",
    "survey_version",
    "channel",
    "language",
    "created_at",
    "answers",
    "redactions",
    "page_url",
    "user_agent",
    "ip_address",
    "is_spam",
    "is_flagged",
    "is_deleted",
    "spam_score",
    "spam_signals",
)
NULL = "\\N"
SECOND_TEXT = [f"{second // 60:02d}:{second % 60:02d}+00" for second in range(3600)]
BOOLEAN_TEXT = {True: "t", False: "f"}
# Demo spam is link-laden text; the score and signal it would have been given on arrival.
DEMO_SPAM_SCORE = 80
DEMO_SPAM_SIGNALS = ["links"]
SPAM_TEXT = {
    True: f"{DEMO_SPAM_SCORE}\t{json.dumps(DEMO_SPAM_SIGNALS)}",
    False: "0\t[]",
}


# Distinct generated comments remembered with their redaction: sentences and pairs of them.
REDACTED_COMMENTS_REMEMBERED = 50_000


class CommentRedactor:
    """Redacts generated rows' free-text answers, each distinct comment once.

    Every organization's patterns are read when it is made: once COPY has begun, the
    connection can run no other query until it ends.
    """

    def __init__(self) -> None:
        with_patterns = RedactionPattern.objects.filter(active=True).values_list(
            "organization_id", flat=True
        )
        self._patterns: dict[int, tuple[AgencyPattern, ...]] = {
            organization_id: redaction_patterns_compiled(organization_id)
            for organization_id in set(with_patterns)
        }
        self._keys: dict[int, frozenset[str]] = {}
        self._redact = functools.lru_cache(maxsize=REDACTED_COMMENTS_REMEMBERED)(self._fresh)

    def _fresh(self, organization_id: int, language: str, text: str) -> Redaction:
        patterns = self._patterns.get(organization_id, ())
        return redact(text, language=language, patterns=patterns)

    def _free_text_keys(self, cell: Cell) -> frozenset[str]:
        keys = self._keys.get(id(cell.plan))
        if keys is None:
            keys = self._keys[id(cell.plan)] = free_text_keys(cell.plan.structure)
        return keys

    def apply(self, row: GeneratedResponse) -> tuple[Answers, dict[str, Positions]]:
        """The row's answers as stored, and where placeholders sit in them."""
        keys = self._free_text_keys(row.cell)
        changed: dict[str, str] = {}
        redactions: dict[str, Positions] = {}
        for key, value in row.answers.items():
            if key not in keys or not isinstance(value, str) or not value:
                continue
            redaction = self._redact(row.cell.plan.organization_id, row.language, value)
            if redaction.changed:
                changed[key] = redaction.text
                redactions[key] = redaction.stored_positions()
        return ({**row.answers, **changed} if changed else row.answers), redactions


def _batches(rows: Iterable[GeneratedResponse], size: int) -> Iterator[list[GeneratedResponse]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _column(name: str) -> str:
    field = Response._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise LookupError(f"Response has no column for “{name}”.")
    return field.column


def copy_statement() -> str:
    columns = ", ".join(connection.ops.quote_name(_column(name)) for name in COPY_FIELDS)
    table = connection.ops.quote_name(Response._meta.db_table)
    return f"COPY {table} ({columns}) FROM STDIN"


def _copy_text(value: str) -> str:
    """Escape a value for COPY's text format; JSON and URLs hold no tabs or newlines."""
    return value.replace("\\", "\\\\")


class CopyLines:
    """Formats generated responses as lines of COPY text."""

    def __init__(self, period: DemoPeriod) -> None:
        self.period = period
        self.redactor = CommentRedactor()
        self._cell_prefixes: dict[int, str] = {}
        self._hour_texts: dict[int, str] = {}
        self._dumps = json.JSONEncoder(ensure_ascii=False).encode

    def _cell_prefix(self, cell: Cell) -> str:
        prefix = self._cell_prefixes.get(id(cell))
        if prefix is None:
            plan = cell.plan
            service = NULL if plan.service_id is None else str(plan.service_id)
            prefix = (
                f"{plan.organization_id}\t{service}\t{plan.survey_id}\t{plan.version_id}\t"
                f"{cell.channel}\t"
            )
            self._cell_prefixes[id(cell)] = prefix
        return prefix

    def _timestamp(self, row: GeneratedResponse) -> str:
        hour = self._hour_texts.get(row.hour_index)
        if hour is None:
            hour = hour_start_text(self.period, row.hour_index)
            self._hour_texts = {row.hour_index: hour}  # rows arrive hour by hour
        return hour + SECOND_TEXT[row.second]

    def line(self, row: GeneratedResponse) -> str:
        answers, redactions = self.redactor.apply(row)
        return (
            f"{row.uuid_int:032x}\t{row.receipt_id}\t{self._cell_prefix(row.cell)}"
            f"{row.language}\t{self._timestamp(row)}\t{_copy_text(self._dumps(answers))}\t"
            f"{_copy_text(self._dumps(redactions))}\t"
            f"{_copy_text(row.page_url)}\t\t{NULL}\t{BOOLEAN_TEXT[row.is_spam]}\t"
            f"{BOOLEAN_TEXT[row.is_flagged]}\tf\t{SPAM_TEXT[row.is_spam]}\n"
        )


def responses_copy(
    rows: Iterable[GeneratedResponse], *, period: DemoPeriod, progress: Progress
) -> int:
    """Stream rows into PostgreSQL with COPY; returns how many were written."""
    lines = CopyLines(period)
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(copy_statement()) as copy:
        for batch in _batches(rows, COPY_CHUNK_ROWS):
            copy.write("".join(map(lines.line, batch)))
            written += len(batch)
            progress(written)
    return written


def _response(row: GeneratedResponse, period: DemoPeriod, redactor: CommentRedactor) -> Response:
    plan = row.cell.plan
    answers, redactions = redactor.apply(row)
    return Response(
        uuid=uuid.UUID(int=row.uuid_int),
        receipt_id=row.receipt_id,
        organization_id=plan.organization_id,
        service_id=plan.service_id,
        survey_id=plan.survey_id,
        survey_version_id=plan.version_id,
        channel=row.cell.channel,
        language=row.language,
        created_at=created_at(period, row.hour_index, row.second),
        answers=answers,
        redactions=redactions,
        page_url=row.page_url,
        is_spam=row.is_spam,
        is_flagged=row.is_flagged,
        spam_score=DEMO_SPAM_SCORE if row.is_spam else 0,
        spam_signals=DEMO_SPAM_SIGNALS if row.is_spam else [],
    )


def responses_bulk_create(
    rows: Iterable[GeneratedResponse], *, period: DemoPeriod, progress: Progress
) -> int:
    """Insert rows with `bulk_create` in batches (any database Django supports)."""
    written = 0
    redactor = CommentRedactor()
    for batch in _batches(rows, BULK_CREATE_ROWS):
        Response.objects.bulk_create([_response(row, period, redactor) for row in batch])
        written += len(batch)
        progress(written)
    return written


def responses_write(
    rows: Iterable[GeneratedResponse], *, period: DemoPeriod, progress: Progress
) -> int:
    if connection.vendor == "postgresql":
        return responses_copy(rows, period=period, progress=progress)
    return responses_bulk_create(rows, period=period, progress=progress)
