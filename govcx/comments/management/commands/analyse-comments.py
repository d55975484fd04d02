"""`govcx analyse-comments [--watch SECONDS] [--batch-size N]`: analyse new comments.

Run it continuously beside the web server (`--watch 30`), or from a scheduler. Each batch of
responses is analysed in one transaction and the job's position moves with it, so it is safe
to stop at any moment and to run several at once: no answer is analysed twice. After the new
responses it assigns again the comments of every organization whose taxonomy changed.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govcx.comments.analysis import ANALYSE_BATCH_SIZE, AnalysisResult, comments_analyse


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise CommandError(f"--watch: “{value}” is not a number of seconds.") from None
    if seconds <= 0:
        raise CommandError("--watch: the pause between rounds must be more than 0 seconds.")
    return seconds


def _batch_size(value: str) -> int:
    try:
        size = int(value)
    except ValueError:
        raise CommandError(f"--batch-size: “{value}” is not a whole number.") from None
    if size < 1:
        raise CommandError("--batch-size: read at least 1 response per batch.")
    return size


def summary(result: AnalysisResult) -> str:
    return (
        f"Read {result.responses_read:,} response(s); stored {result.comments_created:,} "
        f"comment(s). Assigned themes again for {result.organizations_reassigned:,} "
        f"organization(s): {result.comments_reassigned:,} comment(s) changed."
    )


class Command(BaseCommand):
    help = "Analyse the comments of responses stored since the last run, and assign themes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--watch",
            type=_seconds,
            metavar="SECONDS",
            help="keep running, looking for new responses every SECONDS",
        )
        parser.add_argument(
            "--batch-size",
            type=_batch_size,
            default=ANALYSE_BATCH_SIZE,
            metavar="N",
            help=f"responses analysed per transaction (default {ANALYSE_BATCH_SIZE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pause: float | None = options["watch"]
        while True:
            result = comments_analyse(batch_size=options["batch_size"])
            if result.responses_read or result.organizations_reassigned or pause is None:
                self.stdout.write(summary(result))
                self.stdout.flush()
            if pause is None:
                return
            time.sleep(pause)
