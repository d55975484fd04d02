"""The staff page where an agency records each service's customer volumes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Role, Service, ServiceVolume, User
from govcx.registry.services import membership_grant, service_create, service_volume_set
from tests.conftest import World, make_user
from tests.staff.helpers import ClientFor

CURRENT_QUARTER = FiscalQuarter.of(timezone.localdate())
# A year whose four quarters have all begun, whatever day the tests run.
PAST_YEAR = CURRENT_QUARTER.fiscal_year - 1


def page_url(service: Service, year: int | None = PAST_YEAR) -> str:
    path = f"/staff/services/{service.public_id}/volumes/"
    return path if year is None else f"{path}?fy={year}"


def key(number: int, channel: str, field: str, year: int = PAST_YEAR) -> str:
    return f"FY{year}-Q{number}-{channel}-{field}"


def table(**cells: str) -> dict[str, str]:
    """Every input of agency A's service (website, phone) in PAST_YEAR: empty unless given."""
    data = {
        key(number, channel, field): ""
        for number in range(1, 5)
        for channel in ("website", "phone")
        for field in ("customers", "offered_survey")
    }
    return {**data, **cells}


def record(world: World, number: int, channel: str, customers: int, offered: int) -> None:
    service_volume_set(
        service=world.a.service,
        channel=channel,
        quarter=FiscalQuarter(PAST_YEAR, number),
        customers=customers,
        offered_survey=offered,
        user=world.admin_a,
    )


def stored(service: Service) -> set[tuple[int, int, str, int, int]]:
    return {
        (v.fiscal_year, v.fiscal_quarter, v.channel, v.customers, v.offered_survey)
        for v in ServiceVolume.objects.filter(service=service)
    }


@pytest.fixture
def performance_manager(world: World) -> User:
    user = make_user("performance_a")
    membership_grant(user=user, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER)
    return user


# --- who gets what -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    url = page_url(world.a.service, year=None)
    reply = Client().get(url)
    assert reply.status_code == 302
    assert reply["Location"] == f"/accounts/login/?next={url}"
    posted = Client().post(page_url(world.a.service), table(**{key(1, "phone", "customers"): "5"}))
    assert posted.status_code == 302
    assert posted["Location"].startswith("/accounts/login/")
    assert not ServiceVolume.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "admin_a", "nobody"])
def test_another_agencys_service_is_not_found(
    world: World, client_for: ClientFor, persona: str
) -> None:
    """The outsider asks for agency A's service; agency A's admin asks for agency B's."""
    user = make_user("nobody") if persona == "nobody" else getattr(world, persona)
    service = world.b.service if persona == "admin_a" else world.a.service
    record(world, 1, "phone", 4321, 1234)
    client = client_for(user)
    got = client.get(page_url(service))
    posted = client.post(page_url(service), table(**{key(1, "phone", "customers"): "9"}))
    for reply in (got, posted):
        assert reply.status_code == 404
        content = reply.content.decode()
        for secret in (service.name, service.organization.name, "4,321", "4321"):
            assert secret not in content
    assert stored(world.a.service) == {(PAST_YEAR, 1, "phone", 4321, 1234)}
    assert not ServiceVolume.objects.filter(service=world.b.service).exists()


def test_an_unknown_service_is_not_found(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.admin_a).get("/staff/services/not-a-uuid/volumes/")
    assert reply.status_code == 404
    reply = client_for(world.admin_a).get(f"/staff/services/{world.a.survey.public_id}/volumes/")
    assert reply.status_code == 404


@pytest.mark.parametrize("persona", ["admin_a", "manager_a"])
def test_admins_and_survey_managers_record_volumes(
    world: World, client_for: ClientFor, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    form = client.get(page_url(world.a.service))
    assert form.status_code == 200
    assert f'name="{key(1, "website", "customers")}"' in form.content.decode()
    cells = {
        key(1, "website", "customers"): "12,500",
        key(1, "website", "offered_survey"): " 2500 ",
        key(4, "phone", "customers"): "0",
        key(4, "phone", "offered_survey"): "0",
    }
    reply = client.post(page_url(world.a.service), table(**cells))
    assert reply.status_code == 302
    assert reply["Location"] == page_url(world.a.service)
    assert stored(world.a.service) == {
        (PAST_YEAR, 1, "website", 12500, 2500),
        (PAST_YEAR, 4, "phone", 0, 0),
    }
    assert ServiceVolume.objects.filter(updated_by=getattr(world, persona)).count() == 2
    page = client.get(reply["Location"]).content.decode()
    assert "The volumes were saved." in page
    assert 'value="12500"' in page


@pytest.mark.parametrize("persona", ["viewer_a", "performance_manager"])
def test_viewers_and_performance_managers_read_only(
    world: World, client_for: ClientFor, persona: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona) if persona == "performance_manager" else world.viewer_a
    record(world, 2, "phone", 12345, 678)
    client = client_for(user)
    reply = client.get(page_url(world.a.service))
    assert reply.status_code == 200
    content = reply.content.decode()
    assert "12,345 served" in content
    assert "678 offered a survey" in content
    assert "Not recorded" in content
    assert "<input" not in content.split('id="volumes-table-caption"')[1]
    assert "Save volumes" not in content
    assert "Only organization admins and survey managers change these figures." in content
    posted = client.post(page_url(world.a.service), table(**{key(2, "phone", "customers"): "1"}))
    assert posted.status_code == 403
    assert stored(world.a.service) == {(PAST_YEAR, 2, "phone", 12345, 678)}


def test_the_services_list_links_to_each_services_volumes(
    world: World, client_for: ClientFor
) -> None:
    content = client_for(world.viewer_a).get("/staff/services/").content.decode()
    assert f'href="{page_url(world.a.service, year=None)}"' in content
    assert str(world.b.service.public_id) not in content


# --- saving --------------------------------------------------------------------------------------


def test_one_bad_cell_rejects_the_whole_table(world: World, client_for: ClientFor) -> None:
    record(world, 3, "website", 100, 50)
    cells = {
        key(1, "website", "customers"): "1000",
        key(1, "website", "offered_survey"): "900",
        key(2, "phone", "customers"): "100",
        key(2, "phone", "offered_survey"): "101",  # the bad one
        # the recorded cell left blank, which would clear it
    }
    reply = client_for(world.manager_a).post(page_url(world.a.service), table(**cells))
    assert reply.status_code == 400
    content = reply.content.decode()
    assert "The volumes were not saved" in content
    bad_id = f"id_{key(2, 'phone', 'offered_survey')}"
    # In the summary: the quarter, the channel and the field, linked to the input.
    summary = f'<a href="#{bad_id}">FY{PAST_YEAR} Q2, Phone: customers offered a survey</a>'
    assert summary in content
    # Next to the input, the USWDS way.
    assert f'<span class="usa-error-message" id="{bad_id}-error">' in content
    assert "cannot be more than the customers served (100)." in content
    input_tag = re.search(rf"<input[^>]*id=\"{bad_id}\"[^>]*>", content)
    assert input_tag is not None
    assert "usa-input--error" in input_tag.group()
    assert 'aria-invalid="true"' in input_tag.group()
    assert f'aria-describedby="{bad_id}-error"' in input_tag.group()
    assert 'value="1000"' in content  # what was typed is kept
    assert stored(world.a.service) == {(PAST_YEAR, 3, "website", 100, 50)}


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        ({key(1, "phone", "customers"): "lots"}, key(1, "phone", "customers"), "whole number"),
        ({key(1, "phone", "customers"): "-5"}, key(1, "phone", "customers"), "whole number"),
        ({key(1, "phone", "customers"): "4"}, key(1, "phone", "offered_survey"), "Give both"),
        ({key(1, "phone", "offered_survey"): "4"}, key(1, "phone", "customers"), "Give both"),
    ],
)
def test_each_bad_figure_is_named_and_nothing_is_stored(
    world: World, client_for: ClientFor, cells: dict[str, str], field: str, message: str
) -> None:
    good = {key(1, "website", "customers"): "10", key(1, "website", "offered_survey"): "1"}
    reply = client_for(world.admin_a).post(page_url(world.a.service), table(**good, **cells))
    assert reply.status_code == 400
    content = reply.content.decode()
    error = re.search(
        rf'<span class="usa-error-message" id="id_{field}-error">([^<]*)</span>', content
    )
    assert error is not None
    assert message in error.group(1)
    assert not ServiceVolume.objects.exists()


def test_a_blank_pair_clears_the_cell(world: World, client_for: ClientFor) -> None:
    record(world, 1, "phone", 10, 5)
    record(world, 1, "website", 20, 5)
    kept = {key(1, "website", "customers"): "20", key(1, "website", "offered_survey"): "5"}
    reply = client_for(world.admin_a).post(page_url(world.a.service), table(**kept), follow=True)
    assert reply.status_code == 200
    assert stored(world.a.service) == {(PAST_YEAR, 1, "website", 20, 5)}


def test_saving_an_unchanged_table_says_so(world: World, client_for: ClientFor) -> None:
    record(world, 1, "phone", 10, 5)
    same = {key(1, "phone", "customers"): "10", key(1, "phone", "offered_survey"): "5"}
    reply = client_for(world.manager_a).post(page_url(world.a.service), table(**same), follow=True)
    assert "Nothing had changed." in reply.content.decode()
    assert ServiceVolume.objects.get().updated_by == world.admin_a


# --- the year shown ------------------------------------------------------------------------------


def test_the_current_year_is_shown_and_quarters_to_come_take_nothing(
    world: World, client_for: ClientFor
) -> None:
    content = client_for(world.admin_a).get(page_url(world.a.service, year=None)).content.decode()
    year = CURRENT_QUARTER.fiscal_year
    assert f"in FY{year}, by channel and quarter</caption>" in content
    assert f'<option value="{year}" selected>FY{year}</option>' in content
    for number in range(1, 5):
        begun = number <= CURRENT_QUARTER.quarter
        assert (f'name="{key(number, "phone", "customers", year)}"' in content) is begun
    assert ("Not begun yet" in content) is (CURRENT_QUARTER.quarter < 4)


def test_a_quarter_to_come_cannot_be_posted(world: World, client_for: ClientFor) -> None:
    year = CURRENT_QUARTER.fiscal_year
    future = CURRENT_QUARTER.next()
    cells = {
        f"{future.key}-phone-customers": "10",
        f"{future.key}-phone-offered_survey": "5",
    }
    client_for(world.admin_a).post(page_url(world.a.service, year), cells)
    assert not ServiceVolume.objects.filter(fiscal_quarter=future.quarter, fiscal_year=year)


@pytest.mark.parametrize("year", ["2018", str(CURRENT_QUARTER.fiscal_year + 1), "soon"])
def test_a_year_outside_the_list_is_refused(world: World, client_for: ClientFor, year: str) -> None:
    url = f"/staff/services/{world.a.service.public_id}/volumes/?fy={year}"
    reply = client_for(world.admin_a).get(url)
    assert reply.status_code == 400
    assert "Choose a fiscal year from the list." in reply.content.decode()
    posted = client_for(world.admin_a).post(url, {f"FY{year}-Q1-phone-customers": "1"})
    assert posted.status_code == 400
    assert not ServiceVolume.objects.exists()


def test_a_service_without_channels_says_so(world: World, client_for: ClientFor) -> None:
    service = service_create(
        organization=world.a.organization, name="Not yet launched", kind="other", channels=[]
    )
    content = client_for(world.admin_a).get(page_url(service)).content.decode()
    assert "Not yet launched has no channels yet." in content
    assert "Save volumes" not in content


# --- accessibility and speed ---------------------------------------------------------------------


class Inputs(HTMLParser):
    """The ids of the page's text inputs, the targets of its labels, and its table headers."""

    def __init__(self) -> None:
        super().__init__()
        self.input_ids: list[str] = []
        self.label_targets: list[str] = []
        self.header_scopes: list[str | None] = []
        self.captions = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "text":
            self.input_ids.append(attributes.get("id") or "")
        elif tag == "label":
            self.label_targets.append(attributes.get("for") or "")
        elif tag == "th":
            self.header_scopes.append(attributes.get("scope"))
        elif tag == "caption":
            self.captions += 1


def test_every_input_is_labelled_and_every_header_scoped(
    world: World, client_for: ClientFor
) -> None:
    parser = Inputs()
    parser.feed(client_for(world.admin_a).get(page_url(world.a.service)).content.decode())
    assert len(parser.input_ids) == 4 * 2 * 2
    assert all(parser.input_ids)
    assert set(parser.input_ids) <= set(parser.label_targets)
    assert parser.captions == 1
    assert parser.header_scopes.count("col") == 1 + 4
    assert parser.header_scopes.count("row") == 2
    assert None not in parser.header_scopes


def test_the_page_takes_the_same_queries_however_many_channels_and_figures(
    world: World, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    empty = world.a.service
    channels = ["website", "phone", "email", "in_person", "live_chat", "paper", "mobile_app"]
    full = service_create(
        organization=world.a.organization, name="Many channels", kind="other", channels=channels
    )
    for number in range(1, 5):
        for channel in channels:
            service_volume_set(
                service=full,
                channel=channel,
                quarter=FiscalQuarter(PAST_YEAR, number),
                customers=100,
                offered_survey=10,
                user=world.admin_a,
            )
    client.get(page_url(empty))  # the session is read once warm
    with CaptureQueriesContext(connection) as few:
        assert client.get(page_url(empty)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        content = client.get(page_url(full)).content.decode()
    assert content.count('value="100"') == len(channels) * 4
    assert len(many) == len(few)
    assert len(many) <= 6
