from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "govcx.responses"
    label = "responses"
    verbose_name = "Responses"
