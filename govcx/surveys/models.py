"""Surveys, their editable questions, their frozen published versions and who may touch them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from govcx.lib.origins import origin_list_problems
from govcx.registry.models import Organization, Service
from govcx.surveys.structure import (
    Condition,
    Option,
    Page,
    Question,
    QuestionType,
    SurveyStructure,
)

omb_control_number_validator = RegexValidator(
    r"^\d{4}-\d{4}$", "An OMB control number has the form 1234-5678."
)


class SurveyKind(models.TextChoices):
    A11_V1 = "a11_v1", "A-11 post-transaction (version 1)"
    A11_V2_THUMBS = "a11_v2_thumbs", "A-11 version 2, thumbs up / down"
    A11_V2_LIKERT = "a11_v2_likert", "A-11 version 2, five-point"
    YES_NO = "yes_no", "Yes / no"
    OPEN_ENDED = "open_ended", "Open-ended"
    CUSTOM = "custom", "Custom"


class SurveyState(models.TextChoices):
    CREATED = "created", "Created"
    SUBMITTED = "submitted", "Submitted for approval"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Survey(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="surveys")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    kind = models.CharField(max_length=20, choices=SurveyKind.choices, default=SurveyKind.CUSTOM)
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    disclaimer = models.TextField(blank=True)
    success_message = models.TextField(default="Thank you. Your feedback has been received.")
    omb_control_number = models.CharField(
        "OMB control number", max_length=9, blank=True, validators=[omb_control_number_validator]
    )
    omb_expiration_date = models.DateField("OMB expiration date", null=True, blank=True)
    state = models.CharField(
        max_length=20, choices=SurveyState.choices, default=SurveyState.CREATED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    current_version = models.ForeignKey(
        "SurveyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allowed_origins = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Web origins that may embed this survey and post to it, such as "
            "https://www.agency.gov or https://*.agency.gov."
        ),
    )
    sample_percent = models.PositiveSmallIntegerField(
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The share of visitors the embedded widget invites, in percent.",
    )

    class Meta:
        ordering = ["organization__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(omb_control_number="", omb_expiration_date__isnull=True)
                    | (
                        ~models.Q(omb_control_number="")
                        & models.Q(omb_expiration_date__isnull=False)
                    )
                ),
                name="pra_number_and_expiry_together",
            ),
            models.CheckConstraint(
                condition=models.Q(sample_percent__gte=1, sample_percent__lte=100),
                name="sample_percent_1_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        has_number = bool(self.omb_control_number)
        has_date = self.omb_expiration_date is not None
        if has_number != has_date:
            missing = "omb_expiration_date" if has_number else "omb_control_number"
            raise ValidationError(
                {missing: "The OMB control number and its expiration date are set together."}
            )
        if self.service is not None and self.service.organization_id != self.organization_id:
            raise ValidationError({"service": "The service belongs to another organization."})
        origin_errors = origin_list_problems(self.allowed_origins)
        if origin_errors:
            raise ValidationError({"allowed_origins": origin_errors})

    def pra_line(self) -> str:
        """The Paperwork Reduction Act line a public survey must show, or "" when not set."""
        if not self.omb_control_number or self.omb_expiration_date is None:
            return ""
        expires = self.omb_expiration_date.strftime("%m/%d/%Y")
        return f"OMB Control No. {self.omb_control_number} · Expires {expires}"

    def is_expired(self, today: dt.date) -> bool:
        return self.omb_expiration_date is not None and today > self.omb_expiration_date

    def build_structure(self) -> SurveyStructure:
        """The structure as the editable rows say it now (one query per level)."""
        pages = list(self.pages.order_by("position"))
        questions = list(
            SurveyQuestion.objects.filter(page__survey=self).order_by("page__position", "position")
        )
        options = list(
            QuestionOption.objects.filter(question__page__survey=self).order_by("position")
        )
        options_by_question: dict[int, list[Option]] = {}
        for option in options:
            options_by_question.setdefault(option.question_id, []).append(
                Option(value=option.value, label=option.label, is_other=option.is_other)
            )
        questions_by_page: dict[int, list[Question]] = {}
        for row in questions:
            questions_by_page.setdefault(row.page_id, []).append(
                row.to_structure(tuple(options_by_question.get(row.pk, [])))
            )
        return SurveyStructure(
            pages=tuple(
                Page(title=page.title, questions=tuple(questions_by_page.get(page.pk, [])))
                for page in pages
            )
        )


class SurveyPage(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="page_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · page {self.position}"


class SurveyQuestion(models.Model):
    page = models.ForeignKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    type = models.CharField(max_length=20, choices=[(t.value, t.label) for t in QuestionType])
    text = models.TextField()
    help_text = models.TextField(blank=True)
    required = models.BooleanField(default=False)
    character_limit = models.PositiveIntegerField(null=True, blank=True)
    show_if_question = models.SlugField(max_length=60, blank=True)
    show_if_values = models.JSONField(default=list, blank=True)
    is_segment = models.BooleanField(
        "Break results down by this answer",
        default=False,
        help_text="For hidden fields and single-choice questions with a few values.",
    )

    class Meta:
        ordering = ["page", "position"]
        constraints = [
            models.UniqueConstraint(fields=["page", "position"], name="question_position_unique"),
        ]

    def __str__(self) -> str:
        return self.key

    def to_structure(self, options: tuple[Option, ...]) -> Question:
        condition = (
            Condition(question=self.show_if_question, values=tuple(map(str, self.show_if_values)))
            if self.show_if_question
            else None
        )
        return Question(
            key=self.key,
            type=QuestionType(self.type),
            text=self.text,
            help_text=self.help_text,
            required=self.required,
            character_limit=self.character_limit,
            options=options,
            show_if=condition,
            segment=self.is_segment,
        )


class QuestionOption(models.Model):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=100)
    label = models.CharField(max_length=300)
    is_other = models.BooleanField(
        default=False, help_text="Choosing this option asks for a written answer."
    )

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="option_value_unique"),
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(is_other=True),
                name="one_other_option_per_question",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class SurveyVersion(models.Model):
    """The structure frozen at publication; every response points at the one it answered."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    structure = models.JSONField()
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    def parsed(self) -> SurveyStructure:
        return SurveyStructure.from_json(self.structure)


class SurveyGrantLevel(models.TextChoices):
    MANAGER = "manager", "Manager"
    VIEWER = "viewer", "Viewer"


class SurveyGrant(models.Model):
    """Rights on one survey for a user who holds no organization-wide role that gives them."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_grants"
    )
    level = models.CharField(max_length=10, choices=SurveyGrantLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "user"], name="one_grant_per_user_survey"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.level} · {self.survey}"


class SurveyTransition(models.Model):
    """A record of every lifecycle change: who, when, from, to and why."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=SurveyState.choices)
    to_state = models.CharField(max_length=20, choices=SurveyState.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "created_at"]

    def __str__(self) -> str:
        return f"{self.survey}: {self.from_state} → {self.to_state}"
