"""Forms of the staff pages. They parse and check input; they never write anything."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

from govcx.registry.models import Organization, Service
from govcx.registry.selectors import AnyUser, organizations_where
from govcx.responses.selectors import (
    ResponseFilters,
    response_filter_services,
    response_filter_surveys,
)
from govcx.surveys.catalog import template_choices
from govcx.surveys.models import Survey
from govcx.surveys.selectors import MANAGING_ROLES
from govcx.surveys.services import EDITABLE_DETAILS

USWDS_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Select: "usa-select",
    forms.DateInput: "usa-input",
    forms.TextInput: "usa-input",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
}
ERROR_CLASS_SUFFIX = "--error"
DATE_FORMAT_MESSAGE = "Enter a real date as YYYY-MM-DD, like 2025-04-01."


def error_message_id(bound_field: forms.BoundField) -> str:
    return f"{bound_field.auto_id}-error"


def check_date_range(form: forms.Form, cleaned: dict[str, Any]) -> None:
    """A range of days whose end comes before its start is an error on its end."""
    date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
    if date_from and date_to and date_from > date_to:
        form.add_error("date_to", "The end date must be on or after the start date.")


class UswdsForm(forms.Form):
    """A form with USWDS classes on its widgets; invalid fields say so to screen readers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css_class = USWDS_WIDGET_CLASSES.get(type(field.widget))
            if css_class:
                field.widget.attrs["class"] = css_class

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self._mark_invalid(self[name])

    def add_rule_errors(self, error: ValidationError) -> None:
        """Rules a service enforced beyond the form's own, shown on the field they concern."""
        for field, problems in error.message_dict.items():
            self.add_error(field if field in self.fields else None, problems)

    def _mark_invalid(self, bound_field: forms.BoundField) -> None:
        attrs = bound_field.field.widget.attrs
        described_by = [error_message_id(bound_field)]
        if bound_field.help_text:
            described_by.insert(0, f"{bound_field.auto_id}_helptext")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = " ".join(described_by)
        css_class = attrs.get("class", "")
        if css_class in {"usa-input", "usa-select", "usa-textarea"}:
            attrs["class"] = f"{css_class} {css_class}{ERROR_CLASS_SUFFIX}"


M = TypeVar("M", bound=Model)


class PublicIdChoiceField(forms.ModelChoiceField[M]):
    """A record chosen by its public UUID.

    Anything that is not one of the choices gets the same message, so a malformed id and
    another agency's id look alike.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(to_field_name="public_id", **kwargs)

    def to_python(self, value: Any) -> M | None:
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class ServiceChoiceField(PublicIdChoiceField[Service]):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} ({obj.organization.abbreviation})"


class SurveyChoiceField(PublicIdChoiceField[Survey]):
    def label_from_instance(self, obj: Survey) -> str:
        return f"{obj.title} ({obj.organization.abbreviation})"


class ResponseFilterForm(UswdsForm):
    """The filters of the responses page and export; choices are only what the user may read."""

    date_from = forms.DateField(
        required=False,
        label="From",
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
        help_text="A day in UTC, as YYYY-MM-DD; responses from this day are included.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        required=False,
        label="To",
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
        help_text="A day in UTC, as YYYY-MM-DD; responses from this day are included.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        required=False,
        empty_label="All services",
        error_messages={"invalid_choice": "Choose a service from the list."},
    )
    survey = SurveyChoiceField(
        queryset=Survey.objects.none(),
        required=False,
        empty_label="All surveys",
        error_messages={"invalid_choice": "Choose a survey from the list."},
    )
    include_spam = forms.BooleanField(required=False, label="Include responses marked as spam")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service"]
        survey_field = self.fields["survey"]
        assert isinstance(service_field, ServiceChoiceField)
        assert isinstance(survey_field, SurveyChoiceField)
        service_field.queryset = response_filter_services(user)
        survey_field.queryset = response_filter_surveys(user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        check_date_range(self, cleaned)
        return cleaned

    def filters(self) -> ResponseFilters:
        """The validated filters; call only after `is_valid()` returned True."""
        data = self.cleaned_data
        return ResponseFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            service=data.get("service"),
            survey=data.get("survey"),
            include_spam=bool(data.get("include_spam")),
        )

    def names_an_unknown_record(self) -> bool:
        """Whether a survey or service id was refused: unknown, or not the user's to see."""
        return "service" in self.errors or "survey" in self.errors


class OrganizationChoiceField(PublicIdChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class SurveyCreateForm(UswdsForm):
    """A new survey from a template, in one of the organizations where the user manages surveys."""

    organization = OrganizationChoiceField(
        queryset=Organization.objects.none(),
        empty_label="- Select -",
        error_messages={
            "required": "Choose the organization the survey belongs to.",
            "invalid_choice": "Choose one of your organizations from the list.",
        },
    )
    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        empty_label="- Select -",
        help_text="The service whose customers answer this survey.",
        error_messages={
            "required": "Choose the service this survey asks about.",
            "invalid_choice": "Choose a service from the list.",
        },
    )
    template = forms.ChoiceField(
        choices=template_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a template to start from.",
            "invalid_choice": "Choose one of the templates listed.",
        },
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        help_text="Leave empty to use the template's title with the service's name.",
        error_messages={"max_length": "Keep the title to at most 200 characters."},
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        managed = organizations_where(user, MANAGING_ROLES)
        organization_field = self.fields["organization"]
        service_field = self.fields["service"]
        assert isinstance(organization_field, OrganizationChoiceField)
        assert isinstance(service_field, ServiceChoiceField)
        organization_field.queryset = managed.order_by("name")
        service_field.queryset = (
            Service.objects.filter(organization__in=managed.values("pk"))
            .select_related("organization")
            .order_by("organization__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization, service = cleaned.get("organization"), cleaned.get("service")
        if organization and service and service.organization_id != organization.pk:
            self.add_error("service", f"Choose a service of {organization.name}.")
        return cleaned


class ReasonForm(forms.Form):
    """The optional (archive) or required (return) reason sent with a lifecycle action."""

    reason = forms.CharField(
        required=False,
        max_length=2000,
        error_messages={"max_length": "Keep the reason to at most 2,000 characters."},
    )


class SurveyDetailsForm(UswdsForm):
    """What respondents read around the questions, and the survey's PRA approval."""

    title = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Give the survey a title.",
            "max_length": "Keep the title to at most 200 characters.",
        },
    )
    service = ServiceChoiceField(
        queryset=Service.objects.none(),
        required=False,
        empty_label="No service",
        error_messages={"invalid_choice": "Choose a service from the list."},
    )
    instructions = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    disclaimer = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    success_message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Shown with the receipt number once a response is received.",
        error_messages={"required": "Say what respondents read after they submit."},
    )
    omb_control_number = forms.RegexField(
        regex=r"^\d{4}-\d{4}$",
        required=False,
        label="OMB control number",
        help_text="As 1234-5678. Set it together with the expiration date, or leave both empty.",
        error_messages={"invalid": "An OMB control number has the form 1234-5678."},
    )
    omb_expiration_date = forms.DateField(
        required=False,
        label="OMB expiration date",
        help_text="As YYYY-MM-DD. The survey stops taking responses after this day.",
        error_messages={"invalid": DATE_FORMAT_MESSAGE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service_field = self.fields["service"]
        assert isinstance(service_field, ServiceChoiceField)
        service_field.queryset = Service.objects.filter(
            organization_id=survey.organization_id
        ).select_related("organization")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_number = bool(cleaned.get("omb_control_number"))
        has_date = cleaned.get("omb_expiration_date") is not None
        if has_number and not has_date and "omb_expiration_date" not in self.errors:
            self.add_error("omb_expiration_date", "Give the date the OMB approval expires.")
        if has_date and not has_number and "omb_control_number" not in self.errors:
            self.add_error("omb_control_number", "Give the OMB control number.")
        return cleaned

    @classmethod
    def initial_from(cls, survey: Survey) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(survey, name) for name in EDITABLE_DETAILS}
        # The service is chosen by its public id, never by its database key.
        initial["service"] = survey.service.public_id if survey.service else None
        return initial
