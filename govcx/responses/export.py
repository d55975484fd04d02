"""Responses as CSV, streamed in constant memory however many rows there are.

The answer columns are decided before the first row is written, from the survey versions the
exported responses answered, so every row of a long export lines up with one header.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from govcx.lib.csvsafe import neutralise_row
from govcx.registry.selectors import AnyUser
from govcx.responses.models import Response
from govcx.responses.selectors import ResponseFilters, responses_for
from govcx.surveys.models import SurveyVersion
from govcx.surveys.selectors import surveys_with_responses_visible_to

FIXED_COLUMNS: tuple[str, ...] = (
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
)
# The database fields behind FIXED_COLUMNS, in the same order, then the answers.
ROW_FIELDS: tuple[str, ...] = (
    "uuid",
    "receipt_id",
    "created_at",
    "organization__name",
    "service__name",
    "survey__title",
    "survey__public_id",
    "survey_version__number",
    "channel",
    "language",
    "page_url",
    "is_spam",
    "is_flagged",
    "answers",
)
# Rows fetched per round trip (a server-side cursor on PostgreSQL), and rows per chunk sent.
FETCH_CHUNK_SIZE = 2000
ROWS_PER_WRITE = 500
LIST_SEPARATOR = "; "
UTF8_BOM = "\ufeff"  # Excel reads the file as UTF-8 only when it starts with this mark.


def export_filename(today: dt.date) -> str:
    return f"govcx-responses-{today.isoformat()}.csv"


def exported_versions(user: AnyUser, responses: QuerySet[Response]) -> list[SurveyVersion]:
    """The survey versions at least one of `responses` answered, in survey then version order."""
    answered = responses.filter(survey_id=OuterRef("survey_id"), survey_version_id=OuterRef("pk"))
    readable_surveys = surveys_with_responses_visible_to(user).values("pk")
    return list(
        SurveyVersion.objects.filter(survey__in=readable_surveys)
        .filter(Exists(answered))
        .only("survey_id", "number", "structure")
        .order_by("survey__organization__name", "survey__title", "survey_id", "number")
    )


def answer_keys(versions: Iterable[SurveyVersion]) -> list[str]:
    """Every answer key of the versions, each once, in the order the questions come."""
    keys: dict[str, None] = {}
    for version in versions:
        keys.update(dict.fromkeys(version.parsed().answer_keys()))
    return list(keys)


def answer_column_name(key: str) -> str:
    """A question key as a column name; one that reads like a fixed column is marked as an answer.

    Question keys are slugs, which never contain a colon, so the marked name is unambiguous.
    """
    return f"answer:{key}" if key in FIXED_COLUMNS else key


def header(keys: Iterable[str]) -> list[str]:
    return [*FIXED_COLUMNS, *(answer_column_name(key) for key in keys)]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


def row_cells(row: tuple[Any, ...], keys: list[str]) -> list[str]:
    *fixed, answers = row
    answers = answers if isinstance(answers, dict) else {}
    return neutralise_row(
        [*(cell(value) for value in fixed), *(cell(answers.get(key)) for key in keys)]
    )


class _Echo:
    """A file-like object whose write returns the text, so csv.writer formats one row at a time."""

    def write(self, text: str) -> str:
        return text


def responses_csv(user: AnyUser, filters: ResponseFilters) -> Iterator[str]:
    """The export, as chunks of CSV text. Nothing is read until the first chunk is asked for."""
    responses = responses_for(user, filters)
    keys = answer_keys(exported_versions(user, responses))
    writer = csv.writer(_Echo())
    yield UTF8_BOM + writer.writerow(neutralise_row(header(keys)))
    pending: list[str] = []
    for row in responses.values_list(*ROW_FIELDS).iterator(chunk_size=FETCH_CHUNK_SIZE):
        pending.append(writer.writerow(row_cells(row, keys)))
        if len(pending) >= ROWS_PER_WRITE:
            yield "".join(pending)
            pending = []
    if pending:
        yield "".join(pending)
