"""Email addresses, including the spelled-out "name at example dot com" form."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govcx.lib.redaction.context import Context
from govcx.lib.redaction.model import Candidate

RANK_EMAIL = 1
_SPELLED_AT = frozenset({"at", "arroba"})

# Every repeat is bounded (an address part is at most 64 characters), so a long run of
# punctuation costs linear time, not quadratic.
EMAIL = re.compile(
    r"(?<![\w.+-])\w(?:[\w.+%-]{0,63}\w)?@(?:[\w-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![\w-])"
)
# People who fear spam write their address out; the domain must still end in a known form.
SPELLED_EMAIL = re.compile(
    r"(?<![\w.+-])\w[\w.+-]{0,63}\s?(?:\(at\)|\[at\]|\sat\s|\sarroba\s)\s?[\w-]{1,63}"
    r"\s?(?:\(dot\)|\[dot\]|\sdot\s|\spunto\s|\.)\s?(?:com|net|org|gov|edu|us|mil|mx|info|io)(?![\w])",
    re.IGNORECASE,
)


def detect_emails(text: str, context: Context) -> Iterator[Candidate]:
    if "@" in text:
        for match in EMAIL.finditer(text):
            yield Candidate("EMAIL", match.start(), match.end(), RANK_EMAIL)
    if any(token.key in _SPELLED_AT for token in context.tokens):
        for match in SPELLED_EMAIL.finditer(text):
            yield Candidate("EMAIL", match.start(), match.end(), RANK_EMAIL)
