"""Alerts: after N consecutive complete months below target, one email per breach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from pytest_django import Settings

from govcx.standards.alerts import standards_check
from govcx.standards.models import Standard, StandardAlert
from govcx.standards.standard_services import StandardFields, standard_update
from tests.conftest import World
from tests.standards.standard_fixtures import add_cases, eastern, email_standard

RECIPIENTS = ["cx-lead@agency-a.example.gov", "contact-center@agency-a.example.gov"]


def first_tuesday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def month_of_cases(
    standard: Standard, year: int, month: int, *, met: bool, count: int = 12
) -> None:
    """`count` emails received on the month's first Tuesday, answered the next day (met) or
    three days later (missed)."""
    tuesday = first_tuesday(year, month)
    received = eastern(tuesday.year, tuesday.month, tuesday.day, 10)
    answered = received + dt.timedelta(days=1 if met else 3, hours=2)
    add_cases(standard, count, received, answered)


def check(year: int, month: int, day: int) -> list[StandardAlert]:
    moment = eastern(year, month, day, 12)
    outcome = standards_check(as_of=moment, now=moment)
    assert outcome.failed == []
    return outcome.sent


@pytest.fixture
def standard(world: World) -> Standard:
    return email_standard(world.a, alert_emails=tuple(RECIPIENTS), alert_after_periods=2)


def test_two_months_below_target_send_one_alert(standard: Standard) -> None:
    month_of_cases(standard, 2025, 1, met=True)
    month_of_cases(standard, 2025, 2, met=False)
    month_of_cases(standard, 2025, 3, met=False)
    (alert,) = check(2025, 4, 15)
    assert (alert.first_period_start, alert.last_period_start) == (
        dt.date(2025, 2, 1),
        dt.date(2025, 3, 1),
    )
    assert alert.periods_below_target == 2
    (message,) = mail.outbox
    assert message.to == RECIPIENTS
    assert message.subject == f"Below target for 2 months: {standard.public_wording}"
    assert "February 2025: 0.0% (95% interval 0.0% to 24.2%; n = 12 cases)" in message.body
    assert "March 2025: 0.0%" in message.body
    assert "January 2025" not in message.body
    assert "at least 80% of cases: time to first response within 1 business day" in message.body
    assert f"/staff/standards/{standard.public_id}/" in message.body


def test_running_again_does_not_resend_and_a_longer_breach_is_the_same_breach(
    standard: Standard,
) -> None:
    month_of_cases(standard, 2025, 2, met=False)
    month_of_cases(standard, 2025, 3, met=False)
    assert len(check(2025, 4, 15)) == 1
    assert check(2025, 4, 16) == []
    month_of_cases(standard, 2025, 4, met=False)
    assert check(2025, 5, 15) == []
    assert len(mail.outbox) == 1
    assert StandardAlert.objects.count() == 1


def test_a_new_breach_after_a_month_on_target_alerts_again(standard: Standard) -> None:
    month_of_cases(standard, 2025, 2, met=False)
    month_of_cases(standard, 2025, 3, met=False)
    assert len(check(2025, 4, 15)) == 1
    month_of_cases(standard, 2025, 4, met=True)
    month_of_cases(standard, 2025, 5, met=False)
    month_of_cases(standard, 2025, 6, met=False)
    (second,) = check(2025, 7, 15)
    assert second.first_period_start == dt.date(2025, 5, 1)
    assert len(mail.outbox) == 2


def test_one_month_below_target_is_not_yet_a_breach(standard: Standard) -> None:
    month_of_cases(standard, 2025, 2, met=True)
    month_of_cases(standard, 2025, 3, met=False)
    assert check(2025, 4, 15) == []
    assert mail.outbox == []


def test_the_month_in_progress_does_not_count(standard: Standard) -> None:
    month_of_cases(standard, 2025, 3, met=False)
    month_of_cases(standard, 2025, 4, met=False)
    assert check(2025, 4, 30) == []  # April is not over yet
    assert len(check(2025, 5, 1)) == 1


def test_a_month_with_too_few_cases_to_judge_ends_a_run(standard: Standard) -> None:
    month_of_cases(standard, 2025, 2, met=False, count=5)
    month_of_cases(standard, 2025, 3, met=False)
    assert check(2025, 4, 15) == []


def test_an_alert_after_one_month_when_asked(world: World, standard: Standard) -> None:
    fields = StandardFields(
        service=standard.service,
        channel=standard.channel,
        measure=standard.measure,
        target_value=standard.target_value,
        target_unit=standard.target_unit,
        required_share=standard.required_share,
        calendar=standard.calendar,
        public_wording=standard.public_wording,
        alert_after_periods=1,
        alert_emails=tuple(RECIPIENTS),
    )
    standard_update(standard=standard, fields=fields)
    month_of_cases(standard, 2025, 3, met=False)
    assert len(check(2025, 4, 15)) == 1


def test_standards_without_recipients_or_inactive_send_nothing(world: World) -> None:
    silent = email_standard(world.a, alert_emails=())
    inactive = email_standard(
        world.a, channel="website", alert_emails=tuple(RECIPIENTS), active=False
    )
    for standard in (silent, inactive):
        month_of_cases(standard, 2025, 2, met=False)
        month_of_cases(standard, 2025, 3, met=False)
    assert check(2025, 4, 15) == []
    assert mail.outbox == []


def test_the_command_judges_as_of_the_date_given(standard: Standard) -> None:
    month_of_cases(standard, 2025, 2, met=False)
    month_of_cases(standard, 2025, 3, met=False)
    call_command("check-standards", "--as-of", "2025-03-31")
    assert mail.outbox == []  # March was not over
    call_command("check-standards", "--as-of", "2025-04-01")
    assert len(mail.outbox) == 1
    call_command("check-standards", "--as-of", "2025-04-02")
    assert len(mail.outbox) == 1


def test_the_command_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="not a date as YYYY-MM-DD"):
        call_command("check-standards", "--as-of", "2025-02-30")


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("Connection refused")


def test_an_alert_the_mail_server_refuses_is_sent_on_the_next_run(
    standard: Standard, settings: Settings
) -> None:
    month_of_cases(standard, 2025, 2, met=False)
    month_of_cases(standard, 2025, 3, met=False)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with pytest.raises(CommandError, match="1 alert"):
        call_command("check-standards", "--as-of", "2025-04-15", stderr=StringIO())
    assert not StandardAlert.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("check-standards", "--as-of", "2025-04-15", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_a_line_break_in_the_wording_stays_out_of_the_subject(standard: Standard) -> None:
    Standard.objects.filter(pk=standard.pk).update(public_wording="Fast\nBcc: x@example.com")
    month_of_cases(standard, 2025, 2, met=False)
    month_of_cases(standard, 2025, 3, met=False)
    check(2025, 4, 15)
    assert mail.outbox[0].subject == "Below target for 2 months: Fast Bcc: x@example.com"
