"""`demo_seed`: build the demo agencies through the product's own services, then responses.

Agencies, providers, services, memberships and surveys are created with the same service
functions the product uses, so they obey every rule a person using govcx would meet.
Responses are bulk-loaded (see `writers`), because a million of them through
`response_create` would take hours; the generator makes sure each one is what the
submission path would have stored.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from govcx.demo.blueprint import (
    DEMO_AGENCY,
    SECOND_AGENCY,
    SECOND_AGENCY_RESPONSES,
    AgencyBlueprint,
    ServiceBlueprint,
)
from govcx.demo.bulkload import secondary_indexes_set_aside, worth_setting_aside
from govcx.demo.comments_seed import comments_seed
from govcx.demo.generate import ResponseGenerator, SurveyPlan
from govcx.demo.period import DemoPeriod
from govcx.demo.reporting import mail_kept_in_memory, reporting_seed
from govcx.demo.standards import TRANSACTION_ID_QUESTION, feedback_seed, standards_seed
from govcx.demo.writers import responses_write
from govcx.lib.env import env_str
from govcx.registry.models import Organization, Role, Service, ServiceProvider, User
from govcx.registry.services import (
    membership_grant,
    organization_create,
    service_create,
    service_provider_create,
)
from govcx.responses.models import Response
from govcx.surveys.models import Survey, SurveyState, SurveyTransition, SurveyVersion
from govcx.surveys.services import (
    survey_create_from_template,
    survey_publish,
    survey_question_add,
    survey_update_details,
)

DEFAULT_PASSWORD = "govcx-demo-2026"  # noqa: S105 - a published demo password, by design
DEFAULT_RESPONSES = 20_000
DEFAULT_SEED = 1
# OMB approvals in the demo run to the end of the fiscal year three years from now.
PRA_YEARS_AHEAD = 3

Say = Callable[[str], None]


class DemoExistsError(Exception):
    """The demo agency is already in the database; seeding again would duplicate it."""


# Even the smallest demo gives each case standard about 40 records a quarter, so the last
# quarter always has enough to be judged (600 left some quarters under the minimum of 10).
FEWEST_STANDARD_RECORDS = 2_000
MOST_STANDARD_RECORDS = 40_000


@dataclass
class AgencyBuilt:
    organization: Organization
    plans: list[SurveyPlan] = field(default_factory=list)


@dataclass(frozen=True)
class SeedOutcome:
    created: bool
    organization: Organization
    public_survey: Survey | None
    responses: int = 0
    seconds: float = 0.0


def demo_password() -> str:
    return env_str("DEMO_PASSWORD", "") or DEFAULT_PASSWORD


def demo_organization() -> Organization | None:
    return Organization.objects.filter(abbreviation=DEMO_AGENCY.abbreviation).first()


def public_survey_of(organization: Organization) -> Survey | None:
    """The survey the sign-in notice links to: the first A-11 v2 survey, else any published."""
    published = Survey.objects.filter(organization=organization, state=SurveyState.PUBLISHED)
    return published.filter(kind="a11_v2_thumbs").order_by("pk").first() or (
        published.order_by("pk").first()
    )


def second_agency_count(responses: int) -> int:
    """The second agency's responses: a few hundred, never more than the demo agency's."""
    return min(SECOND_AGENCY_RESPONSES, responses)


# --- registry and surveys ----------------------------------------------------------------------


def _people(blueprint: AgencyBlueprint, organization: Organization, password_hash: str) -> None:
    for person in blueprint.people:
        # The demo users share one password, so it is hashed once (each hash takes ~0.5 s).
        user = User.objects.create(
            username=person.username,
            email=f"{person.username}@{blueprint.email_domain}",
            first_name=person.first_name,
            last_name=person.last_name,
            password=password_hash,
        )
        membership_grant(user=user, organization=organization, role=Role(person.role))


def _pra_deadline(today: dt.date) -> dt.date:
    return dt.date(today.year + PRA_YEARS_AHEAD, 9, 30)


def _survey_set_pra(survey: Survey, *, number: str, expires: dt.date) -> Survey:
    """Record the survey's OMB approval, as an agency's cleared survey has from the start."""
    return survey_update_details(
        survey=survey,
        title=survey.title,
        instructions=survey.instructions,
        disclaimer=survey.disclaimer,
        success_message=survey.success_message,
        omb_control_number=number,
        omb_expiration_date=expires,
        service=survey.service,
    )


def _backdate(survey: Survey, when: dt.datetime) -> None:
    """Make the survey live from the start of the demo period, before its first response."""
    Survey.objects.filter(pk=survey.pk).update(created_at=when, published_at=when)
    SurveyVersion.objects.filter(survey=survey).update(published_at=when)
    SurveyTransition.objects.filter(survey=survey).update(created_at=when)
    survey.refresh_from_db()


def _published_survey(
    blueprint: AgencyBlueprint,
    organization: Organization,
    service_blueprint: ServiceBlueprint,
    service: Service,
    *,
    author: User | None,
    period: DemoPeriod,
) -> Survey:
    survey_blueprint = service_blueprint.survey
    placeholders = {"[Agency]": blueprint.name_in_a_sentence or blueprint.name}
    if survey_blueprint.relevant_population:
        placeholders["[relevant population]"] = survey_blueprint.relevant_population
    survey = survey_create_from_template(
        organization=organization,
        service=service,
        template_key=survey_blueprint.template_key,
        user=author,
        placeholders=placeholders,
    )
    if survey_blueprint.collects_transaction_id:
        survey = survey_question_add(
            survey=survey, question=TRANSACTION_ID_QUESTION, page_position=1
        )
    if survey_blueprint.omb_control_number:
        survey = _survey_set_pra(
            survey,
            number=survey_blueprint.omb_control_number,
            expires=_pra_deadline(period.end.date()),
        )
    survey = survey_publish(survey=survey, user=author, today=period.end.date())
    _backdate(survey, period.start)
    return survey


def _plan(
    survey: Survey, service_blueprint: ServiceBlueprint, blueprint: AgencyBlueprint
) -> SurveyPlan:
    version = survey.current_version
    if version is None:
        raise RuntimeError(f"The survey “{survey.title}” was not published.")
    return SurveyPlan(
        organization_id=survey.organization_id,
        service_id=survey.service_id,
        survey_id=survey.pk,
        version_id=version.pk,
        kind=survey.kind,
        structure=version.parsed(),
        service=service_blueprint,
        website=blueprint.website,
    )


def agency_build(
    blueprint: AgencyBlueprint, *, period: DemoPeriod, password_hash: str
) -> AgencyBuilt:
    """The agency, its providers, services, people and published surveys."""
    organization = organization_create(
        name=blueprint.name,
        abbreviation=blueprint.abbreviation,
        email_domains=[blueprint.email_domain],
    )
    _people(blueprint, organization, password_hash)
    author = User.objects.filter(username=blueprint.people[0].username).first()
    providers = {
        provider.slug: service_provider_create(
            organization=organization,
            name=provider.name,
            slug=provider.slug,
            department=provider.department,
            bureau=provider.bureau,
            year_designated=provider.year_designated,
        )
        for provider in blueprint.providers
    }
    built = AgencyBuilt(organization=organization)
    for service_blueprint in blueprint.services:
        provider: ServiceProvider | None = (
            providers[service_blueprint.provider_slug] if service_blueprint.provider_slug else None
        )
        service = service_create(
            organization=organization,
            provider=provider,
            name=service_blueprint.name,
            description=service_blueprint.description,
            kind=service_blueprint.kind,
            channels=[channel.channel for channel in service_blueprint.channels],
            is_hisp_service=service_blueprint.is_hisp_service,
            estimated_annual_customers=service_blueprint.estimated_annual_customers,
        )
        survey = _published_survey(
            blueprint, organization, service_blueprint, service, author=author, period=period
        )
        built.plans.append(_plan(survey, service_blueprint, blueprint))
    return built


# --- responses ---------------------------------------------------------------------------------


class ProgressPrinter:
    """Says how far the load has gone about every tenth of the way, with elapsed time."""

    def __init__(self, say: Say, label: str, total: int, started: float) -> None:
        self.say = say
        self.label = label
        self.total = total
        self.started = started
        self.step = max(1, total // 10)
        self.next_report = self.step

    def __call__(self, written: int) -> None:
        if written < self.next_report and written < self.total:
            return
        elapsed = time.perf_counter() - self.started
        share = written / self.total if self.total else 1.0
        self.say(
            f"  {self.label}: {written:,} / {self.total:,} responses "
            f"({share:.0%}) · {elapsed:.1f} s"
        )
        while self.next_report <= written:
            self.next_report += self.step


def responses_load(
    built: AgencyBuilt,
    *,
    count: int,
    period: DemoPeriod,
    seed: int,
    stream_index: int,
    say: Say,
) -> int:
    if count == 0:
        return 0
    generator = ResponseGenerator(
        plans=built.plans,
        count=count,
        period=period,
        seed=f"govcx-demo/{seed}/{built.organization.abbreviation}",
        stream_index=stream_index,
    )
    progress = ProgressPrinter(say, built.organization.abbreviation, count, time.perf_counter())
    return responses_write(generator, period=period, progress=progress)


def _responses_load_all(
    demo: AgencyBuilt, second: AgencyBuilt, *, count: int, period: DemoPeriod, seed: int, say: Say
) -> int:
    """Both agencies' responses, with the secondary indexes set aside if the load is big."""
    table = Response._meta.db_table
    second_count = second_agency_count(count)
    set_aside = worth_setting_aside(table, count + second_count)
    with secondary_indexes_set_aside(table, enabled=set_aside) as definitions:
        if definitions:
            say(f"  Loading with {len(definitions)} secondary indexes and foreign keys set aside.")
        written = responses_load(
            demo, count=count, period=period, seed=seed, stream_index=0, say=say
        )
        written += responses_load(
            second, count=second_count, period=period, seed=seed, stream_index=1, say=say
        )
        if definitions:
            say("  Rebuilding the indexes and checking the foreign keys …")
    return written


def standard_record_count(responses: int) -> int:
    """Operational records to go with the responses: enough to measure, never the bulk of it."""
    return min(MOST_STANDARD_RECORDS, max(FEWEST_STANDARD_RECORDS, responses // 2))


def _analyze_responses() -> None:
    """Fresh planner statistics, so the first dashboards after a big load use the indexes."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Response._meta.db_table)}")


def demo_comments_seed(organization: Organization, *, today: dt.date) -> str:
    """The demo's comment taxonomy, every comment analysed and one discovery, after the
    responses are in: the analysis batches its own transactions, like the job in production."""
    main_survey = public_survey_of(organization)
    if main_survey is None or main_survey.service is None:
        return "No service to read comments for."
    return comments_seed(organization, main_service=main_survey.service, today=today)


# --- the whole demo ----------------------------------------------------------------------------


def demo_seed(
    *,
    responses: int = DEFAULT_RESPONSES,
    seed: int = DEFAULT_SEED,
    if_empty: bool = False,
    now: dt.datetime | None = None,
    say: Say = print,
) -> SeedOutcome:
    """Build the demo agency (with `responses` responses) and the second, small agency.

    With `if_empty`, an existing demo agency is left as it is and nothing is created.
    """
    if responses < 0:
        raise ValueError("The number of responses cannot be negative.")
    existing = demo_organization()
    if existing is not None:
        if if_empty:
            return SeedOutcome(False, existing, public_survey_of(existing))
        raise DemoExistsError(
            f"The demo agency “{existing.name}” already exists in this database; "
            "use --if-empty to keep it, or start from an empty database."
        )
    period = DemoPeriod.ending(now or timezone.now())
    started = time.perf_counter()
    password_hash = make_password(demo_password())
    with mail_kept_in_memory(), transaction.atomic():
        say(f"Creating the demo agencies; responses will span {period.label()}.")
        demo = agency_build(DEMO_AGENCY, period=period, password_hash=password_hash)
        second = agency_build(SECOND_AGENCY, period=period, password_hash=password_hash)
        written = _responses_load_all(
            demo, second, count=responses, period=period, seed=seed, say=say
        )
        records = standards_seed(
            demo.organization, period=period, seed=seed, records=standard_record_count(responses)
        )
        feedback = feedback_seed(demo.organization, period=period, seed=seed)
        say(
            f"Added the demo agency's service standards, {records:,} call and case records and "
            f"{feedback:,} responses from customers whose emails were answered."
        )
        _analyze_responses()
        reporting = reporting_seed(demo.organization, period=period, seed=seed)
        say(
            f"Opened {reporting.collections} quarterly A-11 collections and published "
            f"{reporting.published}; published the customer service plan and contact page."
        )
    return SeedOutcome(
        created=True,
        organization=demo.organization,
        public_survey=public_survey_of(demo.organization),
        responses=written + feedback,
        seconds=time.perf_counter() - started,
    )


def sign_in_notice(outcome: SeedOutcome, site_url: str) -> list[str]:
    """What to tell the person who ran the command: where to go and how to sign in."""
    base = site_url.rstrip("/")
    lines = [
        "",
        f"govcx demo: {outcome.organization.name}",
        f"  Open          {base}/",
        f"  Sign in at    {base}{reverse('login')}",
        f"  Username      {DEMO_AGENCY.people[0].username}",
        f"  Password      {demo_password()}",
        "  Also          "
        + ", ".join(person.username for person in DEMO_AGENCY.people[1:])
        + f" (same password); {SECOND_AGENCY.people[0].username} for {SECOND_AGENCY.name}",
    ]
    if outcome.public_survey is not None:
        lines.append(f"  A survey      {base}/s/{outcome.public_survey.public_id}/")
    return lines
