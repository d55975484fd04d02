"""Emails about quarterly collections: each change of state, and reminders before the due date.

Who is told what:
- submitted: the organization's performance managers, who review it;
- changes requested: the organization's preparers (organization admins and survey managers)
  and whoever submitted it, with the reviewer's reason;
- published: the preparers;
- reminders: the preparers of a collection still in draft or sent back for changes, 14, 7 and
  1 days before its due date and once when it is overdue.

Each person gets a message of their own, so nobody learns another's address. Emails are plain
text and carry what a person needs to act: the service, the fiscal quarter, the due date, the
state and a link to the collection (absolute, from the SITE_URL setting, as alerts build theirs).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from govcx.registry.models import Organization, Role, User
from govcx.reporting.models import (
    Collection,
    CollectionReminder,
    CollectionState,
    CollectionTransition,
    Rating,
)
from govcx.reporting.selectors import PREPARING_ROLES

logger = logging.getLogger(__name__)

REVIEWER_ROLES = (Role.PERFORMANCE_MANAGER,)
SUBJECT_LENGTH = 200

# Reminders go out this many days before the due date; OVERDUE once the date has passed.
REMINDER_DAYS: tuple[int, ...] = (14, 7, 1)
OVERDUE = 0
STATES_REMINDED = (CollectionState.DRAFT, CollectionState.CHANGE_REQUESTED)


# --- recipients --------------------------------------------------------------------------------


def organization_emails(organization: Organization, roles: Iterable[Role]) -> list[str]:
    """Addresses of the active people holding any of `roles` in the organization."""
    emails = (
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__role__in=list(roles),
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def preparer_emails(collection: Collection) -> list[str]:
    return organization_emails(collection.organization, PREPARING_ROLES)


def reviewer_emails(collection: Collection) -> list[str]:
    return organization_emails(collection.organization, REVIEWER_ROLES)


def last_submitter(collection: Collection) -> User | None:
    """Who submitted the collection most recently, from its history."""
    submitted = (
        collection.transitions.filter(to_state=CollectionState.SUBMITTED)
        .exclude(from_state=CollectionState.SUBMITTED)  # a rating while submitted is not one
        .select_related("user")
        .order_by("-created_at", "-id")
        .first()
    )
    return submitted.user if submitted is not None else None


# --- wording -----------------------------------------------------------------------------------


def date_text(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def person_name(user: User | None) -> str:
    if user is None:
        return "govcx"
    return user.get_full_name() or user.username


def collection_link(collection: Collection) -> str:
    path = reverse("reporting:collection_detail", kwargs={"public_id": collection.public_id})
    return f"{settings.SITE_URL}{path}"


def one_line(text: str) -> str:
    # A line break in a subject is refused as header injection.
    return " ".join(text.split())[:SUBJECT_LENGTH]


def collection_title(collection: Collection) -> str:
    return f"{collection.service.name} · {collection.fiscal_quarter.label}"


def collection_facts(collection: Collection) -> list[str]:
    """The lines every email about a collection opens with."""
    quarter = collection.fiscal_quarter
    return [
        f"{collection.organization.name} · {collection.service.name}",
        f"Fiscal quarter: {quarter.label} ({date_text(quarter.start)} to {date_text(quarter.end)})",
        f"Due: {date_text(collection.due_date)}",
        f"State: {collection.get_state_display()}",
    ]


def rating_text(collection: Collection) -> str:
    if not collection.rating:
        return "Not rated"
    return Rating(collection.rating).label


# --- sending -----------------------------------------------------------------------------------


def send_each(subject: str, body: str, recipients: Iterable[str]) -> int:
    """One message per recipient, over one connection; how many were sent."""
    messages = [EmailMessage(one_line(subject), body, None, [email]) for email in recipients]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def submitted_body(collection: Collection, submitter: User | None) -> str:
    return "\n".join(
        [
            *collection_facts(collection),
            f"Submitted by: {person_name(submitter)}",
            "",
            "The quarterly A-11 customer experience data collection was submitted for review.",
            "Rate it green, yellow or red, then publish it or request changes:",
            collection_link(collection),
        ]
    )


def collection_submitted_notify(*, collection: Collection) -> int:
    """Tell the performance managers a collection awaits their review."""
    body = submitted_body(collection, last_submitter(collection))
    subject = f"Submitted for review: {collection_title(collection)}"
    return send_each(subject, body, reviewer_emails(collection))


def changes_requested_body(collection: Collection, transition: CollectionTransition) -> str:
    return "\n".join(
        [
            *collection_facts(collection),
            f"Changes requested by: {person_name(transition.user)}",
            "",
            "What needs to change:",
            transition.reason,
            "",
            "Make the changes and submit the collection again:",
            collection_link(collection),
        ]
    )


def collection_changes_requested_notify(
    *, collection: Collection, transition: CollectionTransition
) -> int:
    """Tell the preparers, and whoever submitted, what the reviewer wants changed."""
    recipients = set(preparer_emails(collection))
    submitter = last_submitter(collection)
    if submitter is not None and submitter.is_active and submitter.email:
        recipients.add(submitter.email)
    body = changes_requested_body(collection, transition)
    subject = f"Changes requested: {collection_title(collection)}"
    return send_each(subject, body, sorted(recipients))


def published_body(collection: Collection) -> str:
    return "\n".join(
        [
            *collection_facts(collection),
            f"Rating: {rating_text(collection)}",
            *([f"Why: {collection.rating_reason}"] if collection.rating_reason else []),
            "",
            "The quarterly A-11 customer experience data collection was published.",
            collection_link(collection),
        ]
    )


def collection_published_notify(*, collection: Collection) -> int:
    """Tell the preparers their collection is published, with its rating."""
    subject = f"Published: {collection_title(collection)}"
    return send_each(subject, published_body(collection), preparer_emails(collection))


# --- reminders ---------------------------------------------------------------------------------


def reminder_stage(days_left: int) -> int | None:
    """Which reminder a collection due in `days_left` days is owed: OVERDUE once the due date
    has passed, else the nearest of REMINDER_DAYS at or above `days_left` (None when the date
    is further off than all of them).

    A day the job did not run is caught up on the next: a collection first found 3 days from
    its due date gets the 7-day reminder, worded for 3 days.
    """
    if days_left < 0:
        return OVERDUE
    return min((days for days in REMINDER_DAYS if days_left <= days), default=None)


def reminder_subject(collection: Collection, days_left: int) -> str:
    title = collection_title(collection)
    if days_left < 0:
        return f"Overdue since {date_text(collection.due_date)}: {title}"
    if days_left == 0:
        return f"Due today: {title}"
    if days_left == 1:
        return f"Due tomorrow: {title}"
    return f"Due in {days_left} days: {title}"


def reminder_body(collection: Collection, days_left: int) -> str:
    if days_left < 0:
        lead = f"The quarterly A-11 data collection was due {-days_left} day(s) ago."
    else:
        lead = f"The quarterly A-11 data collection is due in {days_left} day(s)."
    return "\n".join(
        [
            *collection_facts(collection),
            "",
            lead,
            "Fill in every survey and channel, then submit it for review:",
            collection_link(collection),
        ]
    )


def collections_to_remind() -> Iterable[Collection]:
    return (
        Collection.objects.filter(state__in=STATES_REMINDED)
        .select_related("organization", "service")
        .order_by("fiscal_year", "quarter", "id")
    )


def _still_owed(collection: Collection, stage: int) -> bool:
    """Whether the collection still awaits its preparers (its row locked, so a submission at
    this moment cannot slip between this check and the email) and this reminder is unsent."""
    awaiting = (
        Collection.objects.select_for_update(of=("self",))
        .filter(pk=collection.pk, state__in=STATES_REMINDED)
        .first()
        is not None
    )
    sent = CollectionReminder.objects.filter(collection=collection, days_before_due=stage)
    return awaiting and not sent.exists()


@transaction.atomic
def collection_reminder_send(
    *, collection: Collection, today: dt.date, now: dt.datetime
) -> CollectionReminder | None:
    """Send the reminder the collection is owed today, once; None when none is owed.

    The reminder is recorded before it is sent, in the same transaction: a second run at the
    same time waits on the record and then finds it, and a mail server that refuses the
    message rolls the record back, so the next run tries again.
    """
    days_left = (collection.due_date - today).days
    stage = reminder_stage(days_left)
    if stage is None or not _still_owed(collection, stage):
        return None
    recipients = preparer_emails(collection)
    if not recipients:
        return None
    try:
        with transaction.atomic():
            reminder = CollectionReminder.objects.create(
                collection=collection,
                days_before_due=stage,
                recipients=len(recipients),
                sent_at=now,
            )
    except IntegrityError:  # already sent, by this run's predecessor or a concurrent one
        return None
    send_each(
        reminder_subject(collection, days_left), reminder_body(collection, days_left), recipients
    )
    return reminder


def collection_reminders_send(
    today: dt.date,
    *,
    on_failure: Callable[[Collection, str], object] | None = None,
) -> list[CollectionReminder]:
    """Send every reminder owed today; safe to run as often as you like.

    A reminder the mail server refuses is logged (and passed to `on_failure`) and not
    recorded, so the next run sends it; it does not stop the others.
    """
    sent: list[CollectionReminder] = []
    now = timezone.now()
    for collection in collections_to_remind():
        try:
            reminder = collection_reminder_send(collection=collection, today=today, now=now)
        except OSError as error:  # smtplib's errors and network failures alike
            reason = str(error) or type(error).__name__
            logger.warning("Reminder for collection %s not sent: %s", collection.public_id, reason)
            if on_failure is not None:
                on_failure(collection, reason)
            continue
        if reminder is not None:
            sent.append(reminder)
    return sent
