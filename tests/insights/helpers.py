"""Responses for the insights tests, and the check that rollups equal a recount."""

from __future__ import annotations

from collections import Counter
from typing import Any

from govcx.insights.models import RollupDay, RollupMonth
from govcx.insights.rollups import DayKey, recount_from_responses, split_by_grain
from govcx.registry.models import Organization, Service
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_create, survey_publish
from govcx.surveys.structure import Option, Page, Question, QuestionType, SurveyStructure

# A survey with every counted kind of answer, and two answers that results can be split by.
SEGMENTED = SurveyStructure(
    pages=(
        Page(
            title="Your visit",
            questions=(
                Question("office", QuestionType.HIDDEN, "Office", segment=True),
                Question("transaction_id", QuestionType.HIDDEN, "Transaction"),
                Question(
                    "age_group",
                    QuestionType.RADIO,
                    "Your age",
                    options=(Option("under_40", "Under 40"), Option("40_plus", "40 or older")),
                    segment=True,
                ),
                Question("rating", QuestionType.STAR, "Rate the visit", required=True),
                Question("helpful", QuestionType.YES_NO, "Was it helpful?"),
                Question(
                    "needs",
                    QuestionType.CHECKBOXES,
                    "What did you need?",
                    options=(Option("forms", "Forms"), Option("status", "Status")),
                ),
                Question("story", QuestionType.LONG_TEXT, "Tell us more"),
            ),
        ),
    )
)


def publish_segmented(organization: Organization, service: Service | None = None) -> Survey:
    survey = survey_create(
        organization=organization,
        title="Office visits",
        structure=SEGMENTED,
        user=None,
        service=service,
    )
    return survey_publish(survey=survey, user=None)


def table_counts(model: type[RollupDay] | type[RollupMonth]) -> Counter[tuple[Any, ...]]:
    period = "day" if model is RollupDay else "month"
    fields = (
        "organization_id",
        "survey_id",
        "survey_version_id",
        period,
        "channel",
        "language",
        "segment",
        "segment_value",
        "kind",
        "question",
        "value",
    )
    return Counter({row[:-1]: row[-1] for row in model.objects.values_list(*fields, "count")})


def expected_counts() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """Day and month rollups recounted from the responses, as table_counts shapes them."""
    counts, _responses = recount_from_responses()
    days, months = split_by_grain(counts)
    return _flat(days), _flat(months)


def _flat(counts: Counter[DayKey]) -> Counter[tuple[Any, ...]]:
    return Counter({(*grain, *fact): count for (grain, fact), count in counts.items()})


def assert_rollups_match_responses() -> None:
    days, months = expected_counts()
    assert table_counts(RollupDay) == days
    assert table_counts(RollupMonth) == months


def counted_total() -> int:
    return Response.objects.filter(is_spam=False, is_flagged=False, is_deleted=False).count()
