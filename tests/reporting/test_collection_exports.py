"""The collection's files: their exact columns and values, and which cells are made safe."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from govcx.lib.fiscal import FiscalQuarter
from govcx.reporting.collections import (
    collection_freeze,
    collections_open,
    detail_create,
    detail_update,
    respondents_upload,
)
from govcx.reporting.exports import (
    COLLECTION_COLUMNS,
    V1_SUMMARY_COLUMNS,
    collection_csv,
    collection_json,
    collection_respondents_csv,
    collection_v1_summary_csv,
    detail_respondents_csv,
    export_file_name,
)
from govcx.reporting.models import (
    RESPONDENT_COLUMNS,
    Collection,
    CollectionDetail,
    CollectionState,
    RespondentSource,
)
from govcx.reporting.respondents import parse_respondent_file
from govcx.responses.models import Response
from tests.conftest import World
from tests.responses.helpers import received_at, submit

QUARTER = FiscalQuarter(2026, 1)
INSIDE = dt.datetime(2025, 11, 14, 15, 30, tzinfo=dt.UTC)
FILES = Path(__file__).parent / "files"
BOM = "\ufeff"


def table(pieces: Iterable[str]) -> list[list[str]]:
    text = "".join(pieces)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


class Prepared:
    """Agency A's FY2026 Q1 collection: a version 2 row (website), a version 1 row (website)
    and an uploaded file (phone), with volumes on the version 2 row."""

    def __init__(self, world: World) -> None:
        for answers in (
            {"trust": 1, "drivers_positive": ["ease"], "comments": "=2+3 was easy"},
            {"trust": 0, "drivers_negative": ["efficiency"]},
        ):
            received_at(submit(world.a.survey, answers), INSIDE)
        v1_answers: list[dict[str, Any]] = [
            {"satisfaction": 5, "trust": 4},
            {"satisfaction": 3, "trust": 4},
        ]
        for answers in v1_answers:
            received_at(submit(world.a.v1_survey, answers), INSIDE)
        (self.collection,) = collections_open(QUARTER, world.a.organization)
        self.v1 = self.collection.details.get(survey=world.a.v1_survey)
        self.v2 = self.collection.details.get(survey=world.a.survey)
        detail_update(
            self.v2,
            user=world.admin_a,
            volume_of_customers=1000,
            volume_offered_survey=8,
            service_stage="=Apply",
        )
        self.upload = detail_create(
            self.collection,
            user=world.admin_a,
            source=RespondentSource.UPLOAD,
            channel="phone",
            survey_type="thumbs_up_down",
            survey_title="@Phone survey",
            trust_question_text="I trust the agency.",
        )
        respondents_upload(
            self.upload,
            data=(FILES / "thumbs_lf.csv").read_bytes(),
            file_name="thumbs_lf.csv",
            user=world.admin_a,
        )


@pytest.fixture
def prepared(world: World) -> Prepared:
    return Prepared(world)


def test_the_collection_csv_has_exactly_its_columns_and_one_line_per_row(
    world: World, prepared: Prepared
) -> None:
    lines = table(collection_csv(prepared.collection))

    assert lines[0] == [
        "agency",
        "service",
        "fiscal_year",
        "quarter",
        "state",
        "rating",
        "channel",
        "transaction_point",
        "service_stage",
        "survey_type",
        "survey_title",
        "omb_control_number",
        "trust_question_text",
        "volume_of_customers",
        "volume_of_customers_provided_survey_opportunity",
        "volume_of_respondents",
        "source",
    ]
    assert tuple(lines[0]) == COLLECTION_COLUMNS
    rows = [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]
    assert [(r["survey_title"], r["channel"], r["source"]) for r in rows] == [
        (prepared.v1.survey_title, "website", "survey"),
        (prepared.v2.survey_title, "website", "survey"),
        ("'@Phone survey", "phone", "upload"),
    ]
    v2 = rows[1]
    assert (v2["agency"], v2["service"]) == ("Agency A", "AGA benefit applications")
    assert (v2["fiscal_year"], v2["quarter"], v2["state"], v2["rating"]) == (
        "2026",
        "1",
        "draft",
        "",
    )
    assert (v2["transaction_point"], v2["service_stage"], v2["survey_type"]) == (
        "post_interaction",
        "'=Apply",
        "thumbs_up_down",
    )
    assert v2["trust_question_text"] == prepared.v2.trust_question_text
    assert [r["volume_of_customers"] for r in rows] == ["", "1000", ""]
    assert [r["volume_of_customers_provided_survey_opportunity"] for r in rows] == ["", "8", ""]
    assert [r["volume_of_respondents"] for r in rows] == ["2", "2", "6"]


def test_the_version_1_summary_has_counts_per_item_and_point_and_volumes(
    world: World, prepared: Prepared
) -> None:
    lines = table(collection_v1_summary_csv(prepared.collection))

    counts = [f"q{item}_{point}" for item in range(1, 8) for point in range(1, 6)]
    assert lines[0] == [
        "service",
        "channel",
        "survey_title",
        "omb_control_number",
        *counts,
        "volume_of_customers",
        "volume_of_customers_provided_survey_opportunity",
        "volume_of_respondents",
    ]
    assert tuple(lines[0]) == V1_SUMMARY_COLUMNS
    assert len(lines) == 2  # the version 1 row only
    row = dict(zip(lines[0], lines[1], strict=True))
    assert (row["service"], row["channel"], row["survey_title"]) == (
        "AGA benefit applications",
        "website",
        prepared.v1.survey_title,
    )
    nonzero = {key: row[key] for key in counts if row[key] != "0"}
    assert nonzero == {"q1_5": "1", "q1_3": "1", "q2_4": "2"}
    assert (row["volume_of_customers"], row["volume_of_respondents"]) == ("", "2")


def test_the_collections_respondent_file_is_every_version_2_row_exactly(
    world: World, prepared: Prepared
) -> None:
    text = "".join(collection_respondents_csv(prepared.collection))

    assert not text.startswith(BOM)
    assert text.count(",".join(RESPONDENT_COLUMNS)) == 1
    rows = parse_respondent_file(text.encode(), "thumbs_up_down")
    uploaded = parse_respondent_file((FILES / "thumbs_lf.csv").read_bytes(), "thumbs_up_down")
    assert len(rows) == 2 + len(uploaded)
    assert rows[2:] == uploaded
    # Exactness is the point of this file: formula-like comments come back as typed.
    assert rows[0].question_4 == "=2+3 was easy"
    assert rows[0].flag("positive_ease") == 1
    assert rows[1].flag("negative_efficiency") == 1
    assert rows[5].question_4.startswith("=HYPERLINK(")


def test_one_rows_respondent_file_and_version_1_rows_have_none(
    world: World, prepared: Prepared
) -> None:
    rows = parse_respondent_file(
        "".join(detail_respondents_csv(prepared.v2)).encode(), "thumbs_up_down"
    )

    assert {row.external_id for row in rows} == set(
        Response.objects.filter(survey=world.a.survey).values_list("receipt_id", flat=True)
    )
    with pytest.raises(ValueError, match="version 1"):
        detail_respondents_csv(prepared.v1)


def test_a_submitted_collection_exports_what_was_frozen(world: World, prepared: Prepared) -> None:
    collection_freeze(prepared.collection)
    Collection.objects.filter(pk=prepared.collection.pk).update(state=CollectionState.SUBMITTED)
    Response.objects.filter(survey__in=[world.a.survey, world.a.v1_survey]).update(is_spam=True)
    collection = Collection.objects.get(pk=prepared.collection.pk)
    v2 = CollectionDetail.objects.get(pk=prepared.v2.pk)

    assert "".join(detail_respondents_csv(v2)).count("\r\n") == 3  # header, two respondents
    summary = table(collection_v1_summary_csv(collection))
    assert summary[1][-1] == "2"
    assert [line[15] for line in table(collection_csv(collection))[1:]] == ["2", "2", "6"]


def test_the_json_has_stable_keys_and_the_rows_figures(world: World, prepared: Prepared) -> None:
    data = collection_json(prepared.collection)

    assert list(data) == [
        "public_id",
        "agency",
        "service",
        "fiscal_year",
        "quarter",
        "quarter_key",
        "period_start",
        "period_end",
        "due_date",
        "state",
        "rating",
        "rating_reason",
        "submitted_at",
        "published_at",
        "details",
    ]
    assert data["agency"] == {"name": "Agency A", "abbreviation": "AGA"}
    assert data["service"]["name"] == "AGA benefit applications"
    assert (data["quarter_key"], data["period_start"], data["period_end"], data["due_date"]) == (
        "FY2026-Q1",
        "2025-10-01",
        "2025-12-31",
        "2026-01-30",
    )
    assert (data["state"], data["rating"], data["submitted_at"]) == ("draft", "", None)
    v1, v2, upload = data["details"]
    assert list(v2) == [
        "public_id",
        "position",
        "channel",
        "transaction_point",
        "service_stage",
        "survey_type",
        "survey_title",
        "omb_control_number",
        "trust_question_text",
        "volume_of_customers",
        "volume_of_customers_provided_survey_opportunity",
        "volume_of_respondents",
        "response_rate",
        "source",
        "survey_public_id",
        "respondents_frozen_at",
        "uploaded_file_name",
        "uploaded_at",
        "v1_counts",
    ]
    assert (v2["volume_of_customers"], v2["volume_of_customers_provided_survey_opportunity"]) == (
        1000,
        8,
    )
    assert (v2["volume_of_respondents"], v2["response_rate"]) == (2, 0.25)
    assert v2["service_stage"] == "=Apply"  # JSON is data, never a spreadsheet cell
    assert v2["survey_public_id"] == str(world.a.survey.public_id)
    assert v2["v1_counts"] is None
    assert v1["v1_counts"]["q2_4"] == 2
    assert len(v1["v1_counts"]) == 35
    assert v1["response_rate"] is None
    assert (upload["source"], upload["survey_public_id"], upload["uploaded_file_name"]) == (
        "upload",
        None,
        "thumbs_lf.csv",
    )
    assert upload["uploaded_at"].endswith("+00:00")


def test_file_names_say_whose_file_it_is(world: World, prepared: Prepared) -> None:
    assert (
        export_file_name(prepared.collection, "collection")
        == "AGA-aga-benefit-applications-FY2026-Q1-collection.csv"
    )
    assert export_file_name(prepared.collection, "collection", "json").endswith(".json")
