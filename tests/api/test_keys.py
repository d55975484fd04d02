"""API keys: shown once, stored as a digest, revocable, and acting for one organization only."""

from __future__ import annotations

from django.test import Client

from govcx.api.keys import api_key_create, api_key_find, api_key_revoke, key_digest
from govcx.api.models import ApiKey
from tests.conftest import World
from tests.staff.helpers import ClientFor


def test_a_key_is_stored_only_as_its_digest(world: World) -> None:
    made = api_key_create(organization=world.a.organization, name="App", user=world.admin_a)
    assert made.key.startswith(f"gcx_{made.record.prefix}_")
    stored = ApiKey.objects.get(pk=made.record.pk)
    assert stored.digest == key_digest(made.key)
    assert made.key not in {stored.digest, stored.prefix, stored.name}
    assert api_key_find(made.key) == stored


def test_wrong_malformed_and_revoked_keys_are_refused(world: World) -> None:
    made = api_key_create(organization=world.a.organization, name="App", user=None)
    assert api_key_find(made.key[:-1] + ("A" if made.key[-1] != "A" else "B")) is None
    assert api_key_find("not-a-key") is None
    assert api_key_find(f"gcx_{made.record.prefix}") is None
    api_key_revoke(api_key=made.record)
    assert api_key_find(made.key) is None


def test_finding_a_key_notes_when_it_was_used(world: World) -> None:
    made = api_key_create(organization=world.a.organization, name="App", user=None)
    assert made.record.last_used_at is None
    api_key_find(made.key)
    assert ApiKey.objects.get(pk=made.record.pk).last_used_at is not None


def test_an_admin_makes_a_key_and_sees_it_once(world: World, client_for: ClientFor) -> None:
    client = client_for(world.admin_a)
    reply = client.post(
        "/staff/api-keys/", {"organization": str(world.a.organization.public_id), "name": "App"}
    )
    assert reply.status_code == 200
    assert "no-store" in reply["Cache-Control"]
    record = ApiKey.objects.get()
    page = reply.content.decode()
    key = page.split('data-api-key="', 1)[1].split('"', 1)[0]
    assert api_key_find(key) == record
    again = client.get("/staff/api-keys/").content.decode()
    assert key not in again
    assert record.prefix in again


def test_bad_input_makes_no_key(world: World, client_for: ClientFor) -> None:
    client = client_for(world.admin_a)
    reply = client.post("/staff/api-keys/", {"organization": "", "name": ""})
    assert reply.status_code == 400
    page = reply.content.decode()
    assert "Choose the organization the key acts for." in page
    assert "Name the key after what will use it." in page
    reply = client.post(
        "/staff/api-keys/", {"organization": str(world.b.organization.public_id), "name": "X"}
    )
    assert reply.status_code == 400
    assert not ApiKey.objects.exists()


def test_an_admin_revokes_a_key(world: World, client_for: ClientFor) -> None:
    made = api_key_create(organization=world.a.organization, name="App", user=None)
    reply = client_for(world.admin_a).post(f"/staff/api-keys/{made.record.public_id}/revoke/")
    assert reply.status_code == 302
    assert api_key_find(made.key) is None


def test_only_admins_of_the_organization_manage_its_keys(
    world: World, client_for: ClientFor
) -> None:
    made = api_key_create(organization=world.a.organization, name="Secret app", user=None)
    for persona in (world.manager_a, world.viewer_a):
        assert client_for(persona).get("/staff/api-keys/").status_code == 404
    outsider = client_for(world.outsider)
    page = outsider.get("/staff/api-keys/")
    assert page.status_code == 200
    assert "Secret app" not in page.content.decode()
    assert made.record.prefix not in page.content.decode()
    revoke = outsider.post(f"/staff/api-keys/{made.record.public_id}/revoke/")
    assert revoke.status_code == 404
    assert api_key_find(made.key) is not None
    assert Client().get("/staff/api-keys/").status_code == 302
