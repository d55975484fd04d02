"""`govcx rebuild-rollups`: count every rollup again from the responses themselves.

Needed after loading responses in bulk (which bypasses the log of count changes), after
restoring a backup, or whenever the rollups are in doubt. Dashboards keep showing the old
figures until the new ones are committed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from govcx.insights.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Rebuild the insights rollups from scratch from the counted responses."

    def handle(self, *args: Any, **options: Any) -> None:
        result = rollups_rebuild()
        self.stdout.write(
            f"Counted {result.responses_counted:,} responses into {result.day_rows:,} day rows "
            f"and {result.month_rows:,} month rows in {result.seconds:.1f} s."
        )
