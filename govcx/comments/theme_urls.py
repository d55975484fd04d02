"""The taxonomy, theme discovery and the comments list (names in the `comments` namespace)."""

from django.urls import URLPattern, path

from govcx.comments import theme_views as views

urlpatterns: list[URLPattern] = [
    path("themes/", views.theme_list, name="themes"),
    path("themes/discover/", views.discover, name="discover"),
    path(
        "themes/discoveries/<uuid:discovery_uuid>/",
        views.discovery_detail,
        name="discovery_detail",
    ),
    path(
        "themes/discovered/<uuid:discovered_uuid>/adopt/",
        views.discovered_theme_adopt_view,
        name="discovered_theme_adopt",
    ),
    path("themes/<uuid:theme_uuid>/", views.theme_detail, name="theme_detail"),
    path("themes/<uuid:theme_uuid>/edit/", views.theme_edit, name="theme_edit"),
    path("themes/<uuid:theme_uuid>/merge/", views.theme_merge_view, name="theme_merge"),
    path("themes/<uuid:theme_uuid>/split/", views.theme_split_view, name="theme_split"),
    path(
        "themes/<uuid:theme_uuid>/deactivate/",
        views.theme_deactivate_view,
        name="theme_deactivate",
    ),
    path("comments/", views.comment_list, name="comment_list"),
    path("comments/<uuid:comment_uuid>/theme/", views.comment_theme, name="comment_theme"),
]
