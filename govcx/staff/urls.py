from django.urls import path

from govcx.staff import (
    api_keys,
    audit_log,
    embed,
    original_comments,
    redaction_patterns,
    triage,
    views,
    volumes,
)

app_name = "staff"
urlpatterns = [
    path("", views.home, name="home"),
    path("services/", views.service_list, name="services"),
    path(
        "services/<uuid:public_id>/volumes/",
        volumes.service_volumes_page,
        name="service_volumes",
    ),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/", views.survey_new, name="survey_new"),
    path("surveys/<uuid:public_id>/", views.survey_detail, name="survey_detail"),
    path("surveys/<uuid:public_id>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<uuid:public_id>/embed/", embed.survey_embed, name="survey_embed"),
    path("surveys/<uuid:public_id>/<slug:action>/", views.survey_action, name="survey_action"),
    path("responses/", views.response_list, name="responses"),
    path("responses/export.csv", views.response_export, name="responses_export"),
    path("responses/<uuid:response_id>/spam/", triage.response_spam, name="response_spam"),
    path("responses/<uuid:response_id>/flag/", triage.response_flag, name="response_flag"),
    path(
        "responses/<uuid:response_id>/delete/",
        triage.response_delete_view,
        name="response_delete",
    ),
    path(
        "responses/<uuid:response_id>/original/",
        original_comments.response_original,
        name="response_original",
    ),
    path("audit-log/", audit_log.audit_log, name="audit_log"),
    path(
        "redaction-patterns/",
        redaction_patterns.redaction_pattern_list,
        name="redaction_patterns",
    ),
    path(
        "redaction-patterns/<uuid:public_id>/active/",
        redaction_patterns.redaction_pattern_active,
        name="redaction_pattern_active",
    ),
    path("api-keys/", api_keys.api_key_list, name="api_keys"),
    path("api-keys/<uuid:public_id>/revoke/", api_keys.api_key_revoke_view, name="api_key_revoke"),
]
