"""The A-11 version 2 respondent file: every problem reported by line and column, and a round
trip that gives back exactly the rows uploaded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from govcx.lib.fiscal import FiscalQuarter
from govcx.reporting.collections import detail_create, respondents_upload
from govcx.reporting.exports import detail_respondents_csv
from govcx.reporting.models import (
    DRIVER_FLAG_COLUMNS,
    RESPONDENT_COLUMNS,
    Collection,
    CollectionDetail,
    CollectionRespondent,
)
from govcx.reporting.respondents import (
    EXTERNAL_ID_LIMIT,
    QUESTION_4_LIMIT,
    FileProblem,
    RespondentFileError,
    RespondentRow,
    parse_respondent_file,
    write_respondent_file,
)
from tests.conftest import World

FILES = Path(__file__).parent / "files"
THUMBS = "thumbs_up_down"
LIKERT = "likert_scale"
NULLS = ["null"] * 7
# A thumbs-up respondent who chose ease only, of a survey offering every driver.
GOOD = ["X-1", "1", "0", "1", "0", "0", "0", "0", "0", *NULLS, "Fine."]


def csv_bytes(*rows: list[str], header: list[str] | None = None, newline: str = "\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(list(RESPONDENT_COLUMNS) if header is None else header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode()


def with_cell(row: list[str], column: str, value: str) -> list[str]:
    changed = list(row)
    changed[RESPONDENT_COLUMNS.index(column)] = value
    return changed


def problems_of(data: bytes, survey_type: str = THUMBS) -> list[FileProblem]:
    with pytest.raises(RespondentFileError) as caught:
        parse_respondent_file(data, survey_type)
    return caught.value.problems


def where(problems: list[FileProblem]) -> list[tuple[int, str]]:
    return [(problem.line, problem.column) for problem in problems]


# Reading good files ---------------------------------------------------------------------------


def test_a_thumbs_file_with_lf_endings_is_read_row_by_row() -> None:
    rows = parse_respondent_file((FILES / "thumbs_lf.csv").read_bytes(), THUMBS)

    assert [row.external_id for row in rows] == ["A-1", "A-2", "", "A-4", "A-5", "A-6"]
    assert [row.question_1 for row in rows] == [1, 0, 1, 1, 0, 0]
    second = rows[1]
    assert second.flag("positive_ease") is None
    assert [second.flag(f"negative_{d}") for d in ("effectiveness", "ease", "employee")] == [
        0,
        1,
        None,
    ]
    assert second.question_4 == 'Took too long, and the form lost my "draft".'
    assert rows[4].question_4 == "-1 star\nsecond line of the comment, café"
    assert rows[3].question_4.startswith("=HYPERLINK(")


def test_a_likert_file_with_a_byte_order_mark_and_crlf_endings_is_read() -> None:
    data = (FILES / "likert_bom_crlf.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data

    rows = parse_respondent_file(data, LIKERT)

    assert [row.external_id for row in rows] == ["L-1", "L-2", "L-3", "L-4", "L-5"]
    assert [row.question_1 for row in rows] == [5, 4, 3, 1, 2]
    assert rows[2].flag("negative_effectiveness") == 1  # 3 is negative on the five-point scale
    assert rows[1].flag("positive_efficiency") is None


def test_a_file_written_from_rows_reads_back_as_the_same_rows() -> None:
    for name, survey_type in (("thumbs_lf.csv", THUMBS), ("likert_bom_crlf.csv", LIKERT)):
        rows = parse_respondent_file((FILES / name).read_bytes(), survey_type)
        written = "".join(write_respondent_file(rows)).encode()
        assert parse_respondent_file(written, survey_type) == rows


def test_the_written_file_is_the_exact_format_with_null_and_crlf_and_no_bom() -> None:
    row = RespondentRow("R-1", 0, (None,) * 7 + (1, 1, 0, 0, 0, 0, None), "=1+1, said")
    text = "".join(write_respondent_file([row]))

    assert text == (
        ",".join(RESPONDENT_COLUMNS)
        + "\r\n"
        + 'R-1,0,null,null,null,null,null,null,null,1,1,0,0,0,0,null,"=1+1, said"\r\n'
    )


def test_the_crlf_file_is_written_back_byte_for_byte_without_its_byte_order_mark() -> None:
    data = (FILES / "likert_bom_crlf.csv").read_bytes()
    rows = parse_respondent_file(data, LIKERT)

    assert "".join(write_respondent_file(rows)).encode() == data.removeprefix(b"\xef\xbb\xbf")


def test_a_respondent_row_has_exactly_fourteen_flags() -> None:
    with pytest.raises(ValueError, match="14 driver flags"):
        RespondentRow("x", 1, (1, 0), "")
    assert len(DRIVER_FLAG_COLUMNS) == 14


def test_an_unknown_survey_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown survey type"):
        parse_respondent_file(csv_bytes(GOOD), "stars")


# The file as a whole --------------------------------------------------------------------------


def test_bytes_that_are_not_utf8_are_refused_naming_the_line() -> None:
    data = csv_bytes(GOOD, with_cell(GOOD, "question_4", "café")).replace(
        "café".encode(), "café".encode("latin-1")
    )

    problems = problems_of(data)

    assert where(problems) == [(3, "")]
    assert "not UTF-8" in problems[0].message


@pytest.mark.parametrize("data", [b"", b"\n\r\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    problems = problems_of(data)

    assert where(problems) == [(1, "")]
    assert "empty" in problems[0].message


def test_a_header_without_respondents_is_refused() -> None:
    problems = problems_of(csv_bytes())

    assert where(problems) == [(2, "")]
    assert "no respondents" in problems[0].message


def test_a_missing_column_is_named_and_lines_are_not_read_by_guesswork() -> None:
    header = [name for name in RESPONDENT_COLUMNS if name != "negative_humanity"]
    row = [
        cell
        for name, cell in zip(RESPONDENT_COLUMNS, GOOD, strict=True)
        if name != "negative_humanity"
    ]

    problems = problems_of(csv_bytes(row, header=header))

    assert where(problems) == [(1, "negative_humanity"), (2, "")]
    assert problems[0].message == "This column is missing from the header."
    assert "not checked" in problems[1].message


def test_unexpected_and_repeated_columns_are_named() -> None:
    header = [*RESPONDENT_COLUMNS[:-1], "Question 4", "question_1"]

    problems = problems_of(csv_bytes(header=header))

    assert where(problems)[:3] == [(1, "question_4"), (1, "Question 4"), (1, "question_1")]
    assert "not a column" in problems[1].message
    assert "more than once" in problems[2].message


def test_columns_out_of_order_are_named_and_lines_are_still_checked_by_name() -> None:
    header = list(RESPONDENT_COLUMNS)
    header[2], header[3] = header[3], header[2]  # positive_ease before positive_effectiveness
    good = [*GOOD[:2], GOOD[3], GOOD[2], *GOOD[4:]]
    # negative_other has the same index in both orders.
    bad = with_cell(with_cell(good, "negative_other", "maybe"), "external_id", "X-2")

    problems = problems_of(csv_bytes(good, bad, header=header))

    assert where(problems) == [
        (1, "positive_ease"),
        (1, "positive_effectiveness"),
        (3, "negative_other"),
    ]
    assert "field 3 should be positive_effectiveness" in problems[0].message


def test_a_line_with_the_wrong_number_of_fields_is_named() -> None:
    problems = problems_of(csv_bytes(GOOD, [*GOOD, "extra"], GOOD[:5]))

    assert where(problems) == [(3, ""), (4, "")]
    assert "18 fields" in problems[0].message
    assert "5 fields" in problems[1].message


def test_an_unclosed_quote_is_reported_at_the_line_it_starts() -> None:
    data = (
        csv_bytes(GOOD) + b'X-2,1,0,1,0,0,0,0,0,null,null,null,null,null,null,null,"never closed\n'
    )

    problems = problems_of(data)

    assert where(problems) == [(3, "")]
    assert "cannot be read as CSV" in problems[0].message


def test_blank_lines_are_skipped_and_lines_are_counted_as_a_person_counts_them() -> None:
    multi_line = with_cell(GOOD, "question_4", "first\nsecond\nthird")
    bad = with_cell(with_cell(GOOD, "external_id", "X-9"), "positive_ease", "2")
    data = csv_bytes(multi_line) + b"\n" + csv_bytes(bad).split(b"\n", 1)[1]

    problems = problems_of(data)

    # Header 1, the comment on lines 2-4, a blank line 5, the bad line 6.
    assert where(problems) == [(6, "positive_ease")]


# Each cell ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("survey_type", "value", "expected"),
    [
        (THUMBS, "", "question_1 is required: 0 (thumbs down) or 1 (thumbs up)."),
        (THUMBS, "2", "Expected 0 (thumbs down) or 1 (thumbs up) for a thumbs up / down survey"),
        (THUMBS, " 1", "found ' 1'"),
        (LIKERT, "0", "Expected a whole number from 1 (strongly disagree) to 5"),
        (LIKERT, "4.0", "found '4.0'"),
        (LIKERT, "٣", "found '٣'"),
    ],
)
def test_question_1_must_be_on_the_survey_types_scale(
    survey_type: str, value: str, expected: str
) -> None:
    problems = problems_of(csv_bytes(with_cell(GOOD, "question_1", value)), survey_type)

    assert where(problems) == [(2, "question_1")]
    assert expected in problems[0].message


@pytest.mark.parametrize("value", ["", "NULL", "2", "yes", " 1", "true"])
def test_a_driver_flag_is_exactly_1_0_or_null(value: str) -> None:
    problems = problems_of(csv_bytes(with_cell(GOOD, "positive_humanity", value)))

    assert where(problems) == [(2, "positive_humanity")]
    assert problems[0].message.startswith("Expected 1 (chosen), 0 (offered, not chosen) or null")


@pytest.mark.parametrize(
    ("survey_type", "question_1", "column"),
    [
        (THUMBS, "1", "positive_ease"),
        (THUMBS, "0", "negative_effectiveness"),
        (LIKERT, "4", "positive_effectiveness"),
        (LIKERT, "3", "negative_ease"),
    ],
)
def test_effectiveness_and_ease_are_offered_on_the_side_the_respondent_saw(
    survey_type: str, question_1: str, column: str
) -> None:
    positive = question_1 in {"1", "4", "5"} if survey_type == LIKERT else question_1 == "1"
    seen = ["0"] * 7
    row = ["X-1", question_1, *(seen if positive else NULLS), *(NULLS if positive else seen), ""]

    assert parse_respondent_file(csv_bytes(row), survey_type)[0].question_1 == int(question_1)
    problems = problems_of(csv_bytes(with_cell(row, column, "null")), survey_type)

    assert where(problems) == [(2, column)]
    assert "always offers effectiveness and ease" in problems[0].message


@pytest.mark.parametrize(
    ("survey_type", "question_1", "column"),
    [
        (THUMBS, "1", "negative_other"),
        (LIKERT, "5", "negative_ease"),
        (THUMBS, "0", "positive_employee"),
        (LIKERT, "3", "positive_effectiveness"),
    ],
)
def test_no_driver_is_chosen_on_the_side_the_respondent_did_not_see(
    survey_type: str, question_1: str, column: str
) -> None:
    positive = column.startswith("negative")  # the unseen side is the other one
    seen = ["0"] * 7
    row = ["X-1", question_1, *(seen if positive else NULLS), *(NULLS if positive else seen), ""]
    # A 0 on the unseen side is tolerated: nothing was chosen there.
    assert parse_respondent_file(csv_bytes(with_cell(row, column, "0")), survey_type)

    problems = problems_of(csv_bytes(with_cell(row, column, "1")), survey_type)

    assert where(problems) == [(2, column)]
    assert problems[0].message.startswith(
        f"{column} is 1, but question_1 = {question_1} means the respondent saw"
    )


def test_an_external_id_given_twice_names_both_lines_and_empty_ones_may_repeat() -> None:
    blank = with_cell(GOOD, "external_id", "")
    other = with_cell(GOOD, "external_id", "X-2")

    problems = problems_of(csv_bytes(GOOD, blank, other, blank, GOOD))

    assert where(problems) == [(6, "external_id")]
    assert "'X-1' is also on line 2" in problems[0].message


def test_overlong_free_text_is_refused_with_the_limit() -> None:
    long_comment = with_cell(GOOD, "question_4", "a" * (QUESTION_4_LIMIT + 1))
    long_id = with_cell(GOOD, "external_id", "i" * (EXTERNAL_ID_LIMIT + 1))
    at_limit = with_cell(
        with_cell(GOOD, "question_4", "a" * QUESTION_4_LIMIT), "external_id", "i" * 255
    )

    problems = problems_of(csv_bytes(long_comment, long_id, at_limit))

    assert where(problems) == [(2, "question_4"), (3, "external_id")]
    assert f"at most {QUESTION_4_LIMIT:,}" in problems[0].message
    assert f"at most {EXTERNAL_ID_LIMIT}" in problems[1].message


def test_every_problem_in_the_file_is_reported_at_once_in_line_order() -> None:
    rows = [
        GOOD,
        with_cell(with_cell(GOOD, "external_id", "X-2"), "question_1", "7"),
        with_cell(GOOD, "external_id", "X-1"),
        with_cell(with_cell(GOOD, "external_id", "X-4"), "positive_ease", "null"),
        with_cell(with_cell(GOOD, "external_id", "X-5"), "negative_ease", "1"),
        GOOD[:3],
    ]

    with pytest.raises(RespondentFileError) as caught:
        parse_respondent_file(csv_bytes(*rows), THUMBS)

    assert where(caught.value.problems) == [
        (3, "question_1"),
        (4, "external_id"),
        (5, "positive_ease"),
        (6, "negative_ease"),
        (7, ""),
    ]
    text = str(caught.value)
    assert text.startswith("The respondent file has 5 problems:")
    assert "Line 5, positive_ease: positive_ease is null" in text
    assert "Line 7: The line has 3 fields" in text


# Upload and export through the services ---------------------------------------------------------

QUARTER = FiscalQuarter(2026, 1)


def upload_detail(world: World, survey_type: str) -> CollectionDetail:
    collection = Collection.objects.create(
        organization=world.a.organization,
        service=world.a.service,
        fiscal_year=QUARTER.fiscal_year,
        quarter=QUARTER.quarter,
    )
    return detail_create(
        collection,
        user=world.manager_a,
        source="upload",
        channel="phone",
        survey_type=survey_type,
        survey_title="Phone follow-up survey",
        trust_question_text="I trust the agency to serve me.",
    )


@pytest.mark.parametrize(
    ("name", "survey_type"), [("thumbs_lf.csv", THUMBS), ("likert_bom_crlf.csv", LIKERT)]
)
def test_an_uploaded_file_exports_as_the_same_rows(
    world: World, name: str, survey_type: str
) -> None:
    data = (FILES / name).read_bytes()
    detail = upload_detail(world, survey_type)

    stored = respondents_upload(detail, data=data, file_name=name, user=world.manager_a)
    exported = "".join(detail_respondents_csv(detail)).encode()

    assert stored == CollectionRespondent.objects.filter(detail=detail).count() > 0
    assert parse_respondent_file(exported, survey_type) == parse_respondent_file(data, survey_type)


def test_a_file_with_one_bad_flag_is_refused_whole_and_nothing_is_stored(world: World) -> None:
    detail = upload_detail(world, THUMBS)

    with pytest.raises(RespondentFileError) as caught:
        respondents_upload(
            detail,
            data=(FILES / "thumbs_bad_flag.csv").read_bytes(),
            file_name="thumbs_bad_flag.csv",
            user=world.manager_a,
        )

    assert where(caught.value.problems) == [(4, "positive_transparency")]
    assert not CollectionRespondent.objects.filter(detail=detail).exists()
    detail.refresh_from_db()
    assert detail.uploaded_file_name == ""
    assert detail.uploaded_at is None
