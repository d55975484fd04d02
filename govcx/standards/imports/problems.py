"""What goes wrong in an import, said by physical line and column name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

# Enough to fix a file in one pass; a broken export would otherwise print a million lines.
REPORTED_ERRORS = 100


@dataclass(frozen=True)
class RowError:
    """One problem: the file's physical line (the header is line 1), the column, the message.

    `column` is None when the problem is about the whole line, such as a wrong number of values.
    `file` names the second file of an import that reads two (cases and their status changes);
    it is empty for the main file.
    """

    line: int
    column: str | None
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.file else f"line {self.line}"
        if self.column is not None:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportAbortedError(Exception):
    """A problem after which the rest of the file cannot be read: a wrong header, bytes that
    are not UTF-8, a broken JSON array."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


class ErrorSink(Protocol):
    def add(self, error: RowError) -> None: ...

    def extend(self, errors: Iterable[RowError]) -> None: ...

    def merge_sorted(self, earliest: list[RowError], count: int) -> None: ...


class ErrorLog:
    """Counts every error and keeps the first `limit` in line order."""

    def __init__(self, limit: int = REPORTED_ERRORS) -> None:
        self.limit = limit
        self.count = 0
        self._kept: list[RowError] = []

    def __bool__(self) -> bool:
        return self.count > 0

    def add(self, error: RowError) -> None:
        self.count += 1
        if len(self._kept) < self.limit:
            self._kept.append(error)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error)

    def merge_sorted(self, earliest: list[RowError], count: int) -> None:
        """Add errors found after the file was read: the earliest `limit` of them in line
        order, and how many there are in all.

        The kept errors are the earliest of their kind too, so the earliest `limit` of both
        lists are the earliest `limit` of all.
        """
        self.count += count
        self._kept = _in_line_order(self._kept + earliest[: self.limit])[: self.limit]

    @property
    def shown(self) -> list[RowError]:
        return _in_line_order(self._kept)


def _in_line_order(errors: list[RowError]) -> list[RowError]:
    """The main file first, then by line; on one line, in the order found (column order)."""
    return sorted(errors, key=lambda error: (error.file != "", error.line))
