"""Telephone numbers in US and international formats, and the look-alikes that are not.

A number written as a phone number ((202) 555-0143, 202.555.0143, +1 202 555 0143) is a phone
whatever surrounds it, unless the writer names it as something else ("order number"). Shorter
or unformatted runs (5550143, 2025550143) need a phone word nearby; dollar amounts, dates,
times and ZIP+4 codes never take the phone shape because of the boundaries below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from govcx.lib.redaction.context import Context
from govcx.lib.redaction.model import Candidate

RANK_FORMATTED = 2
RANK_CUED = 3

# Not inside a word, an amount, a decimal, an email or another number; a colon only after a
# digit (a time), since "Tel:202-555-0143" is a phone number.
_BEFORE = r"(?<![\w$€£.,/@+‐‑–-])(?<!\d:)"
_AFTER = r"(?![\w@]|[.,/:-]\d|\s?%)"
_EXTENSION = r"(?:\s*,?\s*(?:ext(?:ension)?|extensi[oó]n|x)\.?\s*#?\s*\d{1,6}(?!\d))?"
_SEP = r"[ .\-‐‑–]"

NANP = re.compile(
    _BEFORE
    + r"(?:(?:\+\s?|00)?1"
    + _SEP
    + r"?)?(?:\(\d{3}\)\s?|\d{3}(?:"
    + _SEP
    + r"|/))\d{3}"
    + _SEP
    + r"?\d{4}"
    + _EXTENSION
    + _AFTER
)
# +1 followed by ten digits written together, and any other country code with spaced groups.
INTERNATIONAL = re.compile(
    r"(?<![\w+])\+\s?\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}" + _EXTENSION + _AFTER
)
# Seven-digit local numbers and Mexican-style 2-4-4 groups count only after a phone word.
LOCAL = re.compile(
    _BEFORE + r"(?:\d{3}[.-]\d{4}|\d{2}" + _SEP + r"\d{4}" + _SEP + r"\d{4})" + _EXTENSION + _AFTER
)


def detect_phones(text: str, context: Context) -> Iterator[Candidate]:
    for match in NANP.finditer(text):
        if context.cue_before(match.start(), window=20) != "OTHER":
            yield Candidate("PHONE", match.start(), match.end(), RANK_FORMATTED)
    for match in INTERNATIONAL.finditer(text):
        digits = sum(char.isdigit() for char in match.group(0))
        if 8 <= digits <= 15:
            yield Candidate("PHONE", match.start(), match.end(), RANK_FORMATTED)
    for match in LOCAL.finditer(text):
        if context.cue_before(match.start()) == "PHONE":
            yield Candidate("PHONE", match.start(), match.end(), RANK_CUED)
