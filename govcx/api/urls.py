"""The govcx REST API, version 1: one NinjaAPI, one OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from govcx.api import reads  # noqa: F401 - adds the read endpoints to the surveys router
from govcx.api.batch import router as batch_router
from govcx.api.submissions import router as surveys_router

api = NinjaAPI(
    title="govcx API",
    version="1",
    description=(
        "Submit survey responses from apps and systems. Every error names the field it is about."
    ),
    urls_namespace="api-v1",
)


@api.exception_handler(NinjaValidationError)
def validation_failed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Pydantic's errors, reshaped to the same {field: [messages]} form as answer errors."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        field = ".".join(location) or "body"
        errors.setdefault(field, []).append(str(error.get("msg", "Invalid value.")))
    return api.create_response(
        request, {"detail": "The request is not valid.", "errors": errors}, status=422
    )


api.add_router("", surveys_router)  # submitting and reading responses, per survey
api.add_router("", batch_router)
api.add_router("/standards", "govcx.api.standards.router")
api.add_router("/insights", "govcx.api.insights.router")
