"""Comments for the root-cause and coding tests, built the way the product stores them.

Responses go through `response_store` (so their free text is redacted like any other); the
analysed `Comment` rows and themes are written directly, standing in for the analysis job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone

from govcx.comments.models import AssignmentSource, Comment, SentimentLabel, Theme, ThemeOrigin
from govcx.registry.models import Organization
from govcx.responses.services import SpamMarks, response_store
from govcx.surveys.models import Survey

QUESTION_KEY = "comments"  # the free-text question of the A-11 version 2 survey


def make_theme(organization: Organization, name: str, **fields: object) -> Theme:
    now = timezone.now()
    return Theme.objects.create(
        organization=organization,
        name=name,
        origin=ThemeOrigin.DEFINED,
        created_at=now,
        updated_at=now,
        **fields,
    )


def store_comment(
    survey: Survey,
    text: str,
    *,
    negative: bool | None,
    drivers: Sequence[str] = (),
    theme: Theme | None = None,
    source: str | None = None,
    score: float | None = None,
    when: dt.datetime | None = None,
    spam: bool = False,
) -> Comment:
    """One stored response with its analysed comment; `negative=None`: no trust or driver."""
    assert survey.current_version is not None
    when = when or timezone.now() - dt.timedelta(hours=1)
    answers: dict[str, str | int | list[str]] = {QUESTION_KEY: text}
    if negative is not None:
        answers["trust"] = "0" if negative else "1"
    if drivers:
        answers["drivers_negative"] = list(drivers)
    stored = response_store(
        survey=survey,
        version=survey.current_version,
        answers=answers,
        channel="website",
        language="en",
        spam=SpamMarks(is_spam=spam),
        created_at=when,
    ).response
    if source is None:
        source = AssignmentSource.AUTOMATIC if theme is not None else AssignmentSource.NONE
    return Comment.objects.create(
        response=stored,
        question_key=QUESTION_KEY,
        organization_id=stored.organization_id,
        service_id=stored.service_id,
        created_at=stored.created_at,
        language="en",
        sentiment=SentimentLabel.NEGATIVE if negative else SentimentLabel.POSITIVE,
        is_negative=(negative or bool(drivers)) if negative is not None else None,
        negative_drivers=list(drivers),
        theme=theme,
        theme_score=score,
        theme_source=source,
        analysed_at=timezone.now(),
    )


def store_many(
    survey: Survey,
    count: int,
    *,
    negative: bool | None,
    theme: Theme | None = None,
    drivers: Sequence[str] = (),
    when: dt.datetime | None = None,
    text: str = "It took several weeks to hear back.",
) -> list[Comment]:
    return [
        store_comment(survey, text, negative=negative, theme=theme, drivers=drivers, when=when)
        for _ in range(count)
    ]
