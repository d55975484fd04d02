"""Forms of the coding pages: a new sample, and one coder's themes for a sample's comments.

They parse and check input against what the signed-in person may use; the rules themselves
(sizes, active themes) are enforced again by the services in `coding.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from govcx.comments.coding import SAMPLE_SIZE_MAX, SAMPLE_SIZE_MIN
from govcx.comments.models import Comment, Theme
from govcx.registry.models import Organization, Service
from govcx.staff.forms import (
    DATE_FORMAT_MESSAGE,
    OrganizationChoiceField,
    ServiceChoiceField,
    UswdsForm,
)

NOT_CODED = ""
NO_THEME = "none"
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CodingSampleForm(UswdsForm):
    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        label="Organization",
        empty_label=None,
        error_messages={"invalid_choice": "Choose an organization from the list."},
    )
    name = forms.CharField(
        max_length=120,
        label="Name",
        help_text="So coders recognise it, like “Benefit applications, FY2025 Q3”.",
        error_messages={"required": "Give the sample a name."},
    )
    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        required=False,
        empty_label="All services",
        error_messages={"invalid_choice": "Choose a service from the list."},
    )
    date_from = forms.DateField(
        label="From",
        help_text="A day in UTC, as YYYY-MM-DD; comments from this day are included.",
        error_messages={"invalid": DATE_FORMAT_MESSAGE, "required": DATE_FORMAT_MESSAGE},
        widget=DATE_WIDGET,
    )
    date_to = forms.DateField(
        label="To",
        help_text="A day in UTC, as YYYY-MM-DD; comments from this day are included.",
        error_messages={"invalid": DATE_FORMAT_MESSAGE, "required": DATE_FORMAT_MESSAGE},
        widget=DATE_WIDGET,
    )
    size = forms.IntegerField(
        label="Number of comments",
        min_value=SAMPLE_SIZE_MIN,
        max_value=SAMPLE_SIZE_MAX,
        initial=50,
        help_text=f"{SAMPLE_SIZE_MIN} to {SAMPLE_SIZE_MAX}, drawn at random.",
        error_messages={
            "invalid": "Enter a whole number.",
            "required": "Enter how many comments to draw.",
            "min_value": f"A sample has at least {SAMPLE_SIZE_MIN} comments.",
            "max_value": f"A sample has at most {SAMPLE_SIZE_MAX} comments.",
        },
    )

    def __init__(
        self, data: QueryDict | None = None, *, organizations: QuerySet[Organization]
    ) -> None:
        super().__init__(data)
        organization_field = self.fields["organization"]
        service_field = self.fields["service"]
        assert isinstance(organization_field, OrganizationChoiceField)
        assert isinstance(service_field, ServiceChoiceField)
        organization_field.queryset = organizations.order_by("name")
        service_field.queryset = (
            Service.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by("organization__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization, service = cleaned.get("organization"), cleaned.get("service")
        if organization and service and service.organization_id != organization.pk:
            self.add_error("service", "Choose a service of the organization chosen above.")
        return cleaned


class CodingJudgementsForm(UswdsForm):
    """One select per comment: not coded yet, no theme, or one of the organization's themes."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        comments: Sequence[Comment],
        themes: Sequence[Theme],
        earlier: dict[int, int | None],
    ) -> None:
        super().__init__(data)
        self._comments = {self.field_name(comment): comment for comment in comments}
        self._themes = {str(theme.uuid): theme for theme in themes}
        choices = [(NOT_CODED, "Not coded yet"), (NO_THEME, "No theme fits")]
        choices += [(key, theme.name) for key, theme in self._themes.items()]
        by_id = {theme.pk: key for key, theme in self._themes.items()}
        for number, comment in enumerate(comments, start=1):
            self.fields[self.field_name(comment)] = forms.ChoiceField(
                label=f"Comment {number}",
                choices=choices,
                required=False,
                initial=_initial(comment, earlier, by_id),
                error_messages={"invalid_choice": "Choose a theme from the list."},
            )

    @staticmethod
    def field_name(comment: Comment) -> str:
        return f"comment-{comment.uuid}"

    def judgements(self) -> dict[int, Theme | None]:
        """Comment id → chosen theme (None: no theme); comments left "not coded" are absent."""
        chosen: dict[int, Theme | None] = {}
        for name, comment in self._comments.items():
            value = self.cleaned_data.get(name, NOT_CODED)
            if value == NO_THEME:
                chosen[comment.pk] = None
            elif value:
                chosen[comment.pk] = self._themes[value]
        return chosen


def _initial(comment: Comment, earlier: dict[int, int | None], by_id: dict[int, str]) -> str:
    if comment.pk not in earlier:
        return NOT_CODED
    theme_id = earlier[comment.pk]
    # A theme merged or retired since is no longer a choice: the coder chooses again.
    return NO_THEME if theme_id is None else by_id.get(theme_id, NOT_CODED)
