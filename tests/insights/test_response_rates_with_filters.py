"""Response rates under a channel, language or segment filter, alike on the page, in the
figures CSV, in the JSON API and in DataFrames.

Agency A's benefit applications in FY2026 Q1 (November 2025), volumes entered per channel:

    channel   offered a survey   respondents
    website   800                40 in English from the apply page + 12 in Spanish (no page)
    phone     200                20 in English

A channel filter keeps that channel's rate only: the other channels' respondents are filtered
out, so their rates would read 0 %. A language or a segment picks a group whose offers nobody
recorded (volumes are per service, channel and quarter), so it has no response rate at all and
the page says why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pytest
from django.test import Client
from statsmodels.stats.proportion import proportion_confint

from govcx import insights
from govcx.api.keys import api_key_create
from govcx.insights.dashboard import Dashboard
from govcx.insights.rollups import rollups_rebuild
from govcx.insights.rows import FigureRow
from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.services import service_volume_set
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World
from tests.insights.sample import assert_same_rows, page_dashboard
from tests.insights.test_dashboard_pages import csv_rows, row_named, share_text, tables_of
from tests.staff.helpers import ClientFor

QUARTER = FiscalQuarter(2026, 1)
NOVEMBER = dt.datetime(2025, 11, 4, 15, tzinfo=dt.UTC)
PAGE = "https://a.example.gov/apply"
OFFERED = {"website": 800, "phone": 200}
# (channel, language, page, respondents)
RESPONDENTS = (
    ("website", "en", PAGE, 40),
    ("website", "es", "", 12),
    ("phone", "en", "", 20),
)
RATE_TABLE = "Response rate: respondents ÷ customers offered a survey"
NOT_BY_GROUP = (
    "Response rates are not shown for a language or segment: customer volumes are recorded "
    "per service, channel and quarter only"
)
SEGMENT = {"segment": "page", "segment_value": PAGE}

# Filters → channel → (respondents, offered), worked out by hand from the table above.
RATES: dict[str, tuple[dict[str, str], dict[str, tuple[int, int]]]] = {
    "none": ({}, {"website": (52, 800), "phone": (20, 200)}),
    "phone": ({"channel": "phone"}, {"phone": (20, 200)}),
    "website": ({"channel": "website"}, {"website": (52, 800)}),
    "phone, a month": ({"channel": "phone", "period": "2025-11"}, {"phone": (20, 200)}),
}
# Filters that pick a group of respondents: no rate for any channel.
GROUPS: dict[str, dict[str, str]] = {
    "Spanish": {"language": "es"},
    "English": {"language": "en"},
    "English by phone": {"language": "en", "channel": "phone"},
    "the apply page": SEGMENT,
    "the apply page, a month": {**SEGMENT, "period": "2025-11"},
}
EVERY_QUERY = {**{name: query for name, (query, _) in RATES.items()}, **GROUPS}


def response(survey: Survey, channel: str, language: str, page: str, minute: int) -> Response:
    assert survey.current_version is not None
    return Response(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=survey.current_version,
        channel=channel,
        language=language,
        page_url=page,
        created_at=NOVEMBER + dt.timedelta(minutes=minute),
        answers={"trust": 1, "drivers_positive": ["ease"]},
    )


@pytest.fixture
def volumes(world: World) -> World:
    Response.objects.bulk_create(
        response(world.a.survey, channel, language, page, minute)
        for channel, language, page, count in RESPONDENTS
        for minute in range(count)
    )
    for channel, offered in OFFERED.items():
        service_volume_set(
            service=world.a.service,
            channel=channel,
            quarter=QUARTER,
            customers=offered * 3,
            offered_survey=offered,
            user=None,
        )
    rollups_rebuild()
    return world


def service_url(world: World) -> str:
    return f"/staff/insights/services/{world.a.service.public_id}/"


def board(world: World, query: dict[str, str]) -> Dashboard:
    return page_dashboard(world, "service", str(world.a.service.public_id), query)


def label(world: World, channel: str, query: dict[str, str]) -> str:
    name = f"{world.a.service.name} · {channel.capitalize()}"
    return name + (f" · {QUARTER.label} (whole quarter)" if "period" in query else "")


def assert_rates(world: World, rows: list[FigureRow], name: str) -> None:
    query, expected = RATES[name]
    assert [row.group.split(":")[1] for row in rows] == sorted(expected), name
    for row in rows:
        channel = row.group.split(":")[1]
        respondents, offered = expected[channel]
        low, high = proportion_confint(respondents, offered, alpha=0.05, method="wilson")
        assert row.label == label(world, channel, query)
        assert not row.suppressed
        assert row.n == offered
        assert row.value == pytest.approx(respondents / offered)
        assert row.low == pytest.approx(low)
        assert row.high == pytest.approx(high)


# --- the dashboard -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(RATES))
def test_a_channel_filter_shows_only_that_channels_rate(volumes: World, name: str) -> None:
    """Phone only: 20 of its 200 offers, and no website row reading 0 of 800."""
    query, _ = RATES[name]
    assert_rates(volumes, board(volumes, query).section("response_rate"), name)


@pytest.mark.parametrize("name", list(GROUPS))
def test_a_language_or_segment_has_no_response_rate(volumes: World, name: str) -> None:
    """12 Spanish respondents of the 800 website offers would read 1.5 %, yet nobody counted
    how many of the 800 were Spanish speakers: there is no honest rate to show."""
    dashboard = board(volumes, GROUPS[name])
    assert dashboard.respondents > 0  # the group's other figures are still shown
    assert dashboard.section("response_rate") == []


# --- every way out -----------------------------------------------------------------------------


def page_text(world: World, client_for: ClientFor, query: dict[str, str]) -> str:
    reply = client_for(world.admin_a).get(service_url(world), query)
    assert reply.status_code == 200
    return reply.content.decode()


@pytest.mark.parametrize("name", list(RATES))
def test_the_page_lists_the_filtered_channels_rate(
    volumes: World, client_for: ClientFor, name: str
) -> None:
    query, expected = RATES[name]
    content = page_text(volumes, client_for, query)
    table = tables_of(content)[RATE_TABLE]
    assert len(table) == 1 + len(expected)  # the header row, then one per channel
    for channel, (respondents, offered) in expected.items():
        shown = row_named(table, label(volumes, channel, query))
        assert shown[1:] == [share_text(respondents, offered), f"{offered:,}"]
    assert NOT_BY_GROUP not in content


@pytest.mark.parametrize("name", list(GROUPS))
def test_the_page_says_why_a_group_has_no_response_rate(
    volumes: World, client_for: ClientFor, name: str
) -> None:
    content = page_text(volumes, client_for, GROUPS[name])
    assert RATE_TABLE not in tables_of(content)
    summary = content.split('data-summary="response-rate">', 1)[1].split("</div>", 1)[0]
    assert NOT_BY_GROUP in summary
    assert "No customer volumes have been entered" not in summary
    assert share_text(12, 800) not in content  # the misleading Spanish rate


def csv_rates(client: Client, url: str) -> list[dict[str, str]]:
    return [row for row in csv_rows(client, url) if row["section"] == "response_rate"]


def as_csv(row: FigureRow) -> dict[str, str]:
    """What a CSV cell of a rate holds, worked out by hand."""
    assert row.value is not None
    assert row.low is not None
    assert row.high is not None
    return {
        "group": row.group,
        "label": row.label,
        "value": repr(row.value),
        "low": repr(row.low),
        "high": repr(row.high),
        "n": str(row.n),
        "suppressed": "false",
    }


CSV_FIELDS = ("group", "label", "value", "low", "high", "n", "suppressed")


def picked(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{name: row[name] for name in CSV_FIELDS} for row in rows]


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(name): value for name, value in row.items()} for row in frame.to_dict("records")]


@pytest.mark.parametrize("name", list(EVERY_QUERY))
def test_the_csv_api_and_python_api_give_the_pages_rates(
    volumes: World, client_for: ClientFor, name: str
) -> None:
    query = EVERY_QUERY[name]
    page = board(volumes, query).section("response_rate")
    if name in RATES:
        assert_rates(volumes, page, name)
    else:
        assert page == []
    client = client_for(volumes.admin_a)
    url = service_url(volumes)
    suffix = f"?{urlencode(query)}"
    for download in ("figures.csv", "charts/response-rate.csv"):
        assert picked(csv_rates(client, f"{url}{download}{suffix}")) == [
            as_csv(row) for row in page
        ], download

    service = str(volumes.a.service.public_id)
    key = api_key_create(organization=volumes.a.organization, name="Analyst", user=None).key
    reply = Client().get(
        f"/api/v1/insights/service/{service}", query, headers={"Authorization": f"Bearer {key}"}
    )
    assert reply.status_code == 200
    figures = [row for row in reply.json()["figures"] if row["section"] == "response_rate"]
    assert_same_rows(page, figures)
    rates = insights.response_rates(organization="AGA", service=service, **query)
    assert_same_rows(page, frame_records(rates))
    every = insights.figures(organization="AGA", service=service, **query)
    assert_same_rows(page, frame_records(every[every["section"] == "response_rate"]))
