"""Scoping and filtering of responses, whatever the filters ask for."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser

from govcx.registry.models import Role
from govcx.registry.selectors import AnyUser
from govcx.registry.services import membership_grant
from govcx.responses.selectors import (
    ResponseFilters,
    response_filter_services,
    response_filter_surveys,
    responses_for,
    surveys_with_response_counts,
)
from tests.conftest import World, make_user
from tests.responses.helpers import mark, received_at, submit, utc


def receipts(user: AnyUser, filters: ResponseFilters) -> set[str]:
    return set(responses_for(user, filters).values_list("receipt_id", flat=True))


def test_each_agency_reads_only_its_own_responses(world: World) -> None:
    own = submit(world.a.survey)
    other = submit(world.b.survey)
    for persona in (world.admin_a, world.manager_a, world.viewer_a):
        assert receipts(persona, ResponseFilters()) == {own.receipt_id}
    assert receipts(world.outsider, ResponseFilters()) == {other.receipt_id}
    assert receipts(AnonymousUser(), ResponseFilters()) == set()


def test_a_filter_naming_another_agencys_survey_or_service_finds_nothing(world: World) -> None:
    submit(world.a.survey)
    submit(world.b.survey)
    assert receipts(world.outsider, ResponseFilters(survey=world.a.survey)) == set()
    assert receipts(world.outsider, ResponseFilters(service=world.a.service)) == set()


def test_performance_managers_read_no_responses(world: World) -> None:
    submit(world.a.survey)
    reviewer = make_user("reviewer_a")
    membership_grant(
        user=reviewer, organization=world.a.organization, role=Role.PERFORMANCE_MANAGER
    )
    assert receipts(reviewer, ResponseFilters()) == set()
    assert list(response_filter_surveys(reviewer)) == []


def test_deleted_responses_are_never_read_and_spam_only_on_request(world: World) -> None:
    kept, spam, deleted = (submit(world.a.survey) for _ in range(3))
    mark(spam, is_spam=True)
    mark(deleted, is_deleted=True)
    assert receipts(world.viewer_a, ResponseFilters()) == {kept.receipt_id}
    assert receipts(world.viewer_a, ResponseFilters(include_spam=True)) == {
        kept.receipt_id,
        spam.receipt_id,
    }


def test_date_range_includes_both_whole_utc_days(world: World) -> None:
    before = received_at(submit(world.a.survey), utc(2025, 3, 31, 23, 59))
    first = received_at(submit(world.a.survey), utc(2025, 4, 1, 0, 0))
    last = received_at(submit(world.a.survey), utc(2025, 4, 2, 23, 59))
    after = received_at(submit(world.a.survey), utc(2025, 4, 3, 0, 0))
    filters = ResponseFilters(date_from=dt.date(2025, 4, 1), date_to=dt.date(2025, 4, 2))
    assert receipts(world.viewer_a, filters) == {first.receipt_id, last.receipt_id}
    assert receipts(world.viewer_a, ResponseFilters(date_to=dt.date(2025, 3, 31))) == {
        before.receipt_id
    }
    assert receipts(world.viewer_a, ResponseFilters(date_from=dt.date(2025, 4, 3))) == {
        after.receipt_id
    }


def test_survey_and_service_filters(world: World) -> None:
    v2 = submit(world.a.survey)
    v1 = submit(world.a.v1_survey, {"satisfaction": 4, "trust": 5})
    assert receipts(world.viewer_a, ResponseFilters(survey=world.a.v1_survey)) == {v1.receipt_id}
    assert receipts(world.viewer_a, ResponseFilters(service=world.a.service)) == {
        v1.receipt_id,
        v2.receipt_id,
    }


def test_newest_first(world: World) -> None:
    older = received_at(submit(world.a.survey), utc(2025, 1, 1))
    newer = received_at(submit(world.a.survey), utc(2025, 1, 2))
    rows = list(responses_for(world.viewer_a, ResponseFilters()))
    assert [row.receipt_id for row in rows] == [newer.receipt_id, older.receipt_id]


def test_filter_choices_are_only_what_the_user_reads(world: World) -> None:
    assert set(response_filter_surveys(world.viewer_a)) == {world.a.survey, world.a.v1_survey}
    assert list(response_filter_services(world.viewer_a)) == [world.a.service]
    assert world.a.service not in set(response_filter_services(world.outsider))


def test_response_counts_leave_out_spam_and_deleted(world: World) -> None:
    submit(world.a.survey)
    mark(submit(world.a.survey), is_spam=True)
    mark(submit(world.a.survey), is_deleted=True)
    surveys = surveys_with_response_counts(world.admin_a)
    counts = {survey.pk: survey.response_count for survey in surveys}
    assert counts == {world.a.survey.pk: 1, world.a.v1_survey.pk: 0}
