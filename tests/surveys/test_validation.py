"""The one validator: every question type, required answers, limits, conditions, unknown keys."""

from __future__ import annotations

from typing import Any

import pytest

from govcx.surveys.catalog import A11_V1, A11_V2_LIKERT, A11_V2_THUMBS
from govcx.surveys.structure import Condition, Option, Page, Question, QuestionType, SurveyStructure
from govcx.surveys.validation import validate_answers

T = QuestionType


def single(question: Question) -> SurveyStructure:
    return SurveyStructure(pages=(Page(title="", questions=(question,)),))


def check(question: Question, value: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    result = validate_answers(single(question), {question.key: value})
    return dict(result.answers), result.errors


COLOURS = (Option("red", "Red"), Option("blue", "Blue"), Option("other", "Other", is_other=True))


@pytest.mark.parametrize(
    ("question", "raw", "stored"),
    [
        (Question("name", T.SHORT_TEXT, "Name"), "  Ada  ", "Ada"),
        (Question("story", T.LONG_TEXT, "Story"), "line one\r\nline two", "line one\nline two"),
        (Question("email", T.EMAIL, "Email"), "ada@example.gov", "ada@example.gov"),
        (Question("phone", T.PHONE, "Phone"), "(202) 555-0123", "202-555-0123"),
        (Question("phone", T.PHONE, "Phone"), "+1 202 555 0123", "202-555-0123"),
        (Question("colour", T.RADIO, "Colour", options=COLOURS), "blue", "blue"),
        (Question("colour", T.DROPDOWN, "Colour", options=COLOURS), "red", "red"),
        (
            Question("colours", T.CHECKBOXES, "Colours", options=COLOURS),
            ["blue", "red"],
            ["red", "blue"],
        ),
        (Question("colours", T.CHECKBOXES, "Colours", options=COLOURS), "red", ["red"]),
        (Question("ok", T.YES_NO, "OK?"), "Yes", "yes"),
        (Question("thumb", T.THUMBS, "Thumb"), 0, 0),
        (Question("thumb", T.THUMBS, "Thumb"), "1", 1),
        (Question("stars", T.STAR, "Stars"), 5, 5),
        (Question("agree", T.LIKERT, "Agree"), "3", 3),
        (Question("when", T.DATE, "When"), "2025-02-28", "2025-02-28"),
        (Question("state", T.US_STATE, "State"), "pr", "PR"),
        (Question("txn", T.HIDDEN, "Transaction"), "ABC-123", "ABC-123"),
    ],
)
def test_each_type_accepts_and_normalises_good_answers(
    question: Question, raw: Any, stored: Any
) -> None:
    answers, errors = check(question, raw)
    assert errors == {}
    assert answers == {question.key: stored}


@pytest.mark.parametrize(
    ("question", "raw", "message_part"),
    [
        (Question("name", T.SHORT_TEXT, "Name"), 42, "Enter text"),
        (
            Question("name", T.SHORT_TEXT, "Name", character_limit=5),
            "abcdef",
            "at most 5 characters",
        ),
        (Question("name", T.SHORT_TEXT, "Name"), "x" * 501, "at most 500 characters"),
        (Question("name", T.SHORT_TEXT, "Name"), "nul\x00byte", "not allowed"),
        (Question("email", T.EMAIL, "Email"), "not-an-email", "email address"),
        (Question("phone", T.PHONE, "Phone"), "555-0123", "10-digit"),
        (Question("phone", T.PHONE, "Phone"), "123-456-7890", "10-digit"),
        (Question("phone", T.PHONE, "Phone"), "202-555-0123 ext. 4", "10-digit"),
        (Question("colour", T.RADIO, "Colour", options=COLOURS), "green", "options given"),
        (Question("colour", T.RADIO, "Colour", options=COLOURS), ["red"], "options given"),
        (Question("colour", T.DROPDOWN, "Colour", options=COLOURS), "purple", "options given"),
        (Question("colours", T.CHECKBOXES, "Colours", options=COLOURS), ["red", "green"], "green"),
        (
            Question("colours", T.CHECKBOXES, "Colours", options=COLOURS),
            ["red", "red"],
            "only once",
        ),
        (Question("colours", T.CHECKBOXES, "Colours", options=COLOURS), [1], "options given"),
        (Question("ok", T.YES_NO, "OK?"), "maybe", "yes or no"),
        (Question("ok", T.YES_NO, "OK?"), True, "yes or no"),
        (Question("thumb", T.THUMBS, "Thumb"), 2, "thumbs"),
        (Question("thumb", T.THUMBS, "Thumb"), True, "thumbs"),
        (Question("thumb", T.THUMBS, "Thumb"), "up", "thumbs"),
        (Question("stars", T.STAR, "Stars"), 0, "1 to 5"),
        (Question("stars", T.STAR, "Stars"), 6, "1 to 5"),
        (Question("stars", T.STAR, "Stars"), 4.5, "1 to 5"),
        (Question("agree", T.LIKERT, "Agree"), "6", "strongly"),
        (Question("agree", T.LIKERT, "Agree"), "-1", "strongly"),
        (Question("when", T.DATE, "When"), "2025-02-29", "real date"),
        (Question("when", T.DATE, "When"), "02/03/2025", "YYYY-MM-DD"),
        (Question("when", T.DATE, "When"), "1850-01-01", "between 1900 and 2100"),
        (Question("state", T.US_STATE, "State"), "XX", "state or territory"),
        (Question("txn", T.HIDDEN, "Transaction"), "x" * 501, "at most 500"),
    ],
)
def test_each_type_rejects_bad_answers_naming_the_field(
    question: Question, raw: Any, message_part: str
) -> None:
    answers, errors = check(question, raw)
    assert answers == {}
    assert list(errors) == [question.key]
    assert message_part in " ".join(errors[question.key])


def test_display_text_takes_no_answer() -> None:
    question = Question("intro", T.DISPLAY_TEXT, "Welcome")
    assert check(question, "") == ({}, {})
    _answers, errors = check(question, "anything")
    assert "takes no answer" in errors["intro"][0]


def test_required_answers_are_enforced_and_blank_optional_ones_dropped() -> None:
    structure = SurveyStructure(
        pages=(
            Page(
                title="",
                questions=(
                    Question("must", T.SHORT_TEXT, "Must", required=True),
                    Question("may", T.SHORT_TEXT, "May"),
                ),
            ),
        )
    )
    result = validate_answers(structure, {"must": "   ", "may": ""})
    assert result.errors == {"must": ["This answer is required."]}
    result = validate_answers(structure, {"must": "yes"})
    assert result.is_valid
    assert result.answers == {"must": "yes"}


def test_required_checkboxes_need_at_least_one_choice() -> None:
    question = Question("colours", T.CHECKBOXES, "Colours", required=True, options=COLOURS)
    result = validate_answers(single(question), {"colours": []})
    assert result.errors == {"colours": ["This answer is required."]}


def test_unknown_fields_are_rejected() -> None:
    result = validate_answers(single(Question("name", T.SHORT_TEXT, "Name")), {"nmae": "Ada"})
    assert result.errors == {"nmae": ["This is not a question in this survey."]}


def test_other_write_in_is_kept_only_with_the_other_choice() -> None:
    question = Question("colour", T.RADIO, "Colour", options=COLOURS)
    result = validate_answers(single(question), {"colour": "other", "colour.other": " teal "})
    assert result.answers == {"colour": "other", "colour.other": "teal"}
    result = validate_answers(single(question), {"colour": "red", "colour.other": "teal"})
    assert "colour.other" in result.errors
    result = validate_answers(single(question), {"colour.other": "teal"})
    assert "colour.other" in result.errors
    result = validate_answers(single(question), {"colour": "other", "colour.other": "x" * 501})
    assert "at most 500" in result.errors["colour.other"][0]


def test_other_write_in_works_for_checkboxes() -> None:
    question = Question("colours", T.CHECKBOXES, "Colours", options=COLOURS)
    result = validate_answers(single(question), {"colours": ["other"], "colours.other": "teal"})
    assert result.answers == {"colours": ["other"], "colours.other": "teal"}


def test_page_indexes_limit_required_checks_to_those_pages() -> None:
    structure = A11_V1.structure
    result = validate_answers(structure, {"satisfaction": "4", "trust": "5"}, page_indexes={0})
    assert result.is_valid
    result = validate_answers(structure, {"satisfaction": "4"}, page_indexes={0})
    assert result.errors == {"trust": ["This answer is required."]}


class TestA11V2Conditions:
    def test_thumbs_up_takes_only_what_went_well(self) -> None:
        raw = {"trust": 1, "drivers_positive": ["effectiveness", "ease"], "comments": "Fast."}
        result = validate_answers(A11_V2_THUMBS.structure, raw)
        assert result.is_valid, result.errors
        assert result.answers["drivers_positive"] == ["effectiveness", "ease"]

    def test_thumbs_up_rejects_what_did_not_go_well(self) -> None:
        raw = {"trust": 1, "drivers_negative": ["ease"]}
        result = validate_answers(A11_V2_THUMBS.structure, raw)
        assert list(result.errors) == ["drivers_negative"]
        assert "does not apply" in result.errors["drivers_negative"][0]

    def test_thumbs_down_takes_what_did_not_go_well(self) -> None:
        raw = {
            "trust": "0",
            "drivers_negative": ["efficiency", "other"],
            "drivers_negative.other": "Lost form",
        }
        result = validate_answers(A11_V2_THUMBS.structure, raw)
        assert result.is_valid, result.errors
        assert result.answers["drivers_negative.other"] == "Lost form"

    @pytest.mark.parametrize(
        ("trust", "applies"),
        [
            (1, "drivers_negative"),
            (3, "drivers_negative"),
            (4, "drivers_positive"),
            (5, "drivers_positive"),
        ],
    )
    def test_five_point_positive_is_four_or_five(self, trust: int, applies: str) -> None:
        other = {"drivers_positive": "drivers_negative", "drivers_negative": "drivers_positive"}[
            applies
        ]
        assert validate_answers(
            A11_V2_LIKERT.structure, {"trust": trust, applies: ["ease"]}
        ).is_valid
        result = validate_answers(A11_V2_LIKERT.structure, {"trust": trust, other: ["ease"]})
        assert list(result.errors) == [other]

    def test_trust_is_required(self) -> None:
        result = validate_answers(A11_V2_THUMBS.structure, {"comments": "hi"})
        assert result.errors == {"trust": ["This answer is required."]}

    def test_condition_on_a_list_answer(self) -> None:
        condition = Condition(question="colours", values=("red",))
        assert condition.is_met({"colours": ["blue", "red"]})
        assert not condition.is_met({"colours": ["blue"]})
        assert not condition.is_met({})
