"""POST /api/v1/surveys/{survey_id}/responses: the same validator as the hosted page."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from govcx.collection.services import SurveyClosedError, submission_receive
from govcx.surveys.selectors import survey_for_respondents

router = Router(tags=["responses"])


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(
        description='Answers keyed by question key, e.g. {"trust": 1, "comments": "…"}.'
    )
    channel: str = Field("website", description="The A-11 channel the response came through.")
    language: str = Field("en", max_length=16, description="The respondent's language tag.")
    page_url: str = Field("", max_length=2000, description="Where the survey was answered.")


class ResponseCreated(Schema):
    id: uuid.UUID
    receipt_id: str
    created_at: dt.datetime


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


@router.post(
    "/{survey_id}/responses",
    response={201: ResponseCreated, 404: Problem, 410: Problem, 422: Problem},
    summary="Submit one response to a published survey",
    auth=None,
)
def response_submit(
    request: HttpRequest, survey_id: uuid.UUID, payload: ResponseIn
) -> Status[dict[str, Any]]:
    survey = survey_for_respondents(survey_id)
    if survey is None or survey.current_version_id is None:
        return Status(404, {"detail": "There is no published survey with this id."})
    try:
        outcome = submission_receive(
            survey=survey,
            raw_answers=payload.answers,
            channel=payload.channel,
            language=payload.language,
            page_url=payload.page_url,
            user_agent=request.headers.get("User-Agent", ""),
            ip_address=request.META.get("REMOTE_ADDR"),
            today=timezone.localdate(),
        )
    except SurveyClosedError:
        return Status(410, {"detail": "This survey is closed and no longer accepts responses."})
    if outcome.response is None:
        return Status(422, {"detail": "Some answers are not valid.", "errors": outcome.errors})
    response = outcome.response
    return Status(
        201,
        {"id": response.uuid, "receipt_id": response.receipt_id, "created_at": response.created_at},
    )
