"""Every write to responses. A response is committed before anyone is told it was received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from govcx.lib.redaction import AgencyPattern, redact
from govcx.registry.models import Organization, User
from govcx.registry.selectors import redaction_patterns_compiled
from govcx.responses.models import CountChange, OriginalComment, Response, SpamDecision
from govcx.responses.originals import originals_keep
from govcx.responses.redaction import (
    answers_redact,
    free_text_keys,
    page_url_redact,
    positions_after,
)
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

    Every free-text answer is redacted first (the one place every channel passes through),
    and its original is kept encrypted only when the organization's policy says so. The
    spam score is computed by the caller beforehand, from the text as written.

    The unique index on (survey, idempotency_key) decides between concurrent retries: the
    second insert waits for the first to commit, fails, and then finds the first's row. No
    read-before-write is involved, so two retries can never both store a row.
    """
    if version.survey_id != survey.pk:
        raise ValueError("The version belongs to another survey.")
    spam = spam or SpamMarks()
    organization = survey.organization
    patterns = redaction_patterns_compiled(organization.pk)
    redacted = answers_redact(
        structure=version.parsed(), answers=answers, language=language, patterns=patterns
    )
    # The caller's answers become what is stored: nothing after this point in the request
    # holds the original text, and a retry is compared with the stored answers, like for like.
    answers.update(redacted.answers)
    keep_ip = organization.collect_ip_addresses
    row = Response(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey=survey,
        survey_version=version,
        channel=channel,
        language=language,
        created_at=created_at or timezone.now(),
        answers=redacted.answers,
        redactions=redacted.redactions,
        page_url=page_url_redact(page_url, language=language, patterns=patterns)[:2000],
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
            originals_keep(response=row, organization=organization, originals=redacted.originals)
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

    The row stays (soft deletion) so that figures already published can be explained; the
    originals of its comments, which no figure needs, go.
    """
    _lock(response)
    _change_states(response, is_deleted=True)
    OriginalComment.objects.filter(response=response).delete()
    return response


# --- redacting stored comments again ---------------------------------------------------------

REDACT_AGAIN_BATCH = 1000


@dataclass
class RedactAgainCounts:
    read: int = 0
    changed: int = 0  # responses
    answers: int = 0  # answers changed in them
    originals_kept: int = 0


@dataclass
class _Run:
    organization: Organization
    patterns: Sequence[AgencyPattern]
    dry_run: bool
    counts: RedactAgainCounts = field(default_factory=RedactAgainCounts)
    keys: dict[int, frozenset[str]] = field(default_factory=dict)  # per survey version


def responses_redact_again(
    *, organization: Organization, dry_run: bool = False, batch_size: int = REDACT_AGAIN_BATCH
) -> RedactAgainCounts:
    """Run an organization's stored free-text answers through the redactor again, such as
    after a pattern was added. Placeholders already there are left as they are, so a second
    run changes nothing.

    Batches by primary key, each in its own transaction: a run can stop anywhere and start
    again. An answer redacted for the first time is as its customer wrote it, so its original
    is kept if the policy says so; an original discarded earlier is never brought back.
    """
    run = _Run(organization, redaction_patterns_compiled(organization.pk), dry_run)
    rows = Response.objects.filter(organization=organization).order_by("pk")
    rows = rows.only(
        "pk", "uuid", "answers", "redactions", "language", "survey_version_id", "page_url"
    )
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:batch_size]):
        _batch_redact_again(run, batch)
        last = batch[-1].pk
    return run.counts


@transaction.atomic
def _batch_redact_again(run: _Run, batch: list[Response]) -> None:
    _free_text_keys_load(run, {response.survey_version_id for response in batch})
    changed = []
    for response in batch:
        originals = _response_redact_again(run, response)
        if originals is None:
            continue
        changed.append(response)
        if not run.dry_run:
            run.counts.originals_kept += originals_keep(
                response=response, organization=run.organization, originals=originals
            )
    run.counts.read += len(batch)
    run.counts.changed += len(changed)
    if changed and not run.dry_run:
        Response.objects.bulk_update(changed, ["answers", "redactions", "page_url"])


def _free_text_keys_load(run: _Run, version_ids: set[int]) -> None:
    missing = version_ids - run.keys.keys()
    for version in SurveyVersion.objects.filter(pk__in=missing).only("structure"):
        run.keys[version.pk] = free_text_keys(version.parsed())


def _response_redact_again(run: _Run, response: Response) -> dict[str, str] | None:
    """Redact one response's answers in place; the originals of answers redacted for the first
    time, or None when nothing changed."""
    keys = run.keys.get(response.survey_version_id, frozenset())
    originals: dict[str, str] = {}
    page_url = page_url_redact(response.page_url, language=response.language, patterns=run.patterns)
    changed = page_url != response.page_url
    response.page_url = page_url
    for key, value in list(response.answers.items()):
        if key not in keys or not isinstance(value, str) or not value:
            continue
        result = redact(value, language=response.language, patterns=run.patterns)
        if not result.changed:
            continue
        earlier = response.redactions.get(key, [])
        if not earlier:
            originals[key] = value
        response.answers[key] = result.text
        response.redactions = {**response.redactions, key: positions_after(earlier, result)}
        run.counts.answers += 1
        changed = True
    return originals if changed else None
