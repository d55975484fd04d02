"""Staff pages for the customer service plan, the agency's public contact and "you said, we did".

Organization admins and performance managers write; every other member of the organization
reads. Anything of an organization the user does not belong to is answered with 404, never
403, so another agency cannot even learn that it exists. A reader who sends a change gets 403.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govcx.lib.fiscal import fiscal_year_of
from govcx.registry.models import Organization, User
from govcx.reporting.models import CustomerServicePlan, FeedbackAction, PlanState
from govcx.reporting.plan_forms import (
    ActionForm,
    ContactForm,
    GoalForm,
    InitiativeForm,
    MechanismForm,
    MilestoneForm,
    PartForm,
    PlanCopyForm,
    PlanForm,
    PlanStandardsForm,
)
from govcx.reporting.plan_selectors import (
    action_visible_to,
    actions_for,
    can_edit_plans,
    contact_for,
    plan_contents,
    plan_organization_visible_to,
    plan_overview,
    plan_part,
    plan_standard_choices,
    plan_visible_to,
)
from govcx.reporting.plans import (
    MoveDirection,
    PlanPart,
    PlanPartKind,
    agency_contact_save,
    feedback_action_create,
    feedback_action_delete,
    feedback_action_publish,
    feedback_action_unpublish,
    feedback_action_update,
    plan_copy_to_year,
    plan_create,
    plan_missing_for_publication,
    plan_part_add,
    plan_part_delete,
    plan_part_move,
    plan_part_update,
    plan_publish,
    plan_standards_set,
    plan_unpublish,
    plan_update,
)
from govcx.staff.forms import UswdsForm
from govcx.staff.views import signed_in_user

SECTION = "plans"
EDITORS_ONLY = "Only organization admins and performance managers change plans and contacts."
STANDARDS_PREFIX = "standards"


@dataclass(frozen=True)
class PartKindPage:
    """How one kind of plan part is named and entered on the pages."""

    kind: PlanPartKind
    noun: str
    form: type[PartForm]


PART_PAGES: dict[PlanPartKind, PartKindPage] = {
    PlanPartKind.GOALS: PartKindPage(PlanPartKind.GOALS, "goal", GoalForm),
    PlanPartKind.INITIATIVES: PartKindPage(
        PlanPartKind.INITIATIVES, "signature initiative", InitiativeForm
    ),
    PlanPartKind.MECHANISMS: PartKindPage(
        PlanPartKind.MECHANISMS, "feedback mechanism", MechanismForm
    ),
    PlanPartKind.MILESTONES: PartKindPage(PlanPartKind.MILESTONES, "milestone", MilestoneForm),
}


# --- finding what the user may see ----------------------------------------------------------------


def _organization(user: User, public_id: uuid.UUID) -> Organization:
    organization = plan_organization_visible_to(user, public_id)
    if organization is None:
        raise Http404("There is no organization of yours with this id.")
    return organization


def _plan(user: User, public_id: uuid.UUID) -> CustomerServicePlan:
    plan = plan_visible_to(user, public_id)
    if plan is None:
        raise Http404("There is no plan you can see with this id.")
    return plan


def _part(plan: CustomerServicePlan, kind: str, part_id: int) -> tuple[PartKindPage, PlanPart]:
    page = _part_page(kind)
    part = plan_part(plan, page.kind, part_id)
    if part is None:
        raise Http404(f"This plan has no {page.noun} with this id.")
    return page, part


def _part_page(kind: str) -> PartKindPage:
    try:
        return PART_PAGES[PlanPartKind(kind)]
    except ValueError:
        raise Http404("A plan has goals, initiatives, mechanisms and milestones.") from None


def _action(user: User, public_id: uuid.UUID) -> FeedbackAction:
    action = action_visible_to(user, public_id)
    if action is None:
        raise Http404("There is no action you can see with this id.")
    return action


def _require_editor(user: User, organization: Organization) -> None:
    if not can_edit_plans(user, organization):
        raise PermissionDenied(EDITORS_ONLY)


def _plan_redirect(plan: CustomerServicePlan, anchor: str = "") -> HttpResponseRedirect:
    response = redirect("reporting:plan_detail", public_id=plan.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _form_status(form: UswdsForm) -> int:
    """A sent form that comes back is a bad request; an empty one is the page itself."""
    return 400 if form.is_bound else 200


def _saved(form: UswdsForm, save: Callable[[], object]) -> bool:
    """Run `save` when the form is valid; put the service's rule errors on the form."""
    if not form.is_bound or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as error:
        form.add_rule_errors(error)
        return False
    return True


# --- the overview ---------------------------------------------------------------------------------


@login_required
@require_GET
def plan_home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {"section": SECTION, "organizations": plan_overview(user)}
    return render(request, "reporting/plan_home.html", context)


# --- plans ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create_page(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    organization = _organization(user, organization_id)
    _require_editor(user, organization)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, initial={"fiscal_year": fiscal_year_of(timezone.localdate())})
    created: list[CustomerServicePlan] = []

    def save() -> None:
        fields = form.plan_fields()
        created.append(plan_create(organization=organization, fields=fields, user=user))

    if _saved(form, save):
        messages.success(request, f"The FY{created[0].fiscal_year} plan was created as a draft.")
        return _plan_redirect(created[0])
    context = {"section": SECTION, "form": form, "organization": organization, "plan": None}
    return render(request, "reporting/plan_form.html", context, status=_form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    _require_editor(user, plan.organization)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, initial=PlanForm.initial_from(plan))
    if _saved(form, lambda: plan_update(plan=plan, fields=form.plan_fields(), user=user)):
        messages.success(request, "The plan was saved.")
        return _plan_redirect(plan)
    context = {"section": SECTION, "form": form, "organization": plan.organization, "plan": plan}
    return render(request, "reporting/plan_form.html", context, status=_form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def plan_copy_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    _require_editor(user, plan.organization)
    data = request.POST if request.method == "POST" else None
    form = PlanCopyForm(data, initial={"fiscal_year": plan.fiscal_year + 1})
    copies: list[CustomerServicePlan] = []

    def save() -> None:
        year = form.cleaned_data["fiscal_year"]
        copies.append(plan_copy_to_year(plan=plan, fiscal_year=year, user=user))

    if _saved(form, save):
        messages.success(
            request, f"The FY{copies[0].fiscal_year} draft was started from FY{plan.fiscal_year}."
        )
        return _plan_redirect(copies[0])
    context = {"section": SECTION, "form": form, "plan": plan}
    return render(request, "reporting/plan_copy.html", context, status=_form_status(form))


def _add_forms(plan: CustomerServicePlan) -> dict[str, PartForm]:
    return {
        kind.value: page.form(plan=plan, prefix=kind.value) for kind, page in PART_PAGES.items()
    }


def _render_plan(
    request: HttpRequest,
    plan: CustomerServicePlan,
    *,
    bound: PartForm | PlanStandardsForm | None = None,
    publish_errors: list[str] | None = None,
) -> HttpResponse:
    """The plan page; `bound` is a form sent back with its errors in place of the empty one."""
    user = signed_in_user(request)
    can_edit = can_edit_plans(user, plan.organization)
    context: dict[str, Any] = {
        "section": SECTION,
        "plan": plan,
        "contents": plan_contents(plan),
        "can_edit": can_edit,
        "missing": plan_missing_for_publication(plan),
        "publish_errors": publish_errors or [],
        "is_published": plan.state == PlanState.PUBLISHED,
    }
    if can_edit:
        add_forms = _add_forms(plan)
        standards_form = PlanStandardsForm(
            prefix=STANDARDS_PREFIX,
            choices=plan_standard_choices(plan),
            initial={"standards": [standard.public_id for standard in plan.standards.all()]},
        )
        if isinstance(bound, PlanStandardsForm):
            standards_form = bound
        elif bound is not None:
            add_forms[str(bound.prefix)] = bound
        context |= {"add_forms": add_forms, "standards_form": standards_form}
    failed = bound is not None or bool(publish_errors)
    return render(request, "reporting/plan_detail.html", context, status=400 if failed else 200)


@login_required
@require_GET
def plan_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    plan = _plan(signed_in_user(request), public_id)
    return _render_plan(request, plan)


def _change_publication(
    request: HttpRequest,
    public_id: uuid.UUID,
    change: Callable[..., CustomerServicePlan],
    done: str,
) -> HttpResponse:
    """Publish or unpublish a plan; a refusal is shown on the plan page, not as an error page."""
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    _require_editor(user, plan.organization)
    try:
        change(plan=plan, user=user)
    except ValidationError as error:
        return _render_plan(request, plan, publish_errors=error.messages)
    messages.success(request, done.format(year=plan.fiscal_year))
    return _plan_redirect(plan)


@login_required
@require_POST
def plan_publish_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _change_publication(request, public_id, plan_publish, "The FY{year} plan is published.")


@login_required
@require_POST
def plan_unpublish_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _change_publication(
        request, public_id, plan_unpublish, "The FY{year} plan is a draft again."
    )


@login_required
@require_POST
def plan_standards_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    _require_editor(user, plan.organization)
    form = PlanStandardsForm(
        request.POST, prefix=STANDARDS_PREFIX, choices=plan_standard_choices(plan)
    )

    def save() -> None:
        plan_standards_set(plan=plan, standards=list(form.cleaned_data["standards"]), user=user)

    if _saved(form, save):
        messages.success(request, "The plan's standards were saved.")
        return _plan_redirect(plan, STANDARDS_PREFIX)
    return _render_plan(request, plan, bound=form)


# --- goals, initiatives, feedback mechanisms and milestones --------------------------------------


@login_required
@require_POST
def plan_part_add_view(request: HttpRequest, public_id: uuid.UUID, kind: str) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    page = _part_page(kind)
    _require_editor(user, plan.organization)
    form = page.form(request.POST, plan=plan, prefix=page.kind.value)
    if _saved(form, lambda: plan_part_add(plan=plan, fields=form.part_fields(), user=user)):
        messages.success(request, f"The {page.noun} was added.")
        return _plan_redirect(plan, page.kind.value)
    return _render_plan(request, plan, bound=form)


@login_required
@require_http_methods(["GET", "POST"])
def plan_part_edit_view(
    request: HttpRequest, public_id: uuid.UUID, kind: str, part_id: int
) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    page, part = _part(plan, kind, part_id)
    _require_editor(user, plan.organization)
    data = request.POST if request.method == "POST" else None
    form = page.form(data, plan=plan, initial=page.form.initial_from(part))
    if _saved(form, lambda: plan_part_update(part=part, fields=form.part_fields(), user=user)):
        messages.success(request, f"The {page.noun} was saved.")
        return _plan_redirect(plan, page.kind.value)
    context = {"section": SECTION, "plan": plan, "page": page, "part": part, "form": form}
    return render(request, "reporting/plan_part_edit.html", context, status=_form_status(form))


@login_required
@require_POST
def plan_part_delete_view(
    request: HttpRequest, public_id: uuid.UUID, kind: str, part_id: int
) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    page, part = _part(plan, kind, part_id)
    _require_editor(user, plan.organization)
    try:
        plan_part_delete(part=part, user=user)
    except ValidationError as error:
        return _render_plan(request, plan, publish_errors=error.messages)
    messages.success(request, f"The {page.noun} was removed.")
    return _plan_redirect(plan, page.kind.value)


@login_required
@require_POST
def plan_part_move_view(
    request: HttpRequest, public_id: uuid.UUID, kind: str, part_id: int
) -> HttpResponse:
    user = signed_in_user(request)
    plan = _plan(user, public_id)
    page, part = _part(plan, kind, part_id)
    _require_editor(user, plan.organization)
    try:
        direction = MoveDirection(request.POST.get("direction", ""))
    except ValueError:
        messages.error(request, "Direction: choose up or down.")
        return _plan_redirect(plan, page.kind.value)
    plan_part_move(part=part, direction=direction, user=user)
    return _plan_redirect(plan, page.kind.value)


# --- the agency contact --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    organization = _organization(user, organization_id)
    _require_editor(user, organization)
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, initial=ContactForm.initial_from(contact_for(organization)))

    def save() -> None:
        agency_contact_save(organization=organization, fields=form.contact_fields(), user=user)

    if _saved(form, save):
        messages.success(request, f"The public contact of {organization.name} was saved.")
        return redirect("reporting:plan_home")
    context = {"section": SECTION, "form": form, "organization": organization}
    return render(request, "reporting/contact_edit.html", context, status=_form_status(form))


# --- "you said, we did" --------------------------------------------------------------------------


def _action_list_redirect(organization: Organization) -> HttpResponseRedirect:
    return redirect("reporting:action_list", organization_id=organization.public_id)


@login_required
@require_GET
def action_list(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    organization = _organization(user, organization_id)
    context = {
        "section": SECTION,
        "organization": organization,
        "actions": actions_for(organization),
        "can_edit": can_edit_plans(user, organization),
    }
    return render(request, "reporting/action_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    organization = _organization(user, organization_id)
    _require_editor(user, organization)
    form = ActionForm(request.POST if request.method == "POST" else None, organization=organization)

    def save() -> None:
        feedback_action_create(organization=organization, fields=form.action_fields(), user=user)

    if _saved(form, save):
        messages.success(request, "The action was added. Publish it when the public may read it.")
        return _action_list_redirect(organization)
    context = {"section": SECTION, "form": form, "organization": organization, "action": None}
    return render(request, "reporting/action_form.html", context, status=_form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    action = _action(user, public_id)
    organization = action.organization
    _require_editor(user, organization)
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, organization=organization, initial=ActionForm.initial_from(action))

    def save() -> None:
        feedback_action_update(action=action, fields=form.action_fields(), user=user)

    if _saved(form, save):
        messages.success(request, "The action was saved.")
        return _action_list_redirect(organization)
    context = {"section": SECTION, "form": form, "organization": organization, "action": action}
    return render(request, "reporting/action_form.html", context, status=_form_status(form))


def _change_action(
    request: HttpRequest, public_id: uuid.UUID, change: Callable[..., object], done: str
) -> HttpResponse:
    """Delete, publish or unpublish an action, then go back to the organization's list."""
    user = signed_in_user(request)
    action = _action(user, public_id)
    organization = action.organization
    _require_editor(user, organization)
    try:
        change(action=action, user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _action_list_redirect(organization)


@login_required
@require_POST
def action_delete(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _change_action(request, public_id, feedback_action_delete, "The action was deleted.")


@login_required
@require_POST
def action_publish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _change_action(request, public_id, feedback_action_publish, "The action is published.")


@login_required
@require_POST
def action_unpublish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _change_action(
        request, public_id, feedback_action_unpublish, "The action is no longer published."
    )
