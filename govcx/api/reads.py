"""Reading an organization's surveys and responses with its API key, for analysts and systems.

A key reads only its own organization's surveys; another organization's survey id answers 404,
exactly like an id that does not exist. Responses marked spam or deleted are left out unless
spam is asked for; deleted ones never come back.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Schema, Status
from pydantic import Field

from govcx.api.keys import ApiKeyAuth
from govcx.api.models import ApiKey

# The same router as submitting: one path answers both GET and POST.
from govcx.api.submissions import Problem, router
from govcx.responses.models import Response
from govcx.surveys.models import Survey

DEFAULT_PAGE = 100
MAX_PAGE = 1000
NOT_FOUND = "There is no survey with this id in your organization."


class SurveyOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    state: str
    service: str | None
    version: int | None = Field(description="The published version responses answer now.")
    omb_control_number: str
    omb_expiration_date: dt.date | None


class ResponseOut(Schema):
    id: uuid.UUID
    receipt_id: str
    created_at: dt.datetime
    survey_version: int
    channel: str
    language: str
    page_url: str
    answers: dict[str, Any]
    is_spam: bool
    spam_score: int
    spam_signals: list[str]


class ResponsePage(Schema):
    responses: list[ResponseOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class ResponseQuery(Schema):
    since: dt.datetime | None = Field(None, description="Only responses at or after this time.")
    include_spam: bool = Field(False, description="Include responses marked as spam.")
    limit: int = Field(DEFAULT_PAGE, ge=1, le=MAX_PAGE)
    cursor: str | None = Field(None, description="The next_cursor of the previous page.")


@router.get(
    "/surveys",
    response=list[SurveyOut],
    summary="List your organization's surveys",
    auth=ApiKeyAuth(),
)
def surveys_list(request: HttpRequest) -> list[dict[str, Any]]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    surveys = (
        Survey.objects.filter(organization_id=api_key.organization_id)
        .select_related("service", "current_version")
        .order_by("title", "pk")
    )
    return [_survey_out(survey) for survey in surveys]


def _survey_out(survey: Survey) -> dict[str, Any]:
    version = survey.current_version
    return {
        "id": survey.public_id,
        "title": survey.title,
        "kind": survey.kind,
        "state": survey.state,
        "service": survey.service.name if survey.service else None,
        "version": version.number if version else None,
        "omb_control_number": survey.omb_control_number,
        "omb_expiration_date": survey.omb_expiration_date,
    }


@router.get(
    "/surveys/{survey_id}/responses",
    response={200: ResponsePage, 404: Problem, 422: Problem},
    summary="Read a survey's responses, oldest first, a page at a time",
    auth=ApiKeyAuth(),
)
def responses_list(
    request: HttpRequest, survey_id: uuid.UUID, query: Query[ResponseQuery]
) -> Status[dict[str, Any]]:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    survey = Survey.objects.filter(
        public_id=survey_id, organization_id=api_key.organization_id
    ).first()
    if survey is None:
        return Status(404, {"detail": NOT_FOUND})
    after = _decode_cursor(query.cursor) if query.cursor else None
    if query.cursor and after is None:
        return Status(422, {"detail": "The request is not valid.", "errors": {"cursor": [BAD]}})
    rows = list(_responses(survey, query, after)[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    next_cursor = _encode_cursor(rows[-1]) if more else None
    return Status(
        200, {"responses": [_response_out(row) for row in rows], "next_cursor": next_cursor}
    )


BAD = "This cursor was not made by govcx; pass the next_cursor of the previous page."


def _responses(
    survey: Survey, query: ResponseQuery, after: tuple[dt.datetime, uuid.UUID] | None
) -> QuerySet[Response]:
    rows = Response.objects.filter(survey=survey, is_deleted=False).select_related("survey_version")
    if not query.include_spam:
        rows = rows.filter(is_spam=False)
    if query.since is not None:
        rows = rows.filter(created_at__gte=query.since)
    if after is not None:
        created_at, last_id = after
        rows = rows.filter(
            Q(created_at__gt=created_at) | Q(created_at=created_at, uuid__gt=last_id)
        )
    return rows.order_by("created_at", "uuid")


def _response_out(row: Response) -> dict[str, Any]:
    return {
        "id": row.uuid,
        "receipt_id": row.receipt_id,
        "created_at": row.created_at,
        "survey_version": row.survey_version.number,
        "channel": row.channel,
        "language": row.language,
        "page_url": row.page_url,
        "answers": row.answers,
        "is_spam": row.is_spam,
        "spam_score": row.spam_score,
        "spam_signals": row.spam_signals,
    }


def _encode_cursor(row: Response) -> str:
    text = f"{row.created_at.isoformat()}|{row.uuid}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID] | None:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created_at, _, last_id = text.partition("|")
        moment = dt.datetime.fromisoformat(created_at)
        return (moment, uuid.UUID(last_id)) if moment.tzinfo else None
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
