"""What govcx learns from comments, kept apart from the responses that hold them.

A `Comment` is one free-text answer of one response, analysed: its sentiment, whether the
customer was negative (trust or a negative driver), and the theme it is assigned to. The text
itself is never copied here: it is read from the response's stored (redacted) answers, so a
response that is deleted or purged takes its comment text with it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from govcx.registry.models import Organization, Service
from govcx.responses.models import Response


class SentimentLabel(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEUTRAL = "neutral", "Neutral"
    NEGATIVE = "negative", "Negative"
    NOT_SCORED = "not_scored", "Not scored"


class ThemeOrigin(models.TextChoices):
    DEFINED = "defined", "Defined by the organization"
    DISCOVERED = "discovered", "Adopted from discovered themes"
    SPLIT = "split", "Split from another theme"


class Theme(models.Model):
    """One theme of an organization's taxonomy."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    key_terms = models.JSONField(default=list, blank=True)  # list[str]
    examples = models.JSONField(default=list, blank=True)  # list[str], redacted example comments
    origin = models.CharField(max_length=20, choices=ThemeOrigin.choices)
    is_active = models.BooleanField(default=True)
    # Set when the theme was merged into another: its comments now belong to that one.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"],
                condition=models.Q(is_active=True),
                name="theme_name_unique_among_active",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentSource(models.TextChoices):
    NONE = "", "Not assigned"
    AUTOMATIC = "automatic", "Assigned automatically"
    PERSON = "person", "Set by a person"


class Comment(models.Model):
    """One analysed free-text answer."""

    id = models.BigAutoField(primary_key=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    question_key = models.CharField(max_length=80)
    # Copied from the response so comment pages filter without joining it.
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    language = models.CharField(max_length=16)
    sentiment = models.CharField(max_length=12, choices=SentimentLabel.choices)
    sentiment_score = models.FloatField(null=True, blank=True)
    # Negative trust or at least one negative driver chosen; None when the survey asked neither.
    is_negative = models.BooleanField(null=True, blank=True)
    negative_drivers = models.JSONField(default=list, blank=True)  # list[str] of driver keys
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    theme_score = models.FloatField(null=True, blank=True)
    theme_source = models.CharField(
        max_length=12, choices=AssignmentSource.choices, default="", blank=True
    )
    analysed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_key"], name="one_comment_per_answer"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "service", "created_at"], name="comment_scope"),
            models.Index(fields=["theme", "created_at"], name="comment_theme_time"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_key}"


class ThemeCorrection(models.Model):
    """A person moving a comment to another theme (or to none). Kept as history; never edited."""

    id = models.BigAutoField(primary_key=True)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="corrections")
    from_theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.from_theme_id} → {self.to_theme_id}"


class CommentAnalysisState(models.Model):
    """How far the analysis job has read responses (one row), so it resumes where it stopped."""

    last_response_id = models.BigIntegerField(default=0)
    comments_analysed = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"after response {self.last_response_id}"


class TaxonomyRevision(models.Model):
    """Bumped whenever an organization's taxonomy changes, so automatic assignments made under
    an older taxonomy are known to be stale and the job assigns them again."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    revision = models.PositiveIntegerField(default=0)
    assigned_revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.assigned_revision}/{self.revision}"


class ThemeDiscovery(models.Model):
    """One run of theme discovery over a service's comments in a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date_from = models.DateField()
    date_to = models.DateField()
    comments_count = models.PositiveIntegerField()
    unassigned_count = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"discovery {self.uuid}"


class DiscoveredTheme(models.Model):
    """A theme found by a discovery run; adopting it copies it into the taxonomy."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    discovery = models.ForeignKey(ThemeDiscovery, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=200)
    key_terms = models.JSONField(default=list)  # list[str]
    size = models.PositiveIntegerField()
    # {"positive": n, "neutral": n, "negative": n, "not_scored": n}
    sentiment_counts = models.JSONField(default=dict)
    member_ids = models.JSONField(default=list)  # Comment ids
    representative_ids = models.JSONField(default=list)  # Comment ids, most typical first
    adopted_as = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["discovery", "position"]

    def __str__(self) -> str:
        return self.label


class CodingSample(models.Model):
    """A set of comments that several people code independently, to measure agreement."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comments = models.ManyToManyField(Comment, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CodingJudgement(models.Model):
    """One person's theme for one comment of a sample (None: fits no theme)."""

    sample = models.ForeignKey(CodingSample, on_delete=models.CASCADE, related_name="judgements")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "comment", "coder"], name="one_judgement_per_coder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coder_id} on {self.comment_id}"
