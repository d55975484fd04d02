"""The insights dashboards of an organization, service provider, service or survey.

A scope is resolved from what the signed-in person may read; anything else, another agency's
or a made-up identifier alike, is a 404. Filters come from a GET form: invalid filters are a
400 naming the field, and nothing is computed. The page, its CSV and its chart images all
start from the same `Dashboard`, from the dashboard cache, so that a page's images do not
each compute it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from govcx.insights import charts
from govcx.insights.analysis import dimension_label
from govcx.insights.cache import dashboard_cached
from govcx.insights.dashboard import Dashboard
from govcx.insights.downloads import rows_csv
from govcx.insights.formatting import count_text, figure_text, group_name
from govcx.insights.forms import InsightsFilterForm
from govcx.insights.navigation import filter_choices, scope_tree
from govcx.insights.sections import Section, section_named, sections_for
from govcx.insights.selectors import Scope, rollup_freshness, scope_for
from govcx.insights.tables import questions_table
from govcx.lib.a11 import CHANNELS
from govcx.staff.views import signed_in_user

DOWNLOAD_MAX_AGE = 300  # seconds a browser may reuse a chart or CSV
LEVEL_LABELS = {
    "organization": "Organization",
    "provider": "Service provider",
    "service": "Service",
    "survey": "Survey",
}
CHART_FILE = re.compile(r"^(?P<key>[\w:.\-]+?)\.(?P<format>csv|svg|png|vl\.json)$")
DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "vl.json": "application/json",
}
# An SVG opened on its own is a document: let it show its styles and nothing else.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


# --- scopes ------------------------------------------------------------------------------------


def scope_identifier(scope: Scope) -> str:
    if scope.level == "provider" and scope.provider is not None:
        return scope.provider.slug
    if scope.level == "service" and scope.service is not None:
        return str(scope.service.public_id)
    if scope.level == "survey" and scope.survey is not None:
        return str(scope.survey.public_id)
    return scope.organization.abbreviation


def dashboard_path(scope: Scope) -> str:
    return reverse(f"insights:{scope.level}", kwargs={"identifier": scope_identifier(scope)})


def _parents(scope: Scope) -> list[tuple[str, str]]:
    """The scopes above this one, for the breadcrumbs: (name, address)."""
    if scope.level == "organization":
        return []
    organization = scope.organization
    parents = [
        (organization.name, reverse("insights:organization", args=[organization.abbreviation]))
    ]
    service = scope.service or (scope.survey.service if scope.survey else None)
    provider = scope.provider or (service.provider if service else None)
    if provider is not None and scope.level != "provider":
        parents.append((provider.name, reverse("insights:provider", args=[provider.slug])))
    if service is not None and scope.level == "survey":
        parents.append((service.name, reverse("insights:service", args=[service.public_id])))
    return parents


def _readable_scope(request: HttpRequest, level: str, identifier: object) -> Scope:
    scope = scope_for(signed_in_user(request), level, str(identifier))
    if scope is None:
        raise Http404("There is nothing here you can read.")
    return scope


def _filter_form(request: HttpRequest, scope: Scope) -> InsightsFilterForm:
    return InsightsFilterForm(
        request.GET, scope=scope, choices=filter_choices(scope), today=timezone.localdate()
    )


def _dashboard(scope: Scope, form: InsightsFilterForm) -> Dashboard:
    return dashboard_cached(
        scope,
        form.filters(),
        equity_dimension=form.equity_dimension,
        trend_grain=form.trend_grain,
    )


def _field_label(form: InsightsFilterForm, name: str) -> str:
    return str(form.fields[name].label) if name in form.fields else "Filters"


def _bad_filters(form: InsightsFilterForm) -> HttpResponseBadRequest:
    problems = "\n".join(
        f"{_field_label(form, name)}: {' '.join(str(error) for error in errors)}"
        for name, errors in form.errors.items()
    )
    return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")


# --- pages -------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    tree = scope_tree(signed_in_user(request))
    return render(request, "insights/home.html", {"section": "insights", "tree": tree})


@dataclass(frozen=True)
class ChartLinks:
    section: Section
    svg: str
    png: str
    csv: str
    spec: str


def _chart_links(scope: Scope, sections: list[Section], query: str) -> list[ChartLinks]:
    suffix = f"?{query}" if query else ""

    def link(section: Section, extension: str) -> str:
        filename = f"{section.key}.{extension}"
        kwargs = {"identifier": scope_identifier(scope), "filename": filename}
        return reverse(f"insights:{scope.level}_chart", kwargs=kwargs) + suffix

    return [
        ChartLinks(
            section,
            svg=link(section, "svg"),
            png=link(section, "png"),
            csv=link(section, "csv"),
            spec=link(section, "vl.json"),
        )
        for section in sections
    ]


def _filters_applied(form: InsightsFilterForm) -> list[str]:
    data = form.cleaned_data
    applied = [f"Period: {data['period'].label}"]
    if data["channel"]:
        applied.append(f"Channel: {CHANNELS.get(data['channel'], data['channel'])}")
    if data["language"]:
        applied.append(f"Language: {data['language']}")
    if data["segment"]:
        value = group_name(data["segment"], data["segment_value"])
        segment = dimension_label(data["segment"])
        applied.append(f"{form.fields['segment'].label}: {segment} = {value}")
    return applied


@login_required
@require_GET
def dashboard(request: HttpRequest, level: str, identifier: object) -> HttpResponse:
    scope = _readable_scope(request, level, identifier)
    form = _filter_form(request, scope)
    freshness = rollup_freshness()
    here = dashboard_path(scope)
    context: dict[str, object] = {
        "section": "insights",
        "scope": scope,
        "form": form,
        "freshness": freshness,
        "here": here,
        "board": None,
        "level_label": LEVEL_LABELS[scope.level],
        "parents": _parents(scope),
    }
    if not form.is_valid():
        return render(request, "insights/dashboard.html", context, status=400)
    board = _dashboard(scope, form)
    query = form.query()
    suffix = f"?{query}" if query else ""
    questions = board.section("questions")
    context.update(
        board=board,
        headline=figure_text(board.trust),
        respondents=count_text(board.respondents, board.minimum_size),
        period=form.cleaned_data["period"],
        filters_applied=_filters_applied(form),
        charts=_chart_links(scope, sections_for(board), query),
        questions=questions,
        questions_table=questions_table(questions),
        figures_csv=f"{here}figures.csv{suffix}",
    )
    return render(request, "insights/dashboard.html", context)


# --- downloads ---------------------------------------------------------------------------------


def _download(body: str | bytes, extension: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=DOWNLOAD_TYPES[extension])
    if extension == "svg":
        response["Content-Security-Policy"] = SVG_POLICY
    else:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, max_age=DOWNLOAD_MAX_AGE)
    return response


def _file_stem(scope: Scope) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", f"govcx-{scope.level}-{scope_identifier(scope)}")


@login_required
@require_GET
def figures_csv(request: HttpRequest, level: str, identifier: object) -> HttpResponse:
    scope = _readable_scope(request, level, identifier)
    form = _filter_form(request, scope)
    if not form.is_valid():
        return _bad_filters(form)
    board = _dashboard(scope, form)
    return _download(rows_csv(board.rows), "csv", f"{_file_stem(scope)}-figures.csv")


@login_required
@require_GET
def chart_file(request: HttpRequest, level: str, identifier: object, filename: str) -> HttpResponse:
    scope = _readable_scope(request, level, identifier)
    match = CHART_FILE.match(filename)
    if match is None:
        raise Http404("There is no such chart.")
    form = _filter_form(request, scope)
    if not form.is_valid():
        return _bad_filters(form)
    board = _dashboard(scope, form)
    section = section_named(board, match["key"])
    if section is None:
        raise Http404("This dashboard has no such chart.")
    extension = match["format"]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{_file_stem(scope)}-{filename}")
    if extension == "csv":
        return _download(rows_csv(section.rows), extension, name)
    if extension == "vl.json":
        return _download(charts.spec_json(section.spec()), extension, name)
    if extension == "svg":
        return _download(charts.render_svg(section.spec()), extension, name)
    return _download(charts.render_png(section.spec()), extension, name)
