"""An organization's own redaction patterns: added and deactivated by its admins only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from govcx.registry.models import AuditEvent, RedactionPattern
from govcx.registry.services import redaction_pattern_create
from tests.conftest import World
from tests.responses.helpers import submit
from tests.staff.helpers import ClientFor, content_of

URL = "/staff/redaction-patterns/"
CLAIM = "CL-12345678"


def fields(world: World, **changes: str) -> dict[str, Any]:
    return {
        "organization": str(world.a.organization.public_id),
        "name": "Claim number",
        "label": "CLAIM_NUMBER",
        "pattern": r"\bCL-\d{8}\b",
        "test_string": "my claim CL-00000001",
        **changes,
    }


def a_pattern(world: World, agency: str = "a") -> RedactionPattern:
    organization = world.a.organization if agency == "a" else world.b.organization
    return redaction_pattern_create(
        organization=organization,
        name=f"Case number {agency}",
        label="CASE_NUMBER",
        pattern=r"\bCASE-\d{6}\b",
        test_string="case CASE-000001",
        user=None,
    )


def test_an_admin_adds_a_pattern_that_applies_to_the_next_comment(
    world: World, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    assert client.get(URL).status_code == 200

    reply = client.post(URL, fields(world))

    assert reply.status_code == 302
    pattern = RedactionPattern.objects.get()
    assert (pattern.organization, pattern.label, pattern.created_by) == (
        world.a.organization,
        "CLAIM_NUMBER",
        world.admin_a,
    )
    event = AuditEvent.objects.get(action="redaction_pattern.create")
    assert event.details == {"label": "CLAIM_NUMBER", "name": "Claim number"}
    page = content_of(client.get(URL))
    assert "[CLAIM_NUMBER]" in page
    response = submit(world.a.survey, {"trust": 0, "comments": f"Where is {CLAIM}?"})
    assert response.answers["comments"] == "Where is [CLAIM_NUMBER]?"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"label": "claim number"}, "label", "must be UPPER_SNAKE"),
        ({"label": "PHONE"}, "label", "is a built-in type"),
        ({"pattern": r"CL-(\d"}, "pattern", "not a valid regular expression"),
        ({"pattern": r"\d*"}, "pattern", "can match the empty string"),
        ({"pattern": r"(\d+)+X"}, "pattern", "repeats a group"),
        ({"test_string": "nothing here"}, "test_string", "does not find anything"),
        ({"name": ""}, "name", "Name the pattern"),
    ],
)
def test_a_bad_pattern_is_refused_on_its_field(
    world: World, client_for: ClientFor, changes: dict[str, str], field: str, message: str
) -> None:
    reply = client_for(world.admin_a).post(URL, fields(world, **changes))

    assert reply.status_code == 400
    assert message in " ".join(reply.context["form"].errors[field])
    assert not RedactionPattern.objects.exists()


def test_a_label_is_used_once_per_organization(world: World, client_for: ClientFor) -> None:
    client = client_for(world.admin_a)
    client.post(URL, fields(world))

    again = client.post(URL, fields(world, name="Another"))

    assert again.status_code == 400
    assert "already has the label CLAIM_NUMBER" in " ".join(again.context["form"].errors["label"])


def test_an_admin_deactivates_and_activates_a_pattern(world: World, client_for: ClientFor) -> None:
    pattern = a_pattern(world)
    client = client_for(world.admin_a)

    client.post(f"{URL}{pattern.public_id}/active/", {"active": "0"})
    pattern.refresh_from_db()
    assert not pattern.active
    assert submit(world.a.survey, {"trust": 0, "comments": "CASE-123456"}).answers == {
        "trust": 0,
        "comments": "CASE-123456",
    }

    client.post(f"{URL}{pattern.public_id}/active/", {"active": "1"})
    pattern.refresh_from_db()
    assert pattern.active
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["redaction_pattern.deactivate", "redaction_pattern.activate"]


def test_another_agency_neither_sees_nor_changes_the_patterns(
    world: World, client_for: ClientFor
) -> None:
    pattern = a_pattern(world)
    client = client_for(world.outsider)

    page = content_of(client.get(URL))
    reply = client.post(f"{URL}{pattern.public_id}/active/", {"active": "0"})
    added = client.post(URL, fields(world, label="OTHER"))

    assert "Case number a" not in page
    assert str(world.a.organization.public_id) not in page
    assert reply.status_code == 404
    pattern.refresh_from_db()
    assert pattern.active
    assert added.status_code == 400  # agency A is not among the choices
    assert "organization" in added.context["form"].errors


def test_each_agency_sees_its_own_patterns(world: World, client_for: ClientFor) -> None:
    a_pattern(world, "a")
    a_pattern(world, "b")

    page = content_of(client_for(world.outsider).get(URL))

    assert "Case number b" in page
    assert "Case number a" not in page


def test_people_who_administer_nothing_get_404(world: World, client_for: ClientFor) -> None:
    pattern = a_pattern(world)
    for user in (world.manager_a, world.viewer_a):
        client = client_for(user)
        assert client.get(URL).status_code == 404
        assert client.post(f"{URL}{pattern.public_id}/active/", {"active": "0"}).status_code == 404
    assert Client().get(URL).status_code == 302
