"""Respondents of a collection's detail rows, counted from responses or from stored rows.

A detail linked to a govcx survey counts that survey's responses on the detail's channel
whose `created_at` falls in the collection's fiscal quarter, in UTC (from the first day's
00:00 UTC up to, not including, the next quarter's first day at 00:00 UTC), and that count
(`responses.models.COUNTED`: not spam, not flagged, not deleted).

While a collection can still be edited its figures are live; once it is submitted they are
the rows frozen at submission, so that what a reviewer rated cannot drift as responses are
triaged later. An uploaded file's rows are always the stored ones.

This module only reads; storing rows is done by the services in `collections.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from govcx.lib.a11 import V2_DRIVERS
from govcx.lib.fiscal import FiscalQuarter
from govcx.reporting.models import (
    RESPONDENT_COLUMNS,
    Collection,
    CollectionDetail,
    CollectionRespondent,
    CollectionState,
    RespondentSource,
)
from govcx.reporting.respondents import RespondentRow
from govcx.responses.models import COUNTED, Response
from govcx.surveys.models import SurveyKind, SurveyVersion
from govcx.surveys.structure import QuestionType, SurveyStructure

# States in which preparers may still change a collection, and figures stay live.
EDITABLE_STATES = frozenset({CollectionState.DRAFT, CollectionState.CHANGE_REQUESTED})
# The A-11 version 1 items in the order the quarterly counts number them (q1_… to q7_…).
V1_ITEM_KEYS: tuple[str, ...] = (
    "satisfaction",
    "trust",
    "effectiveness",
    "ease",
    "efficiency",
    "transparency",
    "employee",
)
V1_SCALE_POINTS: tuple[int, ...] = (1, 2, 3, 4, 5)
V1_COUNT_KEYS: tuple[str, ...] = tuple(
    f"q{item}_{point}" for item in range(1, len(V1_ITEM_KEYS) + 1) for point in V1_SCALE_POINTS
)
# Stored beside the q counts in `v1_counts`: respondents who did not answer item 1 would be
# lost if the respondent count were taken from item 1's counts.
V1_RESPONDENTS_KEY = "respondents"
# Rows read from the database at a time, so that 100,000 responses never sit in memory at once.
CHUNK_SIZE = 2000
TRUST_KEY = "trust"
COMMENTS_KEY = "comments"
POSITIVE_KEY = "drivers_positive"
NEGATIVE_KEY = "drivers_negative"


def collection_is_editable(collection: Collection) -> bool:
    """Whether preparers may change the collection: while in draft or after a change request."""
    return collection.state in EDITABLE_STATES


def quarter_window(quarter: FiscalQuarter) -> tuple[dt.datetime, dt.datetime]:
    """The quarter as UTC instants: its first day at 00:00 and the next quarter's first day."""
    start = dt.datetime.combine(quarter.start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(quarter.end_exclusive, dt.time.min, tzinfo=dt.UTC)
    return start, end


def counted_in_quarter(quarter: FiscalQuarter) -> QuerySet[Response]:
    """Every counted response received in the quarter."""
    start, end = quarter_window(quarter)
    return Response.objects.filter(COUNTED, created_at__gte=start, created_at__lt=end)


def is_v1_detail(detail: CollectionDetail) -> bool:
    return detail.survey is not None and detail.survey.kind == SurveyKind.A11_V1


def detail_responses(detail: CollectionDetail) -> QuerySet[Response]:
    """The counted responses a survey-linked detail reports (none for an uploaded file)."""
    if detail.survey_id is None:
        return Response.objects.none()
    responses = counted_in_quarter(detail.collection.fiscal_quarter).filter(
        survey_id=detail.survey_id, channel=detail.channel
    )
    if not is_v1_detail(detail):
        # Question 1 is required, so every version 2 response has it; a row without it could
        # not be written to the respondent file, and would make the count and the file differ.
        responses = responses.filter(answers__has_key=TRUST_KEY)
    return responses


def uses_stored_rows(detail: CollectionDetail) -> bool:
    """Whether the detail's figures are its stored rows rather than live responses."""
    if detail.source == RespondentSource.UPLOAD:
        return True
    frozen = detail.respondents_frozen_at is not None
    return frozen and not collection_is_editable(detail.collection)


@dataclass(frozen=True)
class VersionSides:
    """What one survey version asked after question 1: the drivers each side offered."""

    trust_type: QuestionType | None
    offered: Mapping[str, frozenset[str]]  # "positive" / "negative" -> driver values

    @classmethod
    def of(cls, structure: SurveyStructure) -> VersionSides:
        questions = structure.question_map()
        trust = questions.get(TRUST_KEY)
        offered = {
            side: frozenset(option.value for option in question.options)
            for side, key in (("positive", POSITIVE_KEY), ("negative", NEGATIVE_KEY))
            if (question := questions.get(key)) is not None
        }
        return cls(trust_type=None if trust is None else trust.type, offered=offered)

    def is_positive(self, trust: int) -> bool:
        """Thumbs up, or 4–5 on the five-point scale, was followed by "What went well?"."""
        if self.trust_type is QuestionType.THUMBS:
            return trust == 1
        return trust >= 4

    def flags(self, side: str, chosen: object) -> list[int | None]:
        """1 chosen, 0 offered and not chosen, None not offered; one per A-11 driver."""
        offered = self.offered.get(side, frozenset())
        picked = {str(value) for value in chosen} if isinstance(chosen, list) else set()
        return [
            (1 if driver in picked else 0) if driver in offered else None for driver in V2_DRIVERS
        ]


class VersionCache:
    """Each survey version's sides, read once however many responses answered it."""

    def __init__(self) -> None:
        self._sides: dict[int, VersionSides] = {}

    def sides(self, version_id: int) -> VersionSides:
        if version_id not in self._sides:
            version = SurveyVersion.objects.get(pk=version_id)
            self._sides[version_id] = VersionSides.of(version.parsed())
        return self._sides[version_id]


def respondent_row(
    receipt_id: str, answers: Mapping[str, Any], sides: VersionSides
) -> RespondentRow | None:
    """A version 2 response as a respondent-file row; None if it has no usable question 1."""
    try:
        trust = int(answers[TRUST_KEY])
    except (KeyError, TypeError, ValueError):
        return None
    # The question not shown offered nothing: its flags are null.
    unseen: list[int | None] = [None] * len(V2_DRIVERS)
    if sides.is_positive(trust):
        flags = sides.flags("positive", answers.get(POSITIVE_KEY)) + unseen
    else:
        flags = unseen + sides.flags("negative", answers.get(NEGATIVE_KEY))
    comments = answers.get(COMMENTS_KEY)
    return RespondentRow(
        external_id=receipt_id,
        question_1=trust,
        flags=tuple(flags),
        question_4=comments if isinstance(comments, str) else "",
    )


def live_respondent_rows(detail: CollectionDetail) -> Iterator[RespondentRow]:
    """The detail's version 2 respondents, built from its counted responses, oldest first."""
    versions = VersionCache()
    responses = (
        detail_responses(detail)
        .order_by("created_at", "id")
        .values_list("receipt_id", "survey_version_id", "answers")
    )
    for receipt_id, version_id, answers in responses.iterator(chunk_size=CHUNK_SIZE):
        row = respondent_row(receipt_id, answers, versions.sides(version_id))
        if row is not None:
            yield row


def stored_respondent_rows(detail: CollectionDetail) -> Iterator[RespondentRow]:
    """The rows stored for the detail (uploaded, or frozen at submission), in file order."""
    values = (
        CollectionRespondent.objects.filter(detail=detail)
        .order_by("line")
        .values_list(*RESPONDENT_COLUMNS)
    )
    for row in values.iterator(chunk_size=CHUNK_SIZE):
        yield RespondentRow.from_values(row)


def detail_respondent_rows(detail: CollectionDetail) -> Iterator[RespondentRow]:
    """What the detail's respondent file holds now: stored rows, or live ones while editable."""
    if uses_stored_rows(detail):
        return stored_respondent_rows(detail)
    if is_v1_detail(detail):
        return iter(())
    return live_respondent_rows(detail)


def v1_counts_of(answers: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """The A-11 version 1 quarterly counts (q1_1 … q7_5) and the number of respondents."""
    points: Counter[str] = Counter()
    respondents = 0
    for answer in answers:
        respondents += 1
        for item, key in enumerate(V1_ITEM_KEYS, start=1):
            point = _scale_point(answer.get(key))
            if point is not None:
                points[f"q{item}_{point}"] += 1
    counts = {key: points[key] for key in V1_COUNT_KEYS}
    counts[V1_RESPONDENTS_KEY] = respondents
    return counts


def _scale_point(value: object) -> int | None:
    try:
        point = int(str(value))
    except ValueError:
        return None
    return point if point in V1_SCALE_POINTS else None


def live_v1_counts(detail: CollectionDetail) -> dict[str, int]:
    answers = detail_responses(detail).values_list("answers", flat=True)
    return v1_counts_of(answers.iterator(chunk_size=CHUNK_SIZE))


def detail_v1_counts(detail: CollectionDetail) -> dict[str, int]:
    """A version 1 detail's counts: frozen at submission, live while the collection is editable."""
    if uses_stored_rows(detail):
        stored = detail.v1_counts or {}
        return {key: int(stored.get(key, 0)) for key in (*V1_COUNT_KEYS, V1_RESPONDENTS_KEY)}
    return live_v1_counts(detail)


def detail_respondent_count(detail: CollectionDetail) -> int:
    """How many respondents the detail reports (live while editable, frozen once submitted)."""
    return respondent_counts([detail])[detail.pk]


def respondent_counts(details: Iterable[CollectionDetail]) -> dict[int, int]:
    """Respondents per detail (by primary key), in a few grouped queries for any number of rows.

    Details must come with their collection and survey (select_related) to avoid a query each.
    """
    details = list(details)
    stored = [detail for detail in details if uses_stored_rows(detail)]
    live = [detail for detail in details if not uses_stored_rows(detail)]
    counts = _stored_counts(stored)
    counts.update(_live_counts(live))
    return {detail.pk: counts.get(detail.pk, 0) for detail in details}


def _stored_counts(details: list[CollectionDetail]) -> dict[int, int]:
    counts = {
        detail.pk: int((detail.v1_counts or {}).get(V1_RESPONDENTS_KEY, 0))
        for detail in details
        if is_v1_detail(detail)
    }
    row_details = [detail.pk for detail in details if not is_v1_detail(detail)]
    if row_details:
        grouped = (
            CollectionRespondent.objects.filter(detail_id__in=row_details)
            .values_list("detail_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts.update(dict(grouped))
    return counts


def _live_counts(details: list[CollectionDetail]) -> dict[int, int]:
    """Counted responses per detail, one grouped query per fiscal quarter among the details."""
    by_quarter: dict[FiscalQuarter, list[CollectionDetail]] = {}
    for detail in details:
        if detail.survey_id is not None:
            by_quarter.setdefault(detail.collection.fiscal_quarter, []).append(detail)
    counts: dict[int, int] = {}
    for quarter, quarter_details in by_quarter.items():
        counts.update(_quarter_counts(quarter, quarter_details))
    return counts


def _quarter_counts(quarter: FiscalQuarter, details: list[CollectionDetail]) -> dict[int, int]:
    wanted = Q(pk__in=[])
    for detail in details:
        one = Q(survey_id=detail.survey_id, channel=detail.channel)
        if not is_v1_detail(detail):
            one &= Q(answers__has_key=TRUST_KEY)
        wanted |= one
    grouped = (
        counted_in_quarter(quarter)
        .filter(wanted)
        .values_list("survey_id", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    totals = {(survey_id, channel): n for survey_id, channel, n in grouped}
    return {detail.pk: totals.get((detail.survey_id, detail.channel), 0) for detail in details}
