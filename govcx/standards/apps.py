from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "govcx.standards"
    label = "standards"
    verbose_name = "Service standards"
