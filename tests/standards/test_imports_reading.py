"""Reading import files without a database: decoding, line numbers, formats, repeats, caps."""

from __future__ import annotations

import io

import pytest

from govcx.standards.imports.formats import (
    DataFormat,
    Layout,
    Record,
    format_from_name,
    read_records,
)
from govcx.standards.imports.problems import ErrorLog, ImportAbortedError, RowError
from govcx.standards.imports.text import decoded_chunks, text_lines

LAYOUT = Layout(columns=("external_id", "note"), list_fields=("status_changes",))


class Trickle:
    """A stream that hands out a few bytes at a time, as a slow network would."""

    def __init__(self, data: bytes, step: int = 1) -> None:
        self.stream = io.BytesIO(data)
        self.step = step

    def read(self, size: int = -1, /) -> bytes:
        return self.stream.read(min(size, self.step))


def records(data: bytes, data_format: DataFormat = DataFormat.CSV, step: int = 7) -> list[object]:
    return list(read_records(Trickle(data, step), data_format, LAYOUT))


def aborted(data: bytes, data_format: DataFormat = DataFormat.CSV, step: int = 7) -> RowError:
    with pytest.raises(ImportAbortedError) as caught:
        records(data, data_format, step)
    return caught.value.error


# Decoding ----------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [1, 2, 3, 5, 64 * 1024])
def test_characters_split_across_reads_decode_whole(step: int) -> None:
    text = "external_id,note\nx,café 😀 ünïcödé\n"
    data = b"\xef\xbb\xbf" + text.encode()
    assert "".join(decoded_chunks(Trickle(data, step))) == text


def test_latin_1_bytes_name_the_line_and_byte() -> None:
    data = "external_id,note\nok,fine\nx,café\n".encode("latin-1")
    error = aborted(data, step=4)
    assert (error.line, error.column) == (3, None)
    assert "byte 6 of this line (0xE9)" in error.message
    assert "not UTF-8" in error.message


def test_a_character_cut_short_by_the_end_of_the_file_is_reported() -> None:
    error = aborted(b"external_id,note\nx,caf\xc3")
    assert error.line == 2
    assert "byte 6" in error.message


def test_a_lone_partial_byte_order_mark_is_not_text() -> None:
    with pytest.raises(ImportAbortedError):
        list(decoded_chunks(io.BytesIO(b"\xef\xbb")))


def test_lines_keep_their_endings_so_they_can_be_counted() -> None:
    lines = list(text_lines(iter(["a\r\nb", "\nc"])))
    assert lines == ["a\r\n", "b\n", "c"]


# CSV ---------------------------------------------------------------------------------------


def test_line_numbers_are_physical_lines_even_with_a_quoted_newline() -> None:
    data = b'external_id,note\r\na,"two\r\nlines"\r\n\r\nb,\r\n'
    found = records(data)
    assert found == [
        Record(2, {"external_id": "a", "note": "two\r\nlines"}),
        Record(5, {"external_id": "b", "note": ""}),
    ]


def test_a_row_with_the_wrong_number_of_values_is_one_error_for_its_line() -> None:
    found = records(b"external_id,note\na,b,c\nd,e\n")
    assert found[0] == RowError(2, None, "Expected 2 values separated by commas, found 3.")
    assert found[1] == Record(3, {"external_id": "d", "note": "e"})


def test_broken_quoting_is_reported_and_reading_goes_on() -> None:
    found = records(b'external_id,note\na,"x"y\nb,c\n')
    assert isinstance(found[0], RowError)
    assert found[0].line == 2
    assert "not valid CSV" in found[0].message
    assert found[1] == Record(3, {"external_id": "b", "note": "c"})


def test_a_wrong_header_names_what_was_expected_and_found() -> None:
    error = aborted(b"id,note,extra\n1,2,3\n")
    assert (error.line, error.column) == (1, None)
    assert "must be exactly external_id,note but is id,note,extra" in error.message
    assert "missing: external_id" in error.message
    assert "not expected: id, extra" in error.message


def test_a_header_in_another_order_says_so() -> None:
    assert "in another order" in aborted(b"note,external_id\n").message


def test_an_empty_file_asks_for_the_header() -> None:
    assert "must be the header external_id,note" in aborted(b"").message


def test_an_overlong_line_stops_the_read() -> None:
    data = b"external_id,note\n" + b"x" * (1024 * 1024 + 10)
    error = aborted(data, step=64 * 1024)
    assert error.line == 2
    assert "longer than a million characters" in error.message


# JSON Lines and JSON arrays ------------------------------------------------------------------


def test_json_lines_become_text_cells_and_lists() -> None:
    data = (
        b'{"external_id": "a", "note": 12}\n\n'
        b'{"external_id": "b", "note": null, "status_changes": [{"status": "open"}]}\n'
    )
    assert records(data, DataFormat.JSONL) == [
        Record(1, {"external_id": "a", "note": "12"}),
        Record(3, {"external_id": "b", "note": ""}, {"status_changes": [{"status": "open"}]}),
    ]


def test_json_lines_problems_name_their_line_and_field() -> None:
    data = (
        b'{"external_id": "a", "colour": "red"}\n'
        b'{"external_id": "b", "external_id": "c"}\n'
        b"[1, 2]\n"
        b'{"external_id": true, "status_changes": "no"}\n'
        b'{"external_id": "a",\n'
    )
    found = records(data, DataFormat.JSONL)
    assert [(error.line, error.column) for error in found if isinstance(error, RowError)] == [
        (1, "colour"),
        (2, "external_id"),
        (3, None),
        (4, "external_id"),
        (4, "status_changes"),
        (5, None),
    ]


def test_a_json_array_gives_each_object_the_line_it_starts_on() -> None:
    data = b'[\n  {"external_id": "a"},\n  {\n    "external_id": "b"\n  }\n]\n'
    assert records(data, DataFormat.JSON, step=3) == [
        Record(2, {"external_id": "a", "note": ""}),
        Record(3, {"external_id": "b", "note": ""}),
    ]


def test_a_one_line_json_array_longer_than_a_line_may_be_is_read_item_by_item() -> None:
    items = ",".join(
        f'{{"external_id": "{number}", "note": "{"n" * 50}"}}' for number in range(30_000)
    )
    found = records(f"[{items}]".encode(), DataFormat.JSON, step=64 * 1024)
    assert len(found) == 30_000
    assert all(isinstance(item, Record) and item.line == 1 for item in found)


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (b'{"external_id": "a"}', 1, "must be a JSON array"),
        (b'[{"external_id": "a"} {"external_id": "b"}]', 1, "Expected a comma"),
        (b'[\n{"external_id": "a"},\n"b"]', 3, "must be a JSON object"),
        (b'[{"external_id": "a"}] []', 1, "Nothing may follow"),
        (b'[\n{"external_id": "a",\n]', 3, "not valid JSON"),
    ],
)
def test_a_broken_json_array_stops_with_its_line(body: bytes, line: int, words: str) -> None:
    error = aborted(body, DataFormat.JSON, step=4)
    assert error.line == line
    assert words in error.message


def test_an_empty_json_array_has_no_records() -> None:
    assert records(b" [ ] ", DataFormat.JSON) == []


def test_formats_follow_the_extension() -> None:
    assert format_from_name("calls.CSV") is DataFormat.CSV
    assert format_from_name("calls.ndjson") is DataFormat.JSONL
    assert format_from_name("calls.jsonl") is DataFormat.JSONL
    assert format_from_name("calls.json") is DataFormat.JSON
    assert format_from_name("calls.xlsx") is None


# Repeats and the error cap -------------------------------------------------------------------


def test_the_error_log_keeps_the_first_hundred_in_line_order_and_counts_all() -> None:
    log = ErrorLog()
    log.extend(RowError(line, "a", "row") for line in range(2, 302, 2))  # 150 even lines
    repeats = [RowError(line, "id", "again") for line in range(3, 203, 2)]  # the first 100 odd
    log.merge_sorted(repeats, count=150)
    assert log.count == 300
    assert [error.line for error in log.shown] == list(range(2, 102))


def test_errors_of_a_second_file_come_after_the_main_file() -> None:
    log = ErrorLog()
    log.add(RowError(2, "status", "bad", file="statuses.csv"))
    log.add(RowError(9, "status", "bad"))
    assert [str(error) for error in log.shown] == [
        "line 9, status: bad",
        "statuses.csv, line 2, status: bad",
    ]
