"""The plan pages: who sees and changes what, what a change stores, and errors that name the field.

Organization admins and performance managers edit; survey managers and response viewers read;
members of another agency get 404 on every page and every POST endpoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from govcx.registry.models import User
from govcx.reporting.models import CustomerServicePlan, PlanState
from govcx.reporting.plans import (
    GoalFields,
    InitiativeFields,
    MechanismFields,
    plan_goal_add,
    plan_initiative_add,
    plan_mechanism_add,
    plan_milestone_add,
    plan_publish,
    plan_standards_set,
)
from tests.conftest import World
from tests.reporting.conftest import Reviewers
from tests.reporting.test_plans import complete_plan, make_plan, milestone_fields, this_year
from tests.standards.standard_fixtures import email_standard

ClientFor = Callable[[User], Client]


@dataclass
class Endpoint:
    method: str
    url: str


@pytest.fixture
def plan(world: World) -> CustomerServicePlan:
    """Agency A's plan for this year with one part of each kind."""
    plan = complete_plan(world.a)
    plan_initiative_add(plan=plan, fields=InitiativeFields(title="Online renewals"), user=None)
    plan_milestone_add(plan=plan, fields=milestone_fields(), user=None)
    return plan


def plan_url(name: str, plan: CustomerServicePlan, **kwargs: object) -> str:
    return reverse(f"reporting:{name}", kwargs={"public_id": plan.public_id, **kwargs})


def part_urls(plan: CustomerServicePlan) -> list[Endpoint]:
    parts = {
        "goals": plan.goals.get(),
        "initiatives": plan.initiatives.get(),
        "mechanisms": plan.feedback_mechanisms.get(),
        "milestones": plan.milestones.get(),
    }
    endpoints = []
    for kind, part in parts.items():
        endpoints.append(Endpoint("post", plan_url("plan_part_add", plan, kind=kind)))
        for name, method in (
            ("plan_part_edit", "get"),
            ("plan_part_edit", "post"),
            ("plan_part_delete", "post"),
            ("plan_part_move", "post"),
        ):
            endpoints.append(Endpoint(method, plan_url(name, plan, kind=kind, part_id=part.pk)))
    return endpoints


def plan_endpoints(plan: CustomerServicePlan) -> list[Endpoint]:
    """Every page and POST endpoint that names agency A's plan or organization."""
    create = reverse(
        "reporting:plan_create", kwargs={"organization_id": plan.organization.public_id}
    )
    return [
        Endpoint("get", create),
        Endpoint("post", create),
        Endpoint("get", plan_url("plan_detail", plan)),
        Endpoint("get", plan_url("plan_edit", plan)),
        Endpoint("post", plan_url("plan_edit", plan)),
        Endpoint("get", plan_url("plan_copy", plan)),
        Endpoint("post", plan_url("plan_copy", plan)),
        Endpoint("post", plan_url("plan_publish", plan)),
        Endpoint("post", plan_url("plan_unpublish", plan)),
        Endpoint("post", plan_url("plan_standards", plan)),
        *part_urls(plan),
    ]


def send(client: Client, endpoint: Endpoint, data: Mapping[str, object] | None = None) -> int:
    if endpoint.method == "get":
        return client.get(endpoint.url).status_code
    return client.post(endpoint.url, data or {"direction": "up"}).status_code


def snapshot(plan: CustomerServicePlan) -> tuple[object, ...]:
    """Everything a POST could change, to prove that a refused one changed nothing."""
    plan.refresh_from_db()
    return (
        plan.title,
        plan.state,
        plan.fiscal_year,
        plan.updated_at,
        CustomerServicePlan.objects.count(),
        list(plan.goals.values_list("pk", "title", "position")),
        list(plan.initiatives.values_list("pk", "title", "position")),
        list(plan.feedback_mechanisms.values_list("pk", "name", "position")),
        list(plan.milestones.values_list("pk", "description", "position")),
        list(plan.standards.values_list("pk", flat=True)),
    )


# --- who may do what -----------------------------------------------------------------------------


def test_every_plan_page_and_endpoint_is_404_to_another_agency(
    world: World, reviewers: Reviewers, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    before = snapshot(plan)
    for user in (world.outsider, reviewers.performance_b):
        client = client_for(user)
        for endpoint in plan_endpoints(plan):
            assert send(client, endpoint) == 404, (user, endpoint)
    assert snapshot(plan) == before


def test_signed_out_visitors_are_sent_to_sign_in(world: World, plan: CustomerServicePlan) -> None:
    client = Client()
    endpoints = [Endpoint("get", reverse("reporting:plan_home")), *plan_endpoints(plan)]
    for endpoint in endpoints:
        response = (
            client.get(endpoint.url) if endpoint.method == "get" else client.post(endpoint.url)
        )
        assert response.status_code == 302, endpoint
        assert response["Location"].startswith("/accounts/login/"), endpoint


def test_readers_see_the_plan_but_cannot_change_it(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    before = snapshot(plan)
    for user in (world.manager_a, world.viewer_a):
        client = client_for(user)
        page = client.get(plan_url("plan_detail", plan))
        assert page.status_code == 200
        assert "Answer faster" in page.content.decode()
        assert "Add a goal" not in page.content.decode()
        assert "Publish the plan" not in page.content.decode()
        for endpoint in plan_endpoints(plan):
            if endpoint.url != plan_url("plan_detail", plan):
                assert send(client, endpoint) == 403, (user, endpoint)
    assert snapshot(plan) == before


@pytest.mark.parametrize("editor", ["admin_a", "performance_a"])
def test_admins_and_performance_managers_edit(
    world: World,
    reviewers: Reviewers,
    plan: CustomerServicePlan,
    client_for: ClientFor,
    editor: str,
) -> None:
    user = getattr(world, editor, None) or getattr(reviewers, editor)
    client = client_for(user)
    page = client.get(plan_url("plan_detail", plan)).content.decode()
    for words in ("Add a goal", "Add a milestone", "Publish the plan", "Remove"):
        assert words in page
    for endpoint in plan_endpoints(plan):
        if endpoint.method == "get":
            assert send(client, endpoint) == 200, endpoint
    milestone = plan.milestones.get()
    milestone_page = client.get(
        plan_url("plan_part_edit", plan, kind="milestones", part_id=milestone.pk)
    ).content.decode()
    assert f'value="{milestone.due_date.isoformat()}"' in milestone_page
    response = client.post(plan_url("plan_part_add", plan, kind="goals"), {"goals-title": "New"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.updated_by == user


def test_a_part_of_another_plan_or_an_unknown_kind_is_404(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    other = complete_plan(world.a, year=this_year() - 1)
    other_goal = other.goals.get()
    client = client_for(world.admin_a)
    url = plan_url("plan_part_edit", plan, kind="goals", part_id=other_goal.pk)
    assert client.get(url).status_code == 404
    no_such_goal = plan_url("plan_part_edit", plan, kind="goals", part_id=other_goal.pk + 1000)
    assert client.get(no_such_goal).status_code == 404
    edit = plan_url("plan_edit", plan)
    assert client.get(edit.replace("edit/", "rooms/1/edit/")).status_code == 404


# --- the overview --------------------------------------------------------------------------------


def test_the_overview_lists_each_agencys_own_plans(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    make_plan(world.b, title="B's own plan")
    page = client_for(world.viewer_a).get(reverse("reporting:plan_home")).content.decode()
    assert plan.title in page
    assert "B's own plan" not in page
    assert "Start a plan" not in page
    outsider_page = client_for(world.outsider).get(reverse("reporting:plan_home"))
    assert plan.title not in outsider_page.content.decode()
    assert "B&#x27;s own plan" in outsider_page.content.decode()
    assert "Start a plan" in outsider_page.content.decode()


def test_the_overview_reads_a_fixed_number_of_queries(
    world: World,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for year in range(this_year() - 4, this_year() + 1):
        make_plan(world.a, year=year)
    client = client_for(world.admin_a)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reporting:plan_home")).status_code == 200


def test_the_plan_page_reads_a_fixed_number_of_queries(
    world: World,
    plan: CustomerServicePlan,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    goal = plan.goals.get()
    for number in range(8):
        plan_goal_add(plan=plan, fields=GoalFields(title=f"Goal {number}"), user=None)
        plan_initiative_add(
            plan=plan,
            fields=InitiativeFields(title=f"Initiative {number}", service=world.a.service),
            user=None,
        )
        plan_mechanism_add(plan=plan, fields=MechanismFields(name=f"Mechanism {number}"), user=None)
        plan_milestone_add(plan=plan, fields=milestone_fields(goal=goal), user=None)
    plan_standards_set(
        plan=plan,
        standards=[email_standard(world.a, public_wording=f"Promise {n}.") for n in range(5)],
        user=None,
    )
    client = client_for(world.admin_a)
    with django_assert_max_num_queries(20):
        page = client.get(plan_url("plan_detail", plan))
    assert page.content.decode().count("Remove<span") == 9 * 4  # nine of each kind of part


# --- plans ---------------------------------------------------------------------------------------


def plan_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "fiscal_year": this_year(),
        "title": "FY plan",
        "summary": "",
        "accountable_official_name": "Jordan Rivera",
        "accountable_official_title": "Chief Customer Experience Officer",
    }
    data.update(overrides)
    return data


def test_a_plan_is_created_from_the_page(world: World, client_for: ClientFor) -> None:
    url = reverse(
        "reporting:plan_create", kwargs={"organization_id": world.a.organization.public_id}
    )
    client = client_for(world.admin_a)
    assert client.get(url).status_code == 200
    response = client.post(url, plan_form(accountable_official_name=""))
    plan = CustomerServicePlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan_url("plan_detail", plan)
    assert (plan.organization, plan.title, plan.updated_by) == (
        world.a.organization,
        "FY plan",
        world.admin_a,
    )
    assert plan.accountable_official_name == ""


def test_a_second_plan_for_a_year_is_refused_on_the_fiscal_year_field(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    url = reverse(
        "reporting:plan_create", kwargs={"organization_id": world.a.organization.public_id}
    )
    response = client_for(world.admin_a).post(url, plan_form())
    page = response.content.decode()
    assert response.status_code == 400
    summary_line = '<a href="#id_fiscal_year">Fiscal year</a>: Agency A already has a plan'
    assert f"{summary_line} for FY{this_year()}." in page
    assert CustomerServicePlan.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (plan_form(fiscal_year="next"), "Give the fiscal year as a four-digit number"),
        (plan_form(fiscal_year=2010), "Choose a fiscal year from 2019 to"),
        (plan_form(title=""), "Give the plan a title."),
        (plan_form(title="x" * 201), "Title: keep it to at most 200 characters."),
    ],
)
def test_plan_form_errors_name_the_field(
    world: World, client_for: ClientFor, data: dict[str, object], message: str
) -> None:
    url = reverse(
        "reporting:plan_create", kwargs={"organization_id": world.a.organization.public_id}
    )
    response = client_for(world.admin_a).post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CustomerServicePlan.objects.exists()


def test_a_plan_is_edited_from_the_page(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    response = client.post(plan_url("plan_edit", plan), plan_form(title="Renamed", summary="Hi"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.summary) == ("Renamed", "Hi")


def test_a_published_plan_cannot_lose_its_official_from_the_page(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    plan_publish(plan=plan, user=None)
    response = client_for(world.admin_a).post(
        plan_url("plan_edit", plan), plan_form(accountable_official_name="")
    )
    assert response.status_code == 400
    assert (
        "Accountable official&#x27;s name</a>: A published plan needs" in response.content.decode()
    )
    plan.refresh_from_db()
    assert plan.accountable_official_name == "Jordan Rivera"


def test_next_years_plan_is_started_from_this_one(
    reviewers: Reviewers, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    client = client_for(reviewers.performance_a)
    url = plan_url("plan_copy", plan)
    page = client.get(url)
    assert f'value="{this_year() + 1}"' in page.content.decode()
    response = client.post(url, {"fiscal_year": this_year() + 1})
    copy = CustomerServicePlan.objects.get(fiscal_year=this_year() + 1)
    assert response["Location"] == plan_url("plan_detail", copy)
    assert list(copy.goals.values_list("title", flat=True)) == ["Answer faster"]
    assert not copy.milestones.exists()
    again = client.post(url, {"fiscal_year": this_year() + 1})
    assert again.status_code == 400
    assert "already has a plan for" in again.content.decode()


# --- publishing ----------------------------------------------------------------------------------


def test_publishing_an_incomplete_plan_says_what_is_missing(
    world: World, client_for: ClientFor
) -> None:
    plan = make_plan(world.a, accountable_official_title="")
    client = client_for(world.admin_a)
    page = client.get(plan_url("plan_detail", plan)).content.decode()
    assert "Before this plan can be published, add:" in page
    response = client.post(plan_url("plan_publish", plan))
    assert response.status_code == 400
    page = response.content.decode()
    for words in (
        "add the accountable official&#x27;s title",
        "add at least one goal",
        "add at least one feedback mechanism",
    ):
        assert words in page
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_a_complete_plan_is_published_and_unpublished_from_the_page(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    assert client.post(plan_url("plan_publish", plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    assert "Unpublish the plan" in client.get(plan_url("plan_detail", plan)).content.decode()
    assert client.post(plan_url("plan_publish", plan)).status_code == 400
    assert client.post(plan_url("plan_unpublish", plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_removing_the_last_goal_of_a_published_plan_is_refused_on_the_page(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    plan_publish(plan=plan, user=None)
    goal = plan.goals.get()
    response = client_for(world.admin_a).post(
        plan_url("plan_part_delete", plan, kind="goals", part_id=goal.pk)
    )
    assert response.status_code == 400
    assert "A published plan needs at least one goal" in response.content.decode()
    assert plan.goals.count() == 1


# --- the parts of a plan -------------------------------------------------------------------------


def test_each_kind_of_part_is_added_from_the_plan_page(world: World, client_for: ClientFor) -> None:
    plan = make_plan(world.a)
    client = client_for(world.admin_a)
    goal_url = plan_url("plan_part_add", plan, kind="goals")
    assert client.post(goal_url, {"goals-title": "Answer faster"}).status_code == 302
    goal = plan.goals.get()
    sent = {
        "initiatives": {
            "initiatives-title": "Online renewals",
            "initiatives-service": str(world.a.service.public_id),
        },
        "mechanisms": {"mechanisms-name": "Post-call survey", "mechanisms-channel": "phone"},
        "milestones": {
            "milestones-description": "Launch",
            "milestones-owner": "Benefits office",
            "milestones-due_date": f"{this_year()}-06-30",
            "milestones-status": "in_progress",
            "milestones-goal": str(goal.pk),
        },
    }
    for kind, data in sent.items():
        response = client.post(plan_url("plan_part_add", plan, kind=kind), data)
        assert response.status_code == 302, response.content.decode()
        assert response["Location"].endswith(f"#{kind}")
    assert plan.initiatives.get().service == world.a.service
    assert plan.feedback_mechanisms.get().channel == "phone"
    milestone = plan.milestones.get()
    assert (milestone.goal, milestone.due_date) == (goal, dt.date(this_year(), 6, 30))
    page = client.get(plan_url("plan_detail", plan)).content.decode()
    for words in ("Answer faster", "Online renewals", "Post-call survey", "Launch", "In progress"):
        assert words in page


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("goals", {"goals-title": ""}, "Give the goal a title."),
        ("initiatives", {"initiatives-title": ""}, "Give the initiative a title."),
        ("mechanisms", {"mechanisms-name": ""}, "Name the feedback mechanism."),
        (
            "mechanisms",
            {"mechanisms-name": "Survey", "mechanisms-channel": "pigeon"},
            "Choose a channel from the list.",
        ),
        (
            "milestones",
            {"milestones-description": "Launch", "milestones-owner": "Office"},
            "Give the due date as YYYY-MM-DD.",
        ),
        (
            "milestones",
            {
                "milestones-description": "Launch",
                "milestones-owner": "Office",
                "milestones-due_date": "31/12/2025",
                "milestones-status": "planned",
            },
            "Due date: Enter a real date as YYYY-MM-DD",
        ),
    ],
)
def test_part_errors_name_the_field_and_store_nothing(
    world: World, client_for: ClientFor, kind: str, data: dict[str, str], message: str
) -> None:
    plan = make_plan(world.a)
    response = client_for(world.admin_a).post(plan_url("plan_part_add", plan, kind=kind), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "was not added" in page
    assert '<details class="margin-top-2" open>' in page
    assert not plan.goals.exists()
    assert not plan.initiatives.exists()
    assert not plan.feedback_mechanisms.exists()
    assert not plan.milestones.exists()


def test_another_agencys_service_or_another_plans_goal_cannot_be_chosen(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    other = complete_plan(world.a, year=this_year() - 1)
    client = client_for(world.admin_a)
    response = client.post(
        plan_url("plan_part_add", plan, kind="initiatives"),
        {"initiatives-title": "Renewals", "initiatives-service": str(world.b.service.public_id)},
    )
    assert response.status_code == 400
    assert "Choose a service of your organization from the list." in response.content.decode()
    response = client.post(
        plan_url("plan_part_add", plan, kind="milestones"),
        {
            "milestones-description": "Launch",
            "milestones-owner": "Office",
            "milestones-due_date": "2026-01-31",
            "milestones-status": "planned",
            "milestones-goal": str(other.goals.get().pk),
        },
    )
    assert response.status_code == 400
    assert "Choose one of this plan&#x27;s goals from the list." in response.content.decode()
    assert plan.initiatives.count() == 1
    assert plan.milestones.count() == 1


def test_a_part_is_edited_moved_and_removed(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    first = plan.goals.get()
    second = plan_goal_add(plan=plan, fields=GoalFields(title="Clearer letters"), user=None)
    edit = plan_url("plan_part_edit", plan, kind="goals", part_id=first.pk)
    assert 'value="Answer faster"' in client.get(edit).content.decode()
    response = client.post(edit, {"title": "Answer much faster", "description": "Within a day"})
    assert response.status_code == 302
    bad = client.post(edit, {"title": ""})
    assert bad.status_code == 400
    assert "Give the goal a title." in bad.content.decode()
    first.refresh_from_db()
    assert (first.title, first.description) == ("Answer much faster", "Within a day")

    move = plan_url("plan_part_move", plan, kind="goals", part_id=second.pk)
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(plan.goals.values_list("title", flat=True)) == [
        "Clearer letters",
        "Answer much faster",
    ]
    client.post(move, {"direction": "sideways"})
    assert plan.goals.first() == second

    delete = plan_url("plan_part_delete", plan, kind="goals", part_id=second.pk)
    assert client.post(delete).status_code == 302
    assert list(plan.goals.all()) == [first]
    assert client.post(delete).status_code == 404


def test_a_milestone_and_a_mechanism_are_edited_with_their_choices(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    client = client_for(world.admin_a)
    milestone = plan.milestones.get()
    goal = plan.goals.get()
    url = plan_url("plan_part_edit", plan, kind="milestones", part_id=milestone.pk)
    response = client.post(
        url,
        {
            "description": "Launch online renewals",
            "owner": "Office of Benefits",
            "due_date": f"{this_year()}-09-30",
            "status": "delayed",
            "goal": str(goal.pk),
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.goal, milestone.due_date.month) == ("delayed", goal, 9)
    mechanism = plan_mechanism_add(
        plan=plan, fields=MechanismFields(name="Listening sessions"), user=None
    )
    url = plan_url("plan_part_edit", plan, kind="mechanisms", part_id=mechanism.pk)
    client.post(url, {"name": "Town halls", "channel": "in_person", "service": ""})
    mechanism.refresh_from_db()
    assert (mechanism.name, mechanism.channel, mechanism.service) == (
        "Town halls",
        "in_person",
        None,
    )


# --- standards -----------------------------------------------------------------------------------


def test_standards_are_chosen_from_the_agencys_active_ones(
    world: World, plan: CustomerServicePlan, client_for: ClientFor
) -> None:
    own = email_standard(world.a)
    retired = email_standard(world.a, public_wording="We answer letters in a week.", active=False)
    foreign = email_standard(world.b, public_wording="Agency B answers email in a day.")
    client = client_for(world.admin_a)
    page = client.get(plan_url("plan_detail", plan)).content.decode()
    assert own.public_wording in page
    assert reverse("standards:detail", kwargs={"public_id": own.public_id}) in page
    assert retired.public_wording not in page
    assert foreign.public_wording not in page

    url = plan_url("plan_standards", plan)
    refused = client.post(url, {"standards-standards": [str(foreign.public_id)]})
    assert refused.status_code == 400
    assert (
        "Standards: choose only your organization&#x27;s active standards."
        in refused.content.decode()
    )
    assert not plan.standards.exists()

    response = client.post(url, {"standards-standards": [str(own.public_id)]})
    assert response["Location"].endswith("#standards")
    assert list(plan.standards.all()) == [own]
    reader_page = client_for(world.viewer_a).get(plan_url("plan_detail", plan)).content.decode()
    assert own.public_wording in reader_page
