"""Pages anyone can read without signing in, and the open data downloads.

Everything shown is something an agency published: its contact details, a published customer
service plan, published quarterly results and published "you said, we did" actions. Agencies
are addressed by their abbreviation in any case (/agencies/aga/ is /agencies/AGA/); an unknown
one, or an unpublished plan year, is 404.
"""

from __future__ import annotations

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from govcx.public import selectors
from govcx.public.opendata import (
    FIELD_DESCRIPTIONS,
    FIELDS,
    SCHEMA_VERSION,
    open_data_csv_lines,
    open_data_json,
)
from govcx.registry.models import Organization
from govcx.reporting.models import CustomerServicePlan
from govcx.reporting.plan_selectors import (
    contact_for,
    published_actions_for,
    published_plan_for,
    published_plan_years,
)
from govcx.reporting.published import PublishedFigure, published_figures
from govcx.standards.selectors import organization_by_abbreviation


def _agency(abbreviation: str) -> Organization:
    organization = organization_by_abbreviation(abbreviation)
    if organization is None:
        raise Http404("There is no agency with this abbreviation.")
    return organization


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


@require_safe
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.agencies_with_publications()
    return render(request, "public/agency_list.html", {"agencies": agencies})


@require_safe
def agency(request: HttpRequest, abbreviation: str) -> HttpResponse:
    """An agency's front page: how to reach it, who speaks for its customers, what it published."""
    organization = _agency(abbreviation)
    context = {
        "organization": organization,
        "contact": contact_for(organization),
        "plan_years": published_plan_years(organization),
        "has_results": selectors.has_published_results(organization),
        "has_actions": published_actions_for(organization).exists(),
    }
    return render(request, "public/agency.html", context)


@require_safe
def plan(request: HttpRequest, abbreviation: str) -> HttpResponse:
    """The latest published customer service plan, or a page saying there is none yet."""
    organization = _agency(abbreviation)
    return _plan_page(request, organization, published_plan_for(organization))


@require_safe
def plan_year(request: HttpRequest, abbreviation: str, fiscal_year: int) -> HttpResponse:
    """One fiscal year's plan; a year without a published plan is 404, drafts included."""
    organization = _agency(abbreviation)
    published = published_plan_for(organization, fiscal_year)
    if published is None:
        raise Http404("This agency has not published a plan for that fiscal year.")
    return _plan_page(request, organization, published)


def _plan_page(
    request: HttpRequest, organization: Organization, plan: CustomerServicePlan | None
) -> HttpResponse:
    contents = selectors.plan_contents(plan) if plan is not None else None
    context = {
        "organization": organization,
        "contents": contents,
        "plan_years": published_plan_years(organization),
    }
    return render(request, "public/plan.html", context)


@require_safe
def results(request: HttpRequest, abbreviation: str) -> HttpResponse:
    """One fiscal year's published quarterly results (the latest unless `?year=FY2026` asks
    for another), newest quarter first. A page of every year would grow without end."""
    organization = _agency(abbreviation)
    years = selectors.published_fiscal_years(organization)
    year = _chosen_year(request.GET.get("year", ""), years)
    context = {
        "organization": organization,
        "years": years,
        "year": year,
        "quarters": selectors.results_by_quarter(organization, fiscal_year=year) if year else [],
    }
    return render(request, "public/results.html", context)


def _chosen_year(asked: str, years: list[int]) -> int | None:
    """The fiscal year asked for ("FY2026" or "2026"), or the latest; 404 for one not published."""
    if not asked:
        return years[0] if years else None
    digits = asked.upper().removeprefix("FY")
    if not (digits.isascii() and digits.isdigit()) or int(digits) not in years:
        raise Http404("This agency published no quarterly results for that fiscal year.")
    return int(digits)


@require_safe
def you_said_we_did(request: HttpRequest, abbreviation: str) -> HttpResponse:
    organization = _agency(abbreviation)
    context = {"organization": organization, "actions": published_actions_for(organization)}
    return render(request, "public/you_said_we_did.html", context)


# --- open data ----------------------------------------------------------------------------------


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """What the downloads hold, column by column, and where to get them."""
    context = {
        "fields": [(name, FIELD_DESCRIPTIONS[name]) for name in FIELDS],
        "schema_version": SCHEMA_VERSION,
        "agencies": selectors.agencies_with_published_results(),
    }
    return render(request, "public/open_data.html", context)


@require_safe
def results_csv(request: HttpRequest, abbreviation: str) -> HttpResponseBase:
    organization = _agency(abbreviation)
    name = f"govcx-results-{slugify(organization.abbreviation)}.csv"  # safe in a header
    return _csv_download(published_figures(organization), name)


@require_safe
def results_json(request: HttpRequest, abbreviation: str) -> HttpResponseBase:
    return _json_download(published_figures(_agency(abbreviation)))


@require_safe
def open_data_csv(request: HttpRequest) -> HttpResponseBase:
    return _csv_download(published_figures(), "govcx-results.csv")


@require_safe
def open_data_json_download(request: HttpRequest) -> HttpResponseBase:
    return _json_download(published_figures())


def _csv_download(figures: list[PublishedFigure], file_name: str) -> HttpResponseBase:
    response = StreamingHttpResponse(
        open_data_csv_lines(figures), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return _shared(response)


def _json_download(figures: list[PublishedFigure]) -> HttpResponseBase:
    return _shared(JsonResponse(open_data_json(figures)))


def _shared(response: HttpResponseBase) -> HttpResponseBase:
    """Open data may be read by any web page: it is public, and no cookie is ever involved."""
    response["Access-Control-Allow-Origin"] = "*"
    return response
