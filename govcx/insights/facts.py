"""What one counted response adds to the rollups: the single definition of a fact.

Every rollup row is a count of facts. This module says which facts a response yields, read
against the structure of the survey version it answered; the set-based rebuild in
`rollup_sql` says the same thing in SQL, and a test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from govcx.insights.models import SEGMENT_VALUE_LENGTH, VALUE_LENGTH, FactKind
from govcx.surveys.structure import Condition, QuestionType, SurveyStructure

# Questions with one answer that is counted value by value (a share per value, or a mean).
SINGLE_VALUE_TYPES = frozenset(
    {
        QuestionType.RADIO,
        QuestionType.DROPDOWN,
        QuestionType.YES_NO,
        QuestionType.THUMBS,
        QuestionType.STAR,
        QuestionType.LIKERT,
        QuestionType.US_STATE,
    }
)
# Surveys whose scale items are also counted in pairs, for the driver correlations.
PAIRED_KINDS = frozenset({"a11_v1"})
PAGE_SEGMENT = "page"
ANSWER_SEGMENT_PREFIX = "answer:"
PAIR_SEPARATOR = "|"


@dataclass(frozen=True)
class MultiQuestion:
    """A checkbox question: each chosen option is a fact, and so is being shown the question."""

    key: str
    show_if: Condition | None


@dataclass(frozen=True)
class VersionPlan:
    """The facts a survey version's responses can yield, decided once per version."""

    singles: tuple[str, ...]
    multis: tuple[MultiQuestion, ...]
    pairs: tuple[tuple[str, str], ...]
    segments: tuple[str, ...]


def plan_for(structure: SurveyStructure, *, kind: str) -> VersionPlan:
    questions = [question for question in structure.questions() if question.takes_answer]
    scale_keys = [q.key for q in questions if q.type is QuestionType.LIKERT]
    pairs = (
        tuple((a, b) for index, a in enumerate(scale_keys) for b in scale_keys[index + 1 :])
        if kind in PAIRED_KINDS
        else ()
    )
    return VersionPlan(
        singles=tuple(q.key for q in questions if q.type in SINGLE_VALUE_TYPES),
        multis=tuple(
            MultiQuestion(q.key, q.show_if) for q in questions if q.type is QuestionType.CHECKBOXES
        ),
        pairs=pairs,
        segments=tuple(q.key for q in questions if q.segment),
    )


class Fact(NamedTuple):
    segment: str
    segment_value: str
    kind: str
    question: str
    value: str


class Grain(NamedTuple):
    """Where a response's facts are counted, apart from the fact itself."""

    organization_id: int
    survey_id: int
    survey_version_id: int
    day: dt.date
    channel: str
    language: str


def utc_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def page_path(page_url: str) -> str:
    """The page a response came from without its query or fragment, which often carry ids."""
    return page_url.split("#", 1)[0].split("?", 1)[0][:SEGMENT_VALUE_LENGTH]


def response_facts(plan: VersionPlan, answers: Mapping[str, Any], page_url: str) -> list[Fact]:
    facts: list[Fact] = []
    for segment, segment_value in _segments(plan, answers, page_url):
        facts.extend(_answer_facts(plan, answers, segment, segment_value))
    facts.extend(_pair_facts(plan, answers))
    return facts


def _segments(
    plan: VersionPlan, answers: Mapping[str, Any], page_url: str
) -> Iterator[tuple[str, str]]:
    yield "", ""
    path = page_path(page_url)
    if path:
        yield PAGE_SEGMENT, path
    for key in plan.segments:
        value = _text(answers.get(key), SEGMENT_VALUE_LENGTH)
        if value:
            yield ANSWER_SEGMENT_PREFIX + key, value


def _answer_facts(
    plan: VersionPlan, answers: Mapping[str, Any], segment: str, segment_value: str
) -> Iterator[Fact]:
    yield Fact(segment, segment_value, FactKind.RESPONDENTS, "", "")
    for key in plan.singles:
        value = _text(answers.get(key), VALUE_LENGTH)
        if value:
            yield Fact(segment, segment_value, FactKind.CHOICE, key, value)
    for multi in plan.multis:
        chosen = answers.get(multi.key)
        if isinstance(chosen, list):
            for item in chosen:
                yield Fact(segment, segment_value, FactKind.CHOICE, multi.key, str(item))
        if multi.show_if is None or multi.show_if.is_met(answers):
            yield Fact(segment, segment_value, FactKind.SHOWN, multi.key, "")


def _pair_facts(plan: VersionPlan, answers: Mapping[str, Any]) -> Iterator[Fact]:
    for first, second in plan.pairs:
        a, b = _text(answers.get(first), VALUE_LENGTH), _text(answers.get(second), VALUE_LENGTH)
        if a and b:
            question = f"{first}{PAIR_SEPARATOR}{second}"
            yield Fact("", "", FactKind.PAIR, question, f"{a}{PAIR_SEPARATOR}{b}")


def _text(answer: Any, limit: int) -> str:
    """An answer as the text a rollup stores ("" for none); lists are not single values."""
    if answer is None or isinstance(answer, bool | list | dict):
        return ""
    return str(answer)[:limit]
