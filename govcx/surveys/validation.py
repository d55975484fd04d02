"""The one validator for survey answers, shared by the hosted page, the widget and the API.

`validate_answers` takes raw answers (strings from a form, JSON values from the API) and
returns the cleaned answers to store, or an error list per field. It never stores anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from govcx.surveys.structure import (
    OTHER_TEXT_LIMIT,
    Question,
    QuestionType,
    SurveyStructure,
    other_text_key,
)
from govcx.surveys.us_states import US_STATES

Answer = str | int | list[str]


class AnswerError(ValueError):
    """The raw answer to one question cannot be accepted; the message is for the respondent."""


@dataclass
class ValidationResult:
    answers: dict[str, Answer] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add_error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def validate_answers(
    structure: SurveyStructure,
    raw: Mapping[str, Any],
    *,
    page_indexes: Collection[int] | None = None,
) -> ValidationResult:
    """Check raw answers against a survey structure.

    With `page_indexes`, only those pages' questions must be complete (the hosted page checks
    one page at a time); answers to any known question are still checked and kept.
    """
    result = ValidationResult()
    # Display-text keys are known too, so an answer to one gets the more helpful message below.
    known_keys = set(structure.answer_keys()) | {q.key for q in structure.questions()}
    for key in raw:
        if key not in known_keys:
            result.add_error(key, "This is not a question in this survey.")
    for index, page in enumerate(structure.pages):
        checking_page = page_indexes is None or index in page_indexes
        for question in page.questions:
            _validate_question(question, raw, result, enforce_required=checking_page)
    return result


def _validate_question(
    question: Question, raw: Mapping[str, Any], result: ValidationResult, *, enforce_required: bool
) -> None:
    other_key = other_text_key(question.key)
    value = raw.get(question.key)
    if not question.takes_answer:
        if not is_blank(value):
            result.add_error(question.key, "This item is text to read and takes no answer.")
        return
    if not question.applies(result.answers):
        for key in (question.key, other_key):
            if not is_blank(raw.get(key)):
                result.add_error(key, "This question does not apply, given an earlier answer.")
        return
    if is_blank(value):
        if question.required and enforce_required:
            result.add_error(question.key, "This answer is required.")
        if not is_blank(raw.get(other_key)):
            result.add_error(other_key, "Choose “other” to write in an answer.")
        return
    try:
        result.answers[question.key] = CLEANERS[question.type](question, value)
    except AnswerError as error:
        result.add_error(question.key, str(error))
        return
    _validate_other_text(question, raw, result)


def _validate_other_text(
    question: Question, raw: Mapping[str, Any], result: ValidationResult
) -> None:
    other_key = other_text_key(question.key)
    text = raw.get(other_key)
    if is_blank(text):
        return
    option = question.other_option
    chosen = result.answers.get(question.key)
    chosen_values = chosen if isinstance(chosen, list) else [chosen]
    if option is None or option.value not in chosen_values:
        result.add_error(other_key, "Choose “other” to write in an answer.")
        return
    try:
        result.answers[other_key] = _text(text, OTHER_TEXT_LIMIT)
    except AnswerError as error:
        result.add_error(other_key, str(error))


# --- one cleaner per question type -------------------------------------------------------------


def _text(value: object, limit: int | None) -> str:
    if not isinstance(value, str):
        raise AnswerError("Enter text.")
    text = value.strip().replace("\r\n", "\n")
    if "\x00" in text:
        raise AnswerError("The answer contains a character that is not allowed.")
    if limit is not None and len(text) > limit:
        raise AnswerError(f"Use at most {limit} characters (this answer has {len(text)}).")
    return text


def _clean_text(question: Question, value: object) -> str:
    return _text(value, question.effective_character_limit())


def _clean_email(question: Question, value: object) -> str:
    text = _text(value, question.effective_character_limit())
    try:
        validate_email(text)
    except ValidationError:
        raise AnswerError("Enter an email address like name@example.gov.") from None
    return text


NANP_NUMBER = re.compile(r"^1?([2-9]\d{2})([2-9]\d{2})(\d{4})$")
PHONE_CHARACTERS = re.compile(r"^[\d\s().+\-]+$")


def _clean_phone(question: Question, value: object) -> str:
    text = _text(value, question.effective_character_limit())
    digits = re.sub(r"\D", "", text)
    match = NANP_NUMBER.match(digits)
    if not PHONE_CHARACTERS.match(text) or match is None:
        raise AnswerError("Enter a 10-digit U.S. phone number, like 202-555-0123.")
    return "{}-{}-{}".format(*match.groups())


def _choice_values(question: Question) -> dict[str, str]:
    return {option.value: option.label for option in question.options}


def _clean_single_choice(question: Question, value: object) -> str:
    if not isinstance(value, str) or value not in _choice_values(question):
        raise AnswerError("Choose one of the options given.")
    return value


def _clean_checkboxes(question: Question, value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise AnswerError("Choose from the options given.")
    allowed = _choice_values(question)
    unknown = [item for item in value if item not in allowed]
    if unknown:
        raise AnswerError(f"Not one of the options: {', '.join(unknown)}.")
    if len(set(value)) != len(value):
        raise AnswerError("Each option can be chosen only once.")
    return [option for option in allowed if option in value]


def _whole_number(value: object, message: str) -> int:
    if isinstance(value, bool):
        raise AnswerError(message)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,3}\s*", value):
        return int(value)
    raise AnswerError(message)


def _scale(low: int, high: int, message: str) -> Callable[[Question, object], int]:
    def clean(question: Question, value: object) -> int:
        number = _whole_number(value, message)
        if not low <= number <= high:
            raise AnswerError(message)
        return number

    return clean


def _clean_yes_no(question: Question, value: object) -> str:
    if isinstance(value, str) and value.strip().lower() in {"yes", "no"}:
        return value.strip().lower()
    raise AnswerError("Answer yes or no.")


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clean_date(question: Question, value: object) -> str:
    if not isinstance(value, str) or not ISO_DATE.match(value.strip()):
        raise AnswerError("Enter a date as YYYY-MM-DD.")
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise AnswerError("Enter a real date, as YYYY-MM-DD.") from None
    if not 1900 <= day.year <= 2100:
        raise AnswerError("Enter a date between 1900 and 2100.")
    return day.isoformat()


def _clean_us_state(question: Question, value: object) -> str:
    if isinstance(value, str) and value.strip().upper() in US_STATES:
        return value.strip().upper()
    raise AnswerError("Choose a U.S. state or territory (two-letter postal code).")


CLEANERS: dict[QuestionType, Callable[[Question, Any], Answer]] = {
    QuestionType.SHORT_TEXT: _clean_text,
    QuestionType.LONG_TEXT: _clean_text,
    QuestionType.HIDDEN: _clean_text,
    QuestionType.EMAIL: _clean_email,
    QuestionType.PHONE: _clean_phone,
    QuestionType.RADIO: _clean_single_choice,
    QuestionType.DROPDOWN: _clean_single_choice,
    QuestionType.CHECKBOXES: _clean_checkboxes,
    QuestionType.YES_NO: _clean_yes_no,
    QuestionType.THUMBS: _scale(0, 1, "Answer 1 (thumbs up) or 0 (thumbs down)."),
    QuestionType.STAR: _scale(1, 5, "Choose from 1 to 5 stars."),
    QuestionType.LIKERT: _scale(
        1, 5, "Choose a point from 1 (strongly disagree) to 5 (strongly agree)."
    ),
    QuestionType.DATE: _clean_date,
    QuestionType.US_STATE: _clean_us_state,
}
