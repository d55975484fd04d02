from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govcx.api"
    label = "api"
    verbose_name = "API"
