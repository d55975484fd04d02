"""GET /api/v1/insights/{level}/{identifier}: the dashboard's figures, for the key's agency only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from pytest_django import Settings

from govcx.api.insights import FigureOut
from govcx.api.keys import api_key_create
from govcx.insights.rows import ROW_FIELDS
from tests.conftest import World
from tests.insights.sample import (
    FILTER_SETS,
    HIDDEN,
    RESPONDENTS,
    assert_every_section_has_values,
    assert_same_rows,
    make_responses,
    page_dashboard,
)

PATH = "/api/v1/insights/{level}/{identifier}"


@pytest.fixture
def responses(world: World, settings: Settings) -> None:
    settings.RATE_LIMIT_PER_IP = "10000/m"
    make_responses(world)


def key_of(world: World, agency: str) -> str:
    organization = world.a.organization if agency == "a" else world.b.organization
    return api_key_create(organization=organization, name="Analyst", user=None).key


def get(level: str, identifier: str, key: str | None, **query: str) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    path = PATH.format(level=level, identifier=identifier)
    return Client().get(path, query, headers=headers)


def identifiers(world: World, agency: str = "a") -> list[tuple[str, str]]:
    chosen = world.a if agency == "a" else world.b
    return [
        ("organization", chosen.organization.abbreviation),
        ("provider", chosen.provider.slug),
        ("service", str(chosen.service.public_id)),
        ("survey", str(chosen.survey.public_id)),
        ("survey", str(chosen.v1_survey.public_id)),
    ]


@pytest.mark.usefixtures("responses")
@pytest.mark.parametrize("query", FILTER_SETS)
def test_the_api_shows_the_figures_the_pages_show(world: World, query: dict[str, str]) -> None:
    key = key_of(world, "a")
    for level, identifier in identifiers(world):
        reply = get(level, identifier, key, **query)
        assert reply.status_code == 200, reply.content
        body = reply.json()
        expected = page_dashboard(world, level, identifier, query)
        assert_same_rows(expected.rows, body["figures"])
        assert body["respondents"] == expected.respondents
        assert body["scope"] == {
            "level": level,
            "identifier": identifier,
            "title": expected.scope.title,
            "organization": "AGA",
        }
        assert body["filters"]["compare"] == expected.equity_dimension
        assert body["filters"]["period"] == query.get("period", "all")
        assert body["minimum_group_size"] == 10
        assert set(body["methods"]) == {"importance", "separation"}


@pytest.mark.usefixtures("responses")
def test_the_whole_agency_has_figures_in_every_section(world: World) -> None:
    body = get("organization", "AGA", key_of(world, "a")).json()
    assert body["respondents"] == RESPONDENTS
    assert_every_section_has_values(page_dashboard(world, "organization", "AGA", {}).rows)


@pytest.mark.usefixtures("responses")
def test_a_small_group_is_suppressed_and_its_figures_appear_nowhere(world: World) -> None:
    reply = get("organization", "AGA", key_of(world, "a"), compare="language")
    text = reply.content.decode()
    body = reply.json()
    spanish = [row for row in body["figures"] if row["group_by"] == "language"]
    assert {row["section"] for row in spanish} == {"breakdown", "equity"}
    assert all(row["suppressed"] for row in spanish if row["group"] == "es")
    for row in body["figures"]:
        if row["suppressed"]:
            assert (row["value"], row["low"], row["high"], row["n"]) == (None,) * 4
            assert row["p_value"] is None
    for number in (HIDDEN.value, HIDDEN.low, HIDDEN.high):
        assert json.dumps(number) not in text


@pytest.mark.usefixtures("responses")
def test_another_agencys_key_finds_none_of_this_agencys_scopes(world: World) -> None:
    outsider = key_of(world, "b")
    unknown = get("survey", "00000000-0000-0000-0000-000000000000", outsider)
    assert unknown.status_code == 404
    for level, identifier in [
        *identifiers(world, "a"),
        ("provider", "no-such-provider"),
        ("service", "not-a-uuid"),
        ("survey", "not-a-uuid"),
        ("organization", "NOPE"),
    ]:
        reply = get(level, identifier, outsider)
        assert reply.status_code == 404, (level, identifier)
        assert reply.content == unknown.content
    for level, identifier in identifiers(world, "b"):  # its own scopes are there
        assert get(level, identifier, outsider).status_code == 200


def test_a_scope_without_responses_has_a_dashboard_without_numbers(world: World) -> None:
    reply = get("survey", str(world.a.v1_survey.public_id), key_of(world, "a"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["respondents"] == 0
    assert all(row["value"] is None for row in body["figures"])


@pytest.mark.parametrize("level", ["organization", "provider", "service", "survey"])
def test_reading_figures_needs_a_key(world: World, level: str) -> None:
    identifier = dict(identifiers(world))[level]
    assert get(level, identifier, None).status_code == 401
    assert get(level, identifier, "gcx_000000000000_nope").status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "2026"}, "period"),
        ({"period": "FY2026-Q5"}, "period"),
        ({"trend": "week"}, "trend"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"compare": "shoe_size"}, "compare"),
        ({"segment": "page"}, "segment_value"),
        ({"segment": "office", "segment_value": "north"}, "segment"),
    ],
)
def test_a_bad_filter_is_named(world: World, query: dict[str, str], field: str) -> None:
    reply = get("organization", "AGA", key_of(world, "a"), **query)
    assert reply.status_code == 422
    assert list(reply.json()["errors"]) == [field]


def test_an_unknown_level_is_named(world: World) -> None:
    reply = get("agency", "AGA", key_of(world, "a"))
    assert reply.status_code == 422
    assert list(reply.json()["errors"]) == ["path.level"]


def test_the_endpoint_and_its_figures_are_in_the_openapi_document(world: World) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/insights/{level}/{identifier}"]["get"]
    assert {"200", "404", "422"} <= set(operation["responses"])
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"level", "identifier", "period", "compare", "trend", "segment_value"} <= names
    assert list(document["components"]["schemas"]["FigureOut"]["properties"]) == list(ROW_FIELDS)
    assert list(FigureOut.model_fields) == list(ROW_FIELDS)
