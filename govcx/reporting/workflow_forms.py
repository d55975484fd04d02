"""The form behind each workflow button: a reason, and a rating when the action rates.

The form parses what was posted; the workflow services decide what is required (a reason for
a change request, for a yellow or red rating …) and their refusals are shown on these fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from govcx.reporting.models import Collection, Rating
from govcx.reporting.workflow import ReasonRule, WorkflowAction
from govcx.staff.forms import UswdsForm

REASON_MAX_LENGTH = 2000

REASON_LABELS = {
    "rate": "Why this rating",
    "request_changes": "What needs to change",
    "not_reported": "Why this quarter was not reported",
    "archive": "Why it is archived",
}
REASON_HINTS = {
    ReasonRule.FOR_SHORTFALL: "Required for yellow and red: say what falls short of A-11.",
    ReasonRule.REQUIRED: "The preparers read this in the collection's history and by email.",
}


class WorkflowActionForm(UswdsForm):
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the reason to at most 2,000 characters."},
    )
    rating = forms.ChoiceField(
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose green, yellow or red.",
            "invalid_choice": "Choose green, yellow or red.",
        },
    )

    def __init__(
        self, *args: Any, action: WorkflowAction, collection: Collection, **kwargs: Any
    ) -> None:
        # Several of these forms share a page: ids carry the action's name to stay unique.
        kwargs.setdefault("auto_id", f"{action.name}-%s")
        if action.asks_rating and collection.rating:
            kwargs.setdefault("initial", {"rating": collection.rating})
        super().__init__(*args, **kwargs)
        self.action = action
        if not action.asks_rating:
            del self.fields["rating"]
        if action.reason == ReasonRule.NONE:
            del self.fields["reason"]
        else:
            self._describe_reason(action)

    def _describe_reason(self, action: WorkflowAction) -> None:
        field = self.fields["reason"]
        field.label = REASON_LABELS.get(action.name, "Reason")
        field.help_text = REASON_HINTS.get(action.reason, "")
        field.required = action.reason_required
        if action.reason_required:
            field.error_messages["required"] = action.reason_missing

    def add_rule_errors(self, error: ValidationError) -> None:
        """A service's refusal, shown on its field and announced as such to screen readers."""
        super().add_rule_errors(error)
        for name in error.message_dict:
            if name in self.fields:
                self._mark_invalid(self[name])

    def reason_text(self) -> str:
        """The reason as typed; call only after `is_valid()` returned True."""
        return str(self.cleaned_data.get("reason", ""))

    def rating_value(self) -> str:
        return str(self.cleaned_data.get("rating", ""))
