"""The workflow panel shown on a collection's page: its state, rating, history and actions.

Use it as `{% collection_workflow_panel collection request.user %}`; the page must be
rendered with its request, since the action forms carry the CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils import timezone

from govcx.registry.selectors import AnyUser
from govcx.reporting.models import Collection
from govcx.reporting.workflow import (
    SUBMITTABLE,
    WorkflowAction,
    available_actions,
    collection_history,
    is_overdue,
    submission_problems,
)
from govcx.reporting.workflow_forms import WorkflowActionForm

register = template.Library()


@dataclass(frozen=True)
class OfferedAction:
    action: WorkflowAction
    form: WorkflowActionForm


def offered_actions(user: AnyUser, collection: Collection) -> list[OfferedAction]:
    return [
        OfferedAction(action, WorkflowActionForm(action=action, collection=collection))
        for action in available_actions(user, collection)
    ]


@register.inclusion_tag("reporting/_workflow_panel.html", takes_context=True)
def collection_workflow_panel(
    context: template.Context, collection: Collection, user: AnyUser
) -> dict[str, Any]:
    offered = offered_actions(user, collection)
    submit_offered = any(item.action.name == "submit" for item in offered)
    return {
        "collection": collection,
        "user": user,
        "csrf_token": context.get("csrf_token"),
        "awaiting_preparers": collection.state in SUBMITTABLE,
        "overdue": is_overdue(collection, timezone.localdate()),
        "history": collection_history(collection),
        "offered": offered,
        "submission_problems": submission_problems(collection) if submit_offered else [],
    }
