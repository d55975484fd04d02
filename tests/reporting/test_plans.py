"""The customer service plan, the agency contact and "you said, we did": every rule of the
services, and what the public-facing selectors return."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from govcx.lib.fiscal import fiscal_year_of
from govcx.registry.models import FIRST_VOLUME_FISCAL_YEAR, User
from govcx.reporting import plans
from govcx.reporting.models import (
    AgencyContact,
    CustomerServicePlan,
    FeedbackAction,
    FeedbackMechanism,
    MilestoneStatus,
    PlanGoal,
    PlanInitiative,
    PlanMilestone,
    PlanState,
)
from govcx.reporting.plan_selectors import (
    contact_for,
    plan_overview,
    published_actions_for,
    published_plan_for,
    published_plan_years,
)
from govcx.reporting.plans import (
    ActionFields,
    ContactFields,
    GoalFields,
    InitiativeFields,
    MechanismFields,
    MilestoneFields,
    MoveDirection,
    PlanFields,
    PlanPartKind,
    agency_contact_save,
    feedback_action_create,
    feedback_action_delete,
    feedback_action_publish,
    feedback_action_unpublish,
    feedback_action_update,
    plan_copy_to_year,
    plan_create,
    plan_goal_add,
    plan_goal_update,
    plan_initiative_add,
    plan_mechanism_add,
    plan_milestone_add,
    plan_milestone_update,
    plan_part_delete,
    plan_part_move,
    plan_parts_reorder,
    plan_publish,
    plan_standards_set,
    plan_unpublish,
    plan_update,
)
from govcx.standards.models import Standard
from tests.conftest import Agency, World
from tests.standards.standard_fixtures import email_standard


def this_year() -> int:
    return fiscal_year_of(timezone.localdate())


def make_plan(
    agency: Agency, *, user: User | None = None, year: int | None = None, **fields: Any
) -> CustomerServicePlan:
    values: dict[str, Any] = {
        "fiscal_year": year or this_year(),
        "title": f"FY{year or this_year()} Customer Service Plan",
        "summary": "Shorter waits, clearer letters.",
        "accountable_official_name": "Jordan Rivera",
        "accountable_official_title": "Chief Customer Experience Officer",
    }
    values.update(fields)
    return plan_create(organization=agency.organization, fields=PlanFields(**values), user=user)


def complete_plan(agency: Agency, *, year: int | None = None) -> CustomerServicePlan:
    """A plan with all that publishing needs: an official, a goal and a feedback mechanism."""
    plan = make_plan(agency, year=year)
    plan_goal_add(plan=plan, fields=GoalFields(title="Answer faster"), user=None)
    plan_mechanism_add(plan=plan, fields=MechanismFields(name="Post-call survey"), user=None)
    return plan


def published_plan(agency: Agency, *, year: int | None = None) -> CustomerServicePlan:
    return plan_publish(plan=complete_plan(agency, year=year), user=None)


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


A_CONTACT = ContactFields(
    representative_name="Sam Lee",
    representative_title="Customer Relations Representative",
    public_email="help@agency-a.example.gov",
    public_phone="1-800-555-0100",
    mailing_address="1 Main Street\nWashington, DC 20500",
    contact_page_url="https://agency-a.example.gov/contact",
    hours="Monday to Friday, 8 a.m. to 8 p.m. Eastern",
    guidelines="We answer within five business days.",
)


def action_fields(**overrides: Any) -> ActionFields:
    values: dict[str, Any] = {
        "you_said": "The renewal form asked for the same address twice.",
        "we_did": "We removed the second address question.",
        "action_date": timezone.localdate() - dt.timedelta(days=10),
    }
    values.update(overrides)
    return ActionFields(**values)


# --- plans ---------------------------------------------------------------------------------------


def test_a_plan_is_created_as_a_draft_with_who_made_it(world: World) -> None:
    plan = make_plan(world.a, user=world.admin_a, title="  FY plan  ")
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    assert plan.title == "FY plan"
    assert plan.updated_by == world.admin_a
    assert plan.organization == world.a.organization


def test_a_second_plan_for_the_same_year_is_refused_naming_the_fiscal_year(world: World) -> None:
    make_plan(world.a)
    with pytest.raises(ValidationError) as error:
        make_plan(world.a, title="Another")
    assert f"FY{this_year()}" in messages_of(error)["fiscal_year"][0]
    assert CustomerServicePlan.objects.filter(organization=world.a.organization).count() == 1


def test_a_plan_saved_for_the_same_year_meanwhile_is_refused_too(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people create the same year's plan at once: the database's constraint decides."""
    make_plan(world.a)
    monkeypatch.setattr(plans, "_fiscal_year_problems", lambda *args: [])
    with pytest.raises(ValidationError) as error:
        make_plan(world.a, title="Another")
    assert "already has a plan" in messages_of(error)["fiscal_year"][0]
    assert CustomerServicePlan.objects.count() == 1


def test_another_agency_may_plan_the_same_year(world: World) -> None:
    make_plan(world.a)
    assert make_plan(world.b).fiscal_year == this_year()


@pytest.mark.parametrize("offset", [None, 2])
def test_a_year_before_a11_or_beyond_the_coming_one_is_refused(world: World, offset: int) -> None:
    year = FIRST_VOLUME_FISCAL_YEAR - 1 if offset is None else this_year() + offset
    with pytest.raises(ValidationError) as error:
        make_plan(world.a, year=year)
    assert "fiscal year" in messages_of(error)["fiscal_year"][0]
    assert not CustomerServicePlan.objects.exists()


def test_the_coming_year_may_be_planned(world: World) -> None:
    assert make_plan(world.a, year=this_year() + 1).fiscal_year == this_year() + 1


def test_a_plan_needs_a_title(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        make_plan(world.a, title="  ")
    assert messages_of(error) == {"title": ["Give the plan a title."]}


def test_a_draft_may_wait_for_its_accountable_official(world: World) -> None:
    plan = make_plan(world.a, accountable_official_name="", accountable_official_title="")
    assert plan.pk is not None
    assert plan.accountable_official_name == ""


def test_updating_a_plan_keeps_its_own_year_but_not_another_plans(world: World) -> None:
    plan = make_plan(world.a)
    make_plan(world.a, year=this_year() - 1)
    fields = PlanFields(fiscal_year=this_year(), title="Renamed")
    plan_update(plan=plan, fields=fields, user=world.admin_a)
    plan.refresh_from_db()
    assert (plan.title, plan.updated_by) == ("Renamed", world.admin_a)
    with pytest.raises(ValidationError) as error:
        plan_update(plan=plan, fields=PlanFields(this_year() - 1, "Renamed"), user=None)
    assert "fiscal_year" in messages_of(error)
    plan.refresh_from_db()
    assert plan.fiscal_year == this_year()


# --- publishing ----------------------------------------------------------------------------------


def test_publishing_says_everything_that_is_missing(world: World) -> None:
    plan = make_plan(world.a, accountable_official_name="", accountable_official_title="")
    with pytest.raises(ValidationError) as error:
        plan_publish(plan=plan, user=world.admin_a)
    assert messages_of(error) == {
        "accountable_official_name": ["Before publishing, add the accountable official's name."],
        "accountable_official_title": ["Before publishing, add the accountable official's title."],
        "goals": ["Before publishing, add at least one goal."],
        "feedback_mechanisms": ["Before publishing, add at least one feedback mechanism."],
    }
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_publishing_a_plan_without_a_feedback_mechanism_names_only_that(world: World) -> None:
    plan = make_plan(world.a)
    plan_goal_add(plan=plan, fields=GoalFields(title="Answer faster"), user=None)
    with pytest.raises(ValidationError) as error:
        plan_publish(plan=plan, user=None)
    assert list(messages_of(error)) == ["feedback_mechanisms"]


def test_a_complete_plan_is_published_and_unpublished(world: World) -> None:
    plan = complete_plan(world.a)
    plan_publish(plan=plan, user=world.admin_a)
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    assert plan.published_at is not None
    assert plan.updated_by == world.admin_a
    with pytest.raises(ValidationError) as error:
        plan_publish(plan=plan, user=None)
    assert "already published" in messages_of(error)["state"][0]
    plan_unpublish(plan=plan, user=world.viewer_a)
    plan.refresh_from_db()
    assert (plan.state, plan.updated_by) == (PlanState.DRAFT, world.viewer_a)
    assert CustomerServicePlan.objects.get(pk=plan.pk).published_at is None
    with pytest.raises(ValidationError) as error:
        plan_unpublish(plan=plan, user=None)
    assert "not published" in messages_of(error)["state"][0]


def test_a_published_plan_keeps_its_last_goal_and_mechanism(world: World) -> None:
    plan = published_plan(world.a)
    goal = plan.goals.get()
    mechanism = plan.feedback_mechanisms.get()
    with pytest.raises(ValidationError) as error:
        plan_part_delete(part=goal, user=None)
    assert "unpublish" in messages_of(error)["goals"][0]
    with pytest.raises(ValidationError) as error:
        plan_part_delete(part=mechanism, user=None)
    assert "feedback_mechanisms" in messages_of(error)
    assert plan.goals.count() == 1
    assert plan.feedback_mechanisms.count() == 1


def test_a_published_plan_may_lose_a_goal_while_another_remains(world: World) -> None:
    plan = published_plan(world.a)
    second = plan_goal_add(plan=plan, fields=GoalFields(title="Clearer letters"), user=None)
    plan_part_delete(part=second, user=world.admin_a)
    assert list(plan.goals.values_list("title", flat=True)) == ["Answer faster"]


def test_a_published_plan_keeps_its_accountable_official(world: World) -> None:
    plan = published_plan(world.a)
    fields = PlanFields(fiscal_year=plan.fiscal_year, title=plan.title)
    with pytest.raises(ValidationError) as error:
        plan_update(plan=plan, fields=fields, user=None)
    assert set(messages_of(error)) == {"accountable_official_name", "accountable_official_title"}
    plan.refresh_from_db()
    assert plan.accountable_official_name == "Jordan Rivera"


# --- copying a plan into a new year --------------------------------------------------------------


def test_copying_carries_goals_initiatives_mechanisms_and_active_standards(world: World) -> None:
    year = this_year() - 1
    plan = published_plan(world.a, year=year)
    plan_goal_add(
        plan=plan, fields=GoalFields(title="Clearer letters", description="Plain"), user=None
    )
    plan_initiative_add(
        plan=plan,
        fields=InitiativeFields(title="Online renewals", service=world.a.service),
        user=None,
    )
    plan_mechanism_add(
        plan=plan,
        fields=MechanismFields(name="Listening sessions", channel="in_person"),
        user=None,
    )
    plan_milestone_add(plan=plan, fields=milestone_fields(), user=None)
    active = email_standard(world.a)
    retired = email_standard(world.a, public_wording="We answer letters in a week.")
    plan_standards_set(plan=plan, standards=[active, retired], user=None)
    Standard.objects.filter(pk=retired.pk).update(active=False)

    copy = plan_copy_to_year(plan=plan, fiscal_year=year + 1, user=world.admin_a)

    assert copy.state == PlanState.DRAFT
    assert copy.title == f"FY{year + 1} Customer Service Plan"
    assert copy.updated_by == world.admin_a
    assert copy.accountable_official_name == "Jordan Rivera"
    assert [(g.title, g.description) for g in copy.goals.all()] == [
        ("Answer faster", ""),
        ("Clearer letters", "Plain"),
    ]
    assert [(i.title, i.service) for i in copy.initiatives.all()] == [
        ("Online renewals", world.a.service)
    ]
    assert [(m.name, m.channel) for m in copy.feedback_mechanisms.all()] == [
        ("Post-call survey", ""),
        ("Listening sessions", "in_person"),
    ]
    assert list(copy.standards.all()) == [active]
    assert not copy.milestones.exists()
    assert plan.goals.count() == 2  # the source is untouched


def test_copying_into_a_year_already_planned_stores_nothing(world: World) -> None:
    plan = complete_plan(world.a, year=this_year() - 1)
    make_plan(world.a)
    with pytest.raises(ValidationError) as error:
        plan_copy_to_year(plan=plan, fiscal_year=this_year(), user=None)
    assert "fiscal_year" in messages_of(error)
    assert PlanGoal.objects.count() == 1
    assert CustomerServicePlan.objects.count() == 2


# --- goals and their order -----------------------------------------------------------------------


def titles(plan: CustomerServicePlan) -> list[str]:
    return list(plan.goals.values_list("title", flat=True))


def test_goals_are_added_in_order_and_record_who_changed_the_plan(world: World) -> None:
    plan = make_plan(world.a)
    for title in ("One", "Two", "Three"):
        plan_goal_add(plan=plan, fields=GoalFields(title=title), user=world.admin_a)
    assert titles(plan) == ["One", "Two", "Three"]
    assert list(plan.goals.values_list("position", flat=True)) == [0, 1, 2]
    plan.refresh_from_db()
    assert plan.updated_by == world.admin_a


def test_a_goal_needs_a_title(world: World) -> None:
    plan = make_plan(world.a)
    with pytest.raises(ValidationError) as error:
        plan_goal_add(plan=plan, fields=GoalFields(title=" "), user=None)
    assert messages_of(error) == {"title": ["Give the goal a title."]}
    goal = plan_goal_add(plan=plan, fields=GoalFields(title="Kept"), user=None)
    with pytest.raises(ValidationError):
        plan_goal_update(goal=goal, fields=GoalFields(title=""), user=None)
    assert titles(plan) == ["Kept"]


def test_goals_move_up_and_down_and_stop_at_the_ends(world: World) -> None:
    plan = make_plan(world.a)
    one, two, three = (
        plan_goal_add(plan=plan, fields=GoalFields(title=title), user=None)
        for title in ("One", "Two", "Three")
    )
    plan_part_move(part=three, direction=MoveDirection.UP, user=None)
    assert titles(plan) == ["One", "Three", "Two"]
    plan_part_move(part=one, direction=MoveDirection.DOWN, user=None)
    assert titles(plan) == ["Three", "One", "Two"]
    plan_part_move(part=two, direction=MoveDirection.DOWN, user=None)
    assert titles(plan) == ["Three", "One", "Two"]


def test_reordering_must_name_each_part_of_the_plan_once(world: World) -> None:
    plan = make_plan(world.a)
    other = make_plan(world.b)
    one = plan_goal_add(plan=plan, fields=GoalFields(title="One"), user=None)
    two = plan_goal_add(plan=plan, fields=GoalFields(title="Two"), user=None)
    foreign = plan_goal_add(plan=other, fields=GoalFields(title="B's"), user=None)
    for order in ([one.pk], [one.pk, one.pk], [one.pk, foreign.pk]):
        with pytest.raises(ValidationError) as error:
            plan_parts_reorder(plan=plan, kind=PlanPartKind.GOALS, ordered_ids=order, user=None)
        assert "order" in messages_of(error)
    plan_parts_reorder(plan=plan, kind=PlanPartKind.GOALS, ordered_ids=[two.pk, one.pk], user=None)
    assert titles(plan) == ["Two", "One"]
    assert titles(other) == ["B's"]


# --- initiatives, mechanisms and milestones ------------------------------------------------------


def test_an_initiative_names_a_service_of_the_same_agency_only(world: World) -> None:
    plan = make_plan(world.a)
    fields = InitiativeFields(title="Online renewals", service=world.b.service)
    with pytest.raises(ValidationError) as error:
        plan_initiative_add(plan=plan, fields=fields, user=None)
    assert messages_of(error) == {"service": ["Choose a service of Agency A."]}
    assert not PlanInitiative.objects.exists()
    with pytest.raises(ValidationError) as error:
        plan_initiative_add(plan=plan, fields=InitiativeFields(title=""), user=None)
    assert "title" in messages_of(error)


def test_a_mechanism_needs_a_name_a_known_channel_and_its_agencys_service(world: World) -> None:
    plan = make_plan(world.a)
    cases = [
        (MechanismFields(name=""), "name"),
        (MechanismFields(name="Survey", channel="carrier_pigeon"), "channel"),
        (MechanismFields(name="Survey", service=world.b.service), "service"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            plan_mechanism_add(plan=plan, fields=fields, user=None)
        assert list(messages_of(error)) == [field]
    assert not FeedbackMechanism.objects.exists()
    mechanism = plan_mechanism_add(
        plan=plan,
        fields=MechanismFields(name="Survey", channel="phone", service=world.a.service),
        user=None,
    )
    assert (mechanism.channel, mechanism.service) == ("phone", world.a.service)


def milestone_fields(**overrides: Any) -> MilestoneFields:
    values: dict[str, Any] = {
        "description": "Launch online renewals",
        "owner": "Office of Benefits",
        "due_date": dt.date(this_year(), 3, 31),
    }
    values.update(overrides)
    return MilestoneFields(**values)


def test_a_milestones_goal_must_be_of_the_same_plan(world: World) -> None:
    plan = make_plan(world.a)
    other = make_plan(world.a, year=this_year() - 1)
    foreign_goal = plan_goal_add(plan=other, fields=GoalFields(title="Last year's"), user=None)
    with pytest.raises(ValidationError) as error:
        plan_milestone_add(plan=plan, fields=milestone_fields(goal=foreign_goal), user=None)
    assert messages_of(error) == {"goal": ["Choose one of this plan's goals, or none."]}
    assert not PlanMilestone.objects.exists()


def test_a_milestone_needs_a_description_an_owner_and_a_known_status(world: World) -> None:
    plan = make_plan(world.a)
    cases = [
        (milestone_fields(description=""), "description"),
        (milestone_fields(owner=" "), "owner"),
        (milestone_fields(status="forgotten"), "status"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            plan_milestone_add(plan=plan, fields=fields, user=None)
        assert list(messages_of(error)) == [field]
    assert not PlanMilestone.objects.exists()


def test_a_milestone_is_stored_updated_and_outlives_its_goal(world: World) -> None:
    plan = make_plan(world.a)
    goal = plan_goal_add(plan=plan, fields=GoalFields(title="Answer faster"), user=None)
    milestone = plan_milestone_add(plan=plan, fields=milestone_fields(goal=goal), user=None)
    plan_milestone_update(
        milestone=milestone,
        fields=milestone_fields(goal=goal, status=MilestoneStatus.DONE),
        user=world.admin_a,
    )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.goal) == (MilestoneStatus.DONE, goal)
    plan_part_delete(part=goal, user=None)
    milestone.refresh_from_db()
    assert milestone.goal is None


# --- standards -----------------------------------------------------------------------------------


def test_a_plan_links_only_its_own_agencys_active_standards(world: World) -> None:
    plan = make_plan(world.a)
    own = email_standard(world.a)
    foreign = email_standard(world.b)
    retired = email_standard(world.a, public_wording="We answer letters in a week.", active=False)
    for standards, words in (([own, foreign], "not a standard of"), ([retired], "no longer")):
        with pytest.raises(ValidationError) as error:
            plan_standards_set(plan=plan, standards=standards, user=None)
        assert words in messages_of(error)["standards"][0]
        assert not plan.standards.exists()
    plan_standards_set(plan=plan, standards=[own], user=world.admin_a)
    assert list(plan.standards.all()) == [own]


def test_a_standard_retired_after_linking_may_stay_linked(world: World) -> None:
    plan = make_plan(world.a)
    standard = email_standard(world.a)
    plan_standards_set(plan=plan, standards=[standard], user=None)
    Standard.objects.filter(pk=standard.pk).update(active=False)
    standard.refresh_from_db()
    plan_standards_set(plan=plan, standards=[standard], user=None)
    assert list(plan.standards.all()) == [standard]
    plan_standards_set(plan=plan, standards=[], user=None)
    assert not plan.standards.exists()


# --- the agency contact --------------------------------------------------------------------------


def test_the_contact_is_one_per_agency_and_records_who_saved_it(world: World) -> None:
    first = agency_contact_save(
        organization=world.a.organization, fields=A_CONTACT, user=world.admin_a
    )
    changed = ContactFields(representative_name="Alex Kim", public_phone="(202) 555-0199")
    second = agency_contact_save(
        organization=world.a.organization, fields=changed, user=world.viewer_a
    )
    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.representative_name, second.public_email, second.updated_by) == (
        "Alex Kim",
        "",
        world.viewer_a,
    )
    assert AgencyContact.objects.count() == 1


def test_the_contact_needs_a_representative(world: World) -> None:
    fields = ContactFields(representative_name=" ", public_email="help@agency.example.gov")
    with pytest.raises(ValidationError) as error:
        agency_contact_save(organization=world.a.organization, fields=fields, user=None)
    assert messages_of(error) == {
        "representative_name": ["Name the customer relations representative."]
    }
    assert not AgencyContact.objects.exists()


def test_the_contact_needs_a_public_way_to_reach_the_agency(world: World) -> None:
    fields = ContactFields(representative_name="Sam Lee", hours="Always", tty_phone="711 555 0100")
    with pytest.raises(ValidationError) as error:
        agency_contact_save(organization=world.a.organization, fields=fields, user=None)
    (message,) = messages_of(error)["public_email"]
    for way in ("email", "phone", "mailing address", "contact page"):
        assert way in message
    assert not AgencyContact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("public_email", "help@agency.example.gov"),
        ("public_phone", "+1 (800) 555-0100 ext. 12"),
        ("mailing_address", "1 Main Street"),
        ("contact_page_url", "https://agency.example.gov/contact"),
    ],
)
def test_any_one_public_way_is_enough(world: World, field: str, value: str) -> None:
    fields = ContactFields(representative_name="Sam Lee", **{field: value})
    contact = agency_contact_save(organization=world.a.organization, fields=fields, user=None)
    assert getattr(contact, field) == value


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("public_phone", "call us"),
        ("public_phone", "555-01"),
        ("tty_phone", "TTY please"),
        ("contact_page_url", "http://agency.example.gov/contact"),
        ("public_email", "not-an-address"),
        ("representative_email", "sam@"),
    ],
)
def test_contact_details_in_a_wrong_form_are_refused(world: World, field: str, value: str) -> None:
    fields = ContactFields(
        representative_name="Sam Lee", mailing_address="1 Main Street", **{field: value}
    )
    with pytest.raises(ValidationError) as error:
        agency_contact_save(organization=world.a.organization, fields=fields, user=None)
    assert list(messages_of(error)) == [field]
    assert not AgencyContact.objects.exists()


# --- "you said, we did" --------------------------------------------------------------------------


def test_an_action_is_created_unpublished_then_edited_published_and_deleted(world: World) -> None:
    action = feedback_action_create(
        organization=world.a.organization,
        fields=action_fields(service=world.a.service),
        user=world.admin_a,
    )
    assert (action.published, action.created_by, action.service) == (
        False,
        world.admin_a,
        world.a.service,
    )
    feedback_action_update(action=action, fields=action_fields(we_did="Fixed it."), user=None)
    feedback_action_publish(action=action, user=None)
    action.refresh_from_db()
    assert (action.we_did, action.service, action.published) == ("Fixed it.", None, True)
    with pytest.raises(ValidationError) as error:
        feedback_action_publish(action=action, user=None)
    assert "already published" in messages_of(error)["published"][0]
    feedback_action_unpublish(action=action, user=None)
    action.refresh_from_db()
    assert not action.published
    with pytest.raises(ValidationError) as error:
        feedback_action_unpublish(action=action, user=None)
    assert "published" in messages_of(error)
    feedback_action_delete(action=action, user=None)
    assert not FeedbackAction.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"you_said": "  "}, "you_said"),
        ({"we_did": ""}, "we_did"),
        ({"we_did": "x" * 2001}, "we_did"),
        ({"action_date": timezone.localdate() + dt.timedelta(days=2)}, "action_date"),
    ],
)
def test_an_action_is_refused_naming_its_wrong_field(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        feedback_action_create(
            organization=world.a.organization, fields=action_fields(**overrides), user=None
        )
    assert list(messages_of(error)) == [field]
    assert not FeedbackAction.objects.exists()


def test_an_actions_service_must_be_of_the_same_agency(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        feedback_action_create(
            organization=world.a.organization,
            fields=action_fields(service=world.b.service),
            user=None,
        )
    assert messages_of(error) == {"service": ["Choose a service of Agency A."]}


# --- what the public site reads ------------------------------------------------------------------


def test_the_public_reads_only_published_plans_latest_first(world: World) -> None:
    assert published_plan_for(world.a.organization) is None
    older = published_plan(world.a, year=this_year() - 1)
    make_plan(world.a)  # this year's is still a draft
    published_plan(world.b)
    assert published_plan_for(world.a.organization) == older
    assert published_plan_for(world.a.organization, this_year()) is None
    assert published_plan_for(world.a.organization, this_year() - 1) == older
    assert published_plan_years(world.a.organization) == [this_year() - 1]
    current = CustomerServicePlan.objects.get(
        organization=world.a.organization, fiscal_year=this_year()
    )
    plan_goal_add(plan=current, fields=GoalFields(title="Answer faster"), user=None)
    plan_mechanism_add(plan=current, fields=MechanismFields(name="Survey"), user=None)
    plan_publish(plan=current, user=None)
    assert published_plan_for(world.a.organization) == current
    assert published_plan_years(world.a.organization) == [this_year(), this_year() - 1]


def test_the_public_reads_the_agencys_own_contact(world: World) -> None:
    assert contact_for(world.a.organization) is None
    contact = agency_contact_save(organization=world.a.organization, fields=A_CONTACT, user=None)
    assert contact_for(world.a.organization) == contact
    assert contact_for(world.b.organization) is None


def test_the_public_reads_only_published_actions_newest_first(world: World) -> None:
    today = timezone.localdate()
    made = [
        feedback_action_create(
            organization=agency.organization,
            fields=action_fields(action_date=today - dt.timedelta(days=days)),
            user=None,
        )
        for agency, days in ((world.a, 30), (world.a, 5), (world.a, 1), (world.b, 2))
    ]
    for action in (made[0], made[1], made[3]):
        feedback_action_publish(action=action, user=None)
    assert list(published_actions_for(world.a.organization)) == [made[1], made[0]]


def test_the_overview_shows_each_agency_only_its_own(world: World) -> None:
    make_plan(world.a)
    make_plan(world.b)
    feedback_action_create(organization=world.b.organization, fields=action_fields(), user=None)
    (entry,) = plan_overview(world.outsider)
    assert entry.organization == world.b.organization
    assert entry.can_edit
    assert [plan.organization for plan in entry.plans] == [world.b.organization]
    assert entry.action_count == 1
    (reader_entry,) = plan_overview(world.viewer_a)
    assert not reader_entry.can_edit
    assert reader_entry.action_count == 0
