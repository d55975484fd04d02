"""Both writers store exactly the generated rows; on PostgreSQL that is the COPY path."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection

from govcx.demo.answers import Answers
from govcx.demo.blueprint import SECOND_AGENCY
from govcx.demo.comments import CommentWriter
from govcx.demo.generate import (
    Cell,
    GeneratedResponse,
    ResponseGenerator,
    SurveyPlan,
    build_cells,
    created_at,
)
from govcx.demo.period import DemoPeriod
from govcx.demo.writers import copy_statement, responses_copy, responses_write
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World

PERIOD = DemoPeriod.ending(dt.datetime(2026, 11, 22, 15, tzinfo=dt.UTC))


def plan_for(survey: Survey) -> SurveyPlan:
    assert survey.current_version is not None
    return SurveyPlan(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey_id=survey.pk,
        version_id=survey.current_version.pk,
        kind=survey.kind,
        structure=survey.current_version.parsed(),
        # The test agencies' service has the same channels (website, phone) as this one.
        service=SECOND_AGENCY.services[0],
        website="https://www.agency-a.example.gov",
    )


def ignore(_written: int) -> None:
    """Progress is not under test here."""


def assert_stored_as_generated(rows: list[GeneratedResponse]) -> None:
    stored = {
        r.receipt_id: r
        for r in Response.objects.filter(receipt_id__in=[row.receipt_id for row in rows])
    }
    assert len(stored) == len(rows)
    for row in rows:
        response = stored[row.receipt_id]
        plan = row.cell.plan
        assert response.uuid == uuid.UUID(int=row.uuid_int)
        assert response.answers == row.answers
        assert response.created_at == created_at(PERIOD, row.hour_index, row.second)
        assert (response.organization_id, response.service_id) == (
            plan.organization_id,
            plan.service_id,
        )
        assert (response.survey_id, response.survey_version_id) == (plan.survey_id, plan.version_id)
        assert (response.channel, response.language) == (row.cell.channel, row.language)
        assert (response.page_url, response.user_agent, response.ip_address) == (
            row.page_url,
            "",
            None,
        )
        assert (response.is_spam, response.is_flagged, response.is_deleted) == (
            row.is_spam,
            row.is_flagged,
            False,
        )


def test_written_rows_are_the_generated_rows(world: World) -> None:
    plans = [plan_for(world.a.survey), plan_for(world.a.v1_survey)]
    rows = list(ResponseGenerator(plans=plans, count=700, period=PERIOD, seed="w", stream_index=3))
    progress: list[int] = []
    assert responses_write(rows, period=PERIOD, progress=progress.append) == 700
    assert progress[-1] == 700
    assert progress == sorted(progress)
    assert_stored_as_generated(rows)
    assert Response.objects.count() == 700


def awkward_row(cell: Cell, counter: int, answers: Answers) -> GeneratedResponse:
    return GeneratedResponse(
        cell=cell,
        uuid_int=uuid.uuid4().int,
        receipt_id=f"TEST{counter:06d}",
        language="es",
        hour_index=PERIOD.hour_count - 1,
        second=0,
        answers=answers,
        page_url='https://www.agency-a.example.gov/a\\b?q=1&r="x"',
        is_spam=False,
        is_flagged=True,
    )


def test_copy_keeps_awkward_text_intact(world: World, is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("COPY is PostgreSQL's")
    cell = build_cells([plan_for(world.a.survey)], CommentWriter())[0]
    comments = [
        'She said "call back tomorrow" \\ twice',
        "Tabs\tand\nnew lines\r\nstay",
        "Ñandú, ¿qué pasó? — 100% ✓",
        "\\N is not a null here",
        "back\\slash at the end\\",
    ]
    rows = [
        awkward_row(cell, number, {"trust": 0, "drivers_negative": ["ease"], "comments": text})
        for number, text in enumerate(comments)
    ]
    assert responses_copy(rows, period=PERIOD, progress=ignore) == len(rows)
    assert_stored_as_generated(rows)


def test_copy_statement_names_every_column_it_fills() -> None:
    statement = copy_statement()
    table = connection.ops.quote_name(Response._meta.db_table)
    assert statement.startswith(f"COPY {table} (")
    assert statement.endswith(") FROM STDIN")
    for column in ("uuid", "receipt_id", "organization_id", "survey_version_id", "answers"):
        assert connection.ops.quote_name(column) in statement
