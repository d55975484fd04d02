"""Answers that a real respondent could have given, read from the survey version's structure.

Every maker looks up question keys, options and show-if conditions in the structure it is
given, so what it writes is exactly what `validate_answers` accepts and returns: required
items always answered, follow-ups only where their condition holds, choices only from the
options offered, in the order the survey lists them.

A respondent's experience is decided before the answers (`positive`, from the service's
habits); the makers turn it into answers consistent with it.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple, Protocol

from govcx.demo.comments import CommentWriter
from govcx.surveys.structure import Question, QuestionType, SurveyStructure, other_text_key
from govcx.surveys.validation import Answer

Answers = dict[str, Answer]
TRUST_KEY = "trust"  # the A-11 v2 templates' first question, which the follow-ups depend on

# Respondents with something to say: unhappy people write more often than happy ones.
COMMENT_RATE = {True: 0.2, False: 0.34}
SECOND_PAGE_RATE = {True: 0.58, False: 0.7}  # v1: how many go on to page 2
SKIPPED_ITEM_RATE = 0.04  # an optional item left blank
DRIVERS_ANSWERED_RATE = 0.86  # v2: how many tick at least one driver
OTHER_WRITE_IN_RATE = 0.5

# Five-point answers given a good or bad experience (satisfied people split between 4 and 5).
POSITIVE_POINTS = ((4, 0.46), (5, 0.54))
NEGATIVE_POINTS = ((1, 0.27), (2, 0.35), (3, 0.38))
# The same weights for a v2 trust answer; 0 and 1 on the thumbs scale stand alone.
TRUST_WEIGHTS: dict[int, float] = {0: 1.0, **dict(NEGATIVE_POINTS), **dict(POSITIVE_POINTS)}
# How far a v1 item strays from the respondent's satisfaction.
ITEM_DRIFT = ((-1, 0.18), (0, 0.6), (1, 0.22))
WEAK_ITEM_PENALTY_RATE = 0.35
DRIVER_COUNT = ((1, 0.5), (2, 0.32), (3, 0.18))
# How much more often a driver is ticked when it is one of the service's strong or weak points,
# or fits the channel (waiting is a phone problem, staff matter most face to face).
HABIT_WEIGHT = 4.0
CHANNEL_WEIGHT = 2.5
OTHER_DRIVER_WEIGHT = 0.15
CHANNEL_DRIVERS: dict[str, dict[bool, tuple[str, ...]]] = {
    "phone": {True: ("employee",), False: ("efficiency",)},
    "automated_phone": {True: ("efficiency",), False: ("ease", "effectiveness")},
    "in_person": {True: ("employee", "humanity"), False: ("efficiency",)},
    "live_chat": {True: ("efficiency",), False: ("effectiveness",)},
    "chatbot": {True: ("efficiency",), False: ("effectiveness",)},
    "website": {True: ("ease",), False: ("ease",)},
    "mobile_app": {True: ("ease", "efficiency"), False: ("ease",)},
    "postal_mail": {True: (), False: ("efficiency", "transparency")},
    "paper": {True: (), False: ("ease", "efficiency")},
    "fax": {True: (), False: ("efficiency",)},
}


class WeightedChoice:
    """Draws one of `values` by weight with a single random number and a binary search."""

    def __init__(self, pairs: Sequence[tuple[int, float]]) -> None:
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(accumulate(weight for _value, weight in pairs))

    def draw(self, rng: random.Random) -> int:
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


POSITIVE_POINT = WeightedChoice(POSITIVE_POINTS)
NEGATIVE_POINT = WeightedChoice(NEGATIVE_POINTS)
DRIFT = WeightedChoice(ITEM_DRIFT)
COUNT = WeightedChoice(DRIVER_COUNT)


class Respondent(NamedTuple):
    """What the maker needs to know about the person answering (a tuple: made per row)."""

    positive: bool
    channel: str
    language: str
    spam: bool = False


@dataclass(frozen=True)
class Habits:
    """The drivers a service is known for, good and bad."""

    strong_drivers: tuple[str, ...] = ()
    weak_drivers: tuple[str, ...] = ()

    def drivers(self, positive: bool) -> tuple[str, ...]:
        return self.strong_drivers if positive else self.weak_drivers


class AnswerMaker(Protocol):
    def make(self, rng: random.Random, respondent: Respondent) -> Answers: ...


def _clamp_point(value: int) -> int:
    return max(1, min(5, value))


def _comment_questions(questions: Sequence[Question]) -> list[Question]:
    return [q for q in questions if q.type is QuestionType.LONG_TEXT]


def _triggers(question: Question) -> list[int]:
    """The trust answers that show a follow-up question, as numbers."""
    assert question.show_if is not None
    return sorted(int(value) for value in question.show_if.values)


def _lowest_trigger(question: Question) -> int:
    return _triggers(question)[0]


class CommentAdder:
    """Adds a comment under `key` now and then, about `topic`, in the respondent's language."""

    def __init__(self, writer: CommentWriter) -> None:
        self.writer = writer

    def maybe_add(
        self, rng: random.Random, answers: Answers, key: str, respondent: Respondent, topic: str
    ) -> None:
        if respondent.spam:
            answers[key] = self.writer.spam(rng)
        elif rng.random() < COMMENT_RATE[respondent.positive]:
            answers[key] = self.writer.write(
                rng,
                language=respondent.language,
                positive=respondent.positive,
                topic=topic,
                channel=respondent.channel,
            )


class FivePointPagesMaker:
    """The A-11 v1 survey: five-point items on page 1 always, on page 2 often."""

    def __init__(self, structure: SurveyStructure, habits: Habits, comments: CommentAdder) -> None:
        if len(structure.pages) < 2:
            raise ValueError("A version 1 survey has two pages.")
        first, second = structure.pages[0].questions, structure.pages[1].questions
        self.first_items = [q.key for q in first if q.type is QuestionType.LIKERT]
        self.first_comment = [q.key for q in _comment_questions(first)]
        self.second_items = [q.key for q in second if q.type is QuestionType.LIKERT]
        self.second_comment = [q.key for q in _comment_questions(second)]
        self.optional = {q.key for q in structure.questions() if not q.required}
        self.habits = habits
        self.comments = comments

    def make(self, rng: random.Random, respondent: Respondent) -> Answers:
        point = (POSITIVE_POINT if respondent.positive else NEGATIVE_POINT).draw(rng)
        answers: Answers = {}
        for index, key in enumerate(self.first_items):
            answers[key] = point if index == 0 else _clamp_point(point + DRIFT.draw(rng))
        topic = rng.choice(self.habits.drivers(respondent.positive) or ("general",))
        for key in self.first_comment:
            self.comments.maybe_add(rng, answers, key, respondent, topic)
        if rng.random() >= SECOND_PAGE_RATE[respondent.positive]:
            return answers
        for key in self.second_items:
            if key in self.optional and rng.random() < SKIPPED_ITEM_RATE:
                continue
            answers[key] = self._second_page_point(rng, key, point)
        for key in self.second_comment:
            self.comments.maybe_add(rng, answers, key, respondent, topic)
        return answers

    def _second_page_point(self, rng: random.Random, key: str, point: int) -> int:
        drift = DRIFT.draw(rng)
        if key in self.habits.weak_drivers and rng.random() < WEAK_ITEM_PENALTY_RATE:
            drift -= 1
        return _clamp_point(point + drift)


class TrustDriversMaker:
    """The A-11 v2 survey: trust, then what went well or badly, then a comment.

    Works for thumbs and five-point trust alike: the trust values that lead to each
    follow-up are read from the follow-up's show-if condition, and the trust answer is drawn
    from those values, so the follow-up asked is always the one that applies.
    """

    def __init__(self, structure: SurveyStructure, habits: Habits, comments: CommentAdder) -> None:
        questions = list(structure.questions())
        followups = sorted(
            (q for q in questions if q.show_if is not None and q.show_if.question == TRUST_KEY),
            key=_lowest_trigger,
        )
        if len(followups) != 2:
            raise ValueError("A version 2 survey asks one follow-up after each kind of answer.")
        # The follow-up shown after the higher trust answers is the "what went well" one.
        self.followups = {False: followups[0], True: followups[1]}
        self.trust_draws = {
            positive: WeightedChoice([(value, TRUST_WEIGHTS[value]) for value in _triggers(q)])
            for positive, q in self.followups.items()
        }
        self.comment_keys = [q.key for q in _comment_questions(questions)]
        self.habits = habits
        self.comments = comments
        self._driver_tables: dict[tuple[bool, str], tuple[list[str], list[float]]] = {}

    def make(self, rng: random.Random, respondent: Respondent) -> Answers:
        positive = respondent.positive
        answers: Answers = {TRUST_KEY: self.trust_draws[positive].draw(rng)}
        followup = self.followups[positive]
        chosen: list[str] = []
        if rng.random() < DRIVERS_ANSWERED_RATE:
            chosen = self._drivers(rng, followup, respondent)
            answers[followup.key] = chosen
            other = followup.other_option
            if other is not None and other.value in chosen and rng.random() < OTHER_WRITE_IN_RATE:
                answers[other_text_key(followup.key)] = self.comments.writer.write_in(
                    rng, language=respondent.language, positive=positive
                )
        topic = rng.choice([value for value in chosen if value != "other"] or ["general"])
        for key in self.comment_keys:
            self.comments.maybe_add(rng, answers, key, respondent, topic)
        return answers

    def _drivers(self, rng: random.Random, question: Question, respondent: Respondent) -> list[str]:
        values, cumulative = self._driver_table(question, respondent)
        picks = {
            values[bisect(cumulative, rng.random() * cumulative[-1])]
            for _ in range(COUNT.draw(rng))
        }
        return [value for value in values if value in picks]

    def _driver_table(
        self, question: Question, respondent: Respondent
    ) -> tuple[list[str], list[float]]:
        key = (respondent.positive, respondent.channel)
        table = self._driver_tables.get(key)
        if table is None:
            table = self._build_driver_table(question, respondent)
            self._driver_tables[key] = table
        return table

    def _build_driver_table(
        self, question: Question, respondent: Respondent
    ) -> tuple[list[str], list[float]]:
        habits = self.habits.drivers(respondent.positive)
        fits_channel = CHANNEL_DRIVERS.get(respondent.channel, {}).get(respondent.positive, ())
        values = [option.value for option in question.options]
        weights = []
        for option in question.options:
            weight = OTHER_DRIVER_WEIGHT if option.is_other else 1.0
            weight *= HABIT_WEIGHT if option.value in habits else 1.0
            weight *= CHANNEL_WEIGHT if option.value in fits_channel else 1.0
            weights.append(weight)
        return values, list(accumulate(weights))


class YesNoMaker:
    """The page-helpful survey: yes or no, and now and then how to improve the page."""

    def __init__(self, structure: SurveyStructure, habits: Habits, comments: CommentAdder) -> None:
        questions = list(structure.questions())
        self.question_key = next(q.key for q in questions if q.type is QuestionType.YES_NO)
        self.comment_keys = [q.key for q in _comment_questions(questions)]
        self.habits = habits
        self.comments = comments

    def make(self, rng: random.Random, respondent: Respondent) -> Answers:
        answers: Answers = {self.question_key: "yes" if respondent.positive else "no"}
        topics = self.habits.drivers(respondent.positive) or ("general",)
        for key in self.comment_keys:
            self.comments.maybe_add(rng, answers, key, respondent, rng.choice(topics))
        return answers


MAKERS: dict[str, type[FivePointPagesMaker] | type[TrustDriversMaker] | type[YesNoMaker]] = {
    "a11_v1": FivePointPagesMaker,
    "a11_v2_thumbs": TrustDriversMaker,
    "a11_v2_likert": TrustDriversMaker,
    "yes_no": YesNoMaker,
}


def answer_maker_for(
    kind: str, structure: SurveyStructure, habits: Habits, writer: CommentWriter
) -> AnswerMaker:
    maker = MAKERS.get(kind)
    if maker is None:
        raise ValueError(f"The demo cannot answer surveys of kind “{kind}”.")
    return maker(structure, habits, CommentAdder(writer))
