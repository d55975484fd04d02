"""Responses made the way the public makes them: through the submission API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from govcx.responses.models import Response
from govcx.surveys.models import Survey

THUMBS_UP = {"trust": 1, "drivers_positive": ["ease", "efficiency"], "comments": "Quick and easy."}


def submit(
    survey: Survey,
    answers: dict[str, Any] | None = None,
    *,
    channel: str = "website",
    language: str = "en",
    page_url: str = "",
) -> Response:
    """POST one response to the public API and return the stored row."""
    reply = Client().post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        {
            "answers": THUMBS_UP if answers is None else answers,
            "channel": channel,
            "language": language,
            "page_url": page_url,
        },
        content_type="application/json",
    )
    assert reply.status_code == 201, reply.content
    return Response.objects.get(receipt_id=reply.json()["receipt_id"])


def received_at(response: Response, when: dt.datetime) -> Response:
    """Move a response in time: the API stamps "now", and date filters need other days."""
    Response.objects.filter(pk=response.pk).update(created_at=when)
    response.refresh_from_db()
    return response


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


def mark(response: Response, **states: bool) -> None:
    """Set spam / flagged / deleted states (triage has no service of its own yet)."""
    Response.objects.filter(pk=response.pk).update(**states)


def bulk_responses(survey: Survey, count: int) -> None:
    """Many valid responses at once, for tests that are about volume rather than intake."""
    assert survey.current_version is not None
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            organization_id=survey.organization_id,
            service_id=survey.service_id,
            survey=survey,
            survey_version=survey.current_version,
            channel="website",
            language="en",
            created_at=now - dt.timedelta(minutes=index),
            answers=THUMBS_UP,
        )
        for index in range(count)
    )
