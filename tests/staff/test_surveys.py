"""Creating surveys from templates and running their lifecycle from the staff pages."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govcx.registry.models import Role
from govcx.registry.services import membership_grant
from govcx.surveys.models import Survey, SurveyGrantLevel, SurveyState, SurveyTransition
from govcx.surveys.services import survey_create_from_template, survey_grant, survey_publish
from tests.conftest import World, make_agency, make_user
from tests.responses.helpers import submit
from tests.staff.helpers import ClientFor

NEW = "/staff/surveys/new/"


def detail_url(survey: Survey) -> str:
    return f"/staff/surveys/{survey.public_id}/"


def action(client: Client, survey: Survey, name: str, reason: str = "") -> str:
    """Post a lifecycle action and return the page the user lands on."""
    reply = client.post(f"{detail_url(survey)}{name}/", {"reason": reason}, follow=True)
    assert reply.status_code == 200
    return reply.content.decode()


def new_draft(world: World, template_key: str = "a11_v2_likert") -> Survey:
    return survey_create_from_template(
        organization=world.a.organization,
        service=world.a.service,
        template_key=template_key,
        user=world.manager_a,
    )


def require_approval(world: World) -> None:
    world.a.organization.require_survey_approval = True
    world.a.organization.save(update_fields=["require_survey_approval"])


# --- creation ----------------------------------------------------------------------------------


def test_a_manager_creates_a_survey_from_a_template(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.manager_a).post(
        NEW,
        {
            "organization": str(world.a.organization.public_id),
            "service": str(world.a.service.public_id),
            "template": "a11_v1",
            "title": "Benefits, how did we do?",
        },
    )
    survey = Survey.objects.get(title="Benefits, how did we do?")
    assert reply.status_code == 302
    assert reply["Location"] == detail_url(survey)
    assert (survey.organization, survey.service) == (world.a.organization, world.a.service)
    assert (survey.kind, survey.state, survey.created_by) == (
        "a11_v1",
        SurveyState.CREATED,
        world.manager_a,
    )
    keys = [question.key for question in survey.build_structure().questions()]
    assert keys[:2] == ["satisfaction", "trust"]


def test_an_empty_title_takes_the_templates_with_the_service_name(
    world: World, client_for: ClientFor
) -> None:
    client_for(world.admin_a).post(
        NEW,
        {
            "organization": str(world.a.organization.public_id),
            "service": str(world.a.service.public_id),
            "template": "yes_no",
            "title": "",
        },
    )
    assert Survey.objects.filter(
        organization=world.a.organization, kind="yes_no", title="Was this page helpful?"
    ).exists()


def test_the_form_offers_only_the_users_organizations_and_templates(
    world: World, client_for: ClientFor
) -> None:
    content = client_for(world.manager_a).get(NEW).content.decode()
    assert str(world.a.organization.public_id) in content
    assert str(world.a.service.public_id) in content
    assert str(world.b.organization.public_id) not in content
    assert str(world.b.service.public_id) not in content
    for key in ("a11_v1", "a11_v2_thumbs", "a11_v2_likert", "yes_no", "open_ended"):
        assert f'value="{key}"' in content


def test_bad_input_is_shown_per_field_and_creates_nothing(
    world: World, client_for: ClientFor
) -> None:
    before = Survey.objects.count()
    reply = client_for(world.manager_a).post(
        NEW, {"organization": "not-an-id", "service": "", "template": "nope", "title": "x" * 201}
    )
    assert reply.status_code == 400
    content = reply.content.decode()
    assert 'id="id_organization-error"' in content
    assert "Choose one of your organizations from the list." in content
    assert "Choose the service this survey asks about." in content
    assert "Choose one of the templates listed." in content
    assert "Keep the title to at most 200 characters." in content
    assert 'aria-invalid="true"' in content
    assert Survey.objects.count() == before


def test_a_service_of_another_organization_is_refused(world: World, client_for: ClientFor) -> None:
    """Both organizations are the user's, but the service must belong to the one chosen."""
    other = make_agency("Agency C", "AGC", "agency-c")
    membership_grant(
        user=world.manager_a, organization=other.organization, role=Role.SURVEY_MANAGER
    )
    before = Survey.objects.count()
    reply = client_for(world.manager_a).post(
        NEW,
        {
            "organization": str(world.a.organization.public_id),
            "service": str(other.service.public_id),
            "template": "a11_v1",
        },
    )
    assert reply.status_code == 400
    assert "Choose a service of Agency A." in reply.content.decode()
    assert Survey.objects.count() == before


def test_the_outsider_cannot_create_in_agency_a(world: World, client_for: ClientFor) -> None:
    before = Survey.objects.count()
    reply = client_for(world.outsider).post(
        NEW,
        {
            "organization": str(world.a.organization.public_id),
            "service": str(world.a.service.public_id),
            "template": "a11_v1",
        },
    )
    assert reply.status_code == 400
    assert world.a.organization.name not in reply.content.decode()
    assert Survey.objects.count() == before


def test_a_response_viewer_cannot_create_surveys(world: World, client_for: ClientFor) -> None:
    client = client_for(world.viewer_a)
    before = Survey.objects.count()
    assert client.get(NEW).status_code == 403
    reply = client.post(
        NEW,
        {
            "organization": str(world.a.organization.public_id),
            "service": str(world.a.service.public_id),
            "template": "a11_v1",
        },
    )
    assert reply.status_code == 403
    assert Survey.objects.count() == before
    assert "Create a survey" not in client.get("/staff/surveys/").content.decode()


# --- lifecycle without approval ----------------------------------------------------------------


def test_a_manager_runs_the_lifecycle(world: World, client_for: ClientFor) -> None:
    survey = new_draft(world)
    client = client_for(world.manager_a)
    assert "The survey was published." in action(client, survey, "publish")
    survey.refresh_from_db()
    assert survey.state == SurveyState.PUBLISHED
    assert survey.current_version is not None
    assert survey.current_version.number == 1

    content = action(client, survey, "archive", reason="Service retired")
    assert "The survey was archived" in content
    assert "Service retired" in content
    assert "The survey was reopened as a draft." in action(client, survey, "reopen")
    survey.refresh_from_db()
    assert survey.state == SurveyState.CREATED
    history = list(
        SurveyTransition.objects.filter(survey=survey)
        .order_by("created_at", "pk")
        .values_list("from_state", "to_state", "user__username", "reason")
    )
    assert history == [
        ("created", "published", "manager_a", ""),
        ("published", "archived", "manager_a", "Service retired"),
        ("archived", "created", "manager_a", ""),
    ]


def test_the_detail_page_shows_history_questions_and_versions(
    world: World, client_for: ClientFor
) -> None:
    survey = new_draft(world)
    client = client_for(world.manager_a)
    action(client, survey, "publish")
    content = action(client, survey, "archive", reason="Replaced by a new survey")
    assert "manager_a" in content
    assert "Replaced by a new survey" in content
    assert "Version 1" in content
    assert "What went well?" in content
    assert "<code>drivers_negative</code>" in content
    assert "Submit for approval" not in content  # this organization needs no approval


def test_copy_makes_a_new_draft_and_opens_it(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.manager_a).post(f"{detail_url(world.a.survey)}copy/")
    copy = Survey.objects.get(title=f"Copy of {world.a.survey.title}")
    assert reply.status_code == 302
    assert reply["Location"] == detail_url(copy)
    assert copy.state == SurveyState.CREATED
    assert copy.organization == world.a.organization


def test_a_rule_the_service_refuses_is_shown_as_an_error(
    world: World, client_for: ClientFor
) -> None:
    content = action(client_for(world.manager_a), world.a.survey, "publish")
    assert "A survey that is published cannot become published." in content
    assert "usa-alert--error" in content


def test_submit_is_refused_where_no_approval_is_needed(world: World, client_for: ClientFor) -> None:
    survey = new_draft(world)
    content = action(client_for(world.manager_a), survey, "submit")
    assert "publishes surveys without an approval step" in content
    survey.refresh_from_db()
    assert survey.state == SurveyState.CREATED


def test_an_unknown_action_is_not_found(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.admin_a).post(f"{detail_url(world.a.survey)}explode/")
    assert reply.status_code == 404


def test_actions_are_posted_only(world: World, client_for: ClientFor) -> None:
    reply = client_for(world.admin_a).get(f"{detail_url(world.a.survey)}archive/")
    assert reply.status_code == 405
    world.a.survey.refresh_from_db()
    assert world.a.survey.state == SurveyState.PUBLISHED


def test_a_response_viewer_sees_surveys_but_cannot_change_them(
    world: World, client_for: ClientFor
) -> None:
    survey = new_draft(world)
    client = client_for(world.viewer_a)
    page = client.get(detail_url(survey)).content.decode()
    assert survey.title in page
    assert '<form method="post"' not in page.split('id="main-content"')[1]
    for name in ("publish", "archive", "copy", "approve", "return"):
        assert client.post(f"{detail_url(survey)}{name}/", {"reason": "x"}).status_code == 403
    survey.refresh_from_db()
    assert survey.state == SurveyState.CREATED
    assert not survey.transitions.exists()


def test_csrf_is_required_for_actions(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin_a)
    reply = client.post(f"{detail_url(world.a.survey)}archive/")
    assert reply.status_code == 403
    world.a.survey.refresh_from_db()
    assert world.a.survey.state == SurveyState.PUBLISHED


# --- lifecycle with approval -------------------------------------------------------------------


def test_approval_flow_submit_approve_publish(world: World, client_for: ClientFor) -> None:
    require_approval(world)
    survey = new_draft(world)
    manager, admin = client_for(world.manager_a), client_for(world.admin_a)

    page = manager.get(detail_url(survey)).content.decode()
    assert "Submit for approval" in page
    assert ">Publish<" not in page
    assert "This organization requires approval" in action(manager, survey, "publish")

    assert "submitted for approval" in action(manager, survey, "submit")
    assert manager.post(f"{detail_url(survey)}approve/").status_code == 403
    survey.refresh_from_db()
    assert survey.state == SurveyState.SUBMITTED

    assert ">Approve<" in admin.get(detail_url(survey)).content.decode()
    assert "The survey was approved." in action(admin, survey, "approve")
    assert "The survey was published." in action(manager, survey, "publish")
    survey.refresh_from_db()
    assert survey.state == SurveyState.PUBLISHED
    history = list(
        survey.transitions.order_by("created_at", "pk").values_list(
            "from_state", "to_state", "user__username"
        )
    )
    assert history == [
        ("created", "submitted", "manager_a"),
        ("submitted", "approved", "admin_a"),
        ("approved", "published", "manager_a"),
    ]


def test_an_admin_returns_a_survey_with_a_reason(world: World, client_for: ClientFor) -> None:
    require_approval(world)
    survey = new_draft(world)
    manager, admin = client_for(world.manager_a), client_for(world.admin_a)
    action(manager, survey, "submit")
    assert manager.post(f"{detail_url(survey)}return/", {"reason": "x"}).status_code == 403

    assert "Say why the survey is being returned." in action(admin, survey, "return", reason=" ")
    survey.refresh_from_db()
    assert survey.state == SurveyState.SUBMITTED

    content = action(admin, survey, "return", reason="Add the OMB control number.")
    assert "returned to its authors" in content
    assert "Add the OMB control number." in content
    survey.refresh_from_db()
    assert survey.state == SurveyState.CREATED
    last = survey.transitions.order_by("-created_at", "-pk").first()
    assert last is not None
    assert (last.user, last.reason) == (world.admin_a, "Add the OMB control number.")


def test_a_manager_of_another_organization_cannot_approve(
    world: World, client_for: ClientFor
) -> None:
    require_approval(world)
    survey = new_draft(world)
    action(client_for(world.manager_a), survey, "submit")
    reply = client_for(world.outsider).post(f"{detail_url(survey)}approve/")
    assert reply.status_code == 404
    survey.refresh_from_db()
    assert survey.state == SurveyState.SUBMITTED


# --- list --------------------------------------------------------------------------------------


def test_the_survey_list_shows_counts_versions_and_public_links(
    world: World, client_for: ClientFor
) -> None:
    submit(world.a.survey)
    submit(world.a.survey)
    draft = new_draft(world)
    content = client_for(world.viewer_a).get("/staff/surveys/").content.decode()
    assert f'href="/s/{world.a.survey.public_id}/"' in content
    assert draft.title in content
    assert "Not published" in content
    assert "Version 1" in content
    row = content.split(f'href="{detail_url(world.a.survey)}"')[1].split("</tr>")[0]
    assert '<td class="text-right">2</td>' in row
    draft_row = content.split(f'href="{detail_url(draft)}"')[1].split("</tr>")[0]
    assert '<td class="text-right">0</td>' in draft_row


def test_the_survey_list_does_not_query_per_survey(world: World, client_for: ClientFor) -> None:
    client = client_for(world.admin_a)
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/surveys/")
    for _ in range(5):
        submit(new_and_published(world))
    with CaptureQueriesContext(connection) as many:
        reply = client.get("/staff/surveys/")
    assert reply.status_code == 200
    assert len(many) == len(few)


def new_and_published(world: World) -> Survey:
    survey = new_draft(world, "a11_v2_thumbs")
    return survey_publish(survey=survey, user=world.manager_a)


def test_a_survey_grant_lets_a_user_manage_that_survey_but_not_create(
    world: World, client_for: ClientFor
) -> None:
    contractor = make_user("contractor")
    survey = new_draft(world)
    survey_grant(survey=survey, user=contractor, level=SurveyGrantLevel.MANAGER)
    client = client_for(contractor)
    assert client.get(NEW).status_code == 403
    assert "The survey was published." in action(client, survey, "publish")
    assert client.get(detail_url(world.a.v1_survey)).status_code == 404
