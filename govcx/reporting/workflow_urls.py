"""The workflow's POST addresses, under staff/collections/ in the "reporting" namespace."""

from django.urls import URLPattern, URLResolver, path

from govcx.reporting.workflow_views import collection_action

# (address segment, action name, URL name)
WORKFLOW_ADDRESSES = (
    ("submit", "submit", "collection_submit"),
    ("request-changes", "request_changes", "collection_request_changes"),
    ("rate", "rate", "collection_rate"),
    ("publish", "publish", "collection_publish"),
    ("not-reported", "not_reported", "collection_not_reported"),
    ("archive", "archive", "collection_archive"),
)

urlpatterns: list[URLPattern | URLResolver] = [
    path(f"<uuid:public_id>/{segment}/", collection_action, {"action": action}, name=name)
    for segment, action, name in WORKFLOW_ADDRESSES
]
