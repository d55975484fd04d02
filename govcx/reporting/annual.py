"""An organization's annual customer-experience report for one fiscal year: its figures.

For each service with A-11 survey responses in the year (High Impact Service Provider services
first): trust and, where the service asked the version 1 items, satisfaction — each over the
year, in each quarter (with the change from the quarter before) and against the year before
(with its test) — the drivers, and the response rate per channel. Then how each of the
organization's active service standards did in each quarter and over the whole year. Last,
per service, the comment themes over-represented among customers with negative trust or a
negative driver (govcx.comments' root-cause table: figures only, never a comment's words).

Every figure comes from govcx.insights and govcx.standards: the same rollups, definitions,
intervals, tests and suppression as the dashboards and the standards pages, so the report can
never disagree with them. A row about fewer respondents than the organization's minimum group
size is suppressed (and, in a trend, the next smallest period with it, so that the hidden one
cannot be worked out from the year's total), exactly as on the dashboards; a suppressed row
carries no value, interval or n.

The report is for the organization's own members, whatever their role: it holds only
aggregate, suppressed figures, the kind an agency publishes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.db.models import QuerySet, Sum

from govcx.comments.models import Theme
from govcx.comments.root_causes import NO_THEME, RootCauseTable, ThemeRow, root_cause_table_for
from govcx.insights import analysis, metrics
from govcx.insights.models import FactKind, RollupMonth
from govcx.insights.periods import fiscal_year_period
from govcx.insights.rows import FigureRow
from govcx.insights.selectors import (
    Freshness,
    InsightsFilters,
    Scope,
    context_for,
    rollup_frame,
    rollup_freshness,
)
from govcx.lib.fiscal import QUARTERS_PER_YEAR, FiscalQuarter, fiscal_year_of
from govcx.registry.models import FIRST_VOLUME_FISCAL_YEAR, Organization, Service
from govcx.registry.selectors import AnyUser, organizations_where
from govcx.standards.compliance import PeriodCompliance, compliance_by_period
from govcx.standards.display import headline_label, record_noun, target_text
from govcx.standards.models import Standard
from govcx.standards.selectors import public_standards_of
from govcx.surveys.models import Survey

TRUST = "trust"
SATISFACTION = "satisfaction"
TRUST_LABEL = "Trust: share positive"
SATISFACTION_LABEL = "Satisfaction: share agreeing (4 or 5)"
QUARTER_GRAIN = "fiscal_quarter"
YEAR_GRAIN = "fiscal_year"
AGREE_FROM = 4.0  # on the five-point scale, 4 (agree) and 5 (strongly agree)
LEADING_THEMES = 3
# The columns a trend needs: a month, the segment ("" for every respondent), and counts.
SHARE_COLUMNS = ["month", "segment", "positive", "count"]


@dataclass(frozen=True)
class FiscalYear:
    """A whole fiscal year as a period of days (govcx.lib.fiscal.Period), for standards."""

    fiscal_year: int

    @property
    def quarters(self) -> tuple[FiscalQuarter, ...]:
        return tuple(
            FiscalQuarter(self.fiscal_year, quarter) for quarter in range(1, QUARTERS_PER_YEAR + 1)
        )

    @property
    def start(self) -> dt.date:
        return self.quarters[0].start

    @property
    def end(self) -> dt.date:
        return self.quarters[-1].end

    @property
    def end_exclusive(self) -> dt.date:
        return self.quarters[-1].end_exclusive

    @property
    def key(self) -> str:
        return f"FY{self.fiscal_year}"

    @property
    def label(self) -> str:
        return f"FY{self.fiscal_year}"


@dataclass(frozen=True)
class IndicatorYear:
    """Trust or satisfaction over a fiscal year.

    `quarters` has all four quarters in order (a quarter without responses reads "no
    responses"), each compared with the quarter before. `change` is the year's row compared
    with the year before; it carries no test when either year is hidden or empty.
    """

    key: str  # "trust" or "satisfaction"
    label: str
    year: FigureRow
    quarters: tuple[FigureRow, ...]
    previous_year: FigureRow
    change: FigureRow


@dataclass(frozen=True)
class ServiceYear:
    service: Service
    respondents: int  # shown through insights.formatting.count_text, which hides small counts
    trust: IndicatorYear
    satisfaction: IndicatorYear | None  # None when the service asked no version 1 items
    v1_drivers: tuple[FigureRow, ...]  # share agreeing with each version 1 driver item
    went_well: tuple[FigureRow, ...]  # version 2: of the positive shown Q2, the share naming it
    not_well: tuple[FigureRow, ...]  # version 2: of the negative shown Q3, the share naming it
    response_rates: tuple[FigureRow, ...]  # per channel with volumes entered for the year


@dataclass(frozen=True)
class StandardYear:
    standard: Standard
    target: str
    headline_label: str
    noun: str  # what the standard counts: "cases" or "calls"
    quarters: tuple[PeriodCompliance, ...]
    year: PeriodCompliance


@dataclass(frozen=True)
class ServiceThemes:
    """What a service's unhappy customers wrote about more than everyone else, in the year:
    the root-cause table of the comments pages, figures only (no comment is quoted)."""

    service: Service
    table: RootCauseTable

    @property
    def leading(self) -> tuple[ThemeRow, ...]:
        """Up to three named themes over-represented among them, the largest first."""
        rows = [
            row
            for row in self.table.shown_rows
            if row.key != NO_THEME and row.difference is not None and row.difference > 0
        ]
        return tuple(rows[:LEADING_THEMES])


@dataclass(frozen=True)
class AnnualReport:
    organization: Organization
    fiscal_year: int
    as_of: dt.datetime
    freshness: Freshness
    minimum_size: int
    services: tuple[ServiceYear, ...]
    standards: tuple[StandardYear, ...]
    # Per service, the themes over-represented in the comments of unhappy customers.
    comment_themes: tuple[ServiceThemes, ...] = ()

    @property
    def period(self) -> FiscalYear:
        return FiscalYear(self.fiscal_year)


# --- which organizations, years and services have a report ----------------------------------------


def report_organizations(user: AnyUser) -> QuerySet[Organization]:
    """The organizations whose annual reports the user reads: every one they are a member of."""
    return organizations_where(user).order_by("name")


def report_organization(user: AnyUser, abbreviation: str) -> Organization | None:
    """The user's organization with this abbreviation; None for any other, even a real one."""
    return report_organizations(user).filter(abbreviation=abbreviation).first()


def _a11_respondent_rollups(organization: Organization) -> QuerySet[RollupMonth]:
    """Month rollups counting respondents to the organization's A-11 surveys of a service."""
    return RollupMonth.objects.filter(
        organization=organization,
        kind=FactKind.RESPONDENTS,
        segment="",
        count__gt=0,
        survey__kind__in=metrics.A11_KINDS,
        survey__service__isnull=False,
    )


def report_fiscal_years(organization: Organization) -> list[int]:
    """Fiscal years in which the organization had A-11 responses to a service, latest first."""
    months = _a11_respondent_rollups(organization).values_list("month", flat=True).distinct()
    return sorted({fiscal_year_of(month) for month in months}, reverse=True)


def services_with_responses(organization: Organization, fiscal_year: int) -> list[Service]:
    """Services with A-11 responses in the year: HISP services first, then by name."""
    period = fiscal_year_period(fiscal_year)
    service_ids = (
        _a11_respondent_rollups(organization)
        .filter(month__gte=period.first_month, month__lte=period.last_month)
        .values_list("survey__service_id", flat=True)
        .distinct()
    )
    return list(
        Service.objects.filter(pk__in=list(service_ids))
        .select_related("organization", "provider")
        .order_by("-is_hisp_service", "name", "pk")
    )


def service_scope(service: Service) -> Scope:
    """The service's A-11 surveys as an insights scope: what trust and its drivers count."""
    surveys = Survey.objects.filter(
        organization_id=service.organization_id, service=service, kind__in=metrics.A11_KINDS
    ).select_related("organization", "service")
    return Scope("service", service.organization, service.name, tuple(surveys), service=service)


# --- trends ---------------------------------------------------------------------------------------


def empty_row(section: str, metric: str, label: str, grain: str, key: str, size: int) -> FigureRow:
    """A period without responses: it reads "no responses", and is no group of any trend."""
    return FigureRow(
        section=section,
        metric=metric,
        label=label,
        unit="share",
        group_by=grain,
        group=key,
        n=0,
        minimum_size=size,
    )


def relabelled(rows: list[FigureRow], section: str, metric: str, label: str) -> list[FigureRow]:
    return [dataclasses.replace(row, section=section, metric=metric, label=label) for row in rows]


def quarter_trend(
    shares: pd.DataFrame, context: metrics.Context, fiscal_year: int, metric: str, label: str
) -> tuple[FigureRow, ...]:
    """Each quarter of the year, compared with the quarter before (insights' trend: Holm,
    complements hidden); quarters without responses are added after, as empty rows, so that
    they can never be picked to hide a neighbour's figure."""
    found = relabelled(analysis.trend(shares, context, QUARTER_GRAIN), "trend", metric, label)
    by_key = {row.group: row for row in found}
    return tuple(
        by_key.get(quarter.key)
        or empty_row("trend", metric, label, QUARTER_GRAIN, quarter.key, context.minimum_size)
        for quarter in FiscalYear(fiscal_year).quarters
    )


def year_change(
    shares: pd.DataFrame, context: metrics.Context, fiscal_year: int, metric: str, label: str
) -> tuple[FigureRow, FigureRow]:
    """The year before and this year, this year compared with it (insights' trend by fiscal
    year over both years' rows)."""
    found = relabelled(analysis.trend(shares, context, YEAR_GRAIN), "year_change", metric, label)
    by_key = {row.group: row for row in found}
    rows = tuple(
        by_key.get(f"FY{year}")
        or empty_row("year_change", metric, label, YEAR_GRAIN, f"FY{year}", context.minimum_size)
        for year in (fiscal_year - 1, fiscal_year)
    )
    return rows[0], rows[1]


def indicator_year(
    key: str,
    label: str,
    year: FigureRow,
    two_years: pd.DataFrame,
    context: metrics.Context,
    fiscal_year: int,
) -> IndicatorYear:
    """An indicator from its monthly counts over this year and the one before."""
    this_year = two_years[two_years["month"] >= FiscalYear(fiscal_year).start]
    previous_year, change = year_change(two_years, context, fiscal_year, key, label)
    return IndicatorYear(
        key=key,
        label=label,
        year=year,
        quarters=quarter_trend(this_year, context, fiscal_year, key, label),
        previous_year=previous_year,
        change=change,
    )


# --- a service's year -----------------------------------------------------------------------------


def trust_shares(trust_rows: pd.DataFrame) -> pd.DataFrame:
    """Trust counts by month (every respondent, no breakdown), in the trend's columns."""
    rows = trust_rows[trust_rows["segment"] == ""]
    return pd.DataFrame(
        {
            "month": rows["month"].to_numpy(),
            "segment": "",
            "positive": rows["positive"].astype("int64").to_numpy(),
            "count": rows["count"].astype("int64").to_numpy(),
        },
        columns=SHARE_COLUMNS,
    )


def satisfaction_shares(scope: Scope, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Version 1 satisfaction answers by month, from the month rollups: count, and positive
    (agree or strongly agree). The trend needs months, which the dashboards' rollup read sums
    away for every question but trust."""
    v1_surveys = [survey.pk for survey in scope.surveys if survey.kind == metrics.V1_KIND]
    answers = (
        RollupMonth.objects.filter(
            survey_id__in=v1_surveys,
            kind=FactKind.CHOICE,
            question=SATISFACTION,
            segment="",
            month__gte=first,
            month__lte=last,
        )
        .values("month", "value")
        .annotate(total=Sum("count"))
        .order_by("month", "value")
        .values_list("month", "value", "total")
    )
    records = [
        (month, "", int(total) if float(value) >= AGREE_FROM else 0, int(total))
        for month, value, total in answers
        if total
    ]
    return pd.DataFrame.from_records(records, columns=SHARE_COLUMNS)


def stacked(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The frames one after the other; pandas is asked to stack only frames with rows."""
    filled = [frame for frame in frames if len(frame)]
    if not filled:
        return pd.DataFrame(columns=columns)
    return pd.concat(filled, ignore_index=True)


def offered(rows: list[FigureRow]) -> tuple[FigureRow, ...]:
    """Driver rows of drivers someone was offered (a hidden row was offered to someone)."""
    return tuple(row for row in rows if row.suppressed or row.n)


def row_with_metric(rows: list[FigureRow], metric: str) -> FigureRow:
    return next(row for row in rows if row.metric == metric and not row.group_by)


def year_frames(scope: Scope, fiscal_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rollup rows of this year and of the year before, read as the dashboards read them."""
    this_year = rollup_frame(scope, InsightsFilters(period=fiscal_year_period(fiscal_year)))
    before = rollup_frame(scope, InsightsFilters(period=fiscal_year_period(fiscal_year - 1)))
    return this_year, before


def service_year(service: Service, fiscal_year: int) -> ServiceYear:
    scope = service_scope(service)
    frame, frame_before = year_frames(scope, fiscal_year)
    two_years = stacked([frame, frame_before], list(frame.columns))
    context = context_for(scope, two_years, fiscal_year_period(fiscal_year))
    v1_items = metrics.v1_item_rows(frame, context)
    satisfaction = satisfaction_year(scope, v1_items, context, fiscal_year)
    went_well, not_well = v2_drivers(frame, context)
    return ServiceYear(
        service=service,
        respondents=metrics.respondents(frame),
        trust=trust_year(frame, frame_before, context, fiscal_year),
        satisfaction=satisfaction,
        v1_drivers=v1_drivers(v1_items) if satisfaction is not None else (),
        went_well=went_well,
        not_well=not_well,
        response_rates=response_rates(frame, context, fiscal_year),
    )


def trust_year(
    frame: pd.DataFrame, frame_before: pd.DataFrame, context: metrics.Context, fiscal_year: int
) -> IndicatorYear:
    this_year = metrics.trust_rows(frame, context)
    before = metrics.trust_rows(frame_before, context)
    two_years = stacked([trust_shares(before), trust_shares(this_year)], SHARE_COLUMNS)
    year = metrics.trust_figure(this_year, context)
    return indicator_year(TRUST, TRUST_LABEL, year, two_years, context, fiscal_year)


def response_rates(
    frame: pd.DataFrame, context: metrics.Context, fiscal_year: int
) -> tuple[FigureRow, ...]:
    """Per channel: the year's respondents ÷ customers offered a survey in the year's quarters
    with volumes (a quarter without volumes is left out of both), as the dashboards show it."""
    return tuple(metrics.response_rate_rows(frame, context, fiscal_year_period(fiscal_year)))


def satisfaction_year(
    scope: Scope, v1_items: list[FigureRow], context: metrics.Context, fiscal_year: int
) -> IndicatorYear | None:
    """Satisfaction when the service has version 1 answers in the year, else None."""
    year = row_with_metric(v1_items, f"{SATISFACTION}:agree")
    if not (year.suppressed or year.n):
        return None
    first_month = FiscalYear(fiscal_year - 1).start
    last_month = FiscalYear(fiscal_year).quarters[-1].months[-1].start
    shares = satisfaction_shares(scope, first_month, last_month)
    return indicator_year(SATISFACTION, SATISFACTION_LABEL, year, shares, context, fiscal_year)


def v1_drivers(v1_items: list[FigureRow]) -> tuple[FigureRow, ...]:
    return tuple(row_with_metric(v1_items, f"{item}:agree") for item in metrics.V1_DRIVERS)


def v2_drivers(
    frame: pd.DataFrame, context: metrics.Context
) -> tuple[tuple[FigureRow, ...], tuple[FigureRow, ...]]:
    rows = metrics.v2_driver_rows(frame, context)
    went_well = [row for row in rows if row.section == "v2_went_well"]
    not_well = [row for row in rows if row.section == "v2_not_well"]
    return offered(went_well), offered(not_well)


# --- standards ------------------------------------------------------------------------------------


def standard_year(standard: Standard, fiscal_year: int, *, as_of: dt.datetime) -> StandardYear:
    """Each quarter and the whole year, from one read of the standard's records."""
    year = FiscalYear(fiscal_year)
    results = compliance_by_period(standard, [*year.quarters, year], as_of=as_of)
    return StandardYear(
        standard=standard,
        target=target_text(standard),
        headline_label=headline_label(standard),
        noun=record_noun(standard),
        quarters=tuple(results[:QUARTERS_PER_YEAR]),
        year=results[QUARTERS_PER_YEAR],
    )


# --- the report -----------------------------------------------------------------------------------


def annual_report(
    organization: Organization, fiscal_year: int, *, as_of: dt.datetime
) -> AnnualReport:
    """The organization's report for the fiscal year, as things stand at `as_of`."""
    return AnnualReport(
        organization=organization,
        fiscal_year=fiscal_year,
        as_of=as_of,
        freshness=rollup_freshness(),
        minimum_size=organization.minimum_group_size,
        services=tuple(
            service_year(service, fiscal_year)
            for service in services_with_responses(organization, fiscal_year)
        ),
        standards=tuple(
            standard_year(standard, fiscal_year, as_of=as_of)
            for standard in public_standards_of(organization)
        ),
        comment_themes=comment_themes(organization, fiscal_year),
    )


def comment_themes(organization: Organization, fiscal_year: int) -> tuple[ServiceThemes, ...]:
    """Each service with analysed comments in the year that the organization has themes for."""
    if not Theme.objects.filter(organization=organization, is_active=True).exists():
        return ()
    period = fiscal_year_period(fiscal_year)
    services = Service.objects.filter(organization=organization).order_by(
        "-is_hisp_service", "name", "pk"
    )
    found = (
        ServiceThemes(service, root_cause_table_for(service=service, period=period))
        for service in services
    )
    return tuple(each for each in found if each.table.n_group + each.table.n_comparison)


def is_report_year(fiscal_year: int, *, today: dt.date) -> bool:
    """A year a report can be asked for: from the first year of A-11 volumes (FY2019) up to
    the current one."""
    return FIRST_VOLUME_FISCAL_YEAR <= fiscal_year <= fiscal_year_of(today)
