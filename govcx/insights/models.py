"""Rollups: counts of facts about counted responses, per survey, day, channel and language.

A fact is one thing one respondent did: answered (`n`), chose an option or scale point
(`choice`), was shown a checkbox question (`shown`), or gave a pair of scale answers (`pair`,
for correlations). Counts of facts are enough to recompute every share, mean, distribution,
correlation and interval exactly, so dashboards never read a response. Days are UTC; a month
row is the sum of its days, kept so that a year's dashboard adds up hundreds of rows, not
hundreds of thousands. Pairs are kept by month only: correlations are never asked of a day.
"""

from __future__ import annotations

from django.db import models

from govcx.registry.models import Organization
from govcx.surveys.models import Survey, SurveyVersion

KEY_FIELDS = (
    "survey",
    "survey_version",
    "channel",
    "language",
    "segment",
    "segment_value",
    "kind",
    "question",
    "value",
)
SEGMENT_VALUE_LENGTH = 300
VALUE_LENGTH = 300


class FactKind(models.TextChoices):
    RESPONDENTS = "n", "Respondents"
    CHOICE = "choice", "Chose a value"
    SHOWN = "shown", "Was shown a question"
    PAIR = "pair", "Gave a pair of scale answers"


class RollupBase(models.Model):
    # No foreign-key constraints in the database: a rebuild writes millions of rows in one
    # transaction, and deferred checks on each would cost more than the rebuild. Rows are
    # derived data; deleting a survey still deletes them through Django.
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    # Part of the key because versions may offer different options: a checkbox option was
    # offered to everyone shown its question in a version that lists it.
    survey_version = models.ForeignKey(
        SurveyVersion, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=30)
    language = models.CharField(max_length=16)
    # "" for every respondent; "page" or "hidden:<question key>" for a breakdown.
    segment = models.CharField(max_length=120, blank=True)
    segment_value = models.CharField(max_length=SEGMENT_VALUE_LENGTH, blank=True)
    kind = models.CharField(max_length=8, choices=FactKind.choices)
    question = models.CharField(max_length=250, blank=True)
    value = models.CharField(max_length=VALUE_LENGTH, blank=True)
    count = models.BigIntegerField()

    class Meta:
        abstract = True


class RollupDay(RollupBase):
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "day", *KEY_FIELDS[1:]], name="rollup_day_key"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "day"], name="rollup_day_org"),
            # Rows an update has brought down to zero, found quickly and removed.
            models.Index(fields=["survey"], condition=models.Q(count=0), name="rollup_day_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.day} {self.kind} {self.question}={self.value}: {self.count}"


class RollupMonth(RollupBase):
    month = models.DateField()  # the first day of the calendar month

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "month", *KEY_FIELDS[1:]], name="rollup_month_key"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "month"], name="rollup_month_org"),
            # Rows an update has brought down to zero, found quickly and removed.
            models.Index(fields=["survey"], condition=models.Q(count=0), name="rollup_month_empty"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.survey_id} {self.month} {self.kind} {self.question}={self.value}: {self.count}"
        )


class RollupState(models.Model):
    """The one row recording how far the rollups have got; updating them locks it first."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    rebuild_seconds = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    changes_applied = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Rollups rebuilt {self.rebuilt_at}, updated {self.updated_at}"
