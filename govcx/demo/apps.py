from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "govcx.demo"
    label = "demo"
    verbose_name = "Demo data"
