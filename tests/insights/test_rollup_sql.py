"""The PostgreSQL rebuild with worker connections counts what the Python definition counts."""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from govcx.insights import rollup_sql
from govcx.insights.models import RollupDay, RollupMonth
from govcx.insights.rollups import rollups_rebuild, rollups_update
from govcx.responses.models import CountChange, Response
from govcx.surveys.models import Survey
from tests.conftest import World
from tests.insights.helpers import (
    assert_rollups_match_responses,
    counted_total,
    publish_segmented,
    table_counts,
)
from tests.responses.helpers import submit, utc

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL rebuild is PostgreSQL's"
)
# Worker connections cannot see a test's transaction: these tests commit, as a rebuild does.
transactional = pytest.mark.django_db(transaction=True)

LIKERT = ("satisfaction", "trust", "effectiveness", "ease", "efficiency", "transparency")
PAGES = (
    "",
    "https://agency.gov/apply?step=2#top",
    "https://agency.gov/apply",
    "https://agency.gov/status#faq",
    "https://agency.gov/" + "p" * 400,
)


def _thumbs(rng: random.Random) -> dict[str, Any]:
    trust = rng.choice([0, 1, 1, "1", "0", True, None])
    answers: dict[str, Any] = {"trust": trust, "comments": rng.choice(["", "Fine.", "Slow."])}
    if rng.random() < 0.7:
        answers[rng.choice(["drivers_positive", "drivers_negative"])] = rng.sample(
            ["ease", "efficiency", "employee", "other"], rng.randint(0, 3)
        )
    if rng.random() < 0.05:
        answers["drivers_positive"] = "ease"  # not a list: chooses nothing
    return answers


def _v1(rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {
        key: rng.choice([1, 2, 3, 4, 5, "4", 4.5]) for key in LIKERT if rng.random() < 0.8
    }
    if rng.random() < 0.1:
        answers["employee"] = ""
    return answers


def _segmented(rng: random.Random) -> dict[str, Any]:
    return {
        "office": rng.choice(["north", "south", "", "ñandú " + "x" * 400, 7]),
        "transaction_id": f"T-{rng.randint(1, 10_000)}",
        "age_group": rng.choice(["under_40", "40_plus", None]),
        "rating": rng.choice([1, 2, 3, 4, 5]),
        "helpful": rng.choice(["yes", "no", False]),
        "needs": rng.sample(["forms", "status", ""], rng.randint(0, 3)),
        "story": "Slow.",
    }


def _many_responses(world: World, count: int = 480) -> None:
    """Responses over several pages of the table, several surveys and several months, with
    answers of every kind a rollup counts and some that it must not."""
    segmented = publish_segmented(world.a.organization, world.a.service)
    makers: list[tuple[Survey, Callable[[random.Random], dict[str, Any]]]] = [
        (world.a.survey, _thumbs),
        (world.a.v1_survey, _v1),
        (segmented, _segmented),
        (world.b.survey, _thumbs),
    ]
    rng = random.Random(20261202)
    rows = []
    for index in range(count):
        survey, answers = makers[index % len(makers)]
        assert survey.current_version is not None
        rows.append(
            Response(
                organization_id=survey.organization_id,
                service_id=survey.service_id,
                survey=survey,
                survey_version=survey.current_version,
                channel=rng.choice(["website", "phone"]),
                language=rng.choice(["en", "es"]),
                created_at=utc(2025, 9, 1) + dt.timedelta(minutes=rng.randrange(150 * 24 * 60)),
                answers=answers(rng),
                page_url=rng.choice(PAGES),
                is_spam=index % 23 == 0,
                is_flagged=index % 29 == 0,
                is_deleted=index % 31 == 0,
            )
        )
    Response.objects.bulk_create(rows)


def _pages(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [table])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _leftovers() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname LIKE 'insights\\_rebuild\\_%%' "
            "AND relpersistence = 'u'"
        )
        return [name for (name,) in cursor.fetchall()]


@transactional
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_a_rebuild_on_any_number_of_connections_counts_what_python_counts(
    world: World, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    monkeypatch.setattr(rollup_sql, "REBUILD_WORKERS", workers)
    _many_responses(world)
    assert _pages(Response._meta.db_table) >= 2 * workers  # every worker has pages to read
    result = rollups_rebuild()
    assert result.responses_counted == counted_total()
    assert_rollups_match_responses()
    assert not _leftovers()
    # Again, over rollups that are already right: each connection must find its own rows.
    ids = set(RollupDay.objects.values_list("pk", flat=True))
    rollups_rebuild()
    assert_rollups_match_responses()
    assert set(RollupDay.objects.values_list("pk", flat=True)) == ids


@transactional
def test_a_rebuild_rewrites_only_the_rows_that_differ(world: World) -> None:
    _many_responses(world, count=120)
    rollups_rebuild()
    ids = set(RollupDay.objects.values_list("pk", flat=True))
    changed = RollupDay.objects.filter(kind="choice").order_by("pk").first()
    removed = RollupDay.objects.filter(kind="n").order_by("-pk").first()
    assert changed is not None
    assert removed is not None
    removed_pk = removed.pk
    RollupDay.objects.filter(pk=changed.pk).update(count=999)
    moved = RollupMonth.objects.filter(kind="shown").order_by("pk").values_list("pk", flat=True)[:1]
    RollupMonth.objects.filter(pk__in=list(moved)).update(organization=world.b.organization)
    removed.delete()
    bogus = RollupDay.objects.create(
        organization=world.a.organization,
        survey=world.a.survey,
        survey_version_id=changed.survey_version_id,
        day=dt.date(2020, 1, 1),
        channel="website",
        language="en",
        kind="n",
        count=5,
    )
    RollupMonth.objects.filter(kind="pair").update(count=0)
    rollups_rebuild()
    assert_rollups_match_responses()
    after = set(RollupDay.objects.values_list("pk", flat=True))
    assert changed.pk in after  # updated where it stood
    assert bogus.pk not in after
    assert ids - {removed_pk} <= after  # nothing else was deleted and written again


@transactional
def test_a_response_stored_during_a_rebuild_keeps_its_change(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_responses(world, count=60)
    submit(world.a.survey)  # a change the rebuild's snapshot sees, and consumes
    original = rollup_sql._run_workers

    def store_then_count(*args: Any) -> int:
        # Committed after the snapshot was exported, before the workers count.
        def store() -> None:
            try:
                submit(world.a.v1_survey, {"satisfaction": 5, "trust": 4})
            finally:
                connection.close()

        thread = threading.Thread(target=store)
        thread.start()
        thread.join()
        return original(*args)

    monkeypatch.setattr(rollup_sql, "_run_workers", store_then_count)
    result = rollups_rebuild()
    assert result.responses_counted == counted_total() - 1
    assert CountChange.objects.count() == 1
    assert rollups_update().changes_applied == 1
    assert_rollups_match_responses()


@transactional
def test_a_failed_rebuild_changes_nothing_and_leaves_no_tables(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_responses(world, count=60)
    rollups_rebuild()
    days, months = table_counts(RollupDay), table_counts(RollupMonth)
    submit(world.a.survey)
    original = rollup_sql.count_facts

    def fail_in_one_worker(cursor: Any, plans: Any, share: rollup_sql.Share) -> None:
        if share.index == 1:
            raise RuntimeError("the worker's connection went away")
        original(cursor, plans, share)

    monkeypatch.setattr(rollup_sql, "count_facts", fail_in_one_worker)
    with pytest.raises(RuntimeError):
        rollups_rebuild()
    assert table_counts(RollupDay) == days
    assert table_counts(RollupMonth) == months
    assert CountChange.objects.count() == 1
    assert not _leftovers()
    monkeypatch.setattr(rollup_sql, "count_facts", original)
    rollups_rebuild()
    assert CountChange.objects.count() == 0
    assert_rollups_match_responses()


@transactional
def test_tables_left_by_a_rebuild_that_died_are_dropped(world: World) -> None:
    _many_responses(world, count=60)
    with connection.cursor() as cursor:
        cursor.execute("CREATE UNLOGGED TABLE insights_rebuild_groups_0 (stale int)")
        cursor.execute("CREATE UNLOGGED TABLE insights_rebuild_day_7 (stale int)")
    rollups_rebuild()
    assert_rollups_match_responses()
    assert not _leftovers()


def test_a_caller_s_transaction_can_rebuild_twice(world: World) -> None:
    _many_responses(world, count=60)
    rollups_rebuild()
    first = Response.objects.order_by("pk").values_list("pk", flat=True)[:5]
    Response.objects.filter(pk__in=list(first)).update(is_spam=True)
    result = rollups_rebuild()
    assert result.responses_counted == counted_total()
    assert_rollups_match_responses()
