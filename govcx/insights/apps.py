from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "govcx.insights"
    label = "insights"
    verbose_name = "Insights"
