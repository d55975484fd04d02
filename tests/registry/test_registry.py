"""Organizations, providers, services and roles, and who sees which."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from govcx.registry.models import Role, User
from govcx.registry.selectors import organizations_where, services_visible_to, user_has_role
from govcx.registry.services import membership_grant, membership_revoke, service_create
from tests.conftest import World


def test_service_channels_must_be_a11_channels(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        service_create(
            organization=world.a.organization,
            name="Fax-free service",
            kind="benefits",
            channels=["website", "telegraph"],
        )
    assert "channels" in error.value.message_dict
    assert "telegraph" in error.value.message_dict["channels"][0]


def test_service_kind_must_be_an_a11_kind(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        service_create(organization=world.a.organization, name="X", kind="fun", channels=[])
    assert "kind" in error.value.message_dict


def test_service_provider_must_be_of_the_same_organization(world: World) -> None:
    with pytest.raises(ValueError, match="same organization"):
        service_create(
            organization=world.a.organization,
            provider=world.b.provider,
            name="Borrowed provider",
            kind="benefits",
            channels=["phone"],
        )


def test_roles_scope_organizations_and_services(world: World) -> None:
    assert list(organizations_where(world.manager_a)) == [world.a.organization]
    assert list(organizations_where(world.outsider)) == [world.b.organization]
    assert list(services_visible_to(world.viewer_a)) == [world.a.service]
    assert list(services_visible_to(world.outsider)) == [world.b.service]
    assert user_has_role(world.admin_a, world.a.organization, [Role.ORGANIZATION_ADMIN])
    assert not user_has_role(world.manager_a, world.a.organization, [Role.ORGANIZATION_ADMIN])
    nobody = User.objects.create_user(username="nobody")
    assert not organizations_where(nobody).exists()


def test_roles_are_granted_once_and_revoked(world: World) -> None:
    membership_grant(
        user=world.viewer_a, organization=world.a.organization, role=Role.RESPONSE_VIEWER
    )
    assert world.viewer_a.memberships.count() == 1
    membership_revoke(
        user=world.viewer_a, organization=world.a.organization, role=Role.RESPONSE_VIEWER
    )
    assert not services_visible_to(world.viewer_a).exists()


def test_superuser_sees_every_organization(world: World) -> None:
    root = User.objects.create_superuser(
        username="root", email="root@example.gov", password="x" * 20
    )
    assert set(organizations_where(root)) == {world.a.organization, world.b.organization}


def test_admin_site_is_for_superusers_only(
    world: World, client_for: Callable[[User], Client]
) -> None:
    # An organization admin is not a Django staff user: the admin site sends them to sign in.
    reply = client_for(world.admin_a).get("/admin/")
    assert reply.status_code == 302
    assert "/admin/login/" in reply["Location"]
    root = User.objects.create_superuser(
        username="root", email="root@example.gov", password="x" * 20
    )
    client = Client()
    client.force_login(root)
    assert client.get("/admin/surveys/survey/").status_code == 200
    assert client.get("/admin/responses/response/").status_code == 200
    assert client.get("/admin/responses/spamdecision/").status_code == 200
    assert client.get("/admin/responses/spamdecision/add/").status_code == 403
