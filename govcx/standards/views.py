"""Standards pages: signed-in pages for agency staff, and one public page per agency.

Any member of an organization reads its standards; organization admins and performance
managers define standards and calendars. A standard or calendar of an organization the user
does not belong to is answered with 404, never 403, so another agency cannot even learn that
it exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from govcx.registry.models import Organization, User
from govcx.staff.views import signed_in_user
from govcx.standards import selectors
from govcx.standards.compliance import (
    PeriodCompliance,
    compliance_by_period,
    current_quarter,
    latest_complete_quarter,
    standard_report,
)
from govcx.standards.display import (
    headline_label,
    period_span,
    record_noun,
    target_text,
    target_unit_text,
)
from govcx.standards.forms import CalendarForm, StandardForm
from govcx.standards.models import Calendar, Measure, Standard
from govcx.standards.standard_services import (
    CALL_MEASURES,
    calendar_create,
    calendar_update,
    standard_create,
    standard_update,
)

SECTION = "standards"


@dataclass(frozen=True)
class StandardRow:
    """A standard as listed: with its wording, target and one period's result."""

    standard: Standard
    target: str
    headline_label: str
    noun: str
    result: PeriodCompliance

    @property
    def period_span(self) -> str:
        return period_span(self.result.period.start, self.result.period.end)


def _row(standard: Standard, result: PeriodCompliance) -> StandardRow:
    return StandardRow(
        standard=standard,
        target=target_text(standard),
        headline_label=headline_label(standard),
        noun=record_noun(standard),
        result=result,
    )


def _visible_standard(user: User, public_id: uuid.UUID) -> Standard:
    standard = selectors.standard_visible_to(user, public_id)
    if standard is None:
        raise Http404("There is no standard you can see with this id.")
    return standard


def _visible_calendar(user: User, public_id: uuid.UUID) -> Calendar:
    calendar = selectors.calendar_visible_to(user, public_id)
    if calendar is None:
        raise Http404("There is no calendar you can see with this id.")
    return calendar


def _editing_organizations(user: User) -> QuerySet[Organization]:
    organizations = selectors.organizations_editing_standards(user)
    if not organizations.exists():
        raise PermissionDenied("Organization admins and performance managers define standards.")
    return organizations


def _require_editor(user: User, organization_id: int) -> None:
    if not selectors.can_edit_standards(user, organization_id):
        raise PermissionDenied("Organization admins and performance managers define standards.")


def _standard_detail_redirect(standard: Standard) -> HttpResponseRedirect:
    return redirect("standards:detail", public_id=standard.public_id)


# --- staff: standards ----------------------------------------------------------------------------


@login_required
@require_GET
def standard_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    now = timezone.now()
    rows = []
    for standard in selectors.standards_visible_to(user):
        (result,) = compliance_by_period(standard, [current_quarter(standard, now)], as_of=now)
        rows.append(_row(standard, result))
    editing = set(selectors.organizations_editing_standards(user).values_list("pk", flat=True))
    context = {
        "section": SECTION,
        "rows": rows,
        "calendars": [
            (calendar, calendar.organization_id in editing)
            for calendar in selectors.calendars_visible_to(user)
        ],
        "can_create": bool(editing),
    }
    return render(request, "standards/standard_list.html", context)


@login_required
@require_GET
def standard_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    standard = _visible_standard(user, public_id)
    context = {
        "section": SECTION,
        "standard": standard,
        "target": target_text(standard),
        "headline_label": headline_label(standard),
        "noun": record_noun(standard),
        "report": standard_report(standard, as_of=timezone.now()),
        "is_about_calls": standard.measure in CALL_MEASURES,
        "shows_service_level": standard.measure == Measure.SPEED_OF_ANSWER,
        "target_seconds": target_unit_text(standard.target_value, standard.target_unit),
        "unit": standard.get_target_unit_display(),
        "measure_label": standard.get_measure_display().lower().replace("time to ", ""),
        "can_edit": selectors.can_edit_standards(user, standard.organization_id),
    }
    return render(request, "standards/standard_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organizations = _editing_organizations(user)
    data = request.POST if request.method == "POST" else None
    form = StandardForm(data, organizations=organizations)
    if form.is_bound and form.is_valid():
        fields = form.standard_fields()
        try:
            standard = standard_create(organization=fields.service.organization, fields=fields)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The standard was created.")
            return _standard_detail_redirect(standard)
    context = {"section": SECTION, "form": form, "standard": None}
    return render(
        request, "standards/standard_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    standard = _visible_standard(user, public_id)
    _require_editor(user, standard.organization_id)
    data = request.POST if request.method == "POST" else None
    organizations = Organization.objects.filter(pk=standard.organization_id)
    form = StandardForm(
        data, organizations=organizations, initial=StandardForm.initial_from(standard)
    )
    if form.is_bound and form.is_valid():
        try:
            standard_update(standard=standard, fields=form.standard_fields())
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The standard was saved.")
            return _standard_detail_redirect(standard)
    context = {"section": SECTION, "form": form, "standard": standard}
    return render(
        request, "standards/standard_form.html", context, status=400 if form.is_bound else 200
    )


# --- staff: calendars ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def calendar_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organizations = _editing_organizations(user)
    data = request.POST if request.method == "POST" else None
    form = CalendarForm(data, organizations=organizations)
    if form.is_bound and form.is_valid():
        organization = form.cleaned_data["organization"]
        try:
            calendar_create(organization=organization, fields=form.calendar_fields())
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The calendar was created.")
            return redirect("standards:list")
    context = {"section": SECTION, "form": form, "calendar": None}
    return render(
        request, "standards/calendar_form.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    calendar = _visible_calendar(user, public_id)
    _require_editor(user, calendar.organization_id)
    data = request.POST if request.method == "POST" else None
    organizations = Organization.objects.filter(pk=calendar.organization_id)
    form = CalendarForm(
        data,
        organizations=organizations,
        calendar=calendar,
        initial=CalendarForm.initial_from(calendar),
    )
    if form.is_bound and form.is_valid():
        try:
            calendar_update(calendar=calendar, fields=form.calendar_fields())
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The calendar was saved.")
            return redirect("standards:list")
    context = {"section": SECTION, "form": form, "calendar": calendar}
    return render(
        request, "standards/calendar_form.html", context, status=400 if form.is_bound else 200
    )


# --- public --------------------------------------------------------------------------------------


@require_GET
def public_standards(request: HttpRequest, abbreviation: str) -> HttpResponse:
    """An agency's active standards in plain language, each with the latest complete quarter."""
    organization = selectors.organization_by_abbreviation(abbreviation)
    if organization is None:
        raise Http404("There is no agency with this abbreviation.")
    now = timezone.now()
    rows = []
    for standard in selectors.public_standards_of(organization):
        quarter = latest_complete_quarter(standard, now)
        (result,) = compliance_by_period(standard, [quarter], as_of=now)
        rows.append(_row(standard, result))
    context = {"organization": organization, "rows": rows}
    return render(request, "standards/public_standards.html", context)
