"""The Python API: DataFrames of exactly the figures the pages and the JSON API show."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from django.test import Client
from pytest_django import Settings

from govcx import insights
from govcx.api.keys import api_key_create
from govcx.insights import frames
from govcx.insights.rows import ROW_FIELDS, FigureRow
from tests.conftest import World
from tests.insights.sample import (
    FILTER_SETS,
    HIDDEN,
    PAGE,
    SPANISH,
    assert_every_section_has_values,
    assert_same_rows,
    make_responses,
    page_dashboard,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "insights-python-api.md"


@pytest.fixture
def responses(world: World, settings: Settings) -> None:
    settings.RATE_LIMIT_PER_IP = "10000/m"
    make_responses(world)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(name): value for name, value in row.items()} for row in frame.to_dict("records")]


def scopes(world: World) -> list[tuple[str, str, dict[str, str]]]:
    """(level, identifier, the Python API's scope arguments) for each of agency A's scopes."""
    return [
        ("organization", "AGA", {}),
        ("provider", world.a.provider.slug, {"provider": world.a.provider.slug}),
        ("service", str(world.a.service.public_id), {"service": str(world.a.service.public_id)}),
        ("survey", str(world.a.survey.public_id), {"survey": str(world.a.survey.public_id)}),
        ("survey", str(world.a.v1_survey.public_id), {"survey": str(world.a.v1_survey.public_id)}),
    ]


@pytest.mark.usefixtures("responses")
@pytest.mark.parametrize("query", FILTER_SETS)
def test_the_python_api_the_json_api_and_the_pages_agree(
    world: World, query: dict[str, str]
) -> None:
    key = api_key_create(organization=world.a.organization, name="Analyst", user=None).key
    for level, identifier, narrower in scopes(world):
        page = page_dashboard(world, level, identifier, query)
        frame = insights.figures(organization="AGA", **narrower, **query)
        reply = Client().get(
            f"/api/v1/insights/{level}/{identifier}",
            query,
            headers={"Authorization": f"Bearer {key}"},
        )
        assert list(frame.columns) == list(ROW_FIELDS)
        assert_same_rows(page.rows, records(frame))
        assert_same_rows(page.rows, reply.json()["figures"])
        if level == "organization" and not query:
            assert_every_section_has_values(page.rows)


@pytest.mark.usefixtures("responses")
def test_the_conveniences_are_slices_of_the_same_figures(world: World) -> None:
    page = page_dashboard(world, "organization", "AGA", {"compare": "language"})

    def rows(*sections: str, group_by: str | None = None) -> list[FigureRow]:
        return [
            row
            for row in page.rows
            if row.section in sections and (group_by is None or row.group_by == group_by)
        ]

    assert_same_rows(rows("trust"), records(insights.trust(organization="AGA")))
    assert_same_rows(rows("trend"), records(insights.trend(organization="AGA")))
    by_channel = insights.breakdown(organization="AGA", by="channel")
    assert_same_rows(rows("breakdown", group_by="channel"), records(by_channel))
    assert_same_rows(rows("equity"), records(insights.equity(organization="AGA", by="language")))
    sections = ("v1_items", "importance", "v2_went_well", "v2_not_well", "separation")
    assert_same_rows(rows(*sections), records(insights.drivers(organization="AGA")))
    assert_same_rows(rows("response_rate"), records(insights.response_rates(organization="AGA")))
    assert len(insights.trust(organization="AGA")) == 1
    monthly = insights.trend(organization="AGA", trend="month")
    assert set(monthly["group_by"]) == {"month"}


@pytest.mark.usefixtures("responses")
def test_a_small_group_has_no_numbers_in_a_frame(world: World) -> None:
    by_language = insights.breakdown(organization="AGA", by="language").set_index("group")
    spanish = by_language.loc["es"]
    assert spanish["suppressed"]
    assert pd.isna(spanish[["value", "low", "high", "n"]]).all()
    every = insights.figures(organization="AGA", compare="language")
    numbers = every[["value", "low", "high"]].to_numpy().ravel()
    for hidden in (HIDDEN.value, HIDDEN.low, HIDDEN.high):
        assert hidden is not None
        assert not any(math.isclose(hidden, number) for number in numbers if pd.notna(number))
    shown = every[~every["suppressed"]]
    assert not ((shown["n"] == SPANISH) & (shown["group"] == "es")).any()
    hidden_rows = every[every["suppressed"]]
    assert hidden_rows[["value", "low", "high", "n", "p_value"]].isna().all().all()


@pytest.mark.usefixtures("responses")
def test_filters_narrow_the_frame_as_they_narrow_the_page(world: World) -> None:
    spanish = insights.trust(organization="AGA", language="es")
    assert bool(spanish["suppressed"].iloc[0])
    on_the_page = insights.trust(organization="AGA", segment="page", segment_value=PAGE)
    everyone = insights.trust(organization="AGA")
    assert 0 < int(on_the_page["n"].iloc[0]) < int(everyone["n"].iloc[0])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"organization": "NOPE"}, "There is no organization “NOPE”"),
        ({"provider": "agency-b-benefits"}, "AGA has no provider “agency-b-benefits”"),
        ({"survey": "not-a-uuid"}, "AGA has no survey “not-a-uuid”"),
    ],
)
def test_an_unknown_or_foreign_scope_is_a_lookup_error(
    world: World, arguments: dict[str, str], message: str
) -> None:
    with pytest.raises(LookupError, match=message):
        insights.figures(**{"organization": "AGA", **arguments})


def test_another_agencys_service_and_survey_are_not_found(world: World) -> None:
    for arguments in (
        {"service": str(world.b.service.public_id)},
        {"survey": str(world.b.survey.public_id)},
    ):
        with pytest.raises(LookupError):
            insights.figures(organization="AGA", **arguments)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"period": "2026"}, "is not a period"),
        ({"trend": "week"}, "is not a trend grain"),
        ({"provider": "x", "survey": "y"}, "not provider and survey"),
    ],
)
def test_a_bad_argument_is_a_value_error_saying_what_is_wrong(
    world: World, arguments: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        insights.figures(organization="AGA", **arguments)


@pytest.mark.usefixtures("responses")
def test_a_breakdown_or_comparison_the_scope_lacks_is_named(world: World) -> None:
    survey = str(world.a.survey.public_id)
    with pytest.raises(ValueError, match="no breakdown by “service”"):
        insights.breakdown(organization="AGA", survey=survey, by="service")
    with pytest.raises(ValueError, match="no comparison by “service”"):
        insights.equity(organization="AGA", survey=survey, by="service")


def test_a_survey_without_responses_has_figures_without_numbers(world: World) -> None:
    frame = insights.figures(organization="AGB", survey=str(world.b.v1_survey.public_id))
    assert list(frame.columns) == list(ROW_FIELDS)
    assert frame["value"].isna().all()


def test_a_frame_without_figures_still_has_every_column() -> None:
    empty = frames.frame_of([])
    assert list(empty.columns) == list(ROW_FIELDS)
    assert empty.empty


def test_the_package_offers_the_python_api_functions() -> None:
    assert insights.figures is frames.figures
    assert insights.trust is frames.trust


def test_importing_the_package_imports_no_models_and_no_pandas() -> None:
    code = (
        "import sys; from govcx import insights; "
        "loaded = [m for m in ('django.db.models', 'govcx.insights.models', 'pandas') "
        "if m in sys.modules]; print(loaded)"
    )
    result = subprocess.run(  # noqa: S603 — our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_function_of_the_python_api_is_documented() -> None:
    text = DOCS.read_text()
    for name in insights.PYTHON_API:
        assert f"insights.{name}(" in text, name
    assert "django.setup()" in text
    assert "DATABASE_URL" in text
