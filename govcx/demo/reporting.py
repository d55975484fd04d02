"""The demo agency's quarterly A-11 collections, customer service plan, contact and actions.

Everything goes through the product's own services, as a team would do it: volumes are
recorded, each finished quarter's collections are opened and submitted by the survey manager,
and the performance manager rates and publishes all but the latest, which waits for review.
The plan, the contact page and "you said, we did" are what the public site shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Count
from django.test.utils import override_settings

from govcx.demo.period import DemoPeriod
from govcx.demo.randomness import seeded_random
from govcx.lib.fiscal import FiscalQuarter, fiscal_year_of
from govcx.registry.models import Organization, Role, Service, User
from govcx.registry.services import service_volume_set
from govcx.reporting.collections import collections_open
from govcx.reporting.counting import counted_in_quarter
from govcx.reporting.models import Collection, MilestoneStatus, Rating
from govcx.reporting.plans import (
    ActionFields,
    ContactFields,
    GoalFields,
    InitiativeFields,
    MechanismFields,
    MilestoneFields,
    PlanFields,
    agency_contact_save,
    feedback_action_create,
    feedback_action_publish,
    plan_create,
    plan_goal_add,
    plan_initiative_add,
    plan_mechanism_add,
    plan_milestone_add,
    plan_publish,
    plan_standards_set,
)
from govcx.reporting.workflow import (
    collection_mark_not_reported,
    collection_publish,
    collection_rate,
    collection_submit,
    submission_problems,
)
from govcx.standards.models import Standard

# Of the customers a channel served, the share offered a survey, and of those, the share who
# answered: what A-11 programmes typically see for post-transaction surveys.
OFFERED_SHARE = (0.45, 0.8)
RESPONSE_RATE = (0.03, 0.09)


@dataclass(frozen=True)
class ReportingSeeded:
    collections: int
    published: int


@contextmanager
def mail_kept_in_memory() -> Iterator[None]:
    """The demo's people have example.gov addresses; seeding must not print or send mail.

    Workflow emails go out when the transaction commits, so this must enclose the whole
    transaction, not only the calls that cause them.
    """
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


def _person(organization: Organization, role: Role) -> User:
    return User.objects.filter(
        memberships__organization=organization, memberships__role=role
    ).order_by("id")[0]


def finished_quarters(period: DemoPeriod) -> list[FiscalQuarter]:
    """The quarters of the demo period that ended before today, oldest first."""
    quarter = FiscalQuarter.of(period.start.date())
    today = period.end.date()
    quarters = []
    while quarter.end < today:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def _volumes_record(service: Service, quarter: FiscalQuarter, *, seed: int, user: User) -> None:
    """Customers served and offered a survey, consistent with the responses received."""
    counts = (
        counted_in_quarter(quarter)
        .filter(service=service)
        .values("channel")
        .annotate(respondents=Count("id"))
    )
    for row in counts:
        randomness = seeded_random(f"govcx-demo/{seed}/volumes/{service.pk}/{quarter.key}")
        offered = round(row["respondents"] / randomness.uniform(*RESPONSE_RATE))
        customers = round(offered / randomness.uniform(*OFFERED_SHARE))
        service_volume_set(
            service=service,
            channel=row["channel"],
            quarter=quarter,
            customers=customers,
            offered_survey=offered,
            user=user,
        )


def _review(collection: Collection, *, reviewer: User, publish: bool) -> bool:
    if not publish:
        return False
    collection_rate(collection=collection, user=reviewer, rating=Rating.GREEN)
    collection_publish(collection=collection, user=reviewer)
    return True


def collections_seed(
    organization: Organization, *, period: DemoPeriod, seed: int
) -> ReportingSeeded:
    preparer = _person(organization, Role.SURVEY_MANAGER)
    reviewer = _person(organization, Role.PERFORMANCE_MANAGER)
    quarters = finished_quarters(period)
    services = Service.objects.filter(organization=organization, is_hisp_service=True)
    opened = published = 0
    for index, quarter in enumerate(quarters):
        for service in services:
            _volumes_record(service, quarter, seed=seed, user=preparer)
        latest = index == len(quarters) - 1
        for collection in collections_open(quarter, organization):
            opened += 1
            if submission_problems(collection):
                collection_mark_not_reported(
                    collection=collection,
                    user=reviewer,
                    reason="No A-11 survey ran for this service in the quarter.",
                )
                continue
            collection = collection_submit(collection=collection, user=preparer)
            published += _review(collection, reviewer=reviewer, publish=not latest)
    return ReportingSeeded(collections=opened, published=published)


def contact_seed(organization: Organization, *, user: User) -> None:
    agency_contact_save(
        organization=organization,
        fields=ContactFields(
            representative_name="Jordan Rivera",
            representative_title="Customer Experience Officer",
            representative_email="cx@demo.example.gov",
            public_email="contact@demo.example.gov",
            public_phone="1-800-555-0100",
            tty_phone="1-800-555-0101",
            mailing_address="Department of Demonstration Services\n100 Example Avenue SW\n"
            "Washington, DC 20001",
            contact_page_url="https://www.demo.example.gov/contact",
            hours="Monday to Friday, 8 a.m. to 7 p.m. Eastern, except federal holidays",
            guidelines=(
                "We answer email within one business day and letters within ten business "
                "days. If you call, you can ask for a call back instead of waiting on hold. "
                "Never send your full Social Security number by email."
            ),
        ),
        user=user,
    )


def plan_seed(organization: Organization, *, today: dt.date, user: User) -> None:
    fiscal_year = fiscal_year_of(today)
    services = {s.name: s for s in Service.objects.filter(organization=organization)}
    disability = services.get("Apply for disability benefits")
    plan = plan_create(
        organization=organization,
        fields=PlanFields(
            fiscal_year=fiscal_year,
            title=f"FY{fiscal_year} customer service plan",
            summary=(
                "How the Department of Demonstration Services will make applying for "
                "benefits and getting records simpler, faster and fairer this year, and how "
                "we will know."
            ),
            accountable_official_name="Casey Morgan",
            accountable_official_title="Deputy Secretary and Chief Customer Officer",
        ),
        user=user,
    )
    faster = plan_goal_add(
        plan=plan,
        fields=GoalFields(
            "Decide disability applications faster",
            "Cut the time from a complete application to a decision.",
        ),
        user=user,
    )
    easier = plan_goal_add(
        plan=plan,
        fields=GoalFields(
            "Make applying online easy on a phone",
            "Customers told us the online form is hard to finish on a phone.",
        ),
        user=user,
    )
    plan_initiative_add(
        plan=plan,
        fields=InitiativeFields(
            "Save and return",
            "Applicants can save a half-finished application and come back to it.",
            disability,
        ),
        user=user,
    )
    plan_mechanism_add(
        plan=plan,
        fields=MechanismFields(
            "A-11 post-transaction survey",
            "Two questions after every online application and call.",
            "website",
            disability,
        ),
        user=user,
    )
    plan_mechanism_add(
        plan=plan,
        fields=MechanismFields(
            "Listening sessions",
            "Quarterly sessions with applicants and advocates.",
            "in_person",
        ),
        user=user,
    )
    for goal, description, owner, months, status in (
        (
            faster,
            "Triage complete applications within two days",
            "Office of Disability and Income Benefits",
            3,
            MilestoneStatus.IN_PROGRESS,
        ),
        (
            easier,
            "Phone-friendly application form released",
            "Digital Services",
            6,
            MilestoneStatus.PLANNED,
        ),
    ):
        plan_milestone_add(
            plan=plan,
            fields=MilestoneFields(
                description=description,
                owner=owner,
                due_date=today + dt.timedelta(days=30 * months),
                status=status,
                goal=goal,
            ),
            user=user,
        )
    standards = list(Standard.objects.filter(organization=organization, active=True))
    plan_standards_set(plan=plan, standards=standards, user=user)
    plan_publish(plan=plan, user=user)


ACTIONS = (
    (
        "The online application timed out before I could finish it.",
        "We now save your answers as you go, and you have two hours on each page.",
        "Apply for disability benefits",
        120,
    ),
    (
        "I waited on hold for nearly an hour.",
        "You can now ask for a call back and keep your place in the queue.",
        None,
        75,
    ),
    (
        "The letter did not say what to do next.",
        "Every decision letter now starts with what happens next and who to call.",
        "Apply for disability benefits",
        30,
    ),
)


def actions_seed(organization: Organization, *, today: dt.date, user: User) -> None:
    services = {s.name: s for s in Service.objects.filter(organization=organization)}
    for you_said, we_did, service_name, days_ago in ACTIONS:
        action = feedback_action_create(
            organization=organization,
            fields=ActionFields(
                you_said=you_said,
                we_did=we_did,
                action_date=today - dt.timedelta(days=days_ago),
                service=services.get(service_name) if service_name else None,
            ),
            user=user,
        )
        feedback_action_publish(action=action, user=user)


def reporting_seed(organization: Organization, *, period: DemoPeriod, seed: int) -> ReportingSeeded:
    """All of the demo agency's reporting; returns what the collections came to."""
    today = period.end.date()
    editor = _person(organization, Role.ORGANIZATION_ADMIN)
    outcome = collections_seed(organization, period=period, seed=seed)
    contact_seed(organization, user=editor)
    plan_seed(organization, today=today, user=editor)
    actions_seed(organization, today=today, user=editor)
    return outcome
