"""Workflow emails (submitted, changes requested, published) and the due-date reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from pytest_django import Settings

from govcx.registry.models import Role, User
from govcx.registry.services import membership_grant, membership_revoke
from govcx.reporting.models import Collection, CollectionReminder, CollectionState, Rating
from govcx.reporting.notifications import collection_reminders_send, reminder_stage
from govcx.reporting.workflow import (
    collection_mark_not_reported,
    collection_publish,
    collection_rate,
    collection_request_changes,
    collection_submit,
)
from tests.conftest import World, make_user
from tests.reporting.conftest import Reviewers
from tests.reporting.test_workflow import DUE, make_collection, set_state

State = CollectionState
SITE = "https://cx.agency.example.gov"
CaptureCallbacks = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture(autouse=True)
def _site_address(settings: Settings) -> None:
    settings.SITE_URL = SITE


@pytest.fixture
def collection(world: World) -> Collection:
    return make_collection(world.a)


Committed = Callable[[], AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: CaptureCallbacks) -> Committed:
    """`with committed(): …` runs, on leaving the block, what waits for the transaction to
    commit, as it runs outside a test."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def addressed() -> list[str]:
    """Who got a message, one address per message."""
    return sorted(address for message in mail.outbox for address in message.to)


def collection_address(collection: Collection) -> str:
    return f"{SITE}/staff/collections/{collection.public_id}/"


# --- state changes -----------------------------------------------------------------------------


def test_a_submission_is_emailed_to_the_organizations_performance_managers(
    collection: Collection, world: World, reviewers: Reviewers, committed: Committed
) -> None:
    second = make_user("performance_a2")
    membership_grant(user=second, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER)
    with committed():
        collection_submit(collection=collection, user=world.manager_a)
    assert addressed() == ["performance_a2@example.gov", "performance_a@example.gov"]
    message = mail.outbox[0]
    assert message.subject == "Submitted for review: AGA benefit applications · FY2025 Q1"
    assert "Agency A · AGA benefit applications" in message.body
    assert "Fiscal quarter: FY2025 Q1 (October 1, 2024 to December 31, 2024)" in message.body
    assert "Due: January 30, 2025" in message.body
    assert "State: Submitted" in message.body
    assert "Submitted by: manager_a" in message.body
    assert collection_address(collection) in message.body


def test_a_change_request_is_emailed_to_the_preparers_and_the_submitter_with_the_reason(
    collection: Collection, world: World, reviewers: Reviewers, committed: Committed
) -> None:
    submitter = make_user("bureau_admin")
    membership_grant(
        user=submitter, organization=world.a.organization, role=Role.ORGANIZATION_ADMIN
    )
    with committed():
        collection = collection_submit(collection=collection, user=submitter)
    # The submitter has since moved on, but still hears about what they submitted.
    membership_revoke(
        user=submitter, organization=world.a.organization, role=Role.ORGANIZATION_ADMIN
    )
    mail.outbox.clear()
    with committed():
        collection_request_changes(
            collection=collection,
            user=reviewers.performance_a,
            reason="The phone channel is missing.\nAdd it from the call center's survey.",
        )
    assert addressed() == [
        "admin_a@example.gov",
        "bureau_admin@example.gov",
        "manager_a@example.gov",
    ]
    message = mail.outbox[0]
    assert message.subject == "Changes requested: AGA benefit applications · FY2025 Q1"
    assert "State: Change requested" in message.body
    assert "Changes requested by: performance_a" in message.body
    assert (
        "What needs to change:\nThe phone channel is missing.\n"
        "Add it from the call center's survey." in message.body
    )
    assert collection_address(collection) in message.body


def test_each_person_gets_a_message_of_their_own(
    collection: Collection, world: World, reviewers: Reviewers, committed: Committed
) -> None:
    with committed():
        collection = collection_submit(collection=collection, user=world.admin_a)
    mail.outbox.clear()
    with committed():
        collection_request_changes(
            collection=collection, user=reviewers.performance_a, reason="Fix."
        )
    # admin_a is both a preparer and the submitter: one message, not two.
    assert [message.to for message in mail.outbox] == [
        ["admin_a@example.gov"],
        ["manager_a@example.gov"],
    ]


def test_a_publication_is_emailed_to_the_preparers_with_its_rating(
    collection: Collection, reviewers: Reviewers, committed: Committed
) -> None:
    collection = set_state(collection, State.SUBMITTED)
    with committed():
        collection = collection_rate(
            collection=collection,
            user=reviewers.performance_a,
            rating=Rating.YELLOW,
            reason="Only the website is surveyed.",
        )
    assert mail.outbox == []  # a rating alone tells nobody
    with committed():
        collection_publish(collection=collection, user=reviewers.performance_a)
    assert addressed() == ["admin_a@example.gov", "manager_a@example.gov"]
    body = mail.outbox[0].body
    assert "Rating: Yellow: partially in line with A-11" in body
    assert "Why: Only the website is surveyed." in body
    assert "State: Published" in body


def test_people_without_an_address_or_no_longer_active_get_nothing(
    collection: Collection, world: World, reviewers: Reviewers, committed: Committed
) -> None:
    User.objects.filter(pk=world.manager_a.pk).update(email="")
    User.objects.filter(pk=reviewers.performance_a.pk).update(is_active=False)
    with committed():
        collection = collection_submit(collection=collection, user=world.admin_a)
    assert mail.outbox == []
    collection = set_state(collection, State.SUBMITTED, rating=Rating.GREEN)
    reviewer = make_user("performance_a3")
    membership_grant(
        user=reviewer, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER
    )
    with committed():
        collection_publish(collection=collection, user=reviewer)
    assert addressed() == ["admin_a@example.gov"]


def test_a_refused_transition_sends_nothing(
    collection: Collection, world: World, committed: Committed
) -> None:
    collection.details.all().delete()
    with committed(), pytest.raises(ValidationError):
        collection_submit(collection=collection, user=world.admin_a)
    assert mail.outbox == []


def test_emails_wait_for_the_change_to_be_committed(
    collection: Collection,
    world: World,
    django_capture_on_commit_callbacks: CaptureCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        collection_submit(collection=collection, user=world.admin_a)
    assert mail.outbox == []
    assert len(waiting) == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("Connection refused")


def test_a_mail_server_that_is_down_does_not_undo_a_submission(
    collection: Collection, world: World, settings: Settings, committed: Committed
) -> None:
    settings.EMAIL_BACKEND = "tests.reporting.test_notifications.RefusingBackend"
    with committed() as ran:
        submitted = collection_submit(collection=collection, user=world.admin_a)
    assert len(ran) == 1  # the email was tried, and failed
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


# --- reminders ---------------------------------------------------------------------------------


def days_before_due(days: int) -> dt.date:
    return DUE - dt.timedelta(days=days)


def reminded(today: dt.date) -> list[int]:
    return [reminder.days_before_due for reminder in collection_reminders_send(today)]


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(30, None), (15, None), (14, 14), (8, 14), (7, 7), (2, 7), (1, 1), (0, 1), (-1, 0), (-90, 0)],
)
def test_which_reminder_is_owed(days_left: int, stage: int | None) -> None:
    assert reminder_stage(days_left) == stage


def test_reminders_go_out_14_7_and_1_days_before_and_once_overdue(collection: Collection) -> None:
    sent_on = {}
    for offset in range(20, -6, -1):  # every day from 20 days before to 5 days after
        today = days_before_due(offset)
        for _ in range(2):  # and twice each day
            for days in reminded(today):
                assert days not in sent_on, f"the {days}-day reminder went out twice"
                sent_on[days] = today
    assert sent_on == {
        14: dt.date(2025, 1, 16),
        7: dt.date(2025, 1, 23),
        1: dt.date(2025, 1, 29),
        0: dt.date(2025, 1, 31),
    }
    assert CollectionReminder.objects.filter(collection=collection).count() == 4
    assert len(mail.outbox) == 4 * 2  # each reminder to the organization's two preparers


def test_a_reminder_goes_to_the_preparers_only(
    collection: Collection, reviewers: Reviewers
) -> None:
    (reminder,) = collection_reminders_send(days_before_due(7))
    assert (reminder.collection, reminder.days_before_due, reminder.recipients) == (
        collection,
        7,
        2,
    )
    assert addressed() == ["admin_a@example.gov", "manager_a@example.gov"]


def test_a_reminder_says_what_is_due_when_and_where(collection: Collection) -> None:
    collection_reminders_send(days_before_due(7))
    message = mail.outbox[0]
    assert message.subject == "Due in 7 days: AGA benefit applications · FY2025 Q1"
    assert "Due: January 30, 2025" in message.body
    assert "State: Draft" in message.body
    assert "is due in 7 day(s)" in message.body
    assert collection_address(collection) in message.body


@pytest.mark.parametrize(
    ("offset", "subject"),
    [
        (1, "Due tomorrow: AGA benefit applications · FY2025 Q1"),
        (-3, "Overdue since January 30, 2025: AGA benefit applications · FY2025 Q1"),
    ],
)
def test_reminder_subjects(collection: Collection, offset: int, subject: str) -> None:
    collection_reminders_send(days_before_due(offset))
    assert {message.subject for message in mail.outbox} == {subject}


@pytest.mark.parametrize(
    "state",
    [State.SUBMITTED, State.PUBLISHED, State.NOT_REPORTED, State.ARCHIVED],
)
def test_no_reminder_for_a_collection_no_longer_with_its_preparers(
    collection: Collection, state: str
) -> None:
    set_state(collection, state)
    for offset in (14, 7, 1, -1):
        assert reminded(days_before_due(offset)) == []
    assert mail.outbox == []
    assert not CollectionReminder.objects.exists()


def test_reminders_stop_once_submitted_and_resume_after_a_change_request(
    collection: Collection, world: World, reviewers: Reviewers
) -> None:
    assert reminded(days_before_due(14)) == [14]
    collection = collection_submit(collection=collection, user=world.admin_a)
    assert reminded(days_before_due(7)) == []
    assert reminded(days_before_due(1)) == []
    collection_request_changes(collection=collection, user=reviewers.performance_a, reason="Fix.")
    assert reminded(days_before_due(-2)) == [0]
    assert reminded(days_before_due(-3)) == []


def test_a_reminder_also_goes_out_while_changes_are_requested(collection: Collection) -> None:
    set_state(collection, State.CHANGE_REQUESTED)
    assert reminded(days_before_due(1)) == [1]
    assert "State: Change requested" in mail.outbox[0].body


def test_none_after_a_quarter_is_marked_not_reported(
    collection: Collection, reviewers: Reviewers
) -> None:
    assert reminded(days_before_due(-1)) == [0]
    collection_mark_not_reported(collection=collection, user=reviewers.performance_a, reason="x")
    CollectionReminder.objects.all().delete()
    assert reminded(days_before_due(-2)) == []


def test_a_day_the_job_did_not_run_is_caught_up_the_next(collection: Collection) -> None:
    assert reminded(days_before_due(20)) == []
    assert reminded(days_before_due(5)) == [7]  # missed the 14- and 7-day runs: one reminder
    assert mail.outbox[0].subject == "Due in 5 days: AGA benefit applications · FY2025 Q1"
    assert reminded(days_before_due(4)) == []


def test_each_collection_is_reminded_on_its_own(world: World, collection: Collection) -> None:
    other = make_collection(world.b)
    later = make_collection(world.a, quarter=collection.fiscal_quarter.next())
    sent = collection_reminders_send(days_before_due(7))
    assert sorted((r.collection_id, r.days_before_due) for r in sent) == sorted(
        [(collection.pk, 7), (other.pk, 7)]
    )
    assert not later.reminders.exists()
    assert addressed() == [
        "admin_a@example.gov",
        "manager_a@example.gov",
        "outsider_b@example.gov",
    ]


def test_an_organization_without_preparers_records_no_reminder(
    collection: Collection, world: World
) -> None:
    for user, role in (
        (world.admin_a, Role.ORGANIZATION_ADMIN),
        (world.manager_a, Role.SURVEY_MANAGER),
    ):
        membership_revoke(user=user, organization=world.a.organization, role=role)
    assert reminded(days_before_due(7)) == []
    assert not CollectionReminder.objects.exists()
    membership_grant(
        user=world.admin_a, organization=world.a.organization, role=Role.SURVEY_MANAGER
    )
    assert reminded(days_before_due(6)) == [7]


def test_a_reminder_the_mail_server_refuses_is_sent_on_the_next_run(
    collection: Collection, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "tests.reporting.test_notifications.RefusingBackend"
    failures: list[tuple[Collection, str]] = []
    sent = collection_reminders_send(
        days_before_due(7), on_failure=lambda c, reason: failures.append((c, reason))
    )
    assert sent == []
    assert failures == [(collection, "Connection refused")]
    assert not CollectionReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminded(days_before_due(7)) == [7]


# --- the command -------------------------------------------------------------------------------


def test_the_command_counts_days_from_the_date_given(collection: Collection) -> None:
    call_command("send-collection-reminders", "--today", "2025-01-15")
    assert mail.outbox == []  # 15 days before
    out = call_command_output("--today", "2025-01-16")
    assert "Sent 1 reminder(s)." in out
    assert len(mail.outbox) == 2
    call_command("send-collection-reminders", "--today", "2025-01-16")
    assert len(mail.outbox) == 2


def call_command_output(*args: str) -> str:
    out = StringIO()
    call_command("send-collection-reminders", *args, stdout=out)
    return out.getvalue()


def test_the_command_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="not a date as YYYY-MM-DD"):
        call_command("send-collection-reminders", "--today", "2025-02-30")


def test_the_command_fails_when_a_reminder_could_not_be_sent(
    collection: Collection, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "tests.reporting.test_notifications.RefusingBackend"
    with pytest.raises(CommandError, match="1 reminder"):
        call_command("send-collection-reminders", "--today", "2025-01-23")
