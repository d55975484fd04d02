"""One row per response: answers as JSON, and real columns for everything filtered on."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from govcx.lib.a11 import channel_choices
from govcx.registry.models import Organization, Service
from govcx.surveys.models import Survey, SurveyVersion

# Crockford's base32 without I, L, O, U: easy to read aloud on the phone.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 10


def new_receipt_id() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


class Response(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    receipt_id = models.CharField(max_length=RECEIPT_LENGTH, unique=True, default=new_receipt_id)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    survey_version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=30, choices=channel_choices())
    language = models.CharField(max_length=16)
    created_at = models.DateTimeField()
    answers = models.JSONField()
    # Where personal information was removed from free-text answers, never what it was:
    # {question key: [{"type": "PHONE", "start": 10, "end": 17}, ...]}, positions of each
    # placeholder in the stored (redacted) text.
    redactions = models.JSONField(default=dict, blank=True)
    page_url = models.TextField(blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    is_spam = models.BooleanField(default=False)
    is_flagged = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    # 0 (no sign of abuse) to 100, from the signals named in `spam_signals`; a response at or
    # above the threshold is stored with is_spam set, and a manager can overrule either way.
    spam_score = models.PositiveSmallIntegerField(default=0)
    spam_signals = models.JSONField(default=list, blank=True)
    # A client's key for one submission: a retry with the same key finds this row instead of
    # adding another. Unique per survey in the database, so concurrent retries cannot both land.
    # NULL, not "", for "no key": NULLs never collide in the unique index.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="response_idempotency_key_per_survey",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "created_at"], name="response_org_time"),
            models.Index(fields=["survey", "created_at"], name="response_survey_time"),
            models.Index(fields=["service", "created_at"], name="response_service_time"),
        ]

    def __str__(self) -> str:
        return f"Response {self.receipt_id}"

    @property
    def counts(self) -> bool:
        """Whether this response counts in figures: not spam, not set aside, not deleted."""
        return not (self.is_spam or self.is_flagged or self.is_deleted)


# The rule behind `Response.counts`, for querysets: every figure govcx publishes obeys it.
COUNTED = models.Q(is_spam=False, is_flagged=False, is_deleted=False)


class CountChange(models.Model):
    """A response started (+1) or stopped (-1) counting, in the transaction that changed it.

    This is the log later stages read to keep their tallies current without rescanning every
    response: a reader applies a change and deletes it in one transaction, so each change is
    counted exactly once whatever fails in between. Responses know nothing of those readers.
    """

    id = models.BigAutoField(primary_key=True)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    delta = models.SmallIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delta__in=[-1, 1]), name="count_change_is_one_either_way"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} {self.delta:+d}"


class SpamDecision(models.Model):
    """A person's ruling that a response is or is not spam, kept as the record of who and when.

    The response's `is_spam` holds the newest ruling and is what every count obeys; its
    `spam_score` stays as computed on arrival, so the two can disagree on purpose.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="spam_decisions")
    # Deleting an account blanks who decided; the ruling stays.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_spam = models.BooleanField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["response", "created_at", "id"]

    def __str__(self) -> str:
        verdict = "spam" if self.is_spam else "not spam"
        return f"{self.response} marked {verdict} by {self.user}"


class OriginalComment(models.Model):
    """A free-text answer as the customer wrote it, encrypted, kept only when the
    organization's policy says so. Readable only by original comment readers, and each
    reading is an AuditEvent."""

    id = models.BigAutoField(primary_key=True)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="original_comments"
    )
    question_key = models.SlugField(max_length=60)
    ciphertext = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="one_original_per_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"original of {self.response_id}:{self.question_key}"
