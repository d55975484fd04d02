"""Original comments: read only by the organization's readers, every reading in the audit log."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from govcx.registry.models import AuditEvent, Role, User
from govcx.registry.services import membership_grant, organization_set_comment_policy
from govcx.responses.models import Response
from govcx.responses.originals import READ_ACTION
from tests.conftest import World, make_user
from tests.responses.helpers import submit
from tests.staff.helpers import ClientFor, content_of

PHONE = "202-555-0143"
COMMENT = f"Please call me back at {PHONE} about my appeal."


@pytest.fixture
def kept(world: World, settings: Settings) -> Response:
    """A response of agency A whose original was kept."""
    settings.COMMENT_KEYS = [Fernet.generate_key().decode()]
    organization_set_comment_policy(
        organization=world.a.organization, keep_original_comments=True, user=world.admin_a
    )
    world.a.survey.organization.refresh_from_db()
    return submit(world.a.survey, {"trust": 0, "drivers_negative": ["ease"], "comments": COMMENT})


def reader_of(world: World, agency: str = "a", *, viewer: bool = True) -> User:
    organization = world.a.organization if agency == "a" else world.b.organization
    user = make_user(f"reader_{agency}_{'viewer' if viewer else 'only'}")
    membership_grant(user=user, organization=organization, role=Role.ORIGINAL_COMMENT_READER)
    if viewer:
        membership_grant(user=user, organization=organization, role=Role.RESPONSE_VIEWER)
    return user


def url(response: Response) -> str:
    return f"/staff/responses/{response.uuid}/original/"


def test_a_reader_reads_the_original_and_the_reading_is_recorded(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    reader = reader_of(world)

    reply = client_for(reader).post(url(kept))

    assert reply.status_code == 200
    page = content_of(reply)
    assert PHONE in page
    assert "no-store" in reply["Cache-Control"]
    event = AuditEvent.objects.get(action=READ_ACTION)
    assert (event.user, event.organization_id, event.target_type, event.target_id) == (
        reader,
        world.a.organization.pk,
        "response",
        str(kept.uuid),
    )
    assert event.details["question_key"] == "comments"
    assert PHONE not in str(event.details)


def test_each_reading_is_recorded(world: World, kept: Response, client_for: ClientFor) -> None:
    client = client_for(reader_of(world))
    client.post(url(kept))
    client.post(url(kept))

    assert AuditEvent.objects.filter(action=READ_ACTION).count() == 2


def test_the_role_alone_is_enough(world: World, kept: Response, client_for: ClientFor) -> None:
    reply = client_for(reader_of(world, viewer=False)).post(url(kept))

    assert reply.status_code == 200
    assert PHONE in content_of(reply)


def test_other_members_get_403_and_nothing_is_recorded(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    superuser = User.objects.create_superuser("root", "root@example.gov", "pw")
    for user in (world.admin_a, world.manager_a, world.viewer_a, superuser):
        reply = client_for(user).post(url(kept))
        assert reply.status_code == 403, user
        assert PHONE not in content_of(reply)
    assert not AuditEvent.objects.filter(action=READ_ACTION).exists()


def test_another_agency_gets_404_even_its_readers(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    for user in (world.outsider, reader_of(world, "b")):
        reply = client_for(user).post(url(kept))
        assert reply.status_code == 404
        assert PHONE not in content_of(reply)
    assert not AuditEvent.objects.filter(action=READ_ACTION).exists()


def test_reading_is_a_post_and_anonymous_visitors_sign_in(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    assert client_for(reader_of(world)).get(url(kept)).status_code == 405
    reply = Client().post(url(kept))
    assert reply.status_code == 302
    assert reply["Location"].startswith("/accounts/login/")


def test_a_response_without_an_original_says_why(
    world: World, settings: Settings, client_for: ClientFor
) -> None:
    settings.COMMENT_KEYS = [Fernet.generate_key().decode()]
    response = submit(world.a.survey, {"trust": 0, "comments": COMMENT})

    reply = client_for(reader_of(world)).post(url(response))

    assert reply.status_code == 200
    assert "does not keep original comments" in content_of(reply)
    assert PHONE not in content_of(reply)
    assert not AuditEvent.objects.exists()


def test_the_list_offers_the_original_to_readers_only(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    without = submit(world.a.survey, {"trust": 1, "comments": "Fine."})
    reader_page = content_of(client_for(reader_of(world)).get("/staff/responses/"))
    viewer_page = content_of(client_for(world.viewer_a).get("/staff/responses/"))

    assert url(kept) in reader_page
    assert url(without) not in reader_page
    assert url(kept) not in viewer_page
    assert PHONE not in reader_page
    assert "[PHONE]" in reader_page


def test_the_list_asks_about_originals_once_per_page(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    client = client_for(reader_of(world))
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/responses/")
    for _ in range(5):
        submit(world.a.survey, {"trust": 0, "comments": f"Call {PHONE} now"})
    with CaptureQueriesContext(connection) as six:
        client.get("/staff/responses/")

    assert len(six.captured_queries) == len(one.captured_queries)


# --- the audit log -------------------------------------------------------------------------


def test_admins_read_their_audit_log(world: World, kept: Response, client_for: ClientFor) -> None:
    reader = reader_of(world)
    client_for(reader).post(url(kept))

    reply = client_for(world.admin_a).get("/staff/audit-log/")

    assert reply.status_code == 200
    page = content_of(reply)
    assert "Read an original comment" in page
    assert reader.get_username() in page
    assert kept.receipt_id in page
    assert PHONE not in page


def test_another_agency_sees_nothing_of_this_audit_log(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    client_for(reader_of(world)).post(url(kept))

    reply = client_for(world.outsider).get("/staff/audit-log/")

    assert reply.status_code == 200
    page = content_of(reply)
    assert kept.receipt_id not in page
    assert "Nothing has been recorded yet." in page


def test_people_who_administer_nothing_get_404(
    world: World, kept: Response, client_for: ClientFor
) -> None:
    for user in (world.viewer_a, world.manager_a, reader_of(world)):
        assert client_for(user).get("/staff/audit-log/").status_code == 404
