"""The survey lifecycle buttons of the staff pages: who may press which, and when it is offered.

The survey services enforce every rule and raise SurveyError; the `offered` checks here only
decide which buttons to show, so a stale page can still post an action the rules now refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from govcx.registry.models import User
from govcx.surveys.models import Survey, SurveyState
from govcx.surveys.services import (
    TRANSITIONS,
    survey_approve,
    survey_archive,
    survey_copy,
    survey_publish,
    survey_reopen,
    survey_return,
    survey_submit,
)


@dataclass(frozen=True)
class SurveyAction:
    name: str
    label: str
    done: str  # the message shown after it worked
    approvers_only: bool
    reason: str  # "", "optional" or "required": whether the form asks why
    offered: Callable[[Survey], bool]
    perform: Callable[[Survey, User, str], Survey]


def _can_become(survey: Survey, state: SurveyState) -> bool:
    return state in TRANSITIONS[survey.state]


def _needs_approval(survey: Survey) -> bool:
    return survey.organization.require_survey_approval


def _publish_offered(survey: Survey) -> bool:
    if _needs_approval(survey):
        return survey.state == SurveyState.APPROVED
    return _can_become(survey, SurveyState.PUBLISHED)


ACTIONS: tuple[SurveyAction, ...] = (
    SurveyAction(
        name="submit",
        label="Submit for approval",
        done="The survey was submitted for approval.",
        approvers_only=False,
        reason="",
        offered=lambda s: _needs_approval(s) and _can_become(s, SurveyState.SUBMITTED),
        perform=lambda s, user, reason: survey_submit(survey=s, user=user),
    ),
    SurveyAction(
        name="approve",
        label="Approve",
        done="The survey was approved.",
        approvers_only=True,
        reason="",
        offered=lambda s: s.state == SurveyState.SUBMITTED,
        perform=lambda s, user, reason: survey_approve(survey=s, user=user),
    ),
    SurveyAction(
        name="return",
        label="Return to authors",
        done="The survey was returned to its authors.",
        approvers_only=True,
        reason="required",
        offered=lambda s: s.state in {SurveyState.SUBMITTED, SurveyState.APPROVED},
        perform=lambda s, user, reason: survey_return(survey=s, user=user, reason=reason),
    ),
    SurveyAction(
        name="publish",
        label="Publish",
        done="The survey was published.",
        approvers_only=False,
        reason="",
        offered=_publish_offered,
        perform=lambda s, user, reason: survey_publish(survey=s, user=user),
    ),
    SurveyAction(
        name="archive",
        label="Archive",
        done="The survey was archived; it no longer accepts responses.",
        approvers_only=False,
        reason="optional",
        offered=lambda s: _can_become(s, SurveyState.ARCHIVED),
        perform=lambda s, user, reason: survey_archive(survey=s, user=user, reason=reason),
    ),
    SurveyAction(
        name="reopen",
        label="Reopen as a draft",
        done="The survey was reopened as a draft.",
        approvers_only=False,
        reason="",
        offered=lambda s: s.state == SurveyState.ARCHIVED,
        perform=lambda s, user, reason: survey_reopen(survey=s, user=user),
    ),
    SurveyAction(
        name="copy",
        label="Make a copy",
        done="This is a new copy of the survey, not yet published.",
        approvers_only=False,
        reason="",
        offered=lambda s: True,
        perform=lambda s, user, reason: survey_copy(survey=s, user=user),
    ),
)
ACTIONS_BY_NAME: dict[str, SurveyAction] = {action.name: action for action in ACTIONS}


def is_permitted(action: SurveyAction, *, can_manage: bool, can_approve: bool) -> bool:
    return can_approve if action.approvers_only else can_manage


def actions_offered(survey: Survey, *, can_manage: bool, can_approve: bool) -> list[SurveyAction]:
    return [
        action
        for action in ACTIONS
        if is_permitted(action, can_manage=can_manage, can_approve=can_approve)
        and action.offered(survey)
    ]
