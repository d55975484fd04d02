"""Reads for the quarterly collection: who sees which collection, and the figures pages show.

An agency sees only its own collections: every lookup by public id goes through
`collections_visible_to`, so another agency's id is answered exactly like an unknown one (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Organization, Role, Service
from govcx.registry.selectors import AnyUser, organizations_where, user_has_role
from govcx.reporting.counting import respondent_counts
from govcx.reporting.models import Collection, CollectionDetail
from govcx.surveys.models import Survey, SurveyKind

# Who prepares a collection (adds rows, uploads files); every other member only reads it.
PREPARING_ROLES: tuple[Role, ...] = (Role.ORGANIZATION_ADMIN, Role.SURVEY_MANAGER)
A11_SURVEY_KINDS: tuple[str, ...] = (
    SurveyKind.A11_V1,
    SurveyKind.A11_V2_THUMBS,
    SurveyKind.A11_V2_LIKERT,
)


def collections_visible_to(user: AnyUser) -> QuerySet[Collection]:
    """Collections of every organization in which the user holds any role."""
    return Collection.objects.filter(organization__in=organizations_where(user)).select_related(
        "organization", "service"
    )


def collection_for_member(user: AnyUser, public_id: uuid.UUID) -> Collection:
    collection = collections_visible_to(user).filter(public_id=public_id).first()
    if collection is None:
        raise Http404("There is no collection you can see with this id.")
    return collection


def detail_for_member(user: AnyUser, public_id: uuid.UUID) -> CollectionDetail:
    detail = (
        CollectionDetail.objects.filter(
            collection__organization__in=organizations_where(user), public_id=public_id
        )
        .select_related("collection__organization", "collection__service", "survey")
        .first()
    )
    if detail is None:
        raise Http404("There is no collection row you can see with this id.")
    return detail


def can_prepare_collection(user: AnyUser, collection: Collection) -> bool:
    """Organization admins and survey managers of the collection's organization."""
    return user_has_role(user, collection.organization, PREPARING_ROLES)


def organizations_preparing(user: AnyUser) -> QuerySet[Organization]:
    """Organizations whose collections the user may open and prepare."""
    return organizations_where(user, PREPARING_ROLES).order_by("name")


def a11_surveys_of_service(service: Service) -> QuerySet[Survey]:
    """A-11 surveys of the service that have ever been published, so can have responses."""
    return Survey.objects.filter(
        service=service,
        organization_id=service.organization_id,
        kind__in=A11_SURVEY_KINDS,
        current_version__isnull=False,
    ).order_by("title", "id")


def collection_details(collection: Collection) -> list[CollectionDetail]:
    """The detail rows in order, each with what counting and pages need already joined."""
    return list(
        collection.details.select_related("collection__organization", "collection__service")
        .select_related("survey")
        .order_by("position", "id")
    )


@dataclass(frozen=True)
class DetailFigures:
    """A detail row with its respondents and response rate (respondents ÷ offered a survey)."""

    detail: CollectionDetail
    respondents: int

    @property
    def response_rate(self) -> Fraction | None:
        offered = self.detail.volume_offered_survey
        if not offered:
            return None
        return Fraction(self.respondents, offered)

    @property
    def response_rate_percent(self) -> str:
        """The rate as a person reads it ("12.5%"), or "" when no one was offered a survey."""
        rate = self.response_rate
        return "" if rate is None else f"{float(rate) * 100:.1f}%"


def detail_figures(collection: Collection) -> list[DetailFigures]:
    details = collection_details(collection)
    counts = respondent_counts(details)
    return [DetailFigures(detail, counts[detail.pk]) for detail in details]


@dataclass(frozen=True)
class CollectionRow:
    """A collection on the list page, with the respondents of all its detail rows."""

    collection: Collection
    respondents: int


def collection_rows(
    user: AnyUser, *, quarter: FiscalQuarter | None = None, state: str = ""
) -> list[CollectionRow]:
    """The user's collections (optionally one quarter's, or one state's) with respondents.

    A fixed number of queries however many collections: the collections, their details, and
    one grouped count per quarter shown.
    """
    collections = collections_visible_to(user).order_by(
        "-fiscal_year", "-quarter", "organization__name", "service__name"
    )
    if quarter is not None:
        collections = collections.filter(fiscal_year=quarter.fiscal_year, quarter=quarter.quarter)
    if state:
        collections = collections.filter(state=state)
    details = CollectionDetail.objects.select_related("survey").order_by("position", "id")
    listed = list(collections.prefetch_related(Prefetch("details", queryset=details)))
    all_details = []
    for collection in listed:
        for detail in collection.details.all():
            detail.collection = collection  # already loaded: no query per detail
            all_details.append(detail)
    counts = respondent_counts(all_details)
    return [
        CollectionRow(collection, sum(counts[detail.pk] for detail in collection.details.all()))
        for collection in listed
    ]


def collection_quarters(user: AnyUser) -> list[FiscalQuarter]:
    """Quarters in which the user's organizations have collections, newest first."""
    pairs = (
        collections_visible_to(user)
        .order_by("-fiscal_year", "-quarter")
        .values_list("fiscal_year", "quarter")
        .distinct()
    )
    return [FiscalQuarter(year, number) for year, number in pairs]
