"""The standards pages: who gets what, the forms and their rules, and the public page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Role, User
from govcx.registry.services import membership_grant
from govcx.standards.calendar import BusinessCalendar
from govcx.standards.models import (
    Calendar,
    CalendarClosure,
    CallOutcome,
    Measure,
    Standard,
    TargetUnit,
)
from govcx.standards.standard_services import StandardFields, standard_create
from tests.conftest import World, make_user
from tests.staff.helpers import ClientFor
from tests.standards.standard_fixtures import (
    EASTERN,
    add_calls,
    add_case,
    add_cases,
    email_standard,
    office_calendar,
    phone_standard,
)


@pytest.fixture
def performance_manager(world: World) -> User:
    user = make_user("performance_a")
    membership_grant(user=user, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER)
    return user


def business_days_in_last_quarter(calendar: Calendar) -> dt.date:
    """A day in the latest complete quarter that is followed by two more business days."""
    business = BusinessCalendar.from_model(calendar)
    today = timezone.now().astimezone(EASTERN).date()
    quarter = FiscalQuarter.of(today).previous()
    day = quarter.start + dt.timedelta(days=7)
    while not all(business.is_business_day(day + dt.timedelta(days=n)) for n in range(3)):
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=EASTERN)


@pytest.fixture
def standard_a(world: World) -> Standard:
    """Agency A's email standard: last quarter, 9 of 12 emails answered within a business day."""
    standard = email_standard(
        world.a,
        alert_emails=("lead@agency-a.example.gov",),
        public_wording="We answer benefit questions by email within one business day.",
    )
    assert standard.calendar is not None
    day = business_days_in_last_quarter(standard.calendar)
    next_day = day + dt.timedelta(days=1)
    add_cases(standard, 9, at(day, 10), at(next_day, 12))
    add_cases(standard, 3, at(day, 10), at(day + dt.timedelta(days=2), 12))
    return standard


@pytest.fixture
def standard_b(world: World) -> Standard:
    return email_standard(world.b, public_wording="Agency B answers letters within a day.")


def secrets_of_a(world: World, standard: Standard) -> list[str]:
    assert standard.calendar is not None
    return [
        world.a.organization.name,
        world.a.service.name,
        standard.public_wording,
        str(standard.public_id),
        str(standard.calendar.public_id),
        "lead@agency-a.example.gov",
    ]


# --- who gets what -------------------------------------------------------------------------------

PAGES: dict[str, Callable[[Standard], str]] = {
    "list": lambda s: "/staff/standards/",
    "new": lambda s: "/staff/standards/new/",
    "detail": lambda s: f"/staff/standards/{s.public_id}/",
    "edit": lambda s: f"/staff/standards/{s.public_id}/edit/",
    "calendar_new": lambda s: "/staff/standards/calendars/new/",
    "calendar_edit": lambda s: (
        f"/staff/standards/calendars/{s.calendar.public_id}/edit/" if s.calendar else ""
    ),
}
NAMING_A_RECORD = {"detail", "edit", "calendar_edit"}
EDITING = {"new", "edit", "calendar_new", "calendar_edit"}


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(standard_a: Standard, page: str) -> None:
    url = PAGES[page](standard_a)
    reply = Client().get(url)
    assert reply.status_code == 302
    assert reply["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("page", PAGES)
def test_the_outsider_sees_nothing_of_agency_a(
    world: World, client_for: ClientFor, standard_a: Standard, standard_b: Standard, page: str
) -> None:
    reply = client_for(world.outsider).get(PAGES[page](standard_a))
    assert reply.status_code == (404 if page in NAMING_A_RECORD else 200)
    content = reply.content.decode()
    for secret in secrets_of_a(world, standard_a):
        assert secret not in content, secret


@pytest.mark.parametrize("page", ["edit", "calendar_edit"])
def test_the_outsider_cannot_change_agency_a_records(
    world: World, client_for: ClientFor, standard_a: Standard, page: str
) -> None:
    reply = client_for(world.outsider).post(PAGES[page](standard_a), {"name": "Taken over"})
    assert reply.status_code == 404
    assert Standard.objects.get(pk=standard_a.pk).public_wording == standard_a.public_wording
    assert not Calendar.objects.filter(name="Taken over").exists()


def test_the_outsider_cannot_create_a_standard_for_agency_a_services(
    world: World, client_for: ClientFor, standard_a: Standard, standard_b: Standard
) -> None:
    form = standard_form_data(standard_a, public_wording="Planted")
    reply = client_for(world.outsider).post("/staff/standards/new/", form)
    assert reply.status_code == 400
    assert "Choose a service from the list." in reply.content.decode()
    assert not Standard.objects.filter(public_wording="Planted").exists()


def test_the_outsider_cannot_create_a_calendar_for_agency_a(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    data = calendar_form_data(organization=str(world.a.organization.public_id), name="Planted")
    reply = client_for(world.outsider).post("/staff/standards/calendars/new/", data)
    assert reply.status_code == 400
    assert "Choose one of your organizations from the list." in reply.content.decode()
    assert not Calendar.objects.filter(name="Planted").exists()


@pytest.mark.parametrize("persona", ["viewer_a", "manager_a"])
@pytest.mark.parametrize("page", PAGES)
def test_any_member_reads_but_only_admins_and_performance_managers_edit(
    world: World, client_for: ClientFor, standard_a: Standard, persona: str, page: str
) -> None:
    reply = client_for(getattr(world, persona)).get(PAGES[page](standard_a))
    if page in EDITING:
        assert reply.status_code == 403
        return
    assert reply.status_code == 200
    assert standard_a.public_wording in reply.content.decode()


@pytest.mark.parametrize("persona", ["admin_a", "performance_manager"])
@pytest.mark.parametrize("page", PAGES)
def test_admins_and_performance_managers_reach_every_page(
    world: World,
    client_for: ClientFor,
    standard_a: Standard,
    standard_b: Standard,
    performance_manager: User,
    persona: str,
    page: str,
) -> None:
    user = performance_manager if persona == "performance_manager" else world.admin_a
    reply = client_for(user).get(PAGES[page](standard_a))
    assert reply.status_code == 200
    content = reply.content.decode()
    assert standard_b.public_wording not in content
    assert world.b.organization.name not in content


# --- what the pages show -------------------------------------------------------------------------


def test_the_detail_page_shows_each_period_with_n_interval_and_the_rules(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    add_cases(standard_a, 3, timezone.now() - dt.timedelta(minutes=5), None)  # open, not due
    content = client_for(world.viewer_a).get(f"/staff/standards/{standard_a.public_id}/")
    text = content.content.decode()
    assert "75.0%" in text
    assert "(95% interval 46.8% to 91.1%; n = 12 cases)" in text
    assert "Below the standard" in text
    assert "counts as missed" in text
    assert "Figures about fewer than 10 records are not shown" in text
    assert "fewer than 10 cases" in text  # this quarter's 3 open cases
    assert "fewer than 10 open cases" in text  # the backlog
    assert "<strong>0 cases</strong>" in text  # none open past the deadline last quarter
    assert "What customers said" in text
    assert "Not tested: a group is too small to show" in text


def test_a_call_standards_page_shows_the_contact_center_figures(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    standard = phone_standard(world.a, required_share=None)
    assert standard_a.calendar is not None
    offered = at(business_days_in_last_quarter(standard_a.calendar), 10)
    add_calls(standard, offered, [10] * 8 + [40] * 8)
    add_calls(standard, offered, [50] * 4, outcome=CallOutcome.ABANDONED)
    client = client_for(world.viewer_a)
    text = client.get(f"/staff/standards/{standard.public_id}/").content.decode()
    assert "Average speed of answer" in text
    assert "<strong>25 seconds</strong>" in text
    assert "n = 16 answered calls" in text
    assert "<strong>20.0%</strong>" in text  # abandoned ÷ offered
    assert "n = 20 calls" in text
    assert "Meets the standard" in text  # 25 seconds on average is within 30
    assert "Backlog" not in text
    listing = client.get("/staff/standards/").content.decode()
    # This quarter has no calls yet: the list says so rather than showing a number.
    assert (
        'Average speed of answer: <span class="text-base-dark text-italic">no answered calls'
        in listing
    )


def test_the_list_shows_this_quarter_for_each_standard(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    today = timezone.now().astimezone(EASTERN).date()
    add_case(standard_a, timezone.now() - dt.timedelta(minutes=5))
    text = client_for(world.viewer_a).get("/staff/standards/").content.decode()
    assert standard_a.public_wording in text
    assert FiscalQuarter.of(today).label in text
    assert "Main office" in text


def test_the_list_takes_the_same_queries_however_many_cases(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    client = client_for(world.viewer_a)
    pause = [(timezone.now() - dt.timedelta(hours=3), timezone.now() - dt.timedelta(hours=2))]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/staff/standards/").status_code == 200
        return len(captured.captured_queries)

    add_case(standard_a, timezone.now() - dt.timedelta(hours=4), pauses=pause)
    few = queries()
    for _ in range(20):
        add_case(standard_a, timezone.now() - dt.timedelta(hours=4), pauses=pause)
    assert queries() == few


# --- the standard form ---------------------------------------------------------------------------


def standard_form_data(standard: Standard, **changes: Any) -> dict[str, Any]:
    data = {
        "service": str(standard.service.public_id),
        "channel": standard.channel,
        "measure": standard.measure,
        "target_value": str(standard.target_value),
        "target_unit": standard.target_unit,
        "required_share": str(standard.required_share or ""),
        "calendar": str(standard.calendar.public_id) if standard.calendar else "",
        "public_wording": standard.public_wording,
        "alert_after_periods": str(standard.alert_after_periods),
        "alert_emails": "\n".join(standard.alert_emails),
        "active": "on" if standard.active else "",
    }
    data.update(changes)
    return data


def test_an_admin_creates_a_standard(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    data = standard_form_data(
        standard_a,
        channel="phone",
        measure=Measure.SPEED_OF_ANSWER,
        target_value="30",
        target_unit=TargetUnit.SECONDS,
        calendar="",
        public_wording="We answer the phone within 30 seconds.",
        alert_emails="A@agency-a.example.gov, b@agency-a.example.gov",
    )
    reply = client_for(world.admin_a).post("/staff/standards/new/", data)
    created = Standard.objects.get(public_wording="We answer the phone within 30 seconds.")
    assert reply.status_code == 302
    assert reply["Location"] == f"/staff/standards/{created.public_id}/"
    assert created.organization == world.a.organization
    assert created.alert_emails == ["a@agency-a.example.gov", "b@agency-a.example.gov"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"measure": Measure.ABANDONMENT_RATE, "required_share": ""},
            "Abandonment rate is measured in percent.",
        ),
        ({"measure": Measure.SPEED_OF_ANSWER}, "Speed of answer is measured in seconds."),
        (
            {"target_unit": TargetUnit.SECONDS},
            "Time to first response is measured in business days, business hours or calendar days.",
        ),
        ({"calendar": ""}, "Business days and hours are counted on a calendar: choose one."),
        ({"required_share": ""}, "Say what share of cases must meet the target, e.g. 80."),
        ({"target_value": "0"}, "The target must be more than zero."),
        ({"alert_emails": "not-an-address"}, "“not-an-address” is not an email address."),
    ],
)
def test_the_form_explains_each_rule(
    world: World,
    client_for: ClientFor,
    standard_a: Standard,
    changes: dict[str, str],
    message: str,
) -> None:
    data = standard_form_data(standard_a, public_wording="Refused", **changes)
    reply = client_for(world.admin_a).post("/staff/standards/new/", data)
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert not Standard.objects.filter(public_wording="Refused").exists()


def test_an_abandonment_rate_in_percent_is_accepted(world: World, standard_a: Standard) -> None:
    standard = phone_standard(
        world.a,
        measure=Measure.ABANDONMENT_RATE,
        target_value=Decimal(5),
        target_unit=TargetUnit.PERCENT,
        required_share=None,
    )
    assert standard.target_unit == TargetUnit.PERCENT


def test_a_standard_takes_only_its_own_organizations_service_and_calendar(
    world: World, standard_a: Standard
) -> None:
    calendar_b = office_calendar(world.b.organization)
    fields = StandardFields(
        service=world.b.service,
        channel="email",
        measure=Measure.TIME_TO_RESOLUTION,
        target_value=Decimal(30),
        target_unit=TargetUnit.CALENDAR_DAYS,
        required_share=Decimal(90),
        calendar=calendar_b,
        public_wording="Mixed up",
    )
    with pytest.raises(ValidationError) as raised:
        standard_create(organization=world.a.organization, fields=fields)
    assert raised.value.message_dict == {
        "service": ["Choose one of your organization's services."],
        "calendar": ["Choose one of your organization's calendars."],
    }


def test_an_admin_edits_a_standard(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    data = standard_form_data(standard_a, public_wording="We reply within one business day.")
    reply = client_for(world.admin_a).post(f"/staff/standards/{standard_a.public_id}/edit/", data)
    assert reply.status_code == 302
    assert Standard.objects.get(pk=standard_a.pk).public_wording == (
        "We reply within one business day."
    )


# --- the calendar form ---------------------------------------------------------------------------


def calendar_form_data(**changes: str) -> dict[str, str]:
    data = {
        "name": "Field office",
        "time_zone": "America/Chicago",
        "observes_federal_holidays": "on",
    }
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday"):
        data[f"{day}_opens"], data[f"{day}_closes"] = "09:00", "16:30"
    data.update(changes)
    return data


def test_an_admin_creates_a_calendar_with_closures(world: World, client_for: ClientFor) -> None:
    data = calendar_form_data(
        organization=str(world.a.organization.public_id),
        saturday_opens="10:00",
        saturday_closes="00:00",
        closures="2025-02-03 Snow closure\n\n2025-07-03  Local holiday",
    )
    reply = client_for(world.admin_a).post("/staff/standards/calendars/new/", data)
    assert reply.status_code == 302
    calendar = Calendar.objects.get(name="Field office")
    assert calendar.organization == world.a.organization
    assert calendar.time_zone == "America/Chicago"
    assert calendar.business_hours[0] == ["09:00", "16:30"]
    assert calendar.business_hours[5] == ["10:00", "24:00"]  # open until midnight
    assert calendar.business_hours[6] is None
    closures = list(calendar.closures.values_list("date", "name"))
    assert closures == [
        (dt.date(2025, 2, 3), "Snow closure"),
        (dt.date(2025, 7, 3), "Local holiday"),
    ]


def test_editing_a_calendar_replaces_its_closures(
    world: World, client_for: ClientFor, standard_a: Standard
) -> None:
    calendar = standard_a.calendar
    assert calendar is not None
    CalendarClosure.objects.create(calendar=calendar, date=dt.date(2025, 1, 2), name="Old")
    page = client_for(world.admin_a).get(f"/staff/standards/calendars/{calendar.public_id}/edit/")
    assert "2025-01-02 Old" in page.content.decode()
    data = calendar_form_data(name="Main office", closures="2025-03-04 Flood")
    reply = client_for(world.admin_a).post(
        f"/staff/standards/calendars/{calendar.public_id}/edit/", data
    )
    assert reply.status_code == 302
    assert list(calendar.closures.values_list("name", flat=True)) == ["Flood"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"closures": "2025-01-02 Fine\n2025-13-01 Bad month"},
            "Line 2: “2025-13-01” is not a date",
        ),
        ({"closures": "2025-01-02"}, "Line 1: give a date, a space, then what the closure is."),
        (
            {"closures": "2025-01-02 One\n2025-01-02 Two"},
            "Each day can be closed only once; repeated: 2025-01-02.",
        ),
        ({"monday_closes": ""}, "Give both times for an open day, or neither for a closed one."),
        ({"monday_closes": "08:00"}, "Closing must be after opening."),
        ({"monday_opens": "9am"}, "Give the time as HH:MM on a 24-hour clock"),
        ({"name": "Main office"}, "Your organization already has a calendar with this name."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
    ],
)
def test_the_calendar_form_explains_each_rule(
    world: World,
    client_for: ClientFor,
    standard_a: Standard,
    changes: dict[str, str],
    message: str,
) -> None:
    data = calendar_form_data(organization=str(world.a.organization.public_id), **changes)
    reply = client_for(world.admin_a).post("/staff/standards/calendars/new/", data)
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert Calendar.objects.filter(organization=world.a.organization).count() == 1


def test_a_calendar_needs_an_open_day(world: World, client_for: ClientFor) -> None:
    data = {"organization": str(world.a.organization.public_id), "name": "Never open"}
    data["time_zone"] = "UTC"
    reply = client_for(world.admin_a).post("/staff/standards/calendars/new/", data)
    assert reply.status_code == 400
    assert "Give business hours for at least one day of the week." in reply.content.decode()


# --- the public page -----------------------------------------------------------------------------


def test_the_public_page_shows_each_standard_with_last_quarters_performance(
    world: World, standard_a: Standard, standard_b: Standard
) -> None:
    reply = Client().get("/agencies/aga/standards/")  # the abbreviation in any case
    assert reply.status_code == 200
    text = reply.content.decode()
    assert standard_a.public_wording in text
    today = timezone.now().astimezone(EASTERN).date()
    assert FiscalQuarter.of(today).previous().label in text
    assert "75.0%" in text
    assert "(95% interval 46.8% to 91.1%; n = 12 cases)" in text
    assert "Our goal: at least 80% of cases: time to first response within 1 business day." in text
    assert standard_b.public_wording not in text
    assert "lead@agency-a.example.gov" not in text


def test_the_public_page_says_when_there_are_too_few_cases(world: World) -> None:
    standard = email_standard(world.a)
    assert standard.calendar is not None
    day = business_days_in_last_quarter(standard.calendar)
    add_cases(standard, 4, at(day, 10), at(day, 11))
    text = Client().get("/agencies/AGA/standards/").content.decode()
    assert "not enough cases to report (" in text
    assert "fewer than 10 cases" in text
    assert "100.0%" not in text


def test_inactive_standards_are_not_public(world: World, standard_a: Standard) -> None:
    Standard.objects.filter(pk=standard_a.pk).update(active=False)
    text = Client().get("/agencies/AGA/standards/").content.decode()
    assert standard_a.public_wording not in text
    assert "has not published any service standards yet" in text


def test_an_unknown_agency_is_not_found(world: World) -> None:
    assert Client().get("/agencies/NOPE/standards/").status_code == 404


# --- the admin -----------------------------------------------------------------------------------


def test_the_admin_shows_standards_but_changes_nothing(
    client_for: ClientFor, standard_a: Standard
) -> None:
    superuser = User.objects.create_superuser("root", "root@example.gov", "pw")
    client = client_for(superuser)
    listing = client.get("/admin/standards/standard/")
    assert listing.status_code == 200
    assert standard_a.public_wording in listing.content.decode()
    assert client.get("/admin/standards/standard/add/").status_code == 403
    change = client.post(f"/admin/standards/standard/{standard_a.pk}/change/", {"active": ""})
    assert change.status_code == 403
    assert Standard.objects.get(pk=standard_a.pk).active
    assert client.get("/admin/standards/caserecord/").status_code == 200
