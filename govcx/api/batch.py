"""POST /api/v1/responses/batch: up to 500 responses an app queued offline, in one request.

Each item is checked and stored on its own, so one bad item never rejects the others, and each
gets its own result: stored, duplicate (its idempotency key had stored it already) or error,
with the errors named by field. Items are answered in the order they were sent.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field, ValidationError

from govcx.api.keys import ApiKeyAuth
from govcx.api.models import ApiKey
from govcx.api.submissions import Problem, created_body
from govcx.collection.guards import rate_limited_message
from govcx.collection.limits import submission_rate_check
from govcx.collection.services import SubmissionMeta, SurveyClosedError, submission_receive
from govcx.collection.spam import SpamEvidence
from govcx.surveys.models import Survey, SurveyState

router = Router(tags=["responses"])

MAX_BATCH_ITEMS = 500
# An app may hold answers offline for a while, but not for longer than a year.
OLDEST_ANSWER = dt.timedelta(days=366)
CLOCK_SKEW = dt.timedelta(minutes=5)
NOT_YOURS = "There is no published survey with this id in your organization."


class BatchItemIn(Schema):
    """One queued response, as in the single-response endpoint plus its own idempotency key."""

    model_config = ConfigDict(extra="forbid")

    survey_id: uuid.UUID
    answers: dict[str, Any]
    channel: str = "mobile_app"
    language: str = Field("en", max_length=16)
    page_url: str = Field("", max_length=2000)
    idempotency_key: str | None = Field(
        None, description="Unique to this response; a retried batch then stores it once."
    )
    answered_at: dt.datetime | None = Field(
        None, description="When the person answered, with a time zone; default: on arrival."
    )
    seconds_to_complete: float | None = Field(None, ge=0)


class BatchIn(Schema):
    responses: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=MAX_BATCH_ITEMS,
        description=(
            "1 to 500 items, each shaped like BatchItem: survey_id, answers, and optionally "
            "channel (default mobile_app), language, page_url, idempotency_key, answered_at "
            "and seconds_to_complete. An item that is not valid is reported, not fatal."
        ),
    )


class BatchItemResult(Schema):
    index: int = Field(description="The item's position in the request, from 0.")
    status: Literal["stored", "duplicate", "error"]
    id: uuid.UUID | None = None
    receipt_id: str | None = None
    created_at: dt.datetime | None = None
    errors: dict[str, list[str]] = Field(default_factory=dict)


class BatchOut(Schema):
    stored: int
    duplicates: int
    errors: int
    results: list[BatchItemResult]


@router.post(
    "/responses/batch",
    response={200: BatchOut, 401: Problem, 413: Problem, 422: Problem, 429: Problem},
    summary="Submit up to 500 responses at once",
    description=(
        "For apps that queue answers offline. Needs an API key; every survey named must belong "
        "to the key's organization. Always 200 when the request itself is sound: read each "
        "item's status. The batch counts once against the key's rate limit."
    ),
    auth=ApiKeyAuth(),
)
def responses_batch(
    request: HttpRequest, response: HttpResponse, payload: BatchIn
) -> Status[dict[str, Any]]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    rate = submission_rate_check(request, survey=None, api_key_prefix=api_key.prefix)
    if rate.retry_after is not None:
        response["Retry-After"] = str(rate.retry_after)
        return Status(429, {"detail": rate_limited_message(rate.retry_after)})
    items = [_parse(raw) for raw in payload.responses]
    surveys = _surveys(api_key, (item.survey_id for item in items if isinstance(item, BatchItemIn)))
    user_agent = request.headers.get("User-Agent", "")
    results = [
        _store(item, surveys, user_agent) if isinstance(item, BatchItemIn) else item
        for index, item in enumerate(items)
    ]
    for index, result in enumerate(results):
        result["index"] = index
    return Status(200, _summary(results))


def _parse(raw: dict[str, Any]) -> BatchItemIn | dict[str, Any]:
    try:
        return BatchItemIn.model_validate(raw)
    except ValidationError as error:
        return _error(_pydantic_errors(error))


def _pydantic_errors(error: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "item"
        errors.setdefault(field, []).append(problem["msg"])
    return errors


def _surveys(api_key: ApiKey, survey_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Survey]:
    """The key's organization's published surveys among those named, in one query."""
    found = Survey.objects.filter(
        public_id__in=set(survey_ids),
        organization_id=api_key.organization_id,
        state=SurveyState.PUBLISHED,
        current_version__isnull=False,
    ).select_related("organization", "current_version")
    return {survey.public_id: survey for survey in found}


def _store(item: BatchItemIn, surveys: dict[uuid.UUID, Survey], user_agent: str) -> dict[str, Any]:
    survey = surveys.get(item.survey_id)
    if survey is None:
        return _error({"survey_id": [NOT_YOURS]})
    time_problem = _answered_at_problem(item.answered_at)
    if time_problem:
        return _error({"answered_at": [time_problem]})
    meta = SubmissionMeta(
        channel=item.channel,
        language=item.language,
        page_url=item.page_url,
        user_agent=user_agent,
        idempotency_key=item.idempotency_key,
        evidence=SpamEvidence(seconds_to_complete=item.seconds_to_complete),
        answered_at=item.answered_at,
    )
    try:
        outcome = submission_receive(
            survey=survey, raw_answers=item.answers, meta=meta, today=timezone.localdate()
        )
    except SurveyClosedError:
        return _error({"survey_id": ["This survey is closed and no longer accepts responses."]})
    if outcome.response is None:
        return _error(outcome.errors)
    return {"status": "duplicate" if outcome.replayed else "stored", **created_body(outcome)}


def _answered_at_problem(answered_at: dt.datetime | None) -> str:
    if answered_at is None:
        return ""
    if answered_at.tzinfo is None:
        return "Give the time with its time zone, e.g. 2026-11-30T14:05:00Z."
    now = timezone.now()
    if answered_at > now + CLOCK_SKEW:
        return "This time is in the future."
    if answered_at < now - OLDEST_ANSWER:
        return "This time is more than a year ago; such answers cannot be added."
    return ""


def _error(errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"status": "error", "errors": errors}


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    statuses = [result["status"] for result in results]
    return {
        "stored": statuses.count("stored"),
        "duplicates": statuses.count("duplicate"),
        "errors": statuses.count("error"),
        "results": results,
    }
