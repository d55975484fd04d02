"""Small display helpers for the staff templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def thousands(number: int | None) -> str:
    """A whole number with thousands separators, or an em dash when unknown."""
    if number is None:
        return "—"
    return f"{number:,}"
