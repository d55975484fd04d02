"""Published and unpublished things for the public site tests, written with the models directly.

Collections are built as the reporting workflow leaves them (state, detail rows, respondent
rows copied or uploaded, version 1 counts frozen), without going through that workflow, so
that these tests depend only on what the public site reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Max
from django.utils import timezone

from govcx.registry.models import Service
from govcx.reporting.models import (
    AgencyContact,
    Collection,
    CollectionDetail,
    CollectionRespondent,
    CollectionState,
    CustomerServicePlan,
    FeedbackAction,
    PlanGoal,
    PlanMilestone,
    PlanState,
    RespondentSource,
    SurveyType,
)
from govcx.surveys.models import Survey
from tests.conftest import Agency

PUBLISHED = CollectionState.PUBLISHED
UNPUBLISHED_STATES = (
    CollectionState.DRAFT,
    CollectionState.SUBMITTED,
    CollectionState.CHANGE_REQUESTED,
    CollectionState.NOT_REPORTED,
    CollectionState.ARCHIVED,
)


def collection(
    agency: Agency,
    *,
    fiscal_year: int = 2025,
    quarter: int = 1,
    state: str = PUBLISHED,
    service: Service | None = None,
) -> Collection:
    published = state == PUBLISHED
    return Collection.objects.create(
        organization=agency.organization,
        service=service or agency.service,
        fiscal_year=fiscal_year,
        quarter=quarter,
        state=state,
        published_at=dt.datetime(2025, 2, 3, 14, 30, tzinfo=dt.UTC) if published else None,
    )


def detail(
    of: Collection,
    *,
    channel: str = "website",
    title: str = "Benefit application survey",
    survey_type: str = SurveyType.THUMBS_UP_DOWN,
    survey: Survey | None = None,
    offered: int | None = None,
    customers: int | None = None,
    v1_counts: dict[str, int] | None = None,
) -> CollectionDetail:
    """A detail row: uploaded unless a survey is linked; version 1 when `v1_counts` is given."""
    position = of.details.count()
    return CollectionDetail.objects.create(
        collection=of,
        position=position,
        channel=channel,
        survey_type=survey_type,
        survey_title=title,
        trust_question_text="I trust the agency to fulfill our country's commitment to me.",
        volume_offered_survey=offered,
        volume_of_customers=customers if customers is not None else offered,
        source=RespondentSource.SURVEY if survey is not None else RespondentSource.UPLOAD,
        survey=survey,
        v1_counts=v1_counts or {},
    )


def add_respondents(
    to: CollectionDetail,
    count: int,
    *,
    question_1: int,
    chosen: Iterable[str] = (),
    offered: Iterable[str] = ("effectiveness", "ease"),
) -> None:
    """`count` respondents answering `question_1`, offered some drivers and choosing some.

    The side (what went well, or what did not) follows the answer as the survey would show
    it: thumbs up (1), or 4–5 on the five-point scale, is positive.
    """
    likert = to.survey_type == SurveyType.LIKERT_SCALE
    positive = question_1 >= 4 if likert else question_1 == 1
    side = "positive" if positive else "negative"
    chosen = set(chosen)
    flags = {f"{side}_{driver}": int(driver in chosen) for driver in offered}
    first = (to.respondents.aggregate(last=Max("line"))["last"] or 1) + 1
    CollectionRespondent.objects.bulk_create(
        CollectionRespondent(detail=to, line=first + index, question_1=question_1, **flags)
        for index in range(count)
    )


def v1_counts(**counts: int) -> dict[str, int]:
    """Version 1 counts per item and scale point; every key not given is 0."""
    return {f"q{item}_{point}": 0 for item in range(1, 8) for point in range(1, 6)} | counts


def contact(agency: Agency, **fields: Any) -> AgencyContact:
    values: dict[str, Any] = {
        "representative_name": "Rosa Diaz",
        "representative_title": "Customer experience lead",
        "representative_email": "rosa.diaz@agency-a.example.gov",
        "public_email": "help@agency-a.example.gov",
        "public_phone": "1-800-555-0100",
        "tty_phone": "1-800-555-0101",
        "mailing_address": "1 Main Street\nWashington, DC 20001",
        "contact_page_url": "https://agency-a.example.gov/contact",
        "hours": "Monday to Friday, 8 a.m. to 5 p.m. Eastern",
        "guidelines": "We answer every message within five business days.",
    }
    return AgencyContact.objects.create(organization=agency.organization, **(values | fields))


def plan(
    agency: Agency,
    *,
    fiscal_year: int = 2025,
    published: bool = True,
    title: str = "Customer service plan",
    **fields: Any,
) -> CustomerServicePlan:
    values: dict[str, Any] = {
        "summary": "We will make applying for benefits simpler.",
        "accountable_official_name": "Jordan Lee",
        "accountable_official_title": "Chief Customer Officer",
    }
    return CustomerServicePlan.objects.create(
        organization=agency.organization,
        fiscal_year=fiscal_year,
        title=title,
        state=PlanState.PUBLISHED if published else PlanState.DRAFT,
        published_at=timezone.now() if published else None,
        **(values | fields),
    )


def goal_with_milestone(
    of: CustomerServicePlan, title: str, milestone: str, due: dt.date
) -> PlanGoal:
    goal = PlanGoal.objects.create(plan=of, title=title, description=f"Why: {title}.")
    PlanMilestone.objects.create(
        plan=of, goal=goal, description=milestone, owner="Benefits Office", due_date=due
    )
    return goal


def action(
    agency: Agency,
    *,
    you_said: str,
    we_did: str,
    on: dt.date,
    published: bool = True,
    service: Service | None = None,
) -> FeedbackAction:
    return FeedbackAction.objects.create(
        organization=agency.organization,
        service=service,
        you_said=you_said,
        we_did=we_did,
        action_date=on,
        published=published,
    )
