"""The collection workflow: every transition, allowed and refused, by role and by state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Role, User
from govcx.registry.services import membership_grant
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionRespondent,
    CollectionState,
    CollectionTransition,
    Rating,
    RespondentSource,
    SurveyType,
)
from govcx.reporting.workflow import (
    ACTIONS_BY_NAME,
    available_actions,
    can_review_collection,
    collection_archive,
    collection_history,
    collection_mark_not_reported,
    collection_publish,
    collection_rate,
    collection_request_changes,
    collection_submit,
    detail_problems,
    is_overdue,
    submission_problems,
)
from govcx.responses.models import Response
from tests.conftest import Agency, World
from tests.reporting.conftest import Reviewers
from tests.responses.helpers import THUMBS_UP

State = CollectionState
# FY2025 Q1 is October to December 2024; its data is due 30 days later, on 30 January 2025.
QUARTER = FiscalQuarter(2025, 1)
DUE = dt.date(2025, 1, 30)
IN_QUARTER = dt.datetime(2024, 11, 12, 15, 0, tzinfo=dt.UTC)


def make_collection(
    agency: Agency,
    *,
    state: str = State.DRAFT,
    quarter: FiscalQuarter = QUARTER,
    customers: int | None = 1000,
    offered: int | None = 400,
) -> Collection:
    """A collection of the agency's service with one row counting its v2 survey on the web."""
    collection = Collection.objects.create(
        organization=agency.organization,
        service=agency.service,
        fiscal_year=quarter.fiscal_year,
        quarter=quarter.quarter,
        state=state,
    )
    CollectionDetail.objects.create(
        collection=collection,
        channel="website",
        survey_type=SurveyType.THUMBS_UP_DOWN,
        survey_title=agency.survey.title,
        trust_question_text="I trust the agency to fulfill our country's commitment.",
        volume_of_customers=customers,
        volume_offered_survey=offered,
        source=RespondentSource.SURVEY,
        survey=agency.survey,
    )
    return collection


def set_state(collection: Collection, state: str, *, rating: str = "") -> Collection:
    """Put a collection in a state directly, as if the steps before had been taken."""
    Collection.objects.filter(pk=collection.pk).update(state=state, rating=rating)
    collection.refresh_from_db()
    return collection


def add_responses(agency: Agency, count: int, **states: bool) -> None:
    """Responses to the agency's v2 survey on the web, received inside the quarter."""
    survey = agency.survey
    assert survey.current_version is not None
    Response.objects.bulk_create(
        Response(
            organization_id=survey.organization_id,
            service_id=survey.service_id,
            survey=survey,
            survey_version=survey.current_version,
            channel="website",
            language="en",
            created_at=IN_QUARTER + dt.timedelta(hours=index),
            answers=THUMBS_UP,
            **states,
        )
        for index in range(count)
    )


@pytest.fixture
def collection(world: World) -> Collection:
    return make_collection(world.a)


@pytest.fixture
def people(world: World, reviewers: Reviewers) -> dict[str, User]:
    return {
        "admin_a": world.admin_a,
        "manager_a": world.manager_a,
        "viewer_a": world.viewer_a,
        "performance_a": reviewers.performance_a,
        "performance_b": reviewers.performance_b,
        "outsider": world.outsider,
    }


# Written out here rather than read from the workflow, so that a change to the rules shows.
ALLOWED_FROM: dict[str, set[str]] = {
    "submit": {State.DRAFT, State.CHANGE_REQUESTED},
    "request_changes": {State.SUBMITTED, State.PUBLISHED},
    "rate": {State.SUBMITTED, State.PUBLISHED},
    "publish": {State.SUBMITTED},
    "not_reported": {State.DRAFT, State.CHANGE_REQUESTED},
    "archive": {State.PUBLISHED, State.NOT_REPORTED},
}
RESULTING_STATE = {
    "submit": State.SUBMITTED,
    "request_changes": State.CHANGE_REQUESTED,
    "publish": State.PUBLISHED,
    "not_reported": State.NOT_REPORTED,
    "archive": State.ARCHIVED,
}
ALLOWED_PEOPLE: dict[str, set[str]] = {
    "submit": {"admin_a", "manager_a"},
    "request_changes": {"performance_a"},
    "rate": {"performance_a"},
    "publish": {"performance_a"},
    "not_reported": {"performance_a"},
    "archive": {"performance_a"},
}
PERFORM: dict[str, Callable[[Collection, User], Collection]] = {
    "submit": lambda c, user: collection_submit(collection=c, user=user),
    "request_changes": lambda c, user: collection_request_changes(
        collection=c, user=user, reason="Row 1 counts the wrong channel."
    ),
    "rate": lambda c, user: collection_rate(
        collection=c, user=user, rating=Rating.YELLOW, reason="No phone survey yet."
    ),
    "publish": lambda c, user: collection_publish(collection=c, user=user),
    "not_reported": lambda c, user: collection_mark_not_reported(
        collection=c, user=user, reason="The survey vendor's contract lapsed."
    ),
    "archive": lambda c, user: collection_archive(collection=c, user=user),
}


def someone_allowed(people: dict[str, User], action: str) -> User:
    return people[sorted(ALLOWED_PEOPLE[action])[0]]


# --- by state ----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(ALLOWED_FROM))
@pytest.mark.parametrize("state", State.values)
def test_each_action_is_allowed_only_from_its_states(
    collection: Collection, people: dict[str, User], action: str, state: str
) -> None:
    collection = set_state(collection, state, rating=Rating.GREEN)
    user = someone_allowed(people, action)
    if state in ALLOWED_FROM[action]:
        result = PERFORM[action](collection, user)
        assert result.state == RESULTING_STATE.get(action, state)
        assert CollectionTransition.objects.filter(collection=collection).count() == 1
    else:
        with pytest.raises(ValidationError, match=r"can be .* only when it is"):
            PERFORM[action](collection, user)
        collection.refresh_from_db()
        assert collection.state == state
        assert not CollectionTransition.objects.filter(collection=collection).exists()


def test_a_refused_state_names_the_state_it_is_in_and_those_it_needs(
    collection: Collection, people: dict[str, User]
) -> None:
    collection = set_state(collection, State.ARCHIVED)
    with pytest.raises(ValidationError) as refused:
        collection_submit(collection=collection, user=people["admin_a"])
    assert refused.value.messages == [
        "This collection is “archived”; it can be submitted only when it is “change "
        "requested” or “draft”."
    ]


# --- by role -----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", sorted(ALLOWED_PEOPLE))
@pytest.mark.parametrize(
    "person", ["admin_a", "manager_a", "viewer_a", "performance_a", "performance_b", "outsider"]
)
def test_each_action_is_allowed_only_to_its_roles(
    collection: Collection, people: dict[str, User], action: str, person: str
) -> None:
    state = sorted(ALLOWED_FROM[action])[0]
    collection = set_state(collection, state, rating=Rating.GREEN)
    if person in ALLOWED_PEOPLE[action]:
        PERFORM[action](collection, people[person])
        assert CollectionTransition.objects.filter(collection=collection).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            PERFORM[action](collection, people[person])
        collection.refresh_from_db()
        assert collection.state == state
        assert not CollectionTransition.objects.filter(collection=collection).exists()


def test_a_survey_manager_can_never_publish_or_rate(
    collection: Collection, world: World, people: dict[str, User]
) -> None:
    collection = set_state(collection, State.SUBMITTED, rating=Rating.GREEN)
    with pytest.raises(PermissionDenied):
        collection_publish(collection=collection, user=world.manager_a)
    with pytest.raises(PermissionDenied):
        collection_rate(collection=collection, user=world.manager_a, rating=Rating.GREEN)
    collection.refresh_from_db()
    assert (collection.state, collection.published_at) == (State.SUBMITTED, None)


def test_a_survey_manager_who_is_also_a_performance_manager_still_cannot_review(
    collection: Collection, world: World
) -> None:
    membership_grant(
        user=world.manager_a, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER
    )
    collection = set_state(collection, State.SUBMITTED, rating=Rating.GREEN)
    assert not can_review_collection(world.manager_a, collection)
    with pytest.raises(PermissionDenied):
        collection_publish(collection=collection, user=world.manager_a)
    with pytest.raises(PermissionDenied):
        collection_rate(collection=collection, user=world.manager_a, rating=Rating.RED, reason="x")


def test_who_reviews(collection: Collection, world: World, people: dict[str, User]) -> None:
    superuser = User.objects.create_superuser(username="root", email="root@example.gov")
    reviewing = {name for name, user in people.items() if can_review_collection(user, collection)}
    assert reviewing == {"performance_a"}
    assert can_review_collection(superuser, collection)


# --- submit ------------------------------------------------------------------------------------


def test_submitting_records_who_when_and_from_which_state(
    collection: Collection, world: World
) -> None:
    before = timezone.now()
    submitted = collection_submit(collection=collection, user=world.manager_a)
    assert submitted.state == State.SUBMITTED
    assert submitted.submitted_at is not None
    assert submitted.submitted_at >= before
    (transition,) = collection_history(submitted)
    assert (transition.user, transition.from_state, transition.to_state) == (
        world.manager_a,
        State.DRAFT,
        State.SUBMITTED,
    )
    assert transition.created_at >= before
    assert (transition.rating, transition.reason) == ("", "")


def test_submitting_freezes_the_linked_surveys_respondents(
    collection: Collection, world: World
) -> None:
    add_responses(world.a, 3)
    add_responses(world.a, 1, is_spam=True)
    add_responses(world.b, 2)  # another agency's survey: never counted here
    collection_submit(collection=collection, user=world.admin_a)
    detail = collection.details.get()
    assert detail.respondents_frozen_at is not None
    respondents = CollectionRespondent.objects.filter(detail=detail)
    assert respondents.count() == 3
    assert set(respondents.values_list("question_1", flat=True)) == {1}


def test_a_collection_with_changes_requested_is_submitted_again(
    collection: Collection, world: World, reviewers: Reviewers
) -> None:
    collection = collection_submit(collection=collection, user=world.admin_a)
    collection = collection_request_changes(
        collection=collection, user=reviewers.performance_a, reason="Add the phone channel."
    )
    add_responses(world.a, 2)  # received meanwhile: the new submission counts them
    collection = collection_submit(collection=collection, user=world.manager_a)
    assert collection.state == State.SUBMITTED
    assert CollectionRespondent.objects.filter(detail__collection=collection).count() == 2
    states = [(t.from_state, t.to_state) for t in collection_history(collection)]
    assert states == [
        (State.DRAFT, State.SUBMITTED),
        (State.SUBMITTED, State.CHANGE_REQUESTED),
        (State.CHANGE_REQUESTED, State.SUBMITTED),
    ]


def test_submitting_needs_a_row(collection: Collection, world: World) -> None:
    collection.details.all().delete()
    with pytest.raises(ValidationError) as refused:
        collection_submit(collection=collection, user=world.admin_a)
    assert refused.value.messages == [
        "Add at least one survey and channel (a detail row) before submitting."
    ]
    collection.refresh_from_db()
    assert collection.state == State.DRAFT


@pytest.mark.parametrize(
    ("customers", "offered", "missing"),
    [
        (None, 400, "give the volume of customers."),
        (1000, None, "give the volume of customers provided a survey opportunity."),
    ],
)
def test_submitting_needs_both_volumes(
    world: World, customers: int | None, offered: int | None, missing: str
) -> None:
    collection = make_collection(world.a, customers=customers, offered=offered)
    add_responses(world.a, 2)
    with pytest.raises(ValidationError) as refused:
        collection_submit(collection=collection, user=world.admin_a)
    title = world.a.survey.title
    assert refused.value.messages == [f"Row 1 ({title}, Website): {missing}"]
    collection.refresh_from_db()
    assert collection.state == State.DRAFT
    assert not collection.transitions.exists()
    assert not CollectionRespondent.objects.filter(detail__collection=collection).exists()


def test_more_customers_offered_a_survey_than_served_is_a_problem(collection: Collection) -> None:
    # The database refuses such a row; the workflow says so too, for rows not yet saved.
    detail = CollectionDetail(
        collection=collection,
        channel="phone",
        survey_title="Phone survey",
        volume_of_customers=100,
        volume_offered_survey=150,
        source=RespondentSource.UPLOAD,
        uploaded_at=timezone.now(),
    )
    assert detail_problems(2, detail) == [
        "Row 2 (Phone survey, Phone): the volume of customers provided a survey opportunity "
        "(150) cannot be more than the volume of customers (100)."
    ]


def upload_row(collection: Collection, *, uploaded: bool) -> CollectionDetail:
    return CollectionDetail.objects.create(
        collection=collection,
        position=2,
        channel="phone",
        survey_type=SurveyType.LIKERT_SCALE,
        survey_title="Call center survey",
        trust_question_text="I trust the agency.",
        volume_of_customers=5000,
        volume_offered_survey=1200,
        source=RespondentSource.UPLOAD,
        uploaded_at=timezone.now() if uploaded else None,
    )


def test_submitting_needs_every_uploaded_row_to_have_its_file(
    collection: Collection, world: World
) -> None:
    upload_row(collection, uploaded=False)
    assert submission_problems(collection) == [
        "Row 2 (Call center survey, Phone): upload its respondent file."
    ]
    with pytest.raises(ValidationError, match="upload its respondent file"):
        collection_submit(collection=collection, user=world.admin_a)


def test_an_uploaded_row_with_its_file_can_be_submitted(
    collection: Collection, world: World
) -> None:
    upload_row(collection, uploaded=True)
    assert submission_problems(collection) == []
    assert collection_submit(collection=collection, user=world.admin_a).state == State.SUBMITTED


# --- request changes ---------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_change_request_needs_a_reason(
    collection: Collection, reviewers: Reviewers, reason: str
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        collection_request_changes(
            collection=collection, user=reviewers.performance_a, reason=reason
        )
    assert refused.value.message_dict == {
        "reason": ["Say what needs to change, so the preparers know what to fix."]
    }
    assert not collection.transitions.exists()


def test_requesting_changes_to_a_published_collection_takes_it_off_the_public_pages(
    collection: Collection, world: World, reviewers: Reviewers
) -> None:
    collection = collection_submit(collection=collection, user=world.admin_a)
    collection = collection_rate(
        collection=collection, user=reviewers.performance_a, rating=Rating.GREEN
    )
    collection = collection_publish(collection=collection, user=reviewers.performance_a)
    assert collection.published_at is not None
    collection = collection_request_changes(
        collection=collection, user=reviewers.performance_a, reason="  The phone row is missing. "
    )
    collection.refresh_from_db()
    assert (collection.state, collection.published_at) == (State.CHANGE_REQUESTED, None)
    last = collection_history(collection)[-1]
    assert (last.from_state, last.to_state, last.reason) == (
        State.PUBLISHED,
        State.CHANGE_REQUESTED,
        "The phone row is missing.",
    )


# --- rate --------------------------------------------------------------------------------------


def test_a_green_rating_needs_no_reason_and_stays_in_the_state(
    collection: Collection, reviewers: Reviewers
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    collection = collection_rate(
        collection=collection, user=reviewers.performance_a, rating=Rating.GREEN
    )
    collection.refresh_from_db()
    assert (collection.state, collection.rating, collection.rating_reason) == (
        State.SUBMITTED,
        Rating.GREEN,
        "",
    )
    (transition,) = collection_history(collection)
    assert (transition.from_state, transition.to_state, transition.rating) == (
        State.SUBMITTED,
        State.SUBMITTED,
        Rating.GREEN,
    )
    assert transition.user == reviewers.performance_a


@pytest.mark.parametrize("rating", [Rating.YELLOW, Rating.RED])
def test_yellow_and_red_need_a_reason(
    collection: Collection, reviewers: Reviewers, rating: Rating
) -> None:
    collection = set_state(collection, State.PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        collection_rate(collection=collection, user=reviewers.performance_a, rating=rating)
    assert list(refused.value.message_dict) == ["reason"]
    assert f"rated {rating.value}" in refused.value.message_dict["reason"][0]
    collection = collection_rate(
        collection=collection, user=reviewers.performance_a, rating=rating, reason="Only web."
    )
    collection.refresh_from_db()
    assert (collection.rating, collection.rating_reason) == (rating, "Only web.")
    assert collection_history(collection)[-1].reason == "Only web."


def test_a_rating_that_is_not_green_yellow_or_red_is_refused(
    collection: Collection, reviewers: Reviewers
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        collection_rate(collection=collection, user=reviewers.performance_a, rating="blue")
    assert refused.value.message_dict == {"rating": ["Choose green, yellow or red."]}


def test_a_new_rating_replaces_the_old_one_and_both_stay_in_the_history(
    collection: Collection, reviewers: Reviewers
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    reviewer = reviewers.performance_a
    collection_rate(collection=collection, user=reviewer, rating=Rating.RED, reason="Late.")
    collection = collection_rate(collection=collection, user=reviewer, rating=Rating.GREEN)
    collection.refresh_from_db()
    assert (collection.rating, collection.rating_reason) == (Rating.GREEN, "")
    assert [t.rating for t in collection_history(collection)] == [Rating.RED, Rating.GREEN]


# --- publish -----------------------------------------------------------------------------------


def test_publishing_needs_a_rating(collection: Collection, reviewers: Reviewers) -> None:
    collection = set_state(collection, State.SUBMITTED)
    with pytest.raises(ValidationError, match="Rate the collection"):
        collection_publish(collection=collection, user=reviewers.performance_a)
    collection.refresh_from_db()
    assert (collection.state, collection.published_at) == (State.SUBMITTED, None)


def test_publishing_records_the_rating_it_was_published_with(
    collection: Collection, reviewers: Reviewers
) -> None:
    collection = set_state(collection, State.SUBMITTED, rating=Rating.YELLOW)
    published = collection_publish(collection=collection, user=reviewers.performance_a)
    published.refresh_from_db()
    assert published.state == State.PUBLISHED
    assert published.published_at is not None
    (transition,) = collection_history(published)
    assert (transition.from_state, transition.to_state, transition.rating) == (
        State.SUBMITTED,
        State.PUBLISHED,
        Rating.YELLOW,
    )


# --- not reported and archive ------------------------------------------------------------------


def test_a_quarter_not_reported_is_rated_red_with_its_reason(
    collection: Collection, reviewers: Reviewers
) -> None:
    with pytest.raises(ValidationError) as refused:
        collection_mark_not_reported(collection=collection, user=reviewers.performance_a, reason="")
    assert refused.value.message_dict == {"reason": ["Say why this quarter was not reported."]}
    collection = collection_mark_not_reported(
        collection=collection, user=reviewers.performance_a, reason="No survey ran."
    )
    collection.refresh_from_db()
    assert (collection.state, collection.rating, collection.rating_reason) == (
        State.NOT_REPORTED,
        Rating.RED,
        "No survey ran.",
    )
    (transition,) = collection_history(collection)
    assert (transition.to_state, transition.rating, transition.reason) == (
        State.NOT_REPORTED,
        Rating.RED,
        "No survey ran.",
    )


def test_archiving_takes_an_optional_reason(collection: Collection, reviewers: Reviewers) -> None:
    collection = set_state(collection, State.PUBLISHED, rating=Rating.GREEN)
    collection = collection_archive(
        collection=collection, user=reviewers.performance_a, reason="Superseded by a correction."
    )
    assert collection.state == State.ARCHIVED
    assert collection_history(collection)[-1].reason == "Superseded by a correction."


def test_a_whole_quarter_from_draft_to_archive(
    collection: Collection, world: World, reviewers: Reviewers
) -> None:
    reviewer = reviewers.performance_a
    add_responses(world.a, 4)
    collection = collection_submit(collection=collection, user=world.admin_a)
    collection = collection_rate(collection=collection, user=reviewer, rating=Rating.GREEN)
    collection = collection_publish(collection=collection, user=reviewer)
    collection = collection_archive(collection=collection, user=reviewer)
    history = [(t.user, t.from_state, t.to_state, t.rating) for t in collection_history(collection)]
    assert history == [
        (world.admin_a, State.DRAFT, State.SUBMITTED, ""),
        (reviewer, State.SUBMITTED, State.SUBMITTED, Rating.GREEN),
        (reviewer, State.SUBMITTED, State.PUBLISHED, Rating.GREEN),
        (reviewer, State.PUBLISHED, State.ARCHIVED, ""),
    ]


# --- what a page offers ------------------------------------------------------------------------


def offered(user: User, collection: Collection) -> list[str]:
    return [action.name for action in available_actions(user, collection)]


def test_actions_offered_follow_role_and_state(
    collection: Collection, people: dict[str, User]
) -> None:
    assert offered(people["admin_a"], collection) == ["submit"]
    assert offered(people["manager_a"], collection) == ["submit"]
    assert offered(people["performance_a"], collection) == ["not_reported"]
    assert offered(people["viewer_a"], collection) == []
    assert offered(people["outsider"], collection) == []
    collection = set_state(collection, State.SUBMITTED)
    assert offered(people["manager_a"], collection) == []
    assert offered(people["performance_a"], collection) == ["rate", "publish", "request_changes"]
    collection = set_state(collection, State.PUBLISHED)
    assert offered(people["performance_a"], collection) == ["rate", "request_changes", "archive"]
    collection = set_state(collection, State.ARCHIVED)
    assert offered(people["performance_a"], collection) == []


def test_each_offered_action_names_its_address() -> None:
    assert {name: action.url_name for name, action in ACTIONS_BY_NAME.items()} == {
        "submit": "reporting:collection_submit",
        "request_changes": "reporting:collection_request_changes",
        "rate": "reporting:collection_rate",
        "publish": "reporting:collection_publish",
        "not_reported": "reporting:collection_not_reported",
        "archive": "reporting:collection_archive",
    }


def test_overdue_means_past_the_due_date_and_still_with_the_preparers(world: World) -> None:
    collection = make_collection(world.a)
    assert collection.due_date == DUE
    assert not is_overdue(collection, DUE)
    assert is_overdue(collection, DUE + dt.timedelta(days=1))
    set_state(collection, State.CHANGE_REQUESTED)
    assert is_overdue(collection, DUE + dt.timedelta(days=1))
    set_state(collection, State.SUBMITTED)
    assert not is_overdue(collection, DUE + dt.timedelta(days=1))
