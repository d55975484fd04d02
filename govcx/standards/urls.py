from django.urls import path

from govcx.standards import views

app_name = "standards"
urlpatterns = [
    path("staff/standards/", views.standard_list, name="list"),
    path("staff/standards/new/", views.standard_new, name="new"),
    path("staff/standards/<uuid:public_id>/", views.standard_detail, name="detail"),
    path("staff/standards/<uuid:public_id>/edit/", views.standard_edit, name="edit"),
    path("staff/standards/calendars/new/", views.calendar_new, name="calendar_new"),
    path(
        "staff/standards/calendars/<uuid:public_id>/edit/",
        views.calendar_edit,
        name="calendar_edit",
    ),
    path("agencies/<str:abbreviation>/standards/", views.public_standards, name="public"),
]
