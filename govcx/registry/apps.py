from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "govcx.registry"
    label = "registry"
    verbose_name = "Registry"
