"""The A-11 version 2 respondent-level file: one line per respondent, 17 columns.

The file is how an agency reports respondents of a survey govcx does not host, and how govcx
hands its own respondents to the A-11 collection. Reading it is all or nothing: every problem
in the file is reported at once, by the line a person counts (the header is line 1) and the
column's name, so that a file is fixed in one pass and never half stored.

Flags are `1` (chosen), `0` (offered, not chosen) or `null` (not offered). A respondent sees
"What went well?" after a positive question 1 (thumbs up, or 4–5 on the five-point scale) and
"What didn't go so well?" otherwise; the question not shown can have no driver chosen.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from govcx.lib.a11 import V2_DRIVERS
from govcx.reporting.models import DRIVER_FLAG_COLUMNS, RESPONDENT_COLUMNS, SurveyType

NULL = "null"
# A web server sends each streamed piece on its own; a line per piece doubled an export's cost.
LINES_PER_PIECE = 500
FLAG_VALUES: dict[str, int | None] = {"1": 1, "0": 0, NULL: None}
# The longest external_id the respondent table stores.
EXTERNAL_ID_LIMIT = 255
# Comments longer than govcx accepts in any long-text answer are refused, not cut short:
# a stored respondent must be exactly the one in the file.
QUESTION_4_LIMIT = 10_000
# Drivers every A-11 version 2 survey offers on the question the respondent saw.
REQUIRED_DRIVERS: tuple[str, ...] = ("effectiveness", "ease")
QUESTION_1_SCALES: dict[str, tuple[int, int]] = {
    SurveyType.THUMBS_UP_DOWN: (0, 1),
    SurveyType.LIKERT_SCALE: (1, 5),
}
QUESTION_1_HINTS: dict[str, str] = {
    SurveyType.THUMBS_UP_DOWN: "0 (thumbs down) or 1 (thumbs up)",
    SurveyType.LIKERT_SCALE: "a whole number from 1 (strongly disagree) to 5 (strongly agree)",
}
SIDE_QUESTIONS = {"positive": '"What went well?"', "negative": '"What didn\'t go so well?"'}


def is_positive(survey_type: str, question_1: int) -> bool:
    """Whether the respondent was shown "What went well?": thumbs up, or agree / strongly agree."""
    if survey_type == SurveyType.THUMBS_UP_DOWN:
        return question_1 == 1
    return question_1 >= 4


@dataclass(frozen=True)
class RespondentRow:
    """One respondent. `flags` holds the 14 driver flags in the file's column order."""

    external_id: str
    question_1: int
    flags: tuple[int | None, ...]
    question_4: str

    def __post_init__(self) -> None:
        if len(self.flags) != len(DRIVER_FLAG_COLUMNS):
            raise ValueError(f"A respondent has {len(DRIVER_FLAG_COLUMNS)} driver flags.")

    def flag(self, column: str) -> int | None:
        return self.flags[DRIVER_FLAG_COLUMNS.index(column)]

    def cells(self) -> list[str]:
        """The row as the file writes it."""
        flags = [NULL if flag is None else str(flag) for flag in self.flags]
        return [self.external_id, str(self.question_1), *flags, self.question_4]

    def model_fields(self) -> dict[str, Any]:
        """Keyword arguments for a CollectionRespondent holding this row."""
        return {
            "external_id": self.external_id,
            "question_1": self.question_1,
            **dict(zip(DRIVER_FLAG_COLUMNS, self.flags, strict=True)),
            "question_4": self.question_4,
        }

    @classmethod
    def from_values(cls, values: Sequence[Any]) -> RespondentRow:
        """From stored values in RESPONDENT_COLUMNS order (as `values_list` gives them)."""
        external_id, question_1, *flags, question_4 = values
        return cls(str(external_id), int(question_1), tuple(flags), str(question_4))


@dataclass(frozen=True)
class FileProblem:
    """One problem: the file line (header = 1), the column's name ("" for a whole line)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}, {self.column}" if self.column else f"Line {self.line}"
        return f"{where}: {self.message}"


class RespondentFileError(ValueError):
    """The file was refused; `problems` lists everything wrong with it, in line order."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        count = len(problems)
        heading = f"The respondent file has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([heading, *map(str, problems)]))


def parse_respondent_file(data: bytes, survey_type: str) -> list[RespondentRow]:
    """Every respondent in the file, or RespondentFileError naming every problem in it."""
    if survey_type not in QUESTION_1_SCALES:
        raise ValueError(f"Unknown survey type {survey_type!r}.")
    text = _decoded(data)
    records = _records(text)
    header_line, header = next(records, (1, []))
    if not header:
        raise RespondentFileError(
            [FileProblem(1, "", "The file is empty: it needs the header line and respondents.")]
        )
    problems = header_problems(header, line=header_line)
    reader = _FileReader(survey_type, header, header_line)
    rows = reader.read(records) if reader.columns_known else []
    problems.extend(reader.problems)
    if not reader.columns_known:
        problems.append(
            FileProblem(header_line + 1, "", "Lines after the header were not checked.")
        )
    if problems:
        raise RespondentFileError(sorted(problems, key=lambda problem: problem.line))
    return rows


def _decoded(data: bytes) -> str:
    """The text, without a byte-order mark; refuse anything that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise RespondentFileError(
            [
                FileProblem(
                    line,
                    "",
                    "The file is not UTF-8 text (byte "
                    f"0x{data[error.start]:02x} cannot be read). Save it as CSV UTF-8 and "
                    "upload it again.",
                )
            ]
        ) from None


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, its fields), skipping blank lines.

    A quoted comment may span several lines, so a record's line is the one it starts on.
    A quoting error stops the reading: what follows it cannot be split into fields reliably.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last_line = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise RespondentFileError(
                [FileProblem(last_line + 1, "", f"The line cannot be read as CSV ({error}).")]
            ) from None
        start, last_line = last_line + 1, reader.line_num
        if fields:
            yield start, fields


def header_problems(header: list[str], *, line: int = 1) -> list[FileProblem]:
    """What is missing, unexpected, repeated or out of order in the header line."""
    expected = set(RESPONDENT_COLUMNS)
    problems = [
        FileProblem(line, name, "This column is missing from the header.")
        for name in RESPONDENT_COLUMNS
        if name not in header
    ]
    problems += [
        FileProblem(
            line,
            name,
            "This is not a column of the A-11 version 2 respondent file (names are lower case, "
            "with no spaces).",
        )
        for name in header
        if name not in expected
    ]
    problems += [
        FileProblem(line, name, "This column appears more than once.")
        for name in sorted(expected & set(header))
        if header.count(name) > 1
    ]
    if not problems:
        problems += _order_problems(header, line)
    return problems


def _order_problems(header: list[str], line: int) -> list[FileProblem]:
    return [
        FileProblem(
            line,
            found,
            f"Out of order: field {position} should be {wanted}. The columns are, in order: "
            + ", ".join(RESPONDENT_COLUMNS)
            + ".",
        )
        for position, (found, wanted) in enumerate(
            zip(header, RESPONDENT_COLUMNS, strict=True), start=1
        )
        if found != wanted
    ]


class _FileReader:
    """Checks the lines after the header, collecting every problem.

    When the header names exactly the 17 columns but in another order, lines are still read by
    the header's names, so that a file with a shuffled header gets its line problems reported
    in the same pass.
    """

    def __init__(self, survey_type: str, header: list[str], header_line: int) -> None:
        self.survey_type = survey_type
        self.header_line = header_line
        self.columns_known = sorted(header) == sorted(RESPONDENT_COLUMNS)
        self.positions = {name: index for index, name in enumerate(header)}
        self.problems: list[FileProblem] = []
        self.external_ids: dict[str, int] = {}

    def read(self, records: Iterator[tuple[int, list[str]]]) -> list[RespondentRow]:
        rows: list[RespondentRow] = []
        try:
            for line, fields in records:
                row = self.row(line, fields)
                if row is not None:
                    rows.append(row)
        except RespondentFileError as error:
            self.problems.extend(error.problems)
        if not rows and not self.problems:
            self._add(self.header_line + 1, "", "The file has a header but no respondents.")
        return rows

    def row(self, line: int, fields: list[str]) -> RespondentRow | None:
        if len(fields) != len(RESPONDENT_COLUMNS):
            self._add(
                line,
                "",
                f"The line has {len(fields)} fields; every line has {len(RESPONDENT_COLUMNS)}. "
                "Check for an unquoted comma in question_4.",
            )
            return None
        cells = {name: fields[index] for name, index in self.positions.items()}
        before = len(self.problems)
        external_id = self._external_id(line, cells["external_id"])
        question_1 = self._question_1(line, cells["question_1"])
        flags = {name: self._flag(line, name, cells[name]) for name in DRIVER_FLAG_COLUMNS}
        question_4 = self._question_4(line, cells["question_4"])
        if question_1 is not None:
            self._check_sides(line, question_1, flags, cells)
        if len(self.problems) > before or question_1 is None:
            return None
        values = tuple(flags[name] for name in DRIVER_FLAG_COLUMNS)
        return RespondentRow(external_id, question_1, values, question_4)

    def _add(self, line: int, column: str, message: str) -> None:
        self.problems.append(FileProblem(line, column, message))

    def _external_id(self, line: int, value: str) -> str:
        if len(value) > EXTERNAL_ID_LIMIT:
            self._add(
                line,
                "external_id",
                f"external_id is {len(value):,} characters; at most {EXTERNAL_ID_LIMIT} are "
                "accepted.",
            )
        elif value:
            first = self.external_ids.setdefault(value, line)
            if first != line:
                self._add(
                    line,
                    "external_id",
                    f"external_id {value!r} is also on line {first}; each respondent's "
                    "external_id is unique within the file.",
                )
        return value

    def _question_1(self, line: int, value: str) -> int | None:
        low, high = QUESTION_1_SCALES[self.survey_type]
        hint = QUESTION_1_HINTS[self.survey_type]
        if value == "":
            self._add(line, "question_1", f"question_1 is required: {hint}.")
            return None
        if value.isascii() and value.isdigit() and low <= int(value) <= high:
            return int(value)
        kind = SurveyType(self.survey_type).label.lower()
        self._add(line, "question_1", f"Expected {hint} for a {kind} survey; found {value!r}.")
        return None

    def _flag(self, line: int, column: str, value: str) -> int | None:
        if value in FLAG_VALUES:
            return FLAG_VALUES[value]
        found = "an empty cell" if value == "" else repr(value)
        self._add(
            line,
            column,
            f"Expected 1 (chosen), 0 (offered, not chosen) or null (not offered); found {found}.",
        )
        return None

    def _question_4(self, line: int, value: str) -> str:
        if len(value) > QUESTION_4_LIMIT:
            self._add(
                line,
                "question_4",
                f"question_4 is {len(value):,} characters; at most {QUESTION_4_LIMIT:,} are "
                "accepted.",
            )
        return value

    def _check_sides(
        self, line: int, question_1: int, flags: dict[str, int | None], cells: dict[str, str]
    ) -> None:
        """The side shown offers at least effectiveness and ease; the other has nothing chosen."""
        seen = "positive" if is_positive(self.survey_type, question_1) else "negative"
        unseen = "negative" if seen == "positive" else "positive"
        for driver in REQUIRED_DRIVERS:
            column = f"{seen}_{driver}"
            if cells[column] == NULL:
                self._add(
                    line,
                    column,
                    f"{column} is null, but question_1 = {question_1} means the respondent saw "
                    f"{SIDE_QUESTIONS[seen]}, and an A-11 version 2 survey always offers "
                    f"{' and '.join(REQUIRED_DRIVERS)} there (1 or 0).",
                )
        for driver in V2_DRIVERS:
            column = f"{unseen}_{driver}"
            if flags[column] == 1:
                self._add(
                    line,
                    column,
                    f"{column} is 1, but question_1 = {question_1} means the respondent saw "
                    f"{SIDE_QUESTIONS[seen]}, not {SIDE_QUESTIONS[unseen]}.",
                )


def write_respondent_file(rows: Iterable[RespondentRow]) -> Iterator[str]:
    """The header, then the rows a few hundred lines to a piece, as CSV text to stream (UTF-8,
    no BOM, CRLF).

    Cells are written exactly, with no spreadsheet-formula guard: this file is data for the
    A-11 collection and for re-upload, and must give back exactly the respondents it was made
    from. A guard would change a comment such as "-1 star" to "'-1 star" and break that round
    trip. The staff page warns that the file is raw data, not for opening in a spreadsheet.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def piece(lines: Iterable[Sequence[str]]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(lines)
        return buffer.getvalue()

    yield piece([RESPONDENT_COLUMNS])
    remaining = iter(rows)
    while batch := list(itertools.islice(remaining, LINES_PER_PIECE)):
        yield piece(row.cells() for row in batch)
