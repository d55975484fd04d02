"""`govcx update-rollups [--watch SECONDS]`: count waiting response changes into the rollups.

Run it continuously beside the web server (`--watch 5`), or from a scheduler. It is safe to
run several at once and to stop at any moment: each batch of changes is counted and removed
in one transaction, so nothing is counted twice or lost.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govcx.insights.rollups import rollups_update


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise CommandError(f"--watch: “{value}” is not a number of seconds.") from None
    if seconds <= 0:
        raise CommandError("--watch: the pause between rounds must be more than 0 seconds.")
    return seconds


class Command(BaseCommand):
    help = "Count responses stored, marked as spam, flagged or deleted since the last run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--watch",
            type=_seconds,
            metavar="SECONDS",
            help="keep running, looking for new changes every SECONDS",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pause: float | None = options["watch"]
        while True:
            result = rollups_update()
            if result.changes_applied or pause is None:
                self.stdout.write(f"Counted {result.changes_applied:,} change(s).")
                self.stdout.flush()
            if pause is None:
                return
            time.sleep(pause)
