"""Finding an external ID used on two lines of a file, however long the file is.

Keeping every ID in memory would make memory grow with the file, so each (ID, line) goes to a
temporary table and the database sorts them. The table belongs to the import's transaction
on the import's connection: no one else sees it, and it is dropped when the import ends (a
rolled-back import takes it away with everything else).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

# Written out in full rather than formatted, so no text from a file ever reaches the SQL.
DROP = "DROP TABLE govcx_import_keys"
CREATE = (
    "CREATE TEMPORARY TABLE govcx_import_keys (external_id text NOT NULL, line bigint NOT NULL)"
)
INSERT = "INSERT INTO govcx_import_keys (external_id, line) VALUES (%s, %s)"
# PostgreSQL binds two arrays far faster than thousands of separate parameters.
INSERT_ARRAYS = (
    "INSERT INTO govcx_import_keys (external_id, line) "
    "SELECT * FROM unnest(%s::text[], %s::bigint[])"
)
FIRST_REPEATS = """
    SELECT line, first_line FROM (
        SELECT line, MIN(line) OVER (PARTITION BY external_id) AS first_line FROM govcx_import_keys
    ) AS keyed
    WHERE line <> first_line
    ORDER BY line
    LIMIT %s
"""
REPEAT_COUNT = "SELECT COUNT(*) - COUNT(DISTINCT external_id) FROM govcx_import_keys"

FLUSH_ROWS = 5_000


@dataclass(frozen=True)
class Repeats:
    """The earliest repeats as (line, line the ID was first on), and how many there are."""

    earliest: list[tuple[int, int]]
    count: int


class KeyLedger:
    def __init__(self) -> None:
        self._pending: list[tuple[str, int]] = []

    def add(self, external_id: str, line: int) -> None:
        self._pending.append((external_id, line))
        if len(self._pending) >= FLUSH_ROWS:
            self._flush()

    def repeats(self, limit: int) -> Repeats:
        self._flush()
        with connection.cursor() as cursor:
            cursor.execute(REPEAT_COUNT)
            count = int(cursor.fetchone()[0])
            if not count:
                return Repeats([], 0)
            cursor.execute(FIRST_REPEATS, [limit])
            earliest = [(int(line), int(first)) for line, first in cursor.fetchall()]
        return Repeats(earliest, count)

    def _flush(self) -> None:
        if not self._pending:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                external_ids, lines = zip(*self._pending, strict=True)
                cursor.execute(INSERT_ARRAYS, [list(external_ids), list(lines)])
            else:
                cursor.executemany(INSERT, self._pending)
        self._pending = []


@contextmanager
def key_ledger() -> Iterator[KeyLedger]:
    """A ledger for one file; call inside the import's transaction. If the import stops with
    an exception, the transaction's rollback removes the table."""
    with connection.cursor() as cursor:
        cursor.execute(CREATE)
    yield KeyLedger()
    with connection.cursor() as cursor:
        cursor.execute(DROP)
