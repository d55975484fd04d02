"""Run every detector over a text, settle overlaps and write the placeholders in."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from govcx.lib.redaction.agency import AgencyPattern
from govcx.lib.redaction.context import Context
from govcx.lib.redaction.detectors import DETECTORS, NUMBER_DETECTORS
from govcx.lib.redaction.model import Candidate, Finding, Placeholder, Redaction, placeholder_for

LANGUAGES = frozenset({"en", "es"})
# Agency patterns are the most specific rule there is: the agency knows its own numbers.
AGENCY_RANK = 0
# A placeholder already in the text (an earlier pass, or an import that was redacted upstream)
# is left alone, which is what makes redaction idempotent.
EXISTING_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]*\]")


def languages_for(language: str | None) -> frozenset[str]:
    """The rule sets to run: the primary subtag when it is one we know, else all of them."""
    if not language:
        return LANGUAGES
    primary = language.replace("_", "-").split("-", 1)[0].strip().lower()
    return frozenset({primary}) if primary in LANGUAGES else LANGUAGES


def redact(
    text: str, *, language: str | None = None, patterns: Sequence[AgencyPattern] = ()
) -> Redaction:
    """Replace every finding in `text` by its typed placeholder.

    `language` ("en", "es", "es-US"; None when unknown) chooses the cue words and street forms
    to use; an unknown language uses all of them. `patterns` are the agency's own, checked by
    compile_agency_pattern. Text that is already redacted comes back unchanged.
    """
    context = Context(text, languages_for(language))
    candidates = list(_built_in_candidates(text, context))
    candidates.extend(_agency_candidates(text, patterns))
    chosen = resolve(candidates, blocked=_existing_placeholders(text))
    return _apply(text, chosen)


def _built_in_candidates(text: str, context: Context) -> Iterable[Candidate]:
    for detector in DETECTORS:
        yield from detector(text, context)
    if context.has_digits:
        for detector in NUMBER_DETECTORS:
            yield from detector(text, context)


def _agency_candidates(text: str, patterns: Sequence[AgencyPattern]) -> Iterable[Candidate]:
    for agency in patterns:
        for match in agency.pattern.finditer(text):
            if match.end() > match.start():
                yield Candidate(agency.label, match.start(), match.end(), AGENCY_RANK)


def _existing_placeholders(text: str) -> list[tuple[int, int]]:
    if "[" not in text:
        return []
    return [(m.start(), m.end()) for m in EXISTING_PLACEHOLDER.finditer(text)]


def resolve(
    candidates: Iterable[Candidate], blocked: Sequence[tuple[int, int]] = ()
) -> list[Candidate]:
    """Keep non-overlapping candidates: longest first, then the most specific, then leftmost.

    The order is total, so the same text always gives the same result whatever order the
    detectors ran in.
    """
    ordered = sorted(candidates, key=lambda c: (c.start - c.end, c.rank, c.start, c.type))
    taken = _Intervals(blocked)
    chosen = [c for c in ordered if taken.claim(c.start, c.end)]
    chosen.sort(key=lambda c: c.start)
    return chosen


class _Intervals:
    """Disjoint [start, end) intervals kept sorted, so each claim costs a binary search."""

    def __init__(self, initial: Sequence[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(initial):
            self.starts.append(start)
            self.ends.append(end)

    def claim(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end)
        if index > 0 and self.ends[index - 1] > start:
            return False
        self.starts.insert(index, start)
        self.ends.insert(index, end)
        return True


def _apply(text: str, chosen: Sequence[Candidate]) -> Redaction:
    parts: list[str] = []
    placeholders: list[Placeholder] = []
    cursor = 0
    length = 0
    for candidate in chosen:
        parts.append(text[cursor : candidate.start])
        length += candidate.start - cursor
        label = placeholder_for(candidate.type)
        placeholders.append(Placeholder(candidate.type, length, length + len(label)))
        parts.append(label)
        length += len(label)
        cursor = candidate.end
    parts.append(text[cursor:])
    findings = tuple(Finding(c.type, c.start, c.end) for c in chosen)
    return Redaction("".join(parts), findings, tuple(placeholders))
