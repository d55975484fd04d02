"""API keys for an organization's apps and case systems, managed by its organization admins.

A new key is shown on the page that made it, once; govcx keeps only its digest.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from govcx.api.keys import api_key_create, api_key_revoke
from govcx.api.models import ApiKey
from govcx.registry.models import Organization, Role
from govcx.registry.selectors import AnyUser, organizations_where
from govcx.staff.forms import OrganizationChoiceField, UswdsForm
from govcx.staff.views import signed_in_user

KEY_ADMIN_ROLES = (Role.ORGANIZATION_ADMIN,)


def key_admin_organizations(user: AnyUser) -> list[Organization]:
    return list(organizations_where(user, KEY_ADMIN_ROLES).order_by("name"))


class ApiKeyCreateForm(UswdsForm):
    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the organization the key acts for.",
            "invalid_choice": "Choose one of your organizations from the list.",
        },
    )
    name = forms.CharField(
        max_length=200,
        help_text="What uses the key, e.g. “Benefits mobile app” or “Case system nightly export”.",
        error_messages={
            "required": "Name the key after what will use it.",
            "max_length": "Keep the name to at most 200 characters.",
        },
    )

    def __init__(self, *args: object, user: AnyUser, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, OrganizationChoiceField)
        field.queryset = organizations_where(user, KEY_ADMIN_ROLES).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def api_key_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organizations = key_admin_organizations(user)
    if not organizations:
        raise Http404("You administer no organization.")
    form = ApiKeyCreateForm(request.POST if request.method == "POST" else None, user=user)
    new_key = None
    if form.is_bound and form.is_valid():
        new_key = api_key_create(
            organization=form.cleaned_data["organization"],
            name=form.cleaned_data["name"],
            user=user,
        )
        form = ApiKeyCreateForm(user=user)
    keys = ApiKey.objects.filter(organization__in=organizations).select_related("organization")
    context = {"section": "api_keys", "form": form, "keys": keys, "new_key": new_key}
    status = 400 if form.is_bound and form.errors else 200
    reply = render(request, "staff/api_keys.html", context, status=status)
    patch_cache_control(reply, private=True, no_store=True)  # the new key must not be cached
    return reply


@login_required
@require_POST
def api_key_revoke_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    key = ApiKey.objects.filter(
        public_id=public_id, organization__in=organizations_where(user, KEY_ADMIN_ROLES)
    ).first()
    if key is None:
        raise Http404("There is no API key you administer with this id.")
    api_key_revoke(api_key=key)
    messages.success(request, f"The key “{key.name}” is revoked; it no longer works.")
    return redirect("staff:api_keys")
