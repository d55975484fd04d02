"""A survey's structure as plain, immutable data.

The same structure is built from the editable models, frozen into each published version as
JSON, and read back to render pages and validate answers. Old responses are therefore always
read against exactly the questions they answered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class QuestionType(StrEnum):
    SHORT_TEXT = "short_text"
    EMAIL = "email"
    PHONE = "phone"
    LONG_TEXT = "long_text"
    RADIO = "radio"
    CHECKBOXES = "checkboxes"
    DROPDOWN = "dropdown"
    YES_NO = "yes_no"
    THUMBS = "thumbs"
    STAR = "star"
    LIKERT = "likert"
    DATE = "date"
    US_STATE = "us_state"
    HIDDEN = "hidden"
    DISPLAY_TEXT = "display_text"

    @property
    def label(self) -> str:
        return QUESTION_TYPE_LABELS[self]


QUESTION_TYPE_LABELS: dict[QuestionType, str] = {
    QuestionType.SHORT_TEXT: "Short text",
    QuestionType.EMAIL: "Email address",
    QuestionType.PHONE: "Phone number",
    QuestionType.LONG_TEXT: "Long text",
    QuestionType.RADIO: "Radio buttons",
    QuestionType.CHECKBOXES: "Checkboxes",
    QuestionType.DROPDOWN: "Dropdown",
    QuestionType.YES_NO: "Yes / no",
    QuestionType.THUMBS: "Thumbs up / down",
    QuestionType.STAR: "Star rating (1–5)",
    QuestionType.LIKERT: "Five-point agreement (Likert)",
    QuestionType.DATE: "Date",
    QuestionType.US_STATE: "U.S. state or territory",
    QuestionType.HIDDEN: "Hidden field",
    QuestionType.DISPLAY_TEXT: "Display text",
}

# Types whose answer is one of the question's own options.
OPTION_TYPES = frozenset({QuestionType.RADIO, QuestionType.CHECKBOXES, QuestionType.DROPDOWN})
# Types whose answer is a whole number on a fixed scale.
SCALE_TYPES = frozenset({QuestionType.THUMBS, QuestionType.STAR, QuestionType.LIKERT})
TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT})
# Types whose answers can split results into groups (a segment): one short value per respondent.
SEGMENT_TYPES = frozenset(
    {
        QuestionType.HIDDEN,
        QuestionType.RADIO,
        QuestionType.DROPDOWN,
        QuestionType.YES_NO,
        QuestionType.US_STATE,
    }
)

# The longest answer accepted when a question sets no limit of its own.
DEFAULT_CHARACTER_LIMITS: dict[QuestionType, int] = {
    QuestionType.SHORT_TEXT: 500,
    QuestionType.LONG_TEXT: 10_000,
    QuestionType.HIDDEN: 500,
    QuestionType.EMAIL: 254,
    QuestionType.PHONE: 40,
}
OTHER_TEXT_LIMIT = 500


def other_text_key(question_key: str) -> str:
    """Where the write-in text of an "other" choice is stored beside the choice itself."""
    return f"{question_key}.other"


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    is_other: bool = False


@dataclass(frozen=True)
class Condition:
    """Show a question only when an earlier question's answer is one of `values`."""

    question: str
    values: tuple[str, ...]

    def is_met(self, answers: Mapping[str, Any]) -> bool:
        answer = answers.get(self.question)
        if answer is None:
            return False
        if isinstance(answer, list):
            return any(str(item) in self.values for item in answer)
        return str(answer) in self.values


@dataclass(frozen=True)
class Question:
    key: str
    type: QuestionType
    text: str
    help_text: str = ""
    required: bool = False
    character_limit: int | None = None
    options: tuple[Option, ...] = ()
    show_if: Condition | None = None
    # Results can be broken down by this question's answer. Off by default: a hidden field
    # often carries a unique id, and a breakdown by it would have one group per respondent.
    segment: bool = False

    @property
    def takes_answer(self) -> bool:
        return self.type is not QuestionType.DISPLAY_TEXT

    @property
    def other_option(self) -> Option | None:
        return next((option for option in self.options if option.is_other), None)

    def effective_character_limit(self) -> int | None:
        return self.character_limit or DEFAULT_CHARACTER_LIMITS.get(self.type)

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return self.show_if is None or self.show_if.is_met(answers)


@dataclass(frozen=True)
class Page:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class SurveyStructure:
    pages: tuple[Page, ...] = field(default_factory=tuple)

    def questions(self) -> Iterator[Question]:
        for page in self.pages:
            yield from page.questions

    def question_map(self) -> dict[str, Question]:
        return {question.key: question for question in self.questions()}

    def answer_keys(self) -> list[str]:
        """Every key an answer may be stored under, in survey order (write-ins after choices)."""
        keys: list[str] = []
        for question in self.questions():
            if not question.takes_answer:
                continue
            keys.append(question.key)
            if question.other_option is not None:
                keys.append(other_text_key(question.key))
        return keys

    def to_json(self) -> dict[str, Any]:
        return {"pages": [_page_to_json(page) for page in self.pages]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SurveyStructure:
        return cls(pages=tuple(_page_from_json(page) for page in data.get("pages", [])))


def _page_to_json(page: Page) -> dict[str, Any]:
    return {"title": page.title, "questions": [_question_to_json(q) for q in page.questions]}


def _question_to_json(question: Question) -> dict[str, Any]:
    return {
        "key": question.key,
        "type": question.type.value,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "character_limit": question.character_limit,
        "options": [
            {"value": o.value, "label": o.label, "is_other": o.is_other} for o in question.options
        ],
        "show_if": (
            None
            if question.show_if is None
            else {"question": question.show_if.question, "values": list(question.show_if.values)}
        ),
        "segment": question.segment,
    }


def _page_from_json(data: Mapping[str, Any]) -> Page:
    return Page(
        title=data.get("title", ""),
        questions=tuple(_question_from_json(q) for q in data.get("questions", [])),
    )


def _question_from_json(data: Mapping[str, Any]) -> Question:
    show_if = data.get("show_if")
    return Question(
        key=data["key"],
        type=QuestionType(data["type"]),
        text=data["text"],
        help_text=data.get("help_text", ""),
        required=bool(data.get("required", False)),
        character_limit=data.get("character_limit"),
        options=tuple(
            Option(value=o["value"], label=o["label"], is_other=bool(o.get("is_other")))
            for o in data.get("options", [])
        ),
        show_if=(
            None
            if not show_if
            else Condition(question=show_if["question"], values=tuple(show_if["values"]))
        ),
        segment=bool(data.get("segment", False)),
    )
