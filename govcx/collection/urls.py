from django.urls import path

from govcx.collection import views

app_name = "collection"
urlpatterns = [
    path("<uuid:public_id>/", views.survey_page, name="survey"),
    path(
        "<uuid:public_id>/received/<str:receipt_id>/",
        views.survey_received,
        name="received",
    ),
]
