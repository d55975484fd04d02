"""Forms of the standards pages. They parse input; the rules live in `standard_services`."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from govcx.lib.a11 import channel_choices
from govcx.registry.models import Organization, Service
from govcx.staff.forms import (
    OrganizationChoiceField,
    PublicIdChoiceField,
    ServiceChoiceField,
    UswdsForm,
)
from govcx.standards.models import (
    WEEKDAYS,
    Calendar,
    Measure,
    Standard,
    TargetUnit,
    validate_time_zone,
)
from govcx.standards.standard_services import CalendarFields, Closure, StandardFields

US_TIME_ZONES = (
    ("America/New_York", "Eastern (America/New_York)"),
    ("America/Chicago", "Central (America/Chicago)"),
    ("America/Denver", "Mountain (America/Denver)"),
    ("America/Phoenix", "Arizona (America/Phoenix)"),
    ("America/Los_Angeles", "Pacific (America/Los_Angeles)"),
    ("America/Anchorage", "Alaska (America/Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Pacific/Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (America/Puerto_Rico)"),
    ("Pacific/Guam", "Chamorro (Pacific/Guam)"),
    ("Pacific/Pago_Pago", "Samoa (Pacific/Pago_Pago)"),
    ("UTC", "UTC"),
)
CLOSURE_LINE = re.compile(r"^(?P<date>\S+)\s+(?P<name>.+)$")
MOST_CLOSURES = 500
CLOCK_FORMAT = "%H:%M"
MIDNIGHT = dt.time(0, 0)
MIDNIGHT_TEXT = "00:00"


class CalendarChoiceField(PublicIdChoiceField[Calendar]):
    def label_from_instance(self, obj: Calendar) -> str:
        return f"{obj.name} ({obj.organization.abbreviation}, {obj.time_zone})"


class StandardForm(UswdsForm):
    """A standard's definition. Services and calendars offered are those the user may edit."""

    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the service this standard is for.",
            "invalid_choice": "Choose a service from the list.",
        },
    )
    channel = forms.ChoiceField(
        choices=channel_choices,
        help_text="Records of this service on this channel are measured.",
        error_messages={"invalid_choice": "Choose a channel from the list."},
    )
    measure = forms.ChoiceField(
        choices=Measure.choices,
        error_messages={"invalid_choice": "Choose a measure from the list."},
    )
    target_value = forms.DecimalField(
        label="Target",
        max_digits=10,
        decimal_places=2,
        help_text="The number only, e.g. 1 for “within one business day”, 30 for 30 seconds.",
        error_messages={
            "required": "Give the target as a number.",
            "invalid": "Give the target as a number, such as 1 or 2.5.",
        },
    )
    target_unit = forms.ChoiceField(
        label="Unit of the target",
        choices=TargetUnit.choices,
        error_messages={"invalid_choice": "Choose a unit from the list."},
    )
    required_share = forms.DecimalField(
        label="Share that must meet the target (percent)",
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        help_text="E.g. 80 for 80 percent of cases. Leave empty for an abandonment rate.",
        error_messages={"invalid": "Give the share as a number from 0 to 100."},
    )
    calendar = CalendarChoiceField(
        queryset=Calendar.objects.none(),
        required=False,
        empty_label="No calendar",
        help_text="Needed for business days or hours; its time zone also sets the periods.",
        error_messages={"invalid_choice": "Choose a calendar from the list."},
    )
    public_wording = forms.CharField(
        max_length=300,
        help_text="How the public reads it, e.g. “We answer email within one business day.”",
        error_messages={
            "required": "Say the standard in plain words for the public page.",
            "max_length": "Keep the wording to at most 300 characters.",
        },
    )
    alert_after_periods = forms.IntegerField(
        label="Alert after this many months below target",
        min_value=1,
        max_value=24,
        initial=2,
        error_messages={"invalid": "Give a whole number of months from 1 to 24."},
    )
    alert_emails = forms.CharField(
        label="Email alerts to",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One address per line, or separated by commas.",
    )
    active = forms.BooleanField(
        required=False, initial=True, label="Active (measured and shown on the public page)"
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service"]
        calendar_field = self.fields["calendar"]
        assert isinstance(service_field, ServiceChoiceField)
        assert isinstance(calendar_field, CalendarChoiceField)
        service_field.queryset = (
            Service.objects.filter(organization__in=organizations.values("pk"))
            .select_related("organization")
            .order_by("organization__name", "name")
        )
        calendar_field.queryset = (
            Calendar.objects.filter(organization__in=organizations.values("pk"))
            .select_related("organization")
            .order_by("organization__name", "name")
        )

    def clean_alert_emails(self) -> tuple[str, ...]:
        text: str = self.cleaned_data.get("alert_emails", "")
        return tuple(address for address in re.split(r"[\s,;]+", text) if address)

    def standard_fields(self) -> StandardFields:
        """The cleaned values; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        return StandardFields(
            service=data["service"],
            channel=data["channel"],
            measure=data["measure"],
            target_value=data["target_value"],
            target_unit=data["target_unit"],
            required_share=data.get("required_share"),
            calendar=data.get("calendar"),
            public_wording=data["public_wording"],
            alert_after_periods=data["alert_after_periods"],
            alert_emails=data["alert_emails"],
            active=bool(data.get("active")),
        )

    @classmethod
    def initial_from(cls, standard: Standard) -> dict[str, Any]:
        return {
            "service": standard.service.public_id,
            "channel": standard.channel,
            "measure": standard.measure,
            "target_value": standard.target_value,
            "target_unit": standard.target_unit,
            "required_share": standard.required_share,
            "calendar": standard.calendar.public_id if standard.calendar else None,
            "public_wording": standard.public_wording,
            "alert_after_periods": standard.alert_after_periods,
            "alert_emails": "\n".join(standard.alert_emails),
            "active": standard.active,
        }


def _clock_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=[CLOCK_FORMAT],
        widget=forms.TimeInput(attrs={"type": "time"}, format=CLOCK_FORMAT),
        error_messages={"invalid": "Give the time as HH:MM on a 24-hour clock, e.g. 17:00."},
    )


class CalendarForm(UswdsForm):
    """Weekly hours per weekday (both empty: closed), federal holidays, and closures."""

    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the organization the calendar belongs to.",
            "invalid_choice": "Choose one of your organizations from the list.",
        },
    )
    name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Name the calendar, e.g. “Headquarters contact center”.",
            "max_length": "Keep the name to at most 200 characters.",
        },
    )
    time_zone = forms.ChoiceField(choices=US_TIME_ZONES, validators=[validate_time_zone])
    observes_federal_holidays = forms.BooleanField(
        required=False, initial=True, label="Closed on federal holidays (and their observed days)"
    )
    closures = forms.CharField(
        label="Other closures",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line: the date as YYYY-MM-DD, a space, then what it is, e.g. "
        "“2025-02-03 Snow closure”.",
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        calendar: Calendar | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            self.fields[f"{day}_opens"] = _clock_field(f"{day.title()} opens")
            self.fields[f"{day}_closes"] = _clock_field(f"{day.title()} closes")
            self.fields[f"{day}_opens"].widget.attrs["class"] = "usa-input usa-input--small"
            self.fields[f"{day}_closes"].widget.attrs["class"] = "usa-input usa-input--small"
        organization_field = self.fields["organization"]
        assert isinstance(organization_field, OrganizationChoiceField)
        organization_field.queryset = organizations.order_by("name")
        if calendar is not None:  # a calendar stays in its organization
            del self.fields["organization"]
            self._keep_unlisted_time_zone(calendar.time_zone)

    def _keep_unlisted_time_zone(self, time_zone: str) -> None:
        field = self.fields["time_zone"]
        assert isinstance(field, forms.ChoiceField)
        if time_zone not in dict(US_TIME_ZONES):
            field.choices = [*US_TIME_ZONES, (time_zone, time_zone)]

    def weekday_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(day.title(), self[f"{day}_opens"], self[f"{day}_closes"]) for day in WEEKDAYS]

    def clean_closures(self) -> tuple[Closure, ...]:
        text: str = self.cleaned_data.get("closures", "")
        lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
        closures = tuple(_closure_from(number, line) for number, line in lines if line)
        if len(closures) > MOST_CLOSURES:
            raise ValidationError(f"Enter at most {MOST_CLOSURES} closures.")
        return closures

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for day in WEEKDAYS:
            self._check_day(day, cleaned.get(f"{day}_opens"), cleaned.get(f"{day}_closes"))
        if not self.errors and all(hours is None for hours in self._business_hours()):
            self.add_error(None, "Give business hours for at least one day of the week.")
        return cleaned

    def _check_day(self, day: str, opens: dt.time | None, closes: dt.time | None) -> None:
        if f"{day}_opens" in self.errors or f"{day}_closes" in self.errors:
            return
        if (opens is None) != (closes is None):
            missing = f"{day}_closes" if closes is None else f"{day}_opens"
            self.add_error(missing, "Give both times for an open day, or neither for a closed one.")
        elif opens is not None and closes is not None and closes != MIDNIGHT and opens >= closes:
            self.add_error(f"{day}_closes", "Closing must be after opening.")

    def _business_hours(self) -> list[list[str] | None]:
        hours: list[list[str] | None] = []
        for day in WEEKDAYS:
            opens = self.cleaned_data.get(f"{day}_opens")
            closes = self.cleaned_data.get(f"{day}_closes")
            both = opens is not None and closes is not None
            hours.append([f"{opens:%H:%M}", _closing_text(closes)] if both else None)
        return hours

    def calendar_fields(self) -> CalendarFields:
        """The cleaned values; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        return CalendarFields(
            name=data["name"],
            time_zone=data["time_zone"],
            business_hours=self._business_hours(),
            observes_federal_holidays=bool(data.get("observes_federal_holidays")),
            closures=data["closures"],
        )

    @classmethod
    def initial_from(cls, calendar: Calendar) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": calendar.name,
            "time_zone": calendar.time_zone,
            "observes_federal_holidays": calendar.observes_federal_holidays,
            "closures": "\n".join(
                f"{closure.date.isoformat()} {closure.name}" for closure in calendar.closures.all()
            ),
        }
        for day, hours in zip(WEEKDAYS, calendar.business_hours, strict=True):
            initial[f"{day}_opens"] = hours[0] if hours else None
            initial[f"{day}_closes"] = (
                (MIDNIGHT_TEXT if hours[1] == "24:00" else hours[1]) if hours else None
            )
        return initial


def _closing_text(closes: dt.time | None) -> str:
    """A closing at 00:00 is midnight at the end of the day, which the calendar stores as 24:00."""
    return "24:00" if closes == MIDNIGHT else f"{closes:%H:%M}"


def _closure_from(number: int, line: str) -> Closure:
    match = CLOSURE_LINE.match(line)
    if match is None:
        raise ValidationError(f"Line {number}: give a date, a space, then what the closure is.")
    try:
        day = dt.date.fromisoformat(match["date"])
    except ValueError:
        raise ValidationError(
            f"Line {number}: “{match['date']}” is not a date as YYYY-MM-DD."
        ) from None
    return Closure(date=day, name=match["name"][:200])
