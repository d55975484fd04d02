"""The quarterly collection's workflow: who moves a collection from state to state, and why.

    draft, change_requested ──submit──────────► submitted ──publish──► published
    submitted, published ────request changes──► change_requested
    draft, change_requested ──mark not reported► not_reported (rated red)
    published, not_reported ──archive─────────► archived
    submitted, published ────rate (green, yellow or red; the state does not change)

Organization admins and survey managers prepare and submit; performance managers review:
they rate, publish, request changes, mark a quarter not reported and archive. A survey manager
never reviews, even one who is also a performance manager, so that nobody rates or publishes
what they prepared themselves.

Every function here locks the collection, checks who is acting (PermissionDenied) and the state
it is in (ValidationError), and records a CollectionTransition, so the history on the
collection's page is complete. Emails go out only once the change is committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from govcx.registry.models import Membership, Role, User
from govcx.registry.selectors import AnyUser, user_has_role
from govcx.reporting import notifications
from govcx.reporting.collections import collection_freeze
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionState,
    CollectionTransition,
    Rating,
    RespondentSource,
)
from govcx.reporting.selectors import can_prepare_collection

State = CollectionState

SUBMITTABLE = frozenset({State.DRAFT, State.CHANGE_REQUESTED})
UNDER_REVIEW = frozenset({State.SUBMITTED, State.PUBLISHED})
PUBLISHABLE = frozenset({State.SUBMITTED})
ARCHIVABLE = frozenset({State.PUBLISHED, State.NOT_REPORTED})
# Ratings that say the collection falls short of A-11, and so must say why.
RATINGS_NEEDING_REASON = frozenset({Rating.YELLOW, Rating.RED})

REASON_FOR_CHANGES = "Say what needs to change, so the preparers know what to fix."
REASON_FOR_NOT_REPORTED = "Say why this quarter was not reported."


# --- who may act -------------------------------------------------------------------------------


def _is_survey_manager(user: AnyUser, collection: Collection) -> bool:
    # Memberships only: a superuser holds every role in `organizations_where`, and must still
    # be able to review.
    if user.pk is None:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization_id=collection.organization_id, role=Role.SURVEY_MANAGER
    ).exists()


def can_review_collection(user: AnyUser, collection: Collection) -> bool:
    """Performance managers of the collection's organization, unless they also manage surveys."""
    if not user_has_role(user, collection.organization, [Role.PERFORMANCE_MANAGER]):
        return False
    return not _is_survey_manager(user, collection)


def _require_preparer(user: User, collection: Collection) -> None:
    if not can_prepare_collection(user, collection):
        raise PermissionDenied(
            "Only organization admins and survey managers of "
            f"{collection.organization.name} prepare and submit its collections."
        )


def _require_reviewer(user: User, collection: Collection) -> None:
    if not can_review_collection(user, collection):
        raise PermissionDenied(
            f"Only performance managers of {collection.organization.name} who do not manage "
            "its surveys review its collections."
        )


# --- the rules a transition checks -------------------------------------------------------------


def _state_names(states: frozenset[State]) -> str:
    labels = sorted(f"“{State(state).label.lower()}”" for state in states)
    return " or ".join(labels)


def _require_state(collection: Collection, allowed: frozenset[State], doing: str) -> None:
    if collection.state not in allowed:
        raise ValidationError(
            f"This collection is “{collection.get_state_display().lower()}”; it can be {doing} "
            f"only when it is {_state_names(allowed)}.",
            code="state",
        )


def _require_reason(reason: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": message}, code="required")
    return reason


def _detail_name(number: int, detail: CollectionDetail) -> str:
    return f"Row {number} ({detail.survey_title}, {detail.get_channel_display()})"


def detail_problems(number: int, detail: CollectionDetail) -> list[str]:
    """What row `number` lacks before submission. The database already refuses more customers
    offered a survey than served; the check stays so that the rule reads whole here."""
    name = _detail_name(number, detail)
    customers, offered = detail.volume_of_customers, detail.volume_offered_survey
    problems = []
    if customers is None:
        problems.append(f"{name}: give the volume of customers.")
    if offered is None:
        problems.append(f"{name}: give the volume of customers provided a survey opportunity.")
    if customers is not None and offered is not None and offered > customers:
        problems.append(
            f"{name}: the volume of customers provided a survey opportunity ({offered:,}) "
            f"cannot be more than the volume of customers ({customers:,})."
        )
    if detail.source == RespondentSource.UPLOAD and detail.uploaded_at is None:
        problems.append(f"{name}: upload its respondent file.")
    return problems


def submission_problems(collection: Collection) -> list[str]:
    """What must be filled in before the collection can be submitted; empty when it can."""
    details = list(collection.details.order_by("position", "id"))
    if not details:
        return ["Add at least one survey and channel (a detail row) before submitting."]
    return [
        problem
        for number, detail in enumerate(details, start=1)
        for problem in detail_problems(number, detail)
    ]


def is_overdue(collection: Collection, today: dt.date) -> bool:
    """Past its due date and still with its preparers: not yet submitted, or sent back."""
    return collection.state in SUBMITTABLE and today > collection.due_date


def collection_history(collection: Collection) -> list[CollectionTransition]:
    """Every change of state and rating, oldest first, with who made it."""
    return list(collection.transitions.select_related("user").order_by("created_at", "id"))


# --- transitions -------------------------------------------------------------------------------


def _lock(collection: Collection) -> Collection:
    """The collection's row, locked until the transaction ends, so two reviewers pressing
    buttons at once act one after the other on what the first one left."""
    return (
        Collection.objects.select_for_update(of=("self",))
        .select_related("organization", "service")
        .get(pk=collection.pk)
    )


def _record(
    collection: Collection,
    user: User,
    to_state: State,
    *,
    rating: str = "",
    reason: str = "",
) -> CollectionTransition:
    transition = CollectionTransition.objects.create(
        collection=collection,
        from_state=collection.state,
        to_state=to_state,
        rating=rating,
        user=user,
        reason=reason,
    )
    collection.state = to_state
    return transition


def _notify_after_commit(notify: Callable[..., int], **arguments: Any) -> None:
    """Email once the change is committed, never for one rolled back.

    A mail server that is down must not undo a transition that has happened: Django logs the
    failure of a robust callback (by its name, hence a named function, not a partial) and the
    page shows the new state regardless.
    """

    def send() -> None:
        notify(**arguments)

    send.__qualname__ = notify.__qualname__
    transaction.on_commit(send, robust=True)


@transaction.atomic
def collection_submit(*, collection: Collection, user: User) -> Collection:
    """Send the collection for review, copying its linked surveys' respondents as they are
    now, so that what reviewers rate cannot drift with later triage."""
    collection = _lock(collection)
    _require_preparer(user, collection)
    _require_state(collection, SUBMITTABLE, "submitted")
    problems = submission_problems(collection)
    if problems:
        raise ValidationError(problems, code="incomplete")
    collection_freeze(collection)
    _record(collection, user, State.SUBMITTED)
    collection.submitted_at = timezone.now()
    collection.save(update_fields=["state", "submitted_at", "updated_at"])
    _notify_after_commit(notifications.collection_submitted_notify, collection=collection)
    return collection


@transaction.atomic
def collection_request_changes(*, collection: Collection, user: User, reason: str) -> Collection:
    """Reopen a submitted or published collection for its preparers, saying what to change.

    A published collection leaves the public pages until it is published again.
    """
    collection = _lock(collection)
    _require_reviewer(user, collection)
    _require_state(collection, UNDER_REVIEW, "sent back for changes")
    reason = _require_reason(reason, REASON_FOR_CHANGES)
    transition = _record(collection, user, State.CHANGE_REQUESTED, reason=reason)
    collection.published_at = None
    collection.save(update_fields=["state", "published_at", "updated_at"])
    _notify_after_commit(
        notifications.collection_changes_requested_notify,
        collection=collection,
        transition=transition,
    )
    return collection


def _valid_rating(rating: str) -> Rating:
    if rating not in Rating.values:
        raise ValidationError({"rating": "Choose green, yellow or red."}, code="invalid_choice")
    return Rating(rating)


def _rating_reason(rating: Rating, reason: str) -> str:
    if rating in RATINGS_NEEDING_REASON:
        return _require_reason(
            reason, f"Say why the collection is rated {rating.value}: what falls short of A-11."
        )
    return reason.strip()


@transaction.atomic
def collection_rate(
    *, collection: Collection, user: User, rating: str, reason: str = ""
) -> Collection:
    """Rate a collection under review; the rating is recorded in the history like a
    transition that leaves the state where it is."""
    collection = _lock(collection)
    _require_reviewer(user, collection)
    _require_state(collection, UNDER_REVIEW, "rated")
    chosen = _valid_rating(rating)
    reason = _rating_reason(chosen, reason)
    _record(collection, user, State(collection.state), rating=chosen, reason=reason)
    collection.rating, collection.rating_reason = chosen, reason
    collection.save(update_fields=["rating", "rating_reason", "updated_at"])
    return collection


@transaction.atomic
def collection_publish(*, collection: Collection, user: User) -> Collection:
    """Publish a rated, submitted collection: from now on the public pages show it."""
    collection = _lock(collection)
    _require_reviewer(user, collection)
    _require_state(collection, PUBLISHABLE, "published")
    if not collection.rating:
        raise ValidationError(
            "Rate the collection green, yellow or red before publishing it.", code="unrated"
        )
    _record(collection, user, State.PUBLISHED, rating=collection.rating)
    collection.published_at = timezone.now()
    collection.save(update_fields=["state", "published_at", "updated_at"])
    _notify_after_commit(notifications.collection_published_notify, collection=collection)
    return collection


@transaction.atomic
def collection_mark_not_reported(*, collection: Collection, user: User, reason: str) -> Collection:
    """Close a quarter that was never submitted; A-11 rates a missing submission red."""
    collection = _lock(collection)
    _require_reviewer(user, collection)
    _require_state(collection, SUBMITTABLE, "marked not reported")
    reason = _require_reason(reason, REASON_FOR_NOT_REPORTED)
    _record(collection, user, State.NOT_REPORTED, rating=Rating.RED, reason=reason)
    collection.rating, collection.rating_reason = Rating.RED, reason
    collection.save(update_fields=["state", "rating", "rating_reason", "updated_at"])
    return collection


@transaction.atomic
def collection_archive(*, collection: Collection, user: User, reason: str = "") -> Collection:
    """Set aside a published or not-reported collection; the reason is optional."""
    collection = _lock(collection)
    _require_reviewer(user, collection)
    _require_state(collection, ARCHIVABLE, "archived")
    _record(collection, user, State.ARCHIVED, reason=reason.strip())
    collection.save(update_fields=["state", "updated_at"])
    return collection


# --- the actions a page offers -----------------------------------------------------------------


class ReasonRule:
    NONE = ""
    OPTIONAL = "optional"
    REQUIRED = "required"
    # Required for a yellow or red rating, optional for green.
    FOR_SHORTFALL = "for_shortfall"


@dataclass(frozen=True)
class WorkflowAction:
    name: str
    label: str  # the button
    done: str  # the message once it worked
    url_name: str  # in the "reporting" namespace, with the collection's public_id
    for_reviewers: bool  # False: for preparers
    from_states: frozenset[State]
    reason: str  # a ReasonRule
    asks_rating: bool
    perform: Callable[[Collection, User, str, str], Collection]  # collection, user, reason, rating
    reason_missing: str = ""  # what a required reason's absence is called

    @property
    def reason_required(self) -> bool:
        return self.reason == ReasonRule.REQUIRED


ACTIONS: tuple[WorkflowAction, ...] = (
    WorkflowAction(
        name="submit",
        label="Submit for review",
        done="The collection was submitted; its performance managers have been told.",
        url_name="reporting:collection_submit",
        for_reviewers=False,
        from_states=SUBMITTABLE,
        reason=ReasonRule.NONE,
        asks_rating=False,
        perform=lambda c, user, reason, rating: collection_submit(collection=c, user=user),
    ),
    WorkflowAction(
        name="rate",
        label="Save the rating",
        done="The rating was saved.",
        url_name="reporting:collection_rate",
        for_reviewers=True,
        from_states=UNDER_REVIEW,
        reason=ReasonRule.FOR_SHORTFALL,
        asks_rating=True,
        perform=lambda c, user, reason, rating: collection_rate(
            collection=c, user=user, rating=rating, reason=reason
        ),
    ),
    WorkflowAction(
        name="publish",
        label="Publish",
        done="The collection was published.",
        url_name="reporting:collection_publish",
        for_reviewers=True,
        from_states=PUBLISHABLE,
        reason=ReasonRule.NONE,
        asks_rating=False,
        perform=lambda c, user, reason, rating: collection_publish(collection=c, user=user),
    ),
    WorkflowAction(
        name="request_changes",
        label="Request changes",
        done="Changes were requested; the preparers have been told.",
        url_name="reporting:collection_request_changes",
        for_reviewers=True,
        from_states=UNDER_REVIEW,
        reason=ReasonRule.REQUIRED,
        asks_rating=False,
        perform=lambda c, user, reason, rating: collection_request_changes(
            collection=c, user=user, reason=reason
        ),
        reason_missing=REASON_FOR_CHANGES,
    ),
    WorkflowAction(
        name="not_reported",
        label="Mark as not reported",
        done="The quarter was marked as not reported and rated red.",
        url_name="reporting:collection_not_reported",
        for_reviewers=True,
        from_states=SUBMITTABLE,
        reason=ReasonRule.REQUIRED,
        asks_rating=False,
        perform=lambda c, user, reason, rating: collection_mark_not_reported(
            collection=c, user=user, reason=reason
        ),
        reason_missing=REASON_FOR_NOT_REPORTED,
    ),
    WorkflowAction(
        name="archive",
        label="Archive",
        done="The collection was archived.",
        url_name="reporting:collection_archive",
        for_reviewers=True,
        from_states=ARCHIVABLE,
        reason=ReasonRule.OPTIONAL,
        asks_rating=False,
        perform=lambda c, user, reason, rating: collection_archive(
            collection=c, user=user, reason=reason
        ),
    ),
)
ACTIONS_BY_NAME: dict[str, WorkflowAction] = {action.name: action for action in ACTIONS}


def action_permitted(user: AnyUser, collection: Collection, action: WorkflowAction) -> bool:
    """Whether the user holds the role the action needs, whatever state the collection is in."""
    if action.for_reviewers:
        return can_review_collection(user, collection)
    return can_prepare_collection(user, collection)


def available_actions(user: AnyUser, collection: Collection) -> list[WorkflowAction]:
    """The actions to offer this user now. The services check again when one is posted, so a
    page left open while someone else acted cannot do what the rules now refuse."""
    roles = {
        True: can_review_collection(user, collection),
        False: can_prepare_collection(user, collection),
    }
    return [
        action
        for action in ACTIONS
        if roles[action.for_reviewers] and collection.state in action.from_states
    ]
