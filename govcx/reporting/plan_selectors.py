"""Reads about customer service plans, the agency contact and "you said, we did" actions.

The first four functions are what the public site reads: they only ever return what an
agency has chosen to publish.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from govcx.registry.models import Organization, Role
from govcx.registry.selectors import AnyUser, organizations_where, user_has_role
from govcx.reporting.models import (
    AgencyContact,
    CustomerServicePlan,
    FeedbackAction,
    FeedbackMechanism,
    PlanGoal,
    PlanInitiative,
    PlanMilestone,
    PlanState,
)
from govcx.reporting.plans import PART_MODELS, PlanPart, PlanPartKind
from govcx.standards.models import Standard


def published_plan_for(
    organization: Organization, fiscal_year: int | None = None
) -> CustomerServicePlan | None:
    """The organization's published plan for `fiscal_year`, or its latest one when None."""
    plans = CustomerServicePlan.objects.filter(
        organization=organization, state=PlanState.PUBLISHED
    ).order_by("-fiscal_year")
    if fiscal_year is not None:
        plans = plans.filter(fiscal_year=fiscal_year)
    return plans.select_related("organization").first()


def published_plan_years(organization: Organization) -> list[int]:
    """The fiscal years with a published plan, newest first."""
    return list(
        CustomerServicePlan.objects.filter(organization=organization, state=PlanState.PUBLISHED)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )


def contact_for(organization: Organization) -> AgencyContact | None:
    return AgencyContact.objects.filter(organization=organization).first()


def published_actions_for(organization: Organization) -> QuerySet[FeedbackAction]:
    """Published "you said, we did" actions, newest first."""
    return (
        FeedbackAction.objects.filter(organization=organization, published=True)
        .select_related("service")
        .order_by("-action_date", "-id")
    )


# --- staff: who sees and edits what --------------------------------------------------------------

# Who writes the plan, the contact and the actions; every other member of the organization reads.
PLAN_EDITING_ROLES = (Role.ORGANIZATION_ADMIN, Role.PERFORMANCE_MANAGER)
# How many actions the overview shows per organization before linking to the full list.
OVERVIEW_ACTIONS = 5


def plan_organizations_visible_to(user: AnyUser) -> QuerySet[Organization]:
    return organizations_where(user).order_by("name")


def plan_organization_visible_to(user: AnyUser, public_id: uuid.UUID) -> Organization | None:
    return plan_organizations_visible_to(user).filter(public_id=public_id).first()


def can_edit_plans(user: AnyUser, organization: Organization) -> bool:
    """Whether the user writes this organization's plans, contact and actions."""
    return user_has_role(user, organization, PLAN_EDITING_ROLES)


def plans_visible_to(user: AnyUser) -> QuerySet[CustomerServicePlan]:
    return CustomerServicePlan.objects.filter(
        organization__in=organizations_where(user)
    ).select_related("organization", "updated_by")


def plan_visible_to(user: AnyUser, public_id: uuid.UUID) -> CustomerServicePlan | None:
    return plans_visible_to(user).filter(public_id=public_id).first()


def action_visible_to(user: AnyUser, public_id: uuid.UUID) -> FeedbackAction | None:
    return (
        FeedbackAction.objects.filter(
            organization__in=organizations_where(user), public_id=public_id
        )
        .select_related("organization", "service")
        .first()
    )


def actions_for(organization: Organization) -> QuerySet[FeedbackAction]:
    """Every action of the organization, published or not, newest first."""
    return (
        FeedbackAction.objects.filter(organization=organization)
        .select_related("service", "created_by")
        .order_by("-action_date", "-id")
    )


# --- staff: one plan -----------------------------------------------------------------------------


def plan_part(plan: CustomerServicePlan, kind: PlanPartKind, part_id: int) -> PlanPart | None:
    """One goal, initiative, mechanism or milestone, only when it belongs to this plan."""
    part: PlanPart | None = PART_MODELS[kind].objects.filter(plan=plan, pk=part_id).first()
    return part


@dataclass(frozen=True)
class PlanContents:
    """Everything on a plan's page, read in one query per kind of part."""

    goals: list[PlanGoal]
    initiatives: list[PlanInitiative]
    mechanisms: list[FeedbackMechanism]
    milestones: list[PlanMilestone]
    standards: list[Standard]


def plan_contents(plan: CustomerServicePlan) -> PlanContents:
    return PlanContents(
        goals=list(plan.goals.all()),
        initiatives=list(plan.initiatives.select_related("service")),
        mechanisms=list(plan.feedback_mechanisms.select_related("service")),
        milestones=list(plan.milestones.select_related("goal")),
        standards=list(
            plan.standards.select_related("service").order_by("service__name", "public_wording")
        ),
    )


def plan_standard_choices(plan: CustomerServicePlan) -> QuerySet[Standard]:
    """What may be linked: the organization's active standards, and any already linked."""
    linked = plan.standards.values("pk")
    return (
        Standard.objects.filter(organization_id=plan.organization_id)
        .filter(Q(active=True) | Q(pk__in=linked))
        .select_related("service")
        .order_by("service__name", "public_wording")
    )


# --- staff: the overview -------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganizationPlans:
    """One organization on the overview: its plans, its contact and its latest actions."""

    organization: Organization
    can_edit: bool
    plans: list[CustomerServicePlan]
    contact: AgencyContact | None
    latest_actions: list[FeedbackAction]
    action_count: int


def plan_overview(user: AnyUser) -> list[OrganizationPlans]:
    """The user's organizations, each read in a fixed number of queries whatever their count."""
    organizations = list(plan_organizations_visible_to(user))
    editing = set(organizations_where(user, PLAN_EDITING_ROLES).values_list("pk", flat=True))
    plans = _grouped(
        CustomerServicePlan.objects.filter(organization__in=organizations).order_by("-fiscal_year")
    )
    contacts = {
        contact.organization_id: contact
        for contact in AgencyContact.objects.filter(organization__in=organizations)
    }
    counts = dict(
        FeedbackAction.objects.filter(organization__in=organizations)
        .values("organization")
        .annotate(total=Count("pk"))
        .values_list("organization", "total")
    )
    return [
        OrganizationPlans(
            organization=organization,
            can_edit=organization.pk in editing,
            plans=plans.get(organization.pk, []),
            contact=contacts.get(organization.pk),
            latest_actions=list(actions_for(organization)[:OVERVIEW_ACTIONS]),
            action_count=counts.get(organization.pk, 0),
        )
        for organization in organizations
    ]


def _grouped(
    plans: QuerySet[CustomerServicePlan],
) -> dict[int, list[CustomerServicePlan]]:
    grouped: dict[int, list[CustomerServicePlan]] = {}
    for plan in plans:
        grouped.setdefault(plan.organization_id, []).append(plan)
    return grouped
