"""Forms of the theme, discovery and comment pages. They parse and check input only.

Choices are limited to what the person may use (their organizations, services and themes),
so another agency's record is simply not a valid choice.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from govcx.comments.models import SentimentLabel, Theme
from govcx.comments.selectors import organizations_editing_themes
from govcx.comments.theme_selectors import NO_THEME, CommentFilters, comment_filter_services
from govcx.registry.models import Organization, Service
from govcx.registry.selectors import AnyUser
from govcx.staff.forms import (
    DATE_FORMAT_MESSAGE,
    OrganizationChoiceField,
    ServiceChoiceField,
    UswdsForm,
    check_date_range,
)

NEXT_MAX_LENGTH = 2000
MAX_THEMES_LIMIT = 30


def lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def terms(value: str) -> list[str]:
    """Key terms typed one per line or separated by commas."""
    return [term.strip() for term in re.split(r"[,\n]", value) if term.strip()]


DAY_HELP = "A day in UTC, as YYYY-MM-DD; comments from this day are included."


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        required=False,
        label=label,
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
        help_text=DAY_HELP,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ThemeChoiceField(forms.ModelChoiceField[Theme]):
    """A theme chosen by its UUID; anything else (malformed, another agency's) is one error."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(to_field_name="uuid", **kwargs)

    def to_python(self, value: Any) -> Theme | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def label_from_instance(self, obj: Theme) -> str:
        return obj.name


class ThemeForm(UswdsForm):
    """A theme's name, description, key terms and examples."""

    name = forms.CharField(
        max_length=120,
        error_messages={
            "required": "Give the theme a name.",
            "max_length": "Keep the name to at most 120 characters.",
        },
    )
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What comments in this theme are about, for the people who read them.",
    )
    key_terms = forms.CharField(
        required=False,
        label="Key terms",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Words that comments in this theme use, one per line or separated by commas.",
    )
    examples = forms.CharField(
        required=False,
        label="Example comments",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One example comment per line. Personal information is removed from them "
        "before they are stored.",
    )

    @classmethod
    def initial_for(cls, theme: Theme) -> dict[str, str]:
        return {
            "name": theme.name,
            "description": theme.description,
            "key_terms": "\n".join(theme.key_terms),
            "examples": "\n".join(theme.examples),
        }

    def theme_fields(self) -> dict[str, Any]:
        """The cleaned values as the theme services take them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "key_terms": terms(data["key_terms"]),
            "examples": lines(data["examples"]),
        }


class ThemeCreateForm(ThemeForm):
    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the organization whose taxonomy the theme joins.",
            "invalid_choice": "Choose one of your organizations from the list.",
        },
    )
    field_order = ["organization", "name", "description", "key_terms", "examples"]

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, OrganizationChoiceField)
        field.queryset = organizations_editing_themes(user).order_by("name")


class MergeForm(UswdsForm):
    into = ThemeChoiceField(
        queryset=Theme.objects.none(),
        label="Merge into",
        empty_label="- Select -",
        help_text="Its comments, key terms and examples join the theme chosen here.",
        error_messages={
            "required": "Choose the theme to merge into.",
            "invalid_choice": "Choose one of the organization's other themes.",
        },
    )

    def __init__(self, *args: Any, choices: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, ThemeChoiceField)
        field.queryset = choices.order_by("name")


class DiscoverForm(UswdsForm):
    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the service whose comments to read.",
            "invalid_choice": "Choose one of your services from the list.",
        },
    )
    date_from = forms.DateField(
        label="From",
        error_messages={"required": "Give the first day.", "invalid": DATE_FORMAT_MESSAGE},
        help_text=DAY_HELP,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label="To",
        error_messages={"required": "Give the last day.", "invalid": DATE_FORMAT_MESSAGE},
        help_text=DAY_HELP,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    max_themes = forms.IntegerField(
        label="At most this many themes",
        initial=12,
        min_value=2,
        max_value=MAX_THEMES_LIMIT,
        error_messages={
            "required": "Give the largest number of themes to find.",
            "invalid": "Give a whole number.",
            "min_value": "Ask for at least 2 themes.",
            "max_value": f"Ask for at most {MAX_THEMES_LIMIT} themes.",
        },
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, ServiceChoiceField)
        field.queryset = (
            Service.objects.filter(organization__in=organizations_editing_themes(user))
            .select_related("organization")
            .order_by("organization__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_date_range(self, cleaned)
        return cleaned


class AdoptForm(UswdsForm):
    name = forms.CharField(
        max_length=120,
        label="Name in the taxonomy",
        error_messages={
            "required": "Give the theme a name.",
            "max_length": "Keep the name to at most 120 characters.",
        },
    )


class CorrectionForm(forms.Form):
    """A comment's theme, chosen by a person: a theme's UUID, or empty for "No theme"."""

    theme = forms.CharField(required=False, max_length=40)
    next = forms.CharField(required=False, max_length=NEXT_MAX_LENGTH)

    def chosen_theme(self, choices: QuerySet[Theme]) -> Theme | None:
        """The theme named, from `choices`; None for "No theme". Raises Theme.DoesNotExist
        for anything else."""
        value = self.cleaned_data["theme"]
        if not value:
            return None
        try:
            return choices.get(uuid=value)
        except (ValueError, forms.ValidationError):
            raise Theme.DoesNotExist from None


class CommentFilterForm(UswdsForm):
    """The filters of the comments page; choices are only what the user may read."""

    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        required=False,
        empty_label="All services",
        error_messages={"invalid_choice": "Choose a service from the list."},
    )
    theme = forms.ChoiceField(required=False, choices=())
    sentiment = forms.ChoiceField(
        required=False,
        choices=[("", "Any sentiment"), *SentimentLabel.choices],
        error_messages={"invalid_choice": "Choose a sentiment from the list."},
    )
    date_from = _date_field("From")
    date_to = _date_field("To")

    def __init__(self, *args: Any, user: AnyUser, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service"]
        assert isinstance(service_field, ServiceChoiceField)
        service_field.queryset = comment_filter_services(user)
        self._themes = {str(theme.uuid): theme for theme in themes}
        theme_field = self.fields["theme"]
        assert isinstance(theme_field, forms.ChoiceField)
        theme_field.choices = [
            ("", "All themes"),
            (NO_THEME, "No theme"),
            *(
                (key, f"{theme.name} ({theme.organization.abbreviation})")
                for key, theme in self._themes.items()
            ),
        ]
        theme_field.error_messages["invalid_choice"] = "Choose a theme from the list."

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_date_range(self, cleaned)
        return cleaned

    def filters(self) -> CommentFilters:
        """The validated filters; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        theme_value = data.get("theme") or ""
        return CommentFilters(
            service=data.get("service"),
            theme=self._themes.get(theme_value),
            no_theme=theme_value == NO_THEME,
            sentiment=data.get("sentiment") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
