"""Embedding a survey on an agency's own pages: the snippets to copy, and the settings behind them.

Anyone who can see the survey sees the snippets; its managers set the origins it may be
embedded on and the share of visitors invited; organization admins also set how long a visitor
who was shown one survey is left alone (survey fatigue, for all of the organization's surveys).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from govcx.lib.origins import origin_list_problems, parse_origin_lines
from govcx.registry.models import Role, User
from govcx.registry.selectors import user_has_role
from govcx.registry.services import MAX_SURVEY_FATIGUE_DAYS, organization_update_survey_fatigue
from govcx.staff.forms import UswdsForm
from govcx.staff.views import signed_in_user
from govcx.surveys.models import Survey
from govcx.surveys.selectors import can_manage_survey, surveys_visible_to
from govcx.surveys.services import survey_update_embedding

FATIGUE_ROLES = (Role.ORGANIZATION_ADMIN,)
INLINE_TARGET_ID = "govcx-feedback"
OPENER_ID = "govcx-open-survey"


class EmbedForm(UswdsForm):
    allowed_origins = forms.CharField(
        required=False,
        label="Sites that may show this survey",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=(
            "One origin per line, such as https://www.agency.gov, or https://*.agency.gov for "
            "every subdomain. Only these sites can send answers through the widget."
        ),
    )
    sample_percent = forms.IntegerField(
        min_value=1,
        max_value=100,
        label="Share of visitors invited, in percent",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="From 1 to 100. Applies to the inline survey and the Feedback button.",
        error_messages={
            "required": "Give a percentage from 1 to 100.",
            "invalid": "Give a whole number from 1 to 100.",
            "min_value": "Give a percentage from 1 to 100.",
            "max_value": "Give a percentage from 1 to 100.",
        },
    )
    survey_fatigue_days = forms.IntegerField(
        min_value=0,
        max_value=MAX_SURVEY_FATIGUE_DAYS,
        label="Days before a visitor is asked again",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=(
            "For all of the organization's embedded surveys: after a visitor is shown or answers "
            "one, none is offered again for this many days. 0 turns this off."
        ),
        error_messages={
            "required": f"Give a number of days from 0 to {MAX_SURVEY_FATIGUE_DAYS}.",
            "invalid": f"Give a whole number of days from 0 to {MAX_SURVEY_FATIGUE_DAYS}.",
            "min_value": f"Give a number of days from 0 to {MAX_SURVEY_FATIGUE_DAYS}.",
            "max_value": f"Give a number of days from 0 to {MAX_SURVEY_FATIGUE_DAYS}.",
        },
    )

    def __init__(self, *args: Any, sets_fatigue: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sets_fatigue:
            del self.fields["survey_fatigue_days"]

    def clean_allowed_origins(self) -> list[str]:
        origins = parse_origin_lines(self.cleaned_data.get("allowed_origins", ""))
        problems = origin_list_problems(origins)
        if problems:
            raise ValidationError(problems)
        return origins

    @classmethod
    def initial_from(cls, survey: Survey) -> dict[str, Any]:
        return {
            "allowed_origins": "\n".join(survey.allowed_origins),
            "sample_percent": survey.sample_percent,
            "survey_fatigue_days": survey.organization.survey_fatigue_days,
        }


@dataclass(frozen=True)
class Snippet:
    name: str
    description: str
    code: str


def widget_address(survey: Survey) -> str:
    path = reverse("widget_script", kwargs={"public_id": survey.public_id})
    return f"{settings.SITE_URL}{path}"


def snippets(survey: Survey) -> list[Snippet]:
    """The three ways to embed the survey, ready to paste into an agency's page."""
    src = widget_address(survey)
    return [
        Snippet(
            "Inline",
            "The survey appears inside an element of your page.",
            f'<div id="{INLINE_TARGET_ID}"></div>\n'
            f'<script src="{src}" data-mode="inline" data-target="#{INLINE_TARGET_ID}" async>'
            "</script>",
        ),
        Snippet(
            "Feedback button",
            "A “Feedback” button at the bottom right corner opens the survey in a dialog.",
            f'<script src="{src}" data-mode="button" async></script>',
        ),
        Snippet(
            "Your own link",
            "An element of your page opens the survey in a dialog; every visitor who clicks it "
            "is asked, whatever the share of visitors invited.",
            f'<a href="#" id="{OPENER_ID}">Tell us how we did</a>\n'
            f'<script src="{src}" data-mode="modal" data-opener="#{OPENER_ID}" async></script>',
        ),
    ]


def _visible_survey(user: User, public_id: uuid.UUID) -> Survey:
    survey = surveys_visible_to(user).filter(public_id=public_id).first()
    if survey is None:
        raise Http404("There is no survey you can see with this id.")
    return survey


def _save(survey: Survey, user: User, data: dict[str, Any]) -> None:
    # Both settings are saved or neither, so a refused one never leaves half a change behind.
    with transaction.atomic():
        survey_update_embedding(
            survey=survey,
            user=user,
            allowed_origins=data["allowed_origins"],
            sample_percent=data["sample_percent"],
        )
        if "survey_fatigue_days" in data:
            organization_update_survey_fatigue(
                organization=survey.organization, days=data["survey_fatigue_days"]
            )


@login_required
@require_http_methods(["GET", "POST"])
def survey_embed(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    survey = _visible_survey(user, public_id)
    can_edit = can_manage_survey(user, survey)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Only this survey's managers change where it is embedded.")
    sets_fatigue = can_edit and user_has_role(user, survey.organization, FATIGUE_ROLES)
    data = request.POST if request.method == "POST" else None
    form = EmbedForm(data, sets_fatigue=sets_fatigue, initial=EmbedForm.initial_from(survey))
    if form.is_bound and form.is_valid():
        try:
            _save(survey, user, form.cleaned_data)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, "The embedding settings were saved.")
            return redirect("staff:survey_embed", public_id=survey.public_id)
    context = {
        "section": "surveys",
        "survey": survey,
        "snippets": snippets(survey),
        "widget_origin": settings.SITE_URL,
        "form": form if can_edit else None,
    }
    status = 400 if form.is_bound else 200
    return render(request, "staff/survey_embed.html", context, status=status)
