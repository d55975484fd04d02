"""`govcx import-calls FILE --organization ABBR`: contact-center calls, all rows or none.

The file name carries a hyphen because Django names a command after its module; the work is
done in `govcx.standards.services`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govcx.standards.imports.commandline import (
    add_common_arguments,
    format_of,
    organization_named,
    progress_bar,
    report,
)
from govcx.standards.services import call_records_import


class Command(BaseCommand):
    help = (
        "Import calls offered to a contact center from CSV (header external_id,service,channel,"
        "offered_at,outcome,wait_seconds,handle_seconds,transaction_id), JSON Lines or a JSON "
        "array. Every row is checked; on any error nothing is stored and every error is listed "
        "by line and column. Re-importing a file changes nothing. See docs/standards-import.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser, "calls")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = organization_named(options["organization"])
        path = options["file"]
        data_format = format_of(path, options["format"])
        with path.open("rb") as source, progress_bar(self.stderr, path.stat().st_size) as advance:
            outcome = call_records_import(
                organization=organization,
                source=source,
                data_format=data_format,
                source_name=path.name,
                on_progress=advance,
            )
        report(
            outcome, what="calls", organization=organization, stdout=self.stdout, stderr=self.stderr
        )
