"""Every write to a quarterly collection's data: opening it, its detail rows, their respondents.

State changes (submit, publish, request changes, rate) belong to the workflow; it calls
`collection_freeze` when a collection is submitted, so that the respondents a reviewer rates
are copied once and cannot drift as responses are triaged afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter
from govcx.lib.redaction import AgencyPattern, redact
from govcx.registry.models import Organization, Service, ServiceVolume, User
from govcx.registry.selectors import redaction_patterns_compiled
from govcx.reporting.counting import (
    CHUNK_SIZE,
    TRUST_KEY,
    collection_is_editable,
    counted_in_quarter,
    is_v1_detail,
    live_respondent_rows,
    live_v1_counts,
)
from govcx.reporting.models import (
    Collection,
    CollectionDetail,
    CollectionRespondent,
    RespondentSource,
    SurveyType,
)
from govcx.reporting.respondents import RespondentRow, parse_respondent_file
from govcx.reporting.selectors import a11_surveys_of_service, can_prepare_collection
from govcx.responses.redaction import positions_after
from govcx.surveys.models import Survey, SurveyKind, SurveyState

__all__ = [
    "DETAIL_FIELDS",
    "collection_freeze",
    "collection_is_editable",
    "collections_open",
    "detail_create",
    "detail_delete",
    "detail_update",
    "respondents_redact_again",
    "respondents_upload",
]

# What a preparer sets on a detail row; everything else is counted or recorded by govcx.
DETAIL_FIELDS = frozenset(
    {
        "channel",
        "transaction_point",
        "service_stage",
        "survey_type",
        "survey_title",
        "omb_control_number",
        "trust_question_text",
        "volume_of_customers",
        "volume_offered_survey",
        "source",
        "survey",
    }
)
SURVEY_TYPES_BY_KIND: dict[str, str] = {
    SurveyKind.A11_V1: SurveyType.LIKERT_SCALE,
    SurveyKind.A11_V2_THUMBS: SurveyType.THUMBS_UP_DOWN,
    SurveyKind.A11_V2_LIKERT: SurveyType.LIKERT_SCALE,
}
NOT_EDITABLE = (
    "This collection is {state}; its rows can be changed only in draft or after a change request."
)


# Opening collections ------------------------------------------------------------------------


def collections_open(
    quarter: FiscalQuarter, organization: Organization | None = None
) -> list[Collection]:
    """Open the quarter's collection of every HISP service (of one organization, or all).

    Returns only the collections opened now: running it again opens nothing more and leaves
    collections already open, and the rows preparers changed in them, as they are.
    """
    services = Service.objects.filter(is_hisp_service=True).order_by("organization_id", "name")
    if organization is not None:
        services = services.filter(organization=organization)
    opened = []
    for service in services:
        collection = _collection_open(service, quarter)
        if collection is not None:
            opened.append(collection)
    return opened


@transaction.atomic
def _collection_open(service: Service, quarter: FiscalQuarter) -> Collection | None:
    collection, created = Collection.objects.get_or_create(
        service=service,
        fiscal_year=quarter.fiscal_year,
        quarter=quarter.quarter,
        defaults={"organization_id": service.organization_id},
    )
    if not created:
        return None
    _details_prefill(collection)
    return collection


def _details_prefill(collection: Collection) -> None:
    """A survey-linked row for each published A-11 survey of the service and each of its
    channels that had counted responses in the quarter or has volumes recorded for it."""
    service, quarter = collection.service, collection.fiscal_quarter
    surveys = list(
        a11_surveys_of_service(service)
        .filter(state=SurveyState.PUBLISHED)
        .select_related("current_version")
    )
    volumes = {
        volume.channel: volume
        for volume in ServiceVolume.objects.filter(
            service=service, fiscal_year=quarter.fiscal_year, fiscal_quarter=quarter.quarter
        )
    }
    answered = set(
        counted_in_quarter(quarter)
        .filter(survey__in=surveys)
        .values_list("survey_id", "channel")
        .distinct()
        .order_by()
    )
    details = [
        _prefilled_detail(collection, survey, channel, volumes.get(channel))
        for survey in surveys
        for channel in service.channels
        if channel in volumes or (survey.pk, channel) in answered
    ]
    for position, detail in enumerate(details, start=1):
        detail.position = position
        detail.full_clean()
    CollectionDetail.objects.bulk_create(details)


def _prefilled_detail(
    collection: Collection, survey: Survey, channel: str, volume: ServiceVolume | None
) -> CollectionDetail:
    return CollectionDetail(
        collection=collection,
        channel=channel,
        source=RespondentSource.SURVEY,
        survey=survey,
        **_survey_facts(survey),
        volume_of_customers=None if volume is None else volume.customers,
        volume_offered_survey=None if volume is None else volume.offered_survey,
    )


def _survey_facts(survey: Survey) -> dict[str, str]:
    """What a detail row repeats of its survey: type, title, OMB number, trust question."""
    return {
        "survey_type": SURVEY_TYPES_BY_KIND[survey.kind],
        "survey_title": survey.title,
        "omb_control_number": survey.omb_control_number,
        "trust_question_text": trust_question_text(survey),
    }


def trust_question_text(survey: Survey) -> str:
    """The trust question as the survey's current version words it ("" if it has none)."""
    version = survey.current_version
    if version is None:
        return ""
    question = version.parsed().question_map().get(TRUST_KEY)
    return "" if question is None else question.text


# Detail rows --------------------------------------------------------------------------------


def _require_preparer(user: User, collection: Collection) -> None:
    if not can_prepare_collection(user, collection):
        raise PermissionDenied("Only organization admins and survey managers prepare collections.")


def _require_editable(collection: Collection) -> None:
    if not collection_is_editable(collection):
        state = collection.get_state_display().lower()
        raise ValidationError(NOT_EDITABLE.format(state=state))


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = sorted(set(fields) - DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not a field a preparer sets: {', '.join(unknown)}.")


@transaction.atomic
def detail_create(collection: Collection, *, user: User, **fields: Any) -> CollectionDetail:
    """A new row; a survey-linked row takes its type, title, OMB number and trust question
    from the survey where the fields are left empty."""
    _unknown_fields(fields)
    collection = _locked(collection)
    _require_preparer(user, collection)
    _require_editable(collection)
    detail = CollectionDetail(collection=collection, **fields)
    _fill_from_survey(detail)
    _validate(detail)
    last = collection.details.aggregate(last=Max("position"))["last"]
    detail.position = (last or 0) + 1
    detail.save()
    return detail


@transaction.atomic
def detail_update(detail: CollectionDetail, *, user: User, **fields: Any) -> CollectionDetail:
    """Change a row. Its source stays as created: delete the row to report another way."""
    _unknown_fields(fields)
    collection = _locked(detail.collection)
    _require_preparer(user, collection)
    _require_editable(collection)
    if "source" in fields and fields["source"] != detail.source:
        raise ValidationError(
            {"source": "A row's source cannot change; delete the row and add a new one."}
        )
    has_rows = detail.source == RespondentSource.UPLOAD and detail.respondents.exists()
    if has_rows and fields.get("survey_type", detail.survey_type) != detail.survey_type:
        raise ValidationError(
            {
                "survey_type": "Respondents were uploaded for this survey type; delete the row "
                "and add a new one to upload a file of another type."
            }
        )
    for name, value in fields.items():
        setattr(detail, name, value)
    _fill_from_survey(detail)
    _validate(detail)
    detail.save()
    return detail


@transaction.atomic
def detail_delete(detail: CollectionDetail, *, user: User) -> None:
    collection = _locked(detail.collection)
    _require_preparer(user, collection)
    _require_editable(collection)
    detail.delete()


def _locked(collection: Collection) -> Collection:
    """The collection, re-read and locked, so that a submission cannot slip in between the
    check that it is editable and the write."""
    locked = Collection.objects.select_for_update(of=("self",))
    return locked.select_related("organization", "service").get(pk=collection.pk)


def _fill_from_survey(detail: CollectionDetail) -> None:
    """A survey-linked row's type always follows its survey; other facts only when left empty."""
    survey = detail.survey
    if survey is None or survey.kind not in SURVEY_TYPES_BY_KIND:
        return
    for name, value in _survey_facts(survey).items():
        if name == "survey_type" or not getattr(detail, name):
            setattr(detail, name, value)


def _validate(detail: CollectionDetail) -> None:
    """Rules of a row, each error on the field it concerns, then the model's own checks."""
    errors: dict[str, str] = {}
    errors |= _source_errors(detail)
    errors |= _volume_errors(detail)
    errors |= _duplicate_errors(detail)
    if errors:
        raise ValidationError(errors)
    detail.full_clean()


def _source_errors(detail: CollectionDetail) -> dict[str, str]:
    if detail.source == RespondentSource.UPLOAD:
        if detail.survey is not None:
            return {"survey": "A row reporting an uploaded file is not linked to a survey."}
        return {}
    if detail.source != RespondentSource.SURVEY:
        return {}  # full_clean names an unknown source
    survey = detail.survey
    if survey is None:
        return {"survey": "Choose the govcx survey whose responses this row counts."}
    service = detail.collection.service
    if not a11_surveys_of_service(service).filter(pk=survey.pk).exists():
        return {"survey": f"Choose an A-11 survey of {service.name}."}
    return {}


def _volume_errors(detail: CollectionDetail) -> dict[str, str]:
    customers, offered = detail.volume_of_customers, detail.volume_offered_survey
    if customers is not None and offered is not None and offered > customers:
        return {
            "volume_offered_survey": (
                "Customers offered a survey cannot be more than the customers served "
                f"({customers:,})."
            )
        }
    return {}


def _duplicate_errors(detail: CollectionDetail) -> dict[str, str]:
    if detail.survey_id is None:
        return {}
    others = CollectionDetail.objects.filter(
        collection_id=detail.collection_id, survey_id=detail.survey_id, channel=detail.channel
    ).exclude(pk=detail.pk)
    if others.exists():
        return {"channel": "This survey already has a row for this channel in the collection."}
    return {}


# Respondents --------------------------------------------------------------------------------


@transaction.atomic
def respondents_upload(detail: CollectionDetail, *, data: bytes, file_name: str, user: User) -> int:
    """Store an uploaded respondent file in place of any earlier one; all or nothing.

    The file is read completely before anything is written; a RespondentFileError names every
    problem and leaves the earlier upload untouched. Returns the number of respondents stored.
    """
    collection = _locked(detail.collection)
    _require_preparer(user, collection)
    _require_editable(collection)
    if detail.source != RespondentSource.UPLOAD:
        raise ValidationError(
            {"source": "This row counts a govcx survey's responses; it takes no uploaded file."}
        )
    rows = parse_respondent_file(data, detail.survey_type)
    stored = _respondents_replace(detail, rows)
    detail.uploaded_file_name = file_name[:255]
    detail.uploaded_at = timezone.now()
    detail.uploaded_by = user
    detail.save(update_fields=["uploaded_file_name", "uploaded_at", "uploaded_by"])
    return stored


def _respondents_replace(detail: CollectionDetail, rows: Iterable[RespondentRow]) -> int:
    """Delete the detail's rows and store these, numbered in order, in batches.

    Every question_4 passes through the redactor first, with the organization's patterns:
    an uploaded file's comments were never redacted, and responses stored before redaction
    began may still carry personal information. The file has no language column, so every
    language's rules apply.
    """
    CollectionRespondent.objects.filter(detail=detail).delete()
    patterns = redaction_patterns_compiled(detail.collection.organization_id)
    numbered = (_respondent(detail, line, row, patterns) for line, row in enumerate(rows, start=1))
    stored = 0
    for batch in _batches(numbered, CHUNK_SIZE):
        CollectionRespondent.objects.bulk_create(batch)
        stored += len(batch)
    return stored


def _respondent(
    detail: CollectionDetail, line: int, row: RespondentRow, patterns: Sequence[AgencyPattern]
) -> CollectionRespondent:
    fields = row.model_fields()
    if row.question_4:
        redaction = redact(row.question_4, language=None, patterns=patterns)
        fields["question_4"] = redaction.text
        fields["question_4_redactions"] = redaction.stored_positions()
    return CollectionRespondent(detail=detail, line=line, **fields)


def respondents_redact_again(
    *, organization: Organization, dry_run: bool = False, batch_size: int = CHUNK_SIZE
) -> tuple[int, int]:
    """Run the organization's stored question_4 comments through the redactor again, in
    batches by primary key; placeholders already there stay. Returns (read, changed)."""
    patterns = redaction_patterns_compiled(organization.pk)
    rows = (
        CollectionRespondent.objects.filter(detail__collection__organization=organization)
        .exclude(question_4="")
        .only("pk", "question_4", "question_4_redactions")
        .order_by("pk")
    )
    read = changed = last = 0
    while batch := list(rows.filter(pk__gt=last)[:batch_size]):
        redacted = [row for row in batch if _question_4_redact_again(row, patterns)]
        if redacted and not dry_run:
            CollectionRespondent.objects.bulk_update(
                redacted, ["question_4", "question_4_redactions"]
            )
        read, changed, last = read + len(batch), changed + len(redacted), batch[-1].pk
    return read, changed


def _question_4_redact_again(row: CollectionRespondent, patterns: Sequence[AgencyPattern]) -> bool:
    redaction = redact(row.question_4, language=None, patterns=patterns)
    if not redaction.changed:
        return False
    row.question_4 = redaction.text
    row.question_4_redactions = positions_after(row.question_4_redactions, redaction)
    return True


def _batches(items: Iterable[CollectionRespondent], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def collection_freeze(collection: Collection) -> None:
    """Copy the quarter's counted responses into every survey-linked row of the collection.

    Called by the workflow when the collection is submitted. A version 2 survey's respondents
    become respondent rows; a version 1 survey's become its quarterly counts. Freezing again
    (a resubmission after a change request) recounts from the responses as they are then.
    Rows of uploaded files are left as uploaded.
    """
    collection = _locked(collection)
    frozen_at = timezone.now()
    details = collection.details.filter(source=RespondentSource.SURVEY).select_related("survey")
    for detail in details:
        detail.collection = collection
        _detail_freeze(detail, frozen_at)


def _detail_freeze(detail: CollectionDetail, frozen_at: Any) -> None:
    if is_v1_detail(detail):
        CollectionRespondent.objects.filter(detail=detail).delete()
        detail.v1_counts = live_v1_counts(detail)
    else:
        _respondents_replace(detail, live_respondent_rows(detail))
        detail.v1_counts = {}
    detail.respondents_frozen_at = frozen_at
    detail.save(update_fields=["v1_counts", "respondents_frozen_at"])
