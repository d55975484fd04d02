"""Every write to responses. A response is committed before anyone is told it was received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from govcx.registry.models import User
from govcx.responses.models import CountChange, Response, SpamDecision
from govcx.surveys.models import Survey, SurveyVersion
from govcx.surveys.validation import Answer


@dataclass(frozen=True)
class SpamMarks:
    """The spam score given on arrival, and whether it reached the threshold."""

    score: int = 0
    signals: Sequence[str] = ()
    is_spam: bool = False


@dataclass(frozen=True)
class StoredResponse:
    response: Response
    # True when the idempotency key had already stored this response: nothing new was written.
    replayed: bool = False


def response_store(
    *,
    survey: Survey,
    version: SurveyVersion,
    answers: dict[str, Answer],
    channel: str,
    language: str,
    page_url: str = "",
    user_agent: str = "",
    ip_address: str | None = None,
    spam: SpamMarks | None = None,
    idempotency_key: str | None = None,
    created_at: dt.datetime | None = None,
) -> StoredResponse:
    """Store a response, or find the one its idempotency key already stored.

    The unique index on (survey, idempotency_key) decides between concurrent retries: the
    second insert waits for the first to commit, fails, and then finds the first's row. No
    read-before-write is involved, so two retries can never both store a row.
    """
    if version.survey_id != survey.pk:
        raise ValueError("The version belongs to another survey.")
    spam = spam or SpamMarks()
    keep_ip = survey.organization.collect_ip_addresses
    row = Response(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=version,
        channel=channel,
        language=language,
        created_at=created_at or timezone.now(),
        answers=answers,
        page_url=page_url[:2000],
        user_agent=user_agent[:500],
        ip_address=ip_address if keep_ip else None,
        is_spam=spam.is_spam,
        spam_score=spam.score,
        spam_signals=list(spam.signals),
        idempotency_key=idempotency_key or None,
    )
    try:
        with transaction.atomic():
            row.save(force_insert=True)
            if row.counts:
                _record_count_change(row, +1)
    except IntegrityError:
        earlier = _stored_with_key(survey, idempotency_key)
        if earlier is None:
            raise
        return StoredResponse(response=earlier, replayed=True)
    return StoredResponse(response=row)


def _stored_with_key(survey: Survey, idempotency_key: str | None) -> Response | None:
    if not idempotency_key:
        return None
    return Response.objects.filter(survey=survey, idempotency_key=idempotency_key).first()


def _record_count_change(response: Response, delta: int) -> None:
    CountChange.objects.create(response=response, delta=delta, created_at=timezone.now())


STATE_FIELDS = ("is_spam", "is_flagged", "is_deleted")


def _lock(response: Response) -> None:
    """Lock the row and reread its states, so that a count change is judged against the truth.

    Two people acting at once queue here; the second sees the first one's states rather than
    the ones its page was drawn with, and never logs a change that did not happen.
    """
    states = Response.objects.select_for_update().filter(pk=response.pk).values(*STATE_FIELDS).get()
    for name, value in states.items():
        setattr(response, name, value)


def _change_states(response: Response, **states: bool) -> None:
    """Set state flags and, when that changes whether the response counts, log the change."""
    counted_before = response.counts
    for name, value in states.items():
        setattr(response, name, value)
    response.save(update_fields=list(states))
    if response.counts != counted_before:
        _record_count_change(response, +1 if response.counts else -1)


@transaction.atomic
def response_mark_spam(*, response: Response, user: User, is_spam: bool) -> Response:
    """A person rules that a response is (or is not) spam; their ruling overrides the score.

    The spam score stays as computed on arrival: it explains the first guess, while `is_spam`
    decides whether the response counts.
    """
    _lock(response)
    _change_states(response, is_spam=is_spam)
    SpamDecision.objects.create(
        response=response, user=user, is_spam=is_spam, created_at=timezone.now()
    )
    return response


@transaction.atomic
def response_set_flag(*, response: Response, user: User, is_flagged: bool) -> Response:
    """Set a response aside for review (it stops counting), or take it back."""
    _lock(response)
    _change_states(response, is_flagged=is_flagged)
    return response


@transaction.atomic
def response_delete(*, response: Response, user: User) -> Response:
    """Delete a response: it leaves every list, count and export, for everyone.

    The row stays (soft deletion) so that figures already published can be explained.
    """
    _lock(response)
    _change_states(response, is_deleted=True)
    return response
