"""Staff rulings on single responses: marking one as spam, or taking that back.

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
from govcx.responses.services import response_mark_spam
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
