from django.urls import path

from govcx.insights import views

app_name = "insights"

# (address prefix, scope level, how its identifier is written)
SCOPES = (
    ("org", "organization", "str"),
    ("providers", "provider", "slug"),
    ("services", "service", "uuid"),
    ("surveys", "survey", "uuid"),
)

urlpatterns = [path("staff/insights/", views.home, name="home")]
for prefix, level, converter in SCOPES:
    base = f"staff/insights/{prefix}/<{converter}:identifier>/"
    urlpatterns += [
        path(base, views.dashboard, {"level": level}, name=level),
        path(f"{base}figures.csv", views.figures_csv, {"level": level}, name=f"{level}_figures"),
        path(
            f"{base}charts/<str:filename>",
            views.chart_file,
            {"level": level},
            name=f"{level}_chart",
        ),
    ]
