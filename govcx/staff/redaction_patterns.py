"""An organization's own kinds of personal information (claim numbers, case numbers …).

Organization admins add a pattern with an example it must find; it applies to every comment
stored from then on, and `govcx redact-comments` applies it to those stored before. A pattern
is deactivated, never deleted, so the audit log always names something that existed.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from govcx.registry.models import Organization, RedactionPattern
from govcx.registry.selectors import (
    REDACTION_ADMIN_ROLES,
    AnyUser,
    organizations_where,
    redaction_patterns_administered,
)
from govcx.registry.services import redaction_pattern_create, redaction_pattern_set_active
from govcx.staff.forms import OrganizationChoiceField, UswdsForm
from govcx.staff.views import signed_in_user


class RedactionPatternForm(UswdsForm):
    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the organization whose comments the pattern applies to.",
            "invalid_choice": "Choose one of your organizations from the list.",
        },
    )
    name = forms.CharField(
        max_length=100,
        help_text="What it finds, e.g. “Benefit claim number”.",
        error_messages={"required": "Name the pattern after what it finds."},
    )
    label = forms.CharField(
        max_length=40,
        help_text="The placeholder that replaces what it finds, in capitals, digits and "
        "underscores: CLAIM_NUMBER gives [CLAIM_NUMBER].",
        error_messages={"required": "Give the placeholder's label, such as CLAIM_NUMBER."},
    )
    pattern = forms.CharField(
        max_length=500,
        help_text=r"A regular expression (Python syntax), e.g. \bCL-\d{8}\b.",
        error_messages={"required": "Give the regular expression."},
    )
    test_string = forms.CharField(
        max_length=500,
        label="Test string",
        help_text="A made-up example the pattern must find, such as “my claim CL-12345678”.",
        error_messages={"required": "Give an example the pattern must find."},
    )

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, OrganizationChoiceField)
        field.queryset = organizations_where(user, REDACTION_ADMIN_ROLES).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def redaction_pattern_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not organizations_where(user, REDACTION_ADMIN_ROLES).exists():
        raise Http404("You administer no organization.")
    form = RedactionPatternForm(request.POST if request.method == "POST" else None, user=user)
    if form.is_bound and form.is_valid():
        try:
            pattern = redaction_pattern_create(**form.cleaned_data, user=user)
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, _added_message(pattern))
            return redirect("staff:redaction_patterns")
    context = {
        "section": "home",
        "form": form,
        "patterns": redaction_patterns_administered(user),
    }
    status = 400 if form.is_bound else 200
    return render(request, "staff/redaction_patterns.html", context, status=status)


def _added_message(pattern: RedactionPattern) -> str:
    return (
        f"“{pattern.name}” applies to every comment stored from now on. Comments stored "
        "before are redacted with it the next time the redact-comments command runs."
    )


class ActiveForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", "Activate"), ("0", "Deactivate")], coerce=lambda value: value == "1"
    )


@login_required
@require_POST
def redaction_pattern_active(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    pattern = redaction_patterns_administered(user).filter(public_id=public_id).first()
    if pattern is None:
        raise Http404("There is no redaction pattern you administer with this id.")
    form = ActiveForm(request.POST)
    if form.is_valid():
        active = form.cleaned_data["active"]
        pattern = redaction_pattern_set_active(pattern=pattern, active=active, user=user)
        state = "applies to new comments again" if active else "no longer applies to new comments"
        messages.success(request, f"“{pattern.name}” {state}.")
    return redirect("staff:redaction_patterns")
