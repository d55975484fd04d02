from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "govcx.staff"
    label = "staff"
    verbose_name = "Staff pages"
