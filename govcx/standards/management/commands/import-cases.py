"""`govcx import-cases FILE --organization ABBR [--status-changes FILE]`: cases, all or none.

The file name carries a hyphen because Django names a command after its module; the work is
done in `govcx.standards.services`.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govcx.standards.imports.commandline import (
    add_common_arguments,
    file_argument,
    format_of,
    organization_named,
    progress_bar,
    report,
)
from govcx.standards.imports.formats import DataFormat
from govcx.standards.services import case_records_import


class Command(BaseCommand):
    help = (
        "Import cases (emails, applications, tickets) from CSV (header external_id,service,"
        "channel,received_at,first_response_at,resolved_at,status,transaction_id), JSON Lines "
        "or a JSON array, whose records may carry status_changes. Every row is checked; on any "
        "error nothing is stored and every error is listed by line and column. Re-importing a "
        "file changes nothing. See docs/standards-import.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser, "cases")
        parser.add_argument(
            "--status-changes",
            type=file_argument,
            metavar="FILE",
            help="with a CSV cases file: a CSV file with the header external_id,status,"
            "changed_at, each case's rows on consecutive lines; for the cases it names, it "
            "replaces the stored status changes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = organization_named(options["organization"])
        path, status_path = options["file"], options["status_changes"]
        data_format = format_of(path, options["format"])
        if status_path is not None and data_format is not DataFormat.CSV:
            raise CommandError(
                "--status-changes goes with a CSV cases file; JSON records carry their "
                "status_changes inline."
            )
        total = path.stat().st_size + (status_path.stat().st_size if status_path else 0)
        with ExitStack() as stack:
            source = stack.enter_context(path.open("rb"))
            status_source = stack.enter_context(status_path.open("rb")) if status_path else None
            advance = stack.enter_context(progress_bar(self.stderr, total))
            outcome = case_records_import(
                organization=organization,
                source=source,
                data_format=data_format,
                source_name=path.name,
                status_changes=status_source,
                status_changes_name=status_path.name if status_path else "",
                on_progress=advance,
            )
        report(
            outcome, what="cases", organization=organization, stdout=self.stdout, stderr=self.stderr
        )
