from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "govcx.public"
    label = "public"
    verbose_name = "Public pages"
