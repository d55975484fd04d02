"""Checks every public submission passes before it is read: where it was posted from.

Browsers say where a request comes from in `Origin` (or at least `Referer`). A survey may be
posted to from govcx's own pages and from the origins its managers listed; an app or a case
system posts without either header, and is held to the rate limits and spam scoring instead.
A request with a valid API key is a system acting for the organization and is not checked.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from govcx.lib.origins import origin_allowed, origin_of_url
from govcx.surveys.models import Survey

ORIGIN_FIELD = "origin"


def browser_origin(request: HttpRequest) -> str:
    """The origin a browser says the request came from, or "" when it says nothing."""
    origin = request.headers.get("Origin", "").strip().lower()
    if origin and origin != "null":
        return origin
    return origin_of_url(request.headers.get("Referer", ""))


def own_origins(request: HttpRequest) -> set[str]:
    """govcx's own origin, as configured and as this request reached it."""
    return {origin_of_url(settings.SITE_URL), origin_of_url(request.build_absolute_uri("/"))}


def is_allowed_origin(request: HttpRequest, survey: Survey, origin: str) -> bool:
    return origin in own_origins(request) or origin_allowed(origin, survey.allowed_origins)


def origin_refusal(request: HttpRequest, survey: Survey) -> dict[str, list[str]]:
    """An error naming the origin when a browser posts from a site not allowed, else {}."""
    origin = browser_origin(request)
    if not origin or is_allowed_origin(request, survey, origin):
        return {}
    return {ORIGIN_FIELD: [f"This survey does not accept responses sent from {origin}."]}


def rate_limited_message(retry_after: int) -> str:
    unit = "second" if retry_after == 1 else "seconds"
    return (
        "Too many responses have come from your network or to this survey in a short time. "
        f"Your answers are kept: please send them again in {retry_after} {unit}."
    )
