"""The dashboard's filter form: a GET form whose every field names what it narrows."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from govcx.insights.analysis import dimension_label
from govcx.insights.dashboard import BREAKDOWNS_BY_LEVEL
from govcx.insights.models import SEGMENT_VALUE_LENGTH
from govcx.insights.navigation import FilterChoices
from govcx.insights.periods import ALL_TIME, Period, PeriodError, period_from_key, recent_periods
from govcx.insights.sections import DEFAULT_TREND_GRAIN, TREND_GRAINS
from govcx.insights.selectors import InsightsFilters, Scope
from govcx.lib.a11 import CHANNELS
from govcx.staff.forms import UswdsForm

DEFAULT_EQUITY_DIMENSION = "channel"
# What an empty form means; filled in so that every select shows what the page uses.
DEFAULTS = {
    "period": ALL_TIME.key,
    "compare": DEFAULT_EQUITY_DIMENSION,
    "trend": DEFAULT_TREND_GRAIN,
}


class PeriodField(forms.Field):
    """A period key (`all`, `FY2026`, `FY2026-Q1`, `2026-03`) parsed into a Period."""

    widget = forms.Select

    def to_python(self, value: Any) -> Period:
        if value in (None, ""):
            return ALL_TIME
        try:
            return period_from_key(str(value))
        except PeriodError as error:
            raise ValidationError(str(error), code="invalid") from None


class InsightsFilterForm(UswdsForm):
    period = PeriodField(
        required=False, label="Period", help_text="Fiscal years start on 1 October."
    )
    channel = forms.ChoiceField(
        required=False,
        label="Channel",
        error_messages={"invalid_choice": "Choose a channel from the list."},
    )
    language = forms.ChoiceField(
        required=False,
        label="Language",
        error_messages={"invalid_choice": "Choose a language from the list."},
    )
    segment = forms.ChoiceField(
        required=False,
        label="Only respondents by",
        help_text="A page or an answer; enter the value to keep below.",
        error_messages={"invalid_choice": "Choose a breakdown from the list."},
    )
    segment_value = forms.CharField(
        required=False,
        max_length=SEGMENT_VALUE_LENGTH,
        label="Value to keep",
        help_text="For a page, its address without the query, like https://www.agency.gov/apply",
        error_messages={"max_length": "Keep the value to at most 300 characters."},
    )
    compare = forms.ChoiceField(
        required=False,
        label="Equity: compare each group of",
        error_messages={"invalid_choice": "Choose a breakdown to compare from the list."},
    )
    trend = forms.ChoiceField(
        required=False,
        label="Trend by",
        choices=[(grain, dimension_label(grain)) for grain in TREND_GRAINS],
        error_messages={"invalid_choice": "Choose fiscal year, fiscal quarter or month."},
    )

    def __init__(
        self, data: QueryDict, *, scope: Scope, choices: FilterChoices, today: dt.date
    ) -> None:
        data = data.copy()
        for name, default in DEFAULTS.items():
            if not data.get(name):
                data[name] = default
        super().__init__(data)
        self._set_choices("period", self._period_choices(today))
        self._set_choices(
            "channel",
            [("", "All channels")] + [(c, CHANNELS.get(c, c)) for c in choices.channels],
        )
        self._set_choices(
            "language", [("", "All languages")] + [(lang, lang) for lang in choices.languages]
        )
        self._set_choices(
            "segment", [("", "Everyone")] + [(s, dimension_label(s)) for s in choices.segments]
        )
        compared = BREAKDOWNS_BY_LEVEL[scope.level] + choices.segments
        self._set_choices("compare", [(d, dimension_label(d)) for d in compared])

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField | PeriodField)
        field.widget.choices = choices
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def _period_choices(self, today: dt.date) -> list[tuple[str, str]]:
        choices = [(period.key, period.label) for period in recent_periods(today)]
        asked = self.data.get("period", "") if self.is_bound else ""
        if asked and asked not in dict(choices):  # an older period, from a link: keep it
            try:
                period = period_from_key(asked)
            except PeriodError:
                return choices
            choices.append((period.key, period.label))
        return choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        segment, value = cleaned.get("segment"), cleaned.get("segment_value")
        if segment and not value:
            self.add_error("segment_value", "Enter the value of the breakdown to keep.")
        if value and not segment and "segment" not in self.errors:
            self.add_error("segment", "Choose what the value to keep is a value of.")
        return cleaned

    def filters(self) -> InsightsFilters:
        """The validated filters; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        return InsightsFilters(
            period=data["period"],
            channel=data["channel"],
            language=data["language"],
            segment=data["segment"],
            segment_value=data["segment_value"],
        )

    @property
    def equity_dimension(self) -> str:
        return str(self.cleaned_data.get("compare") or DEFAULT_EQUITY_DIMENSION)

    @property
    def trend_grain(self) -> str:
        return str(self.cleaned_data.get("trend") or DEFAULT_TREND_GRAIN)

    def query(self) -> str:
        """The filters as a canonical query string (defaults left out), for links and images."""
        data = self.cleaned_data
        pairs = {
            "period": data["period"].key,
            "channel": data["channel"],
            "language": data["language"],
            "segment": data["segment"],
            "segment_value": data["segment_value"],
            "compare": data["compare"],
            "trend": data["trend"],
        }
        return urlencode(
            {key: value for key, value in pairs.items() if value and value != DEFAULTS.get(key)}
        )
