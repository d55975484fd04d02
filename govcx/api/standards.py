"""POST /api/v1/standards/calls and /cases: operational records sent as a file body.

The body is read from the request stream a chunk at a time, never through `request.body`, so
an import is held to `MAX_IMPORT_BYTES` here rather than to the small
DATA_UPLOAD_MAX_MEMORY_SIZE every other endpoint keeps.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from govcx.api.keys import ApiKeyAuth
from govcx.api.models import ApiKey
from govcx.registry.models import Organization, Role, User
from govcx.registry.selectors import organizations_where
from govcx.standards.imports.calls import CALL_LAYOUT
from govcx.standards.imports.cases import CASE_LAYOUT
from govcx.standards.imports.formats import DataFormat, Layout
from govcx.standards.services import (
    ImportFailure,
    ImportOutcome,
    ImportSummary,
    call_records_import,
    case_records_import,
)

router = Router(tags=["standards"])

MAX_IMPORT_BYTES = 50 * 1024 * 1024
IMPORT_ROLES = (Role.ORGANIZATION_ADMIN, Role.PERFORMANCE_MANAGER)
CONTENT_TYPES = {
    "text/csv": DataFormat.CSV,
    "application/x-ndjson": DataFormat.JSONL,
    "application/jsonl": DataFormat.JSONL,
    "application/json": DataFormat.JSON,
}
NOT_FOUND = "There is no organization with this id that you can import into."
NO_ROLE = "Importing records needs the organization admin or performance manager role."


class ImportErrorOut(Schema):
    line: int | None = Field(description="The physical line of the body; the header is line 1.")
    column: str | None = Field(description="The column or field; null for a whole line.")
    message: str


class ImportProblem(Schema):
    detail: str
    errors: list[ImportErrorOut] = Field(
        default_factory=list, description="The first 100 errors, in line order."
    )
    error_count: int = Field(0, description="All errors found, shown or not.")


class CallImportOut(Schema):
    kind: str
    organization: uuid.UUID
    source: str
    rows: int
    created: int
    updated: int
    unchanged: int
    imported_at: dt.datetime


class CaseImportOut(CallImportOut):
    status_changes_added: int
    status_changes_removed: int


class OrganizationQuery(Schema):
    organization: uuid.UUID | None = Field(
        None,
        description="The public id of the organization to import into. Required when signed "
        "in; with an API key, the key's organization, which is also the default.",
    )
    source: str = Field(
        "",
        max_length=300,
        description="A name for the upload kept in the import history, such as a file name.",
    )


def _request_body(layout: Layout, csv_example: str, json_example: dict[str, Any]) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "requestBody": {
            "required": True,
            "description": "CSV with the header shown, JSON Lines (one object a line) or a "
            "JSON array of the same objects; UTF-8, at most 50 MB.",
            "content": {
                "text/csv": {"schema": text, "example": f"{layout.header}\n{csv_example}\n"},
                "application/x-ndjson": {"schema": text},
                "application/json": {
                    "schema": {"type": "array", "items": {"type": "object"}},
                    "example": [json_example],
                },
            },
        }
    }


CALL_BODY = _request_body(
    CALL_LAYOUT,
    "c-1001,Passport renewals,phone,2025-01-31T14:05:00-05:00,answered,42,310,T-88",
    {
        "external_id": "c-1001",
        "service": "Passport renewals",
        "offered_at": "2025-01-31T14:05:00-05:00",
        "outcome": "answered",
        "wait_seconds": 42,
        "handle_seconds": 310,
    },
)
CASE_BODY = _request_body(
    CASE_LAYOUT,
    "e-77,Passport renewals,email,2025-01-31T14:05:00-05:00,2025-02-03T09:00:00-05:00,,open,",
    {
        "external_id": "e-77",
        "service": "Passport renewals",
        "channel": "email",
        "received_at": "2025-01-31T14:05:00-05:00",
        "status_changes": [{"status": "waiting_on_customer", "at": "2025-02-01T10:00:00Z"}],
    },
)
RESPONSES: dict[int, type[Schema]] = {
    401: ImportProblem,
    403: ImportProblem,
    404: ImportProblem,
    413: ImportProblem,
    415: ImportProblem,
    422: ImportProblem,
}


@router.post(
    "/calls",
    response={201: CallImportOut, **RESPONSES},
    auth=[ApiKeyAuth(), django_auth],
    summary="Import calls offered to a contact center",
    description="All or nothing: on any error nothing is stored and the errors are listed by "
    "line and column. Calls are matched on external_id, so sending a file again changes "
    "nothing. With an API key the calls go to the key's organization; signed in, to the "
    "`organization` given, where you are an organization admin or performance manager.",
    openapi_extra=CALL_BODY,
)
def calls_import(request: HttpRequest, query: Query[OrganizationQuery]) -> Status[dict[str, Any]]:
    return _import(request, query, _calls)


@router.post(
    "/cases",
    response={201: CaseImportOut, **RESPONSES},
    auth=[ApiKeyAuth(), django_auth],
    summary="Import cases, with their status changes",
    description="All or nothing, like calls. A JSON record may carry `status_changes`, "
    "its whole history, which replaces the stored one; without it the stored history stays.",
    openapi_extra=CASE_BODY,
)
def cases_import(request: HttpRequest, query: Query[OrganizationQuery]) -> Status[dict[str, Any]]:
    return _import(request, query, _cases)


@dataclass(frozen=True)
class _Caller:
    organization: Organization
    user: User | None
    default_source: str


Importer = Callable[[_Caller, "_BoundedBody", DataFormat, str], ImportOutcome]


def _calls(
    caller: _Caller, body: _BoundedBody, data_format: DataFormat, source: str
) -> ImportOutcome:
    return call_records_import(
        organization=caller.organization,
        source=body,
        data_format=data_format,
        source_name=source,
        user=caller.user,
    )


def _cases(
    caller: _Caller, body: _BoundedBody, data_format: DataFormat, source: str
) -> ImportOutcome:
    return case_records_import(
        organization=caller.organization,
        source=body,
        data_format=data_format,
        source_name=source,
        user=caller.user,
    )


def _import(
    request: HttpRequest, query: OrganizationQuery, importer: Importer
) -> Status[dict[str, Any]]:
    caller = _caller(request, query.organization)
    if isinstance(caller, Status):
        return caller
    data_format = _body_format(request)
    if isinstance(data_format, Status):
        return data_format
    if _declared_length(request) > MAX_IMPORT_BYTES:
        return _too_large()
    try:
        outcome = importer(
            caller, _BoundedBody(request), data_format, query.source or caller.default_source
        )
    except BodyTooLargeError:
        return _too_large()
    if isinstance(outcome, ImportFailure):
        return _failure(outcome)
    return Status(201, _summary(outcome, caller.organization))


def _caller(
    request: HttpRequest, organization_id: uuid.UUID | None
) -> _Caller | Status[dict[str, Any]]:
    """Whom the records are for: the API key's organization, or one the signed-in user may
    import into. Another organization's id is not found, whether it exists or not."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiKey):
        if organization_id not in (None, auth.organization.public_id):
            return Status(404, {"detail": NOT_FOUND})
        return _Caller(auth.organization, None, f"API key {auth.name}")
    assert isinstance(auth, User)  # the only other authentication this router accepts
    if organization_id is None:
        return _parameter_missing()
    organization = organizations_where(auth, IMPORT_ROLES).filter(public_id=organization_id).first()
    if organization is not None:
        return _Caller(organization, auth, f"API upload by {auth.username}")
    if organizations_where(auth).filter(public_id=organization_id).exists():
        return Status(403, {"detail": NO_ROLE})
    return Status(404, {"detail": NOT_FOUND})


def _parameter_missing() -> Status[dict[str, Any]]:
    message = "Required when signed in: the public id of the organization to import into."
    return Status(
        422,
        {
            "detail": "The organization query parameter is missing.",
            "errors": [{"line": None, "column": "organization", "message": message}],
            "error_count": 1,
        },
    )


def _body_format(request: HttpRequest) -> DataFormat | Status[dict[str, Any]]:
    data_format = CONTENT_TYPES.get((request.content_type or "").lower())
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if data_format is None or charset not in ("utf-8", "utf8"):
        return Status(
            415,
            {
                "detail": "Send text/csv, application/x-ndjson or application/json, in UTF-8; "
                f"this body is {request.content_type or 'untyped'}.",
            },
        )
    return data_format


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class BodyTooLargeError(Exception):
    pass


class _BoundedBody:
    """The request body as a stream, refused once it passes `MAX_IMPORT_BYTES` whatever the
    Content-Length said."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request
        self._read = 0

    def read(self, size: int = -1, /) -> bytes:
        data: bytes = self._request.read(size)
        self._read += len(data)
        if self._read > MAX_IMPORT_BYTES:
            raise BodyTooLargeError
        return data


def _too_large() -> Status[dict[str, Any]]:
    limit = MAX_IMPORT_BYTES // (1024 * 1024)
    return Status(
        413, {"detail": f"The body is larger than {limit} MB; split the file and send each part."}
    )


def _failure(failure: ImportFailure) -> Status[dict[str, Any]]:
    noun = "error" if failure.error_count == 1 else "errors"
    return Status(
        422,
        {
            "detail": f"Nothing was imported: {failure.error_count:,} {noun}.",
            "errors": [
                {"line": error.line, "column": error.column, "message": error.message}
                for error in failure.errors
            ],
            "error_count": failure.error_count,
        },
    )


def _summary(summary: ImportSummary, organization: Organization) -> dict[str, Any]:
    record = summary.record_import
    return {
        "kind": record.kind,
        "organization": organization.public_id,
        "source": record.source_name,
        "rows": record.rows,
        "created": record.created,
        "updated": record.updated,
        "unchanged": record.unchanged,
        "imported_at": record.created_at,
        "status_changes_added": summary.status_changes_added,
        "status_changes_removed": summary.status_changes_removed,
    }
