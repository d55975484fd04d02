"""Personal information taken out of a response's free-text answers before they are stored.

Free text is what a person types freely: short and long text answers, and the write-in of an
"other" choice. Email and phone questions are not free text: they hold exactly the contact
detail the agency asked for, on purpose, and a placeholder would make the question pointless.
Hidden fields are set by the agency's own page or system (a case number to join on), not typed
by the respondent. See docs/decisions/0016-comments-redacted-before-storage.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from govcx.lib.redaction import AgencyPattern, Redaction, redact
from govcx.surveys.structure import TEXT_TYPES, SurveyStructure, other_text_key
from govcx.surveys.validation import Answer

# Where each placeholder sits in one stored answer: [{"type": "PHONE", "start": 3, "end": 10}].
Positions = list[dict[str, int | str]]


def free_text_keys(structure: SurveyStructure) -> frozenset[str]:
    """The answer keys that hold free text in a survey version."""
    keys: set[str] = set()
    for question in structure.questions():
        if question.type in TEXT_TYPES:
            keys.add(question.key)
        # Every question's write-in key, as the spam check reads them: validation decides
        # which exist, and redacting a key that never holds text costs nothing.
        keys.add(other_text_key(question.key))
    return frozenset(keys)


@dataclass(frozen=True)
class RedactedAnswers:
    """Answers as they are stored, where placeholders sit, and what they replaced.

    `originals` holds the text of the changed answers as written; it exists only to be
    encrypted when the organization keeps originals, and is never stored or logged as it is.
    """

    answers: dict[str, Answer]
    redactions: dict[str, Positions] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict, repr=False)


def answers_redact(
    *,
    structure: SurveyStructure,
    answers: Mapping[str, Answer],
    language: str | None,
    patterns: Sequence[AgencyPattern],
) -> RedactedAnswers:
    """Every free-text answer with personal information replaced by typed placeholders."""
    keys = free_text_keys(structure)
    stored: dict[str, Answer] = dict(answers)
    redactions: dict[str, Positions] = {}
    originals: dict[str, str] = {}
    for key, value in answers.items():
        if key not in keys or not isinstance(value, str) or not value:
            continue
        result = redact(value, language=language, patterns=patterns)
        if result.changed:
            stored[key] = result.text
            redactions[key] = result.stored_positions()
            originals[key] = value
    return RedactedAnswers(stored, redactions, originals)


def positions_after(earlier: Positions, redaction: Redaction) -> Positions:
    """The placeholders of a text redacted again: earlier ones moved, new ones added.

    The redactor leaves placeholders already in a text alone, so each new finding lies
    wholly before or after every earlier placeholder, and shifts those after it by the
    difference between its placeholder's length and its own.
    """
    moved: Positions = []
    for position in earlier:
        start, end = int(position["start"]), int(position["end"])
        shift = sum(
            len(f"[{finding.type}]") - (finding.end - finding.start)
            for finding in redaction.findings
            if finding.end <= start
        )
        moved.append({"type": position["type"], "start": start + shift, "end": end + shift})
    moved.extend(redaction.stored_positions())
    return sorted(moved, key=lambda position: int(position["start"]))


def page_url_redact(url: str, *, language: str | None, patterns: Sequence[AgencyPattern]) -> str:
    """The page address with personal information taken out of its query and fragment.

    Sign-up and search pages carry what people typed in the address (`?email=…&phone=…`), and
    the survey records the page it was shown on. The path is kept as it is: insights groups by
    it, and a path is the agency's own page, not something the respondent typed.
    """
    parts = urlsplit(url)
    query = _address_part_redact(parts.query, language=language, patterns=patterns)
    fragment = _address_part_redact(parts.fragment, language=language, patterns=patterns)
    if (query, fragment) == (parts.query, parts.fragment):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def _address_part_redact(
    part: str, *, language: str | None, patterns: Sequence[AgencyPattern]
) -> str:
    if not part:
        return part
    # Each value on its own, decoded, so "a%40b.gov" is seen as the address it is and a
    # parameter's name never joins its value into one longer "number".
    pieces = []
    changed = False
    for piece in part.split("&"):
        name, equals, value = piece.partition("=")
        text = unquote_plus(value if equals else name)
        result = redact(text, language=language, patterns=patterns)
        if not result.changed:
            pieces.append(piece)
            continue
        changed = True
        redacted = quote(result.text, safe="[]")
        pieces.append(f"{name}={redacted}" if equals else redacted)
    return "&".join(pieces) if changed else part
