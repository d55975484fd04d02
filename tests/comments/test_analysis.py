"""The analysis job: comments from real stored responses, resumable, idempotent, with themes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from govcx.comments.analysis import (
    comments_analyse,
    comments_reassign,
    is_negative,
    version_reading,
)
from govcx.comments.models import (
    AssignmentSource,
    Comment,
    CommentAnalysisState,
    SentimentLabel,
    TaxonomyRevision,
    Theme,
)
from govcx.comments.selectors import counted_comments
from govcx.comments.services import comment_theme_set, theme_create, theme_update
from govcx.registry.models import User
from govcx.responses.models import Response
from govcx.surveys.catalog import A11_V2_LIKERT, OPEN_ENDED
from tests.comments.conftest import store_in
from tests.conftest import Agency, World

StoreResponse = Callable[..., Response]
StoreComment = Callable[..., Comment]

WAITING = "I waited on hold for two hours before anyone answered the phone."
WEBSITE = "The website login page kept rejecting my password."


def waiting_theme(agency: Agency, user: User | None = None) -> Theme:
    return theme_create(
        organization=agency.organization,
        name="Waiting times",
        description="Time spent waiting on hold or in line.",
        key_terms=["wait", "waited", "hold", "line", "hours"],
        examples=[],
        user=user,
    )


def website_theme(agency: Agency) -> Theme:
    return theme_create(
        organization=agency.organization,
        name="Website problems",
        description="",
        key_terms=["website", "login", "password", "page"],
        examples=[],
        user=None,
    )


def test_a_thumbs_down_comment_is_negative_with_its_drivers(
    world: World, store_response: StoreResponse
) -> None:
    when = dt.datetime(2025, 3, 4, 15, 30, tzinfo=dt.UTC)
    response = store_response(
        world.a,
        "The wait was terrible and the staff were rude.",
        trust="0",
        drivers_negative=["efficiency", "employee"],
        created_at=when,
    )
    result = comments_analyse()
    assert (result.responses_read, result.comments_created) == (1, 1)
    comment = Comment.objects.get(response=response)
    assert comment.question_key == "comments"
    assert comment.organization_id == world.a.organization.pk
    assert comment.service_id == world.a.service.pk
    assert comment.created_at == when
    assert comment.language == "en"
    assert comment.sentiment == SentimentLabel.NEGATIVE
    assert comment.sentiment_score is not None
    assert comment.sentiment_score < 0
    assert comment.is_negative is True
    assert comment.negative_drivers == ["efficiency", "employee"]
    assert comment.theme is None
    assert comment.theme_source == AssignmentSource.NONE


def test_a_thumbs_up_comment_is_not_negative(world: World, store_comment: StoreComment) -> None:
    comment = store_comment(
        world.a, "Quick and easy, thank you so much!", trust="1", drivers_positive=["ease"]
    )
    assert comment.is_negative is False
    assert comment.negative_drivers == []
    assert comment.sentiment == SentimentLabel.POSITIVE


def test_a_thumbs_down_without_drivers_is_negative_on_trust_alone(
    world: World, store_comment: StoreComment
) -> None:
    assert store_comment(world.a, "I applied on Tuesday.", trust="0").is_negative is True


@pytest.mark.parametrize(
    ("trust", "negative"), [(1, True), (2, True), (3, False), (4, False), (5, False)]
)
def test_version_1_is_negative_below_the_neutral_midpoint(
    world: World, trust: int, negative: bool
) -> None:
    response = store_in(
        world.a.v1_survey,
        {
            "satisfaction": 3,
            "trust": trust,
            "comments_scores": "The form asked the same thing twice.",
            "comments": "Please add a way to save a draft.",
        },
    )
    comments_analyse()
    comments = Comment.objects.filter(response=response).order_by("question_key")
    assert [comment.question_key for comment in comments] == ["comments", "comments_scores"]
    assert {comment.is_negative for comment in comments} == {negative}


def test_blank_and_missing_text_makes_no_comment(
    world: World, store_response: StoreResponse
) -> None:
    store_response(world.a, "   \n ")
    store_in(world.a.survey, {"trust": 1})
    result = comments_analyse()
    assert (result.responses_read, result.comments_created) == (2, 0)
    assert not Comment.objects.exists()


def test_spanish_comments_keep_their_language(world: World, store_comment: StoreComment) -> None:
    comment = store_comment(world.a, "El servicio fue excelente, gracias.", language="es")
    assert comment.language == "es"
    assert comment.sentiment == SentimentLabel.POSITIVE


def test_comment_text_is_read_redacted_from_the_response(
    world: World, store_comment: StoreComment
) -> None:
    comment = store_comment(world.a, "Call me back at 202-555-0143 about my claim.")
    answers = Response.objects.get(pk=comment.response_id).answers
    assert "202-555-0143" not in answers["comments"]
    assert "[PHONE]" in answers["comments"]


def test_the_job_resumes_after_the_last_response_it_read(
    world: World, store_response: StoreResponse
) -> None:
    first = [store_response(world.a, f"Comment number {n} about the office.") for n in range(3)]
    result = comments_analyse(batch_size=2)
    assert (result.responses_read, result.comments_created) == (3, 3)
    state = CommentAnalysisState.objects.get()
    assert state.last_response_id == first[-1].pk
    assert state.comments_analysed == 3
    later = store_response(world.b, "A later comment about the office.")
    result = comments_analyse()
    assert (result.responses_read, result.comments_created) == (1, 1)
    assert Comment.objects.get(response=later).organization_id == world.b.organization.pk


def test_running_again_creates_nothing_twice(world: World, store_response: StoreResponse) -> None:
    store_response(world.a, "The office was closed when the website said it was open.")
    comments_analyse()
    assert comments_analyse().comments_created == 0
    # Even with the job's position lost, an answer is never analysed twice.
    CommentAnalysisState.objects.update(last_response_id=0)
    result = comments_analyse()
    assert (result.responses_read, result.comments_created) == (1, 0)
    assert Comment.objects.count() == 1


def test_spam_is_analysed_but_not_counted(world: World, store_response: StoreResponse) -> None:
    spam = store_response(world.a, "Buy cheap watches at this link now.")
    Response.objects.filter(pk=spam.pk).update(is_spam=True)
    comments_analyse()
    assert Comment.objects.filter(response=spam).exists()
    assert not counted_comments().filter(response=spam).exists()


def test_new_comments_get_a_theme_of_their_organization(
    world: World, store_response: StoreResponse
) -> None:
    waiting = waiting_theme(world.a)
    website_theme(world.a)
    in_a = store_response(world.a, WAITING)
    in_b = store_response(world.b, WAITING)
    unrelated = store_response(world.a, "Thanks, nice people.")
    comments_analyse()
    comment = Comment.objects.get(response=in_a)
    assert comment.theme == waiting
    assert comment.theme_source == AssignmentSource.AUTOMATIC
    assert comment.theme_score is not None
    assert comment.theme_score > 0
    assert Comment.objects.get(response=in_b).theme is None  # agency B has no themes
    assert Comment.objects.get(response=unrelated).theme is None


def test_a_taxonomy_change_reassigns_automatic_comments_only(
    world: World, store_response: StoreResponse
) -> None:
    waiting_response = store_response(world.a, WAITING)
    website_response = store_response(world.a, WEBSITE)
    corrected_response = store_response(world.a, "The website was down all weekend.")
    comments_analyse()
    assert not Comment.objects.exclude(theme=None).exists()  # no taxonomy yet

    waiting = waiting_theme(world.a)
    corrected = Comment.objects.get(response=corrected_response)
    comment_theme_set(comment=corrected, theme=waiting, user=world.manager_a)
    website = website_theme(world.a)
    result = comments_analyse()
    assert result.organizations_reassigned == 1
    assert result.comments_reassigned == 2
    assert Comment.objects.get(response=waiting_response).theme == waiting
    assert Comment.objects.get(response=website_response).theme == website
    corrected.refresh_from_db()
    assert (corrected.theme, corrected.theme_source) == (waiting, AssignmentSource.PERSON)
    revision = TaxonomyRevision.objects.get(organization=world.a.organization)
    assert revision.assigned_revision == revision.revision

    # Nothing changed since: the next run assigns nothing again.
    assert comments_analyse().organizations_reassigned == 0


def test_reassign_moves_comments_when_a_theme_is_redefined(
    world: World, store_response: StoreResponse
) -> None:
    response = store_response(world.a, WEBSITE)
    waiting = waiting_theme(world.a)
    comments_analyse()
    assert Comment.objects.get(response=response).theme is None
    theme_update(
        theme=waiting,
        name="Waiting and the website",
        description="",
        key_terms=["wait", "website", "login", "password"],
        examples=[],
        user=None,
    )
    assert comments_reassign(organization=world.a.organization) == 1
    assert Comment.objects.get(response=response).theme == waiting


def test_people_s_corrections_teach_the_assigner(
    world: World, store_response: StoreResponse
) -> None:
    waiting = waiting_theme(world.a)
    website_theme(world.a)
    taught = store_response(world.a, "Parking near the office is impossible to find.")
    comments_analyse()
    comment_theme_set(
        comment=Comment.objects.get(response=taught), theme=waiting, user=world.manager_a
    )
    similar = store_response(world.a, "Parking near the office was impossible again.")
    comments_analyse()
    assert Comment.objects.get(response=similar).theme == waiting


def test_the_command_says_what_it_did(world: World, store_response: StoreResponse) -> None:
    store_response(world.a, "The letter never arrived in the mail.")
    out = StringIO()
    call_command("analyse-comments", "--batch-size", "10", stdout=out)
    assert "Read 1 response(s); stored 1 comment(s)." in out.getvalue()


@pytest.mark.parametrize(
    ("option", "message"),
    [("--batch-size", "--batch-size: read at least 1"), ("--watch", "--watch: the pause")],
)
def test_the_command_refuses_bad_numbers(db: None, option: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("analyse-comments", option, "0")


@pytest.mark.parametrize(("trust", "negative"), [(1, True), (3, True), (4, False), (5, False)])
def test_version_2_five_point_has_no_neutral_midpoint(trust: int, negative: bool) -> None:
    reading = version_reading(A11_V2_LIKERT.structure, kind="a11_v2_likert")
    assert is_negative(reading, {"trust": trust}) is negative


def test_a_survey_asking_neither_trust_nor_drivers_has_no_negative_flag() -> None:
    reading = version_reading(OPEN_ENDED.structure, kind="open_ended")
    assert reading.text_keys
    assert is_negative(reading, {"feedback": "Just a comment."}) is None
