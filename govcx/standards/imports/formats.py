"""CSV, JSON Lines and JSON arrays, all turned into the same records: a line and text cells.

JSON values become the text a CSV cell would hold (`12` → "12", null → ""), so one set of
field rules checks every format and the messages read the same whichever format was sent.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath
from typing import Any, NoReturn

from govcx.standards.imports.problems import ImportAbortedError, RowError
from govcx.standards.imports.text import (
    MAX_LINE_CHARS,
    ProgressCallback,
    Readable,
    decoded_chunks,
    text_lines,
)


class DataFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    JSON = "json"  # one array of objects


EXTENSIONS = {
    ".csv": DataFormat.CSV,
    ".jsonl": DataFormat.JSONL,
    ".ndjson": DataFormat.JSONL,
    ".json": DataFormat.JSON,
}


def format_from_name(name: str) -> DataFormat | None:
    return EXTENSIONS.get(PurePath(name).suffix.lower())


@dataclass(frozen=True)
class Layout:
    """The fields of one kind of file: the CSV header, and JSON fields that hold lists."""

    columns: tuple[str, ...]
    list_fields: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return ",".join(self.columns)


@dataclass(frozen=True, slots=True)
class Record:
    line: int
    cells: dict[str, str]
    lists: dict[str, list[Any]] = field(default_factory=dict)  # only those given


RecordOrError = Record | RowError


def read_records(
    source: Readable,
    data_format: DataFormat,
    layout: Layout,
    on_progress: ProgressCallback | None = None,
) -> Iterator[RecordOrError]:
    chunks = decoded_chunks(source, on_progress)
    if data_format is DataFormat.JSON:
        return json_array_records(chunks, layout)
    lines = text_lines(chunks)
    if data_format is DataFormat.CSV:
        return csv_records(lines, layout)
    return jsonl_records(lines, layout)


# CSV ---------------------------------------------------------------------------------------


def csv_records(lines: Iterator[str], layout: Layout) -> Iterator[RecordOrError]:
    reader = csv.reader(lines, strict=True)
    _check_header(_first_row(reader), layout)
    finished = reader.line_num  # the reader counts physical lines, so a quoted newline counts
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield RowError(finished + 1, None, f"This line is not valid CSV: {error}.")
            finished = reader.line_num
            continue
        line, finished = finished + 1, reader.line_num
        if values:  # an empty line, often the last one, holds no record
            yield _csv_record(line, values, layout)


def _first_row(reader: Iterator[list[str]]) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as error:
        raise ImportAbortedError(
            RowError(1, None, f"The header is not valid CSV: {error}.")
        ) from None


def _check_header(found: list[str] | None, layout: Layout) -> None:
    if not found:
        raise ImportAbortedError(
            RowError(1, None, f"The first line must be the header {layout.header} but is empty.")
        )
    names = [name.strip() for name in found]
    if names == list(layout.columns):
        return
    missing = [name for name in layout.columns if name not in names]
    unexpected = [name for name in names if name not in layout.columns]
    message = f"The header must be exactly {layout.header} but is {','.join(names)}"
    if missing:
        message += f"; missing: {', '.join(missing)}"
    if unexpected:
        message += f"; not expected: {', '.join(unexpected)}"
    if not missing and not unexpected:
        message += "; the columns are in another order"
    raise ImportAbortedError(RowError(1, None, message + "."))


def _csv_record(line: int, values: list[str], layout: Layout) -> RecordOrError:
    if len(values) != len(layout.columns):
        return RowError(
            line,
            None,
            f"Expected {len(layout.columns)} values separated by commas, found {len(values)}.",
        )
    return Record(line, dict(zip(layout.columns, values, strict=True)))


# JSON objects ------------------------------------------------------------------------------


class JsonObject(dict[str, Any]):
    """A JSON object that remembers keys it was given twice (json keeps only the last)."""

    repeated: list[str]


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> JsonObject:
    result = JsonObject()
    result.repeated = []
    for key, value in pairs:
        if key in result:
            result.repeated.append(key)
        result[key] = value
    return result


DECODER = json.JSONDecoder(object_pairs_hook=_object_from_pairs)


def json_record(line: int, value: object, layout: Layout) -> RecordOrError | list[RowError]:
    """One JSON object as a record, or what is wrong with it."""
    if not isinstance(value, JsonObject):
        return RowError(
            line, None, 'Each record must be a JSON object, such as {"external_id": …}.'
        )
    errors = [RowError(line, key, "This field is given twice.") for key in value.repeated]
    errors += [
        RowError(line, key, f"Unknown field; the fields are {', '.join(_field_names(layout))}.")
        for key in value
        if key not in layout.columns and key not in layout.list_fields
    ]
    cells: dict[str, str] = {}
    for column in layout.columns:
        text = cell_text(value.get(column))
        if text is None:
            errors.append(
                RowError(line, column, "Give text or a number here, not a list or true/false.")
            )
        else:
            cells[column] = text
    lists = {name: value[name] for name in layout.list_fields if value.get(name) is not None}
    errors += [
        RowError(line, name, "Give a list, such as [{…}, {…}].")
        for name, given in lists.items()
        if not isinstance(given, list)
    ]
    return errors or Record(line, cells, lists)


def _field_names(layout: Layout) -> tuple[str, ...]:
    return layout.columns + layout.list_fields


def cell_text(value: object) -> str | None:
    """What a CSV cell would hold for this JSON value; None for values no cell could hold."""
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


# JSON Lines --------------------------------------------------------------------------------


def jsonl_records(lines: Iterator[str], layout: Layout) -> Iterator[RecordOrError]:
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = DECODER.decode(text)
        except json.JSONDecodeError as error:
            yield RowError(
                line, None, f"This line is not valid JSON: {error.msg} at character {error.colno}."
            )
            continue
        yield from _as_iterable(json_record(line, value, layout))


def _as_iterable(outcome: RecordOrError | list[RowError]) -> list[RecordOrError]:
    return list(outcome) if isinstance(outcome, list) else [outcome]


# A JSON array ------------------------------------------------------------------------------


def json_array_records(chunks: Iterator[str], layout: Layout) -> Iterator[RecordOrError]:
    """The objects of `[{…}, {…}]`, decoded one at a time so the array is never held whole."""
    cursor = _JsonCursor(chunks)
    cursor.expect("[", "The body must be a JSON array of objects, such as [{…}, {…}].")
    if cursor.peek() == "]":
        cursor.advance(1)
    else:
        yield from _array_items(cursor, layout)
    if cursor.peek() != "":
        cursor.fail("Nothing may follow the array's closing ].")


def _array_items(cursor: _JsonCursor, layout: Layout) -> Iterator[RecordOrError]:
    while True:
        if cursor.peek() != "{":
            cursor.fail('Each item of the array must be a JSON object, such as {"external_id": …}.')
        line, value = cursor.decode_object()
        yield from _as_iterable(json_record(line, value, layout))
        following = cursor.peek()
        cursor.advance(1)
        if following == "]":
            return
        if following != ",":
            cursor.fail("Expected a comma or the closing ] after an item of the array.")


class _JsonCursor:
    """A position in a stream of text, keeping only the text not yet decoded."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._text = ""
        self._position = 0
        self.line = 1  # the line of `_position`

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end."""
        while True:
            while self._position < len(self._text) and self._text[self._position] in " \t\r\n":
                self.advance(1)
            if self._position < len(self._text):
                return self._text[self._position]
            if not self._read_more():
                return ""

    def expect(self, character: str, message: str) -> None:
        if self.peek() != character:
            self.fail(message)
        self.advance(1)

    def advance(self, count: int) -> None:
        end = self._position + count
        self.line += self._text.count("\n", self._position, end)
        self._position = end

    def decode_object(self) -> tuple[int, Any]:
        line = self.line
        while True:
            try:
                value, end = DECODER.raw_decode(self._text, self._position)
            except json.JSONDecodeError as error:
                if len(self._text) - self._position < MAX_LINE_CHARS and self._read_more():
                    continue  # most likely the object goes on in the next chunk
                self._fail_at(error)
            self.advance(end - self._position)
            return line, value

    def fail(self, message: str) -> NoReturn:
        raise ImportAbortedError(RowError(self.line, None, message))

    def _fail_at(self, error: json.JSONDecodeError) -> NoReturn:
        too_long = len(self._text) - self._position >= MAX_LINE_CHARS
        self.advance(error.pos - self._position)
        if too_long:
            self.fail(f"This item is longer than a million characters, or not JSON: {error.msg}.")
        self.fail(f"This is not valid JSON: {error.msg}.")

    def _read_more(self) -> bool:
        chunk = next(self._chunks, None)
        if chunk is None:
            return False
        self._text = self._text[self._position :] + chunk
        self._position = 0
        return True
