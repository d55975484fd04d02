"""POST /api/v1/standards/calls and /cases: who may import where, the body, the replies."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from govcx.api import standards as standards_api
from govcx.api.keys import api_key_create
from govcx.collection.middleware import DEFAULT_MAX_BYTES
from govcx.registry.models import Role, User
from govcx.registry.services import membership_grant
from govcx.standards.models import CallRecord, CaseRecord, CaseStatusChange, RecordImport
from tests.conftest import World, make_user
from tests.standards.fixtures.record_files import (
    CALL_HEADER,
    CASE_HEADER,
    call_line,
    case_line,
    csv_text,
    jsonl_text,
)

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/standards/calls"
CASES = "/api/v1/standards/cases"
CSV_BODY = csv_text(
    CALL_HEADER, [call_line("c-1"), call_line("c-2", outcome="abandoned", handle_seconds="")]
)


def key_for(world: World, agency: str = "a") -> str:
    organization = world.a.organization if agency == "a" else world.b.organization
    return api_key_create(organization=organization, name="Contact center", user=None).key


def post(
    client: Client,
    url: str,
    body: str | bytes,
    content_type: str = "text/csv",
    key: str | None = None,
    **query: str,
) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    target = url + (
        "?" + "&".join(f"{name}={value}" for name, value in query.items()) if query else ""
    )
    return client.post(target, body, content_type=content_type, headers=headers)


# With an API key -----------------------------------------------------------------------------


def test_agency_a_key_imports_into_agency_a(world: World) -> None:
    reply = post(Client(), CALLS, CSV_BODY, key=key_for(world), source="january.csv")
    assert reply.status_code == 201, reply.content
    body = reply.json()
    assert {
        name: body[name] for name in ("kind", "source", "rows", "created", "updated", "unchanged")
    } == {
        "kind": "calls",
        "source": "january.csv",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert body["organization"] == str(world.a.organization.public_id)
    assert set(CallRecord.objects.values_list("organization", flat=True)) == {
        world.a.organization.pk
    }
    assert RecordImport.objects.get().user is None
    again = post(Client(), CALLS, CSV_BODY, key=key_for(world)).json()
    assert (again["created"], again["unchanged"], again["source"]) == (
        0,
        2,
        "API key Contact center",
    )


def test_agency_b_key_cannot_import_into_agency_a(world: World) -> None:
    key_b = key_for(world, "b")
    reply = post(Client(), CALLS, CSV_BODY, key=key_b)
    assert reply.status_code == 422
    assert [(error["line"], error["column"]) for error in reply.json()["errors"]] == [
        (2, "service"),
        (3, "service"),
    ]
    by_id = csv_text(CALL_HEADER, [call_line(service=str(world.a.service.public_id))])
    assert post(Client(), CALLS, by_id, key=key_b).status_code == 422
    pointed = post(
        Client(), CALLS, CSV_BODY, key=key_b, organization=str(world.a.organization.public_id)
    )
    assert pointed.status_code == 404
    assert pointed.json() == {"detail": standards_api.NOT_FOUND, "errors": [], "error_count": 0}
    assert not CallRecord.objects.exists()
    assert not RecordImport.objects.exists()


def test_a_key_may_name_its_own_organization(world: World) -> None:
    reply = post(
        Client(),
        CALLS,
        CSV_BODY,
        key=key_for(world),
        organization=str(world.a.organization.public_id),
    )
    assert reply.status_code == 201


def test_a_wrong_or_missing_key_is_unauthorized(world: World) -> None:
    assert post(Client(), CALLS, CSV_BODY, key="gcx_nope_nope").status_code == 401
    assert post(Client(), CALLS, CSV_BODY).status_code == 401
    assert not CallRecord.objects.exists()


def test_errors_come_back_by_line_and_column_and_nothing_is_stored(world: World) -> None:
    body = csv_text(
        CALL_HEADER, [call_line("c-1"), call_line("c-2", offered_at="2025-01-06 09:00")]
    )
    reply = post(Client(), CALLS, body, key=key_for(world))
    assert reply.status_code == 422
    assert reply.json() == {
        "detail": "Nothing was imported: 1 error.",
        "errors": [
            {
                "line": 3,
                "column": "offered_at",
                "message": (
                    "“2025-01-06 09:00” has no UTC offset; add Z or an offset such as -05:00."
                ),
            }
        ],
        "error_count": 1,
    }
    assert not CallRecord.objects.exists()


def test_json_lines_and_json_arrays_are_accepted(world: World) -> None:
    call = {
        "external_id": "j-1",
        "service": "AGA benefit applications",
        "offered_at": "2025-01-06T09:00:00Z",
        "outcome": "answered",
        "wait_seconds": 5,
    }
    key = key_for(world)
    assert (
        post(Client(), CALLS, jsonl_text([call]), "application/x-ndjson", key).json()["created"]
        == 1
    )
    array = json.dumps([call, {**call, "external_id": "j-2"}])
    reply = post(Client(), CALLS, array, "application/json; charset=utf-8", key)
    assert (reply.json()["created"], reply.json()["unchanged"]) == (1, 1)


def test_cases_with_inline_status_changes(world: World) -> None:
    case = {
        "external_id": "e-1",
        "service": str(world.a.service.public_id),
        "channel": "email",
        "received_at": "2025-01-06T09:00:00-05:00",
        "status_changes": [{"status": "waiting_on_customer", "at": "2025-01-07T09:00:00-05:00"}],
    }
    reply = post(Client(), CASES, jsonl_text([case]), "application/x-ndjson", key_for(world))
    assert reply.status_code == 201, reply.content
    assert (reply.json()["kind"], reply.json()["status_changes_added"]) == ("cases", 1)
    assert CaseStatusChange.objects.get().case == CaseRecord.objects.get(status="open")


def test_cases_as_csv(world: World) -> None:
    body = csv_text(
        CASE_HEADER, [case_line("e-1"), case_line("e-2", resolved_at="", status="open")]
    )
    reply = post(Client(), CASES, body, key=key_for(world))
    assert reply.json()["created"] == 2
    assert CaseRecord.objects.filter(organization=world.a.organization).count() == 2


@pytest.mark.parametrize(
    "content_type", ["text/plain", "text/csv; charset=latin-1", "multipart/form-data; boundary=x"]
)
def test_other_content_types_are_refused(world: World, content_type: str) -> None:
    reply = post(Client(), CALLS, CSV_BODY, content_type, key_for(world))
    assert reply.status_code == 415
    assert "Send text/csv, application/x-ndjson or application/json" in reply.json()["detail"]


# Size ----------------------------------------------------------------------------------------


def test_a_body_larger_than_other_endpoints_take_is_read_as_a_stream(world: World) -> None:
    lines = [call_line(f"c-{number}", transaction_id="T" * 60) for number in range(3_000)]
    body = csv_text(CALL_HEADER, lines)
    assert len(body.encode()) > DEFAULT_MAX_BYTES
    reply = post(Client(), CALLS, body, key=key_for(world))
    assert reply.status_code == 201, reply.content
    assert CallRecord.objects.count() == 3_000


def test_a_body_over_the_import_limit_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(standards_api, "MAX_IMPORT_BYTES", 100)
    reply = post(Client(), CALLS, CSV_BODY, key=key_for(world))
    assert reply.status_code == 413
    assert not CallRecord.objects.exists()


def test_a_body_found_too_large_midway_stores_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a declared length, the limit is met while rows are already being written."""
    body = csv_text(CALL_HEADER, [call_line(f"c-{number}") for number in range(8_000)])
    monkeypatch.setattr(standards_api, "MAX_IMPORT_BYTES", len(body.encode()) - 10)
    monkeypatch.setattr(standards_api, "_declared_length", lambda request: 0)
    reply = post(Client(), CALLS, body, key=key_for(world))
    assert reply.status_code == 413
    assert not CallRecord.objects.exists()
    assert not RecordImport.objects.exists()
    assert post(Client(), CALLS, CSV_BODY, key=key_for(world)).status_code == 201


def test_a_stream_longer_than_the_limit_stops_being_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunked body declares no length; the reader itself stops at the limit."""
    monkeypatch.setattr(standards_api, "MAX_IMPORT_BYTES", 10)
    body = standards_api._BoundedBody(io.BytesIO(b"x" * 11))  # type: ignore[arg-type]
    assert body.read(10) == b"x" * 10
    with pytest.raises(standards_api.BodyTooLargeError):
        body.read(10)


# Signed in -----------------------------------------------------------------------------------


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_organization_admin_imports_into_their_organization(world: World) -> None:
    reply = post(
        signed_in(world.admin_a), CALLS, CSV_BODY, organization=str(world.a.organization.public_id)
    )
    assert reply.status_code == 201, reply.content
    assert reply.json()["source"] == "API upload by admin_a"
    assert RecordImport.objects.get().user == world.admin_a


def test_a_performance_manager_may_import(world: World) -> None:
    manager = make_user("performance_a")
    membership_grant(user=manager, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER)
    reply = post(
        signed_in(manager), CALLS, CSV_BODY, organization=str(world.a.organization.public_id)
    )
    assert reply.status_code == 201


@pytest.mark.parametrize("persona", ["viewer_a", "manager_a"])
def test_members_without_an_import_role_are_forbidden(world: World, persona: str) -> None:
    user = getattr(world, persona)
    reply = post(signed_in(user), CALLS, CSV_BODY, organization=str(world.a.organization.public_id))
    assert reply.status_code == 403
    assert reply.json()["detail"] == standards_api.NO_ROLE
    assert not CallRecord.objects.exists()


def test_the_outsider_cannot_import_into_agency_a(world: World) -> None:
    reply = post(
        signed_in(world.outsider), CALLS, CSV_BODY, organization=str(world.a.organization.public_id)
    )
    assert reply.status_code == 404
    assert (
        post(
            signed_in(world.outsider), CASES, "", organization=str(world.a.organization.public_id)
        ).status_code
        == 404
    )
    assert not CallRecord.objects.exists()
    own = post(
        signed_in(world.outsider), CALLS, CSV_BODY, organization=str(world.b.organization.public_id)
    )
    assert own.status_code == 422  # agency A's service is unknown in agency B
    assert not RecordImport.objects.exists()


def test_signed_in_imports_name_the_organization(world: World) -> None:
    reply = post(signed_in(world.admin_a), CALLS, CSV_BODY)
    assert reply.status_code == 422
    assert reply.json()["errors"] == [
        {
            "line": None,
            "column": "organization",
            "message": "Required when signed in: the public id of the organization to import into.",
        }
    ]


def test_signed_in_imports_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    organization = str(world.a.organization.public_id)
    assert post(client, CALLS, CSV_BODY, organization=organization).status_code == 403
    token = "T" * 32
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    reply = client.post(
        f"{CALLS}?organization={organization}",
        CSV_BODY,
        content_type="text/csv",
        headers={"X-CSRFToken": token},
    )
    assert reply.status_code == 201
    assert CallRecord.objects.count() == 2


# The OpenAPI document ------------------------------------------------------------------------


def test_the_endpoints_are_in_the_openapi_document(world: World) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    for path in (CALLS, CASES):
        operation = document["paths"][path]["post"]
        content = operation["requestBody"]["content"]
        assert {"text/csv", "application/x-ndjson", "application/json"} <= set(content)
        assert {"201", "401", "403", "404", "413", "415", "422"} <= set(operation["responses"])
        assert {"organization", "source"} <= {
            parameter["name"] for parameter in operation["parameters"]
        }
        assert len(operation["security"]) == 2
    assert (
        CALL_HEADER
        in document["paths"][CALLS]["post"]["requestBody"]["content"]["text/csv"]["example"]
    )
