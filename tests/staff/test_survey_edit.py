"""Editing a survey's details and PRA approval from the staff pages."""

from __future__ import annotations

import datetime as dt

from govcx.surveys.models import Survey
from tests.conftest import World
from tests.staff.helpers import ClientFor


def edit_url(survey: Survey) -> str:
    return f"/staff/surveys/{survey.public_id}/edit/"


def details(world: World, **changes: str) -> dict[str, str]:
    return {
        "title": "Benefit applications: tell us",
        "service": str(world.a.service.public_id),
        "instructions": "It takes a minute.",
        "disclaimer": "",
        "success_message": "Thank you.",
        "omb_control_number": "1234-5678",
        "omb_expiration_date": "2027-09-30",
        **changes,
    }


def test_a_manager_edits_details_and_the_pra_line(world: World, client_for: ClientFor) -> None:
    client = client_for(world.manager_a)
    form = client.get(edit_url(world.a.survey))
    assert form.status_code == 200
    assert world.a.survey.title in form.content.decode()
    reply = client.post(edit_url(world.a.survey), details(world), follow=True)
    assert reply.status_code == 200
    survey = Survey.objects.get(pk=world.a.survey.pk)
    assert survey.title == "Benefit applications: tell us"
    assert survey.omb_expiration_date == dt.date(2027, 9, 30)
    assert "OMB Control No. 1234-5678 · Expires 09/30/2027" in reply.content.decode()


def test_bad_details_are_named_per_field_and_nothing_changes(
    world: World, client_for: ClientFor
) -> None:
    client = client_for(world.manager_a)
    cases = [
        ({"title": ""}, "Give the survey a title."),
        ({"omb_control_number": "12345678"}, "form 1234-5678"),
        ({"omb_expiration_date": ""}, "Give the date the OMB approval expires."),
        ({"omb_control_number": ""}, "Give the OMB control number."),
        ({"omb_expiration_date": "2027-02-30"}, "Enter a real date"),
        ({"service": str(world.b.service.public_id)}, "Choose a service from the list."),
        ({"success_message": ""}, "Say what respondents read after they submit."),
    ]
    for change, message in cases:
        reply = client.post(edit_url(world.a.survey), details(world, **change))
        assert reply.status_code == 400, change
        assert message in reply.content.decode(), change
    survey = Survey.objects.get(pk=world.a.survey.pk)
    assert survey.title == world.a.survey.title
    assert survey.omb_control_number == ""


def test_a_response_viewer_may_not_edit(world: World, client_for: ClientFor) -> None:
    client = client_for(world.viewer_a)
    assert client.get(edit_url(world.a.survey)).status_code == 403
    assert client.post(edit_url(world.a.survey), details(world)).status_code == 403
    assert Survey.objects.get(pk=world.a.survey.pk).title == world.a.survey.title


def test_the_outsider_cannot_edit_agency_a_surveys(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.outsider).post(edit_url(world.a.survey), details(world))
    assert reply.status_code == 404
    assert Survey.objects.get(pk=world.a.survey.pk).title == world.a.survey.title
