"""Reads of stored responses, always scoped to the surveys whose responses the user may read.

Every page, export and count of responses starts from `responses_visible_to`, so a filter
value naming another agency's survey or service can only narrow a result, never widen it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from govcx.registry.models import Service
from govcx.registry.selectors import AnyUser
from govcx.responses.models import Response
from govcx.surveys.models import Survey, SurveyVersion
from govcx.surveys.selectors import surveys_visible_to, surveys_with_responses_visible_to


class ResponseCount(TypedDict):
    response_count: int


if TYPE_CHECKING:  # the alias only exists for the type checker
    from django_stubs_ext import WithAnnotations

    SurveyWithResponseCount = WithAnnotations[Survey, ResponseCount]


@dataclass(frozen=True)
class ResponseFilters:
    """What a person asked to see. Dates are whole UTC days, both ends included."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    service: Service | None = None
    survey: Survey | None = None
    include_spam: bool = False


def start_of_utc_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def responses_visible_to(user: AnyUser) -> QuerySet[Response]:
    """Responses a user may read; deleted responses are gone for everyone."""
    readable_surveys = surveys_with_responses_visible_to(user).values("pk")
    return Response.objects.filter(survey__in=readable_surveys, is_deleted=False)


def responses_for(user: AnyUser, filters: ResponseFilters) -> QuerySet[Response]:
    """The user's responses narrowed by `filters`, newest first."""
    responses = responses_visible_to(user)
    if not filters.include_spam:
        responses = responses.filter(is_spam=False)
    if filters.date_from is not None:
        responses = responses.filter(created_at__gte=start_of_utc_day(filters.date_from))
    if filters.date_to is not None:
        # The whole of the last day: everything before the next day starts.
        next_day = filters.date_to + dt.timedelta(days=1)
        responses = responses.filter(created_at__lt=start_of_utc_day(next_day))
    if filters.service is not None:
        responses = responses.filter(service=filters.service)
    if filters.survey is not None:
        responses = responses.filter(survey=filters.survey)
    return responses.order_by("-created_at", "-id")


def response_visible_by_id(user: AnyUser, response_id: uuid.UUID) -> Response | None:
    """One response the user may read, by its public id, with its survey; None otherwise."""
    return responses_visible_to(user).select_related("survey").filter(uuid=response_id).first()


def response_list_rows(user: AnyUser, filters: ResponseFilters) -> QuerySet[Response]:
    """`responses_for` with what a list page shows, fetched in the same query."""
    return (
        responses_for(user, filters)
        .select_related("survey", "service")
        .only(
            "uuid",
            "receipt_id",
            "created_at",
            "channel",
            "language",
            "answers",
            "survey_version",
            "is_spam",
            "is_flagged",
            "spam_score",
            "spam_signals",
            "survey__public_id",
            "survey__title",
            "service__name",
        )
    )


def answer_keys_by_version(version_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each version's answer keys in question order, from one query for all of them."""
    versions = SurveyVersion.objects.filter(pk__in=set(version_ids)).only("structure")
    return {version.pk: version.parsed().answer_keys() for version in versions}


def response_filter_surveys(user: AnyUser) -> QuerySet[Survey]:
    """The surveys a person may filter responses by: exactly those whose responses they read."""
    return surveys_with_responses_visible_to(user).order_by("organization__name", "title", "pk")


def response_filter_services(user: AnyUser) -> QuerySet[Service]:
    """The services of those surveys."""
    survey_services = surveys_with_responses_visible_to(user).values("service_id")
    return (
        Service.objects.filter(pk__in=survey_services)
        .select_related("organization")
        .order_by("organization__name", "name")
    )


def surveys_with_response_counts(user: AnyUser) -> QuerySet[SurveyWithResponseCount]:
    """Visible surveys, each with `response_count` (not deleted, not spam) from one query."""
    counts = (
        Response.objects.filter(survey=OuterRef("pk"), is_deleted=False, is_spam=False)
        .order_by()
        .values("survey")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        surveys_visible_to(user)
        .annotate(
            response_count=Coalesce(
                Subquery(counts, output_field=IntegerField()), Value(0), output_field=IntegerField()
            )
        )
        .order_by("organization__name", "title", "pk")
    )
