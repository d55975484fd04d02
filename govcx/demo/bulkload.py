"""Loading many rows into PostgreSQL: set secondary indexes and foreign keys aside, then restore.

Keeping eight secondary indexes current row by row, and checking four deferred foreign keys
one row at a time at commit, costs PostgreSQL far more than building each index once by
sorting and checking each foreign key with one join. For a large load into a table that
holds fewer rows than are coming, `secondary_indexes_set_aside` drops the table's
non-constraint indexes and its foreign-key constraints, and recreates them afterwards from
the exact definitions PostgreSQL reported before the drop (same names, same options).

The primary key and unique constraints stay in place throughout, so uniqueness is enforced
while rows arrive. Everything happens inside the caller's transaction: if the load fails,
the rollback brings back the dropped indexes and constraints with the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

# Below this many rows the indexes are kept; dropping and rebuilding them is not worth it.
SET_ASIDE_MIN_ROWS = 50_000
# Sorting memory for the index builds, for this transaction only.
MAINTENANCE_WORK_MEM = "256MB"

FOREIGN_KEYS_SQL = """
    SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', c.conrelid::regclass, c.conname),
           format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s',
                  c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
    FROM pg_constraint c
    WHERE c.conrelid = %s::regclass AND c.contype = 'f'
    ORDER BY c.conname
"""
# Indexes that back no constraint: constraint indexes (primary key, unique) are kept.
INDEXES_SQL = """
    SELECT format('DROP INDEX %%I.%%I', n.nspname, i.relname), pg_get_indexdef(i.oid)
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = i.relnamespace
    WHERE x.indrelid = %s::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
    ORDER BY i.relname
"""
ESTIMATED_ROWS_SQL = "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass"


@dataclass(frozen=True)
class SetAside:
    """One index or constraint: how to drop it and how to create it again."""

    drop: str
    restore: str


def set_aside_definitions(table: str) -> list[SetAside]:
    """The table's foreign keys and non-constraint indexes, as PostgreSQL defines them now."""
    definitions: list[SetAside] = []
    with connection.cursor() as cursor:
        for query in (FOREIGN_KEYS_SQL, INDEXES_SQL):
            cursor.execute(query, [connection.ops.quote_name(table)])
            definitions.extend(SetAside(drop, restore) for drop, restore in cursor.fetchall())
    return definitions


def worth_setting_aside(table: str, incoming_rows: int) -> bool:
    """A big load into a table that is empty or small next to it (PostgreSQL only)."""
    if connection.vendor != "postgresql" or incoming_rows < SET_ASIDE_MIN_ROWS:
        return False
    with connection.cursor() as cursor:
        cursor.execute(ESTIMATED_ROWS_SQL, [connection.ops.quote_name(table)])
        row = cursor.fetchone()
    existing = int(row[0]) if row else 0
    return existing <= incoming_rows


@contextmanager
def secondary_indexes_set_aside(table: str, *, enabled: bool = True) -> Iterator[list[SetAside]]:
    """Drop the table's secondary indexes and foreign keys for the block, then restore them.

    Yields what was set aside (empty when `enabled` is false). Must run in a transaction.
    """
    if not enabled:
        yield []
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Indexes may be set aside only inside a transaction.")
    definitions = set_aside_definitions(table)
    with connection.cursor() as cursor:
        # Rows written earlier in this transaction have deferred foreign-key checks pending,
        # and PostgreSQL alters no table with pending checks: run them now, then defer again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for definition in definitions:
            cursor.execute(definition.drop)
    yield definitions
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        # Indexes first: the foreign-key checks that follow can then use them.
        for definition in reversed(definitions):
            cursor.execute(definition.restore)
