"""The response stream, without a database: structure, spread, habits and reproducibility."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from govcx.demo.blueprint import DEMO_AGENCY
from govcx.demo.comments import ENGLISH, SPANISH
from govcx.demo.generate import (
    GeneratedResponse,
    ResponseGenerator,
    SurveyPlan,
    created_at,
    hourly_counts,
)
from govcx.demo.period import DemoPeriod
from govcx.surveys.validation import validate_answers
from tests.demo.conftest import NOW, plans_for

PERIOD = DemoPeriod.ending(NOW)
COUNT = 6_000


def generate(
    count: int = COUNT, seed: str = "test/1", stream_index: int = 0
) -> list[GeneratedResponse]:
    generator = ResponseGenerator(
        plans=plans_for(), count=count, period=PERIOD, seed=seed, stream_index=stream_index
    )
    return list(generator)


@pytest.fixture(scope="module")
def rows() -> list[GeneratedResponse]:
    return generate()


def test_exactly_the_count_asked_for(rows: list[GeneratedResponse]) -> None:
    assert len(rows) == COUNT
    assert len(generate(count=1)) == 1
    assert generate(count=0) == []


def test_every_answer_set_is_what_the_validator_would_store(rows: list[GeneratedResponse]) -> None:
    for row in rows:
        result = validate_answers(row.cell.plan.structure, row.answers)
        assert result.is_valid, (row.cell.plan.kind, row.answers, result.errors)
        assert result.answers == row.answers


def test_v2_follow_ups_match_the_trust_answer(rows: list[GeneratedResponse]) -> None:
    v2 = [row for row in rows if row.cell.plan.kind in {"a11_v2_thumbs", "a11_v2_likert"}]
    offered = {
        "effectiveness",
        "ease",
        "efficiency",
        "transparency",
        "humanity",
        "employee",
        "other",
    }
    for row in v2:
        trust = row.answers["trust"]
        thumbs = row.cell.plan.kind == "a11_v2_thumbs"
        positive = trust == 1 if thumbs else trust in (4, 5)
        not_asked = "drivers_negative" if positive else "drivers_positive"
        assert not_asked not in row.answers
        for key in ("drivers_positive", "drivers_negative"):
            chosen = row.answers.get(key, [])
            assert isinstance(chosen, list)
            assert set(chosen) <= offered
    thumbs_values = {row.answers["trust"] for row in v2 if row.cell.plan.kind == "a11_v2_thumbs"}
    likert_values = {row.answers["trust"] for row in v2 if row.cell.plan.kind == "a11_v2_likert"}
    assert thumbs_values == {0, 1}
    assert likert_values == {1, 2, 3, 4, 5}


def test_v1_page_one_always_answered_and_page_two_often(rows: list[GeneratedResponse]) -> None:
    v1 = [row for row in rows if row.cell.plan.kind == "a11_v1"]
    assert v1
    assert all({"satisfaction", "trust"} <= row.answers.keys() for row in v1)
    with_page_two = sum("effectiveness" in row.answers for row in v1) / len(v1)
    assert 0.4 < with_page_two < 0.9


def test_channels_languages_and_comments_are_varied(rows: list[GeneratedResponse]) -> None:
    for row in rows:
        assert row.cell.channel in {c.channel for c in row.cell.plan.service.channels}
    assert len({row.cell.channel for row in rows}) >= 10
    languages = Counter(row.language for row in rows)
    assert set(languages) == {"en", "es"}
    assert 0.08 < languages["es"] / COUNT < 0.25
    commented = sum(any(key.startswith("comments") for key in row.answers) for row in rows)
    assert 0.2 <= commented / COUNT <= 0.35
    comments = {row.answers.get("comments") for row in rows} - {None}
    assert len(comments) > 100


def _made_of(comment: str, sentences: set[str]) -> bool:
    """Whether a comment is one known sentence, or two joined by a space."""
    return comment in sentences or any(
        comment.startswith(first + " ") and comment[len(first) + 1 :] in sentences
        for first in sentences
    )


def test_comments_are_written_in_the_respondents_language(rows: list[GeneratedResponse]) -> None:
    by_language = {
        "en": {sentence.text for sentence in ENGLISH},
        "es": {sentence.text for sentence in SPANISH},
    }
    seen: Counter[str] = Counter()
    for row in rows:
        comment = row.answers.get("comments")
        if isinstance(comment, str) and not row.is_spam:
            assert _made_of(comment, by_language[row.language]), (row.language, comment)
            seen[row.language] += 1
    assert seen["en"] > 100
    assert seen["es"] > 10


def test_spam_and_flags_are_a_small_share(rows: list[GeneratedResponse]) -> None:
    spam = sum(row.is_spam for row in rows)
    flagged = sum(row.is_flagged for row in rows)
    assert 0 < spam < COUNT * 0.02
    assert 0 < flagged < COUNT * 0.02
    assert not any(row.is_spam and row.is_flagged for row in rows)


def test_responses_come_in_time_order_within_the_period(rows: list[GeneratedResponse]) -> None:
    times = [created_at(PERIOD, row.hour_index, row.second) for row in rows]
    assert times == sorted(times)
    assert PERIOD.start <= times[0]
    assert times[-1] <= NOW
    quarters = Counter((t.year, (t.month - 1) // 3) for t in times)
    assert len(quarters) == 8
    assert min(quarters.values()) > COUNT / 8 * 0.4  # the current quarter is partly over


def test_offices_answer_only_on_weekdays_in_business_hours(rows: list[GeneratedResponse]) -> None:
    eastern = ZoneInfo("America/New_York")
    office = [row for row in rows if row.cell.channel in {"phone", "in_person", "live_chat"}]
    assert office
    for row in office:
        local = created_at(PERIOD, row.hour_index, row.second).astimezone(eastern)
        assert local.weekday() < 5
        assert 8 <= local.hour < 18
    web_hours = {
        created_at(PERIOD, row.hour_index, row.second).astimezone(eastern).hour
        for row in rows
        if row.cell.channel == "website"
    }
    assert len(web_hours) == 24


def test_launched_channels_have_no_responses_before_launch(rows: list[GeneratedResponse]) -> None:
    for row in rows:
        launched_at = row.cell.habits.launched_at
        if launched_at:
            assert row.hour_index / PERIOD.hour_count >= launched_at


def _positive_share(rows: list[GeneratedResponse]) -> float:
    return sum(row.answers["trust"] == 1 for row in rows) / len(rows)


def test_records_service_improves_over_time() -> None:
    rows = [
        r for r in generate(count=30_000) if r.cell.plan.service.name == "Request copies of records"
    ]
    first_year = [r for r in rows if r.hour_index < PERIOD.hour_count // 2]
    second_year = [r for r in rows if r.hour_index >= PERIOD.hour_count // 2]
    assert _positive_share(second_year) > _positive_share(first_year) + 0.06


def test_same_seed_same_responses_other_seed_other_responses() -> None:
    first, again = generate(count=500), generate(count=500)
    assert [r.answers for r in first] == [r.answers for r in again]
    assert [(r.receipt_id, r.uuid_int, r.hour_index, r.second) for r in first] == [
        (r.receipt_id, r.uuid_int, r.hour_index, r.second) for r in again
    ]
    other = generate(count=500, seed="test/2")
    assert [r.answers for r in first] != [r.answers for r in other]


def test_streams_never_share_receipt_ids() -> None:
    first = {row.receipt_id for row in generate(count=2_000, stream_index=0)}
    second = {row.receipt_id for row in generate(count=2_000, stream_index=1)}
    assert len(first) == len(second) == 2_000
    assert not first & second


@pytest.mark.parametrize("count", [0, 1, 7, 1000, 999_983])
def test_hourly_counts_add_up_exactly(count: int) -> None:
    weights = [0.0, 0.3, 1.7, 0.0, 2.2, 0.01, 0.0]
    counts = hourly_counts(weights, count)
    assert sum(counts) == count
    assert all(n >= 0 for n in counts)
    assert counts[0] == counts[3] == counts[-1] == 0


def test_unknown_survey_kind_is_refused() -> None:
    plan = plans_for()[0]
    odd = SurveyPlan(**{**plan.__dict__, "kind": "open_ended"})
    with pytest.raises(ValueError, match="open_ended"):
        ResponseGenerator(plans=[odd], count=1, period=PERIOD, seed="x", stream_index=0)


def test_every_demo_service_is_planned() -> None:
    assert {plan.service.name for plan in plans_for()} == {s.name for s in DEMO_AGENCY.services}
    assert dt.timedelta(days=600) < PERIOD.end - PERIOD.start < dt.timedelta(days=700)
