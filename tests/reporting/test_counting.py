"""Respondents counted from a linked survey: the quarter's counted responses, in UTC."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from govcx.lib.fiscal import FiscalQuarter
from govcx.reporting.counting import (
    V1_COUNT_KEYS,
    V1_RESPONDENTS_KEY,
    detail_respondent_count,
    detail_respondent_rows,
    detail_v1_counts,
    quarter_window,
    respondent_counts,
)
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionState,
    RespondentSource,
    SurveyType,
)
from govcx.reporting.respondents import RespondentRow
from govcx.responses.models import Response
from govcx.surveys.models import Survey, SurveyVersion
from govcx.surveys.services import survey_create_from_template, survey_publish
from tests.conftest import World
from tests.responses.helpers import mark, received_at, submit

QUARTER = FiscalQuarter(2026, 1)  # 1 October to 31 December 2025
START = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
NEXT_START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
INSIDE = dt.datetime(2025, 11, 14, 15, 30, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
NULLS: tuple[None, ...] = (None,) * 7


def collection_of(world: World, quarter: FiscalQuarter = QUARTER) -> Collection:
    return Collection.objects.create(
        organization=world.a.organization,
        service=world.a.service,
        fiscal_year=quarter.fiscal_year,
        quarter=quarter.quarter,
    )


def linked_detail(
    collection: Collection, survey: Survey, channel: str = "website", position: int = 1
) -> CollectionDetail:
    """A survey-linked row made directly, so that counting is tested apart from the services."""
    return CollectionDetail.objects.create(
        collection=collection,
        position=position,
        channel=channel,
        survey_type=SurveyType.THUMBS_UP_DOWN,
        survey_title=survey.title,
        trust_question_text="I trust the agency.",
        source=RespondentSource.SURVEY,
        survey=survey,
    )


def at(
    survey: Survey, when: dt.datetime, answers: dict[str, Any] | None = None, **kw: Any
) -> Response:
    return received_at(submit(survey, answers, **kw), when)


def test_the_quarter_window_is_utc_midnight_to_the_next_quarters_utc_midnight() -> None:
    assert quarter_window(QUARTER) == (START, NEXT_START)


def test_exactly_the_quarters_counted_responses_on_the_channel_and_survey_count(
    world: World,
) -> None:
    detail = linked_detail(collection_of(world), world.a.survey)
    survey = world.a.survey
    first_instant = at(survey, START)
    last_microsecond = at(survey, NEXT_START - MICROSECOND)
    inside = at(survey, INSIDE)
    at(survey, NEXT_START)  # the next quarter's first instant
    at(survey, START - MICROSECOND)  # the previous quarter's last microsecond
    # 31 December 20:00 in New York is 1 January 01:00 UTC: the next quarter.
    at(survey, dt.datetime(2025, 12, 31, 20, tzinfo=ZoneInfo("America/New_York")))
    for state in ("is_spam", "is_flagged", "is_deleted"):
        mark(at(survey, INSIDE), **{state: True})
    at(survey, INSIDE, channel="phone")
    at(world.a.v1_survey, INSIDE, {"satisfaction": 5, "trust": 5})
    at(world.b.survey, INSIDE)

    rows = list(detail_respondent_rows(detail))

    assert detail_respondent_count(detail) == 3
    assert [row.external_id for row in rows] == [
        first_instant.receipt_id,
        inside.receipt_id,
        last_microsecond.receipt_id,
    ]


def test_a_response_becomes_a_respondent_row_with_flags_from_its_version(world: World) -> None:
    detail = linked_detail(collection_of(world), world.a.survey)
    up = at(world.a.survey, START, {"trust": 1, "drivers_positive": ["ease", "other"]})
    down = at(
        world.a.survey,
        INSIDE,
        {"trust": 0, "drivers_negative": ["employee", "efficiency"], "comments": "Slow."},
    )

    rows = list(detail_respondent_rows(detail))

    assert rows == [
        RespondentRow(up.receipt_id, 1, (0, 1, 0, 0, 0, 0, 1, *NULLS), ""),
        RespondentRow(down.receipt_id, 0, (*NULLS, 0, 0, 1, 0, 0, 1, 0), "Slow."),
    ]


def test_a_driver_the_responses_version_did_not_offer_is_null(world: World) -> None:
    """A response is read against the version it answered, not the survey's current one."""
    survey = world.a.survey
    assert survey.current_version is not None
    structure = survey.current_version.structure
    for page in structure["pages"]:
        for question in page["questions"]:
            if question["key"] == "drivers_positive":
                question["options"] = [
                    option for option in question["options"] if option["value"] != "humanity"
                ]
    older = SurveyVersion.objects.create(
        survey=survey, number=99, structure=structure, published_at=timezone.now()
    )
    detail = linked_detail(collection_of(world), survey)
    response = at(survey, INSIDE, {"trust": 1, "drivers_positive": ["ease"]})
    Response.objects.filter(pk=response.pk).update(survey_version=older)
    current = at(survey, INSIDE + MICROSECOND, {"trust": 1, "drivers_positive": ["ease"]})

    rows = list(detail_respondent_rows(detail))

    assert rows[0] == RespondentRow(response.receipt_id, 1, (0, 1, 0, 0, None, 0, 0, *NULLS), "")
    assert rows[1] == RespondentRow(current.receipt_id, 1, (0, 1, 0, 0, 0, 0, 0, *NULLS), "")


def test_a_five_point_survey_is_positive_at_4_and_5_only(world: World) -> None:
    likert = survey_create_from_template(
        organization=world.a.organization,
        service=world.a.service,
        template_key="a11_v2_likert",
        user=None,
    )
    likert = survey_publish(survey=likert, user=None)
    detail = linked_detail(collection_of(world), likert)
    for point, when in zip((3, 4, 5, 1), range(4), strict=True):
        key = "drivers_positive" if point >= 4 else "drivers_negative"
        at(likert, INSIDE + dt.timedelta(minutes=when), {"trust": point, key: ["ease"]})

    rows = list(detail_respondent_rows(detail))

    assert [row.question_1 for row in rows] == [3, 4, 5, 1]
    assert [row.flag("positive_ease") for row in rows] == [None, 1, 1, None]
    assert [row.flag("negative_ease") for row in rows] == [1, None, None, 1]


def test_version_1_counts_per_item_and_scale_point(world: World) -> None:
    detail = linked_detail(collection_of(world), world.a.v1_survey)
    answers: list[dict[str, Any]] = [
        {"satisfaction": 5, "trust": 4, "ease": 2},
        {"satisfaction": 5, "trust": 1, "employee": 3, "comments": "ok"},
        {"satisfaction": 2, "trust": 4},
    ]
    for index, answer in enumerate(answers):
        at(world.a.v1_survey, INSIDE + dt.timedelta(minutes=index), answer)
    mark(at(world.a.v1_survey, INSIDE, {"satisfaction": 1, "trust": 1}), is_spam=True)
    at(world.a.v1_survey, NEXT_START, {"satisfaction": 1, "trust": 1})

    counts = detail_v1_counts(detail)

    expected = dict.fromkeys(V1_COUNT_KEYS, 0) | {
        "q1_5": 2,
        "q1_2": 1,
        "q2_4": 2,
        "q2_1": 1,
        "q4_2": 1,
        "q7_3": 1,
        V1_RESPONDENTS_KEY: 3,
    }
    assert counts == expected
    assert detail_respondent_count(detail) == 3
    assert list(detail_respondent_rows(detail)) == []
    assert V1_COUNT_KEYS[0] == "q1_1"
    assert V1_COUNT_KEYS[-1] == "q7_5"
    assert len(V1_COUNT_KEYS) == 35


def test_counts_are_live_while_editable_and_stored_once_submitted(world: World) -> None:
    collection = collection_of(world)
    detail = linked_detail(collection, world.a.survey)
    kept = at(world.a.survey, INSIDE)
    later_spam = at(world.a.survey, INSIDE)
    detail.respondents.create(line=1, external_id="frozen", question_1=1, positive_ease=1)
    CollectionDetail.objects.filter(pk=detail.pk).update(respondents_frozen_at=timezone.now())

    detail.refresh_from_db()
    assert detail_respondent_count(detail) == 2  # draft: live, whatever was stored

    Collection.objects.filter(pk=collection.pk).update(state=CollectionState.SUBMITTED)
    detail.refresh_from_db()
    mark(later_spam, is_spam=True)
    assert detail_respondent_count(detail) == 1
    assert [row.external_id for row in detail_respondent_rows(detail)] == ["frozen"]

    Collection.objects.filter(pk=collection.pk).update(state=CollectionState.CHANGE_REQUESTED)
    detail.refresh_from_db()
    assert [row.external_id for row in detail_respondent_rows(detail)] == [kept.receipt_id]


def test_a_submitted_collection_never_frozen_still_counts_live(world: World) -> None:
    collection = collection_of(world)
    detail = linked_detail(collection, world.a.survey)
    at(world.a.survey, INSIDE)
    Collection.objects.filter(pk=collection.pk).update(state=CollectionState.NOT_REPORTED)
    detail.refresh_from_db()

    assert detail_respondent_count(detail) == 1


def test_counts_of_many_details_take_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = collection_of(world)
    second = collection_of(world, QUARTER.next())
    details = [
        linked_detail(first, world.a.survey, "website", 1),
        linked_detail(first, world.a.survey, "phone", 2),
        linked_detail(first, world.a.v1_survey, "website", 3),
        linked_detail(second, world.a.survey, "website", 1),
    ]
    at(world.a.survey, INSIDE)
    at(world.a.survey, INSIDE, channel="phone")
    at(world.a.survey, INSIDE, channel="phone")
    at(world.a.v1_survey, INSIDE, {"satisfaction": 3, "trust": 3})
    at(world.a.survey, NEXT_START + dt.timedelta(days=3))
    loaded = list(
        CollectionDetail.objects.filter(pk__in=[d.pk for d in details])
        .select_related("collection", "survey")
        .order_by("collection__fiscal_year", "collection__quarter", "position")
    )

    with django_assert_num_queries(2):  # one grouped count per quarter
        counts = respondent_counts(loaded)

    assert [counts[detail.pk] for detail in loaded] == [1, 2, 1, 1]


def test_many_responses_are_turned_into_rows_in_order(world: World) -> None:
    detail = linked_detail(collection_of(world), world.a.survey)
    survey = world.a.survey
    assert survey.current_version is not None
    total = 4500  # more than two database chunks
    Response.objects.bulk_create(
        Response(
            organization_id=survey.organization_id,
            service_id=survey.service_id,
            survey=survey,
            survey_version=survey.current_version,
            channel="website",
            language="en",
            created_at=START + dt.timedelta(seconds=index),
            answers={"trust": index % 2, "drivers_negative": ["ease"]}
            if index % 2 == 0
            else {"trust": 1, "drivers_positive": ["effectiveness"]},
            receipt_id=f"R{index:09d}",
        )
        for index in range(total)
    )

    rows = list(detail_respondent_rows(detail))

    assert detail_respondent_count(detail) == total
    assert [row.external_id for row in rows] == [f"R{index:09d}" for index in range(total)]
    assert sum(row.question_1 for row in rows) == total // 2


def test_a_version_2_response_without_question_1_is_neither_a_row_nor_counted(
    world: World,
) -> None:
    detail = linked_detail(collection_of(world), world.a.survey)
    at(world.a.survey, INSIDE)
    broken = at(world.a.survey, INSIDE)
    Response.objects.filter(pk=broken.pk).update(answers={"comments": "no trust answer"})

    assert detail_respondent_count(detail) == 1
    assert len(list(detail_respondent_rows(detail))) == 1
