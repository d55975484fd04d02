"""A service's customer volumes per channel and fiscal quarter, for the A-11 response rate.

Organization admins and survey managers record them; every other member of the service's
organization reads them. A service of another organization is answered with 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from govcx.lib.a11 import CHANNELS
from govcx.lib.fiscal import QUARTERS_PER_YEAR, FiscalQuarter, fiscal_year_of
from govcx.registry.models import FIRST_VOLUME_FISCAL_YEAR, Service, ServiceVolume, User
from govcx.registry.selectors import (
    can_edit_service_volumes,
    service_volumes,
    services_visible_to,
)
from govcx.registry.services import (
    VOLUME_FIELDS,
    VolumeEntry,
    service_volumes_save,
    volume_entry_key,
)
from govcx.staff.forms import UswdsForm
from govcx.staff.views import signed_in_user

# Largest figure a PositiveBigIntegerField holds on every database govcx runs on.
MOST_CUSTOMERS = 2**63 - 1
FIELD_LABELS = {"customers": "customers served", "offered_survey": "customers offered a survey"}
COUNT_MESSAGE = "Give a whole number of customers, such as 12500, or leave it empty."


class CustomerCountField(forms.IntegerField):
    """A number of customers; thousands separators, as in 12,500, are accepted."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            min_value=0,
            max_value=MOST_CUSTOMERS,
            widget=forms.TextInput(
                attrs={"class": "usa-input", "inputmode": "numeric", "autocomplete": "off"}
            ),
            error_messages={
                "invalid": COUNT_MESSAGE,
                "min_value": COUNT_MESSAGE,
                "max_value": "This is more customers than govcx can record.",
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.replace(",", "").strip()
        return super().to_python(value)


class FiscalYearForm(UswdsForm):
    """Which fiscal year the page shows, from the query string (`?fy=2026`)."""

    fy = forms.TypedChoiceField(
        label="Fiscal year",
        coerce=int,
        choices=(),
        error_messages={"invalid_choice": "Choose a fiscal year from the list."},
    )

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["fy"]
        assert isinstance(field, forms.TypedChoiceField)
        years = range(current, FIRST_VOLUME_FISCAL_YEAR - 1, -1)
        field.choices = [(year, f"FY{year}") for year in years]


class VolumesForm(UswdsForm):
    """Two figures for each channel of the service in each quarter of the year that has begun."""

    def __init__(
        self, *args: Any, service: Service, quarters: list[FiscalQuarter], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.quarters = quarters
        for channel in service.channels:
            for quarter in quarters:
                for name in VOLUME_FIELDS:
                    label = f"{quarter.label}, {CHANNELS[channel]}: {FIELD_LABELS[name]}"
                    key = volume_entry_key(quarter, channel, name)
                    self.fields[key] = CustomerCountField(label=label)

    def add_rule_errors(self, error: ValidationError) -> None:
        super().add_rule_errors(error)
        for name in error.message_dict:
            if name in self.fields:
                self._mark_invalid(self[name])

    @staticmethod
    def initial_from(volumes: list[ServiceVolume]) -> dict[str, int]:
        return {
            volume_entry_key(volume.quarter, volume.channel, name): getattr(volume, name)
            for volume in volumes
            for name in VOLUME_FIELDS
        }

    def entries(self) -> list[VolumeEntry]:
        """Every cell as entered; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        return [
            VolumeEntry(
                quarter=quarter,
                channel=channel,
                customers=data.get(volume_entry_key(quarter, channel, "customers")),
                offered_survey=data.get(volume_entry_key(quarter, channel, "offered_survey")),
            )
            for channel in self.service.channels
            for quarter in self.quarters
        ]


@dataclass(frozen=True)
class VolumeCell:
    """One channel in one quarter: its inputs when the user edits, else what is recorded."""

    quarter: FiscalQuarter
    begun: bool
    volume: ServiceVolume | None
    customers: forms.BoundField | None = None
    offered_survey: forms.BoundField | None = None


@dataclass(frozen=True)
class VolumeRow:
    channel: str
    label: str
    cells: list[VolumeCell]


def volume_rows(
    service: Service,
    year_quarters: list[FiscalQuarter],
    begun: list[FiscalQuarter],
    volumes: list[ServiceVolume],
    form: VolumesForm | None,
) -> list[VolumeRow]:
    """The table: a row per channel of the service, a cell per quarter of the year."""
    recorded = {(volume.channel, volume.quarter): volume for volume in volumes}
    rows = []
    for channel in service.channels:
        cells = []
        for quarter in year_quarters:
            fields: dict[str, forms.BoundField] = {}
            if form is not None and quarter in begun:
                fields = {
                    name: form[volume_entry_key(quarter, channel, name)] for name in VOLUME_FIELDS
                }
            cells.append(
                VolumeCell(
                    quarter=quarter,
                    begun=quarter in begun,
                    volume=recorded.get((channel, quarter)),
                    **fields,
                )
            )
        rows.append(VolumeRow(channel=channel, label=CHANNELS[channel], cells=cells))
    return rows


def quarter_months(quarter: FiscalQuarter) -> str:
    """The quarter's months as a person reads them: Oct–Dec 2025."""
    return f"{quarter.start:%b}–{quarter.end:%b %Y}"


def _visible_service(user: User, public_id: uuid.UUID) -> Service:
    service = services_visible_to(user).filter(public_id=public_id).first()
    if service is None:
        raise Http404("There is no service you can see with this id.")
    return service


def _page_address(service: Service, year: int) -> str:
    path = reverse("staff:service_volumes", kwargs={"public_id": service.public_id})
    return f"{path}?fy={year}"


@login_required
@require_http_methods(["GET", "POST"])
def service_volumes_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    service = _visible_service(user, public_id)
    can_edit = can_edit_service_volumes(user, service)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("Only organization admins and survey managers record volumes.")
    today = timezone.localdate()
    current_year = fiscal_year_of(today)
    year_form = FiscalYearForm(
        request.GET if "fy" in request.GET else {"fy": current_year}, current=current_year
    )
    context: dict[str, Any] = {
        "section": "services",
        "service": service,
        "year_form": year_form,
        "can_edit": can_edit,
    }
    if not year_form.is_valid():
        return render(request, "staff/service_volumes.html", context, status=400)
    year: int = year_form.cleaned_data["fy"]
    year_quarters = [FiscalQuarter(year, number) for number in range(1, QUARTERS_PER_YEAR + 1)]
    volumes = service_volumes(services=[service], quarters=year_quarters)
    begun = [quarter for quarter in year_quarters if quarter.start <= today]
    form = None
    if can_edit:
        data = request.POST if request.method == "POST" else None
        form = VolumesForm(
            data, service=service, quarters=begun, initial=VolumesForm.initial_from(volumes)
        )
        saved = _save(request, form, service, user)
        if saved is not None:
            return HttpResponseRedirect(_page_address(service, year))
    context |= {
        "year": year,
        "form": form,
        "quarters": [(quarter, quarter_months(quarter)) for quarter in year_quarters],
        "rows": volume_rows(service, year_quarters, begun, volumes, form),
        "page_address": _page_address(service, year),
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "staff/service_volumes.html", context, status=status)


def _save(request: HttpRequest, form: VolumesForm, service: Service, user: User) -> int | None:
    """How many cells changed, or None when nothing was saved (no form sent, or a bad one)."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        changed = service_volumes_save(service=service, entries=form.entries(), user=user)
    except ValidationError as error:
        form.add_rule_errors(error)
        return None
    messages.success(request, "The volumes were saved." if changed else "Nothing had changed.")
    return changed
