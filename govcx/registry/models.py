"""Who runs which service: agencies, their High Impact Service Providers, services and people."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from govcx.lib.a11 import CHANNELS, channel_choices, service_kind_choices
from govcx.lib.fiscal import QUARTERS_PER_YEAR, FiscalQuarter


class User(AbstractUser):
    """A person who signs in to govcx. Members of the public never have an account."""

    email = models.EmailField("email address", blank=True)


class Organization(models.Model):
    """An agency, or a bureau inside one (via `parent`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, unique=True)
    email_domains = models.JSONField(default=list, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    require_survey_approval = models.BooleanField(
        default=False, help_text="Surveys must be submitted and approved before publication."
    )
    collect_ip_addresses = models.BooleanField(
        default=False, help_text="Store the IP address a response came from."
    )
    survey_fatigue_days = models.PositiveSmallIntegerField(
        default=0,
        help_text=(
            "After a visitor is shown or answers one of this organization's embedded surveys, "
            "none is offered to them again for this many days (0: no pause)."
        ),
    )
    minimum_group_size = models.PositiveSmallIntegerField(
        default=10,
        help_text="Figures about fewer respondents or cases than this are suppressed everywhere.",
    )
    keep_original_comments = models.BooleanField(
        default=False,
        help_text=(
            "Keep each comment's original text, before personal information was removed, "
            "encrypted; only original comment readers can read it, and every reading is "
            "recorded. Otherwise the original is discarded."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceProvider(models.Model):
    """A High Impact Service Provider (HISP) as designated under A-11 Section 280."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="service_providers"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    department = models.CharField(max_length=200, blank=True)
    bureau = models.CharField(max_length=200, blank=True)
    year_designated = models.PositiveSmallIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="provider_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


def validate_channels(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Channels must be a list of channel names.")
    unknown = sorted(set(value) - set(CHANNELS))
    if unknown:
        raise ValidationError(f"Unknown channel(s): {', '.join(unknown)}.")


class Service(models.Model):
    """A service the public receives, surveyed and measured per channel."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    provider = models.ForeignKey(
        ServiceProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    channels = models.JSONField(default=list, blank=True, validators=[validate_channels])
    kind = models.CharField(max_length=30, choices=service_kind_choices(), default="other")
    is_hisp_service = models.BooleanField("HISP service", default=False)
    estimated_annual_customers = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="service_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def channel_labels(self) -> list[str]:
        return [CHANNELS.get(channel, channel) for channel in self.channels]


class Role(models.TextChoices):
    ORGANIZATION_ADMIN = "organization_admin", "Organization admin"
    SURVEY_MANAGER = "survey_manager", "Survey manager"
    RESPONSE_VIEWER = "response_viewer", "Response viewer"
    PERFORMANCE_MANAGER = "performance_manager", "Performance manager"
    ORIGINAL_COMMENT_READER = "original_comment_reader", "Original comment reader"


class Membership(models.Model):
    """One role a user holds in one organization; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="one_role_once_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


# The first fiscal year of the A-11 Section 280 quarterly data collection (survey version 1).
FIRST_VOLUME_FISCAL_YEAR = 2019


class ServiceVolume(models.Model):
    """How many customers one service served on one channel in one fiscal quarter.

    These are the A-11 volume_of_customers and volume_of_customers_provided_survey_opportunity;
    the response rate is respondents ÷ `offered_survey`.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="volumes")
    channel = models.CharField(max_length=30, choices=channel_choices())
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_VOLUME_FISCAL_YEAR)]
    )
    fiscal_quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(QUARTERS_PER_YEAR)]
    )
    customers = models.PositiveBigIntegerField(
        "customers served", help_text="volume_of_customers in the A-11 data collection."
    )
    offered_survey = models.PositiveBigIntegerField(
        "customers offered a survey",
        help_text=(
            "volume_of_customers_provided_survey_opportunity in the A-11 data collection; "
            "at most the customers served."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "channel", "fiscal_year", "fiscal_quarter"],
                name="one_volume_per_service_channel_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_quarter__gte=1, fiscal_quarter__lte=QUARTERS_PER_YEAR),
                name="volume_fiscal_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=models.Q(offered_survey__lte=models.F("customers")),
                name="volume_offered_survey_at_most_customers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {CHANNELS.get(self.channel, self.channel)} · {self.quarter.label}"

    @property
    def quarter(self) -> FiscalQuarter:
        return FiscalQuarter(self.fiscal_year, self.fiscal_quarter)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        # An unknown channel is already refused by the field's choices.
        known_channel = self.channel in CHANNELS
        if (
            known_channel
            and self.service_id is not None
            and self.channel not in self.service.channels
        ):
            errors["channel"] = f"{self.service.name} is not offered on this channel."
        both_counted = self.customers is not None and self.offered_survey is not None
        if both_counted and self.offered_survey > self.customers:
            errors["offered_survey"] = (
                "Customers offered a survey cannot be more than the customers served "
                f"({self.customers:,})."
            )
        if errors:
            raise ValidationError(errors)


class RedactionPattern(models.Model):
    """An agency's own kind of personal information, such as its claim or case numbers.

    `pattern` is a regular expression; `test_string` is an example it must find, checked
    whenever the pattern is saved, so that a pattern that matches nothing is never trusted.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="redaction_patterns"
    )
    name = models.CharField(max_length=100)
    # The placeholder's label: CLAIM_NUMBER gives [CLAIM_NUMBER].
    label = models.CharField(max_length=40)
    pattern = models.CharField(max_length=500)
    test_string = models.CharField(max_length=500)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "label"], name="one_redaction_label_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.name}"


class AuditEvent(models.Model):
    """Something sensitive someone did, such as reading an original comment. Never edited."""

    id = models.BigAutoField(primary_key=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="audit_events"
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    action = models.CharField(max_length=60)
    # What it was done to: a model's label and public identifier, e.g. "response", a UUID.
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=100)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.target_type}"
