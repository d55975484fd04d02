"""Two agencies' published pages, for the page, open data and browser tests.

Agency A publishes a contact, plans for FY2024 and FY2025 (FY2026 is still a draft), one
quarter of results with a channel too small to show, and two actions (a third is unpublished).
Agency B publishes one of everything, each carrying words that must never appear on A's pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govcx.reporting.models import (
    Collection,
    CustomerServicePlan,
    FeedbackMechanism,
    MilestoneStatus,
    PlanInitiative,
    PlanMilestone,
    SurveyType,
)
from govcx.standards.models import Standard
from tests.conftest import World
from tests.public.builders import (
    action,
    add_respondents,
    collection,
    contact,
    detail,
    goal_with_milestone,
    plan,
    v1_counts,
)
from tests.standards.standard_fixtures import email_standard, phone_standard

# Words only agency B's published things carry.
B_WORDS = (
    "Bravo Helpdesk",
    "bravo-help@agency-b.example.gov",
    "Bravo plan for the harbour",
    "Bravo kiosk survey",
    "Bravo customers asked for longer hours",
    "We answer Bravo letters within ten days.",
)


@dataclass
class Site:
    plan_2025: CustomerServicePlan
    plan_2024: CustomerServicePlan
    draft_plan: CustomerServicePlan
    standard: Standard
    results: Collection


def build_site(world: World) -> Site:
    a = world.a
    contact(a)
    plan_2025 = _plan_2025(world)
    plan_2024 = plan(a, fiscal_year=2024, title="Customer service plan 2024")
    draft_plan = plan(a, fiscal_year=2026, published=False, title="Draft plan 2026")
    standard = email_standard(a, public_wording="We answer benefit questions within one day.")
    plan_2025.standards.add(standard)
    results = _results(world)
    action(
        a,
        you_said="The application form asked for the same address twice.",
        we_did="We removed the second address question.",
        on=dt.date(2025, 3, 1),
        service=a.service,
    )
    action(
        a,
        you_said="You could not tell whether we had received your documents.",
        we_did="We now send an email when documents arrive.",
        on=dt.date(2025, 5, 20),
    )
    action(
        a, you_said="Draft feedback", we_did="Not yet done", on=dt.date(2025, 6, 1), published=False
    )
    _agency_b(world)
    return Site(plan_2025, plan_2024, draft_plan, standard, results)


def _plan_2025(world: World) -> CustomerServicePlan:
    a = world.a
    published = plan(a, fiscal_year=2025, title="Customer service plan 2025")
    goal_with_milestone(
        published, "Shorter waits on the phone", "Add a call-back option", dt.date(2025, 6, 30)
    )
    PlanMilestone.objects.create(
        plan=published,
        description="Publish the plan's first progress report",
        owner="Office of the Chief Customer Officer",
        due_date=dt.date(2025, 9, 30),
        status=MilestoneStatus.IN_PROGRESS,
    )
    PlanInitiative.objects.create(
        plan=published,
        title="One login for every benefit",
        description="Sign in once for all of our benefits.",
        service=a.service,
    )
    FeedbackMechanism.objects.create(
        plan=published,
        name="Post-transaction survey",
        description="Two questions after each application.",
        channel="website",
        service=a.service,
    )
    return published


def _results(world: World) -> Collection:
    """FY2025 Q2: website 40 respondents (30 trust us), phone (version 1) 100, email 4 (too
    few to show) and live chat 15 (hidden so that email cannot be worked out)."""
    published = collection(world.a, fiscal_year=2025, quarter=2)
    website = detail(published, channel="website", title="Apply online survey", offered=200)
    add_respondents(website, 12, question_1=1, chosen=["ease"])
    add_respondents(website, 18, question_1=1)
    add_respondents(website, 10, question_1=0, chosen=["efficiency"], offered=["efficiency"])
    detail(
        published,
        channel="phone",
        title="Call center survey",
        survey=world.a.v1_survey,
        survey_type=SurveyType.LIKERT_SCALE,
        v1_counts=v1_counts(q1_4=30, q1_5=40, q1_3=30, q2_5=60, q2_2=40),
    )
    add_respondents(detail(published, channel="email", title="Email survey"), 4, question_1=1)
    add_respondents(detail(published, channel="live_chat", title="Chat survey"), 15, question_1=1)
    return published


def _agency_b(world: World) -> None:
    b = world.b
    contact(
        b,
        representative_name="Bravo Helpdesk",
        public_email="bravo-help@agency-b.example.gov",
        representative_email="",
    )
    plan(b, fiscal_year=2025, title="Bravo plan for the harbour")
    results = collection(b, fiscal_year=2025, quarter=2)
    add_respondents(detail(results, title="Bravo kiosk survey"), 30, question_1=1)
    action(
        b,
        you_said="Bravo customers asked for longer hours",
        we_did="Bravo opened on Saturdays",
        on=dt.date(2025, 4, 1),
    )
    b_standard = phone_standard(b, public_wording="We answer Bravo letters within ten days.")
    # Even if agency A's plan were linked to B's standard, A's page must not show it.
    CustomerServicePlan.objects.get(
        organization=world.a.organization, fiscal_year=2025
    ).standards.add(b_standard)
