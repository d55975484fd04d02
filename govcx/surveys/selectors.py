"""Reads of surveys, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from govcx.registry.models import Role
from govcx.registry.selectors import AnyUser, organizations_where
from govcx.surveys.models import Survey, SurveyGrantLevel, SurveyState

MANAGING_ROLES = (Role.ORGANIZATION_ADMIN, Role.SURVEY_MANAGER)
RESPONSE_ROLES = (Role.ORGANIZATION_ADMIN, Role.SURVEY_MANAGER, Role.RESPONSE_VIEWER)


def _scoped(
    user: AnyUser, roles: tuple[Role, ...], grant_levels: tuple[str, ...]
) -> QuerySet[Survey]:
    if not user.is_authenticated:
        return Survey.objects.none()
    by_role = Q(organization__in=organizations_where(user, roles))
    by_grant = Q(grants__user=user, grants__level__in=grant_levels)
    matching = Survey.objects.filter(by_role | by_grant).values("pk")
    return Survey.objects.filter(pk__in=matching).select_related(
        "organization", "service", "current_version"
    )


def surveys_visible_to(user: AnyUser) -> QuerySet[Survey]:
    """Surveys a user may look at: any role in the organization, or a grant on the survey."""
    return _scoped(user, tuple(Role), (SurveyGrantLevel.MANAGER, SurveyGrantLevel.VIEWER))


def surveys_manageable_by(user: AnyUser) -> QuerySet[Survey]:
    return _scoped(user, MANAGING_ROLES, (SurveyGrantLevel.MANAGER,))


def surveys_with_responses_visible_to(user: AnyUser) -> QuerySet[Survey]:
    """Surveys whose responses a user may read (performance managers see collections instead)."""
    return _scoped(user, RESPONSE_ROLES, (SurveyGrantLevel.MANAGER, SurveyGrantLevel.VIEWER))


def can_manage_survey(user: AnyUser, survey: Survey) -> bool:
    return surveys_manageable_by(user).filter(pk=survey.pk).exists()


def manageable_survey_ids(user: AnyUser, survey_ids: Iterable[int]) -> set[int]:
    """Which of these surveys the user manages, from one query, for pages that list many."""
    wanted = set(survey_ids)
    if not wanted:
        return set()
    found = surveys_manageable_by(user).filter(pk__in=wanted).values_list("pk", flat=True)
    return set(found)


def can_approve_survey(user: AnyUser, survey: Survey) -> bool:
    return (
        organizations_where(user, (Role.ORGANIZATION_ADMIN,))
        .filter(pk=survey.organization_id)
        .exists()
    )


def survey_for_respondents(public_id: uuid.UUID) -> Survey | None:
    """The survey behind a public link, with the version respondents answer; None if unknown."""
    # `.get()` rather than `.first()`: the lookup is by a unique column, and `.first()` would
    # make every public request sort by the model's ordering, which joins the organization.
    try:
        return Survey.objects.select_related("organization", "service", "current_version").get(
            public_id=public_id
        )
    except Survey.DoesNotExist:
        return None


def is_open_for_responses(survey: Survey, today: dt.date) -> bool:
    return (
        survey.state == SurveyState.PUBLISHED
        and survey.current_version_id is not None
        and not survey.is_expired(today)
    )
