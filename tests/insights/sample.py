"""Agency A's responses for the tests that hold the JSON API, the Python API and the pages to
the same figures: two channels, two quarters, a version 1 and a version 2 survey, and a
Spanish-language group too small to show, so that every part of a dashboard has figures.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from govcx.insights.dashboard import Dashboard, dashboard_for
from govcx.insights.metrics import V1_ITEMS
from govcx.insights.periods import period_from_key
from govcx.insights.rollups import rollups_update
from govcx.insights.rows import ROW_FIELDS, FigureRow
from govcx.insights.selectors import InsightsFilters, scope_for
from govcx.lib.fiscal import FiscalQuarter
from govcx.lib.stats import share_from_counts
from govcx.registry.services import service_volume_set
from tests.conftest import World
from tests.responses.helpers import received_at, submit

QUARTERS = {FiscalQuarter(2026, 1): dt.datetime(2025, 11, 4, 15, tzinfo=dt.UTC)}
QUARTERS[FiscalQuarter(2026, 2)] = dt.datetime(2026, 2, 3, 15, tzinfo=dt.UTC)
CHANNELS = ("website", "phone")
PAGE = "https://a.example.gov/apply"
DRIVERS = ("effectiveness", "ease", "efficiency", "transparency", "humanity", "employee")
V2_PER_CELL = 8  # per quarter and channel
V1_PER_CELL = 5
SPANISH, SPANISH_POSITIVE = 7, 2  # fewer than the minimum group size of 10
# (2 of 7 is a share no other figure of these responses happens to have, so it can be
# searched for in what the API sends.)
RESPONDENTS = len(QUARTERS) * len(CHANNELS) * (V2_PER_CELL + V1_PER_CELL) + SPANISH
# What the hidden Spanish-language trust share would be: it must appear nowhere.
HIDDEN = share_from_counts(SPANISH_POSITIVE, SPANISH, minimum_size=0)

# Filters, each exercising a different part of the filtering, under which every scope of
# agency A still has responses.
FILTER_SETS: list[dict[str, str]] = [
    {},
    {"period": "FY2026-Q1", "channel": "website", "compare": "language", "trend": "month"},
    {"period": "FY2026", "language": "en", "compare": "survey", "trend": "fiscal_year"},
    {"segment": "page", "segment_value": PAGE, "compare": "service"},
]


def page_dashboard(world: World, level: str, identifier: str, query: dict[str, str]) -> Dashboard:
    """What agency A's organization admin is shown on the pages for the same scope and filters."""
    scope = scope_for(world.admin_a, level, identifier)
    assert scope is not None
    filters = InsightsFilters(
        period=period_from_key(query.get("period", "all")),
        channel=query.get("channel", ""),
        language=query.get("language", ""),
        segment=query.get("segment", ""),
        segment_value=query.get("segment_value", ""),
    )
    return dashboard_for(
        scope,
        filters,
        equity_dimension=query.get("compare", "channel"),
        trend_grain=query.get("trend", "fiscal_quarter"),
    )


def v2_answers(rng: random.Random, positive: bool) -> dict[str, Any]:
    key = "drivers_positive" if positive else "drivers_negative"
    chosen = [driver for driver in DRIVERS if rng.random() < 0.45]
    return {"trust": int(positive), key: chosen or ["ease"]}


def v1_answers(rng: random.Random) -> dict[str, Any]:
    mood = rng.randint(1, 5)
    return {key: min(5, max(1, mood + rng.choice((-1, 0, 0, 1)))) for key in V1_ITEMS}


def make_responses(world: World) -> None:
    """The responses, counted into the rollups, and volumes for the response rates."""
    rng = random.Random(2026)
    for quarter, start in QUARTERS.items():
        for number, channel in enumerate(CHANNELS):
            when = start + dt.timedelta(days=number)
            page = PAGE if channel == "website" else ""
            for index in range(V2_PER_CELL):
                answers = v2_answers(rng, positive=(index + number) % 3 != 0)
                made = submit(world.a.survey, answers, channel=channel, page_url=page)
                received_at(made, when + dt.timedelta(minutes=index))
            for index in range(V1_PER_CELL):
                made = submit(world.a.v1_survey, v1_answers(rng), channel=channel, page_url=page)
                received_at(made, when + dt.timedelta(minutes=index))
            service_volume_set(
                service=world.a.service,
                channel=channel,
                quarter=quarter,
                customers=900,
                offered_survey=300,
                user=None,
            )
    for index in range(SPANISH):
        answers = v2_answers(rng, positive=index < SPANISH_POSITIVE)
        made = submit(world.a.survey, answers, language="es", page_url=PAGE)
        received_at(made, dt.datetime(2025, 12, 1, 12, index, tzinfo=dt.UTC))
    submit(world.b.survey)  # agency B's, which no figure of agency A may count
    rollups_update()


def plain(value: Any) -> Any:
    """None for every kind of missing (None, NaN, pandas' NA), plain Python otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value.item() if hasattr(value, "item") else value


def row_dicts(rows: list[FigureRow]) -> list[dict[str, Any]]:
    return [{name: plain(value) for name, value in row.as_dict().items()} for row in rows]


def assert_same_rows(expected: list[FigureRow], got: list[dict[str, Any]]) -> None:
    """Field by field, in order; missing numbers compare equal however they are spelled."""
    assert len(got) == len(expected)
    for position, (want, row) in enumerate(zip(row_dicts(expected), got, strict=True)):
        assert list(row) == list(ROW_FIELDS), position
        assert {name: plain(value) for name, value in row.items()} == want, position


SECTIONS_WITH_VALUES = (
    "trust",
    "trend",
    "breakdown",
    "equity",
    "v1_items",
    "importance",
    "v2_went_well",
    "v2_not_well",
    "separation",
    "response_rate",
)


def assert_every_section_has_values(rows: list[FigureRow]) -> None:
    """The comparison means something only if each part of the dashboard shows numbers."""
    for section in SECTIONS_WITH_VALUES:
        shown = [row for row in rows if row.section == section and row.value is not None]
        assert shown, f"no figures shown in {section}"
    trend = [row for row in rows if row.section == "trend"]
    assert [row.group for row in trend] == ["FY2026-Q1", "FY2026-Q2"]
    assert all(row.value is not None for row in trend)
    assert any(row.test for row in rows if row.section == "equity")
