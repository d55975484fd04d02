"""Response rates over a period divide the period's respondents by the customers offered a
survey in the period's fiscal quarters only — on the page, in the JSON API, in DataFrames and
in the annual report alike.

Agency A's benefit applications, whose volumes are entered per quarter (customers offered a
survey), and its version 2 respondents:

    quarter       website offered  website respondents  phone offered  phone respondents
    FY2025 Q4     400              16 (August)          —              —
    FY2026 Q1     500              60 (November)        200            20 (November)
    FY2026 Q2     300              12 (January) + 18 (March)
    FY2026 Q3     —                25 (May)             —              —

FY2026 Q3 has respondents but no volumes, so it counts in neither part of a rate. A month has
no volume of its own: its dashboard shows the rate of the whole quarter containing it, labelled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from statsmodels.stats.proportion import proportion_confint

from govcx import insights
from govcx.api.keys import api_key_create
from govcx.insights.dashboard import Dashboard
from govcx.insights.rollups import rollups_rebuild
from govcx.insights.rows import FigureRow
from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.services import service_volume_set
from govcx.reporting.annual import annual_report
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World
from tests.insights.sample import assert_same_rows, page_dashboard
from tests.insights.test_dashboard_pages import row_named, share_text, tables_of
from tests.staff.helpers import ClientFor

WEBSITE_VOLUMES = {
    FiscalQuarter(2025, 4): 400,
    FiscalQuarter(2026, 1): 500,
    FiscalQuarter(2026, 2): 300,
}
PHONE_VOLUMES = {FiscalQuarter(2026, 1): 200}
# (channel, when, respondents)
RESPONDENTS = (
    ("website", dt.datetime(2025, 8, 12, 15, tzinfo=dt.UTC), 16),
    ("website", dt.datetime(2025, 11, 4, 15, tzinfo=dt.UTC), 60),
    ("phone", dt.datetime(2025, 11, 5, 15, tzinfo=dt.UTC), 20),
    ("website", dt.datetime(2026, 1, 13, 15, tzinfo=dt.UTC), 12),
    ("website", dt.datetime(2026, 3, 10, 15, tzinfo=dt.UTC), 18),
    ("website", dt.datetime(2026, 5, 12, 15, tzinfo=dt.UTC), 25),
)
RATE_TABLE = "Response rate: respondents ÷ customers offered a survey"
Q2_NOTE = " · FY2026 Q2 (whole quarter)"
Q1_NOTE = " · FY2026 Q1 (whole quarter)"

# Period → channel → (respondents, offered), worked out by hand from the table above.
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "all": {"website": (16 + 60 + 30, 400 + 500 + 300), "phone": (20, 200)},
    "FY2026": {"website": (60 + 30, 500 + 300), "phone": (20, 200)},
    "FY2025": {"website": (16, 400)},
    "FY2026-Q1": {"website": (60, 500), "phone": (20, 200)},
    "FY2026-Q2": {"website": (30, 300)},
    "FY2026-Q3": {},
    "FY2026-Q4": {},
    "2026-03": {"website": (30, 300)},  # the whole of FY2026 Q2
    "2026-01": {"website": (30, 300)},
    "2025-11": {"website": (60, 500), "phone": (20, 200)},  # the whole of FY2026 Q1
    "2026-05": {},  # FY2026 Q3 has no volumes
}
MONTH_NOTES = {"2026-03": Q2_NOTE, "2026-01": Q2_NOTE, "2025-11": Q1_NOTE, "2026-05": ""}


def thumbs_up(survey: Survey, channel: str, when: dt.datetime) -> Response:
    assert survey.current_version is not None
    return Response(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=survey.current_version,
        channel=channel,
        language="en",
        created_at=when,
        answers={"trust": 1, "drivers_positive": ["ease"]},
    )


@pytest.fixture
def volumes(world: World) -> World:
    survey = world.a.survey
    Response.objects.bulk_create(
        thumbs_up(survey, channel, when + dt.timedelta(minutes=index))
        for channel, when, count in RESPONDENTS
        for index in range(count)
    )
    for channel, entered in (("website", WEBSITE_VOLUMES), ("phone", PHONE_VOLUMES)):
        for quarter, offered in entered.items():
            service_volume_set(
                service=world.a.service,
                channel=channel,
                quarter=quarter,
                customers=offered * 4,
                offered_survey=offered,
                user=None,
            )
    rollups_rebuild()
    return world


def service_id(world: World) -> str:
    return str(world.a.service.public_id)


def board(world: World, period: str, **query: str) -> Dashboard:
    return page_dashboard(world, "service", service_id(world), {"period": period, **query})


def label(world: World, channel: str, period: str = "all") -> str:
    name = f"{world.a.service.name} · {channel.capitalize()}"
    return name + MONTH_NOTES.get(period, "")


def assert_rate(row: FigureRow, respondents: int, offered: int) -> None:
    low, high = proportion_confint(respondents, offered, alpha=0.05, method="wilson")
    assert not row.suppressed
    assert row.n == offered
    assert row.value == pytest.approx(respondents / offered)
    assert row.low == pytest.approx(low)
    assert row.high == pytest.approx(high)


def assert_rates(world: World, rows: list[FigureRow], period: str) -> None:
    expected = EXPECTED[period]
    by_channel = {row.group.split(":")[1]: row for row in rows}
    assert set(by_channel) == set(expected), period
    for channel, (respondents, offered) in expected.items():
        row = by_channel[channel]
        assert row.group == f"{world.a.service.pk}:{channel}"
        assert row.label == row.group_label == label(world, channel, period)
        assert_rate(row, respondents, offered)


# --- each period -------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["all", "FY2026", "FY2025", "FY2026-Q1", "FY2026-Q2"])
def test_a_period_of_whole_quarters_divides_by_its_own_quarters_offers(
    volumes: World, period: str
) -> None:
    """FY2026: 90 of the 800 offered in its Q1 and Q2 (12 %), not of all 1,200 (7.5 %)."""
    assert_rates(volumes, board(volumes, period).section("response_rate"), period)


@pytest.mark.parametrize("period", ["FY2026-Q3", "FY2026-Q4", "2026-05"])
def test_a_period_without_volumes_has_no_response_rate(volumes: World, period: str) -> None:
    """FY2026 Q3's 25 respondents have no offers to be divided by; other quarters' do not
    stand in for them."""
    assert board(volumes, period).section("response_rate") == []


@pytest.mark.parametrize("period", ["2026-03", "2026-01", "2025-11"])
def test_a_month_shows_its_whole_quarters_rate_labelled_so(volumes: World, period: str) -> None:
    """March alone had 18 respondents, but the 300 offers are FY2026 Q2's: its rate is Q2's
    30 of 300, named as the quarter's. The month's other figures stay the month's."""
    month = board(volumes, period)
    assert_rates(volumes, month.section("response_rate"), period)
    if period == "2026-03":
        assert month.respondents == 18
        assert month.trust.n == 18


def test_each_quarters_rate_uses_that_quarters_volumes_and_they_add_up_to_the_year(
    volumes: World,
) -> None:
    """Quarter by quarter, as a trend of FY2026 would read them, each quarter's respondents
    and offers are its own; together they are the year's."""
    year = {row.group: row for row in board(volumes, "FY2026").section("response_rate")}
    totals: dict[str, list[int]] = {group: [0, 0] for group in year}
    for quarter in range(1, 5):
        key = f"FY2026-Q{quarter}"
        rows = board(volumes, key).section("response_rate")
        assert_rates(volumes, rows, key)
        for row in rows:
            assert row.value is not None
            assert row.n is not None
            totals[row.group][0] += round(row.value * row.n)
            totals[row.group][1] += row.n
    for group, (respondents, offered) in totals.items():
        assert_rate(year[group], respondents, offered)


@pytest.mark.parametrize("period", ["FY2026", "2026-03"])
def test_the_trend_grain_does_not_change_the_response_rates(volumes: World, period: str) -> None:
    rates = [
        board(volumes, period, trend=grain).section("response_rate")
        for grain in ("fiscal_quarter", "fiscal_year", "month")
    ]
    assert rates[0] == rates[1] == rates[2]


def test_the_trend_of_a_year_matches_each_quarters_own_dashboard(volumes: World) -> None:
    trend = board(volumes, "FY2026").section("trend")
    assert [row.group for row in trend] == ["FY2026-Q1", "FY2026-Q2", "FY2026-Q3"]
    for row in trend:
        assert row.n == board(volumes, row.group).trust.n


# --- every way out -----------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["FY2026", "FY2026-Q1", "2026-03", "all"])
def test_the_page_shows_the_periods_rates(
    volumes: World, client_for: ClientFor, period: str
) -> None:
    url = f"/staff/insights/services/{service_id(volumes)}/"
    reply = client_for(volumes.admin_a).get(url, {"period": period})
    assert reply.status_code == 200
    content = reply.content.decode()
    table = tables_of(content)[RATE_TABLE]
    assert len(table) == 1 + len(EXPECTED[period])  # the header row, then one per channel
    for channel, (respondents, offered) in EXPECTED[period].items():
        shown = row_named(table, label(volumes, channel, period))
        assert shown[1:] == [share_text(respondents, offered), f"{offered:,}"]
    if period == "2026-03":
        assert f"The response rate for {label(volumes, 'website', period)} is" in content


@pytest.mark.parametrize("period", list(EXPECTED))
def test_the_api_and_the_python_api_give_the_pages_rates(volumes: World, period: str) -> None:
    page = board(volumes, period).section("response_rate")
    key = api_key_create(organization=volumes.a.organization, name="Analyst", user=None).key
    reply = Client().get(
        f"/api/v1/insights/service/{service_id(volumes)}",
        {"period": period},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert reply.status_code == 200
    figures = [row for row in reply.json()["figures"] if row["section"] == "response_rate"]
    frame = insights.response_rates(organization="AGA", service=service_id(volumes), period=period)
    records: list[dict[str, Any]] = [
        {str(name): value for name, value in row.items()} for row in frame.to_dict("records")
    ]
    assert_same_rows(page, figures)
    assert_same_rows(page, records)
    assert_rates(volumes, page, period)


def test_the_annual_report_gives_the_fiscal_years_dashboard_rates(volumes: World) -> None:
    (service,) = annual_report(volumes.a.organization, 2026, as_of=timezone.now()).services
    assert list(service.response_rates) == board(volumes, "FY2026").section("response_rate")
    assert_rates(volumes, list(service.response_rates), "FY2026")
