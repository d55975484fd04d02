"""Email a standard's alert list when it stays below target, once per breach.

A breach is a run of consecutive complete months below target, ending with the latest
complete month, at least `alert_after_periods` long. Months with too few records to judge
(or none) are neither above nor below target, so they end a run: an alert says the standard
was missed, never that it might have been. A breach is alerted once: a later run of
`check-standards` finds the alert already recorded for a run that overlaps it. A breach that
ends and starts again later is a new breach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from govcx.standards.compliance import (
    PeriodCompliance,
    Verdict,
    compliance_by_period,
    latest_complete_months,
)
from govcx.standards.display import SECONDS, SHARE, figure_text, record_noun, target_text
from govcx.standards.models import Standard, StandardAlert

# How far back a run is traced. A standard missed for longer than this is alerted again
# when the oldest alerted month leaves the window: a reminder every two years at most.
LOOKBACK_MONTHS = 24
SUBJECT_LENGTH = 200


@dataclass(frozen=True)
class Breach:
    standard: Standard
    months: list[PeriodCompliance]  # the run below target, oldest first

    @property
    def first(self) -> PeriodCompliance:
        return self.months[0]

    @property
    def last(self) -> PeriodCompliance:
        return self.months[-1]


def missed_run(results: list[PeriodCompliance]) -> list[PeriodCompliance]:
    """The months below target at the end of `results` (oldest first), oldest first."""
    run: list[PeriodCompliance] = []
    for result in reversed(results):
        if result.verdict != Verdict.MISSED:
            break
        run.append(result)
    return run[::-1]


def breach_of(standard: Standard, *, as_of: dt.datetime) -> Breach | None:
    months = latest_complete_months(standard, as_of, LOOKBACK_MONTHS)
    run = missed_run(compliance_by_period(standard, months, as_of=as_of))
    if len(run) < standard.alert_after_periods:
        return None
    return Breach(standard, run)


def already_alerted(breach: Breach) -> bool:
    """Whether an alert was sent for a run overlapping this one: the same breach."""
    return StandardAlert.objects.filter(
        standard=breach.standard,
        first_period_start__lte=breach.last.period.start,
        last_period_start__gte=breach.first.period.start,
    ).exists()


def alert_subject(breach: Breach) -> str:
    # One line, always: a line break in a subject is refused as header injection.
    wording = " ".join(breach.standard.public_wording.split())
    return f"Below target for {len(breach.months)} months: {wording}"[:SUBJECT_LENGTH]


def alert_body(breach: Breach) -> str:
    standard = breach.standard
    noun = record_noun(standard)
    channel = standard.get_channel_display()
    lines = [
        f"{standard.organization.name} · {standard.service.name} · {channel}",
        f"Standard: {standard.public_wording}",
        f"Target: {target_text(standard)}.",
        "",
        f"It has been below target for {len(breach.months)} consecutive months:",
    ]
    for result in breach.months:
        kind = SHARE if result.headline_is_share else SECONDS
        text = figure_text(result.headline, kind=kind, noun=noun).sentence()
        lines.append(f"- {result.period.label}: {text}")
    lines += [
        "",
        f"See every period: {settings.SITE_URL}/staff/standards/{standard.public_id}/",
        "",
        "This is the only alert for this run of months; the next comes if the standard "
        "recovers and then falls below target again.",
    ]
    return "\n".join(lines)


@transaction.atomic
def standard_alert_send(*, breach: Breach, now: dt.datetime) -> StandardAlert:
    """Record the alert and email it; if the email fails, nothing is recorded and the next
    run tries again."""
    recipients = list(breach.standard.alert_emails)
    alert = StandardAlert.objects.create(
        standard=breach.standard,
        first_period_start=breach.first.period.start,
        last_period_start=breach.last.period.start,
        periods_below_target=len(breach.months),
        recipients=recipients,
        sent_at=now,
    )
    send_mail(alert_subject(breach), alert_body(breach), None, recipients)
    return alert


def standards_to_check() -> Iterable[Standard]:
    standards = Standard.objects.filter(active=True).select_related(
        "organization", "service", "calendar"
    )
    return (standard for standard in standards.iterator() if standard.alert_emails)


@dataclass(frozen=True)
class CheckOutcome:
    sent: list[StandardAlert]
    failed: list[tuple[Standard, str]]  # the standard and why its alert could not be sent


def standards_check(*, as_of: dt.datetime, now: dt.datetime) -> CheckOutcome:
    """Alert on every active standard with recipients that is in a breach not yet alerted.

    A mail server that refuses one alert does not stop the others; the refused one is not
    recorded, so the next run sends it.
    """
    outcome = CheckOutcome(sent=[], failed=[])
    for standard in standards_to_check():
        breach = breach_of(standard, as_of=as_of)
        if breach is None or already_alerted(breach):
            continue
        try:
            outcome.sent.append(standard_alert_send(breach=breach, now=now))
        except OSError as error:  # smtplib's errors and network failures alike
            outcome.failed.append((standard, str(error) or type(error).__name__))
    return outcome
