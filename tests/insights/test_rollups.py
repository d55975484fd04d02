"""Rollups stay equal to a recount of the counted responses, whatever happens to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from govcx.insights import rollups
from govcx.insights.facts import Fact, plan_for, response_facts
from govcx.insights.models import RollupDay, RollupMonth
from govcx.insights.rollups import rollups_rebuild, rollups_update
from govcx.responses.models import CountChange, Response
from govcx.responses.services import response_delete, response_mark_spam, response_set_flag
from govcx.surveys.catalog import A11_V1, A11_V2_THUMBS
from tests.conftest import World
from tests.insights.helpers import (
    SEGMENTED,
    assert_rollups_match_responses,
    publish_segmented,
    table_counts,
)
from tests.responses.helpers import received_at, submit, utc

V1_ANSWERS = {
    "satisfaction": 4,
    "trust": 5,
    "effectiveness": 4,
    "ease": 3,
    "efficiency": 2,
    "transparency": 5,
    "employee": 4,
    "comments": "Fine.",
}


def test_a_positive_thumbs_answer_yields_its_choices_and_the_options_it_was_shown() -> None:
    plan = plan_for(A11_V2_THUMBS.structure, kind="a11_v2_thumbs")
    facts = response_facts(plan, {"trust": 1, "drivers_positive": ["ease"]}, "")
    assert Fact("", "", "n", "", "") in facts
    assert Fact("", "", "choice", "trust", "1") in facts
    assert Fact("", "", "choice", "drivers_positive", "ease") in facts
    assert Fact("", "", "shown", "drivers_positive", "") in facts
    assert not [f for f in facts if f.question == "drivers_negative"]


def test_v1_scale_items_are_counted_in_pairs_for_correlations() -> None:
    plan = plan_for(A11_V1.structure, kind="a11_v1")
    assert len(plan.pairs) == 21
    facts = response_facts(plan, {"satisfaction": 4, "trust": 5, "ease": 2}, "")
    pairs = {(f.question, f.value) for f in facts if f.kind == "pair"}
    assert pairs == {
        ("satisfaction|trust", "4|5"),
        ("satisfaction|ease", "4|2"),
        ("trust|ease", "5|2"),
    }


def test_segments_come_from_the_page_and_from_answers_marked_as_segments() -> None:
    plan = plan_for(SEGMENTED, kind="custom")
    answers = {"office": "north", "transaction_id": "T-1", "age_group": "under_40", "rating": 4}
    facts = response_facts(plan, answers, "https://agency.gov/apply?step=2#top")
    segments = {(f.segment, f.segment_value) for f in facts}
    assert segments == {
        ("", ""),
        ("page", "https://agency.gov/apply"),
        ("answer:office", "north"),
        ("answer:age_group", "under_40"),
    }


def _mixed_responses(world: World) -> list[Response]:
    segmented = publish_segmented(world.a.organization, world.a.service)
    made = [
        submit(world.a.survey),
        submit(
            world.a.survey,
            {
                "trust": 0,
                "drivers_negative": ["efficiency", "other"],
                "drivers_negative.other": "Lost papers",
            },
            channel="phone",
        ),
        submit(world.a.survey, {"trust": 1}, language="es", page_url="https://a.gov/x?y=1"),
        submit(world.a.v1_survey, V1_ANSWERS),
        submit(world.a.v1_survey, {"satisfaction": 1, "trust": 2}),
        submit(
            segmented,
            {
                "office": "north",
                "transaction_id": "T-1",
                "age_group": "40_plus",
                "rating": 5,
                "helpful": "yes",
                "needs": ["forms", "status"],
            },
        ),
        submit(
            segmented,
            {"office": "ñandú " + "x" * 400, "rating": 2, "story": "Slow."},
            page_url="https://a.gov/" + "p" * 400 + "#frag",
        ),
        submit(world.b.survey),
    ]
    received_at(made[0], utc(2025, 9, 30, 23, 59))  # the last minute of FY2025, in UTC
    received_at(made[1], utc(2025, 10, 1, 0, 0))
    return made


def test_changes_are_applied_once_and_rollups_equal_a_recount(world: World) -> None:
    _mixed_responses(world)
    assert CountChange.objects.count() == 8
    result = rollups_update()
    assert result.changes_applied == 8
    assert CountChange.objects.count() == 0
    assert_rollups_match_responses()
    before = table_counts(RollupDay)
    assert rollups_update().changes_applied == 0
    assert table_counts(RollupDay) == before


def test_spam_flags_and_deletion_take_responses_out_and_back(world: World) -> None:
    made = _mixed_responses(world)
    rollups_update()
    response_mark_spam(response=made[0], user=world.manager_a, is_spam=True)
    response_set_flag(response=made[3], user=world.manager_a, is_flagged=True)
    response_delete(response=made[5], user=world.manager_a)
    response_mark_spam(response=made[6], user=world.manager_a, is_spam=True)
    response_mark_spam(response=made[6], user=world.manager_a, is_spam=False)
    rollups_update(batch_size=2)
    assert_rollups_match_responses()
    response_set_flag(response=made[3], user=world.manager_a, is_flagged=False)
    response_mark_spam(response=made[3], user=world.manager_a, is_spam=True)
    rollups_update()
    assert_rollups_match_responses()
    trust_rows = RollupDay.objects.filter(survey=world.a.v1_survey, kind="n", segment="")
    assert sum(row.count for row in trust_rows) == 1


def test_a_ruling_that_changes_nothing_logs_nothing(world: World) -> None:
    response = submit(world.a.survey)
    rollups_update()
    response_mark_spam(response=response, user=world.manager_a, is_spam=False)
    stale_copy = Response.objects.get(pk=response.pk)
    response_set_flag(response=response, user=world.manager_a, is_flagged=True)
    # A page drawn before the flag still believes the response counts; the service rereads.
    response_mark_spam(response=stale_copy, user=world.manager_a, is_spam=True)
    assert list(CountChange.objects.values_list("delta", flat=True)) == [-1]


def test_a_failed_batch_leaves_its_changes_waiting_and_counts_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _mixed_responses(world)

    original = rollups._upsert

    def upsert_then_fail(deltas: Any) -> int:
        original(deltas)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rollups, "_upsert", upsert_then_fail)
    with pytest.raises(RuntimeError):
        rollups_update()
    assert CountChange.objects.count() == 8
    assert not RollupDay.objects.exists()
    monkeypatch.setattr(rollups, "_upsert", original)
    rollups_update()
    assert_rollups_match_responses()


def test_a_rebuild_from_scratch_gives_the_same_rollups(world: World) -> None:
    made = _mixed_responses(world)
    rollups_update()
    response_delete(response=made[2], user=world.manager_a)
    rollups_update()
    days, months = table_counts(RollupDay), table_counts(RollupMonth)
    RollupDay.objects.filter(kind="n").update(count=999)  # damage that a rebuild repairs
    result = rollups_rebuild()
    assert result.responses_counted == 7
    assert table_counts(RollupDay) == days
    assert table_counts(RollupMonth) == months


def test_a_rebuild_consumes_waiting_changes_so_they_are_not_counted_again(world: World) -> None:
    _mixed_responses(world)
    rollups_rebuild()
    assert CountChange.objects.count() == 0
    assert rollups_update().changes_applied == 0
    assert_rollups_match_responses()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL rebuild is PostgreSQL's")
def test_the_sql_rebuild_counts_exactly_what_the_python_definition_counts(world: World) -> None:
    _mixed_responses(world)
    assert world.a.survey.current_version is not None
    Response.objects.create(  # answers a published version never produces: must not crash
        organization=world.a.organization,
        survey=world.a.survey,
        survey_version=world.a.survey.current_version,
        channel="website",
        language="en",
        created_at=utc(2025, 1, 1),
        answers={"trust": True, "drivers_positive": "ease", "comments": None},
    )
    rollups_rebuild()
    assert_rollups_match_responses()
