"""Open data: the exact columns, values as published, suppression, safety and the documentation."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from govcx.public.opendata import FIELD_DESCRIPTIONS, FIELDS, csv_cell
from tests.conftest import World
from tests.public.builders import add_respondents, collection, detail
from tests.public.site import Site, build_site

DOCS = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"
EXPECTED_HEADER = (
    "schema_version,agency,agency_abbreviation,agency_id,service_provider,service,service_id,"
    "fiscal_year,quarter,period_start,period_end,collection_id,published_at,detail_id,channel,"
    "survey_title,survey_type,transaction_point,a11_version,metric,unit,value,ci_low,ci_high,n,"
    "suppressed,suppression_reason,minimum_group_size"
)
DOWNLOADS = ("/agencies/AGA/results", "/open-data/results")


@pytest.fixture
def site(world: World) -> Site:
    return build_site(world)


def csv_text(path: str) -> str:
    reply = Client().get(path)
    assert reply.status_code == 200
    assert reply["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(reply.streaming_content).decode()  # type: ignore[attr-defined]


def csv_rows(path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text(path))))


def json_document(path: str) -> dict[str, Any]:
    reply = Client().get(path)
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/json"
    document: dict[str, Any] = json.loads(reply.content)
    return document


def row_for(rows: list[dict[str, Any]], channel: str, metric: str) -> dict[str, Any]:
    (found,) = [r for r in rows if r["channel"] == channel and r["metric"] == metric]
    return found


# --- the columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize("download", DOWNLOADS)
def test_the_csv_header_is_exactly_the_documented_one(
    world: World, site: Site, download: str
) -> None:
    assert csv_text(f"{download}.csv").split("\r\n")[0] == EXPECTED_HEADER


@pytest.mark.parametrize("download", DOWNLOADS)
def test_the_json_names_the_same_fields_in_every_row(
    world: World, site: Site, download: str
) -> None:
    document = json_document(f"{download}.json")
    assert document["schema_version"] == 1
    assert ",".join(document["fields"]) == EXPECTED_HEADER
    assert document["rows"]
    assert all(list(row) == document["fields"] for row in document["rows"])


def test_with_nothing_published_the_files_hold_only_their_header(world: World) -> None:
    assert csv_text("/open-data/results.csv") == EXPECTED_HEADER + "\r\n"
    assert json_document("/open-data/results.json")["rows"] == []


def test_every_column_is_described_on_the_page_and_in_the_docs(world: World) -> None:
    assert list(FIELD_DESCRIPTIONS) == list(FIELDS)
    page = Client().get("/open-data/").content.decode()
    docs = DOCS.read_text(encoding="utf-8")
    columns = docs.split("\n## Columns\n", 1)[1]
    documented = re.findall(r"^\| `([a-z0-9_]+)` \|", columns, flags=re.MULTILINE)
    assert documented == list(FIELDS)
    assert EXPECTED_HEADER in docs
    for name in FIELDS:
        assert f"<code>{name}</code>" in page


# --- the values ----------------------------------------------------------------------------------


def test_a_published_figure_in_json(world: World, site: Site) -> None:
    rows = json_document("/agencies/AGA/results.json")["rows"]
    trust = row_for(rows, "website", "trust")
    website = site.results.details.get(channel="website")
    assert trust == {
        "schema_version": 1,
        "agency": "Agency A",
        "agency_abbreviation": "AGA",
        "agency_id": str(world.a.organization.public_id),
        "service_provider": "AGA Benefits Office",
        "service": "AGA benefit applications",
        "service_id": str(world.a.service.public_id),
        "fiscal_year": 2025,
        "quarter": 2,
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "collection_id": str(site.results.public_id),
        "published_at": "2025-02-03T14:30:00Z",
        "detail_id": str(website.public_id),
        "channel": "website",
        "survey_title": "Apply online survey",
        "survey_type": "thumbs_up_down",
        "transaction_point": "post_interaction",
        "a11_version": "2",
        "metric": "trust",
        "unit": "share",
        "value": 0.75,
        "ci_low": 0.59806,
        "ci_high": 0.858129,
        "n": 40,
        "suppressed": False,
        "suppression_reason": None,
        "minimum_group_size": 10,
    }


def test_a_published_figure_in_csv(world: World, site: Site) -> None:
    rows = csv_rows("/agencies/AGA/results.csv")
    trust = row_for(rows, "website", "trust")
    assert [trust[name] for name in ("value", "ci_low", "ci_high", "n", "suppressed")] == [
        "0.750000",
        "0.598060",
        "0.858129",
        "40",
        "false",
    ]
    assert trust["suppression_reason"] == ""
    respondents = row_for(rows, "all", "respondents")
    assert (respondents["value"], respondents["n"], respondents["unit"]) == ("159", "159", "count")
    assert (respondents["detail_id"], respondents["survey_title"]) == ("", "")
    assert row_for(rows, "all", "trust")["a11_version"] == "1+2"


def test_csv_and_json_carry_the_same_rows(world: World, site: Site) -> None:
    from_csv = csv_rows("/open-data/results.csv")
    from_json = json_document("/open-data/results.json")["rows"]
    assert from_csv == [{name: csv_cell(row[name]) for name in FIELDS} for row in from_json]


@pytest.mark.parametrize("download", DOWNLOADS)
def test_suppressed_figures_carry_no_value_interval_or_n(
    world: World, site: Site, download: str
) -> None:
    for rows in (csv_rows(f"{download}.csv"), json_document(f"{download}.json")["rows"]):
        email = row_for(rows, "email", "trust")
        chat = row_for(rows, "live_chat", "respondents")
        empty: Any = "" if isinstance(email["n"], str) else None
        for row, reason in ((email, "small"), (chat, "complement")):
            assert (row["value"], row["ci_low"], row["ci_high"], row["n"]) == (empty,) * 4
            assert row["suppressed"] in ("true", True)
            assert row["suppression_reason"] == reason


def test_an_agencys_file_holds_only_its_own_figures(world: World, site: Site) -> None:
    assert {row["agency_abbreviation"] for row in csv_rows("/agencies/AGA/results.csv")} == {"AGA"}
    assert {row["agency"] for row in json_document("/agencies/AGB/results.json")["rows"]} == {
        "Agency B"
    }
    everyone = {row["agency_abbreviation"] for row in csv_rows("/open-data/results.csv")}
    assert everyone == {"AGA", "AGB"}


def test_text_cannot_run_as_a_spreadsheet_formula(world: World) -> None:
    world.a.service.name = '=HYPERLINK("https://attacker.example","click")'
    world.a.service.save(update_fields=["name"])
    published = collection(world.a)
    add_respondents(detail(published, title="@SUM(A1:A9)"), 12, question_1=1)
    text = csv_text("/agencies/AGA/results.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["service"] for row in rows} == {"'" + world.a.service.name}
    assert {row["survey_title"] for row in rows} == {"", "'@SUM(A1:A9)"}
    # JSON is not opened in spreadsheets: it keeps the text as it is.
    json_rows = json_document("/agencies/AGA/results.json")["rows"]
    assert {row["service"] for row in json_rows} == {world.a.service.name}


@pytest.mark.parametrize("extension", ["csv", "json"])
@pytest.mark.parametrize("download", DOWNLOADS)
def test_downloads_can_be_read_from_any_web_page(
    world: World, site: Site, download: str, extension: str
) -> None:
    reply = Client().get(f"{download}.{extension}")
    assert reply["Access-Control-Allow-Origin"] == "*"
    if extension == "csv":
        name = "govcx-results-aga.csv" if "AGA" in download else "govcx-results.csv"
        assert reply["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_open_data_page_links_every_download(world: World, site: Site) -> None:
    page = Client().get("/open-data/").content.decode()
    for path in (
        "/open-data/results.csv",
        "/open-data/results.json",
        "/agencies/AGA/results.csv",
        "/agencies/AGB/results.json",
    ):
        assert f'href="{path}"' in page
