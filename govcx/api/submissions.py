"""Submitting responses: one at a time from browsers and apps, in batches from apps and systems.

`POST /api/v1/surveys/{survey_id}/responses` takes a response with or without an API key; a
browser may post only from the survey's allowed origins. `POST /api/v1/responses/batch` takes up
to 500 responses with an API key and answers for each one. Every path ends in the same
`submission_receive` as the hosted page, so the rules are the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.params import functions as param_functions
from pydantic import ConfigDict, Field

from govcx.api.keys import ApiKeyAuth
from govcx.api.models import ApiKey
from govcx.collection.guards import origin_refusal, rate_limited_message
from govcx.collection.limits import client_ip, submission_rate_check
from govcx.collection.services import (
    SubmissionMeta,
    SubmissionOutcome,
    SurveyClosedError,
    submission_receive,
)
from govcx.collection.spam import SpamEvidence
from govcx.surveys.models import Survey
from govcx.surveys.selectors import survey_for_respondents

router = Router(tags=["responses"])

NOT_FOUND = "There is no published survey with this id."
CLOSED = "This survey is closed and no longer accepts responses."
OTHER_ORGANIZATION = "This API key belongs to another organization; it cannot post to this survey."


class Anonymous:
    """The caller of an endpoint that takes an API key but does not need one."""


class OptionalApiKeyAuth(ApiKeyAuth):
    """No Authorization header: anonymous. A header with a key that is not valid: 401."""

    def __call__(self, request: HttpRequest) -> ApiKey | Anonymous | None:
        if "Authorization" not in request.headers:
            return Anonymous()
        return super().__call__(request)


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(
        description='Answers keyed by question key, e.g. {"trust": 1, "comments": "…"}.'
    )
    channel: str = Field("website", description="The A-11 channel the response came through.")
    language: str = Field("en", max_length=16, description="The respondent's language tag.")
    page_url: str = Field("", max_length=2000, description="Where the survey was answered.")
    honeypot: str = Field(
        "",
        max_length=2000,
        description="The value of a form field hidden from people. Leave it empty.",
    )
    seconds_to_complete: float | None = Field(
        None, ge=0, description="Seconds from showing the survey to sending it, if known."
    )


class ResponseCreated(Schema):
    id: uuid.UUID
    receipt_id: str
    created_at: dt.datetime


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


IDEMPOTENCY_HELP = (
    "A key of your choosing, unique to this response (a UUID is a good choice). Sending the "
    "same key again returns the stored response with status 200 instead of storing it twice."
)


@router.post(
    "/surveys/{survey_id}/responses",
    response={
        200: ResponseCreated,
        201: ResponseCreated,
        401: Problem,
        403: Problem,
        404: Problem,
        410: Problem,
        413: Problem,
        422: Problem,
        429: Problem,
    },
    summary="Submit one response to a published survey",
    description=(
        "No API key is needed. With one (`Authorization: Bearer gcx_…`) the survey must belong "
        "to the key's organization and the key's own rate limit applies. A browser may post "
        "only from govcx's pages and the survey's allowed origins. 201: stored. 200: this "
        "Idempotency-Key already stored this response. 429: wait for `Retry-After` seconds."
    ),
    auth=OptionalApiKeyAuth(),
)
def response_submit(
    request: HttpRequest,
    response: HttpResponse,
    survey_id: uuid.UUID,
    payload: ResponseIn,
    idempotency_key: Annotated[
        str | None, param_functions.Header(alias="Idempotency-Key", description=IDEMPOTENCY_HELP)
    ] = None,
) -> Status[dict[str, Any]]:
    survey = survey_for_respondents(survey_id)
    if survey is None or survey.current_version_id is None:
        return Status(404, {"detail": NOT_FOUND})
    api_key = request.auth if isinstance(request.auth, ApiKey) else None  # type: ignore[attr-defined]
    refusal = _caller_refusal(request, survey, api_key)
    if refusal is not None:
        return refusal
    rate = submission_rate_check(
        request, survey=survey, api_key_prefix=api_key.prefix if api_key else None
    )
    if rate.retry_after is not None:
        response["Retry-After"] = str(rate.retry_after)
        return Status(429, {"detail": rate_limited_message(rate.retry_after)})
    meta = SubmissionMeta(
        channel=payload.channel,
        language=payload.language,
        page_url=payload.page_url,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=client_ip(request),
        idempotency_key=idempotency_key,
        evidence=SpamEvidence(
            honeypot=payload.honeypot,
            seconds_to_complete=payload.seconds_to_complete,
            recent_from_source=rate.from_source,
        ),
    )
    return _receive(survey, payload.answers, meta, response)


def _caller_refusal(
    request: HttpRequest, survey: Survey, api_key: ApiKey | None
) -> Status[dict[str, Any]] | None:
    """Why this caller may not post to this survey, or None when it may."""
    if api_key is not None:
        if api_key.organization_id != survey.organization_id:
            return Status(403, {"detail": OTHER_ORGANIZATION})
        return None
    refusal = origin_refusal(request, survey)
    if refusal:
        return Status(403, {"detail": refusal["origin"][0], "errors": refusal})
    return None


def _receive(
    survey: Survey, answers: dict[str, Any], meta: SubmissionMeta, response: HttpResponse
) -> Status[dict[str, Any]]:
    try:
        outcome = submission_receive(
            survey=survey, raw_answers=answers, meta=meta, today=timezone.localdate()
        )
    except SurveyClosedError:
        return Status(410, {"detail": CLOSED})
    if outcome.response is None:
        return Status(422, {"detail": "Some answers are not valid.", "errors": outcome.errors})
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(200 if outcome.replayed else 201, created_body(outcome))


def created_body(outcome: SubmissionOutcome) -> dict[str, Any]:
    stored = outcome.response
    assert stored is not None
    return {"id": stored.uuid, "receipt_id": stored.receipt_id, "created_at": stored.created_at}
