"""Two checks made before a submission's body is read: its size, and CORS for the widget.

Size: each route has its own ceiling, checked against the declared Content-Length, so an
oversized body is refused with 413 before any of it is read into memory. CORS: a survey's
responses endpoint answers cross-origin requests only from the origins its managers listed;
the view makes the same check on the server, for clients that ignore CORS.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers

from govcx.collection.guards import is_allowed_origin
from govcx.surveys.models import Survey

Handler = Callable[[HttpRequest], HttpResponse]

SURVEY_RESPONSES = re.compile(r"^/api/v1/surveys/(?P<survey_id>[0-9a-fA-F-]{32,36})/responses$")
BATCH_PATH = "/api/v1/responses/batch"
# Record imports stream their bodies under a limit of their own (govcx/api/standards.py).
OWN_LIMIT_PREFIXES = ("/api/v1/standards/",)
# A quarter's A-11 respondent file; its form refuses files over 50 MB itself, and this
# leaves room for the multipart envelope around it.
RESPONDENT_FILE_UPLOAD = re.compile(r"^/staff/collections/rows/[^/]+/upload/$")
RESPONDENT_FILE_MAX_BYTES = 51 * 1024 * 1024
# Every other request: forms and small JSON bodies.
DEFAULT_MAX_BYTES = 256 * 1024
PREFLIGHT_MAX_AGE = 600
ALLOWED_HEADERS = "Content-Type, Idempotency-Key"
EXPOSED_HEADERS = "Retry-After, Idempotent-Replayed"


def body_limit_for(path: str) -> int | None:
    if path == BATCH_PATH:
        return int(settings.BATCH_MAX_BYTES)
    if SURVEY_RESPONSES.match(path):
        return int(settings.SUBMISSION_MAX_BYTES)
    if path.startswith(OWN_LIMIT_PREFIXES):
        return None
    if RESPONDENT_FILE_UPLOAD.match(path):
        return RESPONDENT_FILE_MAX_BYTES
    return DEFAULT_MAX_BYTES


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    detail = f"The request body is larger than the {limit:,} bytes this address accepts."
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "errors": {"body": [detail]}}, status=413)
    return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")


class BodySizeLimitMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = body_limit_for(request.path)
        if limit is not None and _declared_length(request) > limit:
            return _too_large(request, limit)
        return self.get_response(request)


class SurveyCorsMiddleware:
    """CORS for POST /api/v1/surveys/{id}/responses, per survey's allowed origins."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = SURVEY_RESPONSES.match(request.path)
        origin = request.headers.get("Origin", "")
        if match is None or not origin:
            return self.get_response(request)
        allowed = _allowed(request, match["survey_id"], origin)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = _preflight(allowed)
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        patch_vary_headers(response, ["Origin"])
        return response


def _allowed(request: HttpRequest, survey_id: str, origin: str) -> bool:
    try:
        public_id = uuid.UUID(survey_id)
    except ValueError:
        return False
    survey = Survey.objects.filter(public_id=public_id).only("allowed_origins").first()
    return survey is not None and is_allowed_origin(request, survey, origin.lower())


def _preflight(allowed: bool) -> HttpResponse:
    response = HttpResponse(status=204 if allowed else 403)
    if allowed:
        response["Access-Control-Allow-Methods"] = "POST"
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response
