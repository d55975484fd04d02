"""Records to validated rows, a batch at a time: the only rows ever held in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from govcx.standards.imports.formats import Record, RecordOrError
from govcx.standards.imports.problems import ErrorSink, RowError

# Large enough that a batch costs a handful of queries, small enough to hold without thought.
BATCH_ROWS = 5_000

Row = TypeVar("Row")


def valid_rows(
    records: Iterable[RecordOrError],
    rule: Callable[[Record], Row | list[RowError]],
    errors: ErrorSink,
    *,
    on_record: Callable[[Record], object] | None = None,
) -> Iterator[Row]:
    """The rows that pass `rule`; every problem goes to `errors` and reading carries on."""
    for item in records:
        if isinstance(item, RowError):
            errors.add(item)
            continue
        if on_record is not None:
            on_record(item)
        outcome = rule(item)
        if isinstance(outcome, list):
            errors.extend(outcome)
        else:
            yield outcome


def batched(rows: Iterable[Row], size: int = BATCH_ROWS) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
