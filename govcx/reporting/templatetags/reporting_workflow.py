"""The workflow panel shown on a collection's page: its state, rating, history and actions."""

from __future__ import annotations

from typing import Any

from django import template

from govcx.reporting.models import Collection

register = template.Library()


@register.inclusion_tag("reporting/_workflow_panel.html")
def collection_workflow_panel(collection: Collection, user: Any) -> dict[str, Any]:
    return {"collection": collection, "user": user}
