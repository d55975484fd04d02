"""Coding pages: /staff/coding/ (samples, a new one) and /staff/coding/<id>/ (code, agreement)."""

from django.urls import path

from govcx.comments import coding_views

urlpatterns = [
    path("coding/", coding_views.coding_home, name="coding_home"),
    path("coding/<uuid:sample_uuid>/", coding_views.coding_sample, name="coding_sample"),
]
