"""A quarterly collection as files: the respondent file, the version 1 summary, CSV and JSON.

Respondent file (`detail_respondents_csv`, `collection_respondents_csv`)
    The A-11 version 2 respondent-level format (`models.RESPONDENT_COLUMNS`), UTF-8 without a
    byte-order mark. Cells are written exactly as stored, with no spreadsheet-formula guard:
    the file is data for the A-11 collection and gives back, when uploaded again, exactly the
    rows it was made from (see `respondents.write_respondent_file`). The collection's file is
    the files of its version 2 rows one after another, in row order, under one header.

Version 1 summary (`collection_v1_summary_csv`), columns `V1_SUMMARY_COLUMNS`
    One line per A-11 version 1 row: service, channel, survey_title, omb_control_number, the
    counts per scale point q1_1 … q7_5 (items 1 satisfaction, 2 trust, 3 effectiveness, 4 ease,
    5 efficiency, 6 transparency, 7 employee), volume_of_customers,
    volume_of_customers_provided_survey_opportunity and volume_of_respondents.

Collection CSV (`collection_csv`), columns `COLLECTION_COLUMNS`
    One line per detail row, repeating the collection's agency, service, fiscal year, quarter,
    state and rating.

The two summary CSVs are for people with spreadsheets: they start with a UTF-8 byte-order
mark (so Excel reads accented titles correctly), and every text cell a person typed goes
through `csvsafe.neutralise_cell`, so that a title such as "=HYPERLINK(…)" is shown, never run.
An empty volume is an empty cell.

Collection JSON (`collection_json`), keys stable across releases:
    public_id, agency {name, abbreviation}, service {public_id, name}, fiscal_year, quarter,
    quarter_key ("FY2026-Q1"), period_start, period_end, due_date (ISO dates), state, rating
    ("" when not rated), rating_reason, submitted_at, published_at (ISO 8601 UTC or null), and
    details: a list in row order, each with public_id, position, channel, transaction_point,
    service_stage, survey_type, survey_title, omb_control_number, trust_question_text,
    volume_of_customers, volume_of_customers_provided_survey_opportunity (whole numbers or
    null), volume_of_respondents, response_rate (respondents ÷ offered, a number from 0, or
    null when no one was offered a survey), source ("survey" or "upload"), survey_public_id
    (or null), respondents_frozen_at, uploaded_file_name, uploaded_at, and v1_counts
    ({"q1_1": n … "q7_5": n} for a version 1 survey, else null).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils.text import slugify

from govcx.lib.csvsafe import neutralise_cell
from govcx.reporting.counting import (
    V1_COUNT_KEYS,
    detail_respondent_rows,
    detail_v1_counts,
    is_v1_detail,
)
from govcx.reporting.models import Collection, CollectionDetail
from govcx.reporting.respondents import RespondentRow, write_respondent_file
from govcx.reporting.selectors import DetailFigures, collection_details, detail_figures

UTF8_BOM = "\ufeff"
V1_SUMMARY_COLUMNS: tuple[str, ...] = (
    "service",
    "channel",
    "survey_title",
    "omb_control_number",
    *V1_COUNT_KEYS,
    "volume_of_customers",
    "volume_of_customers_provided_survey_opportunity",
    "volume_of_respondents",
)
COLLECTION_COLUMNS: tuple[str, ...] = (
    "agency",
    "service",
    "fiscal_year",
    "quarter",
    "state",
    "rating",
    "channel",
    "transaction_point",
    "service_stage",
    "survey_type",
    "survey_title",
    "omb_control_number",
    "trust_question_text",
    "volume_of_customers",
    "volume_of_customers_provided_survey_opportunity",
    "volume_of_respondents",
    "source",
)


def export_file_name(collection: Collection, what: str, extension: str = "csv") -> str:
    """A name that says whose file it is: AGA-benefit-applications-FY2026-Q1-collection.csv."""
    service = slugify(collection.service.name) or "service"
    agency = slugify(collection.organization.abbreviation).upper() or "agency"
    return f"{agency}-{service}-{collection.fiscal_quarter.key}-{what}.{extension}"


def detail_respondents_csv(detail: CollectionDetail) -> Iterator[str]:
    """One version 2 row's respondent file: stored rows, or live ones while editable."""
    if is_v1_detail(detail):
        raise ValueError("A version 1 survey has no respondent-level file; use the summary.")
    return write_respondent_file(detail_respondent_rows(detail))


def v2_details(collection: Collection) -> list[CollectionDetail]:
    return [detail for detail in collection_details(collection) if not is_v1_detail(detail)]


def v1_details(collection: Collection) -> list[DetailFigures]:
    return [figures for figures in detail_figures(collection) if is_v1_detail(figures.detail)]


def collection_respondents_csv(collection: Collection) -> Iterator[str]:
    """Every version 2 row's respondents under one header, in row order."""
    return write_respondent_file(_chained_rows(v2_details(collection)))


def _chained_rows(details: Iterable[CollectionDetail]) -> Iterator[RespondentRow]:
    for detail in details:
        yield from detail_respondent_rows(detail)


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """A spreadsheet CSV: byte-order mark, header, then the rows, one text piece per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield UTF8_BOM + line(header)
    for row in rows:
        yield line(row)


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def collection_v1_summary_csv(collection: Collection) -> Iterator[str]:
    """The A-11 version 1 quarterly summary: counts per item and scale point, and volumes."""
    return _csv_lines(V1_SUMMARY_COLUMNS, (_v1_line(figures) for figures in v1_details(collection)))


def _v1_line(figures: DetailFigures) -> list[str]:
    detail = figures.detail
    counts = detail_v1_counts(detail)
    return [
        neutralise_cell(detail.collection.service.name),
        detail.channel,
        neutralise_cell(detail.survey_title),
        detail.omb_control_number,
        *(str(counts[key]) for key in V1_COUNT_KEYS),
        _number(detail.volume_of_customers),
        _number(detail.volume_offered_survey),
        str(figures.respondents),
    ]


def collection_csv(collection: Collection) -> Iterator[str]:
    """The collection, one line per detail row."""
    lines = (_collection_line(collection, figures) for figures in detail_figures(collection))
    return _csv_lines(COLLECTION_COLUMNS, lines)


def _collection_line(collection: Collection, figures: DetailFigures) -> list[str]:
    detail = figures.detail
    return [
        neutralise_cell(collection.organization.name),
        neutralise_cell(collection.service.name),
        str(collection.fiscal_year),
        str(collection.quarter),
        collection.state,
        collection.rating,
        detail.channel,
        detail.transaction_point,
        neutralise_cell(detail.service_stage),
        detail.survey_type,
        neutralise_cell(detail.survey_title),
        detail.omb_control_number,
        neutralise_cell(detail.trust_question_text),
        _number(detail.volume_of_customers),
        _number(detail.volume_offered_survey),
        str(figures.respondents),
        detail.source,
    ]


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def collection_json(collection: Collection) -> dict[str, Any]:
    """The collection and its detail rows as plain data (see the module's description)."""
    quarter = collection.fiscal_quarter
    return {
        "public_id": str(collection.public_id),
        "agency": {
            "name": collection.organization.name,
            "abbreviation": collection.organization.abbreviation,
        },
        "service": {
            "public_id": str(collection.service.public_id),
            "name": collection.service.name,
        },
        "fiscal_year": collection.fiscal_year,
        "quarter": collection.quarter,
        "quarter_key": quarter.key,
        "period_start": quarter.start.isoformat(),
        "period_end": quarter.end.isoformat(),
        "due_date": collection.due_date.isoformat(),
        "state": collection.state,
        "rating": collection.rating,
        "rating_reason": collection.rating_reason,
        "submitted_at": _instant(collection.submitted_at),
        "published_at": _instant(collection.published_at),
        "details": [_detail_json(figures) for figures in detail_figures(collection)],
    }


def _detail_json(figures: DetailFigures) -> dict[str, Any]:
    detail = figures.detail
    rate = figures.response_rate
    return {
        "public_id": str(detail.public_id),
        "position": detail.position,
        "channel": detail.channel,
        "transaction_point": detail.transaction_point,
        "service_stage": detail.service_stage,
        "survey_type": detail.survey_type,
        "survey_title": detail.survey_title,
        "omb_control_number": detail.omb_control_number,
        "trust_question_text": detail.trust_question_text,
        "volume_of_customers": detail.volume_of_customers,
        "volume_of_customers_provided_survey_opportunity": detail.volume_offered_survey,
        "volume_of_respondents": figures.respondents,
        "response_rate": None if rate is None else float(rate),
        "source": detail.source,
        "survey_public_id": None if detail.survey is None else str(detail.survey.public_id),
        "respondents_frozen_at": _instant(detail.respondents_frozen_at),
        "uploaded_file_name": detail.uploaded_file_name,
        "uploaded_at": _instant(detail.uploaded_at),
        "v1_counts": _v1_counts_json(detail),
    }


def _v1_counts_json(detail: CollectionDetail) -> dict[str, int] | None:
    if not is_v1_detail(detail):
        return None
    counts = detail_v1_counts(detail)
    return {key: counts[key] for key in V1_COUNT_KEYS}
