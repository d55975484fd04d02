"""The insights dashboards as staff use them: the right figures for every scope and persona,
nothing for another agency or a visitor, filters that say what is wrong, and small groups
that stay hidden on the page, in every CSV and in every chart.

Expected figures are worked out here by hand (the Wilson interval written out), not with the
statistics helpers the dashboards use.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

import altair as alt
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import Settings

from govcx.insights import cache as cache_module
from govcx.insights.rollups import rollups_update
from govcx.insights.rows import ROW_FIELDS
from govcx.lib.fiscal import FiscalQuarter
from govcx.surveys.models import Survey
from tests.conftest import World
from tests.insights.helpers import publish_segmented
from tests.responses.helpers import received_at, submit
from tests.staff.helpers import ClientFor

Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile
CHARTS = (
    "trend",
    "breakdown-service",
    "breakdown-channel",
    "breakdown-language",
    "breakdown-survey",
    "equity",
    "v1-items",
    "importance",
    "v2-drivers",
    "separation",
    "response-rate",
)
FORMATS = ("csv", "svg", "png", "vl.json")
# v1 trust answers of agency A: 4 and 5 are positive, so 7 of these 12.
V1_TRUST = (5, 5, 4, 4, 4, 3, 3, 2, 1, 4, 5, 2)


@pytest.fixture(autouse=True)
def _room_to_submit(settings: Settings) -> None:
    """Tests post dozens of responses from one address within a second."""
    settings.RATE_LIMIT_PER_IP = "100000/m"
    settings.RATE_LIMIT_PER_SURVEY = "100000/m"


# --- figures worked out by hand ----------------------------------------------------------------


def wilson(successes: int, n: int) -> tuple[float, float]:
    share = successes / n
    denominator = 1 + Z_95**2 / n
    centre = (share + Z_95**2 / (2 * n)) / denominator
    half = Z_95 * math.sqrt(share * (1 - share) / n + Z_95**2 / (4 * n**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def share_text(successes: int, n: int) -> str:
    """ "64.2 % (95 % CI 64.1–64.3 %)" for `successes` of `n`."""
    low, high = wilson(successes, n)
    return f"{successes / n * 100:.1f} % (95 % CI {low * 100:.1f}–{high * 100:.1f} %)"


def headline(successes: int, n: int) -> str:
    return f"{share_text(successes, n)}, n = {n:,}"


# --- reading pages -----------------------------------------------------------------------------


class Tables(HTMLParser):
    """Every table of a page: caption → rows, each row its cells' text (header cell first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._caption is not None:
            self.tables[self._caption] = self._rows
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._caption is not None:
            self._caption += data.strip()
        elif self._cell is not None:
            self._cell.append(data)


def tables_of(content: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(content)
    return parser.tables


def row_named(table: list[list[str]], header: str) -> list[str]:
    found = [row for row in table if row and row[0] == header]
    assert found, f"no row {header!r} in {table}"
    return found[0]


def chart_data(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record a Vega-Lite spec carries, inline or in its named datasets."""
    records: list[dict[str, Any]] = []
    for values in spec.get("datasets", {}).values():
        records.extend(values)
    for part in [spec, *spec.get("layer", [])]:
        records.extend(part.get("data", {}).get("values", []))
    return records


def page(client: Client, url: str, query: dict[str, str] | None = None) -> str:
    reply = client.get(url, query or {})
    assert reply.status_code == 200, reply.content.decode()[:2000]
    return reply.content.decode()


def csv_rows(client: Client, url: str) -> list[dict[str, str]]:
    reply = client.get(url)
    assert reply.status_code == 200, reply.content
    assert reply["Content-Type"].startswith("text/csv")
    text = reply.content.decode()
    assert text.splitlines()[0] == ",".join(ROW_FIELDS)
    return list(csv.DictReader(io.StringIO(text)))


# --- the responses behind the figures ----------------------------------------------------------


def thumbs(
    survey: Survey, up: int, down: int, *, channel: str = "website", language: str = "en"
) -> None:
    for _ in range(up):
        answers = {"trust": 1, "drivers_positive": ["ease"]}
        submit(survey, answers, channel=channel, language=language)
    for _ in range(down):
        answers = {"trust": 0, "drivers_negative": ["efficiency"]}
        submit(survey, answers, channel=channel, language=language)


def v1_answers(survey: Survey) -> None:
    for index, trust in enumerate(V1_TRUST):
        answers = {
            "satisfaction": trust,
            "trust": trust,
            "effectiveness": 1 + index % 5,
            "ease": 1 + (index * 2) % 5,
            "efficiency": 1 + (index * 3) % 5,
            "transparency": 5 - index % 3,
            "employee": 2 + index % 4,
        }
        submit(survey, answers)


@pytest.fixture
def figures(world: World) -> World:
    """Agency A: 10 of 14 thumbs up on its v2 survey and 7 of 12 agreeing on v1 trust; agency
    B: 20 thumbs up, which must never reach A's figures."""
    thumbs(world.a.survey, 10, 4)
    v1_answers(world.a.v1_survey)
    thumbs(world.b.survey, 20, 0, channel="phone")
    rollups_update()
    return world


def scope_urls(world: World) -> dict[str, str]:
    a = world.a
    return {
        "organization": f"/staff/insights/org/{a.organization.abbreviation}/",
        "provider": f"/staff/insights/providers/{a.provider.slug}/",
        "service": f"/staff/insights/services/{a.service.public_id}/",
        "survey": f"/staff/insights/surveys/{a.survey.public_id}/",
    }


def every_agency_a_url(world: World) -> Iterator[str]:
    for url in scope_urls(world).values():
        yield url
        yield f"{url}figures.csv"
        for chart in CHARTS:
            for extension in FORMATS:
                yield f"{url}charts/{chart}.{extension}"


# --- every scope, every persona ----------------------------------------------------------------

# Positive / all respondents in each scope of agency A (the survey scope is the v2 survey only).
EXPECTED_TRUST = {
    "organization": (10 + 7, 14 + 12),
    "provider": (10 + 7, 14 + 12),
    "service": (10 + 7, 14 + 12),
    "survey": (10, 14),
}


@pytest.mark.parametrize("level", list(EXPECTED_TRUST))
def test_each_scope_shows_its_figures_to_every_member(
    figures: World, client_for: ClientFor, level: str
) -> None:
    url = scope_urls(figures)[level]
    positive, total = EXPECTED_TRUST[level]
    for persona in (figures.admin_a, figures.manager_a, figures.viewer_a):
        content = page(client_for(persona), url)
        assert f'data-figure="headline">{headline(positive, total)}<' in content
        assert f'data-figure="respondents">{total}<' in content
        tables = tables_of(content)
        trend = tables["Trust by fiscal quarter"]
        quarter = FiscalQuarter.of(timezone.now().date())
        assert row_named(trend, quarter.label)[1:3] == [share_text(positive, total), str(total)]
        language = row_named(tables["Trust by language"], "en")
        assert language[1:3] == [share_text(positive, total), str(total)]
        went_well = row_named(tables[V2_TABLE], "Ease")
        assert went_well[1:3] == [share_text(10, 10), "10"]
        # 4 negative respondents: under the minimum of 10, so hidden.
        assert went_well[3:5] == ["fewer than 10 responses"] * 2
        assert "Holm correction across drivers" in content  # the separation method is named
        assert "<img" in content
        assert 'loading="lazy"' in content


V2_TABLE = "What went well (positive respondents) and what did not (negative respondents)"


def test_the_organization_dashboard_breaks_trust_down_by_survey_and_names_the_v1_method(
    figures: World, client_for: ClientFor
) -> None:
    content = page(client_for(figures.viewer_a), scope_urls(figures)["organization"])
    by_survey = tables_of(content)["Trust by survey"]
    assert row_named(by_survey, figures.a.survey.title)[1:] == [share_text(10, 14), "14"]
    assert row_named(by_survey, figures.a.v1_survey.title)[1:] == [share_text(7, 12), "12"]
    items = tables_of(content)[
        "Version 1 items: mean, share agreeing and the share at each point of the scale"
    ]
    trust_item = row_named(items, "Confidence / trust")
    mean = sum(V1_TRUST) / len(V1_TRUST)
    assert trust_item[1].startswith(f"{mean:.1f} (95 % CI ")
    assert trust_item[2:4] == [share_text(7, 12), "12"]
    assert "Relative importance: the share of the variance" in content  # v1 importance method
    assert "Holm correction across drivers" in content  # and the v2 separation method


def test_the_figures_csv_has_every_row_of_the_page(figures: World, client_for: ClientFor) -> None:
    url = scope_urls(figures)["survey"]
    rows = csv_rows(client_for(figures.manager_a), f"{url}figures.csv")
    trust = next(row for row in rows if row["section"] == "trust")
    low, high = wilson(10, 14)
    assert float(trust["value"]) == pytest.approx(10 / 14)
    assert float(trust["low"]) == pytest.approx(low)
    assert float(trust["high"]) == pytest.approx(high)
    assert trust["n"] == "14"
    assert trust["suppressed"] == "false"
    hidden = [row for row in rows if row["section"] == "v2_not_well"]
    assert hidden
    for row in hidden:
        assert (row["value"], row["low"], row["high"], row["n"]) == ("", "", "", "")
        assert row["suppressed"] == "true"


def test_every_chart_downloads_in_every_format(figures: World, client_for: ClientFor) -> None:
    client = client_for(figures.admin_a)
    url = scope_urls(figures)["organization"]
    for chart in CHARTS:
        spec_reply = client.get(f"{url}charts/{chart}.vl.json")
        assert spec_reply.status_code == 200, chart
        spec = json.loads(spec_reply.content)
        alt.LayerChart.from_dict(spec, validate=True)  # a valid Vega-Lite spec
        svg = client.get(f"{url}charts/{chart}.svg")
        assert svg.status_code == 200
        assert svg["Content-Type"] == "image/svg+xml"
        assert svg.content.lstrip().startswith(b"<svg")
        png = client.get(f"{url}charts/{chart}.png")
        assert png.content.startswith(b"\x89PNG")
        assert "attachment" in png["Content-Disposition"]
        assert client.get(f"{url}charts/{chart}.csv").status_code == 200
    assert client.get(f"{url}charts/no-such-chart.svg").status_code == 404
    assert client.get(f"{url}charts/trend.gif").status_code == 404


def test_a_significant_change_is_described_with_its_test_and_correction(
    world: World, client_for: ClientFor
) -> None:
    earlier = FiscalQuarter.of(timezone.now().date()).shifted(-1)
    for index in range(40):
        answer = {"trust": int(index < 8)}  # 8 of 40 before
        made = submit(world.a.survey, answer)
        received_at(made, dt.datetime.combine(earlier.start, dt.time(12), tzinfo=dt.UTC))
    for index in range(40):
        submit(world.a.survey, {"trust": int(index < 36)})  # 36 of 40 now
    rollups_update()
    content = page(client_for(world.viewer_a), scope_urls(world)["survey"])
    now = earlier.shifted(1)
    assert (
        f"Trust rose from 20.0 % in {earlier.label} to 90.0 % in {now.label}, a significant "
        "change (Two-proportion z-test, Holm-adjusted p &lt; 0.001)."
    ) in content


# --- who may see what --------------------------------------------------------------------------


def test_the_outsider_gets_404_everywhere_in_agency_a(
    figures: World, client_for: ClientFor
) -> None:
    client = client_for(figures.outsider)
    made_up = client.get("/staff/insights/org/NOPE/")
    assert made_up.status_code == 404
    for url in every_agency_a_url(figures):
        reply = client.get(url)
        assert reply.status_code == 404, url
        assert reply.content == made_up.content, url  # indistinguishable from a made-up one
        assert client.get(url, {"period": "not-a-period"}).status_code == 404, url
    assert client.get(
        f"/staff/insights/org/{figures.b.organization.abbreviation}/"
    ).status_code == (200)


def test_visitors_are_sent_to_sign_in(figures: World) -> None:
    client = Client()
    urls = [
        "/staff/insights/",
        *scope_urls(figures).values(),
        *(f"{url}figures.csv" for url in scope_urls(figures).values()),
        *(
            f"{url}charts/trend.{extension}"
            for url in scope_urls(figures).values()
            for extension in FORMATS
        ),
    ]
    for url in urls:
        reply = client.get(url)
        assert reply.status_code == 302, url
        assert reply["Location"] == f"/accounts/login/?next={url}"


def test_the_list_of_dashboards_shows_only_the_persons_own_scopes(
    figures: World, client_for: ClientFor
) -> None:
    content = page(client_for(figures.viewer_a), "/staff/insights/")
    for url in scope_urls(figures).values():
        assert f'href="{url}"' in content
    assert figures.a.v1_survey.title in content
    for secret in b_secrets(figures):
        assert secret not in content


def b_secrets(world: World) -> list[str]:
    b = world.b
    return [
        b.organization.name,
        b.organization.abbreviation,
        b.provider.name,
        b.provider.slug,
        b.service.name,
        b.survey.title,
        str(b.survey.public_id),
        str(b.service.public_id),
    ]


def test_no_figure_of_agency_b_reaches_agency_a(figures: World, client_for: ClientFor) -> None:
    client = client_for(figures.admin_a)
    url = scope_urls(figures)["organization"]
    content = page(client, url)
    csv_text = client.get(f"{url}figures.csv").content.decode()
    specs = "".join(client.get(f"{url}charts/{c}.vl.json").content.decode() for c in CHARTS)
    for secret in b_secrets(figures):
        assert secret not in content
        assert secret not in csv_text
        assert secret not in specs
    # B's 20 phone responses would add a phone channel and raise n to 46.
    assert "n = 46" not in content
    assert ">Phone<" not in content
    assert "phone" not in csv_text


# --- filters -----------------------------------------------------------------------------------


def test_a_bad_period_is_a_400_naming_the_field_and_nothing_is_computed(
    figures: World, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("nothing is computed for bad filters")

    monkeypatch.setattr(cache_module, "dashboard_for", refuse)
    client = client_for(figures.admin_a)
    url = scope_urls(figures)["organization"]
    reply = client.get(url, {"period": "FY20x"})
    assert reply.status_code == 400
    content = reply.content.decode()
    assert 'href="#id_period">Period</a>' in content
    assert "is not a period: use FY2026, FY2026-Q1, 2026-03 or all." in content
    assert 'aria-invalid="true"' in content
    assert "data-figure" not in content
    download = client.get(f"{url}figures.csv", {"period": "FY20x"})
    assert download.status_code == 400
    assert download.content.decode().startswith("Period: ")
    chart = client.get(f"{url}charts/trend.svg", {"period": "2026-13"})
    assert chart.status_code == 400
    assert chart.content.decode().startswith("Period: ")


def test_filters_narrow_the_figures_and_carry_to_the_chart_links(
    figures: World, client_for: ClientFor
) -> None:
    client = client_for(figures.admin_a)
    url = scope_urls(figures)["service"]
    quarter = FiscalQuarter.of(timezone.now().date())
    query = {"period": quarter.key, "channel": "website", "trend": "month", "compare": "survey"}
    content = page(client, url, query)
    assert f'data-figure="headline">{headline(17, 26)}<' in content
    assert f"charts/trend.svg?period={quarter.key}&amp;channel=website" in content
    assert "Trust by month" in tables_of(content)
    assert "Equity: each survey against everyone else" in content
    earlier = quarter.shifted(-4)
    empty = page(client, url, {"period": earlier.key})
    assert 'data-figure="headline">no responses<' in empty
    assert client.get(url, {"channel": "fax"}).status_code == 400
    assert client.get(url, {"trend": "week"}).status_code == 400


def test_a_segment_needs_a_value_and_narrows_to_it(world: World, client_for: ClientFor) -> None:
    segmented = publish_segmented(world.a.organization, world.a.service)
    for office in ("north", "north", "south"):
        submit(segmented, {"office": office, "rating": 4})
    rollups_update()
    client = client_for(world.admin_a)
    url = f"/staff/insights/surveys/{segmented.public_id}/"
    content = page(client, url)
    assert '<option value="answer:office">Answer to “office”</option>' in content
    reply = client.get(url, {"segment": "answer:office"})
    assert reply.status_code == 400
    assert "Enter the value of the breakdown to keep." in reply.content.decode()
    narrowed = page(client, url, {"segment": "answer:office", "segment_value": "north"})
    assert "Only respondents by: Answer to “office” = north" in narrowed


# --- small groups stay hidden ------------------------------------------------------------------


def test_a_group_under_the_minimum_is_hidden_everywhere(
    world: World, client_for: ClientFor
) -> None:
    thumbs(world.a.survey, 2, 1, channel="phone")  # 2 of 3: 66.7 %
    thumbs(world.a.survey, 9, 3, channel="website")  # 9 of 12: 75.0 %
    rollups_update()
    client = client_for(world.admin_a)
    url = scope_urls(world)["survey"]
    content = page(client, url)
    assert f'data-figure="headline">{headline(11, 15)}<' in content
    by_channel = tables_of(content)["Trust by channel"]
    # Phone is under 10; website is hidden too, or phone = total − website would give it away.
    assert row_named(by_channel, "Phone")[1:] == ["fewer than 10 responses"] * 2
    complement = "hidden so that a smaller group's figure cannot be worked out"
    assert row_named(by_channel, "Website")[1:] == [complement] * 2
    hidden = [share_text(2, 3), share_text(9, 12), "66.7", "75.0 %"]
    low, high = wilson(2, 3)
    hidden += [f"{low * 100:.1f}", f"{high * 100:.1f}"]
    for text in hidden:
        assert text not in content

    figures_csv = csv_rows(client, f"{url}figures.csv")
    chart_csv = csv_rows(client, f"{url}charts/breakdown-channel.csv")
    for rows in (figures_csv, chart_csv):
        channel_rows = [row for row in rows if row["group_by"] == "channel"]
        assert {row["group"] for row in channel_rows} == {"phone", "website"}
        for row in channel_rows:
            assert (row["value"], row["low"], row["high"], row["n"]) == ("", "", "", "")
            assert row["suppressed"] == "true"
            assert row["minimum_size"] == "10"
        for row in rows:
            assert row["value"] not in (repr(2 / 3), repr(0.75))
            assert row["n"] not in ("3", "12")

    for chart in ("breakdown-channel", "equity"):
        spec_text = client.get(f"{url}charts/{chart}.vl.json").content.decode()
        assert chart_data(json.loads(spec_text)) == []
        for text in ("hone", "ebsite", "0.666", "0.75", str(2 / 3)[:6], f"{low:.4f}"[:5]):
            assert text not in spec_text
        assert client.get(f"{url}charts/{chart}.svg").status_code == 200
    assert "0.666" not in client.get(f"{url}charts/trend.vl.json").content.decode()

    phone_only = page(client, url, {"channel": "phone"})
    assert 'data-figure="headline">fewer than 10 responses<' in phone_only
    assert 'data-figure="respondents">fewer than 10<' in phone_only


# --- cost --------------------------------------------------------------------------------------


def test_the_dashboard_costs_the_same_queries_however_many_responses(
    world: World, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    url = scope_urls(world)["organization"]

    def queries_after(add: Callable[[], None]) -> int:
        add()
        rollups_update()
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        return len(captured)

    def more() -> None:
        thumbs(world.a.survey, 15, 5, channel="phone")
        thumbs(world.a.survey, 5, 5, language="es")
        v1_answers(world.a.v1_survey)

    few = queries_after(lambda: thumbs(world.a.survey, 3, 1))
    many = queries_after(more)
    assert few == many
    assert few <= 16
