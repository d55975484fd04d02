"""Opening collections, changing their rows, uploading files and freezing at submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter, latest_complete_quarter
from govcx.registry.services import service_create, service_volume_set
from govcx.reporting.collections import (
    collection_freeze,
    collection_is_editable,
    collections_open,
    detail_create,
    detail_delete,
    detail_update,
    respondents_upload,
)
from govcx.reporting.counting import V1_RESPONDENTS_KEY, detail_respondent_count
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionRespondent,
    CollectionState,
    RespondentSource,
    SurveyType,
)
from govcx.reporting.respondents import RespondentFileError
from govcx.responses.models import Response
from govcx.surveys.models import Survey
from govcx.surveys.services import survey_archive, survey_create_from_template
from tests.conftest import World
from tests.responses.helpers import mark, received_at, submit

QUARTER = FiscalQuarter(2026, 1)
INSIDE = dt.datetime(2025, 11, 14, 15, 30, tzinfo=dt.UTC)
FILES = Path(__file__).parent / "files"
NOT_EDITABLE_STATES = (
    CollectionState.SUBMITTED,
    CollectionState.PUBLISHED,
    CollectionState.NOT_REPORTED,
    CollectionState.ARCHIVED,
)


def answered(survey: Survey, when: dt.datetime = INSIDE, **kw: Any) -> None:
    answers = {"satisfaction": 4, "trust": 5} if survey.kind == "a11_v1" else None
    received_at(submit(survey, answers, **kw), when)


def draft(world: World) -> Collection:
    return Collection.objects.create(
        organization=world.a.organization,
        service=world.a.service,
        fiscal_year=QUARTER.fiscal_year,
        quarter=QUARTER.quarter,
    )


def set_state(collection: Collection, state: str) -> None:
    Collection.objects.filter(pk=collection.pk).update(state=state)
    collection.refresh_from_db()


def upload_row(world: World, collection: Collection, **fields: Any) -> CollectionDetail:
    values: dict[str, Any] = {
        "source": RespondentSource.UPLOAD,
        "channel": "phone",
        "survey_type": SurveyType.THUMBS_UP_DOWN,
        "survey_title": "Phone follow-up",
        "trust_question_text": "I trust the agency to help me.",
    }
    return detail_create(collection, user=world.manager_a, **(values | fields))


def field_errors(caught: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return caught.value.message_dict


# Opening ----------------------------------------------------------------------------------------


def test_opening_prefills_a_row_per_a11_survey_and_channel_with_responses_or_volumes(
    world: World,
) -> None:
    Survey.objects.filter(pk=world.a.survey.pk).update(
        omb_control_number="1234-5678", omb_expiration_date=dt.date(2028, 9, 30)
    )
    answered(world.a.survey, channel="website")
    answered(world.a.survey, INSIDE.replace(year=2026), channel="website")  # another quarter
    service_volume_set(
        service=world.a.service,
        channel="phone",
        quarter=QUARTER,
        customers=5000,
        offered_survey=1200,
        user=None,
    )

    (collection,) = collections_open(QUARTER, world.a.organization)

    rows = [
        (d.survey_id, d.channel, d.survey_type, d.volume_of_customers, d.volume_offered_survey)
        for d in collection.details.order_by("position")
    ]
    v2, v1 = world.a.survey.pk, world.a.v1_survey.pk
    # Surveys in title order: "AGA benefit applications customer feedback" (v1) comes first.
    assert rows == [
        (v1, "phone", SurveyType.LIKERT_SCALE, 5000, 1200),
        (v2, "website", SurveyType.THUMBS_UP_DOWN, None, None),
        (v2, "phone", SurveyType.THUMBS_UP_DOWN, 5000, 1200),
    ]
    website = collection.details.get(survey=world.a.survey, channel="website")
    assert website.source == RespondentSource.SURVEY
    assert website.survey_title == world.a.survey.title
    assert website.omb_control_number == "1234-5678"
    version = world.a.survey.current_version
    assert version is not None
    assert website.trust_question_text == version.parsed().question_map()["trust"].text
    assert website.trust_question_text.startswith("I trust ")
    assert [d.position for d in collection.details.order_by("position")] == [1, 2, 3]


def test_opening_is_idempotent_and_leaves_what_preparers_changed(world: World) -> None:
    answered(world.a.survey)

    first = collections_open(QUARTER)
    detail = first[0].details.get()
    detail_delete(detail, user=world.admin_a)
    again = collections_open(QUARTER)

    assert {c.service_id for c in first} == {world.a.service.pk, world.b.service.pk}
    assert again == []
    assert Collection.objects.count() == 2
    assert not CollectionDetail.objects.filter(collection=first[0]).exists()


def test_only_hisp_services_of_the_chosen_organization_get_a_collection(world: World) -> None:
    service_create(
        organization=world.a.organization,
        name="Library card",
        kind="informational",
        channels=["website"],
        is_hisp_service=False,
    )

    opened = collections_open(QUARTER, world.a.organization)

    assert [collection.service for collection in opened] == [world.a.service]
    assert opened[0].organization == world.a.organization
    assert opened[0].state == CollectionState.DRAFT


def test_spam_and_surveys_not_published_do_not_earn_a_row(world: World) -> None:
    spam = submit(world.a.survey, channel="phone")
    received_at(spam, INSIDE)
    mark(spam, is_spam=True)
    answered(world.a.v1_survey)
    survey_archive(survey=world.a.v1_survey, user=None)
    unpublished = survey_create_from_template(
        organization=world.a.organization,
        service=world.a.service,
        template_key="a11_v2_likert",
        user=None,
    )

    (collection,) = collections_open(QUARTER, world.a.organization)

    assert unpublished.current_version is None
    assert not collection.details.exists()


def test_open_collections_command_prints_what_it_opened(world: World) -> None:
    answered(world.a.survey)
    out = StringIO()

    call_command("open-collections", "--quarter", "fy2026-q1", "--organization", "AGA", stdout=out)
    call_command("open-collections", "--quarter", "FY2026-Q1", "--organization", "aga", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "Opened AGA · AGA benefit applications · FY2026 Q1 with 1 row.",
        "1 collection opened for FY2026 Q1; collections already open were left as they were.",
        "0 collections opened for FY2026 Q1; collections already open were left as they were.",
    ]


def test_open_collections_command_defaults_to_the_latest_complete_quarter(world: World) -> None:
    out = StringIO()

    call_command("open-collections", stdout=out)

    quarter = latest_complete_quarter(timezone.localdate())
    assert out.getvalue().splitlines()[-1].startswith(f"2 collections opened for {quarter.label}")
    assert Collection.objects.filter(fiscal_year=quarter.fiscal_year, quarter=quarter.quarter)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--quarter", "2026Q1"], "is not a fiscal quarter such as FY2026-Q1"),
        (["--quarter", "FY2026-Q5"], "is not a fiscal quarter such as FY2026-Q1"),
        (["--organization", "NOPE"], "no organization is abbreviated"),
    ],
)
def test_open_collections_command_names_a_bad_argument(
    world: World, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("open-collections", *arguments, stdout=StringIO())
    assert not Collection.objects.exists()


# Editable states --------------------------------------------------------------------------------


def test_a_collection_is_editable_in_draft_and_after_a_change_request(world: World) -> None:
    collection = draft(world)
    editable = {}
    for state in CollectionState:
        set_state(collection, state)
        editable[state] = collection_is_editable(collection)

    assert {state for state, yes in editable.items() if yes} == {
        CollectionState.DRAFT,
        CollectionState.CHANGE_REQUESTED,
    }


# Detail rows ------------------------------------------------------------------------------------


def test_a_survey_linked_row_takes_its_facts_from_the_survey(world: World) -> None:
    collection = draft(world)

    detail = detail_create(
        collection,
        user=world.admin_a,
        source=RespondentSource.SURVEY,
        survey=world.a.v1_survey,
        channel="phone",
        survey_type=SurveyType.THUMBS_UP_DOWN,  # ignored: the survey's own type wins
        volume_of_customers=10,
        volume_offered_survey=10,
    )
    second = upload_row(world, collection)

    assert detail.survey_type == SurveyType.LIKERT_SCALE
    assert detail.survey_title == world.a.v1_survey.title
    assert detail.trust_question_text.startswith("This interaction increased my confidence")
    assert (detail.position, second.position) == (1, 2)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"volume_of_customers": 10, "volume_offered_survey": 11}, "volume_offered_survey"),
        ({"survey": "other agency"}, "survey"),
        ({"source": RespondentSource.SURVEY}, "survey"),
        ({"survey": "own", "source": RespondentSource.UPLOAD}, "survey"),
        ({"omb_control_number": "12345678"}, "omb_control_number"),
        ({"survey_title": ""}, "survey_title"),
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"survey_type": "stars"}, "survey_type"),
        ({"transaction_point": "sometime"}, "transaction_point"),
    ],
)
def test_a_bad_row_is_refused_naming_the_field(
    world: World, fields: dict[str, Any], field: str
) -> None:
    surveys = {"other agency": world.b.survey, "own": world.a.survey}
    if "survey" in fields:
        fields["survey"] = surveys[fields["survey"]]
        fields.setdefault("source", RespondentSource.SURVEY)
    collection = draft(world)

    with pytest.raises(ValidationError) as caught:
        upload_row(world, collection, **fields)

    assert field in field_errors(caught)
    assert not collection.details.exists()


def test_the_same_survey_twice_on_one_channel_is_refused_on_the_channel(world: World) -> None:
    collection = draft(world)
    link = {"source": RespondentSource.SURVEY, "survey": world.a.survey, "channel": "website"}
    detail_create(collection, user=world.admin_a, **link)

    with pytest.raises(ValidationError) as caught:
        detail_create(collection, user=world.admin_a, **link)

    assert field_errors(caught) == {
        "channel": ["This survey already has a row for this channel in the collection."]
    }


def test_only_preparers_of_the_organization_change_rows(world: World) -> None:
    collection = draft(world)
    detail = upload_row(world, collection)

    for user in (world.viewer_a, world.outsider):
        with pytest.raises(PermissionDenied):
            detail_create(collection, user=user, source=RespondentSource.UPLOAD)
        with pytest.raises(PermissionDenied):
            detail_update(detail, user=user, survey_title="Changed")
        with pytest.raises(PermissionDenied):
            detail_delete(detail, user=user)
        with pytest.raises(PermissionDenied):
            respondents_upload(detail, data=b"", file_name="x.csv", user=user)

    detail.refresh_from_db()
    assert detail.survey_title == "Phone follow-up"
    assert collection.details.count() == 1


@pytest.mark.parametrize("state", NOT_EDITABLE_STATES)
def test_rows_of_a_collection_that_is_not_editable_cannot_change(world: World, state: str) -> None:
    collection = draft(world)
    detail = upload_row(world, collection)
    set_state(collection, state)
    data = (FILES / "thumbs_lf.csv").read_bytes()

    attempts: list[Callable[[], object]] = [
        lambda: upload_row(world, collection),
        lambda: detail_update(detail, user=world.admin_a, survey_title="Changed"),
        lambda: detail_delete(detail, user=world.admin_a),
        lambda: respondents_upload(detail, data=data, file_name="f.csv", user=world.admin_a),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="its rows can be changed only in draft"):
            attempt()

    detail.refresh_from_db()
    assert detail.survey_title == "Phone follow-up"
    assert not detail.respondents.exists()


def test_a_row_is_updated_but_keeps_its_source(world: World) -> None:
    collection = draft(world)
    detail = upload_row(world, collection)

    detail_update(detail, user=world.admin_a, service_stage="Apply", volume_of_customers=40)
    with pytest.raises(ValidationError) as caught:
        detail_update(
            detail, user=world.admin_a, source=RespondentSource.SURVEY, survey=world.a.survey
        )

    detail.refresh_from_db()
    assert (detail.service_stage, detail.volume_of_customers) == ("Apply", 40)
    assert detail.source == RespondentSource.UPLOAD
    assert "source" in field_errors(caught)


def test_an_uploaded_rows_survey_type_is_fixed_once_respondents_are_stored(world: World) -> None:
    detail = upload_row(world, draft(world))
    data = (FILES / "thumbs_lf.csv").read_bytes()
    respondents_upload(detail, data=data, file_name="thumbs.csv", user=world.manager_a)

    with pytest.raises(ValidationError) as caught:
        detail_update(detail, user=world.admin_a, survey_type=SurveyType.LIKERT_SCALE)

    assert "survey_type" in field_errors(caught)


def test_unknown_fields_are_a_programming_error(world: World) -> None:
    with pytest.raises(TypeError, match="respondents_frozen_at"):
        upload_row(world, draft(world), respondents_frozen_at=timezone.now())


def test_deleting_a_row_deletes_its_respondents(world: World) -> None:
    detail = upload_row(world, draft(world))
    data = (FILES / "thumbs_lf.csv").read_bytes()
    respondents_upload(detail, data=data, file_name="thumbs.csv", user=world.manager_a)

    detail_delete(detail, user=world.manager_a)

    assert not CollectionRespondent.objects.exists()
    assert not CollectionDetail.objects.exists()


# Uploads ----------------------------------------------------------------------------------------


def test_an_upload_is_stored_in_file_order_with_who_and_when(world: World) -> None:
    detail = upload_row(world, draft(world))
    data = (FILES / "thumbs_lf.csv").read_bytes()

    stored = respondents_upload(detail, data=data, file_name="thumbs.csv", user=world.manager_a)

    detail.refresh_from_db()
    assert stored == 6
    assert list(detail.respondents.values_list("line", "external_id")) == [
        (1, "A-1"),
        (2, "A-2"),
        (3, ""),
        (4, "A-4"),
        (5, "A-5"),
        (6, "A-6"),
    ]
    assert detail.uploaded_file_name == "thumbs.csv"
    assert detail.uploaded_by == world.manager_a
    assert detail.uploaded_at is not None
    assert detail_respondent_count(detail) == 6


def test_a_new_upload_replaces_the_earlier_one(world: World) -> None:
    detail = upload_row(world, draft(world), survey_type=SurveyType.LIKERT_SCALE)
    likert = (FILES / "likert_bom_crlf.csv").read_bytes()
    respondents_upload(detail, data=likert, file_name="first.csv", user=world.manager_a)
    shorter = likert.split(b"\r\n")
    second = b"\r\n".join(shorter[:3]) + b"\r\n"

    stored = respondents_upload(detail, data=second, file_name="second.csv", user=world.admin_a)

    detail.refresh_from_db()
    assert stored == 2
    assert list(detail.respondents.values_list("external_id", flat=True)) == ["L-1", "L-2"]
    assert (detail.uploaded_file_name, detail.uploaded_by) == ("second.csv", world.admin_a)


def test_a_rejected_upload_keeps_the_earlier_one_untouched(world: World) -> None:
    detail = upload_row(world, draft(world))
    good = (FILES / "thumbs_lf.csv").read_bytes()
    respondents_upload(detail, data=good, file_name="good.csv", user=world.manager_a)
    detail.refresh_from_db()
    before = list(detail.respondents.values_list("pk", "external_id"))
    uploaded_at = detail.uploaded_at

    with pytest.raises(RespondentFileError):
        respondents_upload(
            detail,
            data=(FILES / "thumbs_bad_flag.csv").read_bytes(),
            file_name="bad.csv",
            user=world.admin_a,
        )

    detail.refresh_from_db()
    assert list(detail.respondents.values_list("pk", "external_id")) == before
    assert (detail.uploaded_file_name, detail.uploaded_at) == ("good.csv", uploaded_at)


def test_a_survey_linked_row_takes_no_file(world: World) -> None:
    collection = draft(world)
    detail = detail_create(
        collection,
        user=world.admin_a,
        source=RespondentSource.SURVEY,
        survey=world.a.survey,
        channel="website",
    )

    with pytest.raises(ValidationError) as caught:
        respondents_upload(
            detail,
            data=(FILES / "thumbs_lf.csv").read_bytes(),
            file_name="f.csv",
            user=world.admin_a,
        )

    assert "source" in field_errors(caught)
    assert not detail.respondents.exists()


# Freezing ---------------------------------------------------------------------------------------


def frozen_collection(world: World) -> tuple[Collection, CollectionDetail, CollectionDetail]:
    answered(world.a.survey, channel="website")
    answered(world.a.survey, channel="website")
    answered(world.a.v1_survey, channel="website")
    (collection,) = collections_open(QUARTER, world.a.organization)
    v2 = collection.details.get(survey=world.a.survey)
    v1 = collection.details.get(survey=world.a.v1_survey)
    return collection, v2, v1


def test_freezing_copies_the_quarters_respondents_into_every_linked_row(world: World) -> None:
    collection, v2, v1 = frozen_collection(world)
    upload = upload_row(world, collection)
    respondents_upload(
        upload,
        data=(FILES / "thumbs_lf.csv").read_bytes(),
        file_name="f.csv",
        user=world.admin_a,
    )

    collection_freeze(collection)

    v2.refresh_from_db()
    v1.refresh_from_db()
    upload.refresh_from_db()
    assert v2.respondents.count() == 2
    assert v2.respondents_frozen_at is not None
    assert v2.v1_counts == {}
    assert v1.v1_counts["q1_4"] == 1
    assert v1.v1_counts["q2_5"] == 1
    assert v1.v1_counts[V1_RESPONDENTS_KEY] == 1
    assert not v1.respondents.exists()
    assert v1.respondents_frozen_at is not None
    assert upload.respondents.count() == 6
    assert upload.respondents_frozen_at is None


def test_freezing_twice_gives_the_same_rows(world: World) -> None:
    collection, v2, _v1 = frozen_collection(world)

    collection_freeze(collection)
    first = list(v2.respondents.values_list("line", "external_id", "question_1"))
    collection_freeze(collection)

    assert list(v2.respondents.values_list("line", "external_id", "question_1")) == first
    assert CollectionRespondent.objects.count() == 2


def test_a_resubmission_recounts_the_responses_as_they_are_then(world: World) -> None:
    collection, v2, v1 = frozen_collection(world)
    collection_freeze(collection)
    set_state(collection, CollectionState.SUBMITTED)
    spam = v2.respondents.first()
    assert spam is not None
    Response.objects.filter(receipt_id=spam.external_id).update(is_spam=True)
    answered(world.a.v1_survey, channel="website")
    v2.refresh_from_db()
    assert detail_respondent_count(v2) == 2  # submitted: what was frozen

    set_state(collection, CollectionState.CHANGE_REQUESTED)
    collection_freeze(collection)
    set_state(collection, CollectionState.SUBMITTED)

    v2.refresh_from_db()
    v1.refresh_from_db()
    assert detail_respondent_count(v2) == 1
    assert spam.external_id not in set(v2.respondents.values_list("external_id", flat=True))
    assert v1.v1_counts[V1_RESPONDENTS_KEY] == 2
    assert detail_respondent_count(v1) == 2


def test_freezing_thousands_of_responses_stores_each_once_in_order(world: World) -> None:
    survey = world.a.survey
    assert survey.current_version is not None
    total = 4500  # more than two batches of reading and of writing
    Response.objects.bulk_create(
        Response(
            organization_id=survey.organization_id,
            service_id=survey.service_id,
            survey=survey,
            survey_version=survey.current_version,
            channel="website",
            language="en",
            created_at=INSIDE + dt.timedelta(seconds=index),
            answers={"trust": 1, "drivers_positive": ["ease"]},
            receipt_id=f"F{index:09d}",
        )
        for index in range(total)
    )
    (collection,) = collections_open(QUARTER, world.a.organization)
    detail = collection.details.get()

    collection_freeze(collection)
    set_state(collection, CollectionState.SUBMITTED)

    detail.refresh_from_db()
    stored = list(detail.respondents.values_list("line", "external_id"))
    assert stored == [(index + 1, f"F{index:09d}") for index in range(total)]
    assert detail_respondent_count(detail) == total
