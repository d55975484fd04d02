"""`govcx send-collection-reminders [--today YYYY-MM-DD]`: remind preparers of due collections.

Run it daily. A collection still in draft or sent back for changes gets a reminder 14, 7 and
1 days before its due date and one when it is overdue, each once however often this runs. The
file name carries hyphens because Django names a command after its module; the rules are in
`govcx.reporting.notifications`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govcx.reporting.models import Collection
from govcx.reporting.notifications import collection_reminders_send


def day_given(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: “{value}” is not a date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Email the preparers of each quarterly collection still in draft or sent back for "
        "changes 14, 7 and 1 days before it is due and once when it is overdue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=day_given,
            help="Count the days to each due date from this date (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["today"] or timezone.localdate()
        failed: list[str] = []

        def report_failure(collection: Collection, reason: str) -> None:
            failed.append(str(collection))
            self.stderr.write(f"Could not send the reminder for {collection}: {reason}")

        sent = collection_reminders_send(today, on_failure=report_failure)
        for reminder in sent:
            self.stdout.write(
                f"Reminded {reminder.recipients} person(s) about {reminder.collection}."
            )
        self.stdout.write(f"Sent {len(sent)} reminder(s).")
        if failed:
            raise CommandError(f"{len(failed)} reminder(s) could not be sent; run again.")
