"""`govcx check-standards [--as-of DATE]`: email alerts for standards below target.

Run it daily (after the record imports); each breach is emailed about once, however often it
runs. The rules are in `govcx.standards.alerts`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govcx.standards.alerts import standards_check

# Noon UTC falls on the same date in every US time zone, from Guam to American Samoa.
AS_OF_TIME = dt.time(12, 0, tzinfo=dt.UTC)


def as_of_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: “{value}” is not a date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Email each active standard's alert list when it has been below target for its number "
        "of consecutive complete months; once per breach."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=as_of_date,
            help="Judge as things stood at noon UTC on this date (YYYY-MM-DD); default: now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        day: dt.date | None = options["as_of"]
        as_of = now if day is None else dt.datetime.combine(day, AS_OF_TIME)
        outcome = standards_check(as_of=as_of, now=now)
        for alert in outcome.sent:
            self.stdout.write(
                f"Alerted {len(alert.recipients)} recipient(s): {alert.standard.public_wording}"
            )
        self.stdout.write(f"Sent {len(outcome.sent)} alert(s).")
        for standard, reason in outcome.failed:
            self.stderr.write(f"Could not send the alert for “{standard.public_wording}”: {reason}")
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} alert(s) could not be sent; run again.")
