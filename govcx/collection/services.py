"""The one path from raw answers to a stored response, shared by every channel."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from govcx.collection.spam import SpamEvidence, spam_assess
from govcx.lib.a11 import CHANNELS
from govcx.responses.models import Response
from govcx.responses.services import SpamMarks, response_store
from govcx.surveys.models import Survey
from govcx.surveys.selectors import is_open_for_responses
from govcx.surveys.validation import Answer, validate_answers

LANGUAGE_TAG_LENGTH = 16
IDEMPOTENCY_KEY_FIELD = "Idempotency-Key"
# Printable ASCII without spaces: what clients put in a header, and safe to show back.
IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class SurveyClosedError(Exception):
    """The survey is not taking responses (not published, archived or past its OMB expiry)."""


@dataclass
class SubmissionOutcome:
    response: Response | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    # The idempotency key had stored this response before; nothing new was written.
    replayed: bool = False


@dataclass(frozen=True)
class SubmissionMeta:
    """Everything about a submission besides its answers."""

    channel: str
    language: str
    page_url: str = ""
    user_agent: str = ""
    ip_address: str | None = None
    idempotency_key: str | None = None
    evidence: SpamEvidence = field(default_factory=SpamEvidence)
    # When an app answered offline and sends later; None means now.
    answered_at: dt.datetime | None = None


def metadata_errors(meta: SubmissionMeta) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if meta.channel not in CHANNELS:
        errors["channel"] = [f"“{meta.channel}” is not an A-11 channel."]
    if not meta.language or len(meta.language) > LANGUAGE_TAG_LENGTH:
        errors["language"] = ["Give a language tag such as en or es."]
    if meta.idempotency_key is not None and not IDEMPOTENCY_KEY.match(meta.idempotency_key):
        errors[IDEMPOTENCY_KEY_FIELD] = [
            "Use 1 to 255 printable characters without spaces, such as a UUID."
        ]
    return errors


def submission_receive(
    *, survey: Survey, raw_answers: Mapping[str, Any], meta: SubmissionMeta, today: dt.date
) -> SubmissionOutcome:
    """Validate and store one submission; nothing is stored unless everything is valid.

    A submission whose idempotency key already stored a response returns that response, or an
    error when the answers differ: one key stands for one set of answers.
    """
    if not is_open_for_responses(survey, today):
        raise SurveyClosedError(survey.public_id)
    version = survey.current_version
    assert version is not None
    structure = version.parsed()
    result = validate_answers(structure, raw_answers)
    errors = {**metadata_errors(meta), **result.errors}
    if errors:
        return SubmissionOutcome(errors=errors)
    assessment = spam_assess(meta.evidence, structure, result.answers)
    stored = response_store(
        survey=survey,
        version=version,
        answers=result.answers,
        channel=meta.channel,
        language=meta.language,
        page_url=meta.page_url,
        user_agent=meta.user_agent,
        ip_address=meta.ip_address,
        spam=SpamMarks(assessment.score, assessment.signals, assessment.is_spam),
        idempotency_key=meta.idempotency_key,
        created_at=meta.answered_at,
    )
    if stored.replayed and not _same_submission(stored.response, result.answers, meta):
        return SubmissionOutcome(errors={IDEMPOTENCY_KEY_FIELD: [KEY_REUSED]})
    return SubmissionOutcome(response=stored.response, replayed=stored.replayed)


KEY_REUSED = "This key was already used for a different response; use a new key for new answers."


def _same_submission(response: Response, answers: dict[str, Answer], meta: SubmissionMeta) -> bool:
    return (
        response.answers == answers
        and response.channel == meta.channel
        and response.language == meta.language
    )
