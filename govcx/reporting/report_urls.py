"""The annual report: an index of the years, the report on the web, and its PDF."""

from django.urls import URLPattern, URLResolver, path

from govcx.reporting import report_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", report_views.report_home, name="report_home"),
    path(
        "<str:abbreviation>/FY<int:fiscal_year>/",
        report_views.annual_report_page,
        name="annual_report",
    ),
    path(
        "<str:abbreviation>/FY<int:fiscal_year>.pdf",
        report_views.annual_report_pdf,
        name="annual_report_pdf",
    ),
]
