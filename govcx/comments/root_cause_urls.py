"""Root-cause pages: /staff/root-causes/ and one service's /staff/services/<id>/root-causes/."""

from django.urls import path

from govcx.comments import root_cause_views

urlpatterns = [
    path("root-causes/", root_cause_views.root_cause_home, name="root_cause_home"),
    path(
        "services/<uuid:public_id>/root-causes/",
        root_cause_views.root_causes,
        name="root_causes",
    ),
]
