"""Signed-in pages for agency staff.

Each view parses its input, checks permission, calls a selector or a service and renders.
A survey of an organization the user cannot see is answered with 404, never 403, so another
agency's staff cannot even learn that it exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from govcx.registry.models import Role, User
from govcx.registry.selectors import organizations_where, services_visible_to
from govcx.responses.export import export_filename, responses_csv
from govcx.responses.models import Response
from govcx.responses.selectors import (
    answer_keys_by_version,
    response_list_rows,
    surveys_with_response_counts,
)
from govcx.staff.formatting import answer_summary, spam_explanation
from govcx.staff.forms import ReasonForm, ResponseFilterForm, SurveyCreateForm, SurveyDetailsForm
from govcx.staff.lifecycle import ACTIONS_BY_NAME, actions_offered, is_permitted
from govcx.staff.selectors import manages_surveys_somewhere, organization_roles_of
from govcx.surveys.catalog import TEMPLATES
from govcx.surveys.models import Survey
from govcx.surveys.selectors import (
    can_approve_survey,
    can_manage_survey,
    manageable_survey_ids,
    surveys_visible_to,
)
from govcx.surveys.services import (
    SurveyError,
    survey_create_from_template,
    survey_update_details,
)

PAGINATION_PAGES_EACH_SIDE = 2
PAGINATION_PAGES_AT_ENDS = 1


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required has already turned anonymous users away
        raise PermissionDenied
    return user


def public_survey_path(survey: Survey) -> str:
    """Where respondents answer the survey (served by the collection app under /s/)."""
    return f"/s/{survey.public_id}/"


def _visible_survey(user: User, public_id: uuid.UUID) -> Survey:
    survey = surveys_visible_to(user).filter(public_id=public_id).first()
    if survey is None:
        raise Http404("There is no survey you can see with this id.")
    return survey


def _survey_detail_redirect(survey: Survey) -> HttpResponseRedirect:
    return redirect("staff:survey_detail", public_id=survey.public_id)


# --- home and services -------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "section": "home",
        "organization_roles": organization_roles_of(user),
        "can_create_surveys": manages_surveys_somewhere(user),
        "administers_organizations": organizations_where(user, [Role.ORGANIZATION_ADMIN]).exists(),
    }
    return render(request, "staff/home.html", context)


@login_required
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    services = services_visible_to(signed_in_user(request))
    return render(request, "staff/service_list.html", {"section": "services", "services": services})


# --- surveys -----------------------------------------------------------------------------------


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "section": "surveys",
        "surveys": [
            (survey, public_survey_path(survey)) for survey in surveys_with_response_counts(user)
        ],
        "can_create_surveys": manages_surveys_somewhere(user),
    }
    return render(request, "staff/survey_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not manages_surveys_somewhere(user):
        raise PermissionDenied("Only organization admins and survey managers create surveys.")
    form = SurveyCreateForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        try:
            survey = survey_create_from_template(
                organization=form.cleaned_data["organization"],
                service=form.cleaned_data["service"],
                template_key=form.cleaned_data["template"],
                title=form.cleaned_data["title"],
                user=user,
            )
        except SurveyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{survey.title}” was created as a draft.")
            return _survey_detail_redirect(survey)
    context = {"section": "surveys", "form": form, "templates": list(TEMPLATES.values())}
    status = 400 if form.is_bound else 200
    return render(request, "staff/survey_new.html", context, status=status)


@login_required
@require_GET
def survey_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    survey = _visible_survey(user, public_id)
    can_manage = can_manage_survey(user, survey)
    can_approve = can_approve_survey(user, survey)
    context = {
        "section": "surveys",
        "survey": survey,
        "public_path": public_survey_path(survey),
        "structure": survey.build_structure(),
        "versions": survey.versions.order_by("-number"),
        "transitions": survey.transitions.select_related("user").order_by("created_at", "pk"),
        "actions": actions_offered(survey, can_manage=can_manage, can_approve=can_approve),
        "can_edit": can_manage,
    }
    return render(request, "staff/survey_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    survey = _visible_survey(user, public_id)
    if not can_manage_survey(user, survey):
        raise PermissionDenied("Only this survey's managers change its details.")
    data = request.POST if request.method == "POST" else None
    form = SurveyDetailsForm(data, survey=survey, initial=SurveyDetailsForm.initial_from(survey))
    if form.is_bound and form.is_valid():
        try:
            survey_update_details(survey=survey, **form.cleaned_data)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The survey's details were saved.")
            return _survey_detail_redirect(survey)
    context = {"section": "surveys", "survey": survey, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "staff/survey_edit.html", context, status=status)


@login_required
@require_POST
def survey_action(request: HttpRequest, public_id: uuid.UUID, action: str) -> HttpResponse:
    user = signed_in_user(request)
    survey = _visible_survey(user, public_id)
    chosen = ACTIONS_BY_NAME.get(action)
    if chosen is None:
        raise Http404("There is no such survey action.")
    permitted = is_permitted(
        chosen,
        can_manage=can_manage_survey(user, survey),
        can_approve=can_approve_survey(user, survey),
    )
    if not permitted:
        raise PermissionDenied("You may not do this to this survey.")
    reason_form = ReasonForm(request.POST)
    if not reason_form.is_valid():
        messages.error(request, " ".join(str(error) for error in reason_form.errors["reason"]))
        return _survey_detail_redirect(survey)
    try:
        result = chosen.perform(survey, user, reason_form.cleaned_data["reason"])
    except SurveyError as error:
        messages.error(request, str(error))
        return _survey_detail_redirect(survey)
    messages.success(request, chosen.done)
    return _survey_detail_redirect(result)


# --- responses ---------------------------------------------------------------------------------


@login_required
@require_GET
def response_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ResponseFilterForm(request.GET, user=user)
    context: dict[str, object] = {"section": "responses", "form": form, "page_obj": None}
    if not form.is_valid():
        return render(request, "staff/response_list.html", context, status=400)
    paginator = Paginator(response_list_rows(user, form.filters()), settings.RESPONSES_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context["page_obj"] = page
    rows = _response_rows(user, list(page.object_list), form.filters().include_spam)
    context["rows"] = rows
    context["can_mark_any"] = any(row.may_mark for row in rows)
    context["here"] = request.get_full_path()  # where the spam buttons bring the user back to
    context["page_range"] = paginator.get_elided_page_range(
        page.number, on_each_side=PAGINATION_PAGES_EACH_SIDE, on_ends=PAGINATION_PAGES_AT_ENDS
    )
    context["ellipsis"] = Paginator.ELLIPSIS
    return render(request, "staff/response_list.html", context)


@dataclass(frozen=True)
class ResponseRow:
    response: Response
    summary: str  # the answers in the order the survey version asks them
    may_mark: bool  # whether the user may mark it as spam or take that back
    spam_note: str  # why it was scored as spam, when the person asked to see spam


def _response_rows(user: User, responses: list[Response], show_spam: bool) -> list[ResponseRow]:
    """The page's rows; what they need besides the responses comes from one query each."""
    orders = answer_keys_by_version(response.survey_version_id for response in responses)
    # Permission is per survey, so it is asked once for the page's surveys, not once per row.
    markable = manageable_survey_ids(user, (response.survey_id for response in responses))
    return [
        ResponseRow(
            response=response,
            summary=answer_summary(response.answers, orders.get(response.survey_version_id, ())),
            may_mark=response.survey_id in markable,
            spam_note=_spam_note(response) if show_spam else "",
        )
        for response in responses
    ]


def _spam_note(response: Response) -> str:
    if not response.is_spam and not response.spam_score:
        return ""
    return spam_explanation(response.spam_score, response.spam_signals)


@login_required
@require_GET
def response_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    user = signed_in_user(request)
    form = ResponseFilterForm(request.GET, user=user)
    if not form.is_valid():
        if form.names_an_unknown_record():
            raise Http404("There is no survey or service you can see with this id.")
        return HttpResponseBadRequest(
            form.errors.as_text(), content_type="text/plain; charset=utf-8"
        )
    response = StreamingHttpResponse(
        responses_csv(user, form.filters()), content_type="text/csv; charset=utf-8"
    )
    filename = export_filename(timezone.now().date())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Responses are not for shared caches or the browser's disk cache.
    patch_cache_control(response, private=True, no_store=True)
    return response
