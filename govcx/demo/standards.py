"""The demo agency's service standards, its business calendar and synthetic operational records.

Standards and the calendar go through the product's own services. Call and case records are
bulk-loaded, like responses, with times drawn so that some standards are met comfortably, one
slips in the winter filing season, and a few cases wait on the customer.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from govcx.demo.identity import IdentityMint, stream_counter_start
from govcx.demo.period import DemoPeriod
from govcx.demo.randomness import seeded_random
from govcx.registry.models import Organization, Service
from govcx.registry.selectors import redaction_patterns_compiled
from govcx.responses.models import Response
from govcx.responses.redaction import answers_redact
from govcx.standards.models import (
    CallOutcome,
    CallRecord,
    CaseRecord,
    CaseStatus,
    CaseStatusChange,
    Measure,
    TargetUnit,
)
from govcx.standards.standard_services import (
    CalendarFields,
    Closure,
    StandardFields,
    calendar_create,
    standard_create,
)
from govcx.surveys.models import Survey
from govcx.surveys.structure import Question, QuestionType
from govcx.surveys.validation import Answer, validate_answers

TRANSACTION_ID_QUESTION = Question(
    key="transaction_id",
    type=QuestionType.HIDDEN,
    text="Case or transaction number",
    help_text="Filled in from the link the case system sends with its reply.",
)
FEEDBACK_SHARE = 0.35  # of answered emails whose customer then answered the survey
FAST_REPLY_HOURS = 24.0
POSITIVE_IF_FAST = 0.8
POSITIVE_IF_SLOW = 0.45
FEEDBACK_STREAM = 7  # receipt counters apart from the two agencies' response streams
EASTERN_OFFICE_HOURS: list[list[str] | None] = [["08:00", "17:00"]] * 5 + [None, None]
BATCH = 5_000


@dataclass(frozen=True)
class StandardPlan:
    service: str
    channel: str
    measure: str
    target: str
    unit: str
    share: str | None
    wording: str


STANDARDS: tuple[StandardPlan, ...] = (
    StandardPlan(
        "Benefits contact center", "phone", Measure.SPEED_OF_ANSWER, "30", TargetUnit.SECONDS,
        "80", "We answer 80 percent of calls within 30 seconds.",
    ),
    StandardPlan(
        "Benefits contact center", "phone", Measure.ABANDONMENT_RATE, "5", TargetUnit.PERCENT,
        None, "Fewer than 5 percent of callers hang up before we answer.",
    ),
    StandardPlan(
        "Benefits contact center", "email", Measure.TIME_TO_FIRST_RESPONSE, "1",
        TargetUnit.BUSINESS_DAYS, "80", "We answer email within one business day.",
    ),
    StandardPlan(
        "Renew a professional license", "website", Measure.TIME_TO_RESOLUTION, "10",
        TargetUnit.BUSINESS_DAYS, "85", "We decide license renewals within 10 business days.",
    ),
    StandardPlan(
        "Request copies of records", "website", Measure.PROCESSING_TIME, "30",
        TargetUnit.CALENDAR_DAYS, "90", "We send copies of records within 30 days.",
    ),
)  # fmt: skip


def standards_seed(
    organization: Organization, *, period: DemoPeriod, seed: int, records: int
) -> int:
    """The calendar, the standards and about `records` call and case records; returns the count."""
    calendar = calendar_create(
        organization=organization,
        fields=CalendarFields(
            name="Headquarters (Eastern)",
            time_zone="America/New_York",
            business_hours=EASTERN_OFFICE_HOURS,
            observes_federal_holidays=True,
            closures=(Closure(date=period.start.date() + dt.timedelta(days=120), name="Snow day"),),
        ),
    )
    services = {s.name: s for s in Service.objects.filter(organization=organization)}
    for plan in STANDARDS:
        standard_create(
            organization=organization,
            fields=StandardFields(
                service=services[plan.service],
                channel=plan.channel,
                measure=plan.measure,
                target_value=Decimal(plan.target),
                target_unit=plan.unit,
                required_share=Decimal(plan.share) if plan.share else None,
                calendar=calendar,
                public_wording=plan.wording,
            ),
        )
    rng = seeded_random(f"standards:{seed}")
    calls = _calls_write(
        organization, services["Benefits contact center"], period, rng, records // 2
    )
    cases = _cases_write(organization, services, period, rng, records - records // 2)
    return calls + cases


def records_cutoff(period: DemoPeriod) -> dt.datetime:
    """The start of the period's last hour: records end there, so a seed gives the same records
    all through an hour rather than changing with every second of the clock."""
    return period.hour_start(period.hour_count - 1)


def _moment(period: DemoPeriod, rng: random.Random) -> dt.datetime:
    """A weekday working-hours moment (Eastern) somewhere in the period."""
    span = (records_cutoff(period) - period.start).total_seconds()
    while True:
        moment = period.start + dt.timedelta(seconds=rng.random() * span)
        eastern_hour = (moment - dt.timedelta(hours=5)).hour
        if moment.weekday() < 5 and 8 <= eastern_hour < 17:
            return moment


def _winter_strain(moment: dt.datetime) -> float:
    """January to March is filing season: queues grow and answers slow down."""
    return 1.8 if moment.month in (1, 2, 3) else 1.0


def _calls_write(
    organization: Organization, service: Service, period: DemoPeriod, rng: random.Random, count: int
) -> int:
    rows = []
    for number in range(count):
        offered = _moment(period, rng)
        wait = int(rng.expovariate(1 / (14 * _winter_strain(offered))))
        abandoned = rng.random() < 0.015 + wait / 4000
        rows.append(
            CallRecord(
                organization=organization,
                service=service,
                channel="phone",
                external_id=f"CALL-{number:07d}",
                offered_at=offered,
                outcome=CallOutcome.ABANDONED if abandoned else CallOutcome.ANSWERED,
                wait_seconds=wait,
                handle_seconds=None if abandoned else int(rng.gauss(420, 120)) + 60,
            )
        )
    with transaction.atomic():
        CallRecord.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


CASE_SERVICES: tuple[tuple[str, str, float], ...] = (
    # service, channel, typical hours to the first response (resolution takes twice as long again)
    ("Benefits contact center", "email", 14.0),
    ("Renew a professional license", "website", 40.0),
    ("Request copies of records", "website", 127.0),
)


def _cases_write(
    organization: Organization,
    services: dict[str, Service],
    period: DemoPeriod,
    rng: random.Random,
    count: int,
) -> int:
    cutoff = records_cutoff(period)
    cases: list[CaseRecord] = []
    pauses: list[tuple[int, dt.datetime, dt.datetime]] = []
    for number in range(count):
        service_name, channel, typical_hours = CASE_SERVICES[number % len(CASE_SERVICES)]
        received = _moment(period, rng)
        hours = rng.expovariate(1 / (typical_hours * _winter_strain(received)))
        first_response = received + dt.timedelta(hours=hours)
        done = first_response + dt.timedelta(hours=hours * 2)
        is_open = done > cutoff
        if not is_open and rng.random() < 0.05:  # some cases wait on the customer
            pauses.append((number, first_response, first_response + dt.timedelta(days=3)))
            done += dt.timedelta(days=3)
            is_open = done > cutoff
        cases.append(
            CaseRecord(
                organization=organization,
                service=services[service_name],
                channel=channel,
                external_id=f"CASE-{number:07d}",
                transaction_id=f"T{number:08d}",
                received_at=received,
                first_response_at=None if first_response > cutoff else first_response,
                resolved_at=None if is_open else done,
                status=CaseStatus.OPEN if is_open else CaseStatus.RESOLVED,
            )
        )
    with transaction.atomic():
        CaseRecord.objects.bulk_create(cases, batch_size=BATCH)
        _pauses_write(cases, pauses)
    return len(cases)


def _pauses_write(
    cases: list[CaseRecord], pauses: list[tuple[int, dt.datetime, dt.datetime]]
) -> None:
    ids = dict(
        CaseRecord.objects.filter(
            external_id__in=[cases[number].external_id for number, _, _ in pauses],
            organization=cases[0].organization if cases else None,
        ).values_list("external_id", "pk")
    )
    changes = []
    for number, paused, resumed in pauses:
        case_id = ids[cases[number].external_id]
        changes.append(
            CaseStatusChange(
                case_id=case_id, status=CaseStatus.WAITING_ON_CUSTOMER, changed_at=paused
            )
        )
        changes.append(
            CaseStatusChange(case_id=case_id, status=CaseStatus.OPEN, changed_at=resumed)
        )
    CaseStatusChange.objects.bulk_create(changes, batch_size=BATCH)


# --- customers who answered the survey after their email was answered --------------------------


def feedback_seed(organization: Organization, *, period: DemoPeriod, seed: int) -> int:
    """Survey responses that carry an email case's transaction ID, kinder when it was fast.

    They let the standard's page show what customers said when the standard was met against
    when it was missed; the main responses carry no transaction ID.
    """
    survey = (
        Survey.objects.select_related("current_version")
        .filter(organization=organization, pages__questions__key=TRANSACTION_ID_QUESTION.key)
        .first()
    )
    if survey is None or survey.current_version is None:
        return 0
    rng = seeded_random(f"feedback:{seed}")
    mint = IdentityMint(f"feedback:{seed}")
    counter = stream_counter_start(FEEDBACK_STREAM)
    structure = survey.current_version.parsed()
    patterns = redaction_patterns_compiled(organization.pk)
    rows: list[Response] = []
    emails = CaseRecord.objects.filter(
        organization=organization, channel="email", first_response_at__isnull=False
    ).order_by("external_id")
    for case in emails.iterator(chunk_size=BATCH):
        answered_at = case.first_response_at
        assert answered_at is not None
        replied_at = answered_at + dt.timedelta(hours=rng.uniform(1, 48))
        if rng.random() >= FEEDBACK_SHARE or replied_at > records_cutoff(period):
            continue
        hours = (answered_at - case.received_at).total_seconds() / 3600
        answers = _feedback_answers(rng, case.transaction_id, fast=hours <= FAST_REPLY_HOURS)
        assert validate_answers(structure, answers).is_valid
        # Stored like every response: any free text through the redactor first.
        redacted = answers_redact(
            structure=structure, answers=answers, language="en", patterns=patterns
        )
        rows.append(
            Response(
                uuid=uuid.UUID(int=mint.uuid_int(counter)),
                receipt_id=mint.receipt_id(counter),
                organization=organization,
                service_id=survey.service_id,
                survey=survey,
                survey_version=survey.current_version,
                channel="email",
                language="en",
                created_at=replied_at,
                answers=redacted.answers,
                redactions=redacted.redactions,
            )
        )
        counter += 1
    Response.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _feedback_answers(rng: random.Random, transaction_id: str, *, fast: bool) -> dict[str, Answer]:
    positive = rng.random() < (POSITIVE_IF_FAST if fast else POSITIVE_IF_SLOW)
    if positive:
        drivers = ["effectiveness", "employee"] if fast else ["effectiveness"]
        return {
            "trust": rng.choice([4, 5]),
            "drivers_positive": drivers,
            "transaction_id": transaction_id,
        }
    drivers = ["efficiency"] if fast else ["effectiveness", "efficiency"]
    return {
        "trust": rng.choice([1, 2, 3]),
        "drivers_negative": drivers,
        "transaction_id": transaction_id,
    }
