"""What `govcx import-calls` and `govcx import-cases` share: options, progress, the report."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError, CommandParser, OutputWrapper
from tqdm import tqdm

from govcx.registry.models import Organization
from govcx.standards.imports.formats import DataFormat, format_from_name
from govcx.standards.imports.text import ProgressCallback
from govcx.standards.services import ImportFailure, ImportOutcome


def add_common_arguments(parser: CommandParser, what: str) -> None:
    parser.add_argument(
        "file", type=file_argument, help=f"the {what} file: CSV, JSON Lines or JSON"
    )
    parser.add_argument(
        "--organization",
        required=True,
        metavar="ABBR",
        help="the abbreviation of the organization the records belong to, e.g. AGA",
    )
    parser.add_argument(
        "--format",
        choices=[data_format.value for data_format in DataFormat],
        help="csv, jsonl (JSON Lines) or json (one array); by default from the file's "
        "extension: .csv, .jsonl or .ndjson, .json",
    )


def organization_named(abbreviation: str) -> Organization:
    organization = Organization.objects.filter(abbreviation=abbreviation).first()
    if organization is None:
        raise CommandError(f"No organization has the abbreviation {abbreviation!r}.")
    return organization


def format_of(path: Path, chosen: str | None) -> DataFormat:
    if chosen is not None:
        return DataFormat(chosen)
    found = format_from_name(path.name)
    if found is None:
        raise CommandError(
            f"Cannot tell the format of {path.name} from its extension; give --format."
        )
    return found


class _Unterminated:
    """Lets tqdm redraw its line: Django's wrapper would end each write with a newline."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


@contextmanager
def progress_bar(stderr: OutputWrapper, total_bytes: int) -> Iterator[ProgressCallback]:
    """A bar on standard error counting the bytes read, so a long import shows it is moving;
    yields the callback that advances it."""
    with tqdm(
        total=total_bytes,
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        file=_Unterminated(stderr),
        desc="Reading",
        dynamic_ncols=True,
    ) as bar:
        yield bar.update


def report(
    outcome: ImportOutcome,
    *,
    what: str,
    organization: Organization,
    stdout: OutputWrapper,
    stderr: OutputWrapper,
) -> None:
    """The summary on standard output, or the errors on standard error and a failing exit."""
    if isinstance(outcome, ImportFailure):
        for error in outcome.errors:
            stderr.write(str(error))
        hidden = outcome.error_count - len(outcome.errors)
        if hidden:
            stderr.write(f"… and {hidden:,} more.")
        noun = "error" if outcome.error_count == 1 else "errors"
        raise CommandError(f"Nothing was imported: {outcome.error_count:,} {noun}.")
    record = outcome.record_import
    stdout.write(
        f"Imported {record.rows:,} {what} from {record.source_name} into "
        f"{organization.abbreviation}: {record.created:,} created, {record.updated:,} updated, "
        f"{record.unchanged:,} unchanged."
    )
    if outcome.status_changes_added or outcome.status_changes_removed:
        stdout.write(
            f"Status changes: {outcome.status_changes_added:,} added, "
            f"{outcome.status_changes_removed:,} removed."
        )


def file_argument(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {value}")
    return path
