"""Staff pages for reporting. Each part of reporting keeps its own address list."""

from django.urls import include, path

app_name = "reporting"
urlpatterns = [
    path("staff/collections/", include("govcx.reporting.collection_urls")),
    path("staff/collections/", include("govcx.reporting.workflow_urls")),
    path("staff/plans/", include("govcx.reporting.plan_urls")),
    path("staff/reports/", include("govcx.reporting.report_urls")),
]
