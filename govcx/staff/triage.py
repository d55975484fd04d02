"""Staff rulings on single responses: spam or not, set aside for review or not, deleted.

The buttons sit on the responses list, so after a ruling the person goes back to the very
page they were on, filters and page number included.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govcx.responses.models import Response
from govcx.responses.selectors import response_visible_by_id
from govcx.responses.services import response_delete, response_mark_spam, response_set_flag
from govcx.staff.views import signed_in_user
from govcx.surveys.selectors import can_manage_survey

NEXT_MAX_LENGTH = 2000


def _is_yes(value: str) -> bool:
    return value == "1"


class SpamRulingForm(forms.Form):
    is_spam = forms.TypedChoiceField(choices=[("1", "Spam"), ("0", "Not spam")], coerce=_is_yes)
    next = forms.CharField(required=False, max_length=NEXT_MAX_LENGTH)


def back_to(request: HttpRequest, candidate: str) -> str:
    """`candidate` if it is a page of this site, else the responses list.

    The address comes from the posted form, so without this check a crafted link could send
    a signed-in person on to another site right after they acted here.
    """
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("staff:responses")


def _ruling_message(response: Response) -> str:
    if response.is_spam:
        return (
            f"Response {response.receipt_id} is marked as spam: counts and exports leave it "
            "out. Tick “Include responses marked as spam” to see it again."
        )
    return f"Response {response.receipt_id} is not spam: it counts again."


@login_required
@require_POST
def response_spam(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    response = response_visible_by_id(user, response_id)
    if response is None:
        raise Http404("There is no response you can see with this id.")
    if not can_manage_survey(user, response.survey):
        raise PermissionDenied("Only the survey's managers decide whether a response is spam.")
    form = SpamRulingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "Say whether the response is spam.", content_type="text/plain; charset=utf-8"
        )
    response = response_mark_spam(
        response=response, user=user, is_spam=form.cleaned_data["is_spam"]
    )
    messages.success(request, _ruling_message(response))
    return redirect(back_to(request, form.cleaned_data["next"]))


class FlagForm(forms.Form):
    is_flagged = forms.TypedChoiceField(
        choices=[("1", "Set aside"), ("0", "Count again")], coerce=_is_yes
    )
    next = forms.CharField(required=False, max_length=NEXT_MAX_LENGTH)


class DeleteForm(forms.Form):
    next = forms.CharField(required=False, max_length=NEXT_MAX_LENGTH)


def _managed_response(request: HttpRequest, response_id: uuid.UUID, action: str) -> Response:
    """The response, if the person may see it (else 404) and manage its survey (else 403)."""
    response = response_visible_by_id(signed_in_user(request), response_id)
    if response is None:
        raise Http404("There is no response you can see with this id.")
    if not can_manage_survey(signed_in_user(request), response.survey):
        raise PermissionDenied(f"Only the survey's managers {action}.")
    return response


@login_required
@require_POST
def response_flag(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    """Set a response aside for review (it stops counting in figures), or take it back."""
    response = _managed_response(request, response_id, "set responses aside")
    form = FlagForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "Say whether to set the response aside.", content_type="text/plain; charset=utf-8"
        )
    response = response_set_flag(
        response=response, user=signed_in_user(request), is_flagged=form.cleaned_data["is_flagged"]
    )
    if response.is_flagged:
        messages.success(
            request,
            f"Response {response.receipt_id} is set aside for review: figures leave it out.",
        )
    else:
        messages.success(request, f"Response {response.receipt_id} counts again.")
    return redirect(back_to(request, form.cleaned_data["next"]))


@login_required
@require_POST
def response_delete_view(request: HttpRequest, response_id: uuid.UUID) -> HttpResponse:
    """Delete a response: it leaves every list, export and figure."""
    response = _managed_response(request, response_id, "delete responses")
    form = DeleteForm(request.POST)
    form.is_valid()  # `next` is optional and bounded; an invalid one falls back to the list
    response = response_delete(response=response, user=signed_in_user(request))
    messages.success(
        request, f"Response {response.receipt_id} is deleted: no list, export or figure counts it."
    )
    return redirect(back_to(request, form.cleaned_data.get("next", "")))
