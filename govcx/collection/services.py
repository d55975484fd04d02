"""The one path from raw answers to a stored response, shared by every channel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govcx.lib.a11 import CHANNELS
from govcx.responses.models import Response
from govcx.responses.services import response_create
from govcx.surveys.models import Survey
from govcx.surveys.selectors import is_open_for_responses
from govcx.surveys.validation import validate_answers

LANGUAGE_TAG_LENGTH = 16


class SurveyClosedError(Exception):
    """The survey is not taking responses (not published, archived or past its OMB expiry)."""


@dataclass
class SubmissionOutcome:
    response: Response | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _metadata_errors(channel: str, language: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if channel not in CHANNELS:
        errors["channel"] = [f"“{channel}” is not an A-11 channel."]
    if not language or len(language) > LANGUAGE_TAG_LENGTH:
        errors["language"] = ["Give a language tag such as en or es."]
    return errors


def submission_receive(
    *,
    survey: Survey,
    raw_answers: Mapping[str, Any],
    channel: str,
    language: str,
    today: dt.date,
    page_url: str = "",
    user_agent: str = "",
    ip_address: str | None = None,
) -> SubmissionOutcome:
    """Validate and store one submission; nothing is stored unless everything is valid."""
    if not is_open_for_responses(survey, today):
        raise SurveyClosedError(survey.public_id)
    assert survey.current_version is not None
    result = validate_answers(survey.current_version.parsed(), raw_answers)
    errors = {**_metadata_errors(channel, language), **result.errors}
    if errors:
        return SubmissionOutcome(errors=errors)
    response = response_create(
        survey=survey,
        version=survey.current_version,
        answers=result.answers,
        channel=channel,
        language=language,
        page_url=page_url,
        user_agent=user_agent,
        ip_address=ip_address,
    )
    return SubmissionOutcome(response=response)
