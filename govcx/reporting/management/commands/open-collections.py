"""`govcx open-collections [--quarter FY2026-Q1] [--organization ABBR]`: open quarterly collections.

Opens one A-11 collection per HISP service for the quarter (by default the latest one that has
ended), with its rows prefilled from the service's published A-11 surveys and recorded volumes.
Running it again opens nothing twice. The file name carries a hyphen because Django names a
command after its module; the work is done by `govcx.reporting.collections.collections_open`.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from govcx.lib.fiscal import FiscalQuarter, latest_complete_quarter
from govcx.registry.models import Organization
from govcx.reporting.collections import collections_open

QUARTER_KEY = re.compile(r"^FY(\d{4})-Q([1-4])$")


def quarter_given(value: str) -> FiscalQuarter:
    match = QUARTER_KEY.match(value.strip().upper())
    if match is None:
        raise CommandError(f"--quarter: “{value}” is not a fiscal quarter such as FY2026-Q1.")
    return FiscalQuarter(int(match.group(1)), int(match.group(2)))


def organization_given(abbreviation: str) -> Organization:
    organization = Organization.objects.filter(abbreviation__iexact=abbreviation).first()
    if organization is None:
        raise CommandError(f"--organization: no organization is abbreviated “{abbreviation}”.")
    return organization


class Command(BaseCommand):
    help = (
        "Open the A-11 quarterly collection of every HISP service for a fiscal quarter (default: "
        "the latest quarter that has ended), prefilled from its published A-11 surveys and "
        "recorded volumes. Collections already open are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--quarter", type=quarter_given, help="the fiscal quarter, such as FY2026-Q1"
        )
        parser.add_argument(
            "--organization",
            metavar="ABBR",
            help="only this organization's services (its abbreviation, such as AGA)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quarter: FiscalQuarter = options["quarter"] or latest_complete_quarter(timezone.localdate())
        organization = (
            organization_given(options["organization"]) if options["organization"] else None
        )
        opened = collections_open(quarter, organization)
        for collection in opened:
            rows = collection.details.count()
            self.stdout.write(
                f"Opened {collection.organization.abbreviation} · {collection.service.name} · "
                f"{quarter.label} with {rows} row{'s' if rows != 1 else ''}."
            )
        count = len(opened)
        self.stdout.write(
            f"{count} collection{'s' if count != 1 else ''} opened for {quarter.label}; "
            "collections already open were left as they were."
        )
