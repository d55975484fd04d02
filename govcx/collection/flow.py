"""How a respondent moves through a survey's pages, given the answers so far.

The hosted page keeps no server-side session: every request carries all answers, and these
methods decide from them alone which questions apply, which pages are shown and where Back
and Next lead. Questions whose condition is not met are dropped together with their answers,
so a respondent who goes back and changes an earlier answer never submits stale follow-ups.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import QueryDict

from govcx.surveys.structure import Question, QuestionType, SurveyStructure, other_text_key
from govcx.surveys.validation import Answer, ValidationResult, is_blank, validate_answers

RawAnswers = dict[str, str | list[str]]


@dataclass(frozen=True)
class SurveyFlow:
    structure: SurveyStructure

    @cached_property
    def page_index_of(self) -> dict[str, int]:
        """The page each question key is on."""
        return {
            question.key: index
            for index, page in enumerate(self.structure.pages)
            for question in page.questions
        }

    @cached_property
    def question_of_answer_key(self) -> dict[str, Question]:
        """The question behind every key an answer may be posted under (write-ins included)."""
        owners: dict[str, Question] = {}
        for question in self.structure.questions():
            if question.takes_answer:
                owners[question.key] = question
            if question.other_option is not None:
                owners[other_text_key(question.key)] = question
        return owners

    @property
    def page_count(self) -> int:
        return len(self.structure.pages)

    # --- answers -----------------------------------------------------------------------------

    def raw_answers_from(self, data: QueryDict) -> RawAnswers:
        """Every non-blank answer in a posted form, read by the survey's own keys only."""
        raw: RawAnswers = {}
        for key, question in self.question_of_answer_key.items():
            is_choice_list = key == question.key and question.type is QuestionType.CHECKBOXES
            value: str | list[str] = (
                [item for item in data.getlist(key) if not is_blank(item)]
                if is_choice_list
                else data.get(key, "")
            )
            if not is_blank(value):
                raw[key] = value
        return raw

    def applicable(self, raw: Mapping[str, Any]) -> tuple[RawAnswers, dict[str, Answer]]:
        """The raw answers to questions that apply, and the cleaned answers they give.

        Conditions are judged on cleaned answers (a thumbs up posted as "1" is the number 1),
        exactly as the validator judges them.
        """
        cleaned = validate_answers(self.structure, raw, page_indexes=()).answers
        kept: RawAnswers = {
            key: value
            for key, value in raw.items()
            if key in self.question_of_answer_key
            and self.question_of_answer_key[key].applies(cleaned)
        }
        return kept, cleaned

    def hidden_answers_from(self, query: QueryDict) -> RawAnswers:
        """Hidden questions take their values from the survey link (`?transaction_id=…`).

        A link's value is cut to the question's limit: the respondent cannot correct it, and a
        response with a shortened identifier is worth more than no response at all.
        """
        raw: RawAnswers = {}
        for question in self.structure.questions():
            value = query.get(question.key, "")
            if question.type is QuestionType.HIDDEN and not is_blank(value):
                raw[question.key] = value[: question.effective_character_limit()]
        return raw

    def validate_page(self, raw: Mapping[str, Any], index: int) -> ValidationResult:
        """Validate the answers, keeping only the errors a respondent can fix on this page."""
        result = validate_answers(self.structure, raw, page_indexes={index})
        on_page = self.answer_keys_on_page(index)
        result.errors = {key: errors for key, errors in result.errors.items() if key in on_page}
        return result

    def answer_keys_on_page(self, index: int) -> set[str]:
        return {
            key
            for key, question in self.question_of_answer_key.items()
            if self.page_index_of[question.key] == index
        }

    def first_page_with_errors(self, error_keys: Collection[str]) -> int | None:
        pages = [
            self.page_index_of[self.question_of_answer_key[key].key]
            for key in error_keys
            if key in self.question_of_answer_key
        ]
        return min(pages, default=None)

    # --- pages -------------------------------------------------------------------------------

    def depends_live(self, question: Question, index: int) -> bool:
        """Whether a question's condition rests on an answer given on the same page.

        A hidden value comes from the link and cannot change on the page, so a condition on
        it is settled before the page is shown.
        """
        if question.show_if is None or self.page_index_of.get(question.show_if.question) != index:
            return False
        controller = self.structure.question_map()[question.show_if.question]
        return controller.type is not QuestionType.HIDDEN

    def rendered_questions(self, index: int, answers: Mapping[str, Any]) -> list[Question]:
        """The questions a page shows.

        A question whose condition rests on a question of the same page is shown whenever
        that question is: the respondent may still change the answer on this very page (the
        script then shows and hides it live; without the script it stays visible).
        """
        rendered: list[Question] = []
        rendered_keys: set[str] = set()
        for question in self.structure.pages[index].questions:
            controller_shown = question.show_if is not None and (
                question.show_if.question in rendered_keys
            )
            live = controller_shown and self.depends_live(question, index)
            if question.applies(answers) or live:
                rendered.append(question)
                rendered_keys.add(question.key)
        return rendered

    def is_page_shown(self, index: int, answers: Mapping[str, Any]) -> bool:
        """A page is shown when it has something to see; hidden fields alone do not count."""
        return any(
            question.type is not QuestionType.HIDDEN
            for question in self.rendered_questions(index, answers)
        )

    def first_page(self, answers: Mapping[str, Any]) -> int:
        return self.next_page(-1, answers) or 0

    def next_page(self, index: int, answers: Mapping[str, Any]) -> int | None:
        later = range(index + 1, self.page_count)
        return next((i for i in later if self.is_page_shown(i, answers)), None)

    def previous_page(self, index: int, answers: Mapping[str, Any]) -> int | None:
        earlier = range(index - 1, -1, -1)
        return next((i for i in earlier if self.is_page_shown(i, answers)), None)

    def may_show_later(self, later: int, current: int, answers: Mapping[str, Any]) -> bool:
        """Whether a later page is shown now, or may be once the current page is answered."""
        return self.is_page_shown(later, answers) or any(
            question.type is not QuestionType.HIDDEN
            and question.show_if is not None
            and self.page_index_of.get(question.show_if.question, -1) >= current
            for question in self.structure.pages[later].questions
        )

    def has_later_pages(self, index: int, answers: Mapping[str, Any]) -> bool:
        later_pages = range(index + 1, self.page_count)
        return any(self.may_show_later(later, index, answers) for later in later_pages)

    def position(self, index: int, answers: Mapping[str, Any]) -> tuple[int, int]:
        """("page X of Y") counting only pages the respondent sees or may still see."""
        before = sum(self.is_page_shown(i, answers) for i in range(index))
        after = sum(
            self.may_show_later(i, index, answers) for i in range(index + 1, self.page_count)
        )
        return before + 1, before + 1 + after
