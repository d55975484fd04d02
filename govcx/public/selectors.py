"""What the public pages read. Everything here is already public: published or chosen to be.

An agency's pages read only that agency's rows; every query below is filtered by the
organization it is given, so one agency's page can never show another's plan, figures or
actions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from govcx.insights.metrics import DRIVER_NAMES
from govcx.insights.rows import FigureRow
from govcx.lib.a11 import V2_DRIVERS
from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Organization
from govcx.reporting.models import (
    AgencyContact,
    Collection,
    CollectionDetail,
    CollectionState,
    CustomerServicePlan,
    FeedbackAction,
    FeedbackMechanism,
    PlanGoal,
    PlanInitiative,
    PlanMilestone,
    PlanState,
)
from govcx.reporting.published import (
    RESPONDENTS,
    RESPONSE_RATE,
    SATISFACTION,
    TRUST,
    PublishedFigure,
    group_label,
    published_figures,
)
from govcx.standards.models import Standard

# --- agencies -----------------------------------------------------------------------------------


def agencies_with_publications() -> QuerySet[Organization]:
    """Agencies that have published anything: a contact, a plan, results or an action.

    Each carries what it has published (`has_contact`, `has_plan`, `has_results`,
    `has_actions`), so that the list can say so in one query.
    """
    published = Q(has_contact=True) | Q(has_plan=True) | Q(has_results=True)
    return (
        Organization.objects.annotate(
            has_contact=Exists(AgencyContact.objects.filter(organization=OuterRef("pk"))),
            has_plan=Exists(
                CustomerServicePlan.objects.filter(
                    organization=OuterRef("pk"), state=PlanState.PUBLISHED
                )
            ),
            has_results=Exists(
                Collection.objects.filter(
                    organization=OuterRef("pk"), state=CollectionState.PUBLISHED
                )
            ),
            has_actions=Exists(
                FeedbackAction.objects.filter(organization=OuterRef("pk"), published=True)
            ),
        )
        .filter(published | Q(has_actions=True))
        .order_by("name")
    )


def agencies_with_published_results() -> QuerySet[Organization]:
    """Agencies with at least one published quarterly collection: those with open data."""
    published = Collection.objects.filter(
        organization=OuterRef("pk"), state=CollectionState.PUBLISHED
    )
    return Organization.objects.filter(Exists(published)).order_by("name")


def has_published_results(organization: Organization) -> bool:
    return Collection.objects.filter(
        organization=organization, state=CollectionState.PUBLISHED
    ).exists()


# --- the customer service plan ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanContents:
    """A published plan with everything its page shows, read in a fixed number of queries."""

    plan: CustomerServicePlan
    goals: list[PlanGoal]  # each with `milestones_in_order` prefetched
    other_milestones: list[PlanMilestone]  # milestones not tied to a goal
    initiatives: list[PlanInitiative]
    mechanisms: list[FeedbackMechanism]
    standards: list[Standard]


def plan_contents(plan: CustomerServicePlan) -> PlanContents:
    in_order = PlanMilestone.objects.filter(plan=plan).order_by("due_date", "position", "pk")
    goals = plan.goals.prefetch_related(
        Prefetch("milestones", queryset=in_order, to_attr="milestones_in_order")
    )
    return PlanContents(
        plan=plan,
        goals=list(goals),
        other_milestones=list(in_order.filter(goal__isnull=True)),
        initiatives=list(plan.initiatives.select_related("service")),
        mechanisms=list(plan.feedback_mechanisms.select_related("service")),
        standards=plan_standards(plan),
    )


def plan_standards(plan: CustomerServicePlan) -> list[Standard]:
    """The plan's standards that are the agency's own and still in force, in their public words."""
    return list(
        plan.standards.filter(organization_id=plan.organization_id, active=True)
        .select_related("service")
        .order_by("service__name", "channel", "pk")
    )


# --- quarterly results --------------------------------------------------------------------------

SUMMARY_METRICS: tuple[str, ...] = (RESPONDENTS, TRUST, SATISFACTION, RESPONSE_RATE)


@dataclass(frozen=True)
class DriverLine:
    """One driver: the share naming it as going well, and as not going well."""

    driver: str
    name: str
    went_well: FigureRow | None
    did_not_go_well: FigureRow | None

    @property
    def was_asked_about(self) -> bool:
        """False when nobody on either side was offered it: "no responses" twice says nothing."""
        return any(
            row is not None and (row.suppressed or bool(row.n))
            for row in (self.went_well, self.did_not_go_well)
        )


@dataclass(frozen=True)
class GroupResults:
    """A detail row (a survey on a channel) or the service total, as a line of a table."""

    label: str
    detail: CollectionDetail | None
    respondents: FigureRow | None
    summary: list[tuple[str, FigureRow | None]]  # (metric, row) for the collection's `columns`
    drivers: list[DriverLine]  # empty for version 1 rows

    @property
    def is_total(self) -> bool:
        return self.detail is None

    @property
    def is_hidden(self) -> bool:
        """Hidden whole: its number of respondents is, and with it every figure it has."""
        return self.respondents is not None and self.respondents.suppressed


@dataclass(frozen=True)
class CollectionResults:
    collection: Collection
    columns: list[str]  # which of SUMMARY_METRICS this collection reports
    groups: list[GroupResults]  # the service total first

    @property
    def total(self) -> GroupResults:
        return self.groups[0]

    @property
    def details_with_drivers(self) -> list[GroupResults]:
        """Detail rows with drivers to show; a hidden row's table would only repeat "hidden"."""
        return [group for group in self.groups[1:] if group.drivers and not group.is_hidden]


@dataclass(frozen=True)
class QuarterResults:
    quarter: FiscalQuarter
    collections: list[CollectionResults]


def published_fiscal_years(organization: Organization) -> list[int]:
    """The fiscal years in which the agency published quarterly results, newest first."""
    years = (
        Collection.objects.filter(organization=organization, state=CollectionState.PUBLISHED)
        .values_list("fiscal_year", flat=True)
        .distinct()
        .order_by("-fiscal_year")
    )
    return list(years)


def results_by_quarter(
    organization: Organization, *, fiscal_year: int | None = None
) -> list[QuarterResults]:
    """An agency's published results (of one fiscal year, or all), newest quarter first, one
    table per service."""
    by_collection: dict[int, list[PublishedFigure]] = defaultdict(list)
    collections: dict[int, Collection] = {}
    for figure in published_figures(organization, fiscal_year=fiscal_year):
        by_collection[figure.collection.pk].append(figure)
        collections[figure.collection.pk] = figure.collection
    by_quarter: dict[FiscalQuarter, list[CollectionResults]] = defaultdict(list)
    for pk, collection in collections.items():
        by_quarter[collection.fiscal_quarter].append(
            collection_results(collection, by_collection[pk])
        )
    return [
        QuarterResults(quarter, by_quarter[quarter]) for quarter in sorted(by_quarter, reverse=True)
    ]


def collection_results(collection: Collection, figures: list[PublishedFigure]) -> CollectionResults:
    """The figures of one collection arranged as table rows, the service total first."""
    rows: dict[int | None, dict[str, FigureRow]] = defaultdict(dict)
    details: dict[int | None, CollectionDetail | None] = {None: None}
    for figure in figures:
        key = figure.detail.pk if figure.detail is not None else None
        rows[key][figure.metric] = figure.row
        details[key] = figure.detail
    columns = [m for m in SUMMARY_METRICS if any(m in metrics for metrics in rows.values())]
    groups = [_group(detail, rows[key], columns) for key, detail in details.items()]
    return CollectionResults(collection=collection, columns=columns, groups=groups)


def _group(
    detail: CollectionDetail | None, metrics: dict[str, FigureRow], columns: list[str]
) -> GroupResults:
    drivers = [
        DriverLine(
            driver=driver,
            name=DRIVER_NAMES[driver],
            went_well=metrics.get(f"positive_{driver}"),
            did_not_go_well=metrics.get(f"negative_{driver}"),
        )
        for driver in V2_DRIVERS
    ]
    return GroupResults(
        label=group_label(detail),
        detail=detail,
        respondents=metrics.get(RESPONDENTS),
        summary=[(metric, metrics.get(metric)) for metric in columns],
        drivers=[line for line in drivers if line.was_asked_about],
    )
