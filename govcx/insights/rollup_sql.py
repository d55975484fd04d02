"""The rebuild in set-based SQL on PostgreSQL: the same facts as `facts.py`, counted in bulk.

Python reads about fifty thousand responses a second on a small machine; PostgreSQL counts
them many times faster without sending a row over the wire. Tests hold the result equal to
the Python definition.

Counting takes two steps. First the counted responses are grouped by everything their facts
depend on: organization, survey, version, UTC day, channel, language, page, and the raw
answers to the questions the version counts. Free text is not among them, so most responses
share a group with many others (ten million demo responses make 1.7 million groups). Then
each group's facts are counted, weighted by its size: every (segment, fact) a version can
yield is a grouping set of one hash aggregate, so no row is made per fact, except for the
choices of checkbox questions. The versions' plans are data the SQL joins to, and versions
with as many segments, single answers and checkbox questions share a statement, so one scan
of the responses serves every version.

Consistency: what is counted is one snapshot, and the waiting count changes deleted are
exactly those it sees, so a response stored during the rebuild keeps its change and is
applied on top of the new rollups afterwards. The rollups are changed in one transaction and
only where they differ from the recount, so readers see the old figures until it commits, an
unchanged rollup costs no writes, and new rows go in in index order.

Two cores: PostgreSQL runs one statement on one core, so outside a caller's transaction the
work is shared between worker connections (see `Share`). The main connection takes the
`RollupState` lock in READ COMMITTED and exports a snapshot; the workers import it under
REPEATABLE READ, group their share of the responses into UNLOGGED tables and commit; then,
each taking the groups of its own surveys and months from all of them, they count facts and
find what differs from the rollup tables; the main connection applies that, deletes the
changes the snapshot saw, drops the workers' tables and commits. Inside a caller's
transaction (tests) the same statements run on its connection, with temporary tables.
"""

# Table names in the SQL come from model metadata and constants, never from input; values
# are bound.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

import psycopg
from django.db import OperationalError, connection, transaction

from govcx.insights.facts import (
    ANSWER_SEGMENT_PREFIX,
    PAGE_SEGMENT,
    PAIR_SEPARATOR,
    VersionPlan,
    plan_for,
)
from govcx.insights.models import SEGMENT_VALUE_LENGTH, VALUE_LENGTH, RollupDay, RollupMonth
from govcx.insights.rollups import locked_state
from govcx.responses.models import CountChange, Response
from govcx.surveys.models import SurveyVersion
from govcx.surveys.structure import SurveyStructure

ATTEMPTS = 3
# Worker connections for a rebuild outside a caller's transaction: one per core of the
# machine the rebuild was tuned on. One means no workers: everything on the main connection.
REBUILD_WORKERS = 2
# Grouping and counting are hash aggregates of a few hundred megabytes at ten million
# responses; with the default 4 MB PostgreSQL would sort on disk instead.
REBUILD_WORK_MEM = "256MB"
# Workers keep their intermediate tables in session memory rather than in shared buffers.
WORKER_TEMP_BUFFERS = "512MB"

Params = list[Any]
RESPONSES = Response._meta.db_table
CHANGES = CountChange._meta.db_table
DAYS = RollupDay._meta.db_table
MONTHS = RollupMonth._meta.db_table
# Tables the workers leave for the main connection: UNLOGGED, since they are rebuilt from
# scratch if lost, and dropped by the transaction that applies them.
SHARED_PREFIX = "insights_rebuild_"
CHANGES_SEEN = f"{SHARED_PREFIX}changes"

# The columns of the rollups' unique key, in its order.
KEY = (
    "survey_id, {period}, survey_version_id, channel, language, segment, segment_value, kind, "
    "question, value"
)
COLUMNS = "organization_id, {key}, count"


class Cursor(Protocol):
    """What the statements need of a cursor: Django's and a worker's psycopg one both do."""

    def execute(self, sql: str, params: Sequence[Any] | None = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Any: ...


def rebuild_in_postgresql() -> int:
    """Recount the rollups; returns how many responses were counted."""
    # Inside a caller's transaction (a test's, say) other connections could not see its data.
    if connection.get_autocommit() and REBUILD_WORKERS > 1:
        return _rebuild_with_workers(REBUILD_WORKERS)
    return _rebuild_on_one_connection()


# The rebuild on the caller's connection -------------------------------------------------------


def _rebuild_on_one_connection() -> int:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _rebuild_once()
        except OperationalError:
            # An update committed between our snapshot and our lock: start again from a new one.
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _rebuild_once() -> int:
    # Inside a caller's transaction the isolation level is already fixed.
    owns_transaction = connection.get_autocommit()
    with transaction.atomic(), connection.cursor() as cursor:
        if owns_transaction:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        locked_state()
        _tune(cursor)
        plans = Plans.load()
        cursor.execute(f"DELETE FROM {CHANGES}")
        share = Share(index=0, count=1, shared=False)
        counted = group_responses(cursor, plans, share, blocks=0)
        count_facts(cursor, plans, share)
        apply_shares(cursor, [share])
        # Dropped now, not at commit, so that a caller's transaction can rebuild again.
        cursor.execute(f"DROP TABLE {', '.join(share.tables())}")
    return counted


# The rebuild with worker connections ----------------------------------------------------------


def _rebuild_with_workers(workers: int) -> int:
    shares = [Share(index=i, count=workers, shared=True) for i in range(workers)]
    names = [CHANGES_SEEN, *(name for share in shares for name in share.tables())]
    workers_connect = _connector()
    failure: BaseException | None = None
    counted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # Each statement sees what the workers committed before it; what is counted is fixed
        # by the snapshot they share, not by this transaction's.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        # Taken before the snapshot: every update committed before it is in the snapshot,
        # and none can run, nor another rebuild start, until this transaction ends.
        locked_state()
        _drop_shared_tables(workers_connect)  # left by a rebuild that died
        # Exported here, outside the savepoint below: a subtransaction cannot export one.
        cursor.execute(
            "SELECT pg_export_snapshot(), "
            "pg_relation_size(%s) / current_setting('block_size')::bigint",
            [RESPONSES],
        )
        snapshot, blocks = cursor.fetchone()
        try:
            with transaction.atomic():
                counted = _count_with_workers(cursor, workers_connect, snapshot, blocks, shares)
        except BaseException as error:  # raised once the workers' tables are dropped
            failure = error
        # In the transaction that holds the state row, so they are this rebuild's own: on
        # success they go with the new rollups, on failure with nothing else.
        try:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(names)}")
        except Exception:
            if failure is None:
                raise  # otherwise the next rebuild drops them
    if failure is not None:
        raise failure
    return counted


def _count_with_workers(
    cursor: Cursor, connect: Connector, snapshot: str, blocks: int, shares: list[Share]
) -> int:
    _tune(cursor)
    # Read after the snapshot was taken, so every version its responses answered is here.
    plans = Plans.load()
    counted = _run_workers(connect, snapshot, blocks, plans, shares)
    cursor.execute(f"DELETE FROM {CHANGES} AS c USING {CHANGES_SEEN} AS s WHERE c.id = s.id")
    apply_shares(cursor, shares)
    return counted


def _run_workers(
    connect: Connector, snapshot: str, blocks: int, plans: Plans, shares: list[Share]
) -> int:
    """Count on one connection per share; returns how many responses they counted."""
    connections: list[psycopg.Connection[Any]] = []
    lock = threading.Lock()
    # Every worker's groups are committed before any worker reads them all.
    grouped = threading.Barrier(len(shares))

    def work(share: Share) -> int:
        worker = connect()
        with lock:
            connections.append(worker)
        try:
            with worker.cursor() as cursor:
                cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                _tune(cursor)
                if share.index == 0:
                    cursor.execute(
                        f"CREATE UNLOGGED TABLE {CHANGES_SEEN} AS SELECT id FROM {CHANGES}"
                    )
                counted = group_responses(cursor, plans, share, blocks)
                cursor.execute("COMMIT")
                grouped.wait()
                # READ COMMITTED, to read the other workers' groups, and the rollup tables,
                # which nothing changes while the main connection holds the state row.
                cursor.execute("BEGIN")
                _tune(cursor)
                count_facts(cursor, plans, share)
                cursor.execute("COMMIT")
            return counted
        except BaseException:
            grouped.abort()
            raise
        finally:
            worker.close()

    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        futures = [pool.submit(work, share) for share in shares]
        try:
            done, _running = wait(futures, return_when=FIRST_EXCEPTION)
            errors = [error for future in done if (error := future.exception())]
            # A worker that failed makes the others waiting for it fail too: name the cause.
            errors.sort(key=lambda error: isinstance(error, threading.BrokenBarrierError))
            if errors:
                raise errors[0]
            return sum(future.result() for future in futures)
        except BaseException:
            # Stop the other workers' statements rather than wait for them to finish.
            grouped.abort()
            with lock:
                for worker in connections:
                    with contextlib.suppress(Exception):  # it may have finished already
                        worker.cancel_safe()
            raise


Connector = Callable[[], "psycopg.Connection[Any]"]


def _connector() -> Connector:
    """Opens connections to this connection's database, the way Django would."""
    params = connection.get_connection_params()
    role = connection.settings_dict["OPTIONS"].get("assume_role")

    def connect() -> psycopg.Connection[Any]:
        worker = psycopg.connect(**params)
        worker.autocommit = True  # transactions are begun and committed explicitly
        with worker.cursor() as cursor:
            # Intermediate tables stay in the session's memory rather than shared buffers.
            cursor.execute(f"SET temp_buffers = '{WORKER_TEMP_BUFFERS}'")
            if role:
                cursor.execute("SET ROLE %s", [role])
        return worker

    return connect


def _drop_shared_tables(connect: Connector) -> None:
    """Drop tables a rebuild that died left, on a connection of its own: the workers make
    tables of the same names and would wait for this transaction to end."""
    worker = connect()
    try:
        with worker.cursor() as cursor:
            cursor.execute(
                "SELECT quote_ident(relname) FROM pg_class WHERE relname LIKE %s "
                "AND relkind = 'r' AND relpersistence = 'u' AND pg_table_is_visible(oid)",
                [SHARED_PREFIX.replace("_", r"\_") + "%"],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
    finally:
        worker.close()


def _tune(cursor: Cursor) -> None:
    cursor.execute(f"SET LOCAL work_mem = '{REBUILD_WORK_MEM}'")
    # The planner cannot see how many rows the plans' arrays expand into and guesses hundreds
    # of times too many; it would then sort (on disk, comparing text by locale) rather than
    # hash in memory, or cache expansions that are never asked for twice.
    cursor.execute("SET LOCAL enable_sort = off")
    cursor.execute("SET LOCAL enable_memoize = off")
    # Compiling these statements takes longer than the time it would save.
    cursor.execute("SET LOCAL jit = off")
    # The cores are already shared out between the rebuild's connections.
    cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    # Scans of the tables of differences start at their first page, which keeps them in the
    # order they were written in.
    cursor.execute("SET LOCAL synchronize_seqscans = off")


# Shares and plans ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One connection's share of the work.

    Grouping reads a contiguous range of the responses' pages (every response is in exactly
    one range); counting facts takes the groups of the surveys and calendar months whose
    number modulo `count` is `index`, so no day or month row is counted by two connections.
    """

    index: int
    count: int
    shared: bool  # UNLOGGED tables other connections read, or temporary ones

    def table(self, name: str, index: int | None = None) -> str:
        return f"{SHARED_PREFIX}{name}_{self.index if index is None else index}"

    def tables(self) -> list[str]:
        return [self.table(name) for name in ("groups", "day", "month")]

    def create(self, name: str) -> str:
        if self.shared:
            return f"CREATE UNLOGGED TABLE {self.table(name)} AS"
        return f"CREATE TEMPORARY TABLE {self.table(name)} ON COMMIT DROP AS"

    def pages(self, blocks: int) -> str:
        """A condition on responses `r` true for those in this share's range of pages."""
        low, high = blocks * self.index // self.count, blocks * (self.index + 1) // self.count
        bounds = ["TRUE"]
        if self.index > 0:
            bounds.append(f"r.ctid >= '({low},0)'::tid")
        if self.index < self.count - 1:  # the last is open-ended: no page is missed
            bounds.append(f"r.ctid < '({high},0)'::tid")
        return " AND ".join(bounds)

    def of(self, survey: str, date: str) -> str:
        """The share a row of the given survey and date falls in."""
        if self.count == 1:
            return "0"
        month = f"date_part('year', {date}::timestamp) * 12 + date_part('month', {date}::timestamp)"
        return f"mod({survey} + ({month})::bigint, {self.count})"


@dataclass(frozen=True)
class Shape:
    """How many facts of each sort a version's groups yield: versions of one shape are
    counted by the same statement."""

    segments: int
    singles: int
    multis: int


@dataclass(frozen=True)
class Plans:
    """Every version's plan, as JSON rows the SQL joins to and as the shapes of its SQL."""

    rows: str
    answers: int  # the most answers any version's facts read
    shapes: dict[int, Shape]
    pairs: dict[int, tuple[tuple[int, int], ...]]  # the answers each pair reads, if any

    @classmethod
    def load(cls) -> Plans:
        rows: list[dict[str, Any]] = []
        shapes: dict[int, Shape] = {}
        pairs: dict[int, tuple[tuple[int, int], ...]] = {}
        versions = SurveyVersion.objects.values_list("pk", "structure", "survey__kind")
        for pk, structure, kind in versions.order_by("pk"):
            plan = plan_for(SurveyStructure.from_json(structure), kind=kind)
            row = _plan_row(pk, plan)
            rows.append(row)
            shapes[pk] = Shape(len(plan.segments), len(plan.singles), len(plan.multis))
            if plan.pairs:
                pairs[pk] = tuple(zip(row["pair_first"], row["pair_second"], strict=True))
        answers = max((len(row["keys"]) for row in rows), default=0)
        return cls(json.dumps(rows), answers, shapes, pairs)


def _plan_row(version_id: int, plan: VersionPlan) -> dict[str, Any]:
    """`keys` are the answers the version's facts read, in the order a group keeps them; the
    other fields say which of them each fact reads (1-based, as SQL arrays are)."""
    keys: list[str] = []

    def slot(key: str) -> int:
        if key not in keys:
            keys.append(key)
        return keys.index(key) + 1

    # Each condition's values are a slice of one array: SQL arrays cannot be ragged.
    values: list[str] = []
    bounds: list[tuple[int | None, int | None]] = []
    for multi in plan.multis:
        if multi.show_if is None:
            bounds.append((None, None))
        else:
            start = len(values) + 1
            values.extend(multi.show_if.values)
            bounds.append((start, len(values)))
    return {
        "version_id": version_id,
        "segment_names": [ANSWER_SEGMENT_PREFIX + key for key in plan.segments],
        "segment_slots": [slot(key) for key in plan.segments],
        "single_keys": list(plan.singles),
        "single_slots": [slot(key) for key in plan.singles],
        "multi_keys": [multi.key for multi in plan.multis],
        "multi_slots": [slot(multi.key) for multi in plan.multis],
        "show_slots": [
            None if multi.show_if is None else slot(multi.show_if.question) for multi in plan.multis
        ],
        "show_from": [low for low, _high in bounds],
        "show_to": [high for _low, high in bounds],
        "show_values": values,
        "pair_questions": [f"{a}{PAIR_SEPARATOR}{b}" for a, b in plan.pairs],
        "pair_first": [slot(a) for a, _b in plan.pairs],
        "pair_second": [slot(b) for _a, b in plan.pairs],
        "keys": keys,
    }


PLANS = f"{SHARED_PREFIX}plans"
PLAN_COLUMNS = """version_id bigint, keys text[], segment_names text[], segment_slots int[],
    single_keys text[], single_slots int[], multi_keys text[], multi_slots int[],
    show_slots int[], show_from int[], show_to int[], show_values text[],
    pair_questions text[], pair_first int[], pair_second int[]"""


def _scalar(answer: str, limit: int) -> str:
    """An answer as rollup text, NULL for none: what `facts._text` returns as ""."""
    return (
        f"NULLIF(left(CASE WHEN jsonb_typeof({answer}) IN ('string', 'number') "
        f"THEN {answer} #>> '{{}}' END, {limit}), '')"
    )


def _case(branches: Sequence[tuple[str, str]], otherwise: str) -> str:
    whens = " ".join(f"WHEN {condition} THEN {result}" for condition, result in branches)
    return f"CASE {whens} ELSE {otherwise} END" if whens else otherwise


# Counting -----------------------------------------------------------------------------------

GRAIN = "organization_id, survey_id, {period}, survey_version_id, channel, language"


def group_responses(cursor: Cursor, plans: Plans, share: Share, blocks: int) -> int:
    """Group the share's counted responses by all their facts depend on; return how many.

    Each group also records the share that will count its facts."""
    answers = ", ".join(f"r.answers -> k.keys[{i}]" for i in range(1, plans.answers + 1))
    page = "split_part(split_part(r.page_url, '#', 1), '?', 1)"
    cursor.execute(
        f"""{share.create("groups")}
SELECT g.*, {share.of("g.survey_id", "g.day")} AS share FROM (
    SELECT r.organization_id, r.survey_id, (r.created_at AT TIME ZONE 'UTC')::date AS day,
           r.survey_version_id, r.channel, r.language,
           NULLIF(left({page}, {SEGMENT_VALUE_LENGTH}), '') AS page,
           ARRAY[{answers}]::jsonb[] AS answers, count(*) AS n
    FROM {RESPONSES} AS r JOIN jsonb_to_recordset(%s::jsonb) AS k({PLAN_COLUMNS})
        ON k.version_id = r.survey_version_id
    WHERE NOT r.is_spam AND NOT r.is_flagged AND NOT r.is_deleted AND {share.pages(blocks)}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
) AS g""",
        [plans.rows],
    )
    cursor.execute(f"SELECT coalesce(sum(n), 0) FROM {share.table('groups')}")
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def count_facts(cursor: Cursor, plans: Plans, share: Share) -> None:
    """Count the facts of the share's groups into day and month rows, and keep where they
    differ from the rollup tables."""
    every = " UNION ALL ".join(
        f"SELECT * FROM {share.table('groups', i)}" for i in range(share.count)
    )
    groups, days, months = (f"{SHARED_PREFIX}{name}" for name in ("mine", "days", "months"))
    cursor.execute(
        f"CREATE TEMPORARY TABLE {groups} ON COMMIT DROP AS "
        f"SELECT * FROM ({every}) AS g WHERE share = {share.index}"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE {PLANS} ON COMMIT DROP AS "
        f"SELECT * FROM jsonb_to_recordset(%s::jsonb) AS k({PLAN_COLUMNS})",
        [plans.rows],
    )
    cursor.execute(f"SELECT DISTINCT survey_version_id FROM {groups}")
    present = sorted(int(version_id) for (version_id,) in cursor.fetchall())
    by_shape: dict[Shape, list[int]] = {}
    by_pairs: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for version_id in present:
        by_shape.setdefault(plans.shapes[version_id], []).append(version_id)
        if version_id in plans.pairs:
            by_pairs.setdefault(plans.pairs[version_id], []).append(version_id)
    selects: list[str] = []
    params: Params = []
    items = [f"{SHARED_PREFIX}items_{n}" for n in range(len(by_shape))]
    for (shape, version_ids), chosen in zip(by_shape.items(), items, strict=True):
        first, then = _day_selects(groups, shape, chosen)
        for sql in first:
            cursor.execute(sql, [version_ids])
        for sql in then:
            selects.append(sql)
            params.append(version_ids)
    day_columns = f"{GRAIN.format(period='day')}, segment, segment_value, kind, question, value"
    if not selects:
        selects.append(f"SELECT {day_columns}, 0::bigint AS count FROM {DAYS} WHERE FALSE")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {days} ON COMMIT DROP AS {' UNION ALL '.join(selects)}",
        params,
    )
    month = "date_trunc('month', day::timestamp)::date"
    selects = [
        f"SELECT {GRAIN.format(period=month + ' AS month')}, segment, segment_value, kind, "
        f"question, value, sum(count)::bigint AS count FROM {days} "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"
    ]
    params = []
    if by_pairs:
        paired = f"{SHARED_PREFIX}paired"
        # Pairs are kept by month only: groups that differ by day or page count as one.
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {paired} ON COMMIT DROP AS
SELECT {GRAIN.format(period=month + " AS month")}, answers, sum(n)::bigint AS n
FROM {groups} WHERE survey_version_id = ANY(%s) GROUP BY 1, 2, 3, 4, 5, 6, 7""",
            [sorted(plans.pairs.keys() & set(present))],
        )
        for positions, version_ids in by_pairs.items():
            selects.append(_pair_select(paired, positions))
            params.append(version_ids)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {months} ON COMMIT DROP AS {' UNION ALL '.join(selects)}",
        params,
    )
    for table, new, period in ((DAYS, days, "day"), (MONTHS, months, "month")):
        key = KEY.format(period=period).split(", ")
        matched = " AND ".join(f"o.{column} = n.{column}" for column in key)
        new_key = ", ".join(f"n.{column}" for column in key)
        # Rows to delete have no new key; rows to insert no old id.
        cursor.execute(
            f"""{share.create(period)}
SELECT o.id AS old_id, n.organization_id, {new_key}, n.count
FROM {new} AS n FULL JOIN (
    SELECT * FROM {table} WHERE {share.of("survey_id", period)} = {share.index}
) AS o ON {matched}
WHERE o.id IS NULL OR n.survey_id IS NULL OR o.count <> n.count
    OR o.organization_id <> n.organization_id
ORDER BY {new_key}"""
        )
        if share.shared:  # the main connection plans its statements on these
            cursor.execute(f"ANALYZE {share.table(period)}")
    cursor.execute(f"DROP TABLE {groups}, {PLANS}, {days}, {months}")
    cursor.execute(f"DROP TABLE IF EXISTS {', '.join([f'{SHARED_PREFIX}paired', *items])}")


def _day_selects(groups: str, shape: Shape, items: str) -> tuple[list[str], list[str]]:
    """Statements to run first (each binding the shape's version ids), and SELECTs of the
    day rows of one shape's versions (each binding them too).

    A group yields a fact for every segment it falls in and every answer it counts; rather
    than expanding groups into facts and counting those, each (segment, fact) pair is a
    grouping set, so one pass of a hash aggregate counts them all. Checkbox choices, of
    which a group may have any number, are expanded first, into a table of their own: the
    planner cannot tell how many there will be, and would sort them rather than hash.
    """
    segments = [f"segment_{i}" for i in range(1, shape.segments + 1)]
    singles = [f"single_{j}" for j in range(1, shape.singles + 1)]
    shown = [f"shown_{m}" for m in range(1, shape.multis + 1)]
    answer = "g.answers[k.{slots}[{i}]]"
    computed = [
        *(
            f"{_scalar(answer.format(slots='segment_slots', i=i), SEGMENT_VALUE_LENGTH)} AS {s}"
            for i, s in enumerate(segments, 1)
        ),
        *(
            f"{_scalar(answer.format(slots='single_slots', i=j), VALUE_LENGTH)} AS {s}"
            for j, s in enumerate(singles, 1)
        ),
        *(f"{_shown(m)} AS {s}" for m, s in enumerate(shown, 1)),
    ]
    source = (
        f"SELECT g.*, k.multi_keys, k.multi_slots{''.join(', ' + c for c in computed)} "
        f"FROM {groups} AS g JOIN {PLANS} AS k ON k.version_id = g.survey_version_id "
        "WHERE g.survey_version_id = ANY(%s)"
    )
    grain = GRAIN.format(period="day")
    where = ["page", *segments]
    segment = _case(
        [
            ("a.by_page = 0", f"'{PAGE_SEGMENT}'"),
            *((f"a.by_{s} = 0", f"k.segment_names[{i}]") for i, s in enumerate(segments, 1)),
        ],
        "''",
    )
    segment_value = _case(
        [(f"a.by_{column} = 0", f"a.{column}") for column in where],
        "''",
    )
    facts = [*singles, *shown]
    by = ", ".join(f"GROUPING({column}) AS by_{column}" for column in [*where, *facts])
    sets = ", ".join(
        "(" + ", ".join(c for c in (s, f) if c) + ")" for s in ["", *where] for f in ["", *facts]
    )
    kind = _case(
        [(f"a.by_{c} = 0", "'choice'") for c in singles]
        + [(f"a.by_{c} = 0", "'shown'") for c in shown],
        "'n'",
    )
    question = _case(
        [(f"a.by_{c} = 0", f"k.single_keys[{j}]") for j, c in enumerate(singles, 1)]
        + [(f"a.by_{c} = 0", f"k.multi_keys[{m}]") for m, c in enumerate(shown, 1)],
        "''",
    )
    value = _case([(f"a.by_{c} = 0", f"a.{c}") for c in facts], "''")
    counted = f"""
SELECT * FROM (
    SELECT a.{grain.replace(", ", ", a.")}, {segment} AS segment,
        {segment_value} AS segment_value, {kind} AS kind, {question} AS question,
        {value} AS value, a.count
    FROM (
        SELECT {grain}, {", ".join([*where, *facts])}, {by}, sum(n)::bigint AS count
        FROM ({source}) AS g
        GROUP BY {grain}, GROUPING SETS ({sets})
    ) AS a JOIN {PLANS} AS k ON k.version_id = a.survey_version_id
) AS f WHERE segment_value IS NOT NULL AND value IS NOT NULL"""
    if not shape.multis:
        return [], [counted]
    chosen = "CASE WHEN jsonb_typeof(g.answers[x.slot]) = 'array' THEN g.answers[x.slot] END"
    expand = f"""CREATE TEMPORARY TABLE {items} ON COMMIT DROP AS
SELECT {grain}, {", ".join(where)}, x.question, x.value, n
FROM ({source}) AS g CROSS JOIN LATERAL (
    SELECT x.key, jsonb_array_elements_text({chosen})
    FROM unnest(g.multi_keys, g.multi_slots) AS x(key, slot)
) AS x(question, value)
WHERE x.value IS NOT NULL"""
    item_sets = ", ".join("(" + s + ")" for s in ["", *where])
    by = ", ".join(f"GROUPING({column}) AS by_{column}" for column in where)
    chosen_items = f"""
SELECT * FROM (
    SELECT a.{grain.replace(", ", ", a.")}, {segment} AS segment,
        {segment_value} AS segment_value, 'choice' AS kind, a.question, a.value, a.count
    FROM (
        SELECT {grain}, {", ".join(where)}, question, value, {by}, sum(n)::bigint AS count
        FROM {items} WHERE survey_version_id = ANY(%s)
        GROUP BY {grain}, question, value, GROUPING SETS ({item_sets})
    ) AS a JOIN {PLANS} AS k ON k.version_id = a.survey_version_id
) AS f WHERE segment_value IS NOT NULL"""
    return [expand], [counted, chosen_items]


def _shown(multi: int) -> str:
    """'' when the group was shown its version's checkbox question `multi`, else NULL."""
    answer = f"g.answers[k.show_slots[{multi}]]"
    values = f"k.show_values[k.show_from[{multi}]:k.show_to[{multi}]]"
    return (
        f"CASE WHEN k.show_slots[{multi}] IS NULL OR {answer} #>> '{{}}' = ANY({values}) "
        f"OR (jsonb_typeof({answer}) = 'array' AND {answer} ?| {values}) THEN '' END"
    )


def _pair_select(paired: str, positions: tuple[tuple[int, int], ...]) -> str:
    """The month rows of pairs of one set of versions whose pairs read the same answers."""
    used = sorted({slot for pair in positions for slot in pair})
    computed = ", ".join(
        f"{_scalar(f'g.answers[{slot}]', VALUE_LENGTH)} AS answer_{slot}" for slot in used
    )
    grain = GRAIN.format(period="month")
    answers = ", ".join(f"answer_{slot}" for slot in used)
    sets = ", ".join(f"(answer_{a}, answer_{b})" for a, b in positions)
    by = ", ".join(f"GROUPING(answer_{slot}) AS by_{slot}" for slot in used)
    question = _case(
        [
            (f"a.by_{a} = 0 AND a.by_{b} = 0", f"k.pair_questions[{i}]")
            for i, (a, b) in enumerate(positions, 1)
        ],
        "NULL",
    )
    value = _case(
        [
            (
                f"a.by_{a} = 0 AND a.by_{b} = 0",
                f"a.answer_{a} || '{PAIR_SEPARATOR}' || a.answer_{b}",
            )
            for a, b in positions
        ],
        "NULL",
    )
    return f"""
SELECT * FROM (
    SELECT a.{grain.replace(", ", ", a.")}, '' AS segment, '' AS segment_value,
        'pair' AS kind, {question} AS question, {value} AS value, a.count
    FROM (
        SELECT {grain}, {answers}, {by}, sum(n)::bigint AS count
        FROM (SELECT g.*, {computed} FROM {paired} AS g WHERE g.survey_version_id = ANY(%s)) AS g
        GROUP BY {grain}, GROUPING SETS ({sets})
    ) AS a JOIN {PLANS} AS k ON k.version_id = a.survey_version_id
) AS f WHERE value IS NOT NULL"""


def apply_shares(cursor: Cursor, shares: Sequence[Share]) -> None:
    """Make the rollup tables what the shares' counts found."""
    for table, period in ((DAYS, "day"), (MONTHS, "month")):
        found = " UNION ALL ".join(f"SELECT * FROM {share.table(period)}" for share in shares)
        key = KEY.format(period=period)
        columns = COLUMNS.format(key=key)
        cursor.execute(
            f"DELETE FROM {table} AS t USING ({found}) AS d "
            "WHERE t.id = d.old_id AND d.survey_id IS NULL"
        )
        cursor.execute(
            f"UPDATE {table} AS t SET count = d.count, organization_id = d.organization_id "
            f"FROM ({found}) AS d WHERE t.id = d.old_id AND d.survey_id IS NOT NULL"
        )
        # The differences are stored in the order of the unique key (and read in the order
        # stored), so that each index is written page after page rather than all over.
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ({found}) AS d "
            "WHERE old_id IS NULL"
        )
