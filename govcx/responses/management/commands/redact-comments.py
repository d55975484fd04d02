"""`govcx redact-comments [--organization ABBR] [--dry-run]`: redact stored comments again.

Run it after adding a redaction pattern, or after the redactor learned something new: every
stored free-text answer and every quarterly respondent's question_4 goes through the
redactor again with its organization's active patterns. Placeholders already there stay, so
running it twice changes nothing the second time; it works in batches, each in its own
transaction, so it can be stopped and run again at any moment.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from govcx.registry.models import Organization
from govcx.reporting.collections import respondents_redact_again
from govcx.responses.originals import originals_rotate
from govcx.responses.services import REDACT_AGAIN_BATCH, responses_redact_again


def _batch_size(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise CommandError(f"--batch-size: “{value}” is not a whole number of at least 1.")
    return int(value)


class Command(BaseCommand):
    help = "Redact stored comments again with each organization's current patterns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organization", metavar="ABBR", help="only this organization (its abbreviation)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would change; change nothing"
        )
        parser.add_argument(
            "--batch-size", type=_batch_size, default=REDACT_AGAIN_BATCH, metavar="N"
        )
        parser.add_argument(
            "--rotate-originals",
            action="store_true",
            help="then encrypt every kept original again with the first GOVCX_COMMENT_KEY key",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        for organization in _organizations(options["organization"]):
            self._redact(organization, dry_run=dry_run, batch_size=options["batch_size"])
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        elif options["rotate_originals"]:
            self._rotate()

    def _redact(self, organization: Organization, *, dry_run: bool, batch_size: int) -> None:
        counts = responses_redact_again(
            organization=organization, dry_run=dry_run, batch_size=batch_size
        )
        read, changed = respondents_redact_again(
            organization=organization, dry_run=dry_run, batch_size=batch_size
        )
        verb = "would change" if dry_run else "changed"
        self.stdout.write(
            f"{organization.abbreviation}: {counts.read:,} responses read, {verb} "
            f"{counts.changed:,} ({counts.answers:,} answers, {counts.originals_kept:,} "
            f"originals kept); {read:,} respondent comments read, {verb} {changed:,}."
        )

    def _rotate(self) -> None:
        try:
            rotated, unreadable = originals_rotate()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Originals encrypted with the newest key: {rotated:,}; "
            f"no configured key opens {unreadable:,}."
        )


def _organizations(abbreviation: str | None) -> list[Organization]:
    organizations = Organization.objects.order_by("abbreviation")
    if abbreviation is None:
        return list(organizations)
    chosen = list(organizations.filter(abbreviation=abbreviation))
    if not chosen:
        raise CommandError(f"--organization: there is no organization “{abbreviation}”.")
    return chosen
