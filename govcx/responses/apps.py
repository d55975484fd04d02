from django.apps import AppConfig


class ResponsesConfig(AppConfig):
    name = "govcx.responses"
    label = "responses"
    verbose_name = "Responses"

    def ready(self) -> None:
        # Registers the system check that warns when originals would be kept without a key.
        from govcx.responses import originals  # noqa: F401
