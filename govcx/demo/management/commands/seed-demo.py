"""`govcx seed-demo`: the demo agencies, surveys, people and synthetic responses.

The file name carries a hyphen because Django names a command after its module; the work is
done in `govcx.demo.seed`, which is importable under an ordinary name.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govcx.demo.blueprint import SECOND_AGENCY_RESPONSES
from govcx.demo.seed import (
    DEFAULT_RESPONSES,
    DEFAULT_SEED,
    DemoExistsError,
    demo_comments_seed,
    demo_seed,
    sign_in_notice,
)
from govcx.insights.rollups import rollups_rebuild


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


class Command(BaseCommand):
    help = (
        "Create the demo agency (Department of Demonstration Services: two HISPs, five "
        "services, published A-11 surveys, three users) and a second, small agency, with "
        "synthetic responses over the last eight fiscal quarters. The demo user's password is "
        "DEMO_PASSWORD, or govcx-demo-2026."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--responses",
            type=_count,
            default=DEFAULT_RESPONSES,
            metavar="N",
            help=(
                f"responses for the demo agency (default {DEFAULT_RESPONSES:,}); the second "
                f"agency gets min(N, {SECOND_AGENCY_RESPONSES}) more, so the total is "
                f"N + min(N, {SECOND_AGENCY_RESPONSES}); customers of about a third of the "
                "answered email cases also answer the contact center's survey, linked to "
                "their case by transaction ID"
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"random seed; the same seed gives the same responses (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="if the demo agency already exists, create nothing and print how to sign in",
        )
        parser.add_argument(
            "--no-rollups",
            action="store_true",
            help="leave the insights rollups to `govcx rebuild-rollups` (benchmarks time it apart)",
        )
        parser.add_argument(
            "--no-comments",
            action="store_true",
            help=(
                "define no comment themes and leave the comments to `govcx analyse-comments` "
                "(benchmarks time it apart)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = demo_seed(
                responses=options["responses"],
                seed=options["seed"],
                if_empty=options["if_empty"],
                say=self._say,
            )
        except DemoExistsError as error:
            raise CommandError(str(error)) from None
        if outcome.created:
            self._say(
                f"Created the demo with {outcome.responses:,} responses in {outcome.seconds:.1f} s."
            )
            if not options["no_rollups"]:
                # The demo's responses are copied in bulk, past the log of count changes, so
                # the dashboards' rollups are counted afresh.
                rebuilt = rollups_rebuild()
                self._say(
                    f"Counted {rebuilt.responses_counted:,} responses into the insights rollups "
                    f"in {rebuilt.seconds:.1f} s."
                )
            if not options["no_comments"]:
                today = timezone.now().date()
                self._say(demo_comments_seed(outcome.organization, today=today))
        else:
            self._say("The demo agency already exists; nothing was created.")
        for line in sign_in_notice(outcome, settings.SITE_URL):
            self._say(line)

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
