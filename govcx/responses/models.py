"""One row per response: answers as JSON, and real columns for everything filtered on."""

from __future__ import annotations

import secrets
import uuid

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
    page_url = models.TextField(blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    is_spam = models.BooleanField(default=False)
    is_flagged = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "created_at"], name="response_org_time"),
            models.Index(fields=["survey", "created_at"], name="response_survey_time"),
            models.Index(fields=["service", "created_at"], name="response_service_time"),
        ]

    def __str__(self) -> str:
        return f"Response {self.receipt_id}"
