"""Every write to customer service plans, the agency contact and "you said, we did" actions.

Each function checks its rules first and raises one `ValidationError` keyed by the field at
fault, so nothing is stored when anything is wrong. Every change to a plan or one of its parts
records who made it on the plan (`updated_by`).

A published plan is what the public reads, so an edit that would leave it without what
publishing requires (the accountable official, a goal, a feedback mechanism) is refused: the
plan is unpublished first.

A "you said, we did" action records who created it; the model keeps no later editor, so the
action functions take `user` for the same signature as every other write.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Max, Value, When
from django.utils import timezone

from govcx.lib.fiscal import fiscal_year_of
from govcx.registry.models import FIRST_VOLUME_FISCAL_YEAR, Organization, Service, User
from govcx.reporting.models import (
    AgencyContact,
    CustomerServicePlan,
    FeedbackAction,
    FeedbackMechanism,
    MilestoneStatus,
    PlanGoal,
    PlanInitiative,
    PlanMilestone,
    PlanState,
)
from govcx.standards.models import Standard

Problems = dict[str, list[str]]
PlanPart = PlanGoal | PlanInitiative | FeedbackMechanism | PlanMilestone

# Plans are written ahead for the coming fiscal year, never further.
YEARS_AHEAD = 1
# What a person reads on a public page: long enough for a paragraph, short enough to read.
MOST_ACTION_CHARACTERS = 2000
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-]+(\s*(x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)
FEWEST_PHONE_DIGITS = 7


class PlanPartKind(enum.StrEnum):
    """The repeating parts of a plan, named as they appear in addresses."""

    GOALS = "goals"
    INITIATIVES = "initiatives"
    MECHANISMS = "mechanisms"
    MILESTONES = "milestones"


PART_MODELS: dict[PlanPartKind, type[PlanPart]] = {
    PlanPartKind.GOALS: PlanGoal,
    PlanPartKind.INITIATIVES: PlanInitiative,
    PlanPartKind.MECHANISMS: FeedbackMechanism,
    PlanPartKind.MILESTONES: PlanMilestone,
}


def plan_part_kind(part: PlanPart) -> PlanPartKind:
    return next(kind for kind, model in PART_MODELS.items() if isinstance(part, model))


class MoveDirection(enum.StrEnum):
    UP = "up"
    DOWN = "down"


def _raise_if(problems: Problems) -> None:
    if problems:
        raise ValidationError(problems)


def _require_text(problems: Problems, field: str, value: str, message: str) -> None:
    if not value.strip():
        problems.setdefault(field, []).append(message)


def _full_clean(instance: models.Model, exclude: Sequence[str] = ()) -> None:
    """The model's own checks (lengths, choices, emails, addresses) keyed by field."""
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


# --- plans ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFields:
    """What a person sets on a plan. The official may wait until the plan is published."""

    fiscal_year: int
    title: str
    summary: str = ""
    accountable_official_name: str = ""
    accountable_official_title: str = ""


# A draft may be saved before the accountable official is named; publishing requires them.
OFFICIAL_FIELDS: dict[str, str] = {
    "accountable_official_name": "the accountable official's name",
    "accountable_official_title": "the accountable official's title",
}
PUBLISHED_NEEDS = "A published plan needs {what}; unpublish the plan to change this."


def latest_plan_year(today: dt.date | None = None) -> int:
    """The furthest fiscal year a plan may be written for: the coming one."""
    return fiscal_year_of(today or timezone.localdate()) + YEARS_AHEAD


def _fiscal_year_problems(
    organization: Organization, fiscal_year: int, editing: CustomerServicePlan | None
) -> list[str]:
    latest = latest_plan_year()
    if not FIRST_VOLUME_FISCAL_YEAR <= fiscal_year <= latest:
        return [f"Choose a fiscal year from {FIRST_VOLUME_FISCAL_YEAR} to {latest}."]
    same_year = CustomerServicePlan.objects.filter(
        organization=organization, fiscal_year=fiscal_year
    )
    if editing is not None:
        same_year = same_year.exclude(pk=editing.pk)
    if same_year.exists():
        return [f"{organization.name} already has a plan for FY{fiscal_year}."]
    return []


def plan_problems(
    organization: Organization, fields: PlanFields, *, editing: CustomerServicePlan | None
) -> Problems:
    problems: Problems = {}
    year_problems = _fiscal_year_problems(organization, fields.fiscal_year, editing)
    if year_problems:
        problems["fiscal_year"] = year_problems
    _require_text(problems, "title", fields.title, "Give the plan a title.")
    if editing is not None and editing.state == PlanState.PUBLISHED:
        for name, what in OFFICIAL_FIELDS.items():
            if not getattr(fields, name).strip():
                problems[name] = [PUBLISHED_NEEDS.format(what=what)]
    return problems


def _apply_plan(plan: CustomerServicePlan, fields: PlanFields, user: User | None) -> None:
    _raise_if(plan_problems(plan.organization, fields, editing=plan if plan.pk else None))
    plan.fiscal_year = fields.fiscal_year
    plan.title = fields.title.strip()
    plan.summary = fields.summary.strip()
    plan.accountable_official_name = fields.accountable_official_name.strip()
    plan.accountable_official_title = fields.accountable_official_title.strip()
    plan.updated_by = user
    _full_clean(plan, exclude=list(OFFICIAL_FIELDS))
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        # Another person saved a plan for the same year between the check and this save.
        message = f"{plan.organization.name} already has a plan for FY{plan.fiscal_year}."
        raise ValidationError({"fiscal_year": [message]}) from None


@transaction.atomic
def plan_create(
    *, organization: Organization, fields: PlanFields, user: User | None
) -> CustomerServicePlan:
    plan = CustomerServicePlan(organization=organization)
    _apply_plan(plan, fields, user)
    return plan


@transaction.atomic
def plan_update(
    *, plan: CustomerServicePlan, fields: PlanFields, user: User | None
) -> CustomerServicePlan:
    _apply_plan(plan, fields, user)
    return plan


def _copied_title(title: str, from_year: int, to_year: int) -> str:
    """The title with its year brought forward: "FY2025 plan" becomes "FY2026 plan"."""
    return re.sub(rf"\b(FY)?{from_year}\b", rf"\g<1>{to_year}", title)


@transaction.atomic
def plan_copy_to_year(
    *, plan: CustomerServicePlan, fiscal_year: int, user: User | None
) -> CustomerServicePlan:
    """A new draft for `fiscal_year` that starts from `plan`.

    Goals, signature initiatives, feedback mechanisms and the standards still in force are
    copied: they usually carry over from one year to the next. Milestones are not: each is a
    dated commitment of the year it was made in, with a status earned in that year, and
    copying them would start the new plan with past due dates and work marked done before it
    began.
    """
    fields = PlanFields(
        fiscal_year=fiscal_year,
        title=_copied_title(plan.title, plan.fiscal_year, fiscal_year),
        summary=plan.summary,
        accountable_official_name=plan.accountable_official_name,
        accountable_official_title=plan.accountable_official_title,
    )
    copy = plan_create(organization=plan.organization, fields=fields, user=user)
    _copy_parts(plan, copy)
    copy.standards.set(plan.standards.filter(active=True))
    return copy


def _copy_parts(source: CustomerServicePlan, copy: CustomerServicePlan) -> None:
    PlanGoal.objects.bulk_create(
        PlanGoal(plan=copy, position=goal.position, title=goal.title, description=goal.description)
        for goal in source.goals.all()
    )
    PlanInitiative.objects.bulk_create(
        PlanInitiative(
            plan=copy,
            position=initiative.position,
            title=initiative.title,
            description=initiative.description,
            service_id=initiative.service_id,
        )
        for initiative in source.initiatives.all()
    )
    FeedbackMechanism.objects.bulk_create(
        FeedbackMechanism(
            plan=copy,
            position=mechanism.position,
            name=mechanism.name,
            description=mechanism.description,
            channel=mechanism.channel,
            service_id=mechanism.service_id,
        )
        for mechanism in source.feedback_mechanisms.all()
    )


# --- publishing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """Something a published plan must have, keyed by the field a person fixes it in."""

    field: str
    what: str


def plan_missing_for_publication(plan: CustomerServicePlan) -> list[Missing]:
    """What the plan lacks before the public may read it; empty when it may be published."""
    missing = [
        Missing(name, what)
        for name, what in OFFICIAL_FIELDS.items()
        if not getattr(plan, name).strip()
    ]
    if not plan.goals.exists():
        missing.append(Missing("goals", "at least one goal"))
    if not plan.feedback_mechanisms.exists():
        missing.append(Missing("feedback_mechanisms", "at least one feedback mechanism"))
    return missing


def _published_plan_stays_complete(plan: CustomerServicePlan) -> None:
    if plan.state != PlanState.PUBLISHED:
        return
    _raise_if(
        {
            item.field: [PUBLISHED_NEEDS.format(what=item.what)]
            for item in plan_missing_for_publication(plan)
        }
    )


@transaction.atomic
def plan_publish(*, plan: CustomerServicePlan, user: User | None) -> CustomerServicePlan:
    if plan.state == PlanState.PUBLISHED:
        raise ValidationError({"state": [f"The FY{plan.fiscal_year} plan is already published."]})
    _raise_if(
        {
            item.field: [f"Before publishing, add {item.what}."]
            for item in plan_missing_for_publication(plan)
        }
    )
    plan.state = PlanState.PUBLISHED
    plan.published_at = timezone.now()
    plan.updated_by = user
    plan.save(update_fields=["state", "published_at", "updated_by", "updated_at"])
    return plan


@transaction.atomic
def plan_unpublish(*, plan: CustomerServicePlan, user: User | None) -> CustomerServicePlan:
    if plan.state != PlanState.PUBLISHED:
        raise ValidationError({"state": [f"The FY{plan.fiscal_year} plan is not published."]})
    plan.state = PlanState.DRAFT
    plan.published_at = None
    plan.updated_by = user
    plan.save(update_fields=["state", "published_at", "updated_by", "updated_at"])
    return plan


def _touch(plan: CustomerServicePlan, user: User | None) -> None:
    """Record who last changed the plan, through any of its parts."""
    plan.updated_by = user
    plan.save(update_fields=["updated_by", "updated_at"])


# --- standards -----------------------------------------------------------------------------------


@transaction.atomic
def plan_standards_set(
    *, plan: CustomerServicePlan, standards: Sequence[Standard], user: User | None
) -> CustomerServicePlan:
    """Link exactly these standards. Each must be the organization's own; a standard that is
    no longer active may stay linked but cannot be newly added."""
    linked = set(plan.standards.values_list("pk", flat=True))
    problems: list[str] = []
    for standard in standards:
        if standard.organization_id != plan.organization_id:
            problems.append(f"“{standard.public_wording}” is not a standard of your organization.")
        elif not standard.active and standard.pk not in linked:
            problems.append(f"“{standard.public_wording}” is no longer active.")
    _raise_if({"standards": problems} if problems else {})
    plan.standards.set(standards)
    _touch(plan, user)
    return plan


# --- goals, initiatives, feedback mechanisms and milestones --------------------------------------


@dataclass(frozen=True)
class GoalFields:
    title: str
    description: str = ""


@dataclass(frozen=True)
class InitiativeFields:
    title: str
    description: str = ""
    service: Service | None = None


@dataclass(frozen=True)
class MechanismFields:
    name: str
    description: str = ""
    channel: str = ""
    service: Service | None = None


@dataclass(frozen=True)
class MilestoneFields:
    description: str
    owner: str
    due_date: dt.date
    status: str = MilestoneStatus.PLANNED
    goal: PlanGoal | None = None


def _service_problems(plan: CustomerServicePlan, service: Service | None) -> Problems:
    if service is not None and service.organization_id != plan.organization_id:
        return {"service": [f"Choose a service of {plan.organization.name}."]}
    return {}


def _goal_problems(plan: CustomerServicePlan, fields: GoalFields) -> Problems:
    problems: Problems = {}
    _require_text(problems, "title", fields.title, "Give the goal a title.")
    return problems


def _initiative_problems(plan: CustomerServicePlan, fields: InitiativeFields) -> Problems:
    problems = _service_problems(plan, fields.service)
    _require_text(problems, "title", fields.title, "Give the initiative a title.")
    return problems


def _mechanism_problems(plan: CustomerServicePlan, fields: MechanismFields) -> Problems:
    problems = _service_problems(plan, fields.service)
    _require_text(problems, "name", fields.name, "Name the feedback mechanism.")
    return problems


def _milestone_problems(plan: CustomerServicePlan, fields: MilestoneFields) -> Problems:
    problems: Problems = {}
    _require_text(problems, "description", fields.description, "Describe the milestone.")
    _require_text(problems, "owner", fields.owner, "Say who owns the milestone.")
    if fields.goal is not None and fields.goal.plan_id != plan.pk:
        problems["goal"] = ["Choose one of this plan's goals, or none."]
    return problems


def _next_position(plan: CustomerServicePlan, kind: PlanPartKind) -> int:
    highest = PART_MODELS[kind].objects.filter(plan=plan).aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def _save_part(part: PlanPart, user: User | None) -> None:
    if part.pk is None:
        part.position = _next_position(part.plan, plan_part_kind(part))
    _full_clean(part, exclude=["plan", "position"])
    part.save()
    _touch(part.plan, user)


def _fill_goal(goal: PlanGoal, fields: GoalFields) -> PlanGoal:
    _raise_if(_goal_problems(goal.plan, fields))
    goal.title = fields.title.strip()
    goal.description = fields.description.strip()
    return goal


def _fill_initiative(initiative: PlanInitiative, fields: InitiativeFields) -> PlanInitiative:
    _raise_if(_initiative_problems(initiative.plan, fields))
    initiative.title = fields.title.strip()
    initiative.description = fields.description.strip()
    initiative.service = fields.service
    return initiative


def _fill_mechanism(mechanism: FeedbackMechanism, fields: MechanismFields) -> FeedbackMechanism:
    _raise_if(_mechanism_problems(mechanism.plan, fields))
    mechanism.name = fields.name.strip()
    mechanism.description = fields.description.strip()
    mechanism.channel = fields.channel
    mechanism.service = fields.service
    return mechanism


def _fill_milestone(milestone: PlanMilestone, fields: MilestoneFields) -> PlanMilestone:
    _raise_if(_milestone_problems(milestone.plan, fields))
    milestone.description = fields.description.strip()
    milestone.owner = fields.owner.strip()
    milestone.due_date = fields.due_date
    milestone.status = fields.status
    milestone.goal = fields.goal
    return milestone


@transaction.atomic
def plan_goal_add(*, plan: CustomerServicePlan, fields: GoalFields, user: User | None) -> PlanGoal:
    goal = _fill_goal(PlanGoal(plan=plan), fields)
    _save_part(goal, user)
    return goal


@transaction.atomic
def plan_goal_update(*, goal: PlanGoal, fields: GoalFields, user: User | None) -> PlanGoal:
    _save_part(_fill_goal(goal, fields), user)
    return goal


@transaction.atomic
def plan_initiative_add(
    *, plan: CustomerServicePlan, fields: InitiativeFields, user: User | None
) -> PlanInitiative:
    initiative = _fill_initiative(PlanInitiative(plan=plan), fields)
    _save_part(initiative, user)
    return initiative


@transaction.atomic
def plan_initiative_update(
    *, initiative: PlanInitiative, fields: InitiativeFields, user: User | None
) -> PlanInitiative:
    _save_part(_fill_initiative(initiative, fields), user)
    return initiative


@transaction.atomic
def plan_mechanism_add(
    *, plan: CustomerServicePlan, fields: MechanismFields, user: User | None
) -> FeedbackMechanism:
    mechanism = _fill_mechanism(FeedbackMechanism(plan=plan), fields)
    _save_part(mechanism, user)
    return mechanism


@transaction.atomic
def plan_mechanism_update(
    *, mechanism: FeedbackMechanism, fields: MechanismFields, user: User | None
) -> FeedbackMechanism:
    _save_part(_fill_mechanism(mechanism, fields), user)
    return mechanism


@transaction.atomic
def plan_milestone_add(
    *, plan: CustomerServicePlan, fields: MilestoneFields, user: User | None
) -> PlanMilestone:
    milestone = _fill_milestone(PlanMilestone(plan=plan), fields)
    _save_part(milestone, user)
    return milestone


@transaction.atomic
def plan_milestone_update(
    *, milestone: PlanMilestone, fields: MilestoneFields, user: User | None
) -> PlanMilestone:
    _save_part(_fill_milestone(milestone, fields), user)
    return milestone


@transaction.atomic
def plan_part_delete(*, part: PlanPart, user: User | None) -> None:
    """Remove a goal, initiative, mechanism or milestone; a goal's milestones stay, unlinked."""
    plan = part.plan
    part.delete()
    _published_plan_stays_complete(plan)
    _touch(plan, user)


@transaction.atomic
def plan_parts_reorder(
    *,
    plan: CustomerServicePlan,
    kind: PlanPartKind,
    ordered_ids: Sequence[int],
    user: User | None,
) -> None:
    """Put the plan's parts of one kind in the order given, which must name each exactly once.

    Milestones are listed by due date; their order only breaks ties between the same day.
    """
    parts = PART_MODELS[kind].objects.filter(plan=plan)
    existing = sorted(parts.values_list("pk", flat=True))
    if sorted(ordered_ids) != existing:
        raise ValidationError({"order": [f"Give each of the plan's {kind} exactly once."]})
    if ordered_ids:
        positions = [When(pk=pk, then=Value(index)) for index, pk in enumerate(ordered_ids)]
        parts.update(position=Case(*positions))
    _touch(plan, user)


@transaction.atomic
def plan_part_move(*, part: PlanPart, direction: MoveDirection, user: User | None) -> None:
    """Swap a part with its neighbour above or below; at either end nothing moves."""
    kind = plan_part_kind(part)
    ids = list(PART_MODELS[kind].objects.filter(plan=part.plan).values_list("pk", flat=True))
    index = ids.index(part.pk)
    other = index - 1 if direction == MoveDirection.UP else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    plan_parts_reorder(plan=part.plan, kind=kind, ordered_ids=ids, user=user)


# --- the agency contact --------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactFields:
    representative_name: str
    representative_title: str = ""
    representative_email: str = ""
    public_email: str = ""
    public_phone: str = ""
    tty_phone: str = ""
    mailing_address: str = ""
    contact_page_url: str = ""
    hours: str = ""
    guidelines: str = ""


# The ways the public can reach an agency; a contact must offer at least one.
PUBLIC_WAYS = ("public_email", "public_phone", "mailing_address", "contact_page_url")


def _phone_problems(field: str, value: str) -> Problems:
    if not value:
        return {}
    digits = sum(character.isdigit() for character in value)
    if not PHONE_CHARACTERS.match(value) or digits < FEWEST_PHONE_DIGITS:
        return {field: ["Give a phone number with its area code, such as 1-800-555-0100."]}
    return {}


def contact_problems(fields: ContactFields) -> Problems:
    problems: Problems = {}
    _require_text(
        problems,
        "representative_name",
        fields.representative_name,
        "Name the customer relations representative.",
    )
    if not any(getattr(fields, name).strip() for name in PUBLIC_WAYS):
        problems["public_email"] = [
            "Give at least one way the public can reach the agency: a public email, "
            "a phone number, a mailing address or a contact page."
        ]
    for field in ("public_phone", "tty_phone"):
        problems |= _phone_problems(field, getattr(fields, field).strip())
    url = fields.contact_page_url.strip()
    if url and not url.lower().startswith("https://"):
        problems["contact_page_url"] = ["Give the contact page's full address, starting https://."]
    return problems


@transaction.atomic
def agency_contact_save(
    *, organization: Organization, fields: ContactFields, user: User | None
) -> AgencyContact:
    """Create or replace the organization's one contact."""
    _raise_if(contact_problems(fields))
    contact = AgencyContact.objects.filter(organization=organization).first()
    contact = contact or AgencyContact(organization=organization)
    for name in ContactFields.__dataclass_fields__:
        setattr(contact, name, getattr(fields, name).strip())
    contact.updated_by = user
    _full_clean(contact, exclude=["organization"])
    contact.save()
    return contact


# --- "you said, we did" --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFields:
    you_said: str
    we_did: str
    action_date: dt.date
    service: Service | None = None


def action_problems(organization: Organization, fields: ActionFields) -> Problems:
    problems: Problems = {}
    _require_text(problems, "you_said", fields.you_said, "Say what customers told you.")
    _require_text(problems, "we_did", fields.we_did, "Say what the agency did about it.")
    for field in ("you_said", "we_did"):
        if len(getattr(fields, field).strip()) > MOST_ACTION_CHARACTERS:
            problems.setdefault(field, []).append(
                f"Keep it to at most {MOST_ACTION_CHARACTERS:,} characters."
            )
    if fields.action_date > timezone.localdate():
        problems["action_date"] = ["An action is published once it is done: give a past date."]
    if fields.service is not None and fields.service.organization_id != organization.pk:
        problems["service"] = [f"Choose a service of {organization.name}."]
    return problems


def _apply_action(action: FeedbackAction, fields: ActionFields) -> FeedbackAction:
    _raise_if(action_problems(action.organization, fields))
    action.you_said = fields.you_said.strip()
    action.we_did = fields.we_did.strip()
    action.action_date = fields.action_date
    action.service = fields.service
    _full_clean(action, exclude=["organization"])
    action.save()
    return action


@transaction.atomic
def feedback_action_create(
    *, organization: Organization, fields: ActionFields, user: User | None
) -> FeedbackAction:
    """A new action, unpublished until someone publishes it."""
    return _apply_action(FeedbackAction(organization=organization, created_by=user), fields)


@transaction.atomic
def feedback_action_update(
    *, action: FeedbackAction, fields: ActionFields, user: User | None
) -> FeedbackAction:
    return _apply_action(action, fields)


@transaction.atomic
def feedback_action_delete(*, action: FeedbackAction, user: User | None) -> None:
    action.delete()


def _set_published(action: FeedbackAction, published: bool) -> FeedbackAction:
    if action.published == published:
        state = "already published" if published else "not published"
        raise ValidationError({"published": [f"This action is {state}."]})
    action.published = published
    action.save(update_fields=["published", "updated_at"])
    return action


@transaction.atomic
def feedback_action_publish(*, action: FeedbackAction, user: User | None) -> FeedbackAction:
    return _set_published(action, True)


@transaction.atomic
def feedback_action_unpublish(*, action: FeedbackAction, user: User | None) -> FeedbackAction:
    return _set_published(action, False)


# --- any part, for pages that handle every kind alike --------------------------------------------

PartFields = GoalFields | InitiativeFields | MechanismFields | MilestoneFields


def plan_part_add(*, plan: CustomerServicePlan, fields: PartFields, user: User | None) -> PlanPart:
    """Add the part that `fields` describe: a goal, initiative, mechanism or milestone."""
    if isinstance(fields, GoalFields):
        return plan_goal_add(plan=plan, fields=fields, user=user)
    if isinstance(fields, InitiativeFields):
        return plan_initiative_add(plan=plan, fields=fields, user=user)
    if isinstance(fields, MechanismFields):
        return plan_mechanism_add(plan=plan, fields=fields, user=user)
    return plan_milestone_add(plan=plan, fields=fields, user=user)


def plan_part_update(*, part: PlanPart, fields: PartFields, user: User | None) -> PlanPart:
    """Update any part with fields of its own kind."""
    if isinstance(part, PlanGoal) and isinstance(fields, GoalFields):
        return plan_goal_update(goal=part, fields=fields, user=user)
    if isinstance(part, PlanInitiative) and isinstance(fields, InitiativeFields):
        return plan_initiative_update(initiative=part, fields=fields, user=user)
    if isinstance(part, FeedbackMechanism) and isinstance(fields, MechanismFields):
        return plan_mechanism_update(mechanism=part, fields=fields, user=user)
    if isinstance(part, PlanMilestone) and isinstance(fields, MilestoneFields):
        return plan_milestone_update(milestone=part, fields=fields, user=user)
    raise TypeError(f"{type(fields).__name__} cannot update a {type(part).__name__}.")
