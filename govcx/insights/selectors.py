"""Reads for insights: whose figures a person may see, and the rollup rows behind them.

A scope (an organization, a service provider, a service or a survey) is resolved from what
the person may read, never from the address alone: another agency's identifier finds
nothing, exactly as a made-up one does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import connection
from django.db.models import QuerySet

from govcx.insights.metrics import Context, SurveyInfo, Volume
from govcx.insights.models import RollupMonth, RollupState
from govcx.insights.periods import ALL_TIME, Period, quarters_of
from govcx.lib.fiscal import FiscalQuarter
from govcx.registry.models import Organization, Service, ServiceProvider
from govcx.registry.selectors import AnyUser, organizations_where, service_volumes
from govcx.responses.models import CountChange
from govcx.surveys.models import Survey, SurveyVersion
from govcx.surveys.selectors import surveys_with_responses_visible_to
from govcx.surveys.structure import SurveyStructure

ROLLUP_COLUMNS = (
    "survey_id",
    "survey_version_id",
    "month",
    "channel",
    "language",
    "segment",
    "segment_value",
    "kind",
    "question",
    "value",
    "count",
)
LEVELS = ("organization", "provider", "service", "survey")


@dataclass(frozen=True)
class Scope:
    level: str
    organization: Organization
    title: str
    surveys: tuple[Survey, ...]
    provider: ServiceProvider | None = None
    service: Service | None = None
    survey: Survey | None = None

    @property
    def survey_ids(self) -> list[int]:
        return [survey.pk for survey in self.surveys]


@dataclass(frozen=True)
class InsightsFilters:
    period: Period = ALL_TIME
    channel: str = ""
    language: str = ""
    segment: str = ""  # "page" or "answer:<key>": only respondents with segment_value
    segment_value: str = ""


def readable_surveys(user: AnyUser) -> QuerySet[Survey]:
    return surveys_with_responses_visible_to(user).select_related("service", "organization")


def scope_for(user: AnyUser, level: str, identifier: str) -> Scope | None:
    """The scope named by `level` and `identifier` if the person may read it, else None."""
    return scope_within(organizations_where(user), readable_surveys(user), level, identifier)


def scope_within(
    organizations: QuerySet[Organization], surveys: QuerySet[Survey], level: str, identifier: str
) -> Scope | None:
    """The scope named by `level` and `identifier` among `organizations`, with the `surveys`
    it may read; None for anything else, so another agency's scope looks like a made-up one."""
    if level == "organization":
        organization = organizations.filter(abbreviation=identifier).first()
        if organization is None:
            return None
        found = tuple(surveys.filter(organization=organization))
        return Scope(level, organization, organization.name, found)
    if level == "provider":
        provider = (
            ServiceProvider.objects.filter(slug=identifier, organization__in=organizations)
            .select_related("organization")
            .first()
        )
        if provider is None:
            return None
        found = tuple(surveys.filter(service__provider=provider))
        return Scope(level, provider.organization, provider.name, found, provider=provider)
    key = _uuid(identifier)
    if key is None:
        return None
    if level == "service":
        service = (
            Service.objects.filter(public_id=key, organization__in=organizations)
            .select_related("organization")
            .first()
        )
        if service is None:
            return None
        found = tuple(surveys.filter(service=service))
        return Scope(level, service.organization, service.name, found, service=service)
    if level == "survey":
        survey = surveys.filter(public_id=key, organization__in=organizations).first()
        if survey is None:
            return None
        return Scope(level, survey.organization, survey.title, (survey,), survey=survey)
    return None


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


TABLE = RollupMonth._meta.db_table
# Respondents per survey, month and channel: what response rates divide.
RESPONDENT_SQL = f"""
SELECT survey_id, max(survey_version_id), month, channel, '', '', '', kind, '', '', sum(count)
FROM {TABLE} WHERE {{where}} {{base}} AND kind = 'n'
GROUP BY survey_id, month, channel, kind
"""  # noqa: S608 — the table name is the model's; every value is bound
# Only trust is broken down by month, channel, language and segment; every other figure is
# a sum over the whole scope and period. PostgreSQL adds those up, so a dashboard receives a
# few thousand rows instead of every month's. Unused dimensions come back empty.
ROLLUP_SQL = f"""
SELECT survey_id, max(survey_version_id), month, channel, language, segment, segment_value, kind,
       question, value, sum(count)
FROM {TABLE} WHERE {{where}} AND kind = 'choice' AND question = 'trust'
GROUP BY survey_id, month, channel, language, segment, segment_value, kind, question, value
UNION ALL{RESPONDENT_SQL}UNION ALL
SELECT survey_id, survey_version_id, NULL, '', '', '', '', kind, question, value, sum(count)
FROM {TABLE} WHERE {{where}} {{base}} AND kind IN ('choice', 'shown') AND question <> 'trust'
GROUP BY survey_id, survey_version_id, kind, question, value
"""  # noqa: S608 — the table name is the model's; every value is bound
# Pairs (for correlations) are summed over the whole scope too.
PAIR_SQL = f"""
SELECT question, value, sum(count) FROM {TABLE} WHERE {{where}} AND kind = 'pair'
GROUP BY question, value
"""  # noqa: S608 — the table name is the model's; every value is bound
CATEGORY_COLUMNS = ("channel", "language", "segment", "segment_value", "kind", "question", "value")


def rollup_frame(scope: Scope, filters: InsightsFilters) -> pd.DataFrame:
    """The scope's month rollups as the figures need them, narrowed by the filters.

    Trust rows keep every dimension; respondent counts keep survey, month and channel (for
    response rates); other answers are summed per survey version (their options differ).
    """
    return _frame(_fetch(ROLLUP_SQL, scope.survey_ids, filters), filters)


def respondent_frame(scope: Scope, filters: InsightsFilters) -> pd.DataFrame:
    """Only the respondent counts of `rollup_frame` (by survey, month and channel): what a
    response rate needs for a period other than the dashboard's."""
    return _frame(_fetch(RESPONDENT_SQL, scope.survey_ids, filters), filters)


def _frame(rows: list[tuple[object, ...]], filters: InsightsFilters) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(ROLLUP_COLUMNS))
    if filters.segment:  # the chosen group's rows stand for everyone in it
        frame["segment"] = ""
        frame["segment_value"] = ""
    # Dozens of comparisons per dashboard run on these columns; categories make them cheap.
    return frame.astype(dict.fromkeys(CATEGORY_COLUMNS, "category"))


def pair_frame(scope: Scope, filters: InsightsFilters) -> pd.DataFrame:
    """Pairs of version-1 answers summed over the scope: question "a|b", value "x|y", count.

    Pairs are counted for every respondent, not by page or answer, so a segment filter
    leaves none.
    """
    v1_surveys = [survey.pk for survey in scope.surveys if survey.kind == "a11_v1"]
    if filters.segment or not v1_surveys:
        return pd.DataFrame(columns=["question", "value", "count"])
    return pd.DataFrame.from_records(
        _fetch(PAIR_SQL, v1_surveys, filters), columns=["question", "value", "count"]
    )


def _fetch(
    template: str, survey_ids: list[int], filters: InsightsFilters
) -> list[tuple[object, ...]]:
    """Run `template` with its `{where}` (scope and filters) and `{base}` (everyone, unless a
    segment filter already picks one group) filled in, once per occurrence."""
    if not survey_ids:
        return []
    where = f"survey_id IN ({', '.join(['%s'] * len(survey_ids))}) AND month >= %s AND month <= %s"
    params: list[Any] = [
        *survey_ids,
        filters.period.first_month or dt.date.min,
        filters.period.last_month or dt.date.max,
    ]
    for column in ("channel", "language"):
        if getattr(filters, column):
            where += f" AND {column} = %s"
            params.append(getattr(filters, column))
    if filters.segment:
        where += " AND segment = %s AND segment_value = %s"
        params.extend([filters.segment, filters.segment_value])
    base = "" if filters.segment else "AND segment = ''"
    sql = template.format(where=where, base=base)
    with connection.cursor() as cursor:
        cursor.execute(sql, params * template.count("{where}"))
        return list(cursor.fetchall())


def context_for(scope: Scope, frame: pd.DataFrame, period: Period) -> Context:
    """What the figures of `frame` need besides it, with the volumes of the fiscal quarters
    `period` lies in (all of them for all time): a response rate divides a period's
    respondents by that period's offers only."""
    surveys = {
        survey.pk: SurveyInfo(
            id=survey.pk,
            public_id=str(survey.public_id),
            title=survey.title,
            kind=survey.kind,
            service_id=survey.service_id,
            service_name=survey.service.name if survey.service else "",
        )
        for survey in scope.surveys
    }
    version_ids = {int(v) for v in frame["survey_version_id"].unique()} if len(frame) else set()
    structures = {
        pk: SurveyStructure.from_json(structure)
        for pk, structure in SurveyVersion.objects.filter(pk__in=version_ids).values_list(
            "pk", "structure"
        )
    }
    services = {s.service_id: s.service_name for s in surveys.values() if s.service_id}
    return Context(
        surveys=surveys,
        structures=structures,
        minimum_size=scope.organization.minimum_group_size,
        service_names=services,
        volumes=_volumes(list(services), period),
    )


def _volumes(service_ids: list[int], period: Period) -> tuple[Volume, ...]:
    if not service_ids:
        return ()
    services = Service.objects.filter(pk__in=service_ids)
    return tuple(
        Volume(
            service_id=volume.service_id,
            channel=volume.channel,
            quarter=FiscalQuarter(volume.fiscal_year, volume.fiscal_quarter),
            customers=volume.customers,
            offered_survey=volume.offered_survey,
        )
        for volume in service_volumes(services=services, quarters=quarters_of(period))
    )


@dataclass(frozen=True)
class Freshness:
    updated_at: dt.datetime | None
    waiting: int


def rollup_freshness() -> Freshness:
    """When the rollups were last brought up to date, and how many changes wait."""
    state = RollupState.objects.filter(pk=1).values_list("updated_at", "rebuilt_at").first()
    moments = [moment for moment in state or () if moment is not None]
    return Freshness(
        updated_at=max(moments) if moments else None, waiting=CountChange.objects.count()
    )


def scopes_for(user: AnyUser) -> list[Organization]:
    return list(organizations_where(user).order_by("name"))
