"""The spam score: each signal alone, the combinations that reach the default threshold (50),
and which answers count as text a person typed."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings

from govcx.collection.spam import (
    BURST,
    BURST_SUBMISSIONS,
    HONEYPOT,
    LINKS,
    REPEATED_TEXT,
    TOO_FAST,
    SpamAssessment,
    SpamEvidence,
    free_texts,
    is_repeated_text,
    spam_assess,
)
from govcx.surveys.catalog import A11_V2_THUMBS
from govcx.surveys.structure import Option, Page, Question, QuestionType, SurveyStructure
from tests.collection.surveys import EVERY_TYPE

V2 = A11_V2_THUMBS.structure
THUMBS_DOWN = {"trust": 0, "drivers_negative": ["efficiency"]}
SPAMMY = "buy cheap pills buy cheap pills buy cheap pills buy cheap pills"
FAST = 1.0
UNHURRIED = 45.0


def assess(
    answers: dict[str, Any] | None = None,
    structure: SurveyStructure = V2,
    **evidence: Any,
) -> SpamAssessment:
    return spam_assess(SpamEvidence(**evidence), structure, answers or THUMBS_DOWN)


@pytest.fixture(autouse=True)
def _default_threshold(settings: Settings) -> None:
    settings.SPAM_THRESHOLD = 50


# --- each signal alone -------------------------------------------------------------------------


def test_an_ordinary_response_scores_nothing() -> None:
    result = assess({**THUMBS_DOWN, "comments": "The wait on the phone was long."})
    assert (result.score, result.signals, result.is_spam) == (0, (), False)


def test_the_honeypot_alone_is_spam() -> None:
    result = assess(honeypot="https://cheap.example.com")
    assert result.signals == (HONEYPOT,)
    assert result.score == 100
    assert result.is_spam


def test_a_honeypot_of_only_whitespace_was_not_filled() -> None:
    assert assess(honeypot="  \n ").signals == ()


def test_too_fast_alone_is_not_spam() -> None:
    result = assess(seconds_to_complete=FAST)
    assert result.signals == (TOO_FAST,)
    assert 0 < result.score < 50
    assert not result.is_spam


@pytest.mark.parametrize(
    ("seconds", "too_fast"), [(0, True), (2.99, True), (3, False), (-5, False)]
)
def test_too_fast_means_under_three_seconds(seconds: float, too_fast: bool) -> None:
    assert (TOO_FAST in assess(seconds_to_complete=seconds).signals) is too_fast


def test_an_unknown_time_is_not_too_fast() -> None:
    assert assess(seconds_to_complete=None).signals == ()


def test_repeated_text_alone_is_not_spam() -> None:
    result = assess({**THUMBS_DOWN, "comments": SPAMMY})
    assert result.signals == (REPEATED_TEXT,)
    assert not result.is_spam


def test_one_link_is_not_spam() -> None:
    result = assess({**THUMBS_DOWN, "comments": "The form at https://www.agency.gov/apply broke."})
    assert result.signals == (LINKS,)
    assert not result.is_spam


@pytest.mark.parametrize(
    "comments",
    [
        "Visit https://a.example.com and https://b.example.com",
        "cheap-pills.com, cheap-pills.net",
        "www.one.example www.two.example",
    ],
)
def test_two_links_are_spam(comments: str) -> None:
    result = assess({**THUMBS_DOWN, "comments": comments})
    assert result.signals == (LINKS,)
    assert result.score == 50
    assert result.is_spam


def test_links_in_two_different_answers_add_up() -> None:
    answers = {
        "trust": 0,
        "drivers_negative": ["other"],
        "drivers_negative.other": "see https://a.example.com",
        "comments": "and https://b.example.com",
    }
    assert assess(answers).is_spam


@pytest.mark.parametrize(
    ("recent", "burst"),
    [(None, False), (1, False), (BURST_SUBMISSIONS, False), (BURST_SUBMISSIONS + 1, True)],
)
def test_a_burst_is_more_than_ten_from_one_address_in_the_window(
    recent: int | None, burst: bool
) -> None:
    result = assess(recent_from_source=recent)
    assert (BURST in result.signals) is burst
    assert not result.is_spam, "a shared office address alone is not spam"


# --- combinations ------------------------------------------------------------------------------


def test_too_fast_and_repeated_text_together_are_spam() -> None:
    result = assess({**THUMBS_DOWN, "comments": SPAMMY}, seconds_to_complete=FAST)
    assert result.signals == (TOO_FAST, REPEATED_TEXT)
    assert result.is_spam


def test_too_fast_and_one_link_together_are_spam() -> None:
    result = assess({**THUMBS_DOWN, "comments": "https://a.example.com"}, seconds_to_complete=FAST)
    assert result.signals == (TOO_FAST, LINKS)
    assert result.is_spam


def test_a_burst_of_fast_responses_is_spam() -> None:
    result = assess(seconds_to_complete=FAST, recent_from_source=BURST_SUBMISSIONS + 1)
    assert result.signals == (TOO_FAST, BURST)
    assert result.is_spam


def test_a_burst_with_an_unhurried_plain_response_is_not_spam() -> None:
    result = assess(seconds_to_complete=UNHURRIED, recent_from_source=BURST_SUBMISSIONS + 1)
    assert not result.is_spam


def test_every_signal_at_once_is_capped_at_100() -> None:
    result = assess(
        {**THUMBS_DOWN, "comments": "!" * 20 + " http://a.example.com http://b.example.com"},
        honeypot="x",
        seconds_to_complete=FAST,
        recent_from_source=BURST_SUBMISSIONS + 1,
    )
    assert result.signals == (HONEYPOT, TOO_FAST, REPEATED_TEXT, LINKS, BURST)
    assert result.score == 100


def test_the_threshold_is_a_setting(settings: Settings) -> None:
    settings.SPAM_THRESHOLD = 40
    assert assess(seconds_to_complete=FAST).is_spam
    settings.SPAM_THRESHOLD = 41
    assert not assess(seconds_to_complete=FAST).is_spam


# --- which answers are free text ---------------------------------------------------------------


def test_an_other_write_in_counts_as_free_text() -> None:
    answers = {
        "trust": 0,
        "drivers_negative": ["other"],
        "drivers_negative.other": "http://a.example.com http://b.example.com",
    }
    result = assess(answers)
    assert result.signals == (LINKS,)
    assert result.is_spam


def test_short_and_long_text_and_write_ins_are_free_text_and_nothing_else_is() -> None:
    answers = {
        "name": "Ana",
        "email": "ana@example.com",
        "phone": "(202) 555-0123",
        "visit_date": "2025-03-04",
        "state": "AK",
        "transaction_id": "https://tracker.example.com/t/1",
        "topic": "other",
        "topic.other": "A question about my letter",
        "needs": ["forms", "other"],
        "needs.other": "A replacement card",
        "office": "elsewhere",
        "office.elsewhere": "not a write-in key",
        "thumbs": 1,
        "story": "It went well.",
    }
    assert list(free_texts(EVERY_TYPE, answers)) == [
        "Ana",
        "A question about my letter",
        "A replacement card",
        "It went well.",
    ]


def test_an_email_address_and_a_hidden_value_are_not_links() -> None:
    answers = {
        "name": "Ana",
        "email": "ana.lopez@example.com",
        "transaction_id": "https://tracker.example.com/t/1 https://tracker.example.com/t/2",
        "thumbs": 1,
    }
    assert assess(answers, EVERY_TYPE).signals == ()


def test_option_values_are_not_free_text_even_when_they_look_like_links() -> None:
    sites = (Option("www.ssa.gov", "ssa.gov"), Option("www.irs.gov", "irs.gov"))
    structure = SurveyStructure(
        pages=(
            Page(
                title="",
                questions=(
                    Question("site", QuestionType.RADIO, "Which site?", options=sites),
                    Question("sites", QuestionType.CHECKBOXES, "Which sites?", options=sites),
                    Question("pick", QuestionType.DROPDOWN, "Which one?", options=sites),
                ),
            ),
        )
    )
    answers = {
        "site": "www.ssa.gov",
        "sites": ["www.ssa.gov", "www.irs.gov"],
        "pick": "www.irs.gov",
    }
    assert assess(answers, structure).signals == ()


def test_a_free_text_answer_that_is_not_a_string_is_skipped() -> None:
    assert list(free_texts(V2, {"trust": 1, "comments": ["not", "text"]})) == []


# --- repeated text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a" * 20,
        "!" * 20,
        "Great service" + "!" * 25,
        "buy buy buy buy buy buy buy buy",
        "Buy NOW buy now BUY now buy NOW",
        "1 1 1 1 1 1 1 1",
        "win win cash win win cash win win",  # 2 distinct words in 8: 0.25
        "спам спам спам спам спам спам спам спам",
    ],
)
def test_repeated_text(text: str) -> None:
    assert is_repeated_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a" * 19,
        "buy buy buy buy buy buy buy",  # seven words are too few to judge
        "win win cash win win cash now win",  # 3 distinct words in 8
        "The office was clean and the staff were kind to me.",
        "Very very very good service, thank you",
        # Long runs of spaces or line breaks come from pasted forms and letters, not from bots.
        "Case number:" + " " * 30 + "12345",
        "First point." + "\n" * 20 + "Second point.",
        "Name\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tAna",
    ],
)
def test_not_repeated_text(text: str) -> None:
    assert not is_repeated_text(text)
