"""The values the redactor hands back, and the built-in types of personal information.

A Finding points into the original text and exists only so the redactor can be measured; it
is never stored, because offsets plus the original would rebuild the value. A Placeholder
points into the redacted text and is what the responses app stores beside each answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

_TYPES = (
    "NAME",
    "EMAIL",
    "PHONE",
    "SSN",
    "TIN",
    "A_NUMBER",
    "PASSPORT",
    "CARD",
    "BANK_ACCOUNT",
    "ROUTING_NUMBER",
    "ADDRESS",
    "DOB",
)

# Type -> placeholder label. Read-only because every importer shares the one mapping.
PII_TYPES = MappingProxyType({name: f"[{name}]" for name in _TYPES})


def placeholder_for(kind: str) -> str:
    """The placeholder text of a built-in type or an agency label: "[PHONE]", "[CLAIM_NUMBER]"."""
    return f"[{kind}]"


class Finding(NamedTuple):
    """A span of personal information in the ORIGINAL text (end exclusive)."""

    type: str
    start: int
    end: int


class Placeholder(NamedTuple):
    """Where a placeholder sits in the REDACTED text (end exclusive)."""

    type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    findings: tuple[Finding, ...]
    placeholders: tuple[Placeholder, ...]

    @property
    def changed(self) -> bool:
        return bool(self.placeholders)

    def stored_positions(self) -> list[dict[str, int | str]]:
        """The placeholders as plain dicts, ready for a JSON column."""
        return [{"type": p.type, "start": p.start, "end": p.end} for p in self.placeholders]


class Candidate(NamedTuple):
    """A detector's proposal before overlaps are resolved.

    `rank` breaks ties between spans of equal length: lower is more specific (a checksum or an
    explicit label beats a shape that merely looks right).
    """

    type: str
    start: int
    end: int
    rank: int
