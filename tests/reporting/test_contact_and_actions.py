"""The agency contact page and the "you said, we did" pages: access per role, stored edits, and
errors that name the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govcx.registry.models import Organization, User
from govcx.reporting.models import AgencyContact, FeedbackAction
from govcx.reporting.plans import agency_contact_save, feedback_action_create
from tests.conftest import World
from tests.reporting.conftest import Reviewers
from tests.reporting.test_plan_pages import Endpoint, send
from tests.reporting.test_plans import A_CONTACT, action_fields

ClientFor = Callable[[User], Client]


def contact_url(organization: Organization) -> str:
    return reverse("reporting:contact_edit", kwargs={"organization_id": organization.public_id})


def list_url(organization: Organization) -> str:
    return reverse("reporting:action_list", kwargs={"organization_id": organization.public_id})


def action_url(name: str, action: FeedbackAction) -> str:
    return reverse(f"reporting:{name}", kwargs={"public_id": action.public_id})


@pytest.fixture
def action(world: World) -> FeedbackAction:
    return feedback_action_create(
        organization=world.a.organization, fields=action_fields(), user=world.admin_a
    )


def endpoints(organization: Organization, action: FeedbackAction) -> list[Endpoint]:
    """Every contact and action page and POST endpoint of agency A."""
    create = reverse("reporting:action_create", kwargs={"organization_id": organization.public_id})
    return [
        Endpoint("get", contact_url(organization)),
        Endpoint("post", contact_url(organization)),
        Endpoint("get", list_url(organization)),
        Endpoint("get", create),
        Endpoint("post", create),
        Endpoint("get", action_url("action_edit", action)),
        Endpoint("post", action_url("action_edit", action)),
        Endpoint("post", action_url("action_delete", action)),
        Endpoint("post", action_url("action_publish", action)),
        Endpoint("post", action_url("action_unpublish", action)),
    ]


def contact_form(**overrides: str) -> dict[str, str]:
    data = {
        "representative_name": "Sam Lee",
        "representative_title": "",
        "representative_email": "",
        "public_email": "help@agency-a.example.gov",
        "public_phone": "",
        "tty_phone": "",
        "mailing_address": "",
        "contact_page_url": "",
        "hours": "",
        "guidelines": "",
    }
    data.update(overrides)
    return data


def action_form(**overrides: str) -> dict[str, str]:
    data = {
        "you_said": "The letter was hard to read.",
        "we_did": "We rewrote it in plain language.",
        "action_date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "service": "",
    }
    data.update(overrides)
    return data


# --- who may do what -----------------------------------------------------------------------------


def test_every_contact_and_action_endpoint_is_404_to_another_agency(
    world: World, reviewers: Reviewers, action: FeedbackAction, client_for: ClientFor
) -> None:
    agency_contact_save(organization=world.a.organization, fields=A_CONTACT, user=None)
    for user in (world.outsider, reviewers.performance_b):
        client = client_for(user)
        for endpoint in endpoints(world.a.organization, action):
            assert send(client, endpoint, contact_form()) == 404, (user, endpoint)
    action.refresh_from_db()
    assert not action.published
    assert FeedbackAction.objects.count() == 1
    assert AgencyContact.objects.get().representative_name == "Sam Lee"
    assert AgencyContact.objects.get().public_phone == "1-800-555-0100"


def test_signed_out_visitors_are_sent_to_sign_in(world: World, action: FeedbackAction) -> None:
    client = Client()
    for endpoint in endpoints(world.a.organization, action):
        response = getattr(client, endpoint.method)(endpoint.url)
        assert response.status_code == 302, endpoint
        assert response["Location"].startswith("/accounts/login/"), endpoint


def test_readers_see_actions_but_change_nothing(
    world: World, action: FeedbackAction, client_for: ClientFor
) -> None:
    for user in (world.manager_a, world.viewer_a):
        client = client_for(user)
        page = client.get(list_url(world.a.organization))
        assert page.status_code == 200
        assert action.you_said in page.content.decode()
        assert "Add an action" not in page.content.decode()
        for endpoint in endpoints(world.a.organization, action):
            if endpoint.url != list_url(world.a.organization):
                assert send(client, endpoint, contact_form()) == 403, (user, endpoint)
    action.refresh_from_db()
    assert not action.published
    assert not AgencyContact.objects.exists()


# --- the contact ---------------------------------------------------------------------------------


@pytest.mark.parametrize("editor", ["admin_a", "performance_a"])
def test_the_contact_is_saved_by_admins_and_performance_managers(
    world: World, reviewers: Reviewers, client_for: ClientFor, editor: str
) -> None:
    user = getattr(world, editor, None) or getattr(reviewers, editor)
    client = client_for(user)
    url = contact_url(world.a.organization)
    assert client.get(url).status_code == 200
    response = client.post(
        url, contact_form(mailing_address="1 Main Street", hours="Weekdays 8 to 8")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:plan_home")
    contact = AgencyContact.objects.get(organization=world.a.organization)
    assert (contact.representative_name, contact.mailing_address, contact.updated_by) == (
        "Sam Lee",
        "1 Main Street",
        user,
    )
    assert 'value="Weekdays 8 to 8"' in client.get(url).content.decode()
    overview = client.get(reverse("reporting:plan_home")).content.decode()
    assert "help@agency-a.example.gov" in overview


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"representative_name": ""}, "Name the customer relations representative."),
        ({"public_email": ""}, "Give at least one way the public can reach the agency"),
        ({"public_email": "help"}, "Public email: give an address like contact@agency.gov."),
        ({"representative_email": "sam@"}, "Representative&#x27;s email: give an address like"),
        ({"public_phone": "call us"}, "Give a phone number with its area code"),
        ({"contact_page_url": "not a web address"}, "Contact page: give a full web address"),
        ({"contact_page_url": "http://agency.example.gov/"}, "starting https://"),
    ],
)
def test_contact_errors_name_the_field_and_store_nothing(
    world: World, client_for: ClientFor, overrides: dict[str, str], message: str
) -> None:
    response = client_for(world.admin_a).post(
        contact_url(world.a.organization), contact_form(**overrides)
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "The contact was not saved" in page
    assert not AgencyContact.objects.exists()


# --- "you said, we did" --------------------------------------------------------------------------


def test_an_action_is_added_edited_published_unpublished_and_deleted(
    world: World, reviewers: Reviewers, client_for: ClientFor
) -> None:
    client = client_for(reviewers.performance_a)
    create = reverse(
        "reporting:action_create", kwargs={"organization_id": world.a.organization.public_id}
    )
    assert client.get(create).status_code == 200
    response = client.post(create, action_form(service=str(world.a.service.public_id)))
    assert response["Location"] == list_url(world.a.organization)
    action = FeedbackAction.objects.get()
    assert (action.service, action.created_by, action.published) == (
        world.a.service,
        reviewers.performance_a,
        False,
    )

    edit = action_url("action_edit", action)
    assert "The letter was hard to read." in client.get(edit).content.decode()
    client.post(edit, action_form(we_did="We rewrote it and tested it with customers."))
    action.refresh_from_db()
    assert (action.we_did, action.service) == ("We rewrote it and tested it with customers.", None)

    assert client.post(action_url("action_publish", action)).status_code == 302
    action.refresh_from_db()
    assert action.published
    again = client.post(action_url("action_publish", action), follow=True)
    assert "This action is already published." in again.content.decode()
    client.post(action_url("action_unpublish", action))
    action.refresh_from_db()
    assert not action.published

    assert client.post(action_url("action_delete", action)).status_code == 302
    assert not FeedbackAction.objects.exists()
    assert client.post(action_url("action_delete", action)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"you_said": ""}, "Say what customers told you."),
        ({"we_did": " "}, "Say what the agency did about it."),
        ({"we_did": "x" * 2001}, "We did: keep it to at most 2,000 characters."),
        ({"action_date": ""}, "Give the date of the change as YYYY-MM-DD."),
        ({"action_date": "yesterday"}, "Date of the change: Enter a real date"),
        ({"action_date": "2999-01-01"}, "An action is published once it is done"),
    ],
)
def test_action_errors_name_the_field_and_store_nothing(
    world: World, client_for: ClientFor, overrides: dict[str, str], message: str
) -> None:
    create = reverse(
        "reporting:action_create", kwargs={"organization_id": world.a.organization.public_id}
    )
    response = client_for(world.admin_a).post(create, action_form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FeedbackAction.objects.exists()


def test_another_agencys_service_cannot_be_chosen_for_an_action(
    world: World, action: FeedbackAction, client_for: ClientFor
) -> None:
    response = client_for(world.admin_a).post(
        action_url("action_edit", action), action_form(service=str(world.b.service.public_id))
    )
    assert response.status_code == 400
    assert "Choose a service of your organization from the list." in response.content.decode()
    action.refresh_from_db()
    assert action.service is None


def test_the_action_list_shows_only_the_agencys_own_actions(
    world: World, action: FeedbackAction, client_for: ClientFor
) -> None:
    feedback_action_create(
        organization=world.b.organization,
        fields=action_fields(you_said="Agency B's customers asked for Spanish forms."),
        user=None,
    )
    page = client_for(world.admin_a).get(list_url(world.a.organization)).content.decode()
    assert action.you_said in page
    assert "Spanish forms" not in page
    assert "Not published" in page
    assert action_url("action_publish", action) in page
