"""Forms of the plan, contact and "you said, we did" pages.

They parse input and say what is wrong with each field in words that name it; the rules that
need the database (a fiscal year already planned, a service of another agency) live in
`govcx.reporting.plans`, and their errors come back onto the same fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from govcx.lib.a11 import channel_choices
from govcx.registry.models import Organization, Service
from govcx.reporting.models import (
    AgencyContact,
    CustomerServicePlan,
    FeedbackAction,
    FeedbackMechanism,
    MilestoneStatus,
    PlanGoal,
    PlanInitiative,
    PlanMilestone,
)
from govcx.reporting.plans import (
    ActionFields,
    ContactFields,
    GoalFields,
    InitiativeFields,
    MechanismFields,
    MilestoneFields,
    PlanFields,
    PlanPart,
)
from govcx.staff.forms import DATE_FORMAT_MESSAGE, PublicIdChoiceField, UswdsForm
from govcx.standards.models import Standard

TEXT_ROWS = 3


def _text(
    label: str,
    *,
    required_message: str | None = None,
    max_length: int | None = None,
    rows: int | None = None,
    help_text: str = "",
) -> forms.CharField:
    """A text field whose every error names the field it belongs to."""
    messages = {"required": required_message or f"Give the {label.lower()}."}
    if max_length is not None:
        messages["max_length"] = f"{label}: keep it to at most {max_length:,} characters."
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required_message is not None,
        max_length=max_length,
        widget=widget,
        help_text=help_text,
        error_messages=messages,
    )


def _date(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Give the {label.lower()} as YYYY-MM-DD.",
            "invalid": f"{label}: {DATE_FORMAT_MESSAGE}",
        },
    )


def _fiscal_year(help_text: str) -> forms.IntegerField:
    """A fiscal year as a number; which years are allowed is the service's rule, which knows
    today's date."""
    message = "Give the fiscal year as a four-digit number, such as 2026."
    return forms.IntegerField(
        label="Fiscal year",
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": message, "invalid": message},
    )


class ServiceOfOrganizationField(PublicIdChoiceField[Service]):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


def _service_field(help_text: str) -> ServiceOfOrganizationField:
    return ServiceOfOrganizationField(
        queryset=Service.objects.none(),
        required=False,
        empty_label="No particular service",
        help_text=help_text,
        error_messages={"invalid_choice": "Choose a service of your organization from the list."},
    )


def _limit_services(form: forms.Form, organization: Organization) -> None:
    field = form.fields["service"]
    assert isinstance(field, ServiceOfOrganizationField)
    field.queryset = Service.objects.filter(organization=organization).order_by("name")


# --- plans ---------------------------------------------------------------------------------------


class PlanForm(UswdsForm):
    fiscal_year = _fiscal_year(
        "The federal fiscal year the plan covers; FY2026 starts 1 October 2025."
    )
    title = _text("Title", required_message="Give the plan a title.", max_length=200)
    summary = _text(
        "Summary",
        rows=5,
        help_text="What the agency is setting out to improve for its customers this year.",
    )
    accountable_official_name = _text(
        "Accountable official's name",
        max_length=200,
        help_text="The senior official accountable for the plan. Needed before publishing.",
    )
    accountable_official_title = _text(
        "Accountable official's title",
        max_length=200,
        help_text="For example, Chief Customer Experience Officer. Needed before publishing.",
    )

    @classmethod
    def initial_from(cls, plan: CustomerServicePlan) -> dict[str, Any]:
        return {name: getattr(plan, name) for name in PlanFields.__dataclass_fields__}

    def plan_fields(self) -> PlanFields:
        """The validated fields; call only after `is_valid()` returned True."""
        return PlanFields(
            **{name: self.cleaned_data[name] for name in PlanFields.__dataclass_fields__}
        )


class PlanCopyForm(UswdsForm):
    fiscal_year = _fiscal_year("The fiscal year the new draft is for.")


class GoalChoiceField(forms.ModelChoiceField[PlanGoal]):
    def label_from_instance(self, obj: PlanGoal) -> str:
        return obj.title


class StandardsField(forms.ModelMultipleChoiceField[Standard]):
    def label_from_instance(self, obj: Standard) -> str:
        return obj.public_wording


class PlanStandardsForm(UswdsForm):
    standards = StandardsField(
        queryset=Standard.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        label="Service standards in this plan",
        error_messages={
            "invalid_choice": "Standards: choose only your organization's active standards.",
            "invalid_pk_value": "Standards: choose only your organization's active standards.",
            "invalid_list": "Standards: choose from the list.",
        },
    )

    def __init__(self, *args: Any, choices: QuerySet[Standard], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standards"]
        assert isinstance(field, StandardsField)
        field.queryset = choices


# --- the parts of a plan -------------------------------------------------------------------------


class GoalForm(UswdsForm):
    title = _text("Goal", required_message="Give the goal a title.", max_length=300)
    description = _text("Description of the goal", rows=TEXT_ROWS)

    def __init__(self, *args: Any, plan: CustomerServicePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, goal: PlanPart) -> dict[str, Any]:
        assert isinstance(goal, PlanGoal)
        return {"title": goal.title, "description": goal.description}

    def part_fields(self) -> GoalFields:
        return GoalFields(
            title=self.cleaned_data["title"], description=self.cleaned_data["description"]
        )


class InitiativeForm(UswdsForm):
    title = _text("Initiative", required_message="Give the initiative a title.", max_length=300)
    description = _text("Description of the initiative", rows=TEXT_ROWS)
    service = _service_field("The service the initiative changes, if it is about one.")

    def __init__(self, *args: Any, plan: CustomerServicePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_services(self, plan.organization)

    @classmethod
    def initial_from(cls, initiative: PlanPart) -> dict[str, Any]:
        assert isinstance(initiative, PlanInitiative)
        service = initiative.service
        return {
            "title": initiative.title,
            "description": initiative.description,
            "service": service.public_id if service else None,
        }

    def part_fields(self) -> InitiativeFields:
        data = self.cleaned_data
        return InitiativeFields(
            title=data["title"], description=data["description"], service=data["service"]
        )


class MechanismForm(UswdsForm):
    name = _text(
        "Feedback mechanism", required_message="Name the feedback mechanism.", max_length=300
    )
    description = _text("Description of the mechanism", rows=TEXT_ROWS)
    channel = forms.ChoiceField(
        required=False,
        choices=lambda: [("", "No particular channel"), *channel_choices()],
        help_text="Where customers give this feedback, if on one channel.",
        error_messages={"invalid_choice": "Choose a channel from the list."},
    )
    service = _service_field("The service customers give feedback about, if one.")

    def __init__(self, *args: Any, plan: CustomerServicePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_services(self, plan.organization)

    @classmethod
    def initial_from(cls, mechanism: PlanPart) -> dict[str, Any]:
        assert isinstance(mechanism, FeedbackMechanism)
        service = mechanism.service
        return {
            "name": mechanism.name,
            "description": mechanism.description,
            "channel": mechanism.channel,
            "service": service.public_id if service else None,
        }

    def part_fields(self) -> MechanismFields:
        data = self.cleaned_data
        return MechanismFields(
            name=data["name"],
            description=data["description"],
            channel=data["channel"],
            service=data["service"],
        )


class MilestoneForm(UswdsForm):
    description = _text("Milestone", required_message="Describe the milestone.", max_length=500)
    owner = _text(
        "Owner",
        required_message="Say who owns the milestone.",
        max_length=200,
        help_text="The office or person who delivers it.",
    )
    due_date = _date("Due date", "As YYYY-MM-DD.")
    status = forms.ChoiceField(
        choices=MilestoneStatus.choices,
        initial=MilestoneStatus.PLANNED,
        error_messages={
            "required": "Choose the milestone's status.",
            "invalid_choice": "Choose a status from the list.",
        },
    )
    goal = GoalChoiceField(
        queryset=PlanGoal.objects.none(),
        required=False,
        empty_label="No particular goal",
        help_text="The goal this milestone moves forward, if one.",
        error_messages={"invalid_choice": "Choose one of this plan's goals from the list."},
    )

    def __init__(self, *args: Any, plan: CustomerServicePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, GoalChoiceField)
        field.queryset = plan.goals.all()

    @classmethod
    def initial_from(cls, milestone: PlanPart) -> dict[str, Any]:
        assert isinstance(milestone, PlanMilestone)
        return {
            "description": milestone.description,
            "owner": milestone.owner,
            "due_date": milestone.due_date,
            "status": milestone.status,
            "goal": milestone.goal_id,
        }

    def part_fields(self) -> MilestoneFields:
        data = self.cleaned_data
        return MilestoneFields(
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
            status=data["status"],
            goal=data["goal"],
        )


PartForm = GoalForm | InitiativeForm | MechanismForm | MilestoneForm


# --- the agency contact --------------------------------------------------------------------------


class ContactForm(UswdsForm):
    representative_name = _text(
        "Customer relations representative",
        required_message="Name the customer relations representative.",
        max_length=200,
    )
    representative_title = _text("Representative's title", max_length=200)
    representative_email = forms.EmailField(
        label="Representative's email",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "usa-input", "autocomplete": "off"}),
        error_messages={"invalid": "Representative's email: give an address like name@agency.gov."},
    )
    public_email = forms.EmailField(
        label="Public email",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "usa-input", "autocomplete": "off"}),
        help_text="Where the public writes to the agency.",
        error_messages={"invalid": "Public email: give an address like contact@agency.gov."},
    )
    public_phone = _text("Public phone", max_length=40, help_text="Such as 1-800-555-0100.")
    tty_phone = _text(
        "TTY phone", max_length=40, help_text="For people who are deaf or hard of hearing."
    )
    mailing_address = _text("Mailing address", rows=4)
    contact_page_url = forms.URLField(
        label="Contact page",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "usa-input", "autocomplete": "off"}),
        help_text="The agency's own contact page, starting https://.",
        error_messages={"invalid": "Contact page: give a full web address, starting https://."},
    )
    hours = _text(
        "Hours of service",
        max_length=300,
        help_text="Such as Monday to Friday, 8 a.m. to 8 p.m. Eastern.",
    )
    guidelines = _text(
        "Contact guidelines",
        rows=5,
        help_text="How the agency handles what the public sends it, and when to expect a reply.",
    )

    @classmethod
    def initial_from(cls, contact: AgencyContact | None) -> dict[str, Any]:
        if contact is None:
            return {}
        return {name: getattr(contact, name) for name in ContactFields.__dataclass_fields__}

    def contact_fields(self) -> ContactFields:
        data = self.cleaned_data
        return ContactFields(**{name: data[name] for name in ContactFields.__dataclass_fields__})


# --- "you said, we did" --------------------------------------------------------------------------


class ActionForm(UswdsForm):
    you_said = _text(
        "You said",
        required_message="Say what customers told you.",
        rows=TEXT_ROWS,
        max_length=2000,
        help_text="What customers told the agency, in plain words, without anyone's details.",
    )
    we_did = _text(
        "We did",
        required_message="Say what the agency did about it.",
        rows=TEXT_ROWS,
        max_length=2000,
        help_text="The change the agency made because of it.",
    )
    action_date = _date("Date of the change", "When the change was made, as YYYY-MM-DD.")
    service = _service_field("The service that changed, if one.")

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_services(self, organization)

    @classmethod
    def initial_from(cls, action: FeedbackAction) -> dict[str, Any]:
        service = action.service
        return {
            "you_said": action.you_said,
            "we_did": action.we_did,
            "action_date": action.action_date,
            "service": service.public_id if service else None,
        }

    def action_fields(self) -> ActionFields:
        data = self.cleaned_data
        return ActionFields(
            you_said=data["you_said"],
            we_did=data["we_did"],
            action_date=data["action_date"],
            service=data["service"],
        )
