"""The paths that write comments without `response_store`: respondent files and the demo."""

from __future__ import annotations

import datetime as dt
import uuid

from govcx.demo.blueprint import SECOND_AGENCY
from govcx.demo.comments import CommentWriter
from govcx.demo.generate import GeneratedResponse, SurveyPlan, build_cells
from govcx.demo.period import DemoPeriod
from govcx.demo.writers import responses_write
from govcx.registry.services import redaction_pattern_create
from govcx.reporting.collections import detail_create, respondents_upload
from govcx.reporting.exports import detail_respondents_csv
from govcx.reporting.models import Collection, RespondentSource, SurveyType
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from tests.conftest import World

PHONE = "202-555-0143"
CLAIM = "CL-12345678"
HEADER = (
    "external_id,question_1,positive_effectiveness,positive_ease,positive_efficiency,"
    "positive_transparency,positive_humanity,positive_employee,positive_other,"
    "negative_effectiveness,negative_ease,negative_efficiency,negative_transparency,"
    "negative_humanity,negative_employee,negative_other,question_4"
)
NEGATIVE_FLAGS = "null,null,null,null,null,null,null,1,1,0,0,0,0,0"
PERIOD = DemoPeriod.ending(dt.datetime(2026, 11, 22, 15, tzinfo=dt.UTC))


def test_an_uploaded_files_comments_are_redacted_with_the_agencys_patterns(world: World) -> None:
    redaction_pattern_create(
        organization=world.a.organization,
        name="Claim number",
        label="CLAIM_NUMBER",
        pattern=r"\bCL-\d{8}\b",
        test_string="my claim CL-00000001",
        user=world.admin_a,
    )
    collection = Collection.objects.create(
        organization=world.a.organization, service=world.a.service, fiscal_year=2026, quarter=1
    )
    detail = detail_create(
        collection,
        user=world.manager_a,
        source=RespondentSource.UPLOAD,
        channel="phone",
        survey_type=SurveyType.THUMBS_UP_DOWN,
        survey_title="Phone follow-up",
        trust_question_text="I trust the agency to help me.",
    )
    lines = [
        HEADER,
        f'R-1,0,{NEGATIVE_FLAGS},"Claim {CLAIM} lost, call me at {PHONE}"',
        f"R-2,0,{NEGATIVE_FLAGS},Nobody answered",
    ]
    data = ("\n".join(lines) + "\n").encode()

    assert respondents_upload(detail, data=data, file_name="f.csv", user=world.manager_a) == 2

    first, second = detail.respondents.order_by("line")
    assert first.question_4 == "Claim [CLAIM_NUMBER] lost, call me at [PHONE]"
    assert [p["type"] for p in first.question_4_redactions] == ["CLAIM_NUMBER", "PHONE"]
    assert (second.question_4, second.question_4_redactions) == ("Nobody answered", [])
    exported = "".join(detail_respondents_csv(detail))
    assert CLAIM not in exported
    assert PHONE not in exported
    assert "[CLAIM_NUMBER]" in exported


def plan_for(survey: Survey) -> SurveyPlan:
    assert survey.current_version is not None
    return SurveyPlan(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey_id=survey.pk,
        version_id=survey.current_version.pk,
        kind=survey.kind,
        structure=survey.current_version.parsed(),
        service=SECOND_AGENCY.services[0],
        website="https://www.agency-a.example.gov",
    )


def test_generated_comments_are_redacted_on_both_writers(world: World) -> None:
    """COPY on PostgreSQL, bulk inserts elsewhere: the test runs whichever the database has."""
    cell = build_cells([plan_for(world.a.survey)], CommentWriter())[0]
    comments = [f"Call me at {PHONE} please", "The office was clean", f"Call me at {PHONE} please"]
    rows = [
        GeneratedResponse(
            cell=cell,
            uuid_int=uuid.uuid4().int,
            receipt_id=f"DEMO{number:06d}",
            language="en",
            hour_index=0,
            second=number,
            answers={"trust": 0, "drivers_negative": ["ease"], "comments": text},
            page_url="",
            is_spam=False,
            is_flagged=False,
        )
        for number, text in enumerate(comments)
    ]

    assert responses_write(rows, period=PERIOD, progress=lambda _written: None) == 3

    stored = {r.receipt_id: r for r in Response.objects.all()}
    assert stored["DEMO000000"].answers["comments"] == "Call me at [PHONE] please"
    assert stored["DEMO000000"].redactions == {
        "comments": [{"type": "PHONE", "start": 11, "end": 18}]
    }
    assert stored["DEMO000001"].answers["comments"] == "The office was clean"
    assert stored["DEMO000001"].redactions == {}
    assert stored["DEMO000002"].answers == stored["DEMO000000"].answers
