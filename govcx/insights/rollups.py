"""Keeping the rollups equal to the counted responses: applying logged changes, and rebuilding.

Writers of responses log every change in whether a response counts (`CountChange`). Here
those changes are applied to the day and month rollups and deleted in the same transaction,
so a crash at any point leaves each change either fully counted or still waiting: none is
counted twice or lost. The one `RollupState` row is locked first, so an update and a rebuild
never interleave.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from govcx.insights.facts import Fact, Grain, VersionPlan, plan_for, response_facts, utc_day
from govcx.insights.models import FactKind, RollupDay, RollupMonth, RollupState
from govcx.responses.models import COUNTED, CountChange, Response
from govcx.surveys.models import SurveyVersion
from govcx.surveys.structure import SurveyStructure

UPDATE_BATCH_SIZE = 2_000
REBUILD_CHUNK_SIZE = 2_000

DayKey = tuple[Grain, Fact]
RESPONSE_FIELDS = (
    "pk",
    "organization_id",
    "survey_id",
    "survey_version_id",
    "created_at",
    "channel",
    "language",
    "answers",
    "page_url",
)


@dataclass(frozen=True)
class UpdateResult:
    changes_applied: int
    rows_written: int


@dataclass(frozen=True)
class RebuildResult:
    responses_counted: int
    day_rows: int
    month_rows: int
    seconds: float


class VersionPlans:
    """Plans by version id, read from the database once each."""

    def __init__(self) -> None:
        self._plans: dict[int, VersionPlan] = {}

    def __getitem__(self, version_id: int) -> VersionPlan:
        if version_id not in self._plans:
            self.load([version_id])
        return self._plans[version_id]

    def load(self, version_ids: Iterable[int]) -> None:
        missing = set(version_ids) - self._plans.keys()
        versions = SurveyVersion.objects.filter(pk__in=missing).values_list(
            "pk", "structure", "survey__kind"
        )
        for pk, structure, kind in versions:
            self._plans[pk] = plan_for(SurveyStructure.from_json(structure), kind=kind)


def day_keys(rows: Iterable[Mapping[str, Any]], plans: VersionPlans) -> Iterator[DayKey]:
    """Every (grain, fact) the given response rows yield, one per fact."""
    for row in rows:
        grain = Grain(
            organization_id=row["organization_id"],
            survey_id=row["survey_id"],
            survey_version_id=row["survey_version_id"],
            day=utc_day(row["created_at"]),
            channel=row["channel"],
            language=row["language"],
        )
        plan = plans[row["survey_version_id"]]
        for fact in response_facts(plan, row["answers"], row["page_url"]):
            yield grain, fact


def rollups_update(*, batch_size: int = UPDATE_BATCH_SIZE) -> UpdateResult:
    """Apply every waiting change, a batch per transaction, until none is left."""
    applied = written = 0
    while True:
        batch = _apply_one_batch(batch_size)
        if batch.changes_applied == 0:
            return UpdateResult(changes_applied=applied, rows_written=written)
        applied += batch.changes_applied
        written += batch.rows_written


@transaction.atomic
def _apply_one_batch(batch_size: int) -> UpdateResult:
    state = locked_state()
    changes = list(
        CountChange.objects.order_by("id").values_list("id", "response_id", "delta")[:batch_size]
    )
    if not changes:
        return UpdateResult(changes_applied=0, rows_written=0)
    deltas = _deltas_by_key(changes)
    written = _upsert(deltas)
    CountChange.objects.filter(pk__in=[change_id for change_id, _r, _d in changes]).delete()
    state.updated_at = timezone.now()
    state.changes_applied += len(changes)
    state.save(update_fields=["updated_at", "changes_applied"])
    return UpdateResult(changes_applied=len(changes), rows_written=written)


def locked_state() -> RollupState:
    """The state row, locked. The migration creates it; this makes it again after a flush."""
    if not RollupState.objects.filter(pk=1).exists():
        try:
            with transaction.atomic():
                RollupState.objects.create(pk=1)
        except IntegrityError:  # another process made it first, which is just as good
            pass
    return RollupState.objects.select_for_update().get(pk=1)


def _deltas_by_key(changes: list[tuple[int, int, int]]) -> Counter[DayKey]:
    delta_by_response: Counter[int] = Counter()
    for _change_id, response_id, delta in changes:
        delta_by_response[response_id] += delta
    rows = list(Response.objects.filter(pk__in=list(delta_by_response)).values(*RESPONSE_FIELDS))
    plans = VersionPlans()
    plans.load(row["survey_version_id"] for row in rows)
    deltas: Counter[DayKey] = Counter()
    for row in rows:
        delta = delta_by_response[row["pk"]]
        if delta:
            for key in day_keys([row], plans):
                deltas[key] += delta
    return deltas


UPSERT_SQL = """
INSERT INTO {table} (organization_id, survey_id, survey_version_id, {period}, channel, language,
                     segment, segment_value, kind, question, value, count)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (survey_id, survey_version_id, {period}, channel, language, segment, segment_value,
             kind, question, value)
DO UPDATE SET count = {table}.count + EXCLUDED.count
"""


def split_by_grain(counts: Counter[DayKey]) -> tuple[Counter[DayKey], Counter[DayKey]]:
    """Day rows (every fact but pairs) and month rows (every fact, days moved to the 1st)."""
    days: Counter[DayKey] = Counter()
    months: Counter[DayKey] = Counter()
    for (grain, fact), count in counts.items():
        if fact.kind != FactKind.PAIR:
            days[grain, fact] += count
        months[grain._replace(day=grain.day.replace(day=1)), fact] += count
    return days, months


def _upsert(deltas: Counter[DayKey]) -> int:
    """Add the deltas to the day and month rows, and drop rows that fall to zero."""
    day_deltas, month_deltas = split_by_grain(deltas)
    written = 0
    for model, period, counts in (
        (RollupDay, "day", day_deltas),
        (RollupMonth, "month", month_deltas),
    ):
        rows: list[tuple[Any, ...]] = [
            (*_flat(key), delta) for key, delta in counts.items() if delta
        ]
        sql = UPSERT_SQL.format(table=model._meta.db_table, period=period)
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        surveys = {key[0].survey_id for key in counts}
        model.objects.filter(survey_id__in=surveys, count=0).delete()
        written += len(rows)
    return written


def _flat(key: DayKey) -> tuple[object, ...]:
    grain, fact = key
    return (
        grain.organization_id,
        grain.survey_id,
        grain.survey_version_id,
        grain.day,
        grain.channel,
        grain.language,
        *fact,
    )


def rollups_rebuild() -> RebuildResult:
    """Recount every rollup from the counted responses, replacing what was there."""
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        from govcx.insights.rollup_sql import rebuild_in_postgresql

        counted = rebuild_in_postgresql()
        _analyze_rollups()
    else:
        counted = _rebuild_in_python()
    seconds = time.perf_counter() - started
    RollupState.objects.filter(pk=1).update(rebuilt_at=timezone.now(), rebuild_seconds=seconds)
    return RebuildResult(
        responses_counted=counted,
        day_rows=RollupDay.objects.count(),
        month_rows=RollupMonth.objects.count(),
        seconds=seconds,
    )


def _analyze_rollups() -> None:
    """Refresh the planner's statistics: after a rebuild they describe the old tables, and
    a dashboard query planned for one row over tens of thousands sorts on disk."""
    if connection.in_atomic_block:  # a caller's transaction: its own tables are not worth it
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {RollupDay._meta.db_table}, {RollupMonth._meta.db_table}")


@transaction.atomic
def _rebuild_in_python() -> int:
    """The reference rebuild, used where the database has no set-based version (SQLite).

    The waiting changes are deleted first: on SQLite that takes the write lock, so no response
    can be stored between reading the responses and replacing the rollups.
    """
    locked_state()
    CountChange.objects.all().delete()
    counts, responses = recount_from_responses()
    days, months = split_by_grain(counts)
    RollupDay.objects.all().delete()
    RollupMonth.objects.all().delete()
    RollupDay.objects.bulk_create(
        (RollupDay(**_fields(key, "day"), count=count) for key, count in days.items()),
        batch_size=REBUILD_CHUNK_SIZE,
    )
    RollupMonth.objects.bulk_create(
        (RollupMonth(**_fields(key, "month"), count=count) for key, count in months.items()),
        batch_size=REBUILD_CHUNK_SIZE,
    )
    return responses


def recount_from_responses() -> tuple[Counter[DayKey], int]:
    """The day rollups as they should be, counted from scratch in Python."""
    plans = VersionPlans()
    counts: Counter[DayKey] = Counter()
    responses = 0
    rows = Response.objects.filter(COUNTED).order_by().values(*RESPONSE_FIELDS)
    for row in rows.iterator(chunk_size=REBUILD_CHUNK_SIZE):
        responses += 1
        counts.update(day_keys([row], plans))
    return counts, responses


def _fields(key: DayKey, period: str) -> dict[str, object]:
    grain, fact = key
    return {
        "organization_id": grain.organization_id,
        "survey_id": grain.survey_id,
        "survey_version_id": grain.survey_version_id,
        period: grain.day,
        "channel": grain.channel,
        "language": grain.language,
        **fact._asdict(),
    }
