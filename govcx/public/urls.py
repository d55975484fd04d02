from django.urls import path

from govcx.public import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<str:abbreviation>/", views.agency, name="agency"),
    path("agencies/<str:abbreviation>/plan/", views.plan, name="plan"),
    path(
        "agencies/<str:abbreviation>/plan/FY<int:fiscal_year>/", views.plan_year, name="plan_year"
    ),
    path("agencies/<str:abbreviation>/results/", views.results, name="results"),
    path("agencies/<str:abbreviation>/results.csv", views.results_csv, name="results_csv"),
    path("agencies/<str:abbreviation>/results.json", views.results_json, name="results_json"),
    path(
        "agencies/<str:abbreviation>/you-said-we-did/",
        views.you_said_we_did,
        name="you_said_we_did",
    ),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/results.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/results.json", views.open_data_json_download, name="open_data_json"),
]
