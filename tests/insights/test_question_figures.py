"""Figures of a survey's own questions, and breakdowns by page and by a marked answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from statsmodels.stats.proportion import proportion_confint

from govcx.insights.dashboard import dashboard_for
from govcx.insights.rollups import rollups_rebuild
from govcx.insights.rows import FigureRow
from govcx.insights.selectors import InsightsFilters, scope_for
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World
from tests.insights.helpers import publish_segmented

WHEN = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def _store(survey: Survey, answers: list[dict[str, Any]], page_url: str = "") -> None:
    assert survey.current_version is not None
    Response.objects.bulk_create(
        Response(
            organization_id=survey.organization_id,
            service_id=survey.service_id,
            survey=survey,
            survey_version=survey.current_version,
            channel="website",
            language="en",
            created_at=WHEN,
            answers=each,
            page_url=page_url,
        )
        for each in answers
    )


def _rows(world: World, survey: Survey) -> dict[str, FigureRow]:
    scope = scope_for(world.admin_a, "survey", str(survey.public_id))
    assert scope is not None
    board = dashboard_for(scope, InsightsFilters())
    return {f"{row.section}/{row.metric}/{row.group}": row for row in board.rows}


def test_choices_are_shares_of_those_answering_and_checkboxes_of_those_shown(
    world: World,
) -> None:
    survey = publish_segmented(world.a.organization, world.a.service)
    north = {"office": "north", "rating": 5, "helpful": "yes", "needs": ["forms"]}
    south = {"office": "south", "rating": 2, "helpful": "no"}
    _store(survey, [north] * 8 + [south] * 4, page_url="https://a.gov/apply?x=1")
    _store(survey, [{"office": "north", "rating": 4}] * 3)
    rollups_rebuild()
    rows = _rows(world, survey)

    rating = rows["questions/rating:mean/"]
    assert rating.n == 15
    assert rating.value == pytest.approx((8 * 5 + 4 * 2 + 3 * 4) / 15)
    helpful = rows["questions/helpful=yes/yes"]
    low, high = proportion_confint(8, 12, method="wilson")
    assert helpful.n == 12
    assert helpful.value == pytest.approx(8 / 12)
    assert helpful.low == pytest.approx(low)
    assert helpful.high == pytest.approx(high)
    forms = rows["questions/needs=forms/forms"]
    assert forms.n == 15  # every respondent was shown the checkboxes
    assert forms.value == pytest.approx(8 / 15)


def test_a_marked_answer_narrows_every_figure_to_its_group(world: World) -> None:
    survey = publish_segmented(world.a.organization, world.a.service)
    _store(survey, [{"office": "north", "rating": 5}] * 11 + [{"office": "south", "rating": 1}] * 4)
    rollups_rebuild()
    scope = scope_for(world.admin_a, "survey", str(survey.public_id))
    assert scope is not None
    north = InsightsFilters(segment="answer:office", segment_value="north")
    rating = dashboard_for(scope, north).section("questions")[0]
    assert (rating.metric, rating.n, rating.value) == ("rating:mean", 11, 5.0)
    south = InsightsFilters(segment="answer:office", segment_value="south")
    assert dashboard_for(scope, south).section("questions")[0].suppression == "small"


def test_a_breakdown_by_page_follows_suppression(world: World) -> None:
    likert = world.a.survey  # trust figures come from A-11 surveys: use its page and answers
    _store(likert, [{"trust": 1}] * 9 + [{"trust": 0}] * 3, page_url="https://a.gov/apply#top")
    _store(likert, [{"trust": 1}] * 4, page_url="https://a.gov/status")
    rollups_rebuild()
    scope = scope_for(world.admin_a, "organization", "AGA")
    assert scope is not None
    board = dashboard_for(scope, InsightsFilters())
    by_page = {row.group: row for row in board.section("breakdown", "page")}
    assert by_page["https://a.gov/status"].suppression == "small"
    assert by_page["https://a.gov/apply"].suppression == "complement"
    assert "page" in board.breakdown_dimensions
