"""Reads for standards: what each person may see, and records streamed as columns.

Compliance reads a standard's records once per page as plain columns (`values_list`, streamed
in chunks) and does the arithmetic in NumPy; status changes come in one query for all the
cases involved, and survey answers in one query per batch of transaction IDs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Q, QuerySet

from govcx.registry.models import Organization, Role
from govcx.registry.selectors import AnyUser, organizations_where
from govcx.responses.models import Response
from govcx.standards.measurement import CaseTimes, pauses_from_status_changes
from govcx.standards.models import (
    Calendar,
    CallOutcome,
    CallRecord,
    CaseRecord,
    CaseStatusChange,
    Measure,
    Standard,
)
from govcx.surveys.models import SurveyVersion
from govcx.surveys.structure import QuestionType

EDIT_ROLES = (Role.ORGANIZATION_ADMIN, Role.PERFORMANCE_MANAGER)
STREAM_CHUNK_SIZE = 5_000
# Well under SQLite's oldest limit of 999 bound parameters, and a modest IN list for PostgreSQL.
TRANSACTION_ID_BATCH_SIZE = 500
TRUST_KEY = "trust"
SATISFACTION_KEY = "satisfaction"
TRANSACTION_ID_KEY = "transaction_id"
POSITIVE_FROM = 4  # on a five-point scale, 4 (agree) and 5 (strongly agree) are positive
THUMBS_UP = 1

T = TypeVar("T")


# --- who sees what --------------------------------------------------------------------------------


def standards_visible_to(user: AnyUser) -> QuerySet[Standard]:
    """Standards of every organization the user belongs to, in any role."""
    return Standard.objects.filter(organization__in=organizations_where(user)).select_related(
        "organization", "service", "calendar"
    )


def standard_visible_to(user: AnyUser, public_id: uuid.UUID) -> Standard | None:
    return standards_visible_to(user).filter(public_id=public_id).first()


def organizations_editing_standards(user: AnyUser) -> QuerySet[Organization]:
    """Where the user may define standards and calendars: organization admins, performance
    managers."""
    return organizations_where(user, EDIT_ROLES)


def can_edit_standards(user: AnyUser, organization_id: int) -> bool:
    return organizations_editing_standards(user).filter(pk=organization_id).exists()


def calendars_visible_to(user: AnyUser) -> QuerySet[Calendar]:
    return (
        Calendar.objects.filter(organization__in=organizations_where(user))
        .select_related("organization")
        .annotate(closure_count=Count("closures"))
        .order_by("organization__name", "name")
    )


def calendar_visible_to(user: AnyUser, public_id: uuid.UUID) -> Calendar | None:
    return calendars_visible_to(user).filter(public_id=public_id).first()


def organization_by_abbreviation(abbreviation: str) -> Organization | None:
    """An agency for its public pages; abbreviations are matched whatever their case."""
    return Organization.objects.filter(abbreviation__iexact=abbreviation).first()


def public_standards_of(organization: Organization) -> list[Standard]:
    return list(
        Standard.objects.filter(organization=organization, active=True)
        .select_related("organization", "service", "calendar")
        .order_by("service__name", "channel", "measure", "pk")
    )


# --- cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseColumns:
    """A standard's cases in one time range, in the order read."""

    times: list[CaseTimes]
    transaction_ids: list[str]


def _records_of(standard: Standard) -> Q:
    return Q(
        organization_id=standard.organization_id,
        service_id=standard.service_id,
        channel=standard.channel,
    )


def case_columns(
    standard: Standard, *, start_at: dt.datetime, end_at: dt.datetime, as_of: dt.datetime
) -> CaseColumns:
    """Cases received in [start_at, end_at), with their pauses as they stood at `as_of`."""
    received_in_range = Q(received_at__gte=start_at, received_at__lt=end_at)
    rows = (
        CaseRecord.objects.filter(_records_of(standard) & received_in_range)
        .order_by()
        .values_list("pk", "received_at", "first_response_at", "resolved_at", "transaction_id")
        .iterator(chunk_size=STREAM_CHUNK_SIZE)
    )
    changes = _status_changes(standard, received_in_range)
    times: list[CaseTimes] = []
    transaction_ids: list[str] = []
    for pk, received_at, first_response_at, resolved_at, transaction_id in rows:
        pauses = pauses_from_status_changes(changes.get(pk, ()), until=as_of)
        times.append(CaseTimes(received_at, first_response_at, resolved_at, pauses))
        transaction_ids.append(transaction_id)
    return CaseColumns(times=times, transaction_ids=transaction_ids)


def _status_changes(standard: Standard, case_filter: Q) -> dict[int, list[tuple[str, dt.datetime]]]:
    """Status changes of every case the filter selects, in time order, from one query."""
    cases = CaseRecord.objects.filter(_records_of(standard) & case_filter).values("pk")
    rows = (
        CaseStatusChange.objects.filter(case_id__in=cases)
        .order_by("case_id", "changed_at", "pk")
        .values_list("case_id", "status", "changed_at")
        .iterator(chunk_size=STREAM_CHUNK_SIZE)
    )
    grouped: dict[int, list[tuple[str, dt.datetime]]] = {}
    for case_id, status, changed_at in rows:
        grouped.setdefault(case_id, []).append((status, changed_at))
    return grouped


def open_case_times(standard: Standard, *, as_of: dt.datetime) -> list[CaseTimes]:
    """Cases received by `as_of` whose measured event had not happened by then: the backlog."""
    finish_field = (
        "first_response_at" if standard.measure == Measure.TIME_TO_FIRST_RESPONSE else "resolved_at"
    )
    not_finished = Q(**{f"{finish_field}__isnull": True}) | Q(**{f"{finish_field}__gt": as_of})
    rows = (
        CaseRecord.objects.filter(_records_of(standard) & Q(received_at__lte=as_of) & not_finished)
        .order_by()
        .values_list("received_at", flat=True)
        .iterator(chunk_size=STREAM_CHUNK_SIZE)
    )
    return [CaseTimes(received_at, None, None) for received_at in rows]


# --- calls ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CallColumns:
    offered_at: list[dt.datetime]
    answered: npt.NDArray[np.bool_]
    wait_seconds: npt.NDArray[np.float64]
    transaction_ids: list[str]


def call_columns(standard: Standard, *, start_at: dt.datetime, end_at: dt.datetime) -> CallColumns:
    """Calls offered in [start_at, end_at)."""
    rows = (
        CallRecord.objects.filter(
            _records_of(standard), offered_at__gte=start_at, offered_at__lt=end_at
        )
        .order_by()
        .values_list("offered_at", "outcome", "wait_seconds", "transaction_id")
        .iterator(chunk_size=STREAM_CHUNK_SIZE)
    )
    offered_at: list[dt.datetime] = []
    answered: list[bool] = []
    waits: list[int] = []
    transaction_ids: list[str] = []
    for offered, outcome, wait_seconds, transaction_id in rows:
        offered_at.append(offered)
        answered.append(outcome == CallOutcome.ANSWERED)
        waits.append(wait_seconds)
        transaction_ids.append(transaction_id)
    return CallColumns(
        offered_at=offered_at,
        answered=np.array(answered, dtype=np.bool_),
        wait_seconds=np.array(waits, dtype=np.float64),
        transaction_ids=transaction_ids,
    )


# --- what customers said --------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerAnswer:
    """One customer's latest survey response, reduced to what the join compares."""

    trusts: bool | None  # None: the response has no trust answer
    satisfied: bool | None  # None: no satisfaction question (A-11 version 2)


def _batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def customer_answers(
    organization_id: int, transaction_ids: Collection[str]
) -> dict[str, CustomerAnswer]:
    """The latest usable response per transaction ID: not spam, flagged or deleted.

    One query per batch of IDs, matching the hidden `transaction_id` answer by JSON key, and
    one more for the trust question's scale in each survey version found.
    """
    wanted = sorted({tid for tid in transaction_ids if tid})
    rows: list[tuple[Any, ...]] = []
    for batch in _batches(wanted, TRANSACTION_ID_BATCH_SIZE):
        rows.extend(
            Response.objects.filter(
                organization_id=organization_id,
                is_spam=False,
                is_flagged=False,
                is_deleted=False,
                **{f"answers__{TRANSACTION_ID_KEY}__in": list(batch)},
            )
            .order_by("created_at", "pk")
            .values_list(
                f"answers__{TRANSACTION_ID_KEY}",
                "survey_version_id",
                f"answers__{TRUST_KEY}",
                f"answers__{SATISFACTION_KEY}",
            )
        )
    scales = trust_scales_by_version(row[1] for row in rows)
    latest: dict[str, CustomerAnswer] = {}
    for transaction_id, version_id, trust, satisfaction in rows:  # oldest first: last one wins
        latest[str(transaction_id)] = CustomerAnswer(
            trusts=_is_positive(trust, scales.get(version_id)),
            satisfied=_is_positive(satisfaction, QuestionType.LIKERT),
        )
    return latest


def trust_scales_by_version(version_ids: Iterable[int]) -> dict[int, QuestionType | None]:
    """The type of each version's trust question: thumbs (1 is up) or a five-point scale."""
    versions = SurveyVersion.objects.filter(pk__in=set(version_ids)).only("structure")
    scales: dict[int, QuestionType | None] = {}
    for version in versions:
        trust = version.parsed().question_map().get(TRUST_KEY)
        scales[version.pk] = None if trust is None else QuestionType(trust.type)
    return scales


def _is_positive(answer: object, scale: QuestionType | None) -> bool | None:
    """Thumbs up, or 4–5 on a five-point scale; None when there is no usable answer."""
    point = _whole_number(answer)
    if point is None or scale is None:
        return None
    if scale == QuestionType.THUMBS:
        return point == THUMBS_UP
    if scale in {QuestionType.LIKERT, QuestionType.STAR}:
        return point >= POSITIVE_FROM
    return None


def _whole_number(answer: object) -> int | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, int):
        return answer
    if isinstance(answer, str) and answer.strip().isdigit():
        return int(answer.strip())
    return None
