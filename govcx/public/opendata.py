"""Published figures as open data: one row per figure, the same columns in CSV and JSON.

The columns are a public promise: docs/open-data.md documents each of them and a test holds
the header exactly. Adding, removing, renaming or reordering a column, or changing what a
value means, raises SCHEMA_VERSION.

A suppressed row keeps its name (agency, service, quarter, channel, metric) and why it is
hidden, and nothing else: value, interval and n are empty in CSV and null in JSON.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from govcx.lib.csvsafe import neutralise_cell
from govcx.reporting.published import COUNT, PublishedFigure

SCHEMA_VERSION = 1
SHARE_DECIMALS = 6

FIELDS: tuple[str, ...] = (
    "schema_version",
    "agency",
    "agency_abbreviation",
    "agency_id",
    "service_provider",
    "service",
    "service_id",
    "fiscal_year",
    "quarter",
    "period_start",
    "period_end",
    "collection_id",
    "published_at",
    "detail_id",
    "channel",
    "survey_title",
    "survey_type",
    "transaction_point",
    "a11_version",
    "metric",
    "unit",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "suppressed",
    "suppression_reason",
    "minimum_group_size",
)


# What each column holds, shown on the open data page; docs/open-data.md says the same at length.
FIELD_DESCRIPTIONS: dict[str, str] = {
    "schema_version": "The version of these columns; it changes whenever a column does.",
    "agency": "The agency's name.",
    "agency_abbreviation": "The agency's abbreviation, as in its public address.",
    "agency_id": "The agency's permanent public identifier (a UUID).",
    "service_provider": "The High Impact Service Provider that runs the service.",
    "service": "The service's name.",
    "service_id": "The service's permanent public identifier (a UUID).",
    "fiscal_year": "The federal fiscal year, which starts on 1 October of the year before.",
    "quarter": "The quarter of the fiscal year, 1 to 4 (1 is October to December).",
    "period_start": "The quarter's first day (YYYY-MM-DD).",
    "period_end": "The quarter's last day (YYYY-MM-DD).",
    "collection_id": "The quarterly data collection's public identifier (a UUID).",
    "published_at": "When the collection was published, in UTC (ISO 8601).",
    "detail_id": "The detail row's public identifier; empty for the service total.",
    "channel": 'The channel, in the A-11 vocabulary; "all" for the service total.',
    "survey_title": "The survey's title; empty for the service total.",
    "survey_type": "thumbs_up_down or likert_scale; empty for the service total.",
    "transaction_point": (
        "post_interaction, post_service_journey or relational; empty for the service total."
    ),
    "a11_version": 'The A-11 survey version behind the figure: "1", "2", or "1+2" for a total.',
    "metric": (
        "respondents, trust, satisfaction, response_rate, positive_<driver> or negative_<driver>."
    ),
    "unit": '"count" (a number of respondents) or "share" (a proportion from 0 to 1).',
    "value": "The figure; empty when suppressed or when there were no responses.",
    "ci_low": "The lower end of the 95% Wilson score interval of a share.",
    "ci_high": "The upper end of the 95% Wilson score interval of a share.",
    "n": "How many the figure describes (for a response rate: customers offered a survey).",
    "suppressed": "true when the figure is hidden to protect respondents, else false.",
    "suppression_reason": (
        '"small" (fewer respondents than the minimum group size) or "complement" (hidden so '
        "that a smaller hidden figure cannot be worked out by subtraction); empty otherwise."
    ),
    "minimum_group_size": "The agency's minimum group size: smaller groups are suppressed.",
}


def open_data_row(figure: PublishedFigure) -> dict[str, Any]:
    """One figure in the open data columns, with JSON types (numbers, booleans, null)."""
    return {
        **_where(figure),
        **_what(figure),
        **_how_much(figure),
    }


def _where(figure: PublishedFigure) -> dict[str, Any]:
    """Whose figure and for which quarter."""
    collection = figure.collection
    service = collection.service
    quarter = collection.fiscal_quarter
    return {
        "schema_version": SCHEMA_VERSION,
        "agency": collection.organization.name,
        "agency_abbreviation": collection.organization.abbreviation,
        "agency_id": str(collection.organization.public_id),
        "service_provider": service.provider.name if service.provider else None,
        "service": service.name,
        "service_id": str(service.public_id),
        "fiscal_year": collection.fiscal_year,
        "quarter": collection.quarter,
        "period_start": quarter.start.isoformat(),
        "period_end": quarter.end.isoformat(),
        "collection_id": str(collection.public_id),
        "published_at": _timestamp(figure),
    }


def _timestamp(figure: PublishedFigure) -> str | None:
    published_at = figure.collection.published_at
    return published_at.isoformat().replace("+00:00", "Z") if published_at else None


def _what(figure: PublishedFigure) -> dict[str, Any]:
    """Which detail row (or the service total) and which metric."""
    detail = figure.detail
    return {
        "detail_id": str(detail.public_id) if detail is not None else None,
        "channel": figure.channel,
        "survey_title": detail.survey_title if detail is not None else None,
        "survey_type": detail.survey_type if detail is not None else None,
        "transaction_point": detail.transaction_point if detail is not None else None,
        "a11_version": "+".join(str(version) for version in figure.a11_versions),
        "metric": figure.metric,
        "unit": figure.row.unit,
    }


def _how_much(figure: PublishedFigure) -> dict[str, Any]:
    """The figure itself; all empty but the reason when it is suppressed."""
    row = figure.row
    return {
        "value": _number(row.value, row.unit),
        "ci_low": _number(row.low, row.unit),
        "ci_high": _number(row.high, row.unit),
        "n": row.n if not row.suppressed else None,
        "suppressed": row.suppressed,
        "suppression_reason": row.suppression or None,
        "minimum_group_size": row.minimum_size,
    }


def _number(value: float | None, unit: str) -> int | float | None:
    """Counts as whole numbers, shares (0–1) to six decimals, so that downloads are stable."""
    if value is None:
        return None
    if unit == COUNT:
        return round(value)
    return round(value, SHARE_DECIMALS)


def open_data_json(figures: Iterable[PublishedFigure]) -> dict[str, Any]:
    """The JSON document: the schema version, the column names and one object per figure."""
    return {
        "schema_version": SCHEMA_VERSION,
        "fields": list(FIELDS),
        "rows": [open_data_row(figure) for figure in figures],
    }


def open_data_csv_lines(figures: Iterable[PublishedFigure]) -> Iterator[str]:
    """The CSV file line by line: the header, then one line per figure."""
    yield _csv_line(FIELDS)
    for figure in figures:
        values = open_data_row(figure)
        yield _csv_line([csv_cell(values[name]) for name in FIELDS])


def csv_cell(value: Any) -> str:
    """A value as CSV text: empty for null, true/false, fixed decimals for shares.

    Agency, service and survey names are typed by agency staff; a name starting with "=" or
    "@" must never run as a formula in the spreadsheet of someone who downloaded the file.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{SHARE_DECIMALS}f}"
    return neutralise_cell(str(value))


def _csv_line(cells: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()
