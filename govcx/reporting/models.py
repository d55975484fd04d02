"""The A-11 quarterly data collection, the customer service plan and what an agency publishes.

A collection is one per High Impact Service Provider service per fiscal quarter. Its detail
rows name each survey and channel the service reports; its respondents are counted from
respondent rows, never typed. Respondent rows come from a linked govcx survey (copied when the
collection is submitted, so that what reviewers rated cannot drift) or from an uploaded
respondent-level file in the A-11 version 2 format.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from govcx.lib.a11 import V2_DRIVERS, channel_choices
from govcx.lib.fiscal import QUARTERS_PER_YEAR, FiscalQuarter
from govcx.registry.models import FIRST_VOLUME_FISCAL_YEAR, Organization, Service
from govcx.surveys.models import Survey, omb_control_number_validator


class CollectionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGE_REQUESTED = "change_requested", "Change requested"
    PUBLISHED = "published", "Published"
    NOT_REPORTED = "not_reported", "Not reported"
    ARCHIVED = "archived", "Archived"


class Rating(models.TextChoices):
    GREEN = "green", "Green: in line with A-11"
    YELLOW = "yellow", "Yellow: partially in line with A-11"
    RED = "red", "Red: not submitted"


class TransactionPoint(models.TextChoices):
    POST_INTERACTION = "post_interaction", "Post-interaction"
    POST_SERVICE_JOURNEY = "post_service_journey", "Post-service journey"
    RELATIONAL = "relational", "Relational"


class SurveyType(models.TextChoices):
    THUMBS_UP_DOWN = "thumbs_up_down", "Thumbs up / down"
    LIKERT_SCALE = "likert_scale", "Five-point scale"


class RespondentSource(models.TextChoices):
    SURVEY = "survey", "Linked govcx survey"
    UPLOAD = "upload", "Uploaded respondent file"


class Collection(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="collections"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="collections")
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_VOLUME_FISCAL_YEAR)]
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(QUARTERS_PER_YEAR)]
    )
    state = models.CharField(
        max_length=20, choices=CollectionState.choices, default=CollectionState.DRAFT
    )
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    rating_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "-quarter", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "fiscal_year", "quarter"],
                name="one_collection_per_service_quarter",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=QUARTERS_PER_YEAR),
                name="collection_quarter_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.fiscal_quarter.label}"

    @property
    def fiscal_quarter(self) -> FiscalQuarter:
        return FiscalQuarter(self.fiscal_year, self.quarter)

    @property
    def due_date(self) -> dt.date:
        return self.fiscal_quarter.due_date


class CollectionDetail(models.Model):
    """One survey on one channel within a collection: a row of the A-11 data collection."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="details")
    position = models.PositiveSmallIntegerField(default=0)
    channel = models.CharField(max_length=30, choices=channel_choices())
    transaction_point = models.CharField(
        max_length=30,
        choices=TransactionPoint.choices,
        default=TransactionPoint.POST_INTERACTION,
    )
    service_stage = models.CharField(max_length=200, blank=True)
    survey_type = models.CharField(max_length=20, choices=SurveyType.choices)
    survey_title = models.CharField(max_length=200)
    omb_control_number = models.CharField(
        "OMB control number",
        max_length=9,
        blank=True,
        validators=[omb_control_number_validator],
    )
    trust_question_text = models.TextField()
    volume_of_customers = models.PositiveBigIntegerField(null=True, blank=True)
    volume_offered_survey = models.PositiveBigIntegerField(
        "volume of customers provided a survey opportunity", null=True, blank=True
    )
    source = models.CharField(max_length=10, choices=RespondentSource.choices)
    # The govcx survey whose responses this row counts; null for an uploaded file.
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.PROTECT, related_name="collection_details"
    )
    # Set when respondent rows were copied from the linked survey (at submission).
    respondents_frozen_at = models.DateTimeField(null=True, blank=True)
    # For an A-11 version 1 survey, frozen at submission: {"q1_1": n, ..., "q7_5": n}.
    v1_counts = models.JSONField(default=dict, blank=True)
    uploaded_file_name = models.CharField(max_length=255, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["collection", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "survey", "channel"],
                condition=models.Q(survey__isnull=False),
                name="one_detail_per_collection_survey_channel",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(volume_offered_survey__isnull=True)
                    | models.Q(volume_of_customers__isnull=True)
                    | models.Q(volume_offered_survey__lte=models.F("volume_of_customers"))
                ),
                name="detail_offered_at_most_customers",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(source=RespondentSource.SURVEY, survey__isnull=False)
                    | models.Q(source=RespondentSource.UPLOAD, survey__isnull=True)
                ),
                name="detail_source_matches_survey_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection} · {self.survey_title} · {self.channel}"


class CollectionRespondent(models.Model):
    """One respondent, in the A-11 version 2 respondent-level format.

    Driver flags are 1 (chosen), 0 (offered, not chosen) or null (not offered). `line` keeps
    the order of an uploaded file so that an export gives back the same rows.
    """

    id = models.BigAutoField(primary_key=True)
    detail = models.ForeignKey(
        CollectionDetail, on_delete=models.CASCADE, related_name="respondents"
    )
    line = models.PositiveIntegerField()
    external_id = models.CharField(max_length=255, blank=True)
    question_1 = models.PositiveSmallIntegerField()
    positive_effectiveness = models.PositiveSmallIntegerField(null=True, blank=True)
    positive_ease = models.PositiveSmallIntegerField(null=True, blank=True)
    positive_efficiency = models.PositiveSmallIntegerField(null=True, blank=True)
    positive_transparency = models.PositiveSmallIntegerField(null=True, blank=True)
    positive_humanity = models.PositiveSmallIntegerField(null=True, blank=True)
    positive_employee = models.PositiveSmallIntegerField(null=True, blank=True)
    positive_other = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_effectiveness = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_ease = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_efficiency = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_transparency = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_humanity = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_employee = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_other = models.PositiveSmallIntegerField(null=True, blank=True)
    question_4 = models.TextField(blank=True)
    # Where personal information was removed from question_4: [{"type", "start", "end"}].
    # The agency keeps its own file, so the original comment is never stored here.
    question_4_redactions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["detail", "line"]
        constraints = [
            models.UniqueConstraint(fields=["detail", "line"], name="one_respondent_per_line"),
        ]

    def __str__(self) -> str:
        return f"{self.detail} · line {self.line}"


# The respondent-level file's columns, exactly as A-11 version 2 names and orders them.
RESPONDENT_COLUMNS: tuple[str, ...] = (
    "external_id",
    "question_1",
    *(f"positive_{driver}" for driver in V2_DRIVERS),
    *(f"negative_{driver}" for driver in V2_DRIVERS),
    "question_4",
)
DRIVER_FLAG_COLUMNS: tuple[str, ...] = RESPONDENT_COLUMNS[2:-1]


class CollectionTransition(models.Model):
    """A change of state or rating: who, when, from, to and why."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=CollectionState.choices)
    to_state = models.CharField(max_length=20, choices=CollectionState.choices)
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.collection}: {self.from_state} → {self.to_state}"


class CollectionReminder(models.Model):
    """A reminder sent for a collection still in draft, so that each goes out only once."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="reminders")
    days_before_due = models.SmallIntegerField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "days_before_due"], name="one_reminder_per_collection_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection}: reminder {self.days_before_due} days before due"


class AgencyContact(models.Model):
    """What the public reads about reaching an agency, and who represents its customers."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="contact"
    )
    representative_name = models.CharField("customer relations representative", max_length=200)
    representative_title = models.CharField(max_length=200, blank=True)
    representative_email = models.EmailField(blank=True)
    public_email = models.EmailField(blank=True)
    public_phone = models.CharField(max_length=40, blank=True)
    tty_phone = models.CharField("TTY phone", max_length=40, blank=True)
    mailing_address = models.TextField(blank=True)
    contact_page_url = models.URLField(blank=True)
    hours = models.CharField("hours of service", max_length=300, blank=True)
    guidelines = models.TextField(
        "contact guidelines",
        blank=True,
        help_text="How the agency handles what the public sends it, and when to expect a reply.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.organization} contact"


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class CustomerServicePlan(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="service_plans"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(FIRST_VOLUME_FISCAL_YEAR)]
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    accountable_official_name = models.CharField(max_length=200)
    accountable_official_title = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    standards = models.ManyToManyField(
        "standards.Standard", blank=True, related_name="service_plans"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"], name="one_plan_per_organization_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · FY{self.fiscal_year} customer service plan"


class PlanGoal(models.Model):
    plan = models.ForeignKey(CustomerServicePlan, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title


class PlanInitiative(models.Model):
    """A signature initiative: a visible change the agency commits to this year."""

    plan = models.ForeignKey(
        CustomerServicePlan, on_delete=models.CASCADE, related_name="initiatives"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.title


class FeedbackMechanism(models.Model):
    """How the agency hears from customers: a survey, a contact center, a listening session."""

    plan = models.ForeignKey(
        CustomerServicePlan, on_delete=models.CASCADE, related_name="feedback_mechanisms"
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    channel = models.CharField(max_length=30, choices=channel_choices(), blank=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return self.name


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DELAYED = "delayed", "Delayed"


class PlanMilestone(models.Model):
    plan = models.ForeignKey(
        CustomerServicePlan, on_delete=models.CASCADE, related_name="milestones"
    )
    goal = models.ForeignKey(
        PlanGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )

    class Meta:
        ordering = ["plan", "due_date", "position", "id"]

    def __str__(self) -> str:
        return self.description


class FeedbackAction(models.Model):
    """ "You said, we did": a change made because of what customers told the agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="feedback_actions"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    you_said = models.TextField()
    we_did = models.TextField()
    action_date = models.DateField()
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organization", "-action_date", "id"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.action_date}"
