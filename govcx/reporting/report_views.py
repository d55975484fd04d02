"""The annual report pages: an index of the years, the report on the web, and the same as a PDF.

The web page and the PDF render one shared content template from one context, built here from
`govcx.reporting.annual`, so the two cannot show different figures. Any member of an
organization reads its reports; another organization's report, or a year outside the ones a
report can cover, is answered with 404, so an outsider cannot even learn that it exists.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from govcx.insights import charts
from govcx.insights.formatting import (
    comparison_text,
    count_text,
    figure_in_sentence,
    group_text,
    n_text,
    points,
    value_text,
)
from govcx.insights.metrics import DRIVER_NAMES
from govcx.insights.rows import FigureRow
from govcx.insights.summaries import trend_summary
from govcx.insights.tables import difference_text, significance_text
from govcx.lib.a11 import CHANNELS
from govcx.reporting.annual import (
    QUARTER_GRAIN,
    AnnualReport,
    IndicatorYear,
    ServiceYear,
    annual_report,
    is_report_year,
    report_fiscal_years,
    report_organization,
    report_organizations,
)
from govcx.reporting.pdf import pdf_from_html
from govcx.staff.views import signed_in_user

SECTION = "reports"
NOT_COMPARED = "—"


@dataclass(frozen=True)
class ReportRow:
    header: str  # shown as <th scope="row">
    cells: tuple[str, ...]
    suppressed: bool = False  # marked in the table, so that a hidden figure reads as hidden


@dataclass(frozen=True)
class ReportTable:
    caption: str
    header: str  # the first column's heading
    columns: tuple[str, ...]
    rows: tuple[ReportRow, ...]


@dataclass(frozen=True)
class Chart:
    """A chart as an image that needs no request: the web page and WeasyPrint draw the same."""

    data_uri: str
    alt: str


@dataclass(frozen=True)
class IndicatorText:
    label: str
    year: str  # the year's figure in a sentence: value (95 % CI, n)
    change: str  # the change from the year before, or why there is none


@dataclass(frozen=True)
class ServiceSection:
    year: ServiceYear
    anchor: str
    respondents: str
    trust: IndicatorText
    satisfaction: IndicatorText | None
    summary: tuple[str, ...]  # what the trust chart shows, in sentences
    chart: Chart | None  # None when no quarter has a figure to draw
    tables: tuple[ReportTable, ...]


# --- figures as text ------------------------------------------------------------------------------


def change_text(indicator: IndicatorYear) -> str:
    """ "+4.2 percentage points from FY2025 (two-proportion z-test, Holm-adjusted p = 0.012;
    significant)", or why the years were not compared."""
    change, before = indicator.change, indicator.previous_year
    if change.test and change.difference is not None:
        verdict = "significant" if change.significant else "not significant"
        return (
            f"{points(change.difference)} from {group_text(before)} "
            f"({comparison_text(change)}; {verdict})"
        )
    if before.suppressed:
        return f"Not compared: {group_text(before)} had {before.suppression_text}."
    if not before.n:
        return f"Not compared: there were no responses in {group_text(before)}."
    if change.suppressed:
        return f"Not compared: {change.suppression_text}."
    return "Not compared."


def indicator_text(indicator: IndicatorYear) -> IndicatorText:
    return IndicatorText(
        label=indicator.label,
        year=figure_in_sentence(indicator.year),
        change=change_text(indicator),
    )


def figure_row(header: str, row: FigureRow) -> ReportRow:
    return ReportRow(header, (value_text(row), n_text(row)), suppressed=row.suppressed)


def trend_row(header: str, row: FigureRow, compared: FigureRow) -> ReportRow:
    """A period's figure, and the change that `compared` carries (or dashes)."""
    return ReportRow(
        header,
        (
            value_text(row),
            n_text(row),
            difference_text(compared),
            comparison_text(compared) or NOT_COMPARED,
            significance_text(compared),
        ),
        suppressed=row.suppressed,
    )


def indicator_table(indicator: IndicatorYear, fiscal_year: int) -> ReportTable:
    """Each quarter with its change from the quarter before; then the year with its change from
    the year before, and the year before."""
    before = indicator.previous_year
    rows = [
        *(trend_row(group_text(row), row, row) for row in indicator.quarters),
        trend_row(f"FY{fiscal_year}, whole year", indicator.year, indicator.change),
        ReportRow(
            f"{group_text(before)}, the year before",
            (value_text(before), n_text(before), NOT_COMPARED, NOT_COMPARED, NOT_COMPARED),
            suppressed=before.suppressed,
        ),
    ]
    return ReportTable(
        caption=f"{indicator.label}, by quarter and against the year before",
        header="Period",
        columns=("Share (95 % CI)", "n", "Change from the period before", "Test", "Significant"),
        rows=tuple(rows),
    )


def share_table(caption: str, header: str, rows: Sequence[tuple[str, FigureRow]]) -> ReportTable:
    return ReportTable(
        caption=caption,
        header=header,
        columns=("Share (95 % CI)", "n"),
        rows=tuple(figure_row(name, row) for name, row in rows),
    )


def driver_key(row: FigureRow) -> str:
    return row.metric.rsplit(":", 1)[-1]


def driver_tables(service: ServiceYear) -> list[ReportTable]:
    tables = []
    if service.v1_drivers:
        tables.append(
            share_table(
                "Share agreeing (4 or 5) with each version 1 driver item",
                "Driver",
                [(row.label, row) for row in service.v1_drivers],
            )
        )
    for caption, rows in (
        ("What went well: share of respondents positive on trust who named it", service.went_well),
        (
            "What did not go well: share of respondents negative on trust who named it",
            service.not_well,
        ),
    ):
        if rows:
            named = [(DRIVER_NAMES.get(driver_key(row), row.label), row) for row in rows]
            tables.append(share_table(caption, "Driver", named))
    return tables


def response_rate_table(service: ServiceYear) -> ReportTable | None:
    if not service.response_rates:
        return None
    return ReportTable(
        caption="Response rate: respondents ÷ customers offered a survey, by channel",
        header="Channel",
        columns=("Response rate (95 % CI)", "Customers offered a survey (n)"),
        rows=tuple(
            figure_row(CHANNELS.get(row.group.split(":", 1)[-1], row.group_label), row)
            for row in service.response_rates
        ),
    )


def trust_chart(service: ServiceYear) -> Chart | None:
    """Trust by quarter with its intervals, as insights draws a trend, inlined as SVG."""
    rows = service.trust.quarters
    if not charts.shown(rows):
        return None
    svg = charts.render_svg(charts.trend_spec(rows, QUARTER_GRAIN))
    encoded = base64.b64encode(svg.encode()).decode("ascii")
    # The sentences and the table under the chart say what it shows; the text alternative
    # names the chart and points there rather than reading the same figures out twice.
    alt = (
        f"Trust by quarter with 95 % intervals for {service.service.name}; "
        "the figures are in the text and table below."
    )
    return Chart(data_uri=f"data:image/svg+xml;base64,{encoded}", alt=alt)


def service_section(service: ServiceYear, report: AnnualReport) -> ServiceSection:
    tables = [indicator_table(service.trust, report.fiscal_year)]
    if service.satisfaction is not None:
        tables.append(indicator_table(service.satisfaction, report.fiscal_year))
    tables.extend(driver_tables(service))
    rates = response_rate_table(service)
    if rates is not None:
        tables.append(rates)
    satisfaction = service.satisfaction
    return ServiceSection(
        year=service,
        anchor=f"service-{service.service.public_id}",
        respondents=count_text(service.respondents, report.minimum_size),
        trust=indicator_text(service.trust),
        satisfaction=None if satisfaction is None else indicator_text(satisfaction),
        summary=tuple(trend_summary(service.trust.quarters, QUARTER_GRAIN)),
        chart=trust_chart(service),
        tables=tuple(tables),
    )


def report_context(report: AnnualReport) -> dict[str, Any]:
    """What the shared content template needs, for the web page and the PDF alike."""
    return {
        "report": report,
        "organization": report.organization,
        "services": [service_section(service, report) for service in report.services],
    }


# --- pages ----------------------------------------------------------------------------------------


def visible_report(request: HttpRequest, abbreviation: str, fiscal_year: int) -> AnnualReport:
    """The report if the user is a member of the organization and the year can have one."""
    organization = report_organization(signed_in_user(request), abbreviation)
    if organization is None or not is_report_year(fiscal_year, today=timezone.localdate()):
        raise Http404("There is no annual report you can see at this address.")
    return annual_report(organization, fiscal_year, as_of=timezone.now())


def pdf_filename(report: AnnualReport) -> str:
    return f"{report.organization.abbreviation}-FY{report.fiscal_year}-annual-report.pdf"


@login_required
@require_GET
def report_home(request: HttpRequest) -> HttpResponse:
    """The fiscal years with a report, for each of the user's organizations."""
    organizations = report_organizations(signed_in_user(request))
    entries = [(organization, report_fiscal_years(organization)) for organization in organizations]
    return render(request, "reporting/annual_home.html", {"section": SECTION, "entries": entries})


@login_required
@require_GET
def annual_report_page(request: HttpRequest, abbreviation: str, fiscal_year: int) -> HttpResponse:
    report = visible_report(request, abbreviation, fiscal_year)
    context = report_context(report) | {
        "section": SECTION,
        "pdf_url": reverse(
            "reporting:annual_report_pdf",
            kwargs={"abbreviation": abbreviation, "fiscal_year": fiscal_year},
        ),
    }
    response = render(request, "reporting/annual_report.html", context)
    patch_cache_control(response, private=True)
    return response


@login_required
@require_GET
def annual_report_pdf(request: HttpRequest, abbreviation: str, fiscal_year: int) -> HttpResponse:
    report = visible_report(request, abbreviation, fiscal_year)
    html = render_to_string("reporting/annual_print.html", report_context(report))
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    disposition = content_disposition_header(False, pdf_filename(report))
    response["Content-Disposition"] = disposition or "inline"  # None only without a name
    patch_cache_control(response, private=True)
    return response
