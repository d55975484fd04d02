"""The rebuild in one pass of SQL on PostgreSQL: the same facts as `facts.py`, set-based.

Python reads about fifty thousand responses a second on a small machine; PostgreSQL expands
and counts them several times faster without sending a row over the wire. The facts of each
survey version are written out as SQL with that version's question keys and options as bound
parameters, and a test holds the result equal to the Python definition.

The rebuild runs under REPEATABLE READ: the waiting count changes it deletes are exactly those
whose responses its snapshot sees, so a response stored during the rebuild keeps its change
and is applied on top of the new rollups afterwards.
"""

# Table names in the SQL come from model metadata, never from input; values are bound.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import OperationalError, connection, transaction

from govcx.insights.facts import (
    ANSWER_SEGMENT_PREFIX,
    PAGE_SEGMENT,
    PAIR_SEPARATOR,
    MultiQuestion,
    VersionPlan,
    plan_for,
)
from govcx.insights.models import SEGMENT_VALUE_LENGTH, VALUE_LENGTH, RollupDay, RollupMonth
from govcx.insights.rollups import locked_state
from govcx.responses.models import CountChange, Response
from govcx.surveys.models import SurveyVersion
from govcx.surveys.structure import SurveyStructure

ATTEMPTS = 3
Params = list[Any]


def rebuild_in_postgresql() -> int:
    """Recount the rollups; returns how many responses were counted."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _rebuild_once()
        except OperationalError:
            # An update committed between our snapshot and our lock: start again from a new one.
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _rebuild_once() -> int:
    # Inside a caller's transaction (a test's, say) the isolation level is already fixed.
    owns_transaction = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if owns_transaction:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        locked_state()
        # Counting millions of facts is one big hash aggregate; with the default 4 MB of
        # memory PostgreSQL would sort them on disk instead, several times slower.
        cursor.execute(f"SET LOCAL work_mem = '{REBUILD_WORK_MEM}'")
        cursor.execute(f"DELETE FROM {CountChange._meta.db_table}")
        cursor.execute(f"DELETE FROM {RollupDay._meta.db_table}")
        cursor.execute(f"DELETE FROM {RollupMonth._meta.db_table}")
        sql, params = staging_select()
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ON COMMIT DROP AS {sql}", params)
        cursor.execute(DAYS_FROM_STAGING)
        cursor.execute(MONTHS_FROM_STAGING)
        cursor.execute(f"SELECT coalesce(sum(count), 0) FROM {STAGING} WHERE {BASE_RESPONDENTS}")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


REBUILD_WORK_MEM = "256MB"
STAGING = "insights_rollup_staging"
BASE_RESPONDENTS = "kind = 'n' AND segment = ''"
KEY_COLUMNS = (
    "organization_id, survey_id, survey_version_id, {period}, channel, language, segment, "
    "segment_value, kind, question, value"
)
DAY_KEY = KEY_COLUMNS.format(period="day")
MONTH_KEY = KEY_COLUMNS.format(period="date_trunc('month', day)::date")
DAYS_FROM_STAGING = f"""
INSERT INTO {RollupDay._meta.db_table} ({DAY_KEY}, count)
SELECT {DAY_KEY}, count FROM {STAGING} WHERE kind <> 'pair'
"""
MONTHS_FROM_STAGING = f"""
INSERT INTO {RollupMonth._meta.db_table} ({KEY_COLUMNS.format(period="month")}, count)
SELECT {MONTH_KEY}, sum(count) FROM {STAGING} GROUP BY {MONTH_KEY}
"""


def staging_select() -> tuple[str, Params]:
    """A SELECT counting the facts of every version with responses, by day (pairs included)."""
    version_ids = Response.objects.order_by().values_list("survey_version_id", flat=True).distinct()
    versions = SurveyVersion.objects.filter(pk__in=version_ids).values_list(
        "pk", "structure", "survey__kind"
    )
    selects: list[str] = []
    params: Params = []
    for pk, structure, kind in versions.order_by("pk"):
        plan = plan_for(SurveyStructure.from_json(structure), kind=kind)
        sql, version_params = version_facts_select(pk, plan)
        selects.append(sql)
        params.extend(version_params)
    if not selects:  # no responses: a version that matches none gives an empty table
        sql, version_params = version_facts_select(0, plan_for(SurveyStructure(), kind=""))
        selects.append(sql)
        params.extend(version_params)
    union = "\nUNION ALL\n".join(selects)
    sql = f"SELECT {DAY_KEY}, count(*) AS count FROM (\n{union}\n) AS facts GROUP BY {DAY_KEY}"
    return sql, params


def version_facts_select(version_id: int, plan: VersionPlan) -> tuple[str, Params]:
    segments_sql, segment_params = _segments(plan)
    facts_sql, fact_params = _facts(plan)
    sql = f"""
SELECT r.organization_id, r.survey_id, r.survey_version_id,
       (r.created_at AT TIME ZONE 'UTC')::date AS day,
       r.channel, r.language, s.segment, s.segment_value, f.kind, f.question, f.value
FROM {Response._meta.db_table} AS r
CROSS JOIN LATERAL ({segments_sql}) AS s(segment, segment_value)
CROSS JOIN LATERAL ({facts_sql}) AS f(kind, question, value)
WHERE r.survey_version_id = %s AND NOT r.is_spam AND NOT r.is_flagged AND NOT r.is_deleted
  AND s.segment_value IS NOT NULL AND f.value IS NOT NULL"""
    return sql, [*segment_params, *fact_params, version_id]


def _scalar(limit: int) -> str:
    """An answer as rollup text, NULL for none: what `facts._text` returns as ""."""
    return (
        "NULLIF(left(CASE WHEN jsonb_typeof(r.answers -> %s) IN ('string', 'number') "
        f"THEN r.answers ->> %s END, {limit}), '')"
    )


def _segments(plan: VersionPlan) -> tuple[str, Params]:
    page = (
        "NULLIF(left(split_part(split_part(r.page_url, '#', 1), '?', 1), "
        f"{SEGMENT_VALUE_LENGTH}), '')"
    )
    rows = ["(''::text, ''::text)", f"(%s, {page})"]
    params: Params = [PAGE_SEGMENT]
    for key in plan.segments:
        rows.append(f"(%s, {_scalar(SEGMENT_VALUE_LENGTH)})")
        params.extend([ANSWER_SEGMENT_PREFIX + key, key, key])
    return "VALUES " + ", ".join(rows), params


def _facts(plan: VersionPlan) -> tuple[str, Params]:
    parts = ["SELECT 'n'::text, ''::text, ''::text"]
    params: Params = []
    for key in plan.singles:
        parts.append(f"SELECT 'choice', %s, {_scalar(VALUE_LENGTH)}")
        params.extend([key, key, key])
    for multi in plan.multis:
        sql, multi_params = _multi(multi)
        parts.extend(sql)
        params.extend(multi_params)
    for first, second in plan.pairs:
        parts.append(
            f"SELECT 'pair', %s, {_scalar(VALUE_LENGTH)} || %s || {_scalar(VALUE_LENGTH)} "
            "WHERE s.segment = ''"
        )
        params.extend([f"{first}{PAIR_SEPARATOR}{second}", first, first, PAIR_SEPARATOR])
        params.extend([second, second])
    return "\nUNION ALL ".join(parts), params


def _multi(multi: MultiQuestion) -> tuple[list[str], Params]:
    chosen = (
        "SELECT 'choice', %s, item FROM jsonb_array_elements_text(CASE WHEN "
        "jsonb_typeof(r.answers -> %s) = 'array' THEN r.answers -> %s END) AS item"
    )
    shown = "SELECT 'shown', %s, ''"
    params: Params = [multi.key, multi.key, multi.key, multi.key]
    if multi.show_if is not None:
        values = list(multi.show_if.values)
        shown += (
            " WHERE (r.answers ->> %s = ANY(%s::text[]) OR (jsonb_typeof(r.answers -> %s) = "
            "'array' AND r.answers -> %s ?| %s::text[]))"
        )
        question = multi.show_if.question
        params.extend([question, values, question, question, values])
    return [chosen, shown], params
