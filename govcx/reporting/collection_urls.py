"""The collection pages, under staff/collections/ in the "reporting" namespace."""

from django.urls import URLPattern, URLResolver, path

from govcx.reporting import collection_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.collection_list, name="collection_list"),
    path("<uuid:public_id>/", views.collection_detail, name="collection_detail"),
    path("<uuid:public_id>/rows/new/", views.detail_new, name="detail_new"),
    path("<uuid:public_id>/collection.csv", views.collection_csv, name="collection_csv"),
    path("<uuid:public_id>/collection.json", views.collection_json, name="collection_json"),
    path(
        "<uuid:public_id>/respondents.csv",
        views.collection_respondents_csv,
        name="collection_respondents_csv",
    ),
    path(
        "<uuid:public_id>/a11-v1-summary.csv",
        views.collection_v1_summary_csv,
        name="collection_v1_summary_csv",
    ),
    path("rows/<uuid:public_id>/edit/", views.detail_edit, name="detail_edit"),
    path("rows/<uuid:public_id>/delete/", views.detail_delete_page, name="detail_delete"),
    path("rows/<uuid:public_id>/upload/", views.detail_upload, name="detail_upload"),
    path(
        "rows/<uuid:public_id>/respondents.csv",
        views.detail_respondents_csv,
        name="detail_respondents_csv",
    ),
]
