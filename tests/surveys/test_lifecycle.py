"""created → submitted → approved → published → archived, approval only when the agency asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from govcx.surveys.models import Survey, SurveyState, SurveyTransition
from govcx.surveys.selectors import is_open_for_responses
from govcx.surveys.services import (
    SurveyError,
    survey_approve,
    survey_archive,
    survey_copy,
    survey_create,
    survey_create_from_template,
    survey_publish,
    survey_question_add,
    survey_reopen,
    survey_return,
    survey_submit,
    survey_update_details,
    surveys_archive_expired,
)
from govcx.surveys.structure import Page, Question, QuestionType, SurveyStructure
from tests.conftest import World

TODAY = dt.date(2026, 11, 22)


def new_survey(world: World, **fields: object) -> Survey:
    survey = survey_create_from_template(
        organization=world.a.organization,
        service=world.a.service,
        template_key="a11_v2_thumbs",
        user=world.manager_a,
    )
    if fields:
        Survey.objects.filter(pk=survey.pk).update(**fields)
        survey.refresh_from_db()
    return survey


def test_publish_without_approval_freezes_a_version(world: World) -> None:
    survey = new_survey(world)
    survey_publish(survey=survey, user=world.manager_a, today=TODAY)
    survey.refresh_from_db()
    assert survey.state == SurveyState.PUBLISHED
    assert survey.current_version is not None
    assert survey.current_version.number == 1
    assert survey.current_version.parsed() == survey.build_structure()
    assert is_open_for_responses(survey, TODAY)


def test_republishing_an_edited_survey_makes_a_new_version(world: World) -> None:
    survey = new_survey(world)
    survey_publish(survey=survey, user=None, today=TODAY)
    survey_archive(survey=survey, user=None)
    survey_reopen(survey=survey, user=None)
    survey_publish(survey=survey, user=None, today=TODAY)
    survey.refresh_from_db()
    assert survey.current_version is not None
    assert survey.current_version.number == 1
    survey.pages.get(position=1).questions.filter(key="trust").update(text="Changed wording")
    survey_archive(survey=survey, user=None)
    survey_reopen(survey=survey, user=None)
    survey_publish(survey=survey, user=None, today=TODAY)
    survey.refresh_from_db()
    assert survey.current_version is not None
    assert survey.current_version.number == 2
    first = survey.versions.get(number=1).parsed()
    assert first.question_map()["trust"].text != "Changed wording"


def test_approval_flow_when_the_agency_requires_it(world: World) -> None:
    organization = world.a.organization
    organization.require_survey_approval = True
    organization.save()
    survey = new_survey(world)
    with pytest.raises(SurveyError, match="requires approval"):
        survey_publish(survey=survey, user=world.manager_a, today=TODAY)
    survey_submit(survey=survey, user=world.manager_a)
    with pytest.raises(SurveyError, match="requires approval"):
        survey_publish(survey=survey, user=world.manager_a, today=TODAY)
    survey_approve(survey=survey, user=world.admin_a)
    survey_publish(survey=survey, user=world.manager_a, today=TODAY)
    steps = list(
        SurveyTransition.objects.filter(survey=survey).values_list(
            "from_state", "to_state", "user__username"
        )
    )
    assert steps == [
        ("created", "submitted", "manager_a"),
        ("submitted", "approved", "admin_a"),
        ("approved", "published", "manager_a"),
    ]


def test_submit_is_refused_when_approval_is_off(world: World) -> None:
    with pytest.raises(SurveyError, match="without an approval step"):
        survey_submit(survey=new_survey(world), user=world.manager_a)


def test_return_needs_a_reason_and_is_recorded(world: World) -> None:
    organization = world.a.organization
    organization.require_survey_approval = True
    organization.save()
    survey = new_survey(world)
    survey_submit(survey=survey, user=world.manager_a)
    with pytest.raises(SurveyError, match="why"):
        survey_return(survey=survey, user=world.admin_a, reason=" ")
    survey_return(survey=survey, user=world.admin_a, reason="Fix the wording")
    assert survey.transitions.last() is not None
    assert survey.transitions.last().reason == "Fix the wording"  # type: ignore[union-attr]
    assert Survey.objects.get(pk=survey.pk).state == SurveyState.CREATED


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (SurveyState.PUBLISHED, survey_approve),
        (SurveyState.ARCHIVED, survey_approve),
        (SurveyState.CREATED, survey_approve),
    ],
)
def test_illegal_transitions_are_refused(world: World, start: str, action: object) -> None:
    survey = new_survey(world, state=start)
    with pytest.raises(SurveyError, match="cannot become"):
        action(survey=survey, user=None)  # type: ignore[operator]
    assert Survey.objects.get(pk=survey.pk).state == start
    assert not SurveyTransition.objects.filter(survey=survey).exists()


def test_pra_number_and_expiry_are_both_or_neither(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        survey_create(
            organization=world.a.organization,
            title="Half PRA",
            structure=SurveyStructure(),
            user=None,
            omb_control_number="1234-5678",
        )
    assert "omb_expiration_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        survey_create(
            organization=world.a.organization,
            title="Bad number",
            structure=SurveyStructure(),
            user=None,
            omb_control_number="12345678",
            omb_expiration_date=dt.date(2027, 9, 30),
        )
    assert "omb_control_number" in error.value.message_dict


def test_pra_line_format(world: World) -> None:
    survey = new_survey(
        world, omb_control_number="1234-5678", omb_expiration_date=dt.date(2027, 9, 30)
    )
    assert survey.pra_line() == "OMB Control No. 1234-5678 · Expires 09/30/2027"
    assert new_survey(world).pra_line() == ""


def test_expired_survey_cannot_publish_and_is_archived_automatically(world: World) -> None:
    survey = new_survey(
        world, omb_control_number="1234-5678", omb_expiration_date=dt.date(2026, 11, 1)
    )
    with pytest.raises(SurveyError, match="expired"):
        survey_publish(survey=survey, user=None, today=TODAY)
    live = new_survey(world, omb_control_number="1234-5678", omb_expiration_date=TODAY)
    survey_publish(survey=live, user=None, today=TODAY)
    live.refresh_from_db()
    assert is_open_for_responses(live, TODAY)
    assert not is_open_for_responses(live, TODAY + dt.timedelta(days=1))
    assert surveys_archive_expired(today=TODAY + dt.timedelta(days=1)) == 2
    live.refresh_from_db()
    assert live.state == SurveyState.ARCHIVED
    assert live.transitions.last().reason == "OMB approval expired"  # type: ignore[union-attr]


def test_archive_command_runs(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("archive-expired-surveys")
    assert "Archived 0 expired survey(s)." in capsys.readouterr().out


def test_publishing_refuses_a_broken_structure(world: World) -> None:
    broken = SurveyStructure(
        pages=(
            Page(
                title="",
                questions=(
                    Question("a", QuestionType.RADIO, "No options"),
                    Question("a", QuestionType.SHORT_TEXT, "Duplicate key"),
                ),
            ),
        )
    )
    survey = survey_create(
        organization=world.a.organization, title="Broken", structure=broken, user=None
    )
    with pytest.raises(SurveyError) as error:
        survey_publish(survey=survey, user=None, today=TODAY)
    assert "more than once" in str(error.value)
    assert "needs options" in str(error.value)
    assert Survey.objects.get(pk=survey.pk).state == SurveyState.CREATED


def test_a11_surveys_have_at_most_fifteen_questions(world: World) -> None:
    many = tuple(Question(f"q{i}", QuestionType.SHORT_TEXT, f"Q{i}") for i in range(16))
    survey = survey_create(
        organization=world.a.organization,
        kind="a11_v1",
        title="Too long",
        structure=SurveyStructure(pages=(Page(title="", questions=many),)),
        user=None,
    )
    with pytest.raises(SurveyError, match="at most 15"):
        survey_publish(survey=survey, user=None, today=TODAY)


def test_copy_is_a_new_draft_with_the_same_questions(world: World) -> None:
    original = world.a.survey
    copy = survey_copy(survey=original, user=world.manager_a)
    assert copy.pk != original.pk
    assert copy.state == SurveyState.CREATED
    assert copy.title == f"Copy of {original.title}"
    assert copy.build_structure() == original.build_structure()


def test_details_update_validates_and_changes_only_details(world: World) -> None:
    survey = world.a.survey
    details = {
        "title": "New title",
        "instructions": "Two minutes.",
        "disclaimer": "Do not include personal information.",
        "success_message": "Thanks!",
        "omb_control_number": "1234-5678",
        "omb_expiration_date": dt.date(2027, 9, 30),
        "service": world.a.service,
    }
    updated = survey_update_details(survey=survey, **details)  # type: ignore[arg-type]
    assert updated.pra_line() == "OMB Control No. 1234-5678 · Expires 09/30/2027"
    assert updated.current_version == survey.current_version
    with pytest.raises(ValidationError) as error:
        survey_update_details(survey=survey, **{**details, "service": world.b.service})  # type: ignore[arg-type]
    assert "service" in error.value.message_dict
    with pytest.raises(ValidationError):
        survey_update_details(survey=survey, **{**details, "omb_expiration_date": None})  # type: ignore[arg-type]
    assert Survey.objects.get(pk=survey.pk).service == world.a.service


def test_a_question_is_added_to_a_draft_only(world: World) -> None:
    draft = new_survey(world)
    hidden = Question("transaction_id", QuestionType.HIDDEN, "Transaction")
    survey_question_add(survey=draft, question=hidden, page_position=1)
    page_one = draft.build_structure().pages[0]
    assert [q.key for q in page_one.questions] == ["trust", "transaction_id"]
    with pytest.raises(SurveyError, match="already used"):
        survey_question_add(survey=draft, question=hidden, page_position=2)
    with pytest.raises(SurveyError, match="no page 9"):
        survey_question_add(
            survey=draft, question=Question("x", QuestionType.HIDDEN, "X"), page_position=9
        )
    with pytest.raises(SurveyError, match="reopen"):
        survey_question_add(
            survey=world.a.survey, question=Question("y", QuestionType.HIDDEN, "Y"), page_position=1
        )
    assert "y" not in world.a.survey.build_structure().question_map()
