"""What one page of the hosted survey shows: fields, their values and errors, and the state
carried along in hidden inputs. Templates only lay these out; every decision is made here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govcx.collection.flow import RawAnswers, SurveyFlow
from govcx.lib.a11 import LIKERT_LABELS
from govcx.surveys.structure import (
    OPTION_TYPES,
    Question,
    QuestionType,
    other_text_key,
)
from govcx.surveys.us_states import US_STATES

# Field names of the page's own state. A dot cannot appear in a question key (keys are slugs)
# and these never end in ".other", so they cannot collide with an answer.
PAGE_FIELD = "govcx.page"
ACTION_FIELD = "govcx.action"
LANGUAGE_FIELD = "govcx.language"
PAGE_URL_FIELD = "govcx.page_url"

THUMBS_CHOICES = (("1", "Thumbs up", "thumb_up_alt"), ("0", "Thumbs down", "thumb_down_alt"))
YES_NO_CHOICES = (("yes", "Yes"), ("no", "No"))
STAR_CHOICES = tuple((str(n), f"{n} star" if n == 1 else f"{n} stars") for n in range(1, 6))
LIKERT_CHOICES = tuple((str(point), label) for point, label in LIKERT_LABELS.items())

RADIO_TYPES = frozenset(
    {
        QuestionType.RADIO,
        QuestionType.YES_NO,
        QuestionType.THUMBS,
        QuestionType.STAR,
        QuestionType.LIKERT,
    }
)
SELECT_TYPES = frozenset({QuestionType.DROPDOWN, QuestionType.US_STATE})
CHOICE_TYPES = RADIO_TYPES | SELECT_TYPES | {QuestionType.CHECKBOXES}
INPUT_TYPES: dict[QuestionType, tuple[str, str]] = {
    # question type: (input type, autocomplete token)
    QuestionType.SHORT_TEXT: ("text", "off"),
    QuestionType.EMAIL: ("email", "email"),
    QuestionType.PHONE: ("tel", "tel"),
    QuestionType.DATE: ("date", "off"),
}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    input_id: str
    checked: bool
    icon: str = ""


@dataclass(frozen=True)
class WriteIn:
    """The text box beside an "other" option."""

    name: str
    input_id: str
    label: str
    value: str
    errors: tuple[str, ...]

    @property
    def error_id(self) -> str:
        return f"{self.input_id}-error"


@dataclass(frozen=True)
class LiveCondition:
    """A condition on a question of the same page, which the script applies as answers change."""

    question: str
    values_json: str
    note: str


@dataclass(frozen=True)
class FieldView:
    question: Question
    template_name: str
    input_id: str
    value: str = ""
    choices: tuple[Choice, ...] = ()
    errors: tuple[str, ...] = ()
    write_in: WriteIn | None = None
    condition: LiveCondition | None = None
    character_limit: int | None = None
    input_type: str = "text"
    autocomplete: str = "off"

    @property
    def base_id(self) -> str:
        return f"q-{self.question.key}"

    @property
    def hint_id(self) -> str:
        return f"{self.base_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.base_id}-error"

    @property
    def limit_id(self) -> str:
        return f"{self.base_id}-limit"

    @property
    def condition_id(self) -> str:
        return f"{self.base_id}-condition"

    @property
    def character_limit_text(self) -> str:
        return f"{self.character_limit:,}" if self.character_limit is not None else ""

    @property
    def describedby(self) -> str:
        ids = [
            (self.condition_id, self.condition is not None),
            (self.hint_id, bool(self.question.help_text)),
            (self.limit_id, self.character_limit is not None),
            (self.error_id, bool(self.errors)),
        ]
        return " ".join(element_id for element_id, present in ids if present)


@dataclass(frozen=True)
class ErrorLink:
    target_id: str  # "" when the field cannot be focused (a hidden field from the link)
    text: str


@dataclass(frozen=True)
class PageView:
    index: int
    number: int
    total: int
    title: str
    fields: tuple[FieldView, ...]
    carried: tuple[tuple[str, str], ...]
    error_links: tuple[ErrorLink, ...]
    has_previous: bool
    is_last: bool
    has_required: bool
    language: str
    page_url: str
    page_field: str = PAGE_FIELD
    action_field: str = ACTION_FIELD
    language_field: str = LANGUAGE_FIELD
    page_url_field: str = PAGE_URL_FIELD


# --- building one field ------------------------------------------------------------------------


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [] if value is None else [str(value)]


def _choice_pairs(question: Question) -> tuple[tuple[str, str, str], ...]:
    if question.type is QuestionType.THUMBS:
        return THUMBS_CHOICES
    fixed: dict[QuestionType, tuple[tuple[str, str], ...]] = {
        QuestionType.YES_NO: YES_NO_CHOICES,
        QuestionType.STAR: STAR_CHOICES,
        QuestionType.LIKERT: LIKERT_CHOICES,
        QuestionType.US_STATE: tuple(US_STATES.items()),
    }
    pairs = fixed.get(question.type) or tuple((o.value, o.label) for o in question.options)
    return tuple((value, label, "") for value, label in pairs)


def _choices(question: Question, raw: Mapping[str, Any]) -> tuple[Choice, ...]:
    chosen = _as_list(raw.get(question.key))
    return tuple(
        Choice(
            value=value,
            label=label,
            input_id=f"q-{question.key}-{position}",
            checked=value in chosen,
            icon=icon,
        )
        for position, (value, label, icon) in enumerate(_choice_pairs(question), start=1)
    )


def answer_label(question: Question, value: str) -> str:
    """How a respondent saw an answer value, for the note beside a conditional question."""
    labels = {choice_value: label for choice_value, label, _icon in _choice_pairs(question)}
    return labels.get(value, value)


def _write_in(
    question: Question, raw: Mapping[str, Any], errors: Mapping[str, list[str]]
) -> WriteIn | None:
    option = question.other_option
    if option is None or question.type not in OPTION_TYPES:
        return None
    name = other_text_key(question.key)
    return WriteIn(
        name=name,
        input_id=f"q-{question.key}-other-text",
        label=f"If you chose “{option.label}”, please describe",
        value=str(raw.get(name, "")),
        errors=tuple(errors.get(name, ())),
    )


def _live_condition(question: Question, flow: SurveyFlow, index: int) -> LiveCondition | None:
    condition = question.show_if
    if condition is None or not flow.depends_live(question, index):
        return None
    controller = flow.structure.question_map()[condition.question]
    shown_for = " or ".join(f"“{answer_label(controller, value)}”" for value in condition.values)
    return LiveCondition(
        question=condition.question,
        values_json=json.dumps(list(condition.values)),
        note=f"Answer this only if you answered {shown_for} to “{controller.text}”.",
    )


def _template_name(question_type: QuestionType) -> str:
    if question_type in RADIO_TYPES:
        return "collection/fields/radios.html"
    if question_type in SELECT_TYPES:
        return "collection/fields/select.html"
    if question_type in INPUT_TYPES:
        return "collection/fields/input.html"
    return f"collection/fields/{question_type.value}.html"


def _character_limit(question: Question) -> int | None:
    # Long answers always show their limit; short ones only when the survey sets one.
    if question.type is QuestionType.LONG_TEXT or (
        question.type is QuestionType.SHORT_TEXT and question.character_limit
    ):
        return question.effective_character_limit()
    return None


def _input_id(question: Question, choices: tuple[Choice, ...]) -> str:
    """The element an error link moves focus to: the input, or a group's first option."""
    if choices and question.type not in SELECT_TYPES:
        return choices[0].input_id
    return f"q-{question.key}"


def field_view(
    question: Question,
    *,
    flow: SurveyFlow,
    index: int,
    raw: Mapping[str, Any],
    errors: Mapping[str, list[str]],
) -> FieldView:
    has_choices = question.type in CHOICE_TYPES
    choices = _choices(question, raw) if has_choices else ()
    input_type, autocomplete = INPUT_TYPES.get(question.type, ("text", "off"))
    value = raw.get(question.key, "")
    return FieldView(
        question=question,
        template_name=_template_name(question.type),
        input_id=_input_id(question, choices),
        value=value if isinstance(value, str) else "",
        choices=choices,
        errors=tuple(errors.get(question.key, ())),
        write_in=_write_in(question, raw, errors),
        condition=_live_condition(question, flow, index),
        character_limit=_character_limit(question),
        input_type=input_type,
        autocomplete=autocomplete,
    )


def _field_names(field: FieldView) -> list[str]:
    names = [field.question.key] if field.question.takes_answer else []
    return names + ([field.write_in.name] if field.write_in else [])


# --- building the page -------------------------------------------------------------------------


def _carried(raw: RawAnswers, shown: set[str]) -> tuple[tuple[str, str], ...]:
    """Answers from other pages ride along as hidden inputs: the page keeps no session."""
    return tuple(
        (key, item) for key, value in raw.items() if key not in shown for item in _as_list(value)
    )


def _error_text(question_text: str, message: str) -> str:
    # A dash, not a colon: question texts often end in "." or "?".
    return f"{question_text} — {message}"


def _error_links(
    fields: tuple[FieldView, ...], errors: Mapping[str, list[str]], flow: SurveyFlow
) -> tuple[ErrorLink, ...]:
    links: list[ErrorLink] = []
    for field in fields:
        text = field.question.text
        links += [ErrorLink(field.input_id, _error_text(text, m)) for m in field.errors]
        if (write_in := field.write_in) is not None:
            label = write_in.label
            links += [ErrorLink(write_in.input_id, _error_text(label, m)) for m in write_in.errors]
    shown = {name for field in fields for name in _field_names(field)}
    for key, messages in errors.items():
        if key not in shown:
            # Not a field on this page, e.g. a hidden value from the link: say what, link nowhere.
            question = flow.question_of_answer_key.get(key)
            links += [
                ErrorLink("", _error_text(question.text, m) if question else m) for m in messages
            ]
    return tuple(links)


def page_view(
    *,
    flow: SurveyFlow,
    index: int,
    raw: RawAnswers,
    answers: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    language: str,
    page_url: str,
) -> PageView:
    visible = [
        question
        for question in flow.rendered_questions(index, answers)
        if question.type is not QuestionType.HIDDEN
    ]
    fields = tuple(
        field_view(question, flow=flow, index=index, raw=raw, errors=errors) for question in visible
    )
    shown = {name for field in fields for name in _field_names(field)}
    number, total = flow.position(index, answers)
    return PageView(
        index=index,
        number=number,
        total=total,
        title=flow.structure.pages[index].title,
        fields=fields,
        carried=_carried(raw, shown),
        error_links=_error_links(fields, errors, flow),
        has_previous=flow.previous_page(index, answers) is not None,
        is_last=not flow.has_later_pages(index, answers),
        has_required=any(question.required for question in visible),
        language=language,
        page_url=page_url,
    )
