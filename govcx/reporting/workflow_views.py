"""The workflow buttons of a collection's page: one POST address per action.

A collection of an organization the user is not a member of is answered with 404, so its
existence does not leak; a member without the action's role gets 403. A form that is not
filled in right comes back on a page of its own, with the error on the field; a rule the
collection does not meet (its state, a missing volume) is shown on the collection's page.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from govcx.reporting.models import Collection
from govcx.reporting.selectors import collection_for_member
from govcx.reporting.workflow import ACTIONS_BY_NAME, WorkflowAction, action_permitted
from govcx.reporting.workflow_forms import WorkflowActionForm
from govcx.staff.views import signed_in_user


def collection_detail_address(collection: Collection) -> str:
    return reverse("reporting:collection_detail", kwargs={"public_id": collection.public_id})


def _action_named(name: str) -> WorkflowAction:
    action = ACTIONS_BY_NAME.get(name)
    if action is None:
        raise Http404("There is no such collection action.")
    return action


def _form_page(
    request: HttpRequest, collection: Collection, form: WorkflowActionForm
) -> HttpResponse:
    context = {
        "section": "collections",
        "collection": collection,
        "action": form.action,
        "form": form,
        "detail_address": collection_detail_address(collection),
    }
    return render(request, "reporting/workflow_action.html", context, status=400)


def _refused(
    request: HttpRequest, collection: Collection, form: WorkflowActionForm, error: ValidationError
) -> HttpResponse:
    """A rule about a field the form has goes back on the form; any other goes on the
    collection's page, where what it names can be fixed."""
    if hasattr(error, "error_dict") and set(error.message_dict) <= set(form.fields):
        form.add_rule_errors(error)
        return _form_page(request, collection, form)
    for message in error.messages:
        messages.error(request, message)
    return HttpResponseRedirect(collection_detail_address(collection))


@login_required
@require_POST
def collection_action(request: HttpRequest, public_id: uuid.UUID, action: str) -> HttpResponse:
    user = signed_in_user(request)
    collection = collection_for_member(user, public_id)
    chosen = _action_named(action)
    if not action_permitted(user, collection, chosen):
        raise PermissionDenied("Your role does not allow this on this collection.")
    form = WorkflowActionForm(request.POST, action=chosen, collection=collection)
    if not form.is_valid():
        return _form_page(request, collection, form)
    try:
        chosen.perform(collection, user, form.reason_text(), form.rating_value())
    except ValidationError as error:
        return _refused(request, collection, form, error)
    messages.success(request, chosen.done)
    return HttpResponseRedirect(collection_detail_address(collection))
