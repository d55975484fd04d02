"""The root-cause pages: where a service owner starts, and one service's over-represented themes.

A service is found among those of the organizations whose comments the signed-in person
reads; anything else — another agency's service or a made-up id — is a 404. Filters come from
a GET form: an invalid one is a 400 that names the field, and nothing is computed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from govcx.comments.root_causes import GROUP_NEGATIVE, group_choices, root_causes_for
from govcx.comments.selectors import organizations_reading_comments
from govcx.insights.periods import Period, PeriodError, period_from_key, recent_periods
from govcx.lib.fiscal import FiscalQuarter, quarters_ending_with
from govcx.registry.models import Organization, Service
from govcx.registry.selectors import AnyUser
from govcx.staff.forms import UswdsForm
from govcx.staff.views import signed_in_user

RECENT = "last-four-quarters"
RECENT_QUARTERS = 4


def recent_quarters_period(today: dt.date) -> Period:
    """The default period: the last four fiscal quarters, the current one included."""
    quarters = quarters_ending_with(FiscalQuarter.of(today), RECENT_QUARTERS)
    first, last = quarters[0], quarters[-1]
    return Period(
        key=RECENT,
        label=f"Last four fiscal quarters ({first.label} to {last.label})",
        first_month=first.start,
        last_month=last.months[-1].start,
    )


class RootCauseFilterForm(UswdsForm):
    period = forms.ChoiceField(
        label="Period",
        help_text="Fiscal years start on 1 October.",
        error_messages={"invalid_choice": "Choose a period from the list."},
    )
    group = forms.ChoiceField(
        label="Compare customers who",
        choices=group_choices(),
        error_messages={"invalid_choice": "Choose a group from the list."},
    )

    def __init__(self, data: QueryDict, *, today: dt.date) -> None:
        data = data.copy()
        data.setdefault("period", RECENT)
        data.setdefault("group", GROUP_NEGATIVE)
        super().__init__(data)
        self.periods = self._periods(today, str(data.get("period", "")))
        choices = [(period.key, period.label) for period in self.periods.values()]
        period_field = self.fields["period"]
        assert isinstance(period_field, forms.ChoiceField)
        period_field.choices = choices

    @staticmethod
    def _periods(today: dt.date, asked: str) -> dict[str, Period]:
        periods = [recent_quarters_period(today), *recent_periods(today)]
        found = {period.key: period for period in periods}
        if asked and asked not in found:  # an older period, from a link: keep it
            with contextlib.suppress(PeriodError):
                found[asked] = period_from_key(asked)
        return found

    @property
    def chosen_period(self) -> Period:
        return self.periods[self.cleaned_data["period"]]


@dataclass(frozen=True)
class OrganizationServices:
    organization: Organization
    services: list[Service]


def _services_by_organization(user: AnyUser) -> list[OrganizationServices]:
    organizations = list(organizations_reading_comments(user).order_by("name"))
    services = Service.objects.filter(organization__in=organizations).order_by("name")
    by_organization: dict[int, list[Service]] = {org.pk: [] for org in organizations}
    for service in services:
        by_organization[service.organization_id].append(service)
    return [OrganizationServices(org, by_organization[org.pk]) for org in organizations]


def _readable_services(user: AnyUser) -> QuerySet[Service]:
    return Service.objects.select_related("organization").filter(
        organization__in=organizations_reading_comments(user)
    )


@login_required
@require_GET
def root_cause_home(request: HttpRequest) -> HttpResponse:
    entries = _services_by_organization(signed_in_user(request))
    context = {"section": "comments", "entries": entries}
    return render(request, "comments/root_cause_home.html", context)


@login_required
@require_GET
def root_causes(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    service = _readable_services(user).filter(public_id=public_id).first()
    if service is None:
        raise Http404("There is nothing here you can read.")
    today = timezone.localdate()
    form = RootCauseFilterForm(request.GET, today=today)
    context: dict[str, Any] = {"section": "comments", "service": service, "form": form}
    if not form.is_valid():
        return render(request, "comments/root_causes.html", context, status=400)
    context["result"] = root_causes_for(
        user=user,
        service=service,
        period=form.chosen_period,
        group=form.cleaned_data["group"],
        today=today,
    )
    return render(request, "comments/root_causes.html", context)
