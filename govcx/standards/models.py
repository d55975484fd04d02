"""Standards, the calendars they count on, and the contact-center and case records measured.

Times are stored in UTC; each calendar names the time zone its business hours are read in.
"""

from __future__ import annotations

import re
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from govcx.lib.a11 import channel_choices
from govcx.registry.models import Organization, Service

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"“{value}” is not an IANA time zone such as America/New_York."
        ) from None


CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


def validate_business_hours(value: object) -> None:
    """Seven entries, Monday first: ["08:00", "17:00"] for an open day, null for a closed one."""
    if not isinstance(value, list) or len(value) != len(WEEKDAYS):
        raise ValidationError("Business hours need seven entries, Monday to Sunday.")
    for day, hours in zip(WEEKDAYS, value, strict=True):
        if hours is not None and not _is_opening_and_closing(hours):
            raise ValidationError(
                f"{day.title()}: give opening and closing times as HH:MM, opening first."
            )


def _is_opening_and_closing(hours: object) -> bool:
    if not isinstance(hours, list) or len(hours) != len(("opens", "closes")):
        return False
    if not all(isinstance(time, str) and CLOCK_TIME.match(time) for time in hours):
        return False
    return bool(hours[0] < hours[1])


def default_business_hours() -> list[list[str] | None]:
    weekday = ["08:00", "17:00"]
    return [weekday, weekday, weekday, weekday, weekday, None, None]


class Calendar(models.Model):
    """When an agency is open: weekly hours in a time zone, federal holidays, its own closures."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="calendars"
    )
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    business_hours = models.JSONField(
        default=default_business_hours, validators=[validate_business_hours]
    )
    observes_federal_holidays = models.BooleanField(default=True)

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="calendar_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarClosure(models.Model):
    """A whole day the agency is closed beyond the federal holidays (weather, local holidays)."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_closure_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"


class Measure(models.TextChoices):
    TIME_TO_FIRST_RESPONSE = "time_to_first_response", "Time to first response"
    TIME_TO_RESOLUTION = "time_to_resolution", "Time to resolution"
    SPEED_OF_ANSWER = "speed_of_answer", "Speed of answer"
    ABANDONMENT_RATE = "abandonment_rate", "Abandonment rate"
    PROCESSING_TIME = "processing_time", "Processing time"


class TargetUnit(models.TextChoices):
    BUSINESS_DAYS = "business_days", "business days"
    BUSINESS_HOURS = "business_hours", "business hours"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    SECONDS = "seconds", "seconds"
    PERCENT = "percent", "percent"


class Standard(models.Model):
    """A published promise, e.g. "We answer email within one business day" for 80% of emails."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="standards"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="standards")
    channel = models.CharField(max_length=30, choices=channel_choices())
    measure = models.CharField(max_length=30, choices=Measure.choices)
    target_value = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    target_unit = models.CharField(max_length=20, choices=TargetUnit.choices)
    required_share = models.DecimalField(
        "share that must meet the target (percent)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="For per-case targets, e.g. 80. Empty for a rate such as abandonment.",
    )
    calendar = models.ForeignKey(
        Calendar, null=True, blank=True, on_delete=models.PROTECT, related_name="standards"
    )
    public_wording = models.CharField(max_length=300)
    alert_after_periods = models.PositiveSmallIntegerField(
        default=2, help_text="Email an alert after this many consecutive periods below target."
    )
    alert_emails = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "service__name", "channel", "measure"]

    def __str__(self) -> str:
        return self.public_wording


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", "Answered"
    ABANDONED = "abandoned", "Abandoned"


class CallRecord(models.Model):
    """One call offered to a contact center."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=30, choices=channel_choices(), default="phone")
    external_id = models.CharField(max_length=100)
    transaction_id = models.CharField(max_length=100, blank=True, db_index=True)
    offered_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=CallOutcome.choices)
    wait_seconds = models.PositiveIntegerField(
        help_text="Time in queue until answered or abandoned."
    )
    handle_seconds = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"], name="call_external_id_per_org"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "service", "offered_at"], name="call_org_service_time"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    WAITING_ON_CUSTOMER = "waiting_on_customer", "Waiting on the customer"
    RESOLVED = "resolved", "Resolved"


class CaseRecord(models.Model):
    """One case, email or application handled for a customer."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=30, choices=channel_choices())
    external_id = models.CharField(max_length=100)
    transaction_id = models.CharField(max_length=100, blank=True, db_index=True)
    received_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=30, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"], name="case_external_id_per_org"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "service", "received_at"], name="case_org_service_time"
            )
        ]

    def __str__(self) -> str:
        return self.external_id


class CaseStatusChange(models.Model):
    """A case entering a status at a time; time spent waiting on the customer does not count."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=30, choices=CaseStatus.choices)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "changed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "changed_at", "status"], name="status_change_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.status} at {self.changed_at:%Y-%m-%d %H:%M}"


class RecordImport(models.Model):
    """What each import did, for the audit trail: who, when, which file, and what changed."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=[("calls", "Calls"), ("cases", "Cases")])
    source_name = models.CharField(max_length=300)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} from {self.source_name}"


class StandardAlert(models.Model):
    """An alert email sent for one breach: a run of consecutive months below a standard's target.

    Kept so that `check-standards` sends one alert per breach however often it runs.
    """

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="alerts")
    first_period_start = models.DateField(help_text="First day of the breach's first month.")
    last_period_start = models.DateField(help_text="First day of the latest month alerted on.")
    periods_below_target = models.PositiveSmallIntegerField()
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["standard", "-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "first_period_start"], name="one_alert_per_breach"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard}: below target from {self.first_period_start:%B %Y}"
