"""Comments made the way they arrive: a response stored through `response_store` (so its free
text is redacted like any other), then the analysis job.

Two fixtures, both callables taking an `Agency` of the `world` fixture:

    def test_something(world, store_comment):
        comment = store_comment(world.a, "The wait was far too long", trust="0",
                                drivers_negative=["efficiency"])

- `store_comment(agency, text, *, trust="0", drivers_negative=(), drivers_positive=(),
  language="en", created_at=None) -> Comment` stores one response to the agency's A-11
  version 2 (thumbs) survey with `text` as its comment, runs `comments_analyse()` and returns
  the comment it made. `trust` is "1" (thumbs up) or "0" (thumbs down).
- `store_response(...)` takes the same arguments and only stores the response (the job is
  not run), for tests of the job itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from govcx.comments.analysis import comments_analyse
from govcx.comments.models import Comment
from govcx.responses.models import Response
from govcx.responses.services import response_store
from govcx.surveys.models import Survey
from tests.conftest import Agency

V2_COMMENT_KEY = "comments"  # the free-text question of the A-11 version 2 survey


def store_in(survey: Survey, answers: dict[str, Any], **fields: Any) -> Response:
    """Store a response to the survey's current version, as every channel does."""
    version = survey.current_version
    assert version is not None, "the survey is not published"
    fields.setdefault("channel", "website")
    fields.setdefault("language", "en")
    return response_store(survey=survey, version=version, answers=answers, **fields).response


def store_response(
    agency: Agency,
    text: str,
    *,
    trust: str = "0",
    drivers_negative: Sequence[str] = (),
    drivers_positive: Sequence[str] = (),
    language: str = "en",
    created_at: dt.datetime | None = None,
) -> Response:
    answers: dict[str, Any] = {"trust": int(trust), V2_COMMENT_KEY: text}
    if drivers_negative:
        answers["drivers_negative"] = list(drivers_negative)
    if drivers_positive:
        answers["drivers_positive"] = list(drivers_positive)
    return store_in(agency.survey, answers, language=language, created_at=created_at)


def store_comment(agency: Agency, text: str, **fields: Any) -> Comment:
    response = store_response(agency, text, **fields)
    comments_analyse()
    return Comment.objects.get(response=response, question_key=V2_COMMENT_KEY)


@pytest.fixture(name="store_response")
def store_response_fixture(db: None) -> Callable[..., Response]:
    return store_response


@pytest.fixture(name="store_comment")
def store_comment_fixture(db: None) -> Callable[..., Comment]:
    return store_comment
