from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from govcx.surveys.services import surveys_archive_expired


class Command(BaseCommand):
    help = "Archive every survey whose OMB (Paperwork Reduction Act) approval has expired."

    def handle(self, *args: Any, **options: Any) -> None:
        count = surveys_archive_expired(today=timezone.localdate())
        self.stdout.write(f"Archived {count} expired survey(s).")
