"""Forms of the collection pages. They parse and check input; services do the writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from govcx.lib.a11 import channel_choices
from govcx.lib.fiscal import FiscalQuarter, latest_complete_quarter
from govcx.registry.models import FIRST_VOLUME_FISCAL_YEAR, Organization
from govcx.reporting.models import (
    CollectionDetail,
    CollectionState,
    RespondentSource,
    SurveyType,
    TransactionPoint,
)
from govcx.staff.forms import UswdsForm
from govcx.staff.volumes import CustomerCountField
from govcx.surveys.models import Survey

UPLOAD_CHOICE = "upload"
# Quarters offered for opening collections: the current one, to prepare early, and the two
# years before it, to catch up.
QUARTERS_OFFERED = 9
# A respondent file of 100,000 respondents with long comments stays well under this.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_TEXT_FIELDS = {
    "survey_title": "Give the survey's title as respondents saw it.",
    "trust_question_text": "Give the trust question's wording as respondents saw it.",
    "survey_type": "Choose the survey type of the uploaded file.",
}


def quarter_choices(quarters: list[FiscalQuarter]) -> list[tuple[str, str]]:
    return [(quarter.key, quarter.label) for quarter in quarters]


def quarters_to_open(today_quarter: FiscalQuarter) -> list[FiscalQuarter]:
    """The current quarter and those before it, newest first, from the first A-11 year."""
    quarters = [today_quarter.shifted(-offset) for offset in range(QUARTERS_OFFERED)]
    return [quarter for quarter in quarters if quarter.fiscal_year >= FIRST_VOLUME_FISCAL_YEAR]


class CollectionFilterForm(UswdsForm):
    """Which collections the list shows (`?quarter=FY2026-Q1&state=draft`)."""

    quarter = forms.ChoiceField(label="Fiscal quarter", required=False)
    state = forms.ChoiceField(
        label="State", required=False, choices=[("", "Any state"), *CollectionState.choices]
    )

    def __init__(self, *args: Any, quarters: list[FiscalQuarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quarter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any quarter"), *quarter_choices(quarters)]
        self.quarters = {quarter.key: quarter for quarter in quarters}

    def chosen_quarter(self) -> FiscalQuarter | None:
        return self.quarters.get(self.cleaned_data.get("quarter") or "")


class OpenCollectionsForm(UswdsForm):
    """Open the collections of one quarter for one organization the user prepares for."""

    organization = forms.ModelChoiceField[Organization](
        label="Organization",
        queryset=Organization.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        error_messages={"invalid_choice": "Choose an organization from the list."},
    )
    fiscal_quarter = forms.ChoiceField(
        label="Fiscal quarter",
        error_messages={"invalid_choice": "Choose a fiscal quarter from the list."},
    )

    def __init__(
        self, *args: Any, organizations: QuerySet[Organization], today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        organization.queryset = organizations
        current = FiscalQuarter.of(today)
        offered = quarters_to_open(current)
        quarter = self.fields["fiscal_quarter"]
        assert isinstance(quarter, forms.ChoiceField)
        quarter.choices = quarter_choices(offered)
        quarter.initial = latest_complete_quarter(today).key
        self.quarters = {fiscal_quarter.key: fiscal_quarter for fiscal_quarter in offered}

    def chosen_quarter(self) -> FiscalQuarter:
        return self.quarters[self.cleaned_data["fiscal_quarter"]]


class DetailForm(UswdsForm):
    """A detail row. "Respondents from" is one of the service's A-11 surveys or a file."""

    respondents_from = forms.ChoiceField(
        label="Respondents from",
        help_text=(
            "A govcx survey's respondents are counted from its responses on this channel in "
            "the quarter; otherwise upload an A-11 respondent file after saving the row."
        ),
        error_messages={"invalid_choice": "Choose a survey of this service or an uploaded file."},
    )
    channel = forms.ChoiceField(label="Channel", choices=channel_choices())
    transaction_point = forms.ChoiceField(
        label="Transaction point", choices=TransactionPoint.choices
    )
    service_stage = forms.CharField(
        label="Service stage",
        required=False,
        max_length=200,
        help_text="Where in the customer's journey the survey is offered, such as “Apply”.",
    )
    survey_type = forms.ChoiceField(
        label="Survey type",
        required=False,
        choices=[("", "—"), *SurveyType.choices],
        help_text="For a govcx survey, its own type is used.",
    )
    survey_title = forms.CharField(
        label="Survey title",
        required=False,
        max_length=200,
        help_text="Leave empty to use the govcx survey's title.",
    )
    omb_control_number = forms.CharField(
        label="OMB control number",
        required=False,
        max_length=9,
        help_text="As 1234-5678. Leave empty to use the govcx survey's.",
    )
    trust_question_text = forms.CharField(
        label="Trust question text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty to use the govcx survey's wording.",
    )
    volume_of_customers = CustomerCountField(label="Customers served (volume_of_customers)")
    volume_offered_survey = CustomerCountField(
        label=("Customers offered a survey (volume_of_customers_provided_survey_opportunity)"),
        help_text="At most the customers served.",
    )

    def __init__(
        self,
        *args: Any,
        surveys: QuerySet[Survey],
        detail: CollectionDetail | None = None,
        **kwargs: Any,
    ) -> None:
        if detail is not None:
            kwargs.setdefault("initial", self.initial_from(detail))
        super().__init__(*args, **kwargs)
        self.surveys = {str(survey.public_id): survey for survey in surveys}
        choices = [(key, survey.title) for key, survey in self.surveys.items()]
        # A row keeps its source: an existing row offers only choices of the same kind.
        if detail is None or detail.source == RespondentSource.UPLOAD:
            choices.append((UPLOAD_CHOICE, "An uploaded A-11 respondent file"))
        if detail is not None and detail.source == RespondentSource.UPLOAD:
            choices = [(UPLOAD_CHOICE, "An uploaded A-11 respondent file")]
        field = self.fields["respondents_from"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    @staticmethod
    def initial_from(detail: CollectionDetail) -> dict[str, Any]:
        source = UPLOAD_CHOICE if detail.survey is None else str(detail.survey.public_id)
        fields = (
            "channel",
            "transaction_point",
            "service_stage",
            "survey_type",
            "survey_title",
            "omb_control_number",
            "trust_question_text",
            "volume_of_customers",
            "volume_offered_survey",
        )
        return {"respondents_from": source} | {name: getattr(detail, name) for name in fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        if data.get("respondents_from") == UPLOAD_CHOICE:
            for name, message in UPLOAD_TEXT_FIELDS.items():
                if not data.get(name):
                    self.add_error(name, message)
        customers, offered = data.get("volume_of_customers"), data.get("volume_offered_survey")
        if customers is not None and offered is not None and offered > customers:
            self.add_error(
                "volume_offered_survey",
                f"Customers offered a survey cannot be more than the customers served "
                f"({customers:,}).",
            )
        return data

    def detail_fields(self) -> dict[str, Any]:
        """Keyword arguments for detail_create / detail_update; call after is_valid()."""
        data = self.cleaned_data
        chosen = data["respondents_from"]
        survey = None if chosen == UPLOAD_CHOICE else self.surveys[chosen]
        names = (
            "channel",
            "transaction_point",
            "service_stage",
            "survey_title",
            "omb_control_number",
            "trust_question_text",
            "volume_of_customers",
            "volume_offered_survey",
        )
        fields = {name: data[name] for name in names}
        # A survey's own type always wins; the chosen one matters for an uploaded file only.
        fields["survey_type"] = data["survey_type"] if survey is None else ""
        fields["survey"] = survey
        fields["source"] = RespondentSource.UPLOAD if survey is None else RespondentSource.SURVEY
        return fields


class RespondentFileForm(UswdsForm):
    file = forms.FileField(
        label="Respondent file (CSV)",
        help_text=(
            "The A-11 version 2 respondent-level file: UTF-8 CSV with the 17 columns "
            "external_id, question_1, positive_… , negative_… , question_4."
        ),
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.0f} MB; at most "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB is accepted."
            )
        return upload
