"""Standards, calendars and records for the compliance, alert, page and feedback tests.

Standards and calendars are made through their services; records are written with the ORM
directly, as an import would leave them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

from govcx.registry.models import Organization
from govcx.standards.models import (
    Calendar,
    CallOutcome,
    CallRecord,
    CaseRecord,
    CaseStatus,
    CaseStatusChange,
    Measure,
    Standard,
    TargetUnit,
)
from govcx.standards.standard_services import (
    CalendarFields,
    StandardFields,
    calendar_create,
    standard_create,
)
from tests.conftest import Agency

EASTERN = zoneinfo.ZoneInfo("America/New_York")
WEEKDAY_HOURS: list[list[str] | None] = [["08:00", "17:00"]] * 5 + [None, None]
_serial = itertools.count(1)


def eastern(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=EASTERN)


def office_calendar(organization: Organization, name: str = "Main office") -> Calendar:
    """Monday to Friday, 8:00 to 17:00 Eastern, closed on federal holidays (made once)."""
    existing = Calendar.objects.filter(organization=organization, name=name).first()
    if existing is not None:
        return existing
    return calendar_create(
        organization=organization,
        fields=CalendarFields(
            name=name,
            time_zone="America/New_York",
            business_hours=WEEKDAY_HOURS,
            observes_federal_holidays=True,
        ),
    )


def email_standard(
    agency: Agency,
    *,
    calendar: Calendar | Literal["office"] | None = "office",
    required_share: str = "80",
    **overrides: Any,
) -> Standard:
    """“We answer email within one business day”, for 80% of emails, on a new office calendar
    unless another calendar (or None) is given."""
    fields: dict[str, Any] = {
        "service": agency.service,
        "channel": "email",
        "measure": Measure.TIME_TO_FIRST_RESPONSE,
        "target_value": Decimal(1),
        "target_unit": TargetUnit.BUSINESS_DAYS,
        "required_share": Decimal(required_share),
        "calendar": office_calendar(agency.organization) if calendar == "office" else calendar,
        "public_wording": "We answer email within one business day.",
    }
    fields.update(overrides)
    return standard_create(organization=agency.organization, fields=StandardFields(**fields))


def phone_standard(agency: Agency, **overrides: Any) -> Standard:
    """“We answer the phone within 30 seconds”, for 80% of calls."""
    fields: dict[str, Any] = {
        "service": agency.service,
        "channel": "phone",
        "measure": Measure.SPEED_OF_ANSWER,
        "target_value": Decimal(30),
        "target_unit": TargetUnit.SECONDS,
        "required_share": Decimal(80),
        "calendar": None,
        "public_wording": "We answer the phone within 30 seconds.",
    }
    fields.update(overrides)
    return standard_create(organization=agency.organization, fields=StandardFields(**fields))


def add_case(
    standard: Standard,
    received_at: dt.datetime,
    first_response_at: dt.datetime | None = None,
    resolved_at: dt.datetime | None = None,
    *,
    transaction_id: str = "",
    pauses: Sequence[tuple[dt.datetime, dt.datetime]] = (),
) -> CaseRecord:
    """One case of the standard's service and channel; each pause is waiting on the customer."""
    status = CaseStatus.RESOLVED if resolved_at else CaseStatus.OPEN
    case = CaseRecord.objects.create(
        organization=standard.organization,
        service=standard.service,
        channel=standard.channel,
        external_id=f"case-{next(_serial)}",
        transaction_id=transaction_id,
        received_at=received_at,
        first_response_at=first_response_at,
        resolved_at=resolved_at,
        status=status,
    )
    CaseStatusChange.objects.bulk_create(
        change
        for start, end in pauses
        for change in (
            CaseStatusChange(case=case, status=CaseStatus.WAITING_ON_CUSTOMER, changed_at=start),
            CaseStatusChange(case=case, status=CaseStatus.OPEN, changed_at=end),
        )
    )
    return case


def add_cases(
    standard: Standard,
    count: int,
    received_at: dt.datetime,
    first_response_at: dt.datetime | None,
    *,
    transaction_prefix: str = "",
) -> None:
    """`count` alike cases, each with its own transaction ID when a prefix is given."""
    for index in range(count):
        transaction_id = f"{transaction_prefix}{index}" if transaction_prefix else ""
        add_case(standard, received_at, first_response_at, transaction_id=transaction_id)


def add_calls(
    standard: Standard,
    offered_at: dt.datetime,
    waits: Sequence[int],
    *,
    outcome: str = CallOutcome.ANSWERED,
    transaction_prefix: str = "",
) -> None:
    """One call per wait given, all offered at the same moment."""
    CallRecord.objects.bulk_create(
        CallRecord(
            organization=standard.organization,
            service=standard.service,
            channel=standard.channel,
            external_id=f"call-{next(_serial)}",
            transaction_id=f"{transaction_prefix}{index}" if transaction_prefix else "",
            offered_at=offered_at,
            outcome=outcome,
            wait_seconds=wait,
            handle_seconds=300 if outcome == CallOutcome.ANSWERED else None,
        )
        for index, wait in enumerate(waits)
    )
