"""Every write to standards and calendars: one named function each, checked rule by rule.

(The record imports write through `govcx.standards.services`; these are the definitions the
records are measured against.)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from govcx.registry.models import Organization, Service
from govcx.standards.models import Calendar, CalendarClosure, Measure, Standard, TargetUnit

CASE_MEASURES = frozenset(
    {Measure.TIME_TO_FIRST_RESPONSE, Measure.TIME_TO_RESOLUTION, Measure.PROCESSING_TIME}
)
CALL_MEASURES = frozenset({Measure.SPEED_OF_ANSWER, Measure.ABANDONMENT_RATE})
UNITS_FOR_MEASURE: dict[str, frozenset[str]] = {
    **{
        measure: frozenset(
            {TargetUnit.BUSINESS_DAYS, TargetUnit.BUSINESS_HOURS, TargetUnit.CALENDAR_DAYS}
        )
        for measure in CASE_MEASURES
    },
    Measure.SPEED_OF_ANSWER: frozenset({TargetUnit.SECONDS}),
    Measure.ABANDONMENT_RATE: frozenset({TargetUnit.PERCENT}),
}
BUSINESS_UNITS = frozenset({TargetUnit.BUSINESS_DAYS, TargetUnit.BUSINESS_HOURS})
MOST_ALERT_RECIPIENTS = 20
ALL_PERCENT = 100


@dataclass(frozen=True)
class StandardFields:
    """What a person sets on a standard; the organization is fixed when it is created."""

    service: Service
    channel: str
    measure: str
    target_value: Decimal
    target_unit: str
    required_share: Decimal | None
    calendar: Calendar | None
    public_wording: str
    alert_after_periods: int = 2
    alert_emails: tuple[str, ...] = ()
    active: bool = True


Problems = dict[str, list[str]]
StandardRule = Callable[[Organization, StandardFields], Problems]


def _service_of_organization(organization: Organization, fields: StandardFields) -> Problems:
    if fields.service.organization_id != organization.pk:
        return {"service": ["Choose one of your organization's services."]}
    return {}


def _calendar_of_organization(organization: Organization, fields: StandardFields) -> Problems:
    if fields.calendar is not None and fields.calendar.organization_id != organization.pk:
        return {"calendar": ["Choose one of your organization's calendars."]}
    return {}


def _unit_fits_measure(organization: Organization, fields: StandardFields) -> Problems:
    allowed = UNITS_FOR_MEASURE.get(fields.measure, frozenset())
    if fields.target_unit in allowed:
        return {}
    names = _either(sorted(TargetUnit(unit).label for unit in allowed))
    measure = Measure(fields.measure).label if fields.measure in Measure.values else "It"
    return {"target_unit": [f"{measure} is measured in {names}."]}


def _either(names: list[str]) -> str:
    """ "a", "a or b", "a, b or c"."""
    return " or ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _business_units_need_a_calendar(organization: Organization, fields: StandardFields) -> Problems:
    if fields.target_unit in BUSINESS_UNITS and fields.calendar is None:
        return {"calendar": ["Business days and hours are counted on a calendar: choose one."]}
    return {}


def _share_fits_measure(organization: Organization, fields: StandardFields) -> Problems:
    if fields.measure in CASE_MEASURES and fields.required_share is None:
        return {"required_share": ["Say what share of cases must meet the target, e.g. 80."]}
    if fields.measure == Measure.ABANDONMENT_RATE and fields.required_share is not None:
        return {"required_share": ["An abandonment rate is a share already: leave this empty."]}
    return {}


def _target_is_positive(organization: Organization, fields: StandardFields) -> Problems:
    if fields.target_value <= 0:
        return {"target_value": ["The target must be more than zero."]}
    if fields.target_unit == TargetUnit.PERCENT and fields.target_value > ALL_PERCENT:
        return {"target_value": ["A percentage target is at most 100."]}
    return {}


def _alerts_are_deliverable(organization: Organization, fields: StandardFields) -> Problems:
    problems: list[str] = []
    if fields.alert_after_periods < 1:
        problems.append("Alert after at least one month below target.")
    for address in fields.alert_emails:
        try:
            validate_email(address)
        except ValidationError:
            problems.append(f"“{address}” is not an email address.")
    if len(fields.alert_emails) > MOST_ALERT_RECIPIENTS:
        problems.append(f"Send alerts to at most {MOST_ALERT_RECIPIENTS} addresses.")
    return {"alert_emails": problems} if problems else {}


STANDARD_RULES: tuple[StandardRule, ...] = (
    _service_of_organization,
    _calendar_of_organization,
    _unit_fits_measure,
    _business_units_need_a_calendar,
    _share_fits_measure,
    _target_is_positive,
    _alerts_are_deliverable,
)


def standard_problems(organization: Organization, fields: StandardFields) -> Problems:
    """Every rule a standard breaks, by field, in words a person can act on."""
    problems: Problems = {}
    for rule in STANDARD_RULES:
        for field, messages in rule(organization, fields).items():
            problems.setdefault(field, []).extend(messages)
    return problems


def _apply(standard: Standard, fields: StandardFields) -> Standard:
    problems = standard_problems(standard.organization, fields)
    if problems:
        raise ValidationError(problems)
    standard.service = fields.service
    standard.channel = fields.channel
    standard.measure = fields.measure
    standard.target_value = fields.target_value
    standard.target_unit = fields.target_unit
    standard.required_share = fields.required_share
    standard.calendar = fields.calendar
    standard.public_wording = fields.public_wording.strip()
    standard.alert_after_periods = fields.alert_after_periods
    standard.alert_emails = _unique_lowercase(fields.alert_emails)
    standard.active = fields.active
    standard.full_clean()
    standard.save()
    return standard


def _unique_lowercase(addresses: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(address.strip().lower() for address in addresses))


@transaction.atomic
def standard_create(*, organization: Organization, fields: StandardFields) -> Standard:
    return _apply(Standard(organization=organization), fields)


@transaction.atomic
def standard_update(*, standard: Standard, fields: StandardFields) -> Standard:
    return _apply(standard, fields)


# --- calendars ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Closure:
    date: dt.date
    name: str


@dataclass(frozen=True)
class CalendarFields:
    name: str
    time_zone: str
    business_hours: list[list[str] | None]
    observes_federal_holidays: bool
    closures: tuple[Closure, ...] = ()


def calendar_problems(
    organization: Organization, fields: CalendarFields, *, editing: Calendar | None
) -> Problems:
    problems: Problems = {}
    same_name = Calendar.objects.filter(organization=organization, name=fields.name.strip())
    if editing is not None:
        same_name = same_name.exclude(pk=editing.pk)
    if same_name.exists():
        problems["name"] = ["Your organization already has a calendar with this name."]
    closure_days = Counter(closure.date for closure in fields.closures)
    repeated = sorted(day for day, count in closure_days.items() if count > 1)
    if repeated:
        days = ", ".join(day.isoformat() for day in repeated)
        problems["closures"] = [f"Each day can be closed only once; repeated: {days}."]
    return problems


def _apply_calendar(calendar: Calendar, fields: CalendarFields) -> Calendar:
    problems = calendar_problems(
        calendar.organization, fields, editing=calendar if calendar.pk else None
    )
    if problems:
        raise ValidationError(problems)
    calendar.name = fields.name.strip()
    calendar.time_zone = fields.time_zone
    calendar.business_hours = fields.business_hours
    calendar.observes_federal_holidays = fields.observes_federal_holidays
    calendar.full_clean()
    calendar.save()
    _replace_closures(calendar, fields.closures)
    return calendar


def _replace_closures(calendar: Calendar, closures: Sequence[Closure]) -> None:
    calendar.closures.all().delete()
    CalendarClosure.objects.bulk_create(
        CalendarClosure(calendar=calendar, date=closure.date, name=closure.name.strip())
        for closure in closures
    )


@transaction.atomic
def calendar_create(*, organization: Organization, fields: CalendarFields) -> Calendar:
    return _apply_calendar(Calendar(organization=organization), fields)


@transaction.atomic
def calendar_update(*, calendar: Calendar, fields: CalendarFields) -> Calendar:
    return _apply_calendar(calendar, fields)
