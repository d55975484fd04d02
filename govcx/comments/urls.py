"""Staff pages about comments, mounted under /staff/ (names in the `comments` namespace)."""

from django.urls import include, path

app_name = "comments"

urlpatterns = [
    path("", include("govcx.comments.theme_urls")),
    path("", include("govcx.comments.root_cause_urls")),
    path("", include("govcx.comments.coding_urls")),
]
